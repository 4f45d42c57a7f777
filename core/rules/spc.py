"""Statistical process control, NHS "Making Data Count" style (XmR chart).

A series is the reported values of one indicator in one locality, in month order, up to a chosen
month (months with no value are left out, not filled). Limits: mean +/- 2.66 x the mean moving
range (3 sigma). Special cause rules, one function each, all working on many series at once:
  1. a point beyond a process limit;
  2. a run of RUN_LENGTH (7) or more consecutive points on one side of the mean (a point on the
     mean breaks the run);
  3. a trend of TREND_LENGTH (6) or more consecutive points each higher (or each lower) than the
     one before (a repeat breaks it);
  4. 2 of 3 consecutive points beyond 2 sigma (2/3 of the way to a limit) on the same side;
     as in the Western Electric rule, a point beyond the limit itself counts as beyond 2 sigma.
A flagged point is an improvement or a concern through polarity: by the side of the mean it sits
on for rules 1, 2 and 4, by the direction of the trend when rule 3 is the only one it breaks.
With fewer than MIN_POINTS (12) points nothing is computed: the verdict is too_few_points.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import pandas as pd

from core.rules.polarity import per_row, polarity_sign
from core.rules.series_keys import month_numbers

LIMIT_SIGMAS = 2.66  # x mean moving range = 3 sigma for an XmR chart
NEAR_LIMIT_SIGMAS = LIMIT_SIGMAS * 2 / 3  # 2 sigma
MIN_POINTS = 12
RUN_LENGTH = 7
TREND_LENGTH = 6
NEAR_LIMIT_WINDOW, NEAR_LIMIT_COUNT = 3, 2
DECIMALS = 6  # differences rounded before comparing, so float noise never makes a signal


class SpcSignal(StrEnum):
    special_cause_improvement = "special_cause_improvement"
    special_cause_concern = "special_cause_concern"
    special_cause_neither = "special_cause_neither"
    common_cause = "common_cause"
    too_few_points = "too_few_points"


class Assurance(StrEnum):
    consistently_passes = "consistently_passes"
    consistently_fails = "consistently_fails"
    variable = "variable"
    not_applicable = "not_applicable"
    too_few_points = "too_few_points"


RULE_WORDS = {
    "beyond_limit": "beyond a process limit",
    "run": f"run of {RUN_LENGTH}+ on one side of the mean",
    "trend": f"{TREND_LENGTH}+ points rising or falling",
    "two_of_three": "2 of 3 beyond 2 sigma",
}


# ---- series plumbing: arrays sorted by series then month; `series` holds each point's series code ----

def _shifted(values: np.ndarray, by: int, series: np.ndarray, fill: object) -> np.ndarray:
    """values moved `by` places later (negative: earlier), with `fill` where that crosses a series boundary."""
    out = np.full(len(values), fill, dtype=values.dtype)
    same = np.zeros(len(values), dtype=bool)
    if by > 0:
        same[by:] = series[by:] == series[:-by]
        out[by:] = values[:-by]
    elif by < 0:
        same[:by] = series[:by] == series[-by:]
        out[:by] = values[-by:]
    return np.where(same, out, fill)


def _run_lengths(labels: np.ndarray, series: np.ndarray) -> np.ndarray:
    """For each point, the length of the unbroken run of equal labels (within its series) it belongs to."""
    starts = np.ones(len(labels), dtype=bool)
    starts[1:] = (labels[1:] != labels[:-1]) | (series[1:] != series[:-1])
    run_id = np.cumsum(starts) - 1
    return np.bincount(run_id)[run_id] if len(labels) else np.zeros(0, dtype=np.int64)


def _side_of(values: np.ndarray, centre: np.ndarray) -> np.ndarray:
    return np.sign(np.round(values - centre, DECIMALS))


# ---- the four rules ----------------------------------------------------------------------------

def rule_beyond_limit(values: np.ndarray, lcl: np.ndarray, ucl: np.ndarray) -> np.ndarray:
    """Rule 1: a point above the upper or below the lower process limit (on a limit is not beyond)."""
    return (np.round(values - ucl, DECIMALS) > 0) | (np.round(lcl - values, DECIMALS) > 0)


def rule_run_one_side(values: np.ndarray, mean: np.ndarray, series: np.ndarray) -> np.ndarray:
    """Rule 2: every point of a run of RUN_LENGTH or more consecutive points on the same side of the mean."""
    side = _side_of(values, mean)
    return (side != 0) & (_run_lengths(side, series) >= RUN_LENGTH)


def rule_trend(values: np.ndarray, series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rule 3: every point of TREND_LENGTH or more consecutive points each rising (or each falling).

    Returns (flagged, direction of the trend: +1 rising, -1 falling, 0 none).
    """
    step = _side_of(values, _shifted(values, 1, series, np.nan))  # NaN at a series start -> 0
    step = np.nan_to_num(step)
    # TREND_LENGTH points make TREND_LENGTH - 1 equal steps; each step also flags the point it starts from
    long_step = (step != 0) & (_run_lengths(step, series) >= TREND_LENGTH - 1)
    starts_long_step = _shifted(long_step, -1, series, False)
    flagged = long_step | starts_long_step
    direction = np.where(long_step, step, np.where(starts_long_step, _shifted(step, -1, series, 0.0), 0.0))
    return flagged, direction


