"""Reading a sheet through a manager's column mapping, into what the published reader produces.

The mapping names the columns; the rows are then read exactly as a published table is (area
headings, rows without a name, the indicator library, the same cell parsing), so a mapped sheet
joins the other sheets' indicators and observations as any sheet does. What a published table
cannot hold is read here beside it: per-period targets and intervention levels (in force from
their period), numerators and denominators, a fixed intervention level, commentary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.ingest.cells import a1, column_letter, is_blank, parse_values
from core.ingest.mapping import (
    ColumnMapping,
    ColumnRole,
    PeriodHolds,
    header_parts,
    header_row_of,
    header_shape,
    printed_header,
)
from core.ingest.published_header import PublishedTable
from core.ingest.published_sheet import SheetRead, read_sheet
from core.knowledge.text import normalise_header
from core.model import WHOLE_AUTHORITY, AmberBand, BandKind, Commentary, conform_targets
from core.model.targets import targets_in_force
from core.validation.catalogue import MAX_FINDINGS_PER_RULE, finding
from core.validation.findings import Finding

# Mapped roles a published table reads itself, by its field names.
_TABLE_FIELDS = {ColumnRole.indicator: "name", ColumnRole.area: "area", ColumnRole.locality: "locality",
                 ColumnRole.unit: "unit", ColumnRole.good_is: "good_is", ColumnRole.target: "target"}
_HOLDS_WORDS = {PeriodHolds.value: "value", PeriodHolds.target: "target",
                PeriodHolds.intervention_level: "intervention level", PeriodHolds.numerator: "numerator",
                PeriodHolds.denominator: "denominator"}


@dataclass
class ResolvedHeader:
    """Which column of this sheet holds what, by the mapping (zero-based columns)."""

    fields: dict[ColumnRole, int] = field(default_factory=dict)
    commentary: list[int] = field(default_factory=list)
    periods: dict[PeriodHolds, dict[int, pd.Period]] = field(default_factory=dict)
    unused: list[tuple[int, str, str]] = field(default_factory=list)  # column, header, why

    @property
    def mapped(self) -> int:
        return len(self.fields) + len(self.commentary) + sum(len(cols) for cols in self.periods.values())


def resolve_header(mapping: ColumnMapping, header_cells: Sequence[object]) -> ResolvedHeader:
    """Each header cell to its mapped meaning; the ones the mapping does not use are listed with why."""
    explicit = {normalise_header(c.header): c for c in mapping.columns if c.period is not None}
    by_shape = {c.key: c for c in mapping.columns if c.period is None}
    resolved = ResolvedHeader()
    first_of: dict[tuple[PeriodHolds, pd.Period], int] = {}
    for col, cell in enumerate(header_cells):  # header cells: a few dozen
        if not normalise_header(cell) and header_parts(cell)[0] is None:
            continue
        printed = printed_header(cell)
        column = explicit.get(normalise_header(printed)) or by_shape.get(header_shape(printed))
        if column is None or column.role is ColumnRole.ignore:
            why = "the mapping does not name it" if column is None else "the mapping says it is not used"
            resolved.unused.append((col, printed, why))
        elif column.role is ColumnRole.period:
            period = pd.Period(column.period, freq="M") if column.period else header_parts(printed)[0]
            repeated = first_of.get((column.holds, period))
            if repeated is not None:
                resolved.unused.append((col, printed, f"repeats the {period.strftime('%b %Y')} "
                                        f"{_HOLDS_WORDS[column.holds]} of column {column_letter(repeated)}"))
                continue
            first_of[(column.holds, period)] = col
            resolved.periods.setdefault(column.holds, {})[col] = period
        elif column.role is ColumnRole.commentary:
            resolved.commentary.append(col)
        elif column.role in resolved.fields:
            resolved.unused.append((col, printed, f"a second {column.choice.lower()} column"))
        else:
            resolved.fields[column.role] = col
    return resolved


@dataclass
class MappedSheets:
    reads: dict[str, SheetRead] = field(default_factory=dict)  # with the per-period targets and commentary
    findings: list[Finding] = field(default_factory=list)


def read_mapped_sheets(sheets: dict[str, pd.DataFrame], mappings: Sequence[ColumnMapping],
                       source: str) -> MappedSheets:
    """Every sheet a mapping fits, read through it; a mapping for a sheet whose header changed is reported."""
    result = MappedSheets()
    for sheet, frame in sheets.items():
        named = [mapping for mapping in mappings
                 if normalise_header(mapping.sheet) == normalise_header(sheet) and not mapping.problems()]
        for mapping in named:
            row = header_row_of(sheet, frame, mapping)
            if row is not None:
                result.reads[sheet] = read_mapped_sheet(sheet, frame, mapping, row, source)
                break
        else:
            if named:
                result.findings.append(finding("mapping_layout_changed", sheet=sheet, sheet_name=named[0].sheet))
    return result


def read_mapped_sheet(sheet: str, frame: pd.DataFrame, mapping: ColumnMapping, header_row: int,
                      source: str) -> SheetRead:
    """The sheet's rows through the mapping, from the zero-based `header_row` down."""
    header = frame.iloc[header_row].tolist()
    resolved = resolve_header(mapping, header)
    fields = {_TABLE_FIELDS[role]: col for role, col in resolved.fields.items() if role in _TABLE_FIELDS}
    table = PublishedTable(sheet=sheet, header_row=header_row, end_row=len(frame), fields=fields,
                           months=resolved.periods.get(PeriodHolds.value, {}))
    read = read_sheet(sheet, frame, [table], source)
    rows = _IndicatorRows(frame, read, resolved)
    read.findings[:0] = [
        finding("mapping_applied", sheet=sheet, cell=a1(header_row, fields["name"]), row=header_row + 1,
                mapped=resolved.mapped, headers=resolved.mapped + len(resolved.unused)),
        *(finding("mapping_column_unused", sheet=sheet, cell=a1(header_row, col), header=text, why=why)
          for col, text, why in resolved.unused),
    ]
    rows.apply_intervention_level(resolved.fields.get(ColumnRole.intervention_level))
    read.observations = rows.with_counts(read.observations)
    read.targets = conform_targets(pd.concat([read.targets, rows.targets()], ignore_index=True))
    read.commentary = [*read.commentary, *rows.commentary(header)]
    return read


