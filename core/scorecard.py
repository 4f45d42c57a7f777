"""The scorecard for one month and one locality: one row per indicator, rated, with travel, trend and SPC.

This is what the Board reads, the CLI prints and `python -m core scorecard --json` emits
(scorecard_records: keep its keys stable).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.direction import direction_of_travel
from core.knowledge import areas
from core.models import WHOLE_AUTHORITY, Scorecard
from core.polarity import polarity_sign
from core.rating import effective_indicators, rag_reasons, rate
from core.spc import SpcSignal, assurance, spc_table
from core.trend import TOO_FEW_POINTS, trend_slopes

SCORECARD_COLUMNS = [
    "id", "area", "name", "unit", "good_is", "period", "value", "previous_value", "target", "rag", "rag_reason",
    "direction", "published_direction", "england", "england_year", "sn", "sn_year", "spc_signal", "assurance",
    "slope_6m", "slope_12m", "missing_reason", "note", "sheet", "cell",
    # useful beyond the contract: where, how rated, and how much history stood behind SPC and trend
    "locality", "band_kind", "band_value", "gap", "spc_points", "trend_6m", "trend_12m", "periodicity",
]
RECORD_KEYS = [
    "id", "area", "name", "unit", "good_is", "period", "value", "previous_value", "target", "rag", "rag_reason",
    "direction", "published_direction", "england", "sn", "spc_signal", "assurance",
]
UNKNOWN_AREA_ORDER = 10_000  # areas not in knowledge/areas.csv go last


def _month_of(model: Scorecard, month: pd.Period | str | None) -> pd.Period:
    if month is None:
        month = model.latest_period
        if month is None:
            raise ValueError("this scorecard has no month with a reported value")
    return pd.Period(month, freq="M")


def _month_rows(observations: pd.DataFrame, indicator_ids: pd.Index, locality: str, month: pd.Period) -> pd.DataFrame:
    """Exactly one observation row per indicator for the month (a blank one where nothing was reported)."""
    this_month = observations[(observations["period"] == month).to_numpy()]
    this_month = this_month.drop_duplicates("indicator_id")  # readers report duplicates; never more than one row
    skeleton = pd.DataFrame({"indicator_id": pd.Series(indicator_ids, dtype="string")})
    rows = skeleton.merge(this_month, on="indicator_id", how="left")
    rows["locality"] = pd.Series(locality, index=rows.index, dtype="string")
    rows["period"] = pd.Series(month, index=rows.index, dtype="period[M]")
    return rows[observations.columns]


def build_scorecard(model: Scorecard, month: pd.Period | str | None = None, locality: str = WHOLE_AUTHORITY,
                    overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per indicator of the model for `month` (default: the latest with data) in `locality`.

    Columns: SCORECARD_COLUMNS. Indicators with nothing reported that month are no_data. overrides
    (what-if targets / bands, see core.rating) also move the target that SPC assurance is judged by.
    """
    month = _month_of(model, month)
    indicators = model.indicator_frame()
    effective = effective_indicators(indicators, overrides)
    observations = model.observations
    history = observations[((observations["locality"] == locality) & (observations["period"] <= month))
                           .fillna(False).to_numpy()]

    month_rows = _month_rows(history, indicators.index, locality, month)
    previous_month = history[(history["period"] == month - 1).to_numpy()]
    with_previous = pd.concat([month_rows, previous_month], ignore_index=True)
    travelled = direction_of_travel(with_previous, indicators).iloc[: len(month_rows)]
    rated = rate(travelled, indicators, overrides)
    rated["rag_reason"] = rag_reasons(rated)

    spc = spc_table(history, effective).set_index("indicator_id")
    trend = trend_slopes(history, month).set_index("indicator_id")
    card = rated.set_index("indicator_id", drop=False)
    card = card.join(spc[["n_points", "spc_signal", "assurance"]]).join(
        trend[["slope_6m", "slope_12m", "trend_6m", "trend_12m"]])
    _fill_series_without_values(card, effective)

    described = effective.loc[card.index, ["area", "name", "england", "england_year", "sn", "sn_year", "periodicity"]]
    card = pd.concat([card.drop(columns=[c for c in described.columns if c in card]), described], axis=1)
    card = card.rename(columns={"indicator_id": "id", "n_points": "spc_points"})
    card["period"] = month.strftime("%Y-%m")
    return _in_area_order(card[SCORECARD_COLUMNS].reset_index(drop=True))


def _fill_series_without_values(card: pd.DataFrame, effective: pd.DataFrame) -> None:
    """Indicators with no value at all in this locality have no SPC or trend row: say so in the same words."""
    no_history = card["spc_signal"].isna().to_numpy()
    card["n_points"] = card["n_points"].fillna(0).astype("int64")
    card.loc[no_history, "spc_signal"] = SpcSignal.too_few_points.value
    card.loc[no_history, "assurance"] = assurance(
        np.zeros(no_history.sum()), np.full(no_history.sum(), np.nan), np.full(no_history.sum(), np.nan),
        effective.loc[card.index[no_history], "target"].to_numpy(dtype="float64"),
        polarity_sign(effective.loc[card.index[no_history], "good_is"]))
    for window in ("6m", "12m"):
        card[f"trend_{window}"] = card[f"trend_{window}"].fillna(TOO_FEW_POINTS)


def _in_area_order(card: pd.DataFrame) -> pd.DataFrame:
    area_order = card["area"].map(areas()["order"]).fillna(UNKNOWN_AREA_ORDER)
    model_order = np.arange(len(card))
    return card.iloc[np.lexsort((model_order, area_order.to_numpy()))].reset_index(drop=True)


def scorecard_records(frame: pd.DataFrame) -> list[dict]:
    """JSON-ready dicts, one per indicator, with exactly RECORD_KEYS (NaN -> None). A stable contract."""
    chosen = frame[RECORD_KEYS].astype(object)
    return chosen.where(frame[RECORD_KEYS].notna(), None).to_dict("records")