def rule_two_of_three(values: np.ndarray, near_lcl: np.ndarray, near_ucl: np.ndarray,
                      series: np.ndarray) -> np.ndarray:
    """Rule 4: the points beyond 2 sigma in any 3 consecutive points of which 2 or more are beyond it, same side."""
    flagged = np.zeros(len(values), dtype=bool)
    for beyond in (np.round(values - near_ucl, DECIMALS) > 0, np.round(near_lcl - values, DECIMALS) > 0):
        count = beyond.astype(np.int64)
        for back in range(1, NEAR_LIMIT_WINDOW):
            count = count + _shifted(beyond, back, series, False)
        window_ends_here = count >= NEAR_LIMIT_COUNT  # the 3-point window ending at this point qualifies
        in_window = window_ends_here.copy()
        for ahead in range(1, NEAR_LIMIT_WINDOW):
            in_window |= _shifted(window_ends_here, -ahead, series, False)
        flagged |= beyond & in_window
    return flagged


# ---- limits, rules and classification for many series at once ------------------------------------

def _limits(values: np.ndarray, series: np.ndarray) -> dict[str, np.ndarray]:
    # series arrive sorted, so a running count of series starts numbers them 0, 1, 2... for bincount
    starts = np.ones(len(series), dtype=bool)
    starts[1:] = series[1:] != series[:-1]
    dense = np.cumsum(starts) - 1
    moving_range = np.abs(values - _shifted(values, 1, series, np.nan))
    has_range = ~np.isnan(moving_range)
    n_points = np.bincount(dense)[dense]
    mean = (np.bincount(dense, weights=values) / np.bincount(dense))[dense]
    with np.errstate(divide="ignore", invalid="ignore"):  # a one-point series has no moving range
        mean_moving_range = (np.bincount(dense, weights=np.where(has_range, moving_range, 0.0))
                             / np.bincount(dense, weights=has_range.astype("float64")))[dense]
    mean = np.where(n_points >= MIN_POINTS, mean, np.nan)
    return {
        "n_points": n_points,
        "mean": mean,
        "lcl": mean - LIMIT_SIGMAS * mean_moving_range,
        "ucl": mean + LIMIT_SIGMAS * mean_moving_range,
        "near_lcl": mean - NEAR_LIMIT_SIGMAS * mean_moving_range,
        "near_ucl": mean + NEAR_LIMIT_SIGMAS * mean_moving_range,
    }


def _classify(flagged: np.ndarray, signal_side: np.ndarray, polarity: np.ndarray,
              enough: np.ndarray) -> np.ndarray:
    return np.select(
        [~enough, ~flagged, polarity == 0, signal_side * polarity > 0],
        [SpcSignal.too_few_points.value, SpcSignal.common_cause.value, SpcSignal.special_cause_neither.value,
         SpcSignal.special_cause_improvement.value],
        SpcSignal.special_cause_concern.value,
    )


def _points(values: np.ndarray, series: np.ndarray, polarity: np.ndarray) -> dict[str, np.ndarray]:
    """Per point: limits, each rule, and point_type (an SpcSignal value). Input sorted by series, month."""
    points = {"value": values, **_limits(values, series)}
    enough = points["n_points"] >= MIN_POINTS
    beyond = rule_beyond_limit(values, points["lcl"], points["ucl"]) & enough
    run = rule_run_one_side(values, points["mean"], series) & enough
    trend, trend_direction = rule_trend(values, series)
    trend &= enough
    two_of_three = rule_two_of_three(values, points["near_lcl"], points["near_ucl"], series) & enough
    by_side = beyond | run | two_of_three
    signal_side = np.where(by_side, _side_of(values, points["mean"]), trend_direction)
    points.update(beyond_limit=beyond, run=run, trend=trend, two_of_three=two_of_three,
                  point_type=_classify(by_side | trend, signal_side, polarity, enough))
    return points


