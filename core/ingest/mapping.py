"""A column mapping: what a performance manager says each column of an unforeseen sheet holds.

A mapping is made once, on the Upload page or by hand, for one layout: the sheet's name and its
header cells, with every period in a header folded away so that next month's workbook (one more
month column, the same words) has the same signature. Period columns are mapped by their words
('Oct-23 goal' and 'Nov-23 goal' are both '<period> goal'), so new months need no new mapping.

    mapping = propose_mapping("Data", frame, header_row=3)        # a first guess from the synonyms
    mapping = mapping.with_choice("KPI", "Indicator name")        # what the manager corrects
    header_row_of(frame, mapping)                                 # where it applies, or None
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from core.ingest.cells import MONTH_WORDS, parse_month
from core.knowledge import header_synonyms
from core.knowledge.text import normalise_header

MAPPING_FORMAT = "scorecard-column-mapping"
HEADER_SEARCH_ROWS = 30
PERIOD_MARK = "<period>"
SIGNATURE_CHARS = 16


class ColumnRole(StrEnum):
    ignore = "ignore"
    indicator = "indicator"
    area = "area"
    locality = "locality"
    unit = "unit"
    good_is = "good_is"
    target = "target"
    intervention_level = "intervention_level"
    commentary = "commentary"
    period = "period"  # one period's figure; `holds` says which


class PeriodHolds(StrEnum):
    value = "value"
    target = "target"
    intervention_level = "intervention_level"
    numerator = "numerator"
    denominator = "denominator"


# What the manager picks from, in the order offered: one choice says both the role and, for a period, what it holds.
CHOICES: dict[str, tuple[ColumnRole, PeriodHolds | None]] = {
    "Not used": (ColumnRole.ignore, None),
    "Indicator name": (ColumnRole.indicator, None),
    "Each period's value": (ColumnRole.period, PeriodHolds.value),
    "Each period's target": (ColumnRole.period, PeriodHolds.target),
    "Each period's intervention level": (ColumnRole.period, PeriodHolds.intervention_level),
    "Each period's numerator": (ColumnRole.period, PeriodHolds.numerator),
    "Each period's denominator": (ColumnRole.period, PeriodHolds.denominator),
    "Target": (ColumnRole.target, None),
    "Intervention level": (ColumnRole.intervention_level, None),
    "Good Is (polarity)": (ColumnRole.good_is, None),
    "Unit": (ColumnRole.unit, None),
    "Area": (ColumnRole.area, None),
    "Locality": (ColumnRole.locality, None),
    "Commentary": (ColumnRole.commentary, None),
}
_CHOICE_OF = {meaning: label for label, meaning in CHOICES.items()}
# Header synonyms (knowledge/header_synonyms.csv) that say what a column holds.
_ROLE_OF_FIELD = {"name": ColumnRole.indicator, "commentary": ColumnRole.commentary, "area": ColumnRole.area, "locality": ColumnRole.locality,
                  "unit": ColumnRole.unit, "good_is": ColumnRole.good_is, "target": ColumnRole.target,
                  "intervention_level": ColumnRole.intervention_level, "text": ColumnRole.commentary}
_HOLDS_OF_FIELD = {"value": PeriodHolds.value, "target": PeriodHolds.target,
                   "intervention_level": PeriodHolds.intervention_level, "numerator": PeriodHolds.numerator,
                   "denominator": PeriodHolds.denominator}


class MappedColumn(BaseModel):
    """One column (or, for periods, every column with these words) and what it holds."""

    model_config = ConfigDict(frozen=True)

    header: str  # as printed; for a period column, one example ('Oct-23 goal')
    role: ColumnRole
    holds: PeriodHolds | None = None
    period: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}$")  # when the header does not say the month

    @model_validator(mode="after")
    def _holds_only_for_periods(self) -> MappedColumn:
        if (self.role is ColumnRole.period) != (self.holds is not None):
            raise ValueError(f"'{self.header}': a period column says what it holds, and only a period column does")
        if self.period is not None and self.role is not ColumnRole.period:
            raise ValueError(f"'{self.header}': only a period column has a month")
        return self

    @property
    def choice(self) -> str:
        return _CHOICE_OF[(self.role, self.holds)]

    @property
    def key(self) -> str:
        """What it is recognised by: the header's words, with the period folded away unless the month is given."""
        return normalise_header(self.header) if self.period is not None else header_shape(self.header)


class ColumnMapping(BaseModel):
    """A manager's mapping of one sheet layout; saved as a small JSON file and in the history store."""

    model_config = ConfigDict(frozen=True)

    format: Literal["scorecard-column-mapping"] = MAPPING_FORMAT
    version: Literal[1] = 1
    sheet: str = Field(min_length=1)
    header_row: int = Field(ge=1, description="the header's row number as Excel shows it")
    signature: str = Field(pattern=rf"^[0-9a-f]{{{SIGNATURE_CHARS}}}$")
    columns: list[MappedColumn]

    def problems(self) -> list[str]:
        """What stops this mapping from reading the sheet, in words (empty when it can)."""
        roles = [column.role for column in self.columns]
        found: list[str] = []
        if roles.count(ColumnRole.indicator) != 1:
            found.append("choose exactly one column as the indicator name")
        if not any(column.holds is PeriodHolds.value for column in self.columns):
            found.append("choose the columns that hold each period's value")
        for role in (ColumnRole.area, ColumnRole.locality, ColumnRole.unit, ColumnRole.good_is, ColumnRole.target,
                     ColumnRole.intervention_level):
            if roles.count(role) > 1:
                found.append(f"only one column can be the {_CHOICE_OF[(role, None)].lower()}")
        return found

    def with_choice(self, header: str, choice: str, period: str | None = None) -> ColumnMapping:
        """The mapping with one column (by its printed header) given another meaning."""
        role, holds = CHOICES[choice]
        replaced = [MappedColumn(header=column.header, role=role, holds=holds,
                                 period=period if role is ColumnRole.period else None)
                    if column.header == header else column for column in self.columns]
        return self.model_copy(update={"columns": replaced})


