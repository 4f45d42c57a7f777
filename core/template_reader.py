"""Reading a workbook in the template layout (see core/template.py for the contract).

Indicators and commentary are a few dozen rows: they go through pydantic one row at a time so each
problem names its cell. Values can be tens of thousands of rows: they are checked column-wise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pydantic import ValidationError

from core.cells import a1, a1_column, is_blank, parse_date, parse_month, parse_values
from core.knowledge import areas
from core.models import (
    WHOLE_AUTHORITY,
    About,
    AmberBand,
    Benchmark,
    Commentary,
    Finding,
    Indicator,
    Level,
    conform_observations,
)
from core.report import RowCount
from core.sheet_table import SheetTable, locate_table
from core.template import ABOUT_FIELDS, TEMPLATE_COLUMNS
from core.value_synonyms import canonical_value

MAX_FINDINGS_PER_RULE = 200


@dataclass
class TemplateResult:
    about: About
    indicators: dict[str, Indicator]
    observations: pd.DataFrame
    commentary: list[Commentary]
    findings: list[Finding] = field(default_factory=list)
    row_counts: list[RowCount] = field(default_factory=list)


def is_template(sheets: dict[str, pd.DataFrame]) -> bool:
    names = {name.strip().lower() for name in sheets}
    return {"indicators", "values"} <= names


def _sheet(sheets: dict[str, pd.DataFrame], name: str) -> tuple[str, pd.DataFrame] | None:
    for actual, frame in sheets.items():
        if actual.strip().lower() == name.lower():
            return actual, frame
    return None


def read_template(sheets: dict[str, pd.DataFrame], source: str) -> TemplateResult:
    findings: list[Finding] = []
    counts: list[RowCount] = []
    about = _read_about(_sheet(sheets, "About"), findings)
    indicators = _read_indicators(_sheet(sheets, "Indicators"), findings, counts)
    observations = _read_values(_sheet(sheets, "Values"), indicators, about, source, findings, counts)
    commentary = _read_commentary(_sheet(sheets, "Commentary"), indicators, findings, counts)
    known = {"about", "indicators", "values", "commentary", "instructions"}
    for name in sheets:
        if name.strip().lower() not in known:
            findings.append(Finding(level=Level.info, sheet=name, message=(
                f"Sheet '{name}' is not part of the template and was not read."), code="extra_sheet"))
    return TemplateResult(about, indicators, observations, commentary, findings, counts)


# ---- About -------------------------------------------------------------------------------------

def _read_about(found: tuple[str, pd.DataFrame] | None, findings: list[Finding]) -> About:
    if found is None:
        findings.append(Finding(level=Level.warning, sheet="About", message=(
            "There is no About sheet: the authority name and month are unknown."), code="no_about"))
        return About()
    sheet, frame = found
    labels = {label.lower(): key for key, label in ABOUT_FIELDS.items()}
    labels.update({key: key for key in ABOUT_FIELDS})
    values: dict[str, object] = {}
    for row in range(len(frame)):
        if frame.shape[1] < 2:
            break
        key = labels.get(str(frame.iat[row, 0]).strip().lower())
        if key:
            values[key] = frame.iat[row, 1]
    fields: dict[str, object] = {}
    for key in ("authority", "produced_by", "locality_note", "notes"):
        if _present(values.get(key)):
            fields[key] = str(values[key]).strip()
    for key in ("month_ending", "extracted_on"):
        if _present(values.get(key)):
            parsed = parse_date(values[key])
            if parsed is None:
                findings.append(Finding(level=Level.warning, sheet=sheet, message=(
                    f"{ABOUT_FIELDS[key]} '{values[key]}' is not a date; it was ignored."), code="about_date"))
            else:
                fields[key] = parsed
    if _present(values.get("localities")):
        fields["localities"] = [p.strip() for p in str(values["localities"]).split(",") if p.strip()]
    return About(**fields)


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and str(value).strip() != ""


# ---- Indicators --------------------------------------------------------------------------------

def _read_indicators(
    found: tuple[str, pd.DataFrame] | None, findings: list[Finding], counts: list[RowCount]
) -> dict[str, Indicator]:
    if found is None:
        return {}
    sheet, frame = found
    table = locate_table(sheet, frame, set(TEMPLATE_COLUMNS["Indicators"]) | {"intervention_level"}, {"id", "name"})
    if table is None:
        findings.append(Finding(level=Level.error, sheet=sheet, cell="A1", message=(
            "The Indicators sheet has no header row with 'id' and 'name' columns; no indicator was loaded."),
            code="no_header"))
        counts.append(RowCount(sheet=sheet))
        return {}
    body = table.body(frame)
    count = RowCount(sheet=sheet, read=len(body))
    indicators: dict[str, Indicator] = {}
    known_areas = set(areas()["area"])
    for row_index, row in body.iterrows():  # a few dozen rows: per-row messages are worth it
        indicator = _indicator_from_row(sheet, table, int(row_index), row, findings, known_areas)
        if indicator is None:
            count.reported += 1
        elif indicator.id in indicators:
            count.reported += 1
            findings.append(Finding(level=Level.warning, sheet=sheet, cell=a1(int(row_index), table.columns["id"]),
                                    message=f"indicator id '{indicator.id}' appears twice; this row was not loaded.",
                                    code="duplicate_indicator"))
        else:
            indicators[indicator.id] = indicator
            count.used += 1
    counts.append(count)
    return indicators


def _cell(row: pd.Series, table: SheetTable, name: str) -> object:
    col = table.columns.get(name)
    if col is None:
        return None
    value = row.iloc[col]
    return None if not _present(value) else value


def _number(row: pd.Series, table: SheetTable, name: str, row_index: int, sheet: str,
            findings: list[Finding], label: str) -> float | None:
    raw = _cell(row, table, name)
    if raw is None:
        return None
    parsed = parse_values(pd.Series([raw], dtype=object)).iloc[0]
    if pd.isna(parsed["value"]):
        findings.append(Finding(level=Level.warning, sheet=sheet, cell=a1(row_index, table.columns[name]),
                                message=f"{label} '{raw}' is not a number; it was left blank.", code="bad_number"))
        return None
    return float(parsed["value"])


def _indicator_from_row(sheet: str, table: SheetTable, row_index: int, row: pd.Series,
                        findings: list[Finding], known_areas: set[str]) -> Indicator | None:
    raw_id, name = _cell(row, table, "id"), _cell(row, table, "name")
    if raw_id is None or name is None:
        missing = "id" if raw_id is None else "name"
        col = table.columns["id" if raw_id is None else "name"]
        findings.append(Finding(level=Level.warning, sheet=sheet, cell=a1(row_index, col),
                                message=f"this indicator row has no {missing}; it was not loaded.", code="indicator_incomplete"))
        return None
    ind_id = str(raw_id).strip()
    fields: dict[str, object] = {"id": ind_id, "name": str(name).strip()}

    def enum_field(field_name: str, label: str) -> None:
        raw = _cell(row, table, field_name)
        if raw is None:
            return
        value = canonical_value(field_name, raw)
        if value is None:
            findings.append(Finding(level=Level.warning, sheet=sheet, cell=a1(row_index, table.columns[field_name]),
                                    message=f"{label} '{raw}' is not recognised for '{ind_id}'; it was left blank.",
                                    code="bad_choice"))
        else:
            fields[field_name] = value

    enum_field("unit", "unit")
    enum_field("good_is", "Good Is")
    enum_field("periodicity", "periodicity")
    area = _cell(row, table, "area")
    if area is not None:
        fields["area"] = str(area).strip()
        if fields["area"] not in known_areas:
            findings.append(Finding(level=Level.info, sheet=sheet, cell=a1(row_index, table.columns["area"]),
                                    message=f"area '{area}' is not a standard area; '{ind_id}' is listed under it as given.",
                                    code="unknown_area"))
    target = _number(row, table, "target", row_index, sheet, findings, "target")
    if target is not None:
        fields["target"] = target
    for bench, year, key in (("england", "england_year", "england"), ("sn", "sn_year", "statistical_neighbours"),
                             ("region", "region_year", "region")):
        value = _number(row, table, bench, row_index, sheet, findings, f"{bench} benchmark")
        if value is not None:
            year_raw = _cell(row, table, year)
            fields[key] = Benchmark(value=value, year=str(year_raw).strip() if year_raw is not None else None)
    band = _band(row, table, row_index, sheet, findings, ind_id)
    if band is not None:
        fields["amber_band"] = band
    arrears = _number(row, table, "arrears_months", row_index, sheet, findings, "arrears")
    if arrears is not None:
        fields["arrears_months"] = int(arrears)
    min_den = _number(row, table, "min_denominator", row_index, sheet, findings, "minimum denominator")
    if min_den is not None:
        fields["min_denominator"] = int(min_den)
    definition = _cell(row, table, "definition")
    if definition is not None:
        fields["definition"] = str(definition).strip()
    try:
        return Indicator(**fields)
    except ValidationError as error:
        problem = error.errors()[0]
        where = str(problem["loc"][0]) if problem["loc"] else "id"
        col = table.columns.get(where, table.columns["id"])
        findings.append(Finding(level=Level.warning, sheet=sheet, cell=a1(row_index, col),
                                message=f"indicator '{ind_id}': {where} {problem['msg'].lower()}; this row was not loaded.",
                                code="indicator_invalid"))
        return None


def _band(row: pd.Series, table: SheetTable, row_index: int, sheet: str,
          findings: list[Finding], ind_id: str) -> AmberBand | None:
    kind = _cell(row, table, "amber_band_kind")
    value = _number(row, table, "amber_band_value", row_index, sheet, findings, "amber band")
    level = _number(row, table, "intervention_level", row_index, sheet, findings, "intervention level")
    if level is not None and kind is None:
        return AmberBand(kind="intervention", value=level)
    if kind is None and value is None:
        return None
    canonical = canonical_value("amber_band_kind", kind) if kind is not None else None
    col = table.columns.get("amber_band_kind", table.columns.get("amber_band_value", 0))
    if canonical is None or value is None:
        findings.append(Finding(level=Level.warning, sheet=sheet, cell=a1(row_index, col), message=(
            f"the amber band for '{ind_id}' needs both a kind (absolute, relative, intervention) and a value; "
            "the default band applies."), code="bad_band"))
        return None
    try:
        return AmberBand(kind=canonical, value=value)
    except ValidationError:
        findings.append(Finding(level=Level.warning, sheet=sheet, cell=a1(row_index, col), message=(
            f"the amber band for '{ind_id}' cannot be negative; the default band applies."), code="bad_band"))
        return None


# ---- Values ------------------------------------------------------------------------------------

class _Rejections:
    """Collects rows that are not loaded, each with one finding (the first reason wins)."""

    def __init__(self, sheet: str, index: pd.Index) -> None:
        self.sheet = sheet
        self.rejected = pd.Series(False, index=index)
        self.findings: list[Finding] = []

    def reject(self, mask: pd.Series, cells: pd.Series, messages: pd.Series | str, code: str,
               level: Level = Level.warning) -> None:
        fresh = mask & ~self.rejected
        self.rejected |= fresh
        warn(self.findings, self.sheet, fresh, cells, messages, code, level)


def warn(findings: list[Finding], sheet: str, mask: pd.Series, cells: pd.Series,
         messages: pd.Series | str, code: str, level: Level = Level.warning) -> None:
    """One finding per flagged row, capped per rule so a broken column cannot flood the report."""
    hits = np.flatnonzero(mask.to_numpy(dtype=bool))
    if not len(hits):
        return
    shown = hits[:MAX_FINDINGS_PER_RULE]
    cell_values = cells.to_numpy()[shown]
    texts = messages.to_numpy()[shown] if isinstance(messages, pd.Series) else [messages] * len(shown)
    findings.extend(
        Finding(level=level, sheet=sheet, cell=str(cell), message=str(text), code=code)
        for cell, text in zip(cell_values, texts)
    )
    if len(hits) > len(shown):
        findings.append(Finding(level=level, sheet=sheet, message=(
            f"{len(hits) - len(shown):,} more rows like the above ({code})."), code=code))


def _read_values(found: tuple[str, pd.DataFrame] | None, indicators: dict[str, Indicator], about: About,
                 source: str, findings: list[Finding], counts: list[RowCount]) -> pd.DataFrame:
    if found is None:
        return conform_observations(pd.DataFrame())
    sheet, frame = found
    table = locate_table(sheet, frame, set(TEMPLATE_COLUMNS["Values"]), {"indicator_id", "month", "value"})
    if table is None:
        findings.append(Finding(level=Level.error, sheet=sheet, cell="A1", message=(
            "The Values sheet has no header row with indicator_id, month and value columns; no value was loaded."),
            code="no_header"))
        counts.append(RowCount(sheet=sheet))
        return conform_observations(pd.DataFrame())
    body = table.body(frame)
    rows = pd.Series(body.index, index=body.index)
    cols = table.columns

    def column(name: str) -> pd.Series:
        return body.iloc[:, cols[name]] if name in cols else pd.Series(None, index=body.index, dtype=object)

    def cells(name: str) -> pd.Series:
        return a1_column(rows.to_numpy(), cols[name]).set_axis(body.index)

    ids = column("indicator_id").astype("string").str.strip()
    locality = column("locality").astype("string").str.strip().fillna("").replace("", WHOLE_AUTHORITY)
    month_raw = column("month")
    period = month_raw.map(_month_lookup(month_raw))
    parsed = parse_values(column("value"))
    note_text = column("note").astype("string").str.strip().replace("", pd.NA)
    note_reason = parse_values(note_text.astype(object)).loc[:, "missing_reason"]
    numerator = parse_values(column("numerator"))
    denominator = parse_values(column("denominator"))

    out = _Rejections(sheet, body.index)
    out.reject(ids.isna(), cells("indicator_id"), "no indicator id; this row was not loaded.", "no_indicator_id")
    unknown = ids.notna() & ~ids.isin(list(indicators))
    out.reject(unknown, cells("indicator_id"),
               "indicator '" + ids.fillna("") + "' is not on the Indicators sheet; this row was not loaded.",
               "unknown_indicator")
    out.reject(period.isna(), cells("month"),
               "'" + month_raw.astype("string").fillna("") + "' is not a month (use a date or YYYY-MM); this row was not loaded.",
               "bad_month")
    out.reject(parsed["problem"].notna(), cells("value"),
               parsed["problem"].fillna("") + "; this row was not loaded.", "bad_value")
    if about.localities:
        allowed = {*about.localities, WHOLE_AUTHORITY}
        stray = ~locality.isin(list(allowed))
        out.reject(stray, cells("locality"),
                   "locality '" + locality + "' is not in the About sheet's list ("
                   + ", ".join(about.localities) + "); this row was not loaded.", "unknown_locality")
    key = pd.DataFrame({"id": ids, "loc": locality, "period": period.astype("string")})
    duplicate = key.duplicated(keep="first") & ~out.rejected
    # Compare against the first row with the same key so the message can say which row it repeats.
    first_row = key.assign(row=rows + 1).drop_duplicates(["id", "loc", "period"]).set_index(["id", "loc", "period"])["row"]
    first_of = pd.Series(first_row.reindex(pd.MultiIndex.from_frame(key)).to_numpy(), index=body.index)
    out.reject(duplicate, cells("value"),
               "a second value for '" + ids.fillna("") + "', " + locality + ", " + key["period"].fillna("")
               + " (first given in row " + first_of.astype("Int64").astype("string").fillna("?")
               + "); this row was not loaded.", "duplicate_row")
    findings.extend(out.findings)

    kept = ~out.rejected
    units = ids.map({i: (ind.unit.value if ind.unit else None) for i, ind in indicators.items()})
    over = kept & units.eq("percent").fillna(False) & (parsed["value"] > 100)
    warn(findings, sheet, over, cells("value"),
         "'" + ids.fillna("") + "' is a percentage but the value is " + parsed["value"].round(2).astype(str)
         + " (over 100); it was loaded, please check it.", "percent_over_100")
    negative = kept & (parsed["value"] < 0) & units.isin(["count", "percent", "rate_per_10k", "days"]).fillna(False)
    warn(findings, sheet, negative, cells("value"),
         "'" + ids.fillna("") + "' cannot be negative but the value is " + parsed["value"].astype(str)
         + "; it was loaded, please check it.", "negative_value")
    for part, label in ((numerator, "numerator"), (denominator, "denominator")):
        if label in cols:
            warn(findings, sheet, kept & part["problem"].notna(), cells(label),
                 part["problem"].fillna("") + f"; the {label} was left blank.", f"bad_{label}")
    if {"numerator", "denominator"} <= cols.keys():
        upside_down = kept & (numerator["value"] > denominator["value"])
        warn(findings, sheet, upside_down, cells("numerator"),
             "the numerator is larger than the denominator; it was loaded, please check it.", "numerator_over_denominator")

    missing_reason = parsed["missing_reason"].where(parsed["value"].isna())
    # A blank value explained in the note ('NA', 'tbc') takes the note's reason.
    explained = missing_reason.eq("blank").fillna(False) & note_reason.notna() & note_reason.ne("blank")
    missing_reason = missing_reason.where(~explained, note_reason)
    note = note_text.combine_first(parsed["note"])

    observations = pd.DataFrame({
        "indicator_id": ids, "locality": locality, "period": period, "value": parsed["value"],
        "numerator": numerator["value"], "denominator": denominator["value"],
        "missing_reason": missing_reason, "note": note, "sheet": sheet,
        "cell": cells("value"), "source": source,
    })[kept]
    counts.append(RowCount(sheet=sheet, read=len(body), used=int(kept.sum()), reported=int(out.rejected.sum())))
    return conform_observations(observations)


def _month_lookup(raw: pd.Series) -> dict[object, pd.Period | None]:
    """Parse each distinct month cell once: a year of values repeats the same dozen months."""
    return {value: parse_month(value) for value in pd.unique(raw.dropna())}


# ---- Commentary --------------------------------------------------------------------------------

def _read_commentary(found: tuple[str, pd.DataFrame] | None, indicators: dict[str, Indicator],
                     findings: list[Finding], counts: list[RowCount]) -> list[Commentary]:
    if found is None:
        return []
    sheet, frame = found
    table = locate_table(sheet, frame, set(TEMPLATE_COLUMNS["Commentary"]), {"subject", "text"})
    if table is None:
        if not frame.dropna(how="all").empty:
            findings.append(Finding(level=Level.warning, sheet=sheet, cell="A1", message=(
                "The Commentary sheet has no header row with subject and text columns; it was not read."),
                code="no_header"))
        return []
    body = table.body(frame)
    count = RowCount(sheet=sheet, read=len(body))
    known_subjects = set(areas()["area"]) | set(indicators) | {ind.area for ind in indicators.values()}
    result: list[Commentary] = []
    for row_index, row in body.iterrows():  # commentary is a handful of rows
        subject, text = _cell(row, table, "subject"), _cell(row, table, "text")
        month = parse_month(_cell(row, table, "month"))
        if subject is None or text is None or month is None:
            what = "a subject" if subject is None else "any text" if text is None else "a month (YYYY-MM)"
            col = table.columns.get({"a subject": "subject", "any text": "text"}.get(what, "month"), 0)
            findings.append(Finding(level=Level.warning, sheet=sheet, cell=a1(int(row_index), col),
                                    message=f"this commentary has no {what}; it was not loaded.", code="commentary_incomplete"))
            count.reported += 1
            continue
        subject_text = str(subject).strip()
        if subject_text not in known_subjects:
            findings.append(Finding(level=Level.info, sheet=sheet, cell=a1(int(row_index), table.columns["subject"]),
                                    message=f"commentary subject '{subject_text}' is neither an area nor an indicator id; "
                                    "it is shown under Other.", code="commentary_subject"))
        author = _cell(row, table, "author")
        result.append(Commentary(subject=subject_text, period=month.strftime("%Y-%m"), text=str(text).strip(),
                                 author=str(author).strip() if author is not None else None))
        count.used += 1
    counts.append(count)
    return result