class _IndicatorRows:
    """The indicator rows the published reader kept, for what it does not read itself."""

    def __init__(self, frame: pd.DataFrame, read: SheetRead, resolved: ResolvedHeader) -> None:
        self.frame = frame
        self.read = read
        self.resolved = resolved
        self.rows = np.array([record.row for record in read.records], dtype="int64")
        self.ids = np.array([record.indicator.id for record in read.records], dtype=object)
        self.names = np.array([record.printed_name for record in read.records], dtype=object)
        locality_col = resolved.fields.get(ColumnRole.locality)
        if locality_col is None:
            self.localities = np.full(len(self.rows), WHOLE_AUTHORITY, dtype=object)
        else:  # as the published reader reads it: blank is the whole authority
            text = frame.iloc[self.rows, locality_col].astype("string").str.strip().replace("", pd.NA)
            self.localities = text.fillna(WHOLE_AUTHORITY).to_numpy(dtype=object)

    def _numbers(self, col: int, what: str) -> pd.DataFrame:
        """parse_values of one column at the indicator rows; cells that are no number are reported."""
        raw = self.frame.iloc[self.rows, col].astype(object).reset_index(drop=True)
        parsed = parse_values(raw)
        self._report(parsed["problem"].notna().to_numpy(), raw, [a1(int(row), col) for row in self.rows],
                     [what] * len(self.rows), self.names)
        return parsed

    def _report(self, bad: np.ndarray, raw: pd.Series, cells: list[str], whats: list[str], names: np.ndarray) -> None:
        at = np.flatnonzero(bad)[:MAX_FINDINGS_PER_RULE]  # the report caps the rest with one line
        self.read.findings.extend(
            finding("mapping_bad_number", sheet=self.read.sheet, cell=cells[i], what=whats[i],
                    text=str(raw.iat[i]).strip()[:60], name=names[i]) for i in at)

    def apply_intervention_level(self, col: int | None) -> None:
        """A fixed intervention level column: the indicator's band, as an intervention level."""
        if col is None or not len(self.rows):
            return
        level = self._numbers(col, "intervention level")["value"].to_numpy()
        for record, value in zip(self.read.records, level):  # one per indicator row
            if value == value:
                band = AmberBand(kind=BandKind.intervention, value=float(value))
                record.indicator = record.indicator.model_copy(update={"amber_band": band})

    def _period_cells(self, holds: PeriodHolds) -> pd.DataFrame:
        """Every indicator row x period column holding `holds`, melted, raw cells unparsed."""
        columns = self.resolved.periods.get(holds, {})
        cols = list(columns)
        block = self.frame.iloc[self.rows, cols].to_numpy(dtype=object) if cols else np.empty((0, 0), dtype=object)
        n_rows, n_cols = len(self.rows), len(cols)
        letters = np.tile(np.array([column_letter(col) for col in cols], dtype=object), n_rows)
        sheet_rows = np.repeat(self.rows, n_cols)
        return pd.DataFrame({
            "indicator_id": np.repeat(self.ids, n_cols), "name": np.repeat(self.names, n_cols),
            "locality": np.repeat(self.localities, n_cols),
            "period": pd.PeriodIndex(np.tile(np.array(list(columns.values()), dtype=object), n_rows), freq="M"),
            "raw": block.ravel(),
            "cell": pd.Series(letters, dtype=object) + pd.Series(sheet_rows + 1).astype(str),
        })

    def with_counts(self, observations: pd.DataFrame) -> pd.DataFrame:
        """Numerators and denominators from their own period columns, beside the values of the same period."""
        for holds in (PeriodHolds.numerator, PeriodHolds.denominator):
            cells = self._period_cells(holds)
            if cells.empty:
                continue
            parsed = parse_values(cells["raw"])
            self._report(parsed["problem"].notna().to_numpy(), cells["raw"], cells["cell"].tolist(),
                         [f"{holds.value} for {p.strftime('%b %Y')}" for p in cells["period"]],
                         cells["name"].to_numpy())
            counts = cells[["indicator_id", "locality", "period"]].assign(**{holds.value: parsed["value"]})
            counts = counts.drop_duplicates(["indicator_id", "locality", "period"])
            key = ["indicator_id", "locality", "period"]
            joined = observations.drop(columns=holds.value).merge(counts, on=key, how="left")
            observations = joined[observations.columns]
        return observations

    def targets(self) -> pd.DataFrame:
        """Per-period targets and intervention levels, each in force from its period (whole-authority rows)."""
        parts = {}
        for holds in (PeriodHolds.target, PeriodHolds.intervention_level):
            cells = self._period_cells(holds)
            cells = cells[cells["locality"] == WHOLE_AUTHORITY].reset_index(drop=True)
            parsed = parse_values(cells["raw"])
            parts[holds] = cells.assign(number=parsed["value"], problem=parsed["problem"])
        target, level = parts[PeriodHolds.target], parts[PeriodHolds.intervention_level]
        key = ["indicator_id", "period"]
        # A target in words ('decrease from Q1') is kept verbatim: it is the target as published.
        target = target.assign(target_text=target["raw"].astype("string").str.strip().where(target["problem"].notna()))
        self._report(level["problem"].notna().to_numpy(), level["raw"], level["cell"].tolist(),
                     [f"intervention level for {p.strftime('%b %Y')}" for p in level["period"]], level["name"].to_numpy())
        merged = target[[*key, "number", "target_text", "cell"]].rename(columns={"number": "target"}).merge(
            level[[*key, "number", "cell"]].rename(columns={"number": "band_value", "cell": "level_cell"}),
            on=key, how="outer")
        merged = merged.drop_duplicates(key)
        given = merged["target"].notna() | merged["band_value"].notna() | merged["target_text"].notna()
        merged = merged[given]
        return conform_targets(pd.DataFrame({
            "indicator_id": merged["indicator_id"], "from_period": merged["period"], "target": merged["target"],
            "band_kind": pd.Series(BandKind.intervention.value, index=merged.index).where(merged["band_value"].notna()),
            "band_value": merged["band_value"], "target_text": merged["target_text"],
            "sheet": self.read.sheet, "cell": merged["cell"].fillna(merged["level_cell"]),
        }))

    def commentary(self, header: list[object]) -> list[Commentary]:
        """Commentary columns: each non-empty cell, for its indicator and the sheet's latest period."""
        periods = [period for cols in self.resolved.periods.values() for period in cols.values()]
        if not self.resolved.commentary or not periods or not len(self.rows):
            return []
        month = max(periods).strftime("%Y-%m")
        several = len(self.resolved.commentary) > 1
        notes: list[Commentary] = []
        for col in self.resolved.commentary:
            raw = self.frame.iloc[self.rows, col]
            written = ~is_blank(raw).to_numpy()
            label = printed_header(header[col])
            for ind_id, text in zip(self.ids[written], raw[written]):  # only the cells with words in them
                words = str(text).strip()
                notes.append(Commentary(subject=ind_id, period=month, text=f"{label}: {words}" if several else words))
        return notes


