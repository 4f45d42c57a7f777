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

from core.ingest.published_header import find_tables, looks_published
from core.ingest.published_merge import merge_indicators, merge_observations
from core.ingest.published_sheet import read_sheet
from core.model import About, Indicator, conform_observations
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


def read_published_sheets(sheets: dict[str, pd.DataFrame], source: str) -> PublishedResult:
    findings: list[Finding] = []
    records, parts, counts, used = [], [], [], []
    for sheet, frame in sheets.items():  # sheets in workbook order: the first figure read is kept
        tables = find_tables(sheet, frame)
        if not tables:
            if not frame.dropna(how="all").empty:
                findings.append(finding("sheet_not_read", sheet=sheet))
            continue
        read = read_sheet(sheet, frame, tables, source)
        records.extend(read.records)
        parts.append(read.observations)
        findings.extend(read.findings)
        counts.append(read.count)
        used.append(sheet)
    if not used:
        findings.append(finding("no_published_table", sheets=", ".join(sheets) or "none"))
        return PublishedResult(indicators={}, observations=conform_observations(pd.DataFrame()),
                               findings=findings, row_counts=counts, sheets_used=used)
    indicators, indicator_findings = merge_indicators(records)
    observations, observation_findings = merge_observations(parts)
    findings.extend(indicator_findings)
    findings.extend(observation_findings)
    return PublishedResult(indicators=indicators, observations=observations, findings=findings,
                           row_counts=counts, sheets_used=used, about=_about(observations, sheets))


# "Dorset Council - Corporate Parenting Board ...", "London Borough of Camden Children's Services ..."
_AUTHORITY = re.compile(
    r"\b((?:London Borough of|Royal Borough of|City of) [A-Z][\w'&-]*(?: (?:upon|and) [A-Z][\w'&-]*)*"
    r"|[A-Z][\w'&]*(?: (?:and )?[A-Z][\w'&]*)* (?:County |City |Borough |District |Metropolitan Borough )?Council)\b"
)
TITLE_ROWS = 5


def _authority(sheets: dict[str, pd.DataFrame]) -> str | None:
    """The council's name from the title rows at the top of the sheets, where packs print it."""
    for frame in sheets.values():
        for cell in frame.iloc[:TITLE_ROWS].to_numpy().ravel():
            if isinstance(cell, str):
                match = _AUTHORITY.search(cell)
                if match:
                    return match.group(1)
    return None


def _about(observations: pd.DataFrame, sheets: dict[str, pd.DataFrame]) -> About:
    """A published pack states its authority and month in prose: the title rows, and the latest month
    with a figure, stand in for the template's About sheet."""
    authority = _authority(sheets)
    named = {"authority": authority} if authority else {}
    with_values = observations.loc[observations["value"].notna(), "period"]
    if with_values.empty:
        return About(**named)
    return About(month_ending=with_values.max().end_time.date(), **named)
