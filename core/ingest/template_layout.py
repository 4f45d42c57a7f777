"""Reading a workbook in the template layout (see core/template.py for the contract).

Indicators and commentary are a few dozen rows: they go through pydantic one row at a time so each
problem names its cell. Values can be tens of thousands of rows: they are checked column-wise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pydantic import ValidationError

from core.ingest.cells import (
    CellRefs,
    a1,
    a1_column,
    parse_date,
    parse_month,
    parse_value,
    parse_values,
    per_distinct,
    sheet_cell_kinds,
    stripped_text,
)
from core.ingest.sheet_table import SheetTable, locate_table
from core.ingest.template_targets import read_targets
from core.knowledge import areas
from core.knowledge.value_synonyms import canonical_value, words_understood
from core.model import (
    NEVER_NEGATIVE_UNITS,
    WHOLE_AUTHORITY,
    About,
    AmberBand,
    Benchmark,
    Commentary,
    Indicator,
    conform_observations,
    conform_targets,
)
from core.template.contract import ABOUT_FIELDS, TEMPLATE_COLUMNS
from core.validation.catalogue import finding, findings_at
from core.validation.findings import Finding
from core.validation.report import RowCount


@dataclass
class TemplateResult:
    about: About
    indicators: dict[str, Indicator]
    observations: pd.DataFrame
    commentary: list[Commentary]
    findings: list[Finding] = field(default_factory=list)
    row_counts: list[RowCount] = field(default_factory=list)
    targets: pd.DataFrame = field(default_factory=conform_targets)  # the optional Targets sheet


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
    targets = _read_targets(_sheet(sheets, "Targets"), indicators, findings, counts)
    known = {"about", "indicators", "values", "commentary", "instructions", "targets"}
    for name in sheets:
        if name.strip().lower() not in known:
            findings.append(finding("extra_sheet", sheet=name))
    return TemplateResult(about, indicators, observations, commentary, findings, counts, targets)


def _read_targets(found: tuple[str, pd.DataFrame] | None, indicators: dict[str, Indicator],
                  findings: list[Finding], counts: list[RowCount]) -> pd.DataFrame:
    """The optional Targets sheet; without it (or empty) every target holds from the start."""
    if found is None:
        return conform_targets()
    sheet, frame = found
    targets = read_targets(sheet, frame, indicators, findings, counts)
    if targets is None:
        if not frame.dropna(how="all").empty:
            _no_header(sheet, frame, "indicator_id and from_month", findings, counts, "no_targets_header")
        return conform_targets()
    return targets


def _no_header(sheet: str, frame: pd.DataFrame, wanted: str, findings: list[Finding], counts: list[RowCount],
               code: str = "no_header") -> None:
    """A template sheet whose header row cannot be found: say what row 1 holds, and report every row."""
    rows = len(frame.dropna(how="all"))
    first = [str(v) for v in (frame.iloc[0].dropna().tolist() if len(frame) else [])][:8]
    shown = ", ".join(f"'{v}'" for v in first) or "nothing"
    findings.append(finding(code, sheet=sheet, cell="A1", wanted=wanted, row_one=shown, rows=rows))
    counts.append(RowCount(sheet=sheet, read=rows, reported=rows))


# ---- About -------------------------------------------------------------------------------------

def _read_about(found: tuple[str, pd.DataFrame] | None, findings: list[Finding]) -> About:
    if found is None:
        findings.append(finding("no_about", sheet="About"))
        return About()
    sheet, frame = found
    labels = {label.lower(): key for key, label in ABOUT_FIELDS.items()}
    labels.update({key: key for key in ABOUT_FIELDS})
    values: dict[str, object] = {}
    rows: dict[str, int] = {}
    for row in range(len(frame)):
        if frame.shape[1] < 2:
            break
        key = labels.get(str(frame.iat[row, 0]).strip().lower())
        if key:
            values[key], rows[key] = frame.iat[row, 1], row
    fields: dict[str, object] = {}
    for key in ("authority", "produced_by", "locality_note", "notes"):
        if _present(values.get(key)):
            fields[key] = str(values[key]).strip()
    for key in ("month_ending", "extracted_on"):
        if _present(values.get(key)):
            parsed = parse_date(values[key])
            if parsed is None:
                findings.append(finding("about_date", sheet=sheet, cell=a1(rows[key], 1), field=ABOUT_FIELDS[key],
                                        text=values[key]))
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
        _no_header(sheet, frame, "id and name", findings, counts)
        return {}
    body = table.body(frame)
    count = RowCount(sheet=sheet, read=len(body))
    indicators: dict[str, Indicator] = {}
    known_areas = set(areas()["area"])
    for row_index, *cells in body.itertuples(name=None):  # a few dozen rows: per-row messages are worth it
        row = list(cells)
        indicator = _indicator_from_row(sheet, table, int(row_index), row, findings, known_areas)
        if indicator is None:
            count.reported += 1
        elif indicator.id in indicators:
            count.reported += 1
            findings.append(finding("duplicate_indicator", sheet=sheet, cell=a1(int(row_index), table.columns["id"]),
                                    indicator=indicator.id))
        else:
            indicators[indicator.id] = indicator
            count.used += 1
    counts.append(count)
    return indicators


def _cell(row: list, table: SheetTable, name: str) -> object:
    col = table.columns.get(name)
    if col is None or col >= len(row):
        return None
    value = row[col]
    return None if not _present(value) else value


def _number(row: list, table: SheetTable, name: str, row_index: int, sheet: str,
            findings: list[Finding], label: str) -> float | None:
    ind_id = str(_cell(row, table, "id")).strip()
    raw = _cell(row, table, name)
    if raw is None:
        return None
    parsed = parse_value(raw)[0]  # a few hundred detail cells: the one-cell parse costs least
    if parsed != parsed:  # NaN: not a number
        findings.append(finding("bad_number", sheet=sheet, cell=a1(row_index, table.columns[name]), field=label,
                                text=raw, indicator=ind_id))
        return None
    return float(parsed)


def _indicator_from_row(sheet: str, table: SheetTable, row_index: int, row: list,
                        findings: list[Finding],
                        known_areas: set[str]) -> Indicator | None:
    raw_id, name = _cell(row, table, "id"), _cell(row, table, "name")
    if raw_id is None or name is None:
        missing = "id" if raw_id is None else "name"
        col = table.columns["id" if raw_id is None else "name"]
        findings.append(finding("indicator_incomplete", sheet=sheet, cell=a1(row_index, col), missing=missing))
        return None
    ind_id = str(raw_id).strip()
    fields: dict[str, object] = {"id": ind_id, "name": str(name).strip()}

    def enum_field(field_name: str, label: str) -> None:
        raw = _cell(row, table, field_name)
        if raw is None:
            return
        value = canonical_value(field_name, raw)
        if value is None:
            findings.append(finding("bad_choice", sheet=sheet, cell=a1(row_index, table.columns[field_name]),
                                    field=label, text=raw, indicator=ind_id, choices=words_understood(field_name)))
        else:
            fields[field_name] = value

    enum_field("unit", "unit")
    enum_field("good_is", "Good Is")
    enum_field("periodicity", "periodicity")
    area = _cell(row, table, "area")
    if area is not None:
        fields["area"] = str(area).strip()
        if fields["area"] not in known_areas:
            findings.append(finding("unknown_area", sheet=sheet, cell=a1(row_index, table.columns["area"]),
                                    area=area, indicator=ind_id))
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
        findings.append(finding("indicator_invalid", sheet=sheet, cell=a1(row_index, col), indicator=ind_id,
                                field=where, problem=problem["msg"].lower()))
        return None


def _band(row: list, table: SheetTable, row_index: int, sheet: str,
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
        findings.append(finding("bad_band", sheet=sheet, cell=a1(row_index, col), indicator=ind_id))
        return None
    try:
        return AmberBand(kind=canonical, value=value)
    except ValidationError:
        findings.append(finding("negative_band", sheet=sheet, cell=a1(row_index, col), indicator=ind_id))
        return None


# ---- Values ------------------------------------------------------------------------------------

RowValues = Callable[[int], Mapping[str, object]] | None  # a flagged row's position -> its message values


class _Rejections:
    """Collects rows that are not loaded, each with one finding (the first reason wins)."""

    def __init__(self, sheet: str, size: int) -> None:
        self.sheet = sheet
        self.rejected = np.zeros(size, dtype=bool)
        self.findings: list[Finding] = []

    def reject(self, mask: np.ndarray, cells: CellRefs, code: str, values: RowValues = None) -> None:
        fresh = np.asarray(mask, dtype=bool) & ~self.rejected
        self.rejected |= fresh
        warn(self.findings, self.sheet, fresh, cells, code, values)


def warn(findings: list[Finding], sheet: str, mask: np.ndarray, cells: CellRefs, code: str,
         values: RowValues = None) -> None:
    """One finding of rule `code` per flagged row; message values are built only for rows that are shown."""
    hits = np.flatnonzero(np.asarray(mask, dtype=bool))
    if len(hits):
        findings.extend(findings_at(code, sheet, cells.subset(hits),
                                    (lambda k: values(int(hits[k]))) if values else None))


def _read_values(found: tuple[str, pd.DataFrame] | None, indicators: dict[str, Indicator], about: About,
                 source: str, findings: list[Finding], counts: list[RowCount]) -> pd.DataFrame:
    if found is None:
        return conform_observations(pd.DataFrame())
    sheet, frame = found
    table = locate_table(sheet, frame, set(TEMPLATE_COLUMNS["Values"]), {"indicator_id", "month", "value"})
    if table is None:
        _no_header(sheet, frame, "indicator_id, month and value", findings, counts)
        return conform_observations(pd.DataFrame())
    body = table.body(frame).reset_index(names="sheet_row")
    cols = table.columns

    def column(name: str) -> pd.Series:
        return body[cols[name]] if name in cols else pd.Series(None, index=body.index, dtype=object)

    def cells(name: str) -> CellRefs:
        return CellRefs(body["sheet_row"].to_numpy(), cols.get(name, 0))

    ids = stripped_text(column("indicator_id"))
    locality = stripped_text(column("locality"), blank=WHOLE_AUTHORITY)
    month_raw = column("month")
    ordinals = _month_ordinals(month_raw)  # NaN = not a month
    kinds = sheet_cell_kinds(frame)[body["sheet_row"].to_numpy()]
    parsed = parse_values(column("value"), kinds[:, cols["value"]])
    value = parsed["value"].to_numpy()
    note_text = stripped_text(column("note"), blank=None)
    numerator = parse_values(column("numerator"), kinds[:, cols["numerator"]]) if "numerator" in cols else None
    denominator = parse_values(column("denominator"), kinds[:, cols["denominator"]]) if "denominator" in cols else None
    id_text = ids.fillna("").to_numpy(dtype=object)

    out = _Rejections(sheet, len(body))
    out.reject(ids.isna().to_numpy(), cells("indicator_id"), "no_indicator_id")
    out.reject((ids.notna() & ~ids.isin(list(indicators))).to_numpy(), cells("indicator_id"), "unknown_indicator",
               lambda i: {"indicator": id_text[i]})
    months_given = month_raw.to_numpy()
    out.reject(np.isnan(ordinals), cells("month"), "bad_month", lambda i: {"text": months_given[i]})
    latest, why = _latest_allowed(about)
    out.reject(ordinals > latest.ordinal, cells("month"), "future_month", lambda i: {
        "month": pd.Period(ordinal=int(ordinals[i]), freq="M").strftime("%B %Y"), "latest": latest.strftime("%B %Y"),
        "why": why})
    problems = parsed["problem"].to_numpy(dtype=object)
    out.reject(parsed["problem"].notna().to_numpy(), cells("value"), "bad_value", lambda i: {"problem": problems[i]})
    if about.localities:
        allowed = [*about.localities, WHOLE_AUTHORITY]
        listed = ", ".join(about.localities)
        stray = (~locality.isin(allowed)).to_numpy()
        given = locality.to_numpy()
        out.reject(stray, cells("locality"), "unknown_locality", lambda i: {"locality": given[i], "localities": listed})
        if stray.any():  # one sentence for the whole picture: often it is the list that is wrong
            named = locality[stray].value_counts()
            out.findings.append(finding(
                "locality_list", sheet="About", rows=int(stray.sum()), localities=listed,
                named=", ".join(f"{loc} ({n:,} row{'' if n == 1 else 's'})" for loc, n in named.head(10).items())))
    # One integer per indicator x locality x month (a missing part is a value of its own), so finding
    # repeated rows is one hash of integers rather than a group-by over text.
    key = np.zeros(len(body), dtype=np.int64)
    for part in (ids, locality, ordinals):
        codes, distinct = pd.factorize(part, use_na_sentinel=False)
        key = key * (len(distinct) + 1) + codes
    duplicate = pd.Series(key).duplicated().to_numpy() & ~out.rejected
    if duplicate.any():
        first_of = body["sheet_row"].groupby(key).transform("first")
        out.reject(duplicate, cells("value"), "duplicate_row", lambda i: {
            "indicator": id_text[i], "locality": locality.iat[i], "month": _month_text(ordinals[i]),
            "first_row": first_of.iat[i] + 1})
    findings.extend(out.findings)

    kept = ~out.rejected
    unit_of = {i: (ind.unit.value if ind.unit else "") for i, ind in indicators.items()}
    # A lookup by position: -1 (not an indicator) picks the appended "", which compares safely, unlike NA.
    known_units = np.append(np.array(list(unit_of.values()), dtype=object), "")
    id_codes, distinct_ids = pd.factorize(ids)  # a few hundred ids over thousands of rows: look each up once
    units = known_units[pd.Index(list(unit_of), dtype=object).get_indexer(distinct_ids.to_numpy(dtype=object))][id_codes]
    with np.errstate(invalid="ignore"):
        def id_and_value(i: int) -> dict[str, object]:
            return {"indicator": id_text[i], "value": value[i]}

        warn(findings, sheet, kept & (units == "percent") & (value > 100), cells("value"), "percent_over_100",
             id_and_value)
        never_negative = np.isin(units, [unit.value for unit in NEVER_NEGATIVE_UNITS])
        warn(findings, sheet, kept & never_negative & (value < 0), cells("value"), "negative_value", id_and_value)
    for part, label in ((numerator, "numerator"), (denominator, "denominator")):
        if part is not None:
            part_problems = part["problem"].to_numpy(dtype=object)
            warn(findings, sheet, kept & part["problem"].notna().to_numpy(), cells(label), f"bad_{label}",
                 lambda i, pp=part_problems: {"problem": pp[i]})
    if numerator is not None and denominator is not None:
        with np.errstate(invalid="ignore"):
            upside_down = kept & (numerator["value"].to_numpy() > denominator["value"].to_numpy())
        warn(findings, sheet, upside_down, cells("numerator"), "numerator_over_denominator")

    missing_reason = parsed["missing_reason"].where(parsed["value"].isna()).to_numpy(dtype=object).copy()
    note = parsed["note"].to_numpy(dtype=object).copy()  # the text beside a figure, unless a note is written
    written = np.flatnonzero(note_text.notna().to_numpy())
    if len(written):  # a note on a few rows in a hundred: work on those rows only
        notes = note_text.iloc[written].to_numpy(dtype=object)
        note[written] = notes
        # A blank value explained in the note ('NA', 'tbc') takes the note's reason.
        note_reason = parse_values(pd.Series(notes, dtype=object))["missing_reason"].to_numpy(dtype=object)
        explained = (missing_reason[written] == "blank") & pd.notna(note_reason) & (note_reason != "blank")
        missing_reason[written[explained]] = note_reason[explained]

    observations = pd.DataFrame({
        "indicator_id": ids, "locality": locality,
        "period": pd.PeriodIndex.from_ordinals(np.nan_to_num(ordinals, nan=0).astype("int64"), freq="M"),
        "value": value,
        "numerator": numerator["value"] if numerator is not None else np.nan,
        "denominator": denominator["value"] if denominator is not None else np.nan,
        "missing_reason": missing_reason, "note": note, "sheet": sheet,
        "cell": a1_column(body["sheet_row"].to_numpy(), np.full(len(body), cols["value"])), "source": source,
    })[kept]
    counts.append(RowCount(sheet=sheet, read=len(body), used=int(kept.sum()), reported=int(out.rejected.sum())))
    return conform_observations(observations)


def _latest_allowed(about: About) -> tuple[pd.Period, str]:
    """The latest month a Values row may hold, and why: the About sheet's month ending or extraction date when
    it gives them, and never after this month (nobody can have reported a later one yet)."""
    limits = [(pd.Period(about.month_ending, freq="M"), "the workbook's month ending (About sheet)")
              if about.month_ending else None,
              (pd.Period(about.extracted_on, freq="M"), "the month the figures were extracted (About sheet)")
              if about.extracted_on else None,
              (pd.Timestamp.today().to_period("M"), "this month: nobody can have reported a later month yet")]
    return min((limit for limit in limits if limit is not None), key=lambda limit: limit[0].ordinal)


def _month_ordinals(raw: pd.Series) -> np.ndarray:
    """Each cell's month as a period ordinal (NaN where it is no month), parsing each distinct cell once: a
    year of values repeats the same dozen months."""
    def ordinal(cell: object) -> float:
        period = parse_month(cell)
        return np.nan if period is None else float(period.ordinal)

    return per_distinct(raw, ordinal, absent=np.nan).astype("float64")


def _month_text(ordinal: float) -> str:
    return pd.Period(ordinal=int(ordinal), freq="M").strftime("%Y-%m") if ordinal == ordinal else "?"


# ---- Commentary --------------------------------------------------------------------------------

def _read_commentary(found: tuple[str, pd.DataFrame] | None, indicators: dict[str, Indicator],
                     findings: list[Finding], counts: list[RowCount]) -> list[Commentary]:
    if found is None:
        return []
    sheet, frame = found
    table = locate_table(sheet, frame, set(TEMPLATE_COLUMNS["Commentary"]), {"subject", "text"})
    if table is None:
        if not frame.dropna(how="all").empty:
            _no_header(sheet, frame, "subject and text", findings, counts, "no_commentary_header")
        return []
    body = table.body(frame)
    count = RowCount(sheet=sheet, read=len(body))
    known_subjects = set(areas()["area"]) | set(indicators) | {ind.area for ind in indicators.values()}
    result: list[Commentary] = []
    for row_index, *cells in body.itertuples(name=None):  # commentary is a handful of rows
        row = list(cells)
        subject, text = _cell(row, table, "subject"), _cell(row, table, "text")
        month = parse_month(_cell(row, table, "month"))
        if subject is None or text is None or month is None:
            what = "subject" if subject is None else "text" if text is None else "month"
            col = table.columns.get(what, 0)
            findings.append(finding("commentary_incomplete", sheet=sheet, cell=a1(int(row_index), col),
                                    missing="month (YYYY-MM)" if what == "month" else what))
            count.reported += 1
            continue
        subject_text = str(subject).strip()
        if subject_text not in known_subjects:
            findings.append(finding("commentary_subject", sheet=sheet, cell=a1(int(row_index), table.columns["subject"]),
                                    subject=subject_text))
        author = _cell(row, table, "author")
        result.append(Commentary(subject=subject_text, period=month.strftime("%Y-%m"), text=str(text).strip(),
                                 author=str(author).strip() if author is not None else None))
        count.used += 1
    counts.append(count)
    return result



