"""Reading what people type into cells: numbers with decoration, notes, month headers, A1 refs.

Vectorised over a column where it matters (values); scalar where there are only a few (headers).
The tokens that mean "no number, and here is why" live in knowledge/value_tokens.csv.
"""

from __future__ import annotations

import re
from datetime import date, datetime
import numpy as np
import pandas as pd

from core.knowledge import value_tokens

# "25.4% (Provisional)", "15% (14% Oct)", "1,234", "-3.5", "22.0", "12.5 %"
_NUMBER_TEXT = re.compile(
    r"^\s*(?P<num>[+-]?(?:\d[\d,]*\.?\d*|\.\d+))\s*(?P<pct>%?)\s*(?:\((?P<paren>[^)]*)\))?\s*(?P<rest>.*?)\s*$"
)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def a1(row: int, col: int) -> str:
    """Zero-based row and column to an A1 reference."""
    return f"{column_letter(col)}{row + 1}"


def a1_column(rows: pd.Series | np.ndarray, col: int) -> pd.Series:
    """A1 references for many rows of one column, vectorised."""
    letter = column_letter(col)
    return letter + (pd.Series(rows).astype("int64") + 1).astype(str)


def normalise_header(text: object) -> str:
    """Fold a header to compare it with synonyms: 'Good + SN' -> 'good + sn', 'England Av.' -> 'england av'."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    folded = str(text).strip().lower().replace("&", " and ").replace("\u00a0", " ")
    folded = re.sub(r"[^\w+%/ ]", " ", folded)  # keep + (Good+ SN), % and / (n/a)
    return re.sub(r"\s+", " ", folded).strip()


def is_blank(raw: pd.Series) -> pd.Series:
    """True where a cell holds nothing (NaN, None, or only whitespace)."""
    text = raw.astype("string").str.strip()
    return raw.isna() | text.eq("").fillna(True)


def parse_values(raw: pd.Series) -> pd.DataFrame:
    """Turn raw cells into value / missing_reason / note / problem, one row per cell.

    - numbers pass through; booleans and dates are problems (a date is not a number);
    - '12.5%', '25.4% (Provisional)', '15% (14% Oct)' give the number and keep the rest as a note;
    - tokens from value_tokens.csv ('NA', '-', 'tbc', 'Data published ...', 'c') give a
      missing reason and keep the text as the note: never zero;
    - anything else is a problem, described for the validation report.
    """
    n = len(raw)
    value = np.full(n, np.nan)
    reason = pd.Series(pd.NA, index=raw.index, dtype="string")
    note = pd.Series(pd.NA, index=raw.index, dtype="string")
    problem = pd.Series(pd.NA, index=raw.index, dtype="string")

    obj = raw.astype(object)
    is_bool = obj.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(dtype=bool)
    numeric = pd.to_numeric(obj.where(~is_bool), errors="coerce").to_numpy(dtype="float64")
    is_real_number = obj.map(lambda v: isinstance(v, (int, float, np.integer, np.floating))).to_numpy(dtype=bool)
    is_number = is_real_number & ~is_bool & ~np.isnan(numeric)
    value[is_number] = numeric[is_number]

    is_date = obj.map(lambda v: isinstance(v, (datetime, date, pd.Timestamp))).to_numpy(dtype=bool)
    problem[is_date] = "is a date, not a number"
    problem[is_bool] = "is TRUE/FALSE, not a number"

    blank = is_blank(raw).to_numpy(dtype=bool) & ~is_number
    reason[blank] = "blank"

    is_text = ~(is_number | is_date | is_bool | blank)
    if is_text.any():
        text = obj[is_text].astype(str).str.strip()
        parsed = text.str.extract(_NUMBER_TEXT)
        num_ok = parsed["num"].notna()
        number = pd.to_numeric(parsed["num"].str.replace(",", "", regex=False), errors="coerce")
        extra = (parsed["paren"].fillna("") + " " + parsed["rest"].fillna("")).str.strip()
        good_number = num_ok & number.notna() & ~text.str.fullmatch(r"[+-]", na=False)
        # A leading number followed by words that are not a bracketed note ("12 children") still reads,
        # but a number buried in words ("about 12") does not: it must start the cell.
        text_index = text.index
        value_text = number.where(good_number)
        value[np.flatnonzero(is_text)[good_number.to_numpy()]] = value_text[good_number].to_numpy()
        note.loc[text_index[good_number]] = extra[good_number].replace("", pd.NA)

        rest = text[~good_number]
        token_reason = _match_tokens(rest.str.lower())
        known = token_reason.notna()
        reason.loc[rest.index[known]] = token_reason[known]
        note.loc[rest.index[known]] = rest[known]
        unknown = rest[~known]
        problem.loc[unknown.index] = "'" + unknown.str.slice(0, 60) + "' is not a number"
        note.loc[unknown.index] = unknown

    return pd.DataFrame(
        {"value": value, "missing_reason": reason, "note": note, "problem": problem}, index=raw.index
    )


def _match_tokens(lowered: pd.Series) -> pd.Series:
    result = pd.Series(pd.NA, index=lowered.index, dtype="string")
    for pattern, meaning in value_tokens():
        hit = result.isna() & lowered.str.contains(pattern, regex=True, na=False)
        result[hit] = meaning
    return result


_MONTHS = {
    name: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_MONTH_WORD = r"(?P<mon>[a-z]+)\.?"
_MONTH_PATTERNS = [
    re.compile(rf"^{_MONTH_WORD}[\s\-/']*(?P<year>\d{{2}}|\d{{4}})$"),  # Oct 22, Oct-22, October 2022
    re.compile(r"^(?P<year>\d{4})[\-/](?P<num>\d{1,2})(?:[\-/]\d{1,2})?$"),  # 2022-10, 2022-10-31
    re.compile(r"^(?P<num>\d{1,2})[\-/](?P<year>\d{4})$"),  # 10/2022
    re.compile(r"^\d{1,2}[\-/](?P<num>\d{1,2})[\-/](?P<year>\d{4})$"),  # 31/10/2022
]
# Financial-year quarters as councils write them: "Q2 22/23", "Q2 2022/23", "Q2 2022-23".
_QUARTER = re.compile(r"^q(?P<q>[1-4])\s*(?:fy\s*)?(?P<y1>\d{2}|\d{4})\s*[/\-]\s*(?P<y2>\d{2,4})$")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def parse_month(raw: object) -> pd.Period | None:
    """A month header in any of the forms BI teams use, or None when it is not a month."""
    if raw is None or (isinstance(raw, float) and raw != raw):
        return None
    if isinstance(raw, (datetime, date, pd.Timestamp)):
        return pd.Period(year=raw.year, month=raw.month, freq="M")
    if not isinstance(raw, str):
        return None
    text = re.sub(r"\s+", " ", raw.strip().lower())
    quarter = _QUARTER.match(text)
    if quarter:
        start_year = _year(quarter["y1"])
        q = int(quarter["q"])
        # Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec (all in the first year), Q4 Jan-Mar (the second).
        end_month = {1: 6, 2: 9, 3: 12, 4: 3}[q]
        return pd.Period(year=start_year + (1 if q == 4 else 0), month=end_month, freq="M")
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        month = _MONTHS.get(parts["mon"]) if "mon" in parts else int(parts["num"])
        if month and 1 <= month <= 12:
            year = _year(parts["year"])
            if 1990 <= year <= 2100:
                return pd.Period(year=year, month=month, freq="M")
    return None


def parse_date(raw: object) -> date | None:
    """A date cell or text (About sheet), or None."""
    if raw is None or (isinstance(raw, float) and raw != raw) or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    stamp = pd.to_datetime(str(raw).strip(), dayfirst=True, errors="coerce")
    if stamp is pd.NaT or pd.isna(stamp):
        month = parse_month(raw)
        return month.end_time.date() if month is not None else None
    return stamp.date()
