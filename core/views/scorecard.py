"""The scorecard for one month and one locality: one row per indicator, rated, with travel, trend and SPC.

This is what the Board reads, the CLI prints and `python -m core scorecard --json` emits
(scorecard_records: keep its keys stable).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.knowledge import areas
from core.model import WHOLE_AUTHORITY, Dataset, Periodicity
from core.model.targets import in_force_at
from core.rules.direction import QUARTER_MONTHS, direction_of_travel
from core.rules.outlook import OUTLOOK_COLUMNS, OUTLOOK_FIGURES, Outlook, outlook_table
from core.rules.polarity import polarity_sign
from core.rules.rag import (
    dated_targets,
    effective_indicators,
    not_rated_where_target_does_not_apply,
    rate_against_target,
    target_applies,
)
from core.rules.spc import (
    DEFAULT_SETTINGS,
    SpcSettings,
    SpcSignal,
    assurance,
    spc_table,
)
from core.rules.trend import TOO_FEW_POINTS, trend_slopes

SCORECARD_COLUMNS = [
    "id", "area", "name", "unit", "good_is", "period", "value", "previous_value", "target", "rag", "rag_reason",
    "direction", "published_direction", "england", "england_year", "england_range", "sn", "sn_year", "sn_range",
    "spc_signal", "assurance",
    "slope_6m", "slope_12m", "missing_reason", "note", "sheet", "cell",
    # useful beyond the contract: where, how rated, and how much history stood behind SPC and trend
    "locality", "band_kind", "band_value", "target_text", "gap", "spc_points", "trend_6m", "trend_12m", "periodicity",
    # the counts behind a figure, this month and last: small-number suppression needs them
    "numerator", "denominator", "previous_numerator", "previous_denominator", "min_denominator",
    # where the recent run leads by the year end (core.rules.outlook)
    *OUTLOOK_COLUMNS[1:],
]
RECORD_KEYS = [
    "id", "area", "name", "unit", "good_is", "period", "value", "previous_value", "target", "rag", "rag_reason",
    "direction", "published_direction", "england", "sn", "spc_signal", "assurance",
]
UNKNOWN_AREA_ORDER = 10_000  # areas not in knowledge/areas.csv go last


def _month_of(model: Dataset, month: pd.Period | str | None) -> pd.Period:
    if month is None:
        month = model.latest_period
        if month is None:
            raise ValueError("this scorecard has no month with a reported value")
    return pd.Period(month, freq="M")


def _in_area_order(indicators: pd.DataFrame) -> pd.DataFrame:
    """Indicators by area (knowledge/areas.csv order, unknown areas last), then as the model lists them."""
    area_order = indicators["area"].map(areas()["order"]).fillna(UNKNOWN_AREA_ORDER).to_numpy()
    return indicators.iloc[np.lexsort((np.arange(len(indicators)), area_order))]


def _month_rows(observations: pd.DataFrame, indicator_ids: pd.Index, locality: str, month: pd.Period) -> pd.DataFrame:
    """Exactly one observation row per indicator for the month, in indicator_ids order (blank where none)."""
    this_month = observations[(observations["period"] == month).to_numpy()]
    this_month = this_month.drop_duplicates("indicator_id")  # readers report duplicates; never more than one row
    skeleton = pd.DataFrame({"indicator_id": pd.Series(indicator_ids, dtype="string")})
    rows = skeleton.merge(this_month, on="indicator_id", how="left")
    rows["locality"] = pd.Series(locality, index=rows.index, dtype="string")
    rows["period"] = pd.Series(month, index=rows.index, dtype="period[M]")
    return rows[observations.columns]


def build_scorecard(model: Dataset, month: pd.Period | str | None = None, locality: str = WHOLE_AUTHORITY,
                    overrides: pd.DataFrame | None = None, process_changes: pd.DataFrame | None = None,
                    spc_settings: SpcSettings = DEFAULT_SETTINGS,
                    shown_history: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per indicator of the model for `month` (default: the latest with data) in `locality`.

    Columns: SCORECARD_COLUMNS, rows in area order. Indicators with nothing reported that month are
    no_data. overrides (what-if targets / bands, see core.rating) also move the target that SPC
    assurance and the outlook are judged by. process_changes (indicator_id, period: months a manager
    marked) start new SPC sections; spc_settings sets the shift and trend lengths. shown_history: the
    locality's observations with withheld figures blanked, for a public view, so the outlook is projected
    only from what may be shown.
    """
    month = _month_of(model, month)
    # The target and band in force in `month` (what-if overrides on top): what the card rates and shows.
    effective = in_force_at(effective_indicators(model.indicator_frame(), overrides),
                            dated_targets(model.targets, overrides), month)
    effective = _in_area_order(effective)
    observations = model.observations
    history = observations[((observations["locality"] == locality) & (observations["period"] <= month))
                           .fillna(False).to_numpy()]

    # every row below stays in `effective` order, so per-indicator columns are laid alongside as they are
    month_rows = _month_rows(history, effective.index, locality, month)
    # the period a direction looks back to: last month, or last quarter for a quarterly measure
    quarterly = history["indicator_id"].isin(effective.index[effective["periodicity"] == Periodicity.quarterly.value])
    previous_month = history[((history["period"] == month - 1) & ~quarterly
                              | (history["period"] == month - QUARTER_MONTHS) & quarterly).fillna(False).to_numpy()]
    with_previous = pd.concat([month_rows, previous_month], ignore_index=True)
    card = direction_of_travel(with_previous, effective).iloc[: len(month_rows)]
    card = rate_against_target(card, effective)  # RAG pipeline steps 1 and 2 (see core.rules.rag)
    council_only = ~target_applies(card, locality)
    card = not_rated_where_target_does_not_apply(card, locality)
    card = _with_previous_counts(card, previous_month)
    card = card.rename(columns={"indicator_id": "id"})
    for column in ("area", "name", "england", "england_year", "england_range", "sn", "sn_year", "sn_range",
                   "periodicity", "min_denominator"):
        card[column] = effective[column].to_numpy()
    spc = spc_table(history, effective, settings=spc_settings, process_changes=process_changes)
    _lay_alongside(card, spc, {"n_points": "spc_points", "spc_signal": "spc_signal", "assurance": "assurance"})
    trend = trend_slopes(history, month)
    _lay_alongside(card, trend, {c: c for c in ("slope_6m", "slope_12m", "trend_6m", "trend_12m")})
    _fill_series_without_values(card, effective)
    card.loc[council_only, "assurance"] = "not_applicable"
    projected_from = history if shown_history is None else shown_history
    _lay_alongside(card, outlook_table(projected_from, effective, month), {c: c for c in OUTLOOK_COLUMNS[1:]})
    card.loc[council_only, OUTLOOK_FIGURES] = np.nan
    card.loc[council_only, "outlook"] = Outlook.none.value
    card.loc[council_only, "outlook_reason"] = "No outlook: the target is for the whole authority, not one locality"
    card["period"] = month.strftime("%Y-%m")
    return card[SCORECARD_COLUMNS]


