"""Reading what people type into cells: numbers with decoration, notes, month headers, A1 refs.

Vectorised over a column where it matters (values); scalar where there are only a few (headers).
The tokens that mean "no number, and here is why" live in knowledge/value_tokens.csv.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.knowledge import value_tokens
from core.knowledge.value_synonyms import canonical_value

# "25.4% (Provisional)", "15% (14% Oct)", "1,234", "1 234", "-3.5", "22.0", "12.5 %", "45 days", "56.7%*".
# Thousands come in groups of three (a comma or a space between): '64,5' is a decimal comma, not 645, and is
# reported. Words may follow the figure after a space ('45 days'), never digits or signs: '29/50', '3 of 4',
# '01/03/2023', '12-15' and '4O7' are not a figure with a note, and are reported.
_NUMBER_TEXT = re.compile(
    r"^\s*(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:\.\d+)?|\d+\.?\d*|\.\d+))"
    r"(?:\s*(?P<pct>%))?(?:\s*\((?P<paren>[^)]*)\))?"
    r"(?:(?P<gap>\s*(?:[-\u2013\u2014:]\s*)?)(?P<rest>[^\W\d_].*?))?\s*(?P<mark>[*\u2020\u2021\u25b2\u25bc\u25ba\u2191\u2193\u2192]*)\s*$"
)
_GROUP_SPACE = re.compile(r"[ \u00a0\u202f,]")


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


def a1_column(rows: np.ndarray, cols: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A1 references of many cells at once, as the observation table's string dtype.

    Joined by Arrow from a letter per column and a number per row: spelling 300,000 references in
    Python costs more than reading the workbook.
    """
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    if not len(rows):
        return pd.array([], dtype="string")
    first_row = int(rows.min())
    letters = pa.array([column_letter(c) for c in range(int(cols.max()) + 1)])
    numbers = pc.cast(pa.array(np.arange(first_row + 1, int(rows.max()) + 2)), pa.string())
    joined = pc.binary_join_element_wise(letters.take(pa.array(cols)), numbers.take(pa.array(rows - first_row)), "")
    return pd.array(joined, dtype="string")


def strings_by_code(distinct: np.ndarray | list, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """distinct[codes] as the observation table's string dtype, without making a Python string per row
    (an indicator id repeated on each of 300,000 cells is one dictionary entry)."""
    if not len(codes):
        return pd.array([], dtype="string")
    # `distinct` may itself repeat (a locality sheet's rows repeat each indicator's id): fold it first
    folded, uniques = pd.factorize(np.asarray(distinct, dtype=object))
    folded = np.where(folded < 0, len(uniques), folded)  # a missing entry points at the trailing null
    dictionary = pa.array([*(str(v) for v in uniques), None], type=pa.string())
    indices = pa.array(folded[np.asarray(codes)].astype(np.int32))
    return pd.array(pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.string()), dtype="string")


def per_distinct(raw: pd.Series | np.ndarray, work: Callable[[object], object], absent: object = None) -> np.ndarray:
    """work(cell) for each cell, called once per distinct cell (an object array, one result a cell): a column
    repeats a few texts, names or months over thousands of rows, and plain Python per distinct value beats a
    dozen vectorised string passes. An empty cell (None, NA, NaN) gives `absent`."""
    values = raw.to_numpy(dtype=object, na_value=None) if isinstance(raw, pd.Series) else np.asarray(raw, dtype=object)
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    done = np.empty(len(distinct), dtype=object)
    for at, value in enumerate(distinct):  # element by element: a result may be a tuple
        done[at] = absent if value is None or value is pd.NA or value != value else work(value)
    return done[codes]


_KEEP = object()


