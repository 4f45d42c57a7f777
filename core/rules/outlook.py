"""Year-end outlook: where each indicator's recent run leads by the end of the financial year.

Method (the Definitions page says the same in words):
  1. The run: the months with a figure among the last OUTLOOK_MONTHS (12) calendar months ending at
     the chosen month. At least MIN_POINTS (6) are needed; gaps are left out, not filled.
  2. The trend: a least-squares straight line through the run (value against month).
  3. The projection: that line carried on to the year end, the end of March. Financial years run
     April to March; in March itself the year is over, so the outlook looks to the next March.
     Percentages stay within 0-100% and nothing goes below 0.
  4. The band: the projection +/- LIMIT_SIGMAS (2.66) x the average moving range of the run about
     its trend line, the XmR process-limit width with the trend taken out. It is the month-to-month
     spread of the process, not a confidence interval, and does not widen with distance.
  5. The words, against the target through polarity: the whole band at or better than the target
     is "on track"; the whole band worse than it is "off track"; a band across the target is
     "at risk".
No outlook (with the reason) for an indicator without a target, a neutral or unknown polarity, a
measure that has no monthly run (annual, or academic-year-to-date, which resets in September), or
too few points. Every step works on all indicators at once (bincount sums), no loop over them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.model import GoodIs, Outlook, Periodicity, Unit
from core.present.format import format_values
from core.present.labels import OUTLOOK_WORDS
from core.rules.polarity import polarity_sign
from core.rules.series_keys import month_numbers
from core.rules.spc import LIMIT_SIGMAS

OUTLOOK_MONTHS = 12  # the recent run the trend is fitted to
MIN_POINTS = 6  # fewer figures than this in the run: no outlook
YEAR_END_MONTH = 3  # financial years end in March
DECIMALS = 6  # differences rounded before comparing, so float noise never changes a word
SHOWN_DECIMALS = 2  # a projection is an estimate: 16.0001 reads as 16
# Measures without a monthly run to project, and why.
NO_RUN = {
    Periodicity.annual.value: "an annual measure has no monthly run to project",
    Periodicity.academic_ytd.value: "an academic-year-to-date measure resets each September",
}
UPPER_LIMITS = {Unit.percent.value: 100.0}  # and every unit stays at or above 0

OUTLOOK_FIGURES = ["outlook_now", "outlook_value", "outlook_low", "outlook_high"]  # in the indicator's unit
OUTLOOK_COLUMNS = ["indicator_id", "outlook", *OUTLOOK_FIGURES, "outlook_points", "outlook_month", "outlook_reason"]


def year_end(month: pd.Period) -> pd.Period:
    """The March the outlook looks to: this financial year's, or the next one's from March itself."""
    month = pd.Period(month, freq="M")
    year = month.year if month.month < YEAR_END_MONTH else month.year + 1
    return pd.Period(year=year, month=YEAR_END_MONTH, freq="M")


def outlook_table(history: pd.DataFrame, indicators: pd.DataFrame, month: pd.Period | str) -> pd.DataFrame:
    """One row per indicator of `indicators` (in its order), OUTLOOK_COLUMNS.

    history: observation rows of ONE locality (at most one row per indicator and month counts; later
    duplicates are ignored). indicators: indexed by id, with target, good_is, unit and periodicity
    (the effective frame, so a what-if target moves the outlook too).
    """
    month = pd.Period(month, freq="M")
    end = year_end(month)
    ahead = float(end.ordinal - month.ordinal)
    x_all = (month_numbers(history["period"]) - month.ordinal).astype("float64")
    y_all = history["value"].to_numpy(dtype="float64", na_value=np.nan)
    in_run = (x_all <= 0) & (x_all > -OUTLOOK_MONTHS) & ~np.isnan(y_all)
    line_all = indicators.index.get_indexer(history["indicator_id"].astype(object))
    in_run &= line_all >= 0
    run = pd.DataFrame({"line": line_all[in_run], "x": x_all[in_run], "y": y_all[in_run]})
    run = run.drop_duplicates(["line", "x"]).sort_values(["line", "x"], kind="stable")
    line, x, y = run["line"].to_numpy(), run["x"].to_numpy(), run["y"].to_numpy()
    lines = len(indicators)

    slope, intercept, points = _straight_lines(line, x, y, lines)
    width = LIMIT_SIGMAS * _mean_moving_range(line, y - (intercept[line] + slope[line] * x), lines)
    unit = indicators["unit"].to_numpy(dtype=object)
    now = _within_limits(intercept, unit)
    value = _within_limits(intercept + slope * ahead, unit)
    low, high = _within_limits(value - width, unit), _within_limits(value + width, unit)

    target = indicators["target"].to_numpy(dtype="float64")
    polarity = polarity_sign(indicators["good_is"].to_numpy(dtype=object))
    worst, best = np.where(polarity > 0, low, high), np.where(polarity > 0, high, low)
    why_not = _why_no_outlook(indicators, points)
    call = np.select(
        [why_not != "", np.round(polarity * (worst - target), DECIMALS) >= 0,
         np.round(polarity * (best - target), DECIMALS) < 0],
        [Outlook.none.value, Outlook.on_track.value, Outlook.off_track.value], Outlook.at_risk.value)
    projected = call != Outlook.none.value
    blank = np.where(projected, 1.0, np.nan)
    table = pd.DataFrame({
        "indicator_id": indicators.index.to_numpy(dtype=object), "outlook": call,
        "outlook_now": now * blank, "outlook_value": value * blank, "outlook_low": low * blank,
        "outlook_high": high * blank, "outlook_points": points, "outlook_month": str(end),
    })
    table["outlook_reason"] = np.where(projected, _projection_words(table, target, unit, end), why_not)
    return table[OUTLOOK_COLUMNS]


def _straight_lines(line: np.ndarray, x: np.ndarray, y: np.ndarray,
                    lines: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least-squares slope and value at x = 0 per line, from sums gathered with bincount; points per line."""
    def total(weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(line, weights=weights, minlength=lines).astype("float64")

    n, sx, sy, sxy, sxx = total(), total(x), total(y), total(x * y), total(x * x)
    spread = n * sxx - sx**2
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(spread > 0, (n * sxy - sx * sy) / spread, np.nan)
        intercept = (sy - slope * sx) / n
    return slope, intercept, n.astype("int64")


def _mean_moving_range(line: np.ndarray, residual: np.ndarray, lines: int) -> np.ndarray:
    """The average absolute change from one point of a line to the next (points sorted by line, month)."""
    same_line = line[1:] == line[:-1]
    moving_range = np.abs(np.diff(residual))[same_line]
    owner = line[1:][same_line]
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.bincount(owner, weights=moving_range, minlength=lines)
                / np.bincount(owner, minlength=lines))


