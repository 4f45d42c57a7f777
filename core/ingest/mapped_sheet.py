"""Reading a sheet through a manager's column mapping, by the published reader.

The mapping says what each column holds; that becomes a published table (fields, period columns
and what each holds, commentary columns), and the rows are then read exactly as any published
table is: area headings, rows without a name, the indicator library, the same cell parsing,
per-period targets and intervention levels, counts and commentary. A mapped sheet joins the other
sheets' indicators and observations as any sheet does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from core.ingest.cells import a1, column_letter
from core.ingest.mapping import (
    ColumnMapping,
    ColumnRole,
    PeriodHolds,
    header_parts,
    header_row_of,
    header_shape,
    printed_header,
)
from core.ingest.published_header import PeriodColumn, PublishedTable
from core.ingest.published_sheet import SheetRead, read_sheet
from core.knowledge.text import normalise_header
from core.model.targets import targets_in_force
from core.validation.catalogue import finding
from core.validation.findings import Finding

# Mapped roles a published table reads itself, by its field names.
_TABLE_FIELDS = {ColumnRole.indicator: "name", ColumnRole.area: "area", ColumnRole.locality: "locality",
                 ColumnRole.unit: "unit", ColumnRole.good_is: "good_is", ColumnRole.target: "target",
                 ColumnRole.intervention_level: "intervention_level"}
# What the published reader calls each kind of period column (knowledge/period_attributes.csv).
_READER_HOLDS = {PeriodHolds.value: "value", PeriodHolds.target: "target",
                 PeriodHolds.intervention_level: "intervention", PeriodHolds.numerator: "numerator",
                 PeriodHolds.denominator: "denominator"}
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
                why = (f"repeats the {period.strftime('%b %Y')} {_HOLDS_WORDS[column.holds]} "
                       f"of column {column_letter(repeated)}")
                resolved.unused.append((col, printed, why))
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
    """The sheet's rows through the mapping, from the zero-based `header_row` down, by the published reader."""
    header = frame.iloc[header_row].tolist()
    resolved = resolve_header(mapping, header)
    fields = {_TABLE_FIELDS[role]: col for role, col in resolved.fields.items()}
    period_columns = {col: PeriodColumn(period=period, holds=_READER_HOLDS[holds], quarterly=False,
                                        header=printed_header(header[col]))
                      for holds, columns in resolved.periods.items() for col, period in columns.items()}
    table = PublishedTable(sheet=sheet, header_row=header_row, end_row=len(frame), fields=fields,
                           months=resolved.periods.get(PeriodHolds.value, {}), period_columns=period_columns,
                           commentary={col: printed_header(header[col]) for col in resolved.commentary},
                           first_header_row=header_row, name_row=header_row)
    read = read_sheet(sheet, frame, [table], source)
    read.findings[:0] = [
        finding("mapping_applied", sheet=sheet, cell=a1(header_row, fields["name"]), row=header_row + 1,
                mapped=resolved.mapped, headers=resolved.mapped + len(resolved.unused)),
        *(finding("mapping_column_unused", sheet=sheet, cell=a1(header_row, col), header=text, why=why)
          for col, text, why in resolved.unused),
    ]
    return read


PREVIEW_COLUMNS = ["indicator", "locality", "month", "value", "note", "target", "intervention_level", "cell"]


def preview_mapping(sheet: str, frame: pd.DataFrame, mapping: ColumnMapping, rows: int = 12) -> pd.DataFrame:
    """The first observations as the mapping would load them, with the target in force that month."""
    mapped = read_mapped_sheet(sheet, frame, mapping, mapping.header_row - 1, source="preview")
    observations = mapped.observations.head(rows)
    names = {record.indicator.id: record.printed_name for record in mapped.records}
    fixed = {record.indicator.id: record.indicator.target for record in mapped.records}
    in_force = targets_in_force(observations[["indicator_id", "period"]], mapped.targets)
    shown = observations.reset_index(drop=True).assign(
        target=in_force["target"].where(in_force["dated"]), intervention_level=in_force["band_value"])
    return pd.DataFrame({
        "indicator": shown["indicator_id"].map(names), "locality": shown["locality"],
        "month": shown["period"].dt.strftime("%b %Y"), "value": shown["value"], "note": shown["note"],
        "target": shown["target"].fillna(shown["indicator_id"].map(fixed)),
        "intervention_level": shown["intervention_level"], "cell": shown["cell"],
    }, columns=PREVIEW_COLUMNS)