def stripped_text(raw: pd.Series, blank: str | None | object = _KEEP) -> pd.Series:
    """raw.astype("string").str.strip(), stripping each distinct cell once: a column of ids or localities
    repeats a few hundred texts over tens of thousands of rows. `blank`, when given, stands for an empty
    or all-space cell (None: missing)."""
    codes, distinct = pd.factorize(raw.to_numpy(dtype=object))
    texts = [str(value).strip() for value in distinct]
    if blank is not _KEEP:
        texts = [text or blank for text in texts]
    empty = None if blank is _KEEP else blank
    return pd.Series(strings_by_code([*texts, empty], np.where(codes < 0, len(distinct), codes)), index=raw.index)


class CellRefs:
    """A1 references for the rows of one column, spelled out only for the rows asked for.

    Findings need a handful of references; only the value column needs one for every row.
    """

    def __init__(self, rows: np.ndarray, col: int) -> None:
        self.rows = np.asarray(rows, dtype="int64")
        self.col = col
        self.letter = column_letter(col)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, positions: int | np.ndarray) -> str | np.ndarray:
        if isinstance(positions, (int, np.integer)):
            return f"{self.letter}{self.rows[positions] + 1}"
        return np.array([f"{self.letter}{row + 1}" for row in self.rows[positions]], dtype=object)

    def subset(self, positions: np.ndarray) -> CellRefs:
        """The references of some rows only, still spelled out lazily."""
        return CellRefs(self.rows[positions], self.col)

    def all(self) -> np.ndarray:
        return np.char.add(self.letter, (self.rows + 1).astype(str)).astype(object)




def is_blank(raw: pd.Series) -> pd.Series:
    """True where a cell holds nothing (NaN, None, or only whitespace)."""
    text = raw.astype("string").str.strip()
    return raw.isna() | text.eq("").fillna(True)


# Cell kinds by Python type: one dictionary lookup a cell is far cheaper than isinstance chains.
_NUMBER, _TEXT, _EMPTY, _BOOL, _DATE, _OTHER = range(6)
_KIND_OF_TYPE: dict[type, int] = {
    float: _NUMBER, int: _NUMBER, np.float64: _NUMBER, np.int64: _NUMBER, str: _TEXT, type(None): _EMPTY,
    bool: _BOOL, np.bool_: _BOOL, datetime: _DATE, date: _DATE, pd.Timestamp: _DATE, type(pd.NA): _EMPTY,
    type(pd.NaT): _EMPTY,
}


KIND_NUMBER, KIND_TEXT, KIND_EMPTY, KIND_BOOL = _NUMBER, _TEXT, _EMPTY, _BOOL


def cell_kinds(cells: np.ndarray) -> np.ndarray:
    return np.fromiter((_KIND_OF_TYPE.get(type(v), _OTHER) for v in cells), dtype=np.int8, count=len(cells))


def sheet_cell_kinds(frame: pd.DataFrame) -> np.ndarray:
    """The kind of every cell of a raw sheet (2-D int8): the one pass over the cells' Python types that
    the header search, the row classification and parse_values share. read_sheets leaves it in
    frame.attrs["cell_kinds"]; a frame from elsewhere (or reshaped since) is classified here."""
    kinds = frame.attrs.get("cell_kinds")
    if isinstance(kinds, np.ndarray) and kinds.shape == frame.shape:
        return kinds
    return cell_kinds(frame.to_numpy(dtype=object).ravel()).reshape(frame.shape)


