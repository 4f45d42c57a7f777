"""Reading one published sheet: sort its rows (indicator, area heading, neither), build its
indicators with the library's help, and melt its month columns into observations.

Rows are classified with vectorised masks; month cells are parsed in one parse_values call per
sheet. Only indicator construction loops, once per indicator row (a few dozen a sheet).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.ingest.cells import a1, column_letter, is_blank, parse_values
from core.ingest.indicator_names import library_indicator, match_indicator_names
from core.ingest.published_header import PublishedTable
from core.knowledge import area_synonyms
from core.knowledge.text import normalise_header_cells
from core.knowledge.value_synonyms import canonical_series
from core.model import OTHER_AREA, WHOLE_AUTHORITY, Benchmark, Indicator, Unit
from core.validation.catalogue import counted, finding, findings_at
from core.validation.findings import Finding
from core.validation.report import RowCount

MAX_SLUG_CHARS = 60
FILL_WORDS = {"area": "area", "unit": "unit", "good_is": "polarity", "periodicity": "periodicity"}
_ENUM_FIELDS = {"unit": "unit", "good_is": "Good Is", "periodicity": "periodicity"}
_NUMBER_FIELDS = {"target": "target", "england": "England average", "sn": "statistical neighbour average",
                  "region": "regional average"}
_BENCHMARK_OF = {"england": "england", "sn": "statistical_neighbours", "region": "region"}
_WORD_FIELDS = {"published_direction": ("direction", "direction of travel"), "published_rag": ("rag", "status")}
# "1. Profile", "Section 2: Placement", "Care Leavers (17-25)": the area is the words in between.
_HEADING_NUMBER = r"^(?:section|part|area)?\s*\d+[.):]?\s*"
_HEADING_PARENTHESIS = r"\s*\([^)]*\)\s*$"


@dataclass
class IndicatorRecord:
    """One indicator row as read, with where it came from and what the library filled in."""

    indicator: Indicator
    sheet: str
    row: int
    columns: dict[str, int]
    printed_name: str
    library_id: str | None
    library_score: float  # 1.0 for an exact (folded) match, NaN when nothing matched
    filled: frozenset[str]  # indicator fields taken from the library (or defaulted, for area)


@dataclass
class SheetRead:
    sheet: str
    records: list[IndicatorRecord]
    observations: pd.DataFrame  # observation columns plus "name" (the printed indicator name)
    findings: list[Finding] = field(default_factory=list)
    count: RowCount | None = None


def area_names(texts: pd.Series) -> pd.Series:
    """The canonical area a heading or sheet name means, NA when it is no known area."""
    lookup = area_synonyms()
    folded = normalise_header_cells(texts.astype(object))
    direct = folded.map(lookup)
    trimmed = folded.str.replace(_HEADING_NUMBER, "", regex=True).str.replace(_HEADING_PARENTHESIS, "", regex=True)
    return direct.fillna(trimmed.map(lookup)).astype("string")


def slug(names: pd.Series) -> pd.Series:
    """An id for a name the library does not know: letters, digits and _; long names get a hash."""
    base = names.str.lower().str.replace(r"[^a-z0-9]+", "_", regex=True).str.strip("_")
    long = base.str.len() > MAX_SLUG_CHARS
    hashed = names[long].map(lambda text: f"{zlib.crc32(text.encode()):08x}")
    base = base.where(~long, base.str.slice(0, MAX_SLUG_CHARS).str.rstrip("_") + "_" + hashed)
    return base.where(base != "", "indicator")


class _TableReader:
    """Reads one table of a sheet; the sheet reader concatenates its tables."""

    def __init__(self, frame: pd.DataFrame, table: PublishedTable, sheet_area: str | None) -> None:
        self.table = table
        self.sheet = table.sheet
        self.sheet_area = sheet_area
        self.findings: list[Finding] = []
        # Label rows and columns by position, so a label is always the sheet's own row / column.
        body = frame.iloc[table.header_row + 1 : table.end_row, table.columns]
        body = body.set_axis(range(table.header_row + 1, table.header_row + 1 + len(body)), axis=0)
        body = body.set_axis(table.columns, axis=1)
        blank = pd.DataFrame({col: is_blank(body[col]) for col in body.columns}, index=body.index)
        self.body = body
        self.blank = blank
        name_col = table.name_col
        self.names = body[name_col].astype("string").str.strip()
        has_name = ~blank[name_col]
        has_other = (~blank.drop(columns=name_col)).any(axis=1)
        self.data_row = has_name | has_other

        heading_area = area_names(self.names)
        name_only = has_name & ~has_other
        matched = match_indicator_names(self.names.where(has_name))
        self.library_id = matched["library_id"]
        self.score = matched["score"]
        self.is_heading = name_only & heading_area.notna()
        self.is_indicator = (has_name & has_other) | (name_only & heading_area.isna() & self.library_id.notna())
        self.is_stray_text = name_only & heading_area.isna() & self.library_id.isna()
        self.is_nameless = ~has_name & has_other
        self.row_area = self._row_areas(heading_area)
        self._report_rows()
        self._report_header()

    # ---- rows ----------------------------------------------------------------------------------

    def _row_areas(self, heading_area: pd.Series) -> pd.Series:
        """Area of each row: its own Area cell, else the heading above, else the sheet's area."""
        default = self.sheet_area or ""
        context = pd.Series(pd.NA, index=self.body.index, dtype="string")
        context[self.is_heading] = heading_area[self.is_heading]
        context[self.is_stray_text] = default  # an unknown heading ends the previous area
        context = context.ffill().fillna(default).replace("", pd.NA)
        if "area" not in self.table.fields:
            return context
        raw = self.body[self.table.fields["area"]].astype("string").str.strip().replace("", pd.NA)
        return area_names(raw).fillna(raw).fillna(context)

    def _cells(self, mask: pd.Series, col: int) -> list[str]:
        rows = self.body.index[mask.to_numpy(dtype=bool)]
        return [a1(int(row), col) for row in rows]

    def _report_rows(self) -> None:
        name_col = self.table.name_col
        self.findings.extend(findings_at("no_indicator_name", self.sheet, self._cells(self.is_nameless, name_col)))
        stray = self.names[self.is_stray_text].str.slice(0, 80).tolist()
        self.findings.extend(findings_at("stray_text", self.sheet, self._cells(self.is_stray_text, name_col),
                                         lambda i: {"text": stray[i]}))

    def _report_header(self) -> None:
        table, row = self.table, self.table.header_row
        for col, first in table.duplicate_months.items():
            self.findings.append(finding("duplicate_month", sheet=self.sheet, cell=a1(row, col),
                                         column=column_letter(col), month=table.months[first].strftime("%b %Y"),
                                         first_column=column_letter(first)))
        ordinals = [period.ordinal for period in table.months.values()]
        steps = np.diff(ordinals)
        if len(steps) and not ((steps > 0).all() or (steps < 0).all()):
            shown = ", ".join(period.strftime("%b %Y") for period in table.months.values())
            self.findings.append(finding("months_out_of_order", sheet=self.sheet, cell=a1(row, min(table.months)),
                                         months=shown))
        if table.unknown_headers:
            listed = ", ".join(f"'{text}' ({a1(row, col)})" for col, text in table.unknown_headers.items())
            self.findings.append(finding("unknown_column", sheet=self.sheet, cell=a1(row, table.name_col),
                                         columns=listed))

    # ---- indicators ----------------------------------------------------------------------------

    def _enum(self, field_name: str, rows: pd.Series) -> pd.Series:
        col = self.table.fields.get(field_name)
        if col is None:
            return pd.Series(pd.NA, index=rows.index, dtype="string")
        raw = self.body.loc[rows.index, col]
        canonical = canonical_series(field_name, raw.astype(object))
        unknown = (~self.blank.loc[rows.index, col]) & canonical.isna()
        self._flag("bad_choice", unknown, col, _ENUM_FIELDS[field_name], raw, rows)
        return canonical

    def _number(self, field_name: str, rows: pd.Series) -> pd.Series:
        col = self.table.fields.get(field_name)
        if col is None:
            return pd.Series(np.nan, index=rows.index)
        raw = self.body.loc[rows.index, col].astype(object)
        parsed = parse_values(raw)
        self._flag("bad_number", parsed["problem"].notna(), col, _NUMBER_FIELDS[field_name], raw, rows)
        return parsed["value"]

    def _words(self, field_name: str, rows: pd.Series) -> pd.Series:
        """Printed direction of travel or RAG status, as the canonical word (NA when blank or unknown)."""
        col = self.table.fields.get(field_name)
        if col is None:
            return pd.Series(pd.NA, index=rows.index, dtype="string")
        vocabulary, label = _WORD_FIELDS[field_name]
        raw = self.body.loc[rows.index, col]
        canonical = canonical_series(vocabulary, raw.astype(object))
        unknown = (~self.blank.loc[rows.index, col]) & canonical.isna()
        self._flag("bad_printed_word", unknown, col, label, raw, rows)
        return canonical

    def _flag(self, code: str, flagged: pd.Series, col: int, label: str, raw: pd.Series, names: pd.Series) -> None:
        """One finding per flagged detail cell of the indicator rows, quoting the cell and the indicator."""
        texts, indicators = raw[flagged].astype(str).tolist(), names[flagged].tolist()
        self.findings.extend(findings_at(
            code, self.sheet, self._cells(flagged.reindex(self.body.index, fill_value=False), col),
            lambda i: {"field": label, "text": texts[i], "indicator": indicators[i]}))

    def indicator_rows(self) -> pd.DataFrame:
        """One row per indicator row: id, printed name, locality, area and the row's own details."""
        mask = self.is_indicator
        names = self.names[mask]
        library_id = self.library_id[mask]
        rows = pd.DataFrame({"name": names, "library_id": library_id, "score": self.score[mask],
                             "id": library_id.fillna(slug(names)), "area": self.row_area[mask]})
        if "locality" in self.table.fields:
            locality = self.body.loc[mask, self.table.fields["locality"]].astype("string").str.strip()
            rows["locality"] = locality.replace("", pd.NA).fillna(WHOLE_AUTHORITY)
        else:
            rows["locality"] = WHOLE_AUTHORITY
        for field_name in _ENUM_FIELDS:
            rows[field_name] = self._enum(field_name, names)
        for field_name in _NUMBER_FIELDS:
            rows[field_name] = self._number(field_name, names)
        for field_name in _WORD_FIELDS:
            rows[field_name] = self._words(field_name, names)
        return rows

    def records(self, rows: pd.DataFrame) -> list[IndicatorRecord]:
        years = self.table.field_years
        records = []
        for row, details in zip(rows.index, rows.to_dict("records")):  # one per indicator row
            fields: dict[str, object] = {"id": details["id"], "name": details["name"]}
            given = {key: details[key] for key in ("area", *_ENUM_FIELDS) if not pd.isna(details[key])}
            fields.update(given)
            if not pd.isna(details["target"]):
                fields["target"] = float(details["target"])
            for bench, key in _BENCHMARK_OF.items():
                if not pd.isna(details[bench]):
                    fields[key] = Benchmark(value=float(details[bench]), year=years.get(bench))
            filled: set[str] = set()
            library_id = None if pd.isna(details["library_id"]) else str(details["library_id"])
            if library_id is not None:
                known = library_indicator(library_id)
                for key in FILL_WORDS:
                    if key not in given and getattr(known, key) is not None:
                        fields[key] = getattr(known, key)
                        filled.add(key)
                fields["arrears_months"] = known.arrears_months
            if "area" not in fields:
                fields["area"] = OTHER_AREA
                filled.add("area")
            records.append(IndicatorRecord(
                indicator=Indicator(**fields), sheet=self.sheet, row=int(row), columns=self.table.fields,
                printed_name=str(details["name"]), library_id=library_id, library_score=float(details["score"]),
                filled=frozenset(filled)))
        return records

    # ---- values --------------------------------------------------------------------------------

    def month_cells(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The month block of the indicator rows, melted: one row per cell, raw value unparsed."""
        cols = list(self.table.months)
        ordinals = np.array([period.ordinal for period in self.table.months.values()], dtype="int64")
        block = self.body.loc[rows.index, cols].to_numpy(dtype=object)
        n_rows, n_months = block.shape
        sheet_rows = np.repeat(rows.index.to_numpy(dtype="int64"), n_months)
        letters = np.tile(np.array([column_letter(col) for col in cols], dtype=object), n_rows)
        return pd.DataFrame({
            "indicator_id": np.repeat(rows["id"].to_numpy(dtype=object), n_months),
            "name": np.repeat(rows["name"].to_numpy(dtype=object), n_months),
            "locality": np.repeat(rows["locality"].to_numpy(dtype=object), n_months),
            "ordinal": np.tile(ordinals, n_rows),
            "raw": block.ravel(),
            "row": sheet_rows,
            "cell": pd.Series(letters, dtype="string") + pd.Series(sheet_rows + 1).astype("string"),
            "published_direction": np.repeat(rows["published_direction"].to_numpy(dtype=object), n_months),
            "published_rag": np.repeat(rows["published_rag"].to_numpy(dtype=object), n_months),
        })


def read_sheet(sheet: str, frame: pd.DataFrame, tables: list[PublishedTable], source: str) -> SheetRead:
    sheet_area = area_names(pd.Series([sheet], dtype=object)).iloc[0]
    sheet_area = None if pd.isna(sheet_area) else str(sheet_area)
    findings: list[Finding] = []
    records: list[IndicatorRecord] = []
    cells: list[pd.DataFrame] = []
    count = RowCount(sheet=sheet)
    for table in tables:
        reader = _TableReader(frame, table, sheet_area)
        rows = reader.indicator_rows()
        records.extend(reader.records(rows))
        cells.append(reader.month_cells(rows))
        findings.extend(reader.findings)
        count.read += int(reader.data_row.sum())
        count.used += int((reader.is_indicator | reader.is_heading).sum())
        count.reported += int((reader.is_nameless | reader.is_stray_text).sum())
    units = {record.indicator.id: record.indicator.unit for record in records}
    observations = _observations(sheet, pd.concat(cells, ignore_index=True), units, source, findings)
    findings.extend(_library_findings(sheet, records))
    return SheetRead(sheet=sheet, records=records, observations=observations, findings=findings, count=count)


def _observations(sheet: str, cells: pd.DataFrame, units: dict[str, Unit | None], source: str,
                  findings: list[Finding]) -> pd.DataFrame:
    parsed = parse_values(cells["raw"])  # the one parse of the sheet's month cells
    problem = parsed["problem"]
    bad = problem.notna().to_numpy()
    raw_text = cells.loc[bad, "raw"].astype(str)
    problems = problem[bad].where(problem[bad].str.startswith("'"), "'" + raw_text + "' " + problem[bad])
    bad_names = cells.loc[bad, "name"].tolist()
    problem_texts = problems.tolist()
    findings.extend(findings_at("bad_month_cell", sheet, cells.loc[bad, "cell"].tolist(),
                                lambda i: {"problem": problem_texts[i], "indicator": bad_names[i]}))

    value = parsed["value"]
    percent_ids = [ind_id for ind_id, unit in units.items() if unit is Unit.percent]
    is_percent = cells["indicator_id"].isin(percent_ids).to_numpy(dtype=bool)
    over = is_percent & (value > 100).to_numpy()
    over_names, over_values = cells.loc[over, "name"].tolist(), value[over].tolist()
    findings.extend(findings_at("percent_over_100", sheet, cells.loc[over, "cell"].tolist(),
                                lambda i: {"indicator": over_names[i], "value": over_values[i]}))

    # The printed direction and status describe the row's latest month with a figure (else its last month).
    has_value = value.notna()
    latest_any = cells.groupby("row")["ordinal"].max()
    latest = cells.loc[has_value, ["row", "ordinal"]].groupby("row")["ordinal"].max().reindex(latest_any.index)
    latest = latest.fillna(latest_any)
    at_latest = (cells["ordinal"] == cells["row"].map(latest)).to_numpy()

    observations = pd.DataFrame({
        "indicator_id": cells["indicator_id"],
        "locality": cells["locality"],
        "period": pd.PeriodIndex.from_ordinals(cells["ordinal"].to_numpy(dtype="int64"), freq="M"),
        "value": value,
        "numerator": np.nan,  # a published table prints only the figure
        "denominator": np.nan,
        "missing_reason": parsed["missing_reason"].where(value.isna()),
        "note": parsed["note"],
        "published_direction": cells["published_direction"].where(at_latest),
        "published_rag": cells["published_rag"].where(at_latest),
        "sheet": sheet,
        "cell": cells["cell"],
        "source": source,
        "name": cells["name"],
    })[~bad]
    return observations.reset_index(drop=True)


def _library_findings(sheet: str, records: list[IndicatorRecord]) -> list[Finding]:
    """Per sheet: what the library filled in, and which names it matched despite other wording."""
    findings: list[Finding] = []
    filled: dict[str, set[str]] = {}
    reworded: dict[str, str] = {}
    for record in records:
        if record.library_id is not None and record.filled:
            filled.setdefault(record.indicator.id, set()).update(record.filled)
        if record.library_id is not None and record.library_score < 1.0:
            reworded.setdefault(record.library_id, record.printed_name)
    if filled:
        kinds = set().union(*filled.values())
        words = "/".join(FILL_WORDS[key] for key in FILL_WORDS if key in kinds)
        findings.append(finding("library_fill", sheet=sheet, indicators=counted(len(filled), "indicator"),
                                details=words))
    if reworded:
        listed = "; ".join(f"'{printed}' as {ind_id}" for ind_id, printed in list(reworded.items())[:20])
        findings.append(finding("library_match", sheet=sheet, names=counted(len(reworded), "indicator name"),
                                listed=f"{listed}{'...' if len(reworded) > 20 else ''}"))
    return findings
