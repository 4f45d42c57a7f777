"""What a public page (or an export, or the command line) may show: figures withheld as one decision says.

Every function takes the Disclosure decided once for the model (core.views.suppression.decide_disclosure),
or decides it from a policy, so the scorecard, the whole-authority column, the sparklines, the locality
comparison and the indicator history all withhold the same figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.model import WHOLE_AUTHORITY, Dataset
from core.present.format import mark_provisional
from core.rules.outlook import OUTLOOK_MONTHS
from core.rules.spc import DEFAULT_SETTINGS, SpcSettings
from core.views.scorecard import build_scorecard
from core.views.suppression import (
    DEFAULT_POLICY,
    Disclosure,
    SuppressionPolicy,
    decide_disclosure,
    display_values,
    suppress_scorecard,
)

SPARKLINE_MONTHS = 12


def _decided(model: Dataset, policy: SuppressionPolicy | Disclosure) -> Disclosure:
    return policy if isinstance(policy, Disclosure) else decide_disclosure(model, policy)


def _month_of(model: Dataset, month: pd.Period | str | None) -> pd.Period:
    return pd.Period(month if month is not None else model.latest_period, freq="M")


def public_scorecard(model: Dataset, month: pd.Period | str | None = None, locality: str = WHOLE_AUTHORITY,
                     policy: SuppressionPolicy | Disclosure = DEFAULT_POLICY,
                     overrides: pd.DataFrame | None = None, process_changes: pd.DataFrame | None = None,
                     spc_settings: SpcSettings = DEFAULT_SETTINGS) -> pd.DataFrame:
    """The rated scorecard with display_value and withheld figures blanked (core.views.suppression).

    A locality view also carries the whole-authority figure alongside (authority_display_value, and
    authority_value as a number, NaN where the whole-authority figure is withheld).
    """
    month = _month_of(model, month)
    window = pd.period_range(month - (OUTLOOK_MONTHS - 1), month, freq="M")  # holds last month too
    # Only the months shown are decided: the rest of the workbook's tables cannot change them.
    disclosure = policy if isinstance(policy, Disclosure) else decide_disclosure(model, policy, months=window)
    # the outlook is projected only from figures that may be shown (every place withholds by the same decision)
    shown_history = shown_observations(model, window, locality, disclosure)
    spc = {"process_changes": process_changes, "spc_settings": spc_settings}
    shown = suppress_scorecard(build_scorecard(model, month=month, locality=locality, overrides=overrides,
                                               shown_history=shown_history, **spc), disclosure, locality, month)
    if locality != WHOLE_AUTHORITY:
        authority = suppress_scorecard(build_scorecard(model, month=month, overrides=overrides, **spc), disclosure,
                                       WHOLE_AUTHORITY, month).set_index("id")
        shown["authority_display_value"] = shown["id"].map(authority["display_value"])
        shown["authority_value"] = shown["id"].map(authority["value"]).astype("float64")  # NaN where withheld
        shown["authority_rag"] = shown["id"].map(authority["rag"].astype(str))
    return shown


def sparklines(model: Dataset, month: pd.Period | str, locality: str = WHOLE_AUTHORITY,
               policy: SuppressionPolicy | Disclosure = DEFAULT_POLICY, months: int = SPARKLINE_MONTHS) -> pd.Series:
    """Per indicator id, the last `months` monthly values up to `month` (None where missing or withheld)."""
    month = pd.Period(month, freq="M")
    window = pd.period_range(month - (months - 1), month, freq="M")
    chosen = shown_observations(model, window, locality, policy)
    grid = chosen.pivot(index="indicator_id", columns="period", values="value").reindex(columns=window)
    values = grid.to_numpy(dtype="float64")
    lines = [[None if np.isnan(v) else float(v) for v in row] for row in values]
    return pd.Series(lines, index=grid.index.astype(str), dtype=object)


def shown_observations(model: Dataset, window: pd.PeriodIndex, locality: str,
                       policy: SuppressionPolicy | Disclosure = DEFAULT_POLICY) -> pd.DataFrame:
    """The place's observations in `window`, one per indicator and month, withheld values blanked (NaN)."""
    disclosure = _decided(model, policy)
    obs = model.observations
    chosen = obs[((obs["locality"] == locality) & obs["period"].isin(window)).fillna(False).to_numpy()]
    chosen = chosen.drop_duplicates(["indicator_id", "period"])
    withheld = disclosure.lookup(chosen["indicator_id"].to_numpy(dtype=object), locality,
                                 chosen["period"].to_numpy(dtype=object))["withheld"].to_numpy()
    return chosen.assign(value=np.where(withheld, np.nan, chosen["value"].to_numpy(dtype="float64")))


def locality_breakdown(model: Dataset, indicator_id: str, month: pd.Period | str,
                       policy: SuppressionPolicy | Disclosure = DEFAULT_POLICY) -> pd.DataFrame:
    """One indicator in every locality, then the whole authority: locality, value, numerator, denominator,
    display_value, suppressed, suppression_reason (withheld numbers blanked)."""
    disclosure = _decided(model, policy)
    month = pd.Period(month, freq="M")
    obs = model.observations
    rows = obs[((obs["indicator_id"] == indicator_id) & (obs["period"] == month)).fillna(False).to_numpy()]
    rows = rows.drop_duplicates("locality").set_index("locality")
    order = [loc for loc in model.localities if loc != WHOLE_AUTHORITY] + [WHOLE_AUTHORITY]
    table = rows.reindex(order)[["value", "numerator", "denominator", "note"]].reset_index(names="locality")
    decided = disclosure.lookup(indicator_id, table["locality"].to_numpy(dtype=object), month)
    withheld = decided["withheld"].to_numpy()
    indicator = model.indicators[indicator_id]
    unit = indicator.unit.value if indicator.unit else None
    table["display_value"] = mark_provisional(display_values(table["value"], np.full(len(table), unit, dtype=object),
                                                             withheld), table["note"], table["value"].notna() & ~withheld)
    table["suppressed"] = withheld
    table["suppression_reason"] = pd.array(decided["reason"].to_numpy(), dtype="string")
    for column in ("value", "numerator", "denominator"):
        table[column] = table[column].mask(withheld)
    return table


def indicator_history(model: Dataset, indicator_id: str, locality: str, month: pd.Period | str,
                      policy: SuppressionPolicy | Disclosure = DEFAULT_POLICY) -> pd.DataFrame:
    """Every month of one indicator in one locality up to `month`, with provenance; withheld values blanked.

    Columns: period, value, display_value, suppressed, missing_reason, note, sheet, cell, source.
    """
    disclosure = _decided(model, policy)
    month = pd.Period(month, freq="M")
    obs = model.observations
    rows = obs[((obs["indicator_id"] == indicator_id) & (obs["locality"] == locality)
                & (obs["period"] <= month)).fillna(False).to_numpy()]
    rows = rows.drop_duplicates("period").sort_values("period").reset_index(drop=True)
    withheld = disclosure.lookup(indicator_id, locality, rows["period"].to_numpy(dtype=object))["withheld"].to_numpy()
    indicator = model.indicators[indicator_id]
    unit = indicator.unit.value if indicator.unit else None
    value = rows["value"].to_numpy(dtype="float64")
    return pd.DataFrame({
        "period": rows["period"], "value": np.where(withheld, np.nan, value),
        "display_value": display_values(value, np.full(len(rows), unit, dtype=object), withheld),
        "suppressed": withheld, "missing_reason": rows["missing_reason"], "note": rows["note"],
        "sheet": rows["sheet"], "cell": rows["cell"], "source": rows["source"],
    })