def parse_values(raw: pd.Series, kinds: np.ndarray | None = None) -> pd.DataFrame:
    """Turn raw cells into value / missing_reason / note / problem, one row per cell.

    `kinds`: cell_kinds of the cells when the caller has them already.

    - numbers pass through; booleans and dates are problems (a date is not a number);
    - '12.5%', '25.4% (Provisional)', '15% (14% Oct)' give the number and keep the rest as a note;
    - tokens from value_tokens.csv ('NA', '-', 'tbc', 'Data published ...', 'c') give a
      missing reason and keep the text as the note: never zero;
    - anything else is a problem, described for the validation report.
    """
    n = len(raw)
    index = raw.index
    reason = np.full(n, None, dtype=object)
    note = np.full(n, None, dtype=object)
    problem = np.full(n, None, dtype=object)
    cells = raw.to_numpy(dtype=object)
    only_numbers = (np.isin(kinds, (_NUMBER, _EMPTY)).all() if kinds is not None
                    else pd.api.types.infer_dtype(cells, skipna=True) in _ALL_NUMBERS)
    if raw.dtype.kind in "fiu" or only_numbers:
        value = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64", na_value=np.nan, copy=True)
        reason[np.isnan(value)] = "blank"  # a clean numeric column: nothing else to interpret
        return _parsed(index, value, reason, note, problem)

    kinds = cell_kinds(cells) if kinds is None else kinds.copy()
    value = np.full(n, np.nan)
    is_number = kinds == _NUMBER
    if is_number.any():
        value[is_number] = cells[is_number].astype("float64")
        nan_number = is_number & np.isnan(value)
        kinds[nan_number] = _EMPTY  # NaN read from an empty cell
    for kind, said in _PROBLEM_OF_KIND.items():
        problem[kinds == kind] = said

    text_at = np.flatnonzero(kinds == _TEXT)
    if len(text_at):
        # A column repeats a few texts ('NA', '12.5%') many times: interpret each distinct one once.
        codes, distinct = pd.factorize(cells[text_at])
        meaning = _interpret_texts(pd.Series(distinct, dtype=object))
        value[text_at] = meaning["value"].to_numpy()[codes]
        for target, column in ((reason, "missing_reason"), (note, "note"), (problem, "problem")):
            target[text_at] = meaning[column].to_numpy(dtype=object)[codes]
        kinds[text_at[meaning["empty"].to_numpy()[codes]]] = _EMPTY
    reason[kinds == _EMPTY] = "blank"
    return _parsed(index, value, reason, note, problem)


_ALL_NUMBERS = {"floating", "integer", "mixed-integer-float", "empty"}
_PROBLEM_OF_KIND = {_DATE: "is a date, not a number", _BOOL: "is TRUE/FALSE, not a number", _OTHER: "is not a number"}


def parse_value(raw: object) -> tuple[float, str | None, str | None, str | None]:
    """parse_values for one cell: (value, missing_reason, note, problem). For the few distinct cells of a
    detail column, where a vectorised parse costs more in set-up than the cells take."""
    kind = _KIND_OF_TYPE.get(type(raw), _OTHER)
    if kind == _NUMBER and raw == raw:
        return float(raw), None, None, None
    if kind == _TEXT:
        value, reason, note, problem, empty = _interpret_text(raw)
        return (np.nan, "blank", None, None) if empty else (value, reason, note, problem)
    if kind in _PROBLEM_OF_KIND:
        return np.nan, None, None, _PROBLEM_OF_KIND[kind]
    return np.nan, "blank", None, None


def _parsed(index: pd.Index, value: np.ndarray, reason: np.ndarray, note: np.ndarray,
            problem: np.ndarray) -> pd.DataFrame:
    # Text columns stay object (None for nothing): the observation table converts them once, at the end.
    # Each column keeps its own dtype from the start: boxing every figure as an object costs more than the parse.
    # copy=False: the arrays are new here, so each becomes its column as it is, with no copy into one block;
    # dtype=object says so explicitly, or pandas would turn each text column into strings, cell by cell.
    return pd.DataFrame({"value": pd.Series(value, index=index, dtype="float64", copy=False),
                         **{name: pd.Series(column, index=index, dtype=object, copy=False) for name, column in
                            (("missing_reason", reason), ("note", note), ("problem", problem))}}, copy=False)


def _interpret_texts(texts: pd.Series) -> pd.DataFrame:
    """What each distinct text cell means: a number with a note, a reason for no number, or a problem.

    Called on the distinct texts of a column (usually a handful), so plain Python per text is the
    cheap way here: a pandas string pipeline costs more in set-up than the few texts take.
    """
    return pd.DataFrame([_interpret_text(str(text)) for text in texts],
                        columns=["value", "missing_reason", "note", "problem", "empty"])


