"""Reading a published (wide) scorecard: indicator rows, month columns, several sheets.

This is the layout councils print in their board papers: a title and navigation rows, then a header
row (Indicator, Unit, Good Is, England Av., Good + SN, Target, month columns, Latest D.O.T.), area
heading rows between indicator rows, and often the same indicator again on an appendix sheet.

    read_published_sheets(sheets, source) -> PublishedResult

`sheets` are raw frames (no header row: frame.iat[r, c] is Excel cell (r+1, c+1)), as
core.reading.read_sheets or pd.read_excel(header=None, sheet_name=None) return them.
Where the sheet says nothing about an indicator's area, unit or polarity, the indicator library
fills it in; an indicator the library does not know is still loaded, under a generated id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from core.ingest.published_header import (
    by_place_tables,
    find_tables,
    looks_published,
    without_impossible_periods,
)
from core.ingest.published_merge import (
    merge_indicators,
    merge_observations,
    one_spelling_per_place,
)
from core.ingest.published_sheet import TITLE_ROWS, SheetRead, read_sheet
from core.model import (
    About,
    Commentary,
    Indicator,
    conform_observations,
    conform_targets,
)
from core.validation.catalogue import finding
from core.validation.findings import Finding
from core.validation.report import RowCount, RowTotals

__all__ = ["PublishedResult", "looks_published", "read_published_sheets"]


@dataclass
class PublishedResult(RowTotals):
    indicators: dict[str, Indicator]
    observations: pd.DataFrame  # OBSERVATION_COLUMNS, via conform_observations
    findings: list[Finding] = field(default_factory=list)
    row_counts: list[RowCount] = field(default_factory=list)  # one per sheet read
    sheets_used: list[str] = field(default_factory=list)
    about: About = field(default_factory=About)
    targets: pd.DataFrame = field(default_factory=lambda: conform_targets(pd.DataFrame()))  # TARGET_COLUMNS
    commentary: list[Commentary] = field(default_factory=list)
    authority_named: bool = False  # False: the workbook never says whose it is, so the upload must ask


def read_published_sheets(sheets: dict[str, pd.DataFrame], source: str, latest_allowed: pd.Period | None = None,
                          pre_read: dict[str, SheetRead] | None = None) -> PublishedResult:
    """`latest_allowed`: the latest month a header may name (default: this month); later ones are errors.

    `pre_read`: sheets already read another way (a manager's column mapping), joined like the rest.
    """
    latest_allowed = latest_allowed or pd.Timestamp.today().to_period("M")
    findings: list[Finding] = []
    records, parts, counts, used, targets, commentary = [], [], [], [], [], []
    for sheet, frame in sheets.items():  # sheets in workbook order: the first figure read is kept
        read = (pre_read or {}).get(sheet)
        if read is None:
            read = _read_found_tables(sheet, frame, source, latest_allowed, findings)
        if read is None:
            continue
        records.extend(read.records)
        parts.append(read.observations)
        findings.extend(read.findings)
        counts.append(read.count)
        targets.append(read.targets)
        commentary.extend(read.commentary)
        used.append(sheet)
    if not used:
        findings.append(finding("no_published_table", sheets=", ".join(sheets) or "none"))
        return PublishedResult(indicators={}, observations=conform_observations(pd.DataFrame()),
                               findings=findings, row_counts=counts, sheets_used=used)
    indicators, indicator_findings = merge_indicators(records)
    parts, spelling_findings = one_spelling_per_place(parts)
    findings.extend(spelling_findings)
    observations, observation_findings = merge_observations(parts)
    findings.extend(indicator_findings)
    findings.extend(observation_findings)
    authority = _authority(sheets)
    return PublishedResult(indicators=indicators, observations=observations, findings=findings,
                           row_counts=counts, sheets_used=used, about=_about(observations, authority),
                           targets=conform_targets(pd.concat(targets, ignore_index=True)),
                           commentary=commentary, authority_named=authority is not None)


def _read_found_tables(sheet: str, frame: pd.DataFrame, source: str, latest_allowed: pd.Period,
                       findings: list[Finding]) -> SheetRead | None:
    """The sheet's published tables, read; None (with a note when it has data) when it has none."""
    tables, by_place = by_place_tables(find_tables(sheet, frame))
    for table in by_place:
        bands = list(table.place_bands.items())
        findings.append(finding("months_by_place", sheet=sheet, cell=bands[0][0], row=table.header_row + 1,
                                bands=", ".join(f"{cell} '{text[:40]}'" for cell, text in bands[:8])
                                + (", ..." if len(bands) > 8 else "")))
    tables, impossible = without_impossible_periods(tables, latest_allowed)
    findings.extend(finding("period_impossible", sheet=name, cell=cell, column=cell.rstrip("0123456789"),
                            text=text, month=period.strftime("%B %Y"), why=why)
                    for name, cell, text, period, why in impossible)
    if not tables and by_place:
        return None
    if not tables:
        if not frame.dropna(how="all").empty:
            findings.append(finding("sheet_not_read", sheet=sheet))
        return None
    return read_sheet(sheet, frame, tables, source)


# "Dorset Council - Corporate Parenting Board ...", "London Borough of Camden Children's Services ..."
_AUTHORITY = re.compile(
    r"\b((?:London Borough of|Royal Borough of|City of) [A-Z][\w'&-]*(?: (?:upon|and) [A-Z][\w'&-]*)*"
    r"|[A-Z][\w'&]*(?: (?:and )?[A-Z][\w'&]*)* (?:County |City |Borough |District |Metropolitan Borough )?Council)\b"
)


def _authority(sheets: dict[str, pd.DataFrame]) -> str | None:
    """The council's name from the title rows at the top of the sheets, where packs print it."""
    for frame in sheets.values():
        for cell in frame.iloc[:TITLE_ROWS].to_numpy().ravel():
            if isinstance(cell, str):
                match = _AUTHORITY.search(cell)
                if match:
                    return match.group(1)
    return None


def _about(observations: pd.DataFrame, authority: str | None) -> About:
    """A published pack states its authority and month in prose: the title rows, and the latest month
    with a figure, stand in for the template's About sheet."""
    named = {"authority": authority} if authority else {}
    with_values = observations.loc[observations["value"].notna(), "period"]
    if with_values.empty:
        return About(**named)
    return About(month_ending=with_values.max().end_time.date(), **named)
