"""Finding the tables of a published (wide) scorecard sheet: a header row naming an indicator column
and month columns, with optional columns (Unit, Good Is, England Av., Target, D.O.T. ...) named
through knowledge/header_synonyms.csv. A sheet may repeat its header further down (one table per
area page); each header row starts a new table that runs to the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.ingest.cells import parse_month
from core.knowledge import header_synonyms
from core.knowledge.text import normalise_header, normalise_header_cells

HEADER_SEARCH_ROWS = 30  # the first table's header sits under a title, logo and navigation rows
MIN_MONTH_COLUMNS = 2

# The columns a published table may carry besides the months; other synonyms (template-only) are ignored.
PUBLISHED_FIELDS = frozenset({
    "name", "area", "locality", "unit", "good_is", "target", "england", "sn", "region", "baseline",
    "published_direction", "published_rag", "trend", "periodicity",
})
# "England Av. 21/22", "Target (2022/23)", "SN 2021": the year belongs to the figure, not to the header.
_TRAILING_YEAR = re.compile(r"\s*\(?\s*(?P<year>\d{2,4}\s*/\s*\d{2,4}|\d{4})\s*\)?$")


# pandas' inferred kinds of a column that holds at least one text cell
_HOLDS_TEXT = frozenset({"string", "mixed", "mixed-integer"})


@dataclass(frozen=True)
class PublishedTable:
    """One table: its header row, the rows it spans and what each column holds (zero-based)."""

    sheet: str
    header_row: int
    end_row: int  # exclusive: the next header row or the end of the sheet
    fields: dict[str, int]  # field -> column; always holds "name"
    months: dict[int, pd.Period]  # column -> month, first of each month only
    duplicate_months: dict[int, int] = field(default_factory=dict)  # column -> column it repeats
    field_years: dict[str, str] = field(default_factory=dict)  # e.g. {"england": "21/22"}
    unknown_headers: dict[int, str] = field(default_factory=dict)

    @property
    def name_col(self) -> int:
        return self.fields["name"]

    @property
    def columns(self) -> list[int]:
        """Every column the table reads: fields, months and repeated months."""
        return sorted({*self.fields.values(), *self.months, *self.duplicate_months})


def header_field(raw: object) -> tuple[str | None, str | None]:
    """(field, year) named by one header cell; field None when the header is not a known column."""
    text = normalise_header(raw)
    if not text:
        return None, None
    synonyms = header_synonyms()
    found = synonyms.get(text)
    if found in PUBLISHED_FIELDS:
        return found, None
    dated = _TRAILING_YEAR.search(text)
    if dated and dated.start() > 0:
        found = synonyms.get(text[: dated.start()].strip())
        if found in PUBLISHED_FIELDS:
            return found, re.sub(r"\s+", "", dated["year"])
    return None, None


def _read_header_row(sheet: str, frame: pd.DataFrame, row: int, end_row: int) -> PublishedTable | None:
    fields: dict[str, int] = {}
    years: dict[str, str] = {}
    months: dict[int, pd.Period] = {}
    duplicates: dict[int, int] = {}
    unknown: dict[int, str] = {}
    first_col_of_month: dict[pd.Period, int] = {}
    for col, raw in enumerate(frame.iloc[row].tolist()):  # header cells: a few dozen at most
        period = parse_month(raw)
        if period is not None:
            if period in first_col_of_month:
                duplicates[col] = first_col_of_month[period]
            else:
                first_col_of_month[period] = col
                months[col] = period
            continue
        name, year = header_field(raw)
        if name is not None and name not in fields:
            fields[name] = col
            if year:
                years[name] = year
        elif normalise_header(raw):
            unknown[col] = str(raw).strip()
    if "name" not in fields or len(months) + len(duplicates) < MIN_MONTH_COLUMNS:
        return None
    return PublishedTable(sheet=sheet, header_row=row, end_row=end_row, fields=fields, months=months,
                          duplicate_months=duplicates, field_years=years, unknown_headers=unknown)



def _candidate_header_rows(frame: pd.DataFrame) -> list[int]:
    """Rows where some cell names the indicator column: only these are examined cell by cell."""
    name_words = [text for text, name in header_synonyms().items() if name == "name"]
    longest = max(len(word) for word in name_words) + 10  # room for punctuation and spaces
    hits = np.zeros(len(frame), dtype=bool)
    for col in range(frame.shape[1]):  # columns, not rows: vectorised down each column
        cells = pd.Series(frame.iloc[:, col].to_numpy(dtype=object))
        if pd.api.types.infer_dtype(cells, skipna=True) not in _HOLDS_TEXT:
            continue  # numbers, dates or nothing: no header word here
        short_text = (cells.str.len() <= longest).fillna(False).to_numpy(dtype=bool)  # NaN for non-text
        if short_text.any():
            folded = normalise_header_cells(cells[short_text])
            hits[np.flatnonzero(short_text)] |= folded.isin(name_words).fillna(False).to_numpy(dtype=bool)
    return [int(row) for row in np.flatnonzero(hits)]


def find_tables(sheet: str, frame: pd.DataFrame) -> list[PublishedTable]:
    """Every published table in a sheet; the first header must sit in the top HEADER_SEARCH_ROWS rows."""
    if frame.empty:
        return []
    header_rows: list[int] = []
    for row in _candidate_header_rows(frame):
        if not header_rows and row >= HEADER_SEARCH_ROWS:
            break
        if _read_header_row(sheet, frame, row, len(frame)) is not None:
            header_rows.append(row)
    ends = [*header_rows[1:], len(frame)]
    tables = [_read_header_row(sheet, frame, row, end) for row, end in zip(header_rows, ends)]
    return [table for table in tables if table is not None]


def looks_published(frame: pd.DataFrame) -> bool:
    """True when the sheet holds a published table: an indicator column and 2+ month columns near the top."""
    return bool(find_tables("", frame))
