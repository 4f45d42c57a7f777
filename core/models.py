"""The domain vocabulary: indicators, observations, commentary and the loaded scorecard.

Pydantic models sit at the boundaries (one indicator, one finding, the About block). The bulk data,
observations, travels as a pandas DataFrame whose columns are fixed by OBSERVATION_COLUMNS below:
validating 30,000 rows one model at a time would cost more than reading the workbook.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

WHOLE_AUTHORITY = "Whole authority"
OTHER_AREA = "Other"


class Unit(StrEnum):
    percent = "percent"
    count = "count"
    rate_per_10k = "rate_per_10k"
    days = "days"
    score = "score"
    ratio = "ratio"


class GoodIs(StrEnum):
    high = "high"
    low = "low"
    neutral = "neutral"


class Periodicity(StrEnum):
    monthly_snapshot = "monthly_snapshot"
    monthly_flow = "monthly_flow"
    rolling_6m = "rolling_6m"
    rolling_12m = "rolling_12m"
    academic_ytd = "academic_ytd"
    termly = "termly"
    annual = "annual"


class BandKind(StrEnum):
    """How far from target an indicator may sit before it turns red."""

    absolute = "absolute"  # e.g. 5 percentage points, 3 days
    relative = "relative"  # a percentage of the target (0 width at a target of 0)
    intervention = "intervention"  # an explicit intervention level (value, not width)


class Rag(StrEnum):
    green = "green"
    amber = "amber"
    red = "red"
    not_rated = "not_rated"
    no_data = "no_data"


class Direction(StrEnum):
    improving = "improving"
    worsening = "worsening"
    same = "same"
    not_comparable = "not_comparable"


class MissingReason(StrEnum):
    """Why a cell holds no number. Blank never means zero."""

    not_applicable = "not_applicable"  # NA, '-', school holidays
    not_yet_reported = "not_yet_reported"  # in arrears, tbc
    published_later = "published_later"  # 'Data published September 2023'
    suppressed = "suppressed"  # 'c', '<5' in the source
    blank = "blank"  # empty cell, nothing said


class Level(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class AmberBand(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: BandKind
    value: float = Field(description="width (absolute/relative %) or the intervention level itself")

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float) -> float:
        if v != v:  # NaN
            raise ValueError("amber band value must be a number")
        return v

    @model_validator(mode="after")
    def _non_negative_width(self) -> AmberBand:
        if self.kind is not BandKind.intervention and self.value < 0:
            raise ValueError("an amber band width cannot be negative")
        return self

    def describe(self, unit: Unit) -> str:
        if self.kind is BandKind.relative:
            return f"{self.value:g}% of target"
        if self.kind is BandKind.intervention:
            return f"intervention level {format_value(self.value, unit)}"
        return f"{format_width(self.value, unit)}"


# One default band, set here and only here: applies where an indicator gives none.
DEFAULT_AMBER_BAND = AmberBand(kind=BandKind.relative, value=10.0)


class Benchmark(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: float
    year: str | None = None  # e.g. "2021/22"; benchmarks lag the local figures


class Indicator(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$")
    area: str = OTHER_AREA
    name: str
    unit: Unit | None = None
    good_is: GoodIs | None = None
    target: float | None = None
    amber_band: AmberBand | None = None
    england: Benchmark | None = None
    statistical_neighbours: Benchmark | None = None
    region: Benchmark | None = None
    periodicity: Periodicity | None = None
    arrears_months: int = Field(default=0, ge=0, le=24)
    min_denominator: int | None = Field(default=None, ge=0)
    definition: str | None = None

    @property
    def band(self) -> AmberBand:
        return self.amber_band or DEFAULT_AMBER_BAND

    def missing_for_rating(self) -> list[str]:
        """What stops this indicator from being rated, in words."""
        missing = []
        if self.good_is is None:
            missing.append("polarity (Good Is)")
        if self.unit is None:
            missing.append("unit")
        return missing


class Commentary(BaseModel):
    model_config = ConfigDict(frozen=True)

    subject: str  # an area name or an indicator id
    period: str = Field(pattern=r"^\d{4}-\d{2}$")
    text: str
    author: str | None = None


class About(BaseModel):
    authority: str = "Unnamed authority"
    month_ending: date | None = None
    produced_by: str | None = None
    extracted_on: date | None = None
    localities: list[str] = Field(default_factory=list)
    locality_note: str | None = None  # e.g. "Locality figures are illustrative (synthetic split)"
    notes: str | None = None


class Finding(BaseModel):
    """One thing the validation report tells the performance manager."""

    model_config = ConfigDict(frozen=True)

    level: Level
    sheet: str = ""
    cell: str = ""
    message: str
    code: str = ""  # short stable id of the rule, for filtering and tests

    def line(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{self.level.value.upper()} {where}: {self.message}" if where else (
            f"{self.level.value.upper()} {self.message}"
        )


# Observation table: one row per indicator x locality x month. The order is the contract.
OBSERVATION_COLUMNS: dict[str, str] = {
    "indicator_id": "string",
    "locality": "string",  # WHOLE_AUTHORITY for council-wide figures
    "period": "period[M]",
    "value": "float64",  # NaN when missing; see missing_reason
    "numerator": "float64",
    "denominator": "float64",
    "missing_reason": "string",  # MissingReason value or <NA>
    "note": "string",  # raw text beside a number ('Provisional', '14% Oct') or the text that replaced it
    "published_direction": "string",  # Direction value as printed, or <NA>
    "published_rag": "string",  # Rag value as printed, or <NA>
    "sheet": "string",
    "cell": "string",  # A1 reference of the value cell
    "source": "string",  # upload / file name
}


def empty_observations() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in OBSERVATION_COLUMNS.items()})


def conform_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a frame exactly the observation columns and dtypes (missing columns become NA)."""
    columns: dict[str, pd.Series] = {}
    for column, dtype in OBSERVATION_COLUMNS.items():
        if column in frame:
            series = frame[column].reset_index(drop=True)
            columns[column] = series if str(series.dtype) == dtype else series.astype(dtype)
        else:
            columns[column] = pd.Series(None, index=range(len(frame)), dtype=dtype)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))