PREVIEW_COLUMNS = ["indicator", "locality", "month", "value", "note", "target", "intervention_level", "cell"]


def preview_mapping(sheet: str, frame: pd.DataFrame, mapping: ColumnMapping, rows: int = 12) -> pd.DataFrame:
    """The first observations as the mapping would load them, with the target in force that month."""
    mapped = read_mapped_sheet(sheet, frame, mapping, mapping.header_row - 1, source="preview")
    observations = mapped.read.observations.head(rows)
    names = {record.indicator.id: record.printed_name for record in mapped.read.records}
    fixed = {record.indicator.id: record.indicator.target for record in mapped.read.records}
    in_force = targets_in_force(observations[["indicator_id", "period"]], mapped.targets)
    shown = observations.reset_index(drop=True).assign(
        target=in_force["target"].where(in_force["dated"]), intervention_level=in_force["band_value"])
    return pd.DataFrame({
        "indicator": shown["indicator_id"].map(names), "locality": shown["locality"],
        "month": shown["period"].dt.strftime("%b %Y"), "value": shown["value"], "note": shown["note"],
        "target": shown["target"].fillna(shown["indicator_id"].map(fixed)),
        "intervention_level": shown["intervention_level"], "cell": shown["cell"],
    }, columns=PREVIEW_COLUMNS)
