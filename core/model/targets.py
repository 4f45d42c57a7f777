"""Targets and amber bands in force from a month: one row per indicator and month a target starts.

An indicator's own target and band (Indicator.target / amber_band) are what is in force from the
start; a row here replaces them from its month on, until the indicator's next row. Published layouts
print a target and an intervention level per quarter (`Q2 Target 2022/23`): each is a row, with the
cell it came from. A target written in words (`decrease from Q1`) is kept verbatim in target_text,
beside the figure it resolves to (NaN when it names no period).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.model.observations import conform

TARGET_COLUMNS: dict[str, str] = {
    "indicator_id": "string",
    "from_period": "period[M]",  # in force from this month until the indicator's next row
    "target": "float64",  # NaN: no numeric target from this month (see target_text)
    "band_kind": "string",  # BandKind value ('intervention' for an intervention level), <NA>: the default band
    "band_value": "float64",
    "target_text": "string",  # a target printed as words, verbatim; <NA> when it was a number
    "sheet": "string",
    "cell": "string",  # A1 reference of the target cell (or of the intervention level when no target)
}


def conform_targets(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Give a frame exactly TARGET_COLUMNS and their dtypes, sorted by indicator and month (None: empty)."""
    conformed = conform(pd.DataFrame() if frame is None else frame, TARGET_COLUMNS)
    if conformed.empty:
        return conformed
    ordered = conformed.sort_values(["indicator_id", "from_period"], kind="stable")
    return ordered.reset_index(drop=True)


IN_FORCE_COLUMNS = ["target", "band_kind", "band_value", "target_text"]


def targets_in_force(keys: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """For each (indicator_id, period) row of `keys`, the dated target row in force then, by position.

    An as-of join: the latest row of the indicator whose from_period is not after the period. `dated`
    says a row was found with a target (a number or words); `banded` that it set the band. Where
    neither, the indicator's own target and band (in force from the start) apply.
    """
    n = len(keys)
    found = pd.DataFrame({"target": np.full(n, np.nan), "band_kind": pd.Series(pd.NA, index=range(n), dtype=object),
                          "band_value": np.full(n, np.nan),
                          "target_text": pd.Series(pd.NA, index=range(n), dtype=object)})
    if targets.empty or not n:
        return found.assign(dated=False, banded=False)
    left = pd.DataFrame({"indicator_id": keys["indicator_id"].astype(object).to_numpy(),
                         "ordinal": pd.PeriodIndex(keys["period"], freq="M").asi8, "position": np.arange(n)})
    right = pd.DataFrame({"indicator_id": targets["indicator_id"].astype(object).to_numpy(),
                          "ordinal": pd.PeriodIndex(targets["from_period"], freq="M").asi8,
                          **{column: targets[column].astype(object if column in ("band_kind", "target_text")
                                                            else "float64").to_numpy() for column in IN_FORCE_COLUMNS}})
    joined = pd.merge_asof(left.sort_values("ordinal", kind="stable"), right.sort_values("ordinal", kind="stable"),
                           on="ordinal", by="indicator_id", direction="backward").sort_values("position")
    joined = joined.reset_index(drop=True)[IN_FORCE_COLUMNS]
    joined["target_text"] = joined["target_text"].where(joined["target_text"].notna(), pd.NA)
    dated = (joined["target"].notna() | joined["target_text"].notna()).to_numpy()
    banded = (joined["band_kind"].notna() & joined["band_value"].notna()).to_numpy()
    return joined.assign(dated=dated, banded=banded)


def in_force_at(indicators: pd.DataFrame, targets: pd.DataFrame, period: pd.Period) -> pd.DataFrame:
    """An indicator frame (indexed by id) with the target and band each indicator had in `period`.

    Adds target_text: a target in words in force then (NA otherwise), its number being NaN.
    """
    keys = pd.DataFrame({"indicator_id": indicators.index.astype(object),
                         "period": pd.PeriodIndex([period] * len(indicators), freq="M")})
    found = targets_in_force(keys, targets)
    out = indicators.copy()
    dated, banded = found["dated"].to_numpy(), found["banded"].to_numpy()
    out["target"] = np.where(dated, found["target"].to_numpy(dtype="float64"), out["target"].to_numpy(dtype="float64"))
    out["band_kind"] = np.where(banded, found["band_kind"].to_numpy(dtype=object), out["band_kind"].to_numpy(dtype=object))
    out["band_value"] = np.where(banded, found["band_value"].to_numpy(dtype="float64"),
                                 out["band_value"].to_numpy(dtype="float64"))
    out["target_text"] = pd.Series(np.where(dated, found["target_text"].to_numpy(dtype=object), None),
                                   index=out.index, dtype="string")
    return out