def assurance(n_points: np.ndarray, lcl: np.ndarray, ucl: np.ndarray, target: np.ndarray,
              polarity: np.ndarray) -> np.ndarray:
    """Where the process limits sit against the target: a whole range at or better than it passes.

    The worst limit at or better than target = consistently_passes; the best limit worse than
    target = consistently_fails; otherwise variable.
    """
    worst_limit = np.where(polarity > 0, lcl, ucl)
    best_limit = np.where(polarity > 0, ucl, lcl)
    return np.select(
        [np.isnan(target) | (polarity == 0), n_points < MIN_POINTS,
         np.round(polarity * (worst_limit - target), DECIMALS) >= 0,
         np.round(polarity * (best_limit - target), DECIMALS) < 0],
        [Assurance.not_applicable.value, Assurance.too_few_points.value,
         Assurance.consistently_passes.value, Assurance.consistently_fails.value],
        Assurance.variable.value,
    )


# ---- public entry points -----------------------------------------------------------------------

def spc_points(values: pd.Series, good_is: str | None) -> pd.DataFrame:
    """SPC detail for one series, for charts. values: indexed by month (pd.Period); NaN months are dropped.

    Columns: value, n_points, mean, lcl, ucl, near_lcl, near_ucl (2 sigma), beyond_limit, run, trend,
    two_of_three (bool per rule), rules (the rules hit, in words) and point_type (an SpcSignal value).
    """
    reported = values.dropna().sort_index()
    series = np.zeros(len(reported), dtype=np.int64)
    polarity = np.full(len(reported), polarity_sign(np.array([good_is], dtype=object))[0])
    points = pd.DataFrame(_points(reported.to_numpy(dtype="float64"), series, polarity), index=reported.index)
    rules = pd.Series("", index=points.index, dtype=object)
    for rule, words in RULE_WORDS.items():
        rules = rules + np.where(points[rule], "; " + words, "")
    points["rules"] = rules.str.removeprefix("; ")
    return points


def series_values(observations: pd.DataFrame, indicator_id: str, locality: str,
                  month: pd.Period | None = None) -> pd.Series:
    """The values of one indicator in one locality, indexed by month, up to and including `month`."""
    rows = (observations["indicator_id"] == indicator_id) & (observations["locality"] == locality)
    if month is not None:
        rows &= observations["period"] <= pd.Period(month, freq="M")
    chosen = observations.loc[rows.fillna(False).to_numpy(), ["period", "value"]]
    return chosen.set_index("period")["value"].astype("float64").sort_index()


def spc_table(observations: pd.DataFrame, indicators: pd.DataFrame, month: pd.Period | None = None) -> pd.DataFrame:
    """One row per indicator x locality series with a value up to `month` (default: all months).

    Columns: indicator_id, locality, n_points, mean, lcl, ucl, spc_signal (from the latest point),
    assurance (against the indicator's target in `indicators`).
    """
    chosen = observations["value"].notna()
    if month is not None:
        chosen &= observations["period"] <= pd.Period(month, freq="M")
    chosen = chosen.to_numpy()
    # work on codes and arrays; names are looked up only for the one row kept per series
    indicator_codes, indicator_ids = pd.factorize(observations["indicator_id"].to_numpy()[chosen])
    locality_codes, localities = pd.factorize(observations["locality"].to_numpy()[chosen], use_na_sentinel=False)
    series = indicator_codes.astype(np.int64) * (len(localities) + 1) + locality_codes
    order = np.lexsort((month_numbers(observations["period"])[chosen], series))
    series, indicator_codes, locality_codes = series[order], indicator_codes[order], locality_codes[order]
    values = observations["value"].to_numpy(dtype="float64", na_value=np.nan)[chosen][order]

    indicator_ids = pd.Index(indicator_ids, dtype=object)
    good_is, target = per_row(indicators, indicator_ids, "good_is", "target", blank=np.nan)
    polarity_of_indicator = polarity_sign(good_is)
    points = _points(values, series, polarity_of_indicator[indicator_codes])
    last = np.ones(len(series), dtype=bool)
    last[:-1] = series[1:] != series[:-1]
    latest = {name: column[last] for name, column in points.items()}
    table = pd.DataFrame({
        "indicator_id": indicator_ids.to_numpy()[indicator_codes[last]],
        "locality": np.asarray(localities, dtype=object)[locality_codes[last]],
        "n_points": latest["n_points"],
        "mean": latest["mean"],
        "lcl": latest["lcl"],
        "ucl": latest["ucl"],
        "spc_signal": latest["point_type"],
    })
    table["assurance"] = assurance(latest["n_points"], latest["lcl"], latest["ucl"],
                                   target.astype("float64")[indicator_codes[last]],
                                   polarity_of_indicator[indicator_codes[last]])
    return table