def _within_limits(values: np.ndarray, unit: np.ndarray) -> np.ndarray:
    upper = np.array([UPPER_LIMITS.get(u, np.inf) for u in unit], dtype="float64")  # a handful of units
    return np.clip(values, 0.0, upper)


def _why_no_outlook(indicators: pd.DataFrame, points: np.ndarray) -> np.ndarray:
    """'' where an outlook is given, else the reason in words (the first that applies)."""
    good_is = indicators["good_is"].to_numpy(dtype=object)
    periodicity = indicators["periodicity"].to_numpy(dtype=object)
    no_run = np.array([NO_RUN.get(p, "") for p in periodicity], dtype=object)
    too_few = (pd.Series(points.astype(str)) + f" of the last {OUTLOOK_MONTHS} months have a figure; "
               f"at least {MIN_POINTS} are needed").to_numpy(dtype=object)
    reason = np.select(
        [indicators["target"].isna().to_numpy(), good_is == GoodIs.neutral.value,
         ~np.isin(good_is, [GoodIs.high.value, GoodIs.low.value]), no_run != "", points < MIN_POINTS],
        ["there is no target to judge the year end against", "a neutral indicator has no better or worse",
         "whether higher or lower is better (Good Is) is not known", no_run, too_few], "")
    return np.where(reason == "", "", "No outlook: " + reason.astype(object))


def _projection_words(table: pd.DataFrame, target: np.ndarray, unit: np.ndarray, end: pd.Period) -> np.ndarray:
    """'On track: the trend of the last 12 months reaches 63.0% by March 2024 (band 58.1% to 67.9%); target 60.0%.'"""
    words = table["outlook"].map({key.value: text for key, text in OUTLOOK_WORDS.items()}).to_numpy(dtype=object)

    def shown(column: str) -> np.ndarray:
        return format_values(table[column].round(SHOWN_DECIMALS), unit)

    return (words + f": the trend of the last {OUTLOOK_MONTHS} months reaches " + shown("outlook_value")
            + f" by {end.strftime('%B %Y')} (band " + shown("outlook_low") + " to " + shown("outlook_high")
            + "); target " + format_values(target, unit) + ".")
