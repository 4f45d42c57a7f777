"""Finding the tables of a published (wide) scorecard sheet and what each column holds.

A table's header names an indicator column and period columns, with optional columns (Unit,
Good Is, England Av., Target, D.O.T., free-text commentary ...) named through the knowledge tables.
The header may span up to three rows: band rows above the row naming the indicator column
(`Benchmarking 19/20` merged over `Eng AV | Good + AV`, `Current Target` over a blank cell) and a
row of months beneath it. Each column's header is the text of every header row over it, band
first; a band's year becomes the year of the benchmarks beneath it. A period column may say what
it holds (`Q2 Target 2022/23`, `Sep 22 actual`): the words come from knowledge/period_attributes.csv.

A sheet may repeat its header further down (one table per area page); each header starts a new
table that runs to the next. The search is linear in cells: one pass finds the rows holding an
indicator-column word, and each distinct header is interpreted once however often it repeats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import numpy as np
import pandas as pd

from core.ingest.cells import (
    KIND_BOOL,
    KIND_NUMBER,
    KIND_TEXT,
    a1,
    parse_month,
    sheet_cell_kinds,
)
from core.knowledge import figure_kinds, header_synonyms, period_attributes
from core.knowledge.text import normalise_header

HEADER_SEARCH_ROWS = 30  # the first table's header sits under a title, logo and navigation rows
MIN_PERIOD_COLUMNS = 2
MAX_HEADER_ROWS = 3

# The columns a published table reads besides the periods; other synonyms (template-only, or a
# Baseline / Trend column nothing reads) are reported as not used.
PUBLISHED_FIELDS = frozenset({
    "name", "area", "locality", "unit", "good_is", "target", "intervention_level", "england", "sn", "region",
    "published_direction", "published_rag", "periodicity",
})
COMMENTARY_FIELDS = frozenset({"commentary", "text", "note"})  # free text about the row
# "England Av. 21/22", "Target (2022/23)", "SN 2021": the year belongs to the figure, not to the header.
_TRAILING_YEAR = re.compile(r"\s*\(?\s*(?P<year>\d{2,4}\s*/\s*\d{2,4}|\d{4})\s*\)?$")
_ANY_YEAR = re.compile(r"(?<![\d/])(?P<year>\d{2,4}\s*/\s*\d{2,4}|(?:19|20)\d{2})(?![\d/])")

_MONTH_NAMES = ("january|february|march|april|may|june|july|august|september|sept|october|november|december"
                "|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec")
# A month inside a longer header: 'Target Mar-23', 'Sep 22 actual', 'October 2022 outturn'.
_MONTH_IN_TEXT = re.compile(rf"\b(?P<mon>{_MONTH_NAMES})\.?[\s\-/']*(?P<year>\d{{4}}|\d{{2}})\b")
# A financial-year quarter split around its attribute: 'Q2 Target 2022/23', 'Q2 2022-23 outturn'.
_QUARTER_IN_TEXT = re.compile(r"\bq(?P<q>[1-4])\b")
_MONTH_NAME_ONLY = re.compile(rf"\b(?P<mon>{_MONTH_NAMES})\b\.?")
_FINANCIAL_YEAR = re.compile(r"\b(?:fy\s*)?(?P<y1>\d{4}|\d{2})\s*[/\-]\s*(?P<y2>\d{2,4})\b")
_MONTH_NUMBER = {name: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
FINANCIAL_YEAR_START, ACADEMIC_YEAR_START = 4, 9  # April; September
_QUARTER_END_MONTH = {1: 6, 2: 9, 3: 12, 4: 3}  # financial year: Q1 Apr-Jun ... Q4 Jan-Mar of the next year


@dataclass(frozen=True)
class PeriodColumn:
    """A column of figures for one period, and what it holds: value, target, intervention, numerator..."""

    period: pd.Period
    holds: str
    quarterly: bool
    header: str  # the header as printed (band and own cell), for messages


@dataclass(frozen=True)
class ColumnRole:
    kind: str  # "field", "period" or "commentary"
    field: str = ""
    year: str | None = None
    period: PeriodColumn | None = None
    label: str = ""


@dataclass(frozen=True)
class PublishedTable:
    """One table: its header rows, the rows it spans and what each column holds (zero-based)."""

    sheet: str
    header_row: int  # the last header row: the data start beneath it
    end_row: int  # exclusive: the next table's first header row or the end of the sheet
    fields: dict[str, int]  # field -> column; always holds "name"
    months: dict[int, pd.Period]  # value column -> month, the first column of each month only
    period_columns: dict[int, PeriodColumn] = field(default_factory=dict)  # every period column
    duplicate_months: dict[int, int] = field(default_factory=dict)  # column -> column it repeats
    field_years: dict[str, str] = field(default_factory=dict)  # e.g. {"england": "19/20"}
    commentary: dict[int, str] = field(default_factory=dict)  # free-text column -> its header
    unused_cells: dict[str, str] = field(default_factory=dict)  # A1 -> text of a header cell not used
    first_header_row: int = -1
    name_row: int = -1  # the header row holding the indicator-column word
    # Band cells over months that repeat under a different band ('Chesil' over Feb-23 | Mar-23, then 'Purbeck'
    # over them again): A1 -> text. Figures laid out by place across the columns: not read (see by_place_tables).
    place_bands: dict[str, str] = field(default_factory=dict)

    @property
    def name_col(self) -> int:
        return self.fields["name"]

    @property
    def quarterly(self) -> bool:
        return any(column.quarterly for column in self.period_columns.values())

    @property
    def attribute_columns(self) -> dict[int, PeriodColumn]:
        """Period columns that hold something other than the figure: targets, intervention levels..."""
        return {col: pc for col, pc in self.period_columns.items() if pc.holds != "value"}

    @property
    def columns(self) -> list[int]:
        """Every column the table reads: fields, periods, repeated months and commentary."""
        return sorted({*self.fields.values(), *self.months, *self.duplicate_months, *self.attribute_columns,
                       *self.commentary})

    def layout_key(self) -> tuple:
        """Equal for tables that read the same columns the same way (a repeated header)."""
        return (tuple(sorted(self.fields.items())), tuple(sorted(self.months.items())),
                tuple(sorted(self.attribute_columns.items(), key=lambda item: item[0])),
                tuple(sorted(self.commentary.items())), tuple(sorted(self.field_years.items())))


def header_field(raw: object) -> tuple[str | None, str | None]:
    """(field, year) named by one header text; field None when it is not a known column."""
    text = normalise_header(raw)
    if not text:
        return None, None
    synonyms = header_synonyms()
    found = synonyms.get(text)
    dated = _TRAILING_YEAR.search(text)
    if found is not None:  # 'target 2022/23' is a synonym in its own right: its year still counts
        return found, (re.sub(r"\s+", "", dated["year"]) if dated and dated.start() > 0 else None)
    if dated and dated.start() > 0:
        found = synonyms.get(text[: dated.start()].strip())
        if found is not None:
            return found, re.sub(r"\s+", "", dated["year"])
    return None, None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def period_with_attribute(text: str, year_starts: int = FINANCIAL_YEAR_START) -> tuple[pd.Period, str, bool] | None:
    """(period, holds, quarterly) for a header such as 'Q2 Target 2022/23', 'Target Mar-23', 'Oct-22'.
    `year_starts`: the month a '2022/23' year begins in, for a month named without its year ('2022/23 Jan')."""
    folded = re.sub(r"\s+", " ", text.strip().lower())
    if not folded:
        return None
    whole = parse_month(folded)
    if whole is not None:
        return whole, "value", bool(re.match(r"^q[1-4]", folded))
    quarter, fin_year = _QUARTER_IN_TEXT.search(folded), _FINANCIAL_YEAR.search(folded)
    if quarter and fin_year:
        q = int(quarter["q"])
        period = pd.Period(year=_year(fin_year["y1"]) + (1 if q == 4 else 0), month=_QUARTER_END_MONTH[q], freq="M")
        rest = _cut(_cut(folded, fin_year), _QUARTER_IN_TEXT.search(_cut(folded, fin_year)))
        quarterly = True
    elif fin_year and (in_year := _month_of_financial_year(
            folded, fin_year, ACADEMIC_YEAR_START if "academic" in folded else year_starts)) is not None:
        period, rest = in_year  # 'Apr' under a '2022/23' band: April 2022; 'Jan' under it: January 2023
        quarterly = False
    else:
        month = _MONTH_IN_TEXT.search(folded)
        if not month:
            return None
        period = pd.Period(year=_year(month["year"]), month=_MONTH_NUMBER[month["mon"]], freq="M")
        rest, quarterly = _cut(folded, month), False
    holds = _holds(rest)
    return None if holds is None else (period, holds, quarterly)


def period_not_read(text: str) -> pd.Period | None:
    """The month a header names when the reader did not take its column ('Mar-23 (provisional)'), unless the other
    words say what kind of figure it is and so why it was left ('Mar-23 YTD', 'Forecast Q4 2022/23'): a month of
    figures a manager expects to see, not loaded."""
    folded = re.sub(r"\s+", " ", str(text).strip().lower())
    month, quarter, fin_year = _MONTH_IN_TEXT.search(folded), _QUARTER_IN_TEXT.search(folded), _FINANCIAL_YEAR.search(folded)
    if month:
        period, rest = pd.Period(year=_year(month["year"]), month=_MONTH_NUMBER[month["mon"]], freq="M"), _cut(folded, month)
    elif quarter and fin_year:
        q = int(quarter["q"])
        period = pd.Period(year=_year(fin_year["y1"]) + (1 if q == 4 else 0), month=_QUARTER_END_MONTH[q], freq="M")
        rest = _cut(_cut(folded, fin_year), _QUARTER_IN_TEXT.search(_cut(folded, fin_year)))
    else:
        return None
    words = " " + normalise_header(re.sub(r"[()\[\]]", " ", rest)) + " "
    # another month or figure ('Apr-22 to Mar-23', '12 months to'), a kind of figure ('YTD', 'change since') or a
    # column the reader knows ('Mar-23 RAG', 'England'): not a month's own figures, whatever its header is
    if re.search(r"\d", words) or any(f" {kind} " in words for kind in figure_kinds()):
        return None
    return None if any(header_field(word)[0] is not None for word in words.split()) else period


def _month_of_financial_year(folded: str, fin_year: re.Match[str], year_starts: int) -> tuple[pd.Period, str] | None:
    """A month named without its year inside a year ('2022/23 apr', 'jan 2022-23'): from `year_starts` (April in
    a financial year, September in an academic one) to December in the first year, the rest in the second. None
    unless the years follow one another and the month is the only other date-like word."""
    first, second = _year(fin_year["y1"]), _year(fin_year["y2"])
    if second % 100 != (first + 1) % 100:
        return None
    rest = _cut(folded, fin_year)
    name = _MONTH_NAME_ONLY.search(rest)
    if name is None or re.search(r"\d", _cut(rest, name)):
        return None
    month = _MONTH_NUMBER[name["mon"]]
    return pd.Period(year=first + (0 if month >= year_starts else 1), month=month, freq="M"), _cut(rest, name)


def _cut(text: str, match: re.Match[str] | None) -> str:
    return text if match is None else f"{text[: match.start()]} {text[match.end():]}"


def _holds(words: str) -> str | None:
    """What a period column holds from the words around the period: nothing said means the figure, and the
    name of a free-text column ('Q1 Reason for level of Performance 2022/23') means commentary on that period."""
    folded = normalise_header(words)
    if not folded:
        return "value"
    return period_attributes().get(folded) or ("commentary" if header_synonyms().get(folded) in COMMENTARY_FIELDS
                                               else None)


def _is_date(raw: object) -> bool:
    return isinstance(raw, (datetime, date, pd.Timestamp)) and raw is not pd.NaT


def column_role(parts: tuple[object, ...]) -> ColumnRole | None:
    """What a column holds, from its header cells top to bottom (bands first, its own cell last)."""
    if not parts:
        return None
    texts = [str(part).strip() for part in parts if not _is_date(part)]
    printed = " ".join(texts) if len(texts) == len(parts) else " ".join(
        [*texts, *(pd.Timestamp(part).strftime("%b %Y") for part in parts if _is_date(part))])
    dates = [part for part in parts if _is_date(part)]
    if dates:
        holds = _holds(" ".join(texts)) or "value"
        period = pd.Period(year=dates[-1].year, month=dates[-1].month, freq="M")
        return ColumnRole("period", period=PeriodColumn(period, holds, False, printed))
    own = texts[-1]
    for text in (" ".join(texts), own):
        found = period_with_attribute(text)
        if found is not None:
            period, holds, quarterly = found
            return ColumnRole("period", period=PeriodColumn(period, holds, quarterly, printed))
    bands = texts[:-1]
    for text in (" ".join(texts), own, *reversed(bands)):
        name, year = header_field(text)
        if name in COMMENTARY_FIELDS:
            return ColumnRole("commentary", label=printed)
        if name in PUBLISHED_FIELDS:
            band_year = next((m["year"] for band in bands if (m := _ANY_YEAR.search(band))), None)
            year = year or (re.sub(r"\s+", "", band_year) if band_year else None)
            return ColumnRole("field", field=name, year=year, label=printed)
    return None


# ---- locating header rows ------------------------------------------------------------------------

def _name_words() -> frozenset[str]:
    return frozenset(text for text, name in header_synonyms().items() if name == "name")


def _name_cells(cells: np.ndarray, is_text: np.ndarray) -> np.ndarray:
    """True where a cell names the indicator column; each distinct text is folded once."""
    hits = np.zeros(cells.shape, dtype=bool)
    where = np.flatnonzero(is_text.ravel())
    if not len(where):
        return hits
    words = _name_words()
    longest = max(len(word) for word in words) + 10  # room for punctuation and spaces
    codes, distinct = pd.factorize(cells.ravel()[where])
    named = np.array([len(text) <= longest and normalise_header(text) in words for text in distinct], dtype=bool)
    hits.ravel()[where[named[codes]]] = True
    return hits


@dataclass
class _Sheet:
    """The raw cells of a sheet with the masks every header search needs, computed once."""

    cells: np.ndarray
    is_text: np.ndarray
    is_number: np.ndarray
    filled: np.ndarray
    merged: list[tuple[int, int, int, int]]

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Sheet:
        cells = frame.to_numpy(dtype=object)
        kinds = sheet_cell_kinds(frame)
        is_text = kinds == KIND_TEXT
        is_number = ((kinds == KIND_NUMBER) | (kinds == KIND_BOOL)) & pd.notna(cells)
        blank_text = np.zeros(cells.shape, dtype=bool)
        text_at = np.flatnonzero(is_text.ravel())
        if len(text_at):
            codes, distinct = pd.factorize(cells.ravel()[text_at])
            blank = np.array([not text.strip() for text in distinct], dtype=bool)
            blank_text.ravel()[text_at] = blank[codes]
        present = pd.notna(cells) & ~blank_text
        return cls(cells, is_text, is_number, present, list(frame.attrs.get("merged", [])))

    def within(self, first: int, end: int) -> _Sheet:
        """The sheet with only columns first..end-1 (the others empty), at their own positions: one of the tables
        printed side by side."""
        outside = np.ones(self.cells.shape[1], dtype=bool)
        outside[first:end] = False
        cells = self.cells.copy()
        cells[:, outside] = None
        masks = [mask.copy() for mask in (self.is_text, self.is_number, self.filled)]
        for mask in masks:
            mask[:, outside] = False
        merged = [(r0, max(c0, first), r1, min(c1, end - 1)) for r0, c0, r1, c1 in self.merged if c0 < end and c1 >= first]
        return _Sheet(cells, *masks, merged)


def _block_rows(sheet: _Sheet, row: int, name_col: int) -> tuple[int, int]:
    """(first, last) header rows around the row naming the indicator column."""
    n_rows = sheet.cells.shape[0]

    def header_like(r: int) -> bool:
        return not sheet.filled[r, name_col] and not sheet.is_number[r].any() and sheet.filled[r].any()

    top = row
    while top > 0 and row - top + 1 < MAX_HEADER_ROWS and header_like(top - 1):
        top -= 1
    bottom = row
    while bottom + 1 < n_rows and bottom - top + 1 < MAX_HEADER_ROWS and header_like(bottom + 1) and any(
            _is_date(raw) or (isinstance(raw, str) and period_with_attribute(raw)) for raw in sheet.cells[bottom + 1]):
        bottom += 1
    return top, bottom


def _spans(sheet: _Sheet, top: int, bottom: int) -> dict[tuple[int, int], tuple[int, int]]:
    """Each non-empty header cell (row, col) -> the columns it stands over (first, last).

    A merged cell stands over its merge; an unmerged band cell carries right over blank band cells
    whose lower cell is filled and is not a period (a band never spans months it does not name).
    """
    merges = {(r0, c0): (c0, c1) for r0, c0, r1, c1 in sheet.merged if top <= r0 <= bottom}
    in_merge = {(r, c) for r0, c0, r1, c1 in sheet.merged if top <= r0 <= bottom
                for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    width = sheet.cells.shape[1]
    for r in range(top, bottom + 1):
        for c in np.flatnonzero(sheet.filled[r]).tolist():
            if (r, c) in merges:
                spans[(r, c)] = merges[(r, c)]
                continue
            last = c
            if r < bottom:
                while (last + 1 < width and not sheet.filled[r, last + 1] and (r, last + 1) not in in_merge
                       and sheet.filled[bottom, last + 1] and not _is_period_cell(sheet.cells[bottom, last + 1])):
                    last += 1
            spans[(r, c)] = (c, last)
    return spans


def _is_period_cell(raw: object) -> bool:
    return _is_date(raw) or (isinstance(raw, str) and period_with_attribute(raw) is not None)


_YEARLY_FIELDS = {"target": "target", "intervention_level": "intervention"}  # field -> what its period column holds


def _year_starts(year: str | None) -> pd.Period | None:
    """The first month of a financial year written '22/23' or '2022/23' (April 2022); None for anything else."""
    found = _FINANCIAL_YEAR.fullmatch(year or "")
    if found is None:
        return None
    first, second = _year(found["y1"]), _year(found["y2"])
    if second % 100 != (first + 1) % 100:
        return None
    return pd.Period(year=first, month=FINANCIAL_YEAR_START, freq="M")


def _read_block(sheet_name: str, sheet: _Sheet, top: int, bottom: int, name_row: int, end_row: int,
                roles_seen: dict[tuple, ColumnRole | None]) -> PublishedTable | None:
    spans = _spans(sheet, top, bottom)
    parts: dict[int, list[object]] = {}
    for (r, c), (first, last) in sorted(spans.items()):
        for col in range(first, last + 1):
            parts.setdefault(col, []).append(sheet.cells[r, c])
    fields: dict[str, int] = {}
    years: dict[str, str] = {}
    periods: dict[int, PeriodColumn] = {}
    commentary: dict[int, str] = {}
    used: set[int] = set()
    by_year: dict[str, list[tuple[int, ColumnRole]]] = {}  # 'Target 22/23', 'Target 23/24': target -> columns
    for col in sorted(parts):
        key = tuple(parts[col])
        if key not in roles_seen:  # a repeated header is interpreted once
            roles_seen[key] = column_role(key)
        role = roles_seen[key]
        if role is None:
            continue
        if role.kind == "period" and role.period is not None:
            periods[col] = role.period
        elif role.kind == "commentary":
            commentary[col] = role.label
        elif role.field in _YEARLY_FIELDS and _year_starts(role.year) is not None:
            by_year.setdefault(role.field, []).append((col, role))
            continue  # decided below, with the field's other years
        elif role.field not in fields:
            fields[role.field] = col
            if role.year:
                years[role.field] = role.year
        else:
            continue
        used.add(col)
    for name, columns in by_year.items():
        starts = [_year_starts(role.year) for _, role in columns]
        if len(columns) > 1 and len(set(starts)) == len(starts):
            # a target for each year: each in force from the first month of its year, as a Targets sheet says
            periods.update({col: PeriodColumn(start, _YEARLY_FIELDS[name], False, role.label)
                            for (col, role), start in zip(columns, starts)})
            used.update(col for col, _ in columns)
        elif name not in fields:  # one year's target: the indicator's target, as any other Target column
            (col, role), = columns[:1]
            fields[name], years[name] = col, role.year
            used.add(col)
    periods = _academic_year_if_in_order(periods)
    months: dict[int, pd.Period] = {}
    duplicates: dict[int, int] = {}
    kept: dict[int, PeriodColumn] = {}
    first_of: dict[tuple[pd.Period, str, str], int] = {}
    # A month's own column wins over a quarter's column for the same month ('Q2 22/23' beside 'Sep-22'),
    # wherever the quarters are printed: the quarter's figure covers three months.
    for col, column in sorted(periods.items(), key=lambda item: item[1].quarterly):
        key = (column.period, column.holds, column.header if column.holds == "commentary" else "")
        if key in first_of:
            if column.holds == "value":
                duplicates[col] = first_of[key]  # reported as a repeated month
            else:
                used.discard(col)  # a second target for one period: reported as not used
            continue
        first_of[key] = col
        kept[col] = column
        if column.holds == "value":
            months[col] = column.period
    months, kept = dict(sorted(months.items())), dict(sorted(kept.items()))  # in column order again
    if "name" not in fields or len(periods) < MIN_PERIOD_COLUMNS or not months:
        return None
    place_bands = _bands_over_repeats(sheet, spans, bottom, duplicates)
    unused = {a1(r, c): str(sheet.cells[r, c]).strip() for (r, c), (first, last) in sorted(spans.items())
              if not used.intersection(range(first, last + 1))}
    return PublishedTable(sheet=sheet_name, header_row=bottom, end_row=end_row, fields=fields, months=months,
                          period_columns=kept, duplicate_months=duplicates,
                          field_years=years, commentary=commentary, unused_cells=unused,
                          first_header_row=top, name_row=name_row, place_bands=place_bands)


def months_in_order(periods: list[pd.Period]) -> bool:
    """True when the months run one way, oldest first or newest first, as a table prints them."""
    steps = np.diff([period.ordinal for period in periods])
    return bool((steps > 0).all() or (steps < 0).all())


def _academic_year_if_in_order(periods: dict[int, PeriodColumn]) -> dict[int, PeriodColumn]:
    """'2022/23' over Sep ... Jul is an academic year: read as a financial year, April to July would land before
    September. Where the months are out of order as a financial year and in order as an academic one, the
    academic year it is."""
    def ordered(columns: dict[int, PeriodColumn]) -> bool:
        return months_in_order([pc.period for _, pc in sorted(columns.items()) if pc.holds == "value"])

    if ordered(periods):
        return periods
    academic = {}
    for col, pc in periods.items():
        found = period_with_attribute(pc.header, ACADEMIC_YEAR_START) if not pc.quarterly else None
        academic[col] = replace(pc, period=found[0]) if found is not None and found[1] == pc.holds else pc
    return academic if ordered(academic) else periods


def _bands_over_repeats(sheet: _Sheet, spans: dict[tuple[int, int], tuple[int, int]], bottom: int,
                        duplicates: dict[int, int]) -> dict[str, str]:
    """The band cells (A1 -> text) over repeated months when a repeat stands under a different band from the
    month it repeats: the bands name places (or anything else) that the columns are grouped by."""
    def bands_over(col: int) -> tuple[tuple[int, int], ...]:
        return tuple(sorted((r, c) for (r, c), (first, last) in spans.items() if r < bottom and first <= col <= last))

    grouped = {col for col, first in duplicates.items() if bands_over(col) != bands_over(first)}
    if not grouped:
        return {}
    cells = {cell for col in {*grouped, *(duplicates[col] for col in grouped)} for cell in bands_over(col)}
    texts = {a1(r, c): str(sheet.cells[r, c]).strip() for r, c in sorted(cells)}
    # Only bands that all read as places: 'In month' / 'Year to date' or 'Actual' / 'Forecast' over repeated months
    # are kinds of figure, and the first group is read as before (the repeats reported one by one).
    if len(set(texts.values())) < 2 or not all(_names_a_place(text) for text in texts.values()):
        return {}
    return texts


def _names_a_place(text: str) -> bool:
    """A band that can only be a place: words without a figure, year or period in them, and not a word for a kind
    of figure, a field the reader knows or what a period column holds."""
    folded = normalise_header(text)
    if not folded or re.search(r"\d", folded) or folded in figure_kinds() or folded in period_attributes():
        return False
    return header_field(text)[0] is None


def by_place_tables(tables: list[PublishedTable]) -> tuple[list[PublishedTable], list[PublishedTable]]:
    """(tables read as usual, tables whose months repeat under different bands). A table of the second kind
    is not read at all: taking its first group of months would show one place's figures as another's."""
    return [t for t in tables if not t.place_bands], [t for t in tables if t.place_bands]


def find_tables(sheet: str, frame: pd.DataFrame) -> list[PublishedTable]:
    """Every published table in a sheet; the first header must sit in the top HEADER_SEARCH_ROWS rows. Tables
    printed side by side (a second indicator column in the header row, with months of its own) are read apart."""
    if frame.empty:
        return []
    raw = _Sheet.of(frame)
    hits = _name_cells(raw.cells, raw.is_text)
    parts = _side_by_side(sheet, raw, hits)
    if not parts:
        return _stacked_tables(sheet, raw, hits)
    tables = []
    for first, end in parts:
        in_part = np.zeros(hits.shape[1], dtype=bool)
        in_part[first:end] = True
        tables.extend(_stacked_tables(sheet, raw.within(first, end), hits & in_part))
    return tables


def _side_by_side(sheet: str, raw: _Sheet, hits: np.ndarray) -> list[tuple[int, int]]:
    """Column ranges (first, end) of tables printed side by side on the first header row, each from one indicator
    column to the next; [] when there is one table across. Each range must read as a table of its own: two name
    columns of one table ('Ref', 'Indicator') do not split it."""
    rows = np.flatnonzero(hits[:HEADER_SEARCH_ROWS].any(axis=1))
    if not len(rows):
        return []
    name_cols = np.flatnonzero(hits[rows[0]]).tolist()
    if len(name_cols) < 2:
        return []
    width = raw.cells.shape[1]
    # each table ends at the empty column before the next one: columns between it and the next indicator
    # column (a Good Is, a Target) are the next table's
    header = raw.filled[max(int(rows[0]) - MAX_HEADER_ROWS + 1, 0):int(rows[0]) + 1]
    starts = []
    for previous, name_col in zip(name_cols, name_cols[1:]):
        gaps = [col for col in range(previous + 1, name_col) if not header[:, col].any()]
        if not gaps:
            return []  # no gap between them: one table with two name columns
        starts.append(gaps[-1])
    parts = list(zip([0, *starts], [*starts, width]))
    for first, end in parts:
        part = raw.within(first, end)
        top, bottom = _block_rows(part, int(rows[0]), max(first, name_cols[0]))
        table = _read_block(sheet, part, top, bottom, int(rows[0]), len(raw.cells), {})
        if table is None or not table.months:
            return []
    return parts


def _stacked_tables(sheet: str, raw: _Sheet, hits: np.ndarray) -> list[PublishedTable]:
    """The tables of one column range, one under another (a header repeated under each area heading)."""
    rows = np.flatnonzero(hits.any(axis=1))
    roles_seen: dict[tuple, ColumnRole | None] = {}
    blocks: list[tuple[int, int, int, int]] = []  # top, bottom, name row, name column
    n_rows = len(raw.cells)
    for row in rows.tolist():
        if not blocks and row >= HEADER_SEARCH_ROWS:
            break
        if blocks and row <= blocks[-1][1]:
            continue  # part of the previous header
        name_col = int(np.flatnonzero(hits[row])[0])
        top, bottom = _block_rows(raw, row, name_col)
        if _read_block(sheet, raw, top, bottom, row, n_rows, roles_seen) is not None:
            blocks.append((top, bottom, row, name_col))
    ends = [block[0] for block in blocks[1:]] + [n_rows]
    tables = [_read_block(sheet, raw, top, bottom, row, end, roles_seen)
              for (top, bottom, row, _), end in zip(blocks, ends)]
    return [table for table in tables if table is not None]


def looks_published(frame: pd.DataFrame) -> bool:
    """True when the sheet holds a published table: an indicator column and 2+ period columns near the top."""
    return bool(find_tables("", frame))


# ---- periods nobody can have reported yet -------------------------------------------------------

YEARS_AWAY = 3  # a period this many years from every other period of the sheet is a typing slip


def without_impossible_periods(tables: list[PublishedTable], latest_allowed: pd.Period
                               ) -> tuple[list[PublishedTable], list[tuple[str, str, str, pd.Period, str]]]:
    """The tables without period columns after `latest_allowed` or years away from the sheet's other
    periods ('Oct 98' read as October 2098, 31/12/2999); each dropped column as (sheet, cell, text, period, why)."""
    ordinals = np.array(sorted({pc.period.ordinal for table in tables for pc in table.period_columns.values()}))
    dropped: list[tuple[str, str, str, pd.Period, str]] = []
    kept_tables = []
    for table in tables:
        bad: dict[int, str] = {}
        for col, pc in table.period_columns.items():
            others = ordinals[ordinals != pc.period.ordinal]
            if pc.period > latest_allowed:
                bad[col] = f"after {latest_allowed.strftime('%B %Y')}, the latest month a workbook can hold now"
            elif len(others) and np.abs(others - pc.period.ordinal).min() > 12 * YEARS_AWAY:
                bad[col] = f"more than {YEARS_AWAY} years away from every other month of the sheet"
        for col, why in bad.items():
            pc = table.period_columns[col]
            dropped.append((table.sheet, a1(table.header_row, col), pc.header, pc.period, why))
        if bad:
            table = replace(table, period_columns={c: p for c, p in table.period_columns.items() if c not in bad},
                            months={c: p for c, p in table.months.items() if c not in bad},
                            duplicate_months={c: f for c, f in table.duplicate_months.items()
                                              if c not in bad and f not in bad})
            if not table.months:
                continue
        kept_tables.append(table)
    return kept_tables, dropped
