"""Rule: a shift, a run of consecutive points all above (or all below) the mean."""

from __future__ import annotations

import numpy as np

from core.rules.spc.arrays import run_lengths, side_of
from core.rules.spc.settings import (
    OLDER_CONVENTION_RUN,
    SINGLE_CHART_TOOL_RUN,
    SpcSettings,
)


def words(settings: SpcSettings) -> str:
    return f"shift: {settings.shift_length}+ on one side of the mean"


def describe(settings: SpcSettings) -> str:
    return (f"**A shift:** {settings.shift_length} or more consecutive points all above, or all below, the mean "
            f"(a point on the mean breaks the run). The Single Chart Tool uses {SINGLE_CHART_TOOL_RUN}; {OLDER_CONVENTION_RUN} is the "
            "older convention.")


def rule_shift(values: np.ndarray, mean: np.ndarray, series: np.ndarray, length: int) -> np.ndarray:
    """Every point of a run of `length` or more consecutive points on the same side of their mean."""
    side = side_of(values, mean)
    return (side != 0) & (run_lengths(side, series) >= length)