def _lay_alongside(card: pd.DataFrame, per_indicator: pd.DataFrame, columns: dict[str, str]) -> None:
    """Copy columns of a one-row-per-indicator table onto the card, matched by id (NaN or None where absent)."""
    at = pd.Index(per_indicator["indicator_id"]).get_indexer(card["id"])  # -1 picks the appended blank
    for source, target in columns.items():
        column = per_indicator[source]
        if pd.api.types.is_numeric_dtype(column):
            card[target] = np.append(column.to_numpy(dtype="float64"), np.nan)[at]
        else:
            card[target] = pd.Series(np.append(column.to_numpy(dtype=object), None)[at], index=card.index,
                                     dtype=object)



def _with_previous_counts(rated: pd.DataFrame, previous_month: pd.DataFrame) -> pd.DataFrame:
    previous = previous_month.drop_duplicates("indicator_id").set_index("indicator_id")[["numerator", "denominator"]]
    previous = previous.rename(columns={"numerator": "previous_numerator", "denominator": "previous_denominator"})
    joined = rated.join(previous, on="indicator_id")
    joined.index = rated.index
    return joined


def _fill_series_without_values(card: pd.DataFrame, effective: pd.DataFrame) -> None:
    """Indicators with no value at all in this locality have no SPC or trend row: say so in the same words."""
    no_history = card["spc_signal"].isna().to_numpy()
    card["spc_points"] = card["spc_points"].fillna(0).astype("int64")
    for window in ("6m", "12m"):
        card[f"trend_{window}"] = card[f"trend_{window}"].fillna(TOO_FEW_POINTS)
    if no_history.any():
        blank = np.full(no_history.sum(), np.nan)
        card.loc[no_history, "spc_signal"] = SpcSignal.too_few_points.value
        card.loc[no_history, "assurance"] = assurance(
            np.zeros(no_history.sum()), blank, blank, effective["target"].to_numpy()[no_history],
            polarity_sign(effective["good_is"].to_numpy(dtype=object)[no_history]))


def scorecard_records(frame: pd.DataFrame) -> list[dict]:
    """JSON-ready dicts, one per indicator, with exactly RECORD_KEYS (NaN -> None). A stable contract."""
    chosen = frame[RECORD_KEYS].astype(object)
    return chosen.where(frame[RECORD_KEYS].notna(), None).to_dict("records")
