"""What a public page (or an export) may show: the scorecard with small numbers withheld.

Every screen and every export goes through these functions so that suppression is applied exactly
once and the same way everywhere.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.model import WHOLE_AUTHORITY, Dataset
from core.rules.outlook import OUTLOOK_MONTHS
from core.rules.spc import DEFAULT_SETTINGS, SpcSettings
from core.views.scorecard import build_scorecard
from core.views.suppression import (
    DEFAULT_POLICY,
    SuppressionPolicy,
    suppress_breakdown,
    suppress_scorecard,
)

SPARKLINE_MONTHS = 12


def public_scorecard(model: Dataset, month: pd.Period | str | None = None, locality: str = WHOLE_AUTHORITY,
                     policy: SuppressionPolicy = DEFAULT_POLICY,
                     overrides: pd.DataFrame | None = None, process_changes: pd.DataFrame | None = None,
                     spc_settings: SpcSettings = DEFAULT_SETTINGS) -> pd.DataFrame:
    """The rated scorecard with display_value and, in a locality view, small numbers withheld.

    A locality view also carries the whole-authority figure alongside (authority_display_value, and
    authority_value as a number: council-wide figures are never withheld).
    """
    shown_history = None
    if locality != WHOLE_AUTHORITY:  # the outlook is projected only from figures that may be shown
        month = pd.Period(month if month is not None else model.latest_period, freq="M")
        shown_history = shown_observations(model, pd.period_range(month - (OUTLOOK_MONTHS - 1), month, freq="M"),
                                           locality, policy)
    spc = {"process_changes": process_changes, "spc_settings": spc_settings}
    card = build_scorecard(model, month=month, locality=locality, overrides=overrides, shown_history=shown_history,
                           **spc)
    shown = suppress_scorecard(card, policy, locality)
    if locality != WHOLE_AUTHORITY:
        authority = suppress_scorecard(build_scorecard(model, month=month, overrides=overrides, **spc), policy,
                                       WHOLE_AUTHORITY)
        shown["authority_display_value"] = shown["id"].map(authority.set_index("id")["display_value"])
        shown["authority_value"] = shown["id"].map(authority.set_index("id")["value"]).astype("float64")
        shown["authority_rag"] = shown["id"].map(authority.set_index("id")["rag"].astype(str))
    return shown


def sparklines(model: Dataset, month: pd.Period | str, locality: str = WHOLE_AUTHORITY,
               policy: SuppressionPolicy = DEFAULT_POLICY, months: int = SPARKLINE_MONTHS) -> pd.Series:
    """Per indicator id, the last `months` monthly values up to `month` (None where missing or withheld)."""
    month = pd.Period(month, freq="M")
    window = pd.period_range(month - (months - 1), month, freq="M")
    chosen = shown_observations(model, window, locality, policy)
    grid = chosen.pivot(index="indicator_id", columns="period", values="value").reindex(columns=window)
    values = grid.to_numpy(dtype="float64")
    lines = [[None if np.isnan(v) else float(v) for v in row] for row in values]
    return pd.Series(lines, index=grid.index.astype(str), dtype=object)


def shown_observations(model: Dataset, window: pd.PeriodIndex, locality: str,
                       policy: SuppressionPolicy = DEFAULT_POLICY) -> pd.DataFrame:
    """The locality's observations in `window`, one per indicator and month, withheld values blanked (NaN)."""
    obs = model.observations
    chosen = obs[((obs["locality"] == locality) & obs["period"].isin(window)).fillna(False).to_numpy()]
    chosen = chosen.drop_duplicates(["indicator_id", "period"])
    if locality != WHOLE_AUTHORITY and len(chosen):
        indicators = model.indicator_frame()
        points = pd.DataFrame({
            "id": chosen["indicator_id"].to_numpy(), "locality": locality,
            "unit": chosen["indicator_id"].map(indicators["unit"]).to_numpy(),
            "min_denominator": chosen["indicator_id"].map(indicators["min_denominator"]).to_numpy(dtype="float64"),
            "value": chosen["value"].to_numpy(), "numerator": chosen["numerator"].to_numpy(),
            "denominator": chosen["denominator"].to_numpy(),
        })
        withheld = suppress_scorecard(points, policy, locality)["suppressed"].to_numpy(dtype=bool)
        chosen = chosen.assign(value=np.where(withheld, np.nan, chosen["value"].to_numpy()))
    return chosen


def locality_breakdown(model: Dataset, indicator_id: str, month: pd.Period | str,
                       policy: SuppressionPolicy = DEFAULT_POLICY) -> pd.DataFrame:
    """One indicator in every locality plus the whole authority, with primary and secondary suppression."""
    month = pd.Period(month, freq="M")
    obs = model.observations
    rows = obs[((obs["indicator_id"] == indicator_id) & (obs["period"] == month)).fillna(False).to_numpy()]
    rows = rows.drop_duplicates("locality").set_index("locality")
    localities = [loc for loc in model.localities if loc != WHOLE_AUTHORITY]
    parts = rows.reindex(localities)[["value", "numerator", "denominator"]].reset_index(names="locality")
    indicator = model.indicators[indicator_id]
    total = rows["value"].get(WHOLE_AUTHORITY, np.nan)
    shown = suppress_breakdown(parts, None if pd.isna(total) else float(total),
                               indicator.unit.value if indicator.unit else None, policy,
                               indicator.min_denominator)
    whole = suppress_breakdown(pd.DataFrame({"locality": [WHOLE_AUTHORITY], "value": [total],
                                             "numerator": [rows["numerator"].get(WHOLE_AUTHORITY, np.nan)],
                                             "denominator": [rows["denominator"].get(WHOLE_AUTHORITY, np.nan)]}),
                               None if pd.isna(total) else float(total),
                               indicator.unit.value if indicator.unit else None, policy, indicator.min_denominator)
    return pd.concat([shown, whole], ignore_index=True)


def indicator_history(model: Dataset, indicator_id: str, locality: str, month: pd.Period | str,
                      policy: SuppressionPolicy = DEFAULT_POLICY) -> pd.DataFrame:
    """Every month of one indicator in one locality up to `month`, with provenance; withheld values blanked.

    Columns: period, value, display_value, suppressed, missing_reason, note, sheet, cell, source.
    """
    month = pd.Period(month, freq="M")
    obs = model.observations
    rows = obs[((obs["indicator_id"] == indicator_id) & (obs["locality"] == locality)
                & (obs["period"] <= month)).fillna(False).to_numpy()]
    rows = rows.drop_duplicates("period").sort_values("period").reset_index(drop=True)
    indicator = model.indicators[indicator_id]
    points = pd.DataFrame({
        "id": indicator_id, "locality": locality, "unit": indicator.unit.value if indicator.unit else None,
        "min_denominator": float(indicator.min_denominator) if indicator.min_denominator is not None else np.nan,
        "value": rows["value"].to_numpy(), "numerator": rows["numerator"].to_numpy(),
        "denominator": rows["denominator"].to_numpy(),
    })
    shown = suppress_scorecard(points, policy, locality)
    return pd.DataFrame({
        "period": rows["period"], "value": shown["value"].to_numpy(dtype="float64"),
        "display_value": shown["display_value"].to_numpy(), "suppressed": shown["suppressed"].to_numpy(dtype=bool),
        "missing_reason": rows["missing_reason"], "note": rows["note"], "sheet": rows["sheet"], "cell": rows["cell"],
        "source": rows["source"],
    })
