"""Rule: a trend, consecutive points each higher (or each lower) than the one before."""

from __future__ import annotations

import numpy as np

from core.rules.spc.arrays import run_lengths, shifted, side_of
from core.rules.spc.settings import (
    OLDER_CONVENTION_RUN,
    SINGLE_CHART_TOOL_RUN,
    SpcSettings,
)


def words(settings: SpcSettings) -> str:
    return f"trend: {settings.trend_length}+ rising or falling"


def describe(settings: SpcSettings) -> str:
    return (f"**A trend:** {settings.trend_length} or more consecutive points each higher (or each lower) than the "
            f"one before, with no pause (a repeated value breaks it). It is the only rule that ignores the mean "
            f"and the limits, so it can cross the mean. The Single Chart Tool uses {SINGLE_CHART_TOOL_RUN}; {OLDER_CONVENTION_RUN} is "
            "the older convention.")


def rule_trend(values: np.ndarray, series: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """(rising, falling): every point of `length` or more consecutive points each rising, or each falling.

    A turning point can belong to a falling trend that ends there and a rising one that starts there.
    """
    step = side_of(values, shifted(values, 1, series, np.nan))  # 0 at a series start and on a repeat
    step_runs = run_lengths(step, series)
    found = []
    for direction in (1.0, -1.0):
        # `length` points make length - 1 steps; each step also flags the point it starts from
        long_step = (step == direction) & (step_runs >= length - 1)
        found.append(long_step | shifted(long_step, -1, series, False))
    return found[0], found[1]