_MAPPINGS = TypeAdapter(list[ColumnMapping])


# ---- headers, shapes and signatures ------------------------------------------------------------

def header_parts(raw: object) -> tuple[pd.Period | None, str]:
    """The period a header names and the words beside it: 'Q2 Target 2022/23' -> (Sep 2022, 'target').

    Words are what remain once the period's own tokens (month names, years, quarters) are taken out.
    A header that names no period gives (None, its folded text).
    """
    period = parse_month(raw)
    if period is not None:
        return period, ""
    text = normalise_header(raw)
    tokens = text.split()
    is_word = [token.isalpha() and token not in MONTH_WORDS for token in tokens]
    words = [token for token, word in zip(tokens, is_word) if word]
    rest = [token for token, word in zip(tokens, is_word) if not word]
    if words and rest:
        period = parse_month(" ".join(rest))
        if period is not None:
            return period, " ".join(words)
    return None, text


def header_shape(raw: object) -> str:
    """A header with its period folded away: 'Oct-23 goal' and 'Nov-23 goal' both give '<period> goal'."""
    period, words = header_parts(raw)
    return f"{PERIOD_MARK} {words}".strip() if period is not None else words


def layout_signature(sheet: str, header_cells: Sequence[object]) -> str:
    """The layout's identity: sheet name and the distinct header shapes, in order, hashed.

    Distinct shapes, so six month columns and seven (next month's workbook) are the same layout.
    """
    shapes = list(dict.fromkeys(shape for shape in map(header_shape, header_cells) if shape))
    text = "\x1f".join([normalise_header(sheet), *shapes])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:SIGNATURE_CHARS]


def header_row_of(sheet: str, frame: pd.DataFrame, mapping: ColumnMapping) -> int | None:
    """The zero-based row of this sheet whose header has the mapping's signature (the saved row first)."""
    if normalise_header(sheet) != normalise_header(mapping.sheet) or frame.empty:
        return None
    saved = mapping.header_row - 1
    rows = [saved, *(row for row in range(min(HEADER_SEARCH_ROWS, len(frame))) if row != saved)]
    for row in rows:
        if row < len(frame) and layout_signature(sheet, frame.iloc[row].tolist()) == mapping.signature:
            return row
    return None


# ---- a first proposal ----------------------------------------------------------------------------

def guess_header_row(frame: pd.DataFrame) -> int:
    """The zero-based row near the top with the most text cells: where a header usually is."""
    top = frame.iloc[:HEADER_SEARCH_ROWS]
    if top.empty:
        return 0
    text_cells = top.map(lambda cell: isinstance(cell, str) and bool(cell.strip())).sum(axis=1)
    return int(text_cells.to_numpy().argmax())


def header_columns(frame: pd.DataFrame, header_row: int) -> list[tuple[int, str]]:
    """(column, printed header) of every non-empty header cell."""
    cells = frame.iloc[header_row].tolist() if header_row < len(frame) else []
    return [(col, printed_header(cell)) for col, cell in enumerate(cells) if normalise_header(cell) or
            parse_month(cell) is not None]


def printed_header(cell: object) -> str:
    """A header cell as the manager sees it: text as typed, a date cell as its month."""
    month = parse_month(cell) if not isinstance(cell, str) else None
    return month.strftime("%b %Y") if month is not None else str(cell).strip()


def propose_mapping(sheet: str, frame: pd.DataFrame, header_row: int) -> ColumnMapping:
    """A first guess for each header shape from the header synonyms; the manager corrects it."""
    synonyms = header_synonyms()
    columns: dict[str, MappedColumn] = {}
    value_taken = False
    for _, header in header_columns(frame, header_row):
        shape = header_shape(header)
        if shape in columns:
            continue
        period, words = header_parts(header)
        if period is None:
            role = _ROLE_OF_FIELD.get(synonyms.get(words, ""), ColumnRole.ignore)
            columns[shape] = MappedColumn(header=header, role=role)
            continue
        holds = _HOLDS_OF_FIELD.get(synonyms.get(words, ""))
        if holds is None and not value_taken:
            holds = PeriodHolds.value  # a bare month ('Oct 22') or an unknown word beside the first periods
        value_taken |= holds is PeriodHolds.value
        columns[shape] = (MappedColumn(header=header, role=ColumnRole.period, holds=holds) if holds else
                          MappedColumn(header=header, role=ColumnRole.ignore))
    cells = frame.iloc[header_row].tolist() if header_row < len(frame) else []
    return ColumnMapping(sheet=sheet, header_row=header_row + 1, signature=layout_signature(sheet, cells),
                         columns=list(columns.values()))


# ---- the small file ------------------------------------------------------------------------------

def mappings_json(mappings: Sequence[ColumnMapping]) -> str:
    """One mapping as an object, several as a list: the file a manager downloads."""
    if len(mappings) == 1:
        return mappings[0].model_dump_json(indent=2)
    return _MAPPINGS.dump_json(list(mappings), indent=2).decode()


def mappings_from_json(text: str) -> list[ColumnMapping]:
    """A mapping file (one object or a list); raises ValueError (pydantic's) when it is not one."""
    data = json.loads(text)
    return _MAPPINGS.validate_python(data if isinstance(data, list) else [data])
