"""Trend: the least-squares slope per month over the last 6 and 12 months of each series.

The window is calendar months ending at the chosen month; the slope is fitted through the months
that have a value in it (gaps are left out, not filled). Fewer than 3 points fit nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.rules.series_keys import month_numbers, series_codes

WINDOWS = (6, 12)
MIN_POINTS = 3
TREND_OK = "ok"
TOO_FEW_POINTS = "too_few_points"


def trend_slopes(observations: pd.DataFrame, month: pd.Period | str | None = None) -> pd.DataFrame:
    """One row per indicator x locality in observations.

    Columns: indicator_id, locality, then per window W in WINDOWS: slope_Wm (change per month, in
    the indicator's unit; NaN with too few points), points_Wm, trend_Wm (TREND_OK or TOO_FEW_POINTS).
    """
    # line = each row's position in `series`
    _, first_rows, line = np.unique(series_codes(observations), return_index=True, return_inverse=True)
    series = observations.iloc[first_rows][["indicator_id", "locality"]].reset_index(drop=True)
    if month is None:
        reported = observations.loc[observations["value"].notna(), "period"]
        month = reported.max() if len(reported) else None
    # x = months before the chosen month (0, -1, ...): small numbers keep the sums exact
    x = np.zeros(len(observations)) if month is None else (
        month_numbers(observations["period"]) - pd.Period(month, freq="M").ordinal).astype("float64")
    y = observations["value"].to_numpy(dtype="float64", na_value=np.nan)
    for window in WINDOWS:
        in_window = (x <= 0) & (x > -window) & ~np.isnan(y) & (month is not None)
        slope, points = _least_squares_slopes(line[in_window], x[in_window], y[in_window], len(series))
        series[f"slope_{window}m"] = slope
        series[f"points_{window}m"] = points
        series[f"trend_{window}m"] = np.where(points >= MIN_POINTS, TREND_OK, TOO_FEW_POINTS)
    return series


def _least_squares_slopes(line: np.ndarray, x: np.ndarray, y: np.ndarray, lines: int) -> tuple[np.ndarray, np.ndarray]:
    """slope = (n.Sxy - Sx.Sy) / (n.Sxx - Sx^2) per line, from sums gathered with bincount."""
    def total(weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(line, weights=weights, minlength=lines).astype("float64")

    n, sx, sy, sxy, sxx = total(), total(x), total(y), total(x * y), total(x * x)
    spread = n * sxx - sx**2
    enough = (n >= MIN_POINTS) & (spread > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(enough, (n * sxy - sx * sy) / spread, np.nan)
    return slope, n.astype("int64")
