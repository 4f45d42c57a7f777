"""Every point of many series at once: its section's lines, each rule, and its verdict; and one series for charts."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from core.rules.polarity import polarity_sign
from core.rules.series_keys import month_numbers
from core.rules.spc import beyond_limit, shift, trend, two_of_three
from core.rules.spc.arrays import side_of
from core.rules.spc.classification import classify
from core.rules.spc.limits import limits
from core.rules.spc.recalculation import section_codes
from core.rules.spc.settings import DEFAULT_SETTINGS, SpcSettings

RULE_COLUMNS = ("beyond_limit", "shift", "trend", "two_of_three")


def rule_words(settings: SpcSettings) -> dict[str, str]:
    """Each rule column's words, for a chart's hover text."""
    return {"beyond_limit": beyond_limit.WORDS, "shift": shift.words(settings), "trend": trend.words(settings),
            "two_of_three": two_of_three.WORDS}


def classified_points(values: np.ndarray, series: np.ndarray, sections: np.ndarray, polarity: np.ndarray,
                      settings: SpcSettings) -> dict[str, np.ndarray]:
    """Per point: its section's lines, each rule (bool) and point_type (an SpcSignal value).

    Input sorted by series, then month; sections from recalculation.section_codes.
    """
    points = {"value": values, "section": sections, **limits(values, sections)}
    enough = points["enough"]
    # a point of a section too short for limits gives no signal, and no run passes through it
    rule_series = np.where(enough, series, -1 - np.arange(len(series)))
    mean = np.where(enough, points["mean"], np.nan)
    beyond = beyond_limit.rule_beyond_limit(values, points["lcl"], points["ucl"])
    shifted_run = shift.rule_shift(values, mean, rule_series, settings.shift_length)
    rising, falling = trend.rule_trend(values, rule_series, settings.trend_length)
    near = two_of_three.rule_two_of_three(values, mean, points["lcl"], points["ucl"], points["near_lcl"],
                                          points["near_ucl"], rule_series)
    side = side_of(values, mean)
    by_side = beyond | shifted_run | near
    high = ((by_side & (side > 0)) | rising) & enough
    low = ((by_side & (side < 0)) | falling) & enough
    points.update(beyond_limit=beyond, shift=shifted_run, trend=rising | falling, two_of_three=near,
                  point_type=classify(high, low, polarity, enough))
    return points


def spc_points(values: pd.Series, good_is: str | None, settings: SpcSettings = DEFAULT_SETTINGS,
               process_changes: Iterable[pd.Period] = ()) -> pd.DataFrame:
    """SPC detail for one series, for charts. values: indexed by month (pd.Period); NaN months are dropped.

    process_changes: months marked as a process change for this indicator (each starts a new section).
    Columns: value, section (0, 1, ... from each process change), n_points (of the section), mean, lcl,
    ucl, near_lcl, near_ucl (two sigma), enough (False: trial, only the mean), beyond_limit, shift,
    trend, two_of_three (bool per rule), rules (the rules hit, in words), point_type (an SpcSignal value).
    """
    reported = values.dropna().sort_index()
    months = month_numbers(pd.Series(reported.index, dtype="period[M]"))
    marks = np.array([pd.Period(m, freq="M").ordinal for m in process_changes], dtype=np.int64)
    series = np.zeros(len(reported), dtype=np.int64)
    sections = section_codes(series, series, months, np.zeros(len(marks), dtype=np.int64), marks)
    polarity = np.full(len(reported), polarity_sign(np.array([good_is], dtype=object))[0])
    points = pd.DataFrame(classified_points(reported.to_numpy(dtype="float64"), series, sections, polarity, settings),
                          index=reported.index)
    rules = pd.Series("", index=points.index, dtype=object)
    for rule, words in rule_words(settings).items():
        rules = rules + np.where(points[rule], "; " + words, "")
    points["rules"] = rules.str.removeprefix("; ")
    return points