class Scorecard(BaseModel):
    """The validated model of one workbook: what every page, export and what-if reads."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    about: About
    indicators: dict[str, Indicator]
    observations: Any  # pd.DataFrame with OBSERVATION_COLUMNS
    commentary: list[Commentary] = Field(default_factory=list)
    layout: str = "template"  # "template" or "published"
    source_name: str = ""

    @field_validator("observations")
    @classmethod
    def _is_observation_frame(cls, v: Any) -> pd.DataFrame:
        if not isinstance(v, pd.DataFrame) or list(v.columns) != list(OBSERVATION_COLUMNS):
            raise ValueError("observations must be a DataFrame with OBSERVATION_COLUMNS in order")
        return v

    @property
    def periods(self) -> list[pd.Period]:
        return sorted(self.observations["period"].dropna().unique())

    @property
    def latest_period(self) -> pd.Period | None:
        """The latest month with at least one reported value."""
        have = self.observations.loc[self.observations["value"].notna(), "period"]
        return have.max() if len(have) else None

    @property
    def localities(self) -> list[str]:
        seen = self.observations["locality"].dropna().unique().tolist()
        named = [loc for loc in self.about.localities if loc != WHOLE_AUTHORITY]
        extra = sorted(loc for loc in seen if loc not in named and loc != WHOLE_AUTHORITY)
        return [WHOLE_AUTHORITY, *named, *extra]

    def indicator_frame(self) -> pd.DataFrame:
        """Indicators as a table, one row per indicator: the shape the rating engine reads."""
        return indicators_to_frame(self.indicators.values())


INDICATOR_FRAME_COLUMNS = [
    "id", "area", "name", "unit", "good_is", "target", "band_kind", "band_value",
    "england", "england_year", "sn", "sn_year", "region", "region_year",
    "periodicity", "arrears_months", "min_denominator", "definition",
]


def indicator_fields(ind: Indicator) -> dict[str, object]:
    """An indicator as flat fields (benchmarks split into value and year), without its band."""
    return {
        "id": ind.id, "area": ind.area, "name": ind.name,
        "unit": ind.unit.value if ind.unit else None,
        "good_is": ind.good_is.value if ind.good_is else None,
        "target": ind.target,
        "england": ind.england.value if ind.england else None,
        "england_year": ind.england.year if ind.england else None,
        "sn": ind.statistical_neighbours.value if ind.statistical_neighbours else None,
        "sn_year": ind.statistical_neighbours.year if ind.statistical_neighbours else None,
        "region": ind.region.value if ind.region else None,
        "region_year": ind.region.year if ind.region else None,
        "periodicity": ind.periodicity.value if ind.periodicity else None,
        "arrears_months": ind.arrears_months,
        "min_denominator": ind.min_denominator,
        "definition": ind.definition,
    }


def indicators_to_frame(indicators: Any) -> pd.DataFrame:
    """One row per indicator with the band in force (the default where none is set)."""
    rows = [{**indicator_fields(ind), "band_kind": ind.band.kind.value, "band_value": ind.band.value}
            for ind in indicators]
    frame = pd.DataFrame(rows, columns=INDICATOR_FRAME_COLUMNS)
    for col in ("target", "band_value", "england", "sn", "region"):
        frame[col] = frame[col].astype("float64")
    return frame.set_index("id", drop=False)


# ---- formatting shared by reasons, pages and exports -------------------------------------------

def format_value(value: float | None, unit: Unit | str | None) -> str:
    """A value as people read it: 61.5%, 437, 65.2 per 10k, 121 days."""
    if value is None or value != value:
        return "no data"
    unit = Unit(unit) if unit else None
    if unit is Unit.percent:
        return f"{value:.1f}%"
    if unit is Unit.count:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if unit is Unit.rate_per_10k:
        return f"{value:.1f} per 10k"
    if unit is Unit.days:
        return f"{value:,.0f} days"
    if unit is Unit.ratio:
        return f"{value:.2f}"
    return f"{value:g}"


def format_width(width: float, unit: Unit | str | None) -> str:
    """A distance between two values: percentage points for percentages."""
    unit = Unit(unit) if unit else None
    if unit is Unit.percent:
        return f"{width:.1f} pp"
    if unit is Unit.days:
        return f"{width:,.0f} day" + ("" if round(width) == 1 else "s")
    if unit is Unit.ratio:
        return f"{width:.2f}"
    if unit in (Unit.rate_per_10k, Unit.score):
        return f"{width:.1f}"
    return f"{width:g}"
