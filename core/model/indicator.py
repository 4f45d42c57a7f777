"""What is known of an indicator (polarity, target, amber band, benchmarks) and of the workbook (About, commentary)."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.model.vocabulary import OTHER_AREA, BandKind, GoodIs, Periodicity, Unit

_BAND_KIND_VALUES = frozenset(kind.value for kind in BandKind)
_THIS_BAND = np.array(["this band"], dtype=object)


def check_bands(ids: pd.Index | np.ndarray, kinds: pd.Series | np.ndarray | list,
                values: pd.Series | np.ndarray | list) -> None:
    """The one check of amber bands, for one band or a whole frame: a known kind, and no negative width.

    An intervention level is a value, not a width, so it may be negative. Raises ValueError naming the ids.
    """
    # Plain Python over the kinds: a workbook has a few hundred bands, and the one-band check runs for each.
    kinds = [None if pd.isna(kind) else getattr(kind, "value", kind) for kind in kinds]  # a BandKind is its text
    values = np.asarray(values, dtype="float64")
    given = np.array([kind is not None for kind in kinds], dtype=bool)
    unknown = np.array([kind is not None and kind not in _BAND_KIND_VALUES for kind in kinds], dtype=bool)
    if unknown.any():
        raise ValueError(f"unknown amber band kind for {', '.join(map(str, np.asarray(ids)[unknown]))}: "
                         f"use {', '.join(k.value for k in BandKind)}")
    widths = np.array([kind != BandKind.intervention.value for kind in kinds], dtype=bool)
    negative = given & widths & (values < 0)
    if negative.any():
        raise ValueError(f"an amber band width cannot be negative ({', '.join(map(str, np.asarray(ids)[negative]))})")


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
    def _valid(self) -> AmberBand:
        check_bands(_THIS_BAND, [self.kind.value], [self.value])
        return self



# One default band, set here and only here: applies where an indicator gives none.
DEFAULT_AMBER_BAND = AmberBand(kind=BandKind.relative, value=10.0)


class Benchmark(BaseModel):
    """A comparator figure, or a range where the source prints one (good and outstanding neighbours
    '44 - 57'): a range keeps its ends and is shown as printed, never averaged into a figure."""

    model_config = ConfigDict(frozen=True)

    value: float | None = None
    year: str | None = None  # e.g. "2021/22"; benchmarks lag the local figures
    low: float | None = None
    high: float | None = None
    printed: str | None = None  # the range as the source wrote it

    @model_validator(mode="after")
    def _a_figure_or_a_range(self) -> Benchmark:
        if self.value is None and (self.low is None or self.high is None):
            raise ValueError("a benchmark needs a value or both ends of a range")
        return self

    @property
    def range_text(self) -> str | None:
        if self.low is None or self.high is None:
            return None
        return self.printed or f"{self.low:g} - {self.high:g}"


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


# What About.authority holds when the workbook never names its council (and what earlier uploads stored):
# never shown on a page; the Upload page asks for the name instead.
UNNAMED_AUTHORITY = "Unnamed authority"


class About(BaseModel):
    authority: str = UNNAMED_AUTHORITY
    month_ending: date | None = None
    produced_by: str | None = None
    extracted_on: date | None = None
    localities: list[str] = Field(default_factory=list)
    locality_note: str | None = None  # e.g. "Locality figures are illustrative (synthetic split)"
    notes: str | None = None

    @property
    def authority_named(self) -> bool:
        """False when the workbook does not say whose scorecard it is."""
        return bool(self.authority.strip()) and self.authority != UNNAMED_AUTHORITY


INDICATOR_FRAME_COLUMNS = [
    "id", "area", "name", "unit", "good_is", "target", "band_kind", "band_value",
    "england", "england_year", "sn", "sn_year", "region", "region_year",
    "england_range", "sn_range", "region_range",
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
        "england_range": ind.england.range_text if ind.england else None,
        "sn_range": ind.statistical_neighbours.range_text if ind.statistical_neighbours else None,
        "region_range": ind.region.range_text if ind.region else None,
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