# '1e309', '2.5E-320': a number in scientific notation is read whole, never as '1' with a note 'e309'
_SCIENTIFIC = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$")
_BRACKETED_NEGATIVE = re.compile(r"^\(\s*(?P<num>\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)\s*\)$")
SMALLEST_FIGURE = 1e-300  # below this a float has lost its precision (subnormal): nobody published it


def _interpret_text(text: str) -> tuple[float, str | None, str | None, str | None, bool]:
    stripped = text.strip()
    if not stripped:
        return np.nan, None, None, None, True
    if _SCIENTIFIC.match(stripped):
        number = float(stripped)
        mantissa = float(re.split("[eE]", stripped)[0])
        if np.isfinite(number) and (abs(number) >= SMALLEST_FIGURE or mantissa == 0):
            return number, None, None, None, False
        return np.nan, None, None, f"'{stripped[:60]}' is beyond the range of numbers a scorecard can hold", False
    bracketed = _BRACKETED_NEGATIVE.match(stripped)
    if bracketed:  # the accountant's minus sign: '(3)' is -3, as Excel shows a negative in that format
        return -float(bracketed["num"].replace(",", "")), None, None, None, False
    match = _NUMBER_TEXT.match(stripped)
    # words straight after a digit ('4O7', '12abc') are a typo, not a note: only a space, '%' or ')' may part them;
    # and words with figures in them are a unit ('57.6 per 10,000') or not a note at all ('3 of 4')
    if match and _is_figure_with_note(match):
        extra = " ".join(part for part in (match["paren"], match["rest"], match["mark"]) if part)
        return float(_GROUP_SPACE.sub("", match["num"])), None, extra or None, None, False
    reason = _token_reason(stripped.lower())
    if reason is not None:
        return np.nan, reason, stripped, None, False
    hint = next((hint for pattern, hint in _NOT_A_NUMBER_HINTS if pattern.match(stripped)), "")
    return np.nan, None, stripped, f"'{stripped[:60]}' is not a number{hint}", False


# What a manager most often meant by a figure the reader refuses, said with the refusal.
_NOT_A_NUMBER_HINTS = (
    (re.compile(r"^[+-]?\d+,\d{1,2}\s*%?$"), " (a decimal comma? write it with a point, e.g. 64.5)"),
    (re.compile(r"^\d+\s*(?:/|of|out of)\s*\d+$", re.IGNORECASE),
     " (one figure is needed: the percentage, or the numerator and denominator in columns of their own)"),
)


def _is_figure_with_note(match: re.Match[str]) -> bool:
    """Whether the words after a figure are a note on it. Words straight after a digit ('4O7') are a typo: only a
    space, '%' or ')' may part them. Words with more figures in them ('3 of 4', 'see note 2') are no note, unless
    the figures are a unit ('57.6 per 10,000') or in brackets after the words ('45 days (Q3)')."""
    rest = match["rest"]
    if not rest:
        return True
    if not match["gap"] and not match["pct"] and match["paren"] is None:
        return False
    unbracketed = _BRACKETED.sub("", rest).strip()
    return not _DIGIT.search(unbracketed) or canonical_value("unit", unbracketed) is not None


_BRACKETED, _DIGIT = re.compile(r"\([^)]*\)"), re.compile(r"\d")


def _token_reason(lowered: str) -> str | None:
    for pattern, meaning in _compiled_tokens():
        if pattern.search(lowered):
            return meaning
    return None


@cache
def _compiled_tokens() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), meaning) for pattern, meaning in value_tokens())


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
MONTH_WORDS = frozenset(_MONTHS)  # 'oct', 'october', ...: a word that names a month, not what a column holds
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
    if raw is None or raw is pd.NaT or (isinstance(raw, float) and raw != raw):  # NaT is a datetime too
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
    if raw is None or raw is pd.NaT or (isinstance(raw, float) and raw != raw) or (
            isinstance(raw, str) and not raw.strip()):
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
