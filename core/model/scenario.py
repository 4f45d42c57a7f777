"""What-if scenarios as data: named target and amber-band overrides, kept apart from the official figures.

A scenario never changes the model: it is an overrides frame (indicator id -> target, band_kind,
band_value; NaN keeps the official value) that core.rules.rag applies on top.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.model.dataset import Dataset
from core.model.indicator import check_bands

OVERRIDE_COLUMNS = ["target", "band_kind", "band_value"]
CSV_COLUMNS = ["id", "name", "official_target", "scenario_target", "band_kind", "band_value"]


def empty_overrides() -> pd.DataFrame:
    return conform_overrides(pd.DataFrame(columns=OVERRIDE_COLUMNS))


def conform_overrides(frame: pd.DataFrame) -> pd.DataFrame:
    """Overrides with exactly OVERRIDE_COLUMNS and clean types; rows that override nothing are dropped.

    Raises ValueError for a duplicate id, an unknown band kind, a negative width, or a band given
    half-way (a kind without a value, or a value without a kind: the pair only means something together).
    """
    unknown = set(frame.columns) - set(OVERRIDE_COLUMNS)
    if unknown:
        raise ValueError(f"overrides can only set {', '.join(OVERRIDE_COLUMNS)}; got {', '.join(sorted(unknown))}")
    if frame.index.has_duplicates:
        raise ValueError(f"an indicator appears twice: {', '.join(frame.index[frame.index.duplicated()].astype(str))}")
    out = frame.reindex(columns=OVERRIDE_COLUMNS)
    out.index = pd.Index(out.index.astype(str), name="id")
    target = pd.to_numeric(out["target"], errors="coerce").astype("float64")
    band_value = pd.to_numeric(out["band_value"], errors="coerce").astype("float64")
    kind = out["band_kind"].astype("string").str.strip().str.lower().replace("", pd.NA)
    kind = kind.astype(object).where(kind.notna(), None)
    bad_number = (out["target"].notna() & target.isna()) | (out["band_value"].notna() & band_value.isna())
    if bad_number.any() or np.isinf(target).any() or np.isinf(band_value).any():
        raise ValueError(f"targets and band values must be numbers ({', '.join(out.index[bad_number])})")
    check_bands(out.index, kind, band_value)
    half_band = kind.isna() != band_value.isna()
    if half_band.any():
        raise ValueError(f"an amber band needs both a kind and a value ({', '.join(out.index[half_band])})")
    out = pd.DataFrame({"target": target, "band_kind": kind.astype(object), "band_value": band_value}, index=out.index)
    return out[out["target"].notna() | out["band_kind"].notna()]


class Scenario(BaseModel):
    """A named set of what-if targets and bands. The official targets stay in the model, untouched."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    name: str = Field(default="What-if", min_length=1, max_length=100)
    overrides: Any = Field(default_factory=empty_overrides)  # see conform_overrides
    created_from: str = ""  # the workbook it was made against, for the record

    @field_validator("name")
    @classmethod
    def _stripped(cls, v: str) -> str:
        v = " ".join(v.split())
        if not v:
            raise ValueError("a scenario needs a name")
        return v

    @field_validator("overrides", mode="before")
    @classmethod
    def _conformed(cls, v: Any) -> pd.DataFrame:
        if v is None:
            return empty_overrides()
        if not isinstance(v, pd.DataFrame):
            raise ValueError("overrides must be a DataFrame indexed by indicator id")
        return conform_overrides(v)

    @property
    def is_empty(self) -> bool:
        return self.overrides.empty

    @cached_property
    def key(self) -> str:
        """A short, stable fingerprint of the overrides: the cache key of everything rated with them."""
        if self.is_empty:
            return ""
        return hashlib.sha256(self.overrides.sort_index().to_csv().encode()).hexdigest()[:16]

    def unmatched_ids(self, model: Dataset) -> list[str]:
        """Overridden ids the model does not have (a scenario made on another workbook): they are ignored."""
        return sorted(set(self.overrides.index) - set(model.indicators))


def merge_overrides(base: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """`base` with `changes` laid over it, cell by cell (a NaN in `changes` keeps what `base` had)."""
    base, changes = conform_overrides(base), conform_overrides(changes)
    merged = changes.combine_first(base)
    # the band is a pair: a change that sets it replaces both halves
    both = changes.index[changes["band_kind"].notna()]
    merged.loc[both, ["band_kind", "band_value"]] = changes.loc[both, ["band_kind", "band_value"]]
    return conform_overrides(merged.reindex(columns=OVERRIDE_COLUMNS))


def without_official(overrides: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Drop overrides that only repeat the official value, so a scenario lists real changes only."""
    overrides = conform_overrides(overrides)
    official = indicators.reindex(overrides.index)
    same_target = np.isclose(overrides["target"], official["target"].astype("float64"), rtol=0, atol=1e-9)
    same_band = (overrides["band_kind"] == official["band_kind"]) & np.isclose(
        overrides["band_value"], official["band_value"].astype("float64"), rtol=0, atol=1e-9)
    kept = overrides.assign(target=overrides["target"].where(~same_target),
                            band_kind=overrides["band_kind"].where(~same_band, None),
                            band_value=overrides["band_value"].where(~same_band))
    return conform_overrides(kept)
