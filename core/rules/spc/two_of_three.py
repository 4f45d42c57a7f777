"""Rule: two (or three) of three consecutive points beyond a two-sigma line, all three on one side of the mean."""

from __future__ import annotations

import numpy as np

from core.rules.spc.arrays import shifted, side_of
from core.rules.spc.beyond_limit import rule_beyond_limit
from core.rules.spc.settings import (
    DECIMALS,
    NEAR_LIMIT_COUNT,
    NEAR_LIMIT_WINDOW,
    SpcSettings,
)

WORDS = "2 of 3 beyond two sigma"


def describe(settings: SpcSettings) -> str:
    return (f"**{NEAR_LIMIT_COUNT} of {NEAR_LIMIT_WINDOW} near a limit:** in any {NEAR_LIMIT_WINDOW} consecutive "
            f"points, {NEAR_LIMIT_COUNT} or more beyond the same two-sigma line, with all {NEAR_LIMIT_WINDOW} on "
            "that side of the mean; those points are flagged. A point beyond the process limit itself does not "
            "count here (it is flagged as a single point).")


def rule_two_of_three(values: np.ndarray, mean: np.ndarray, lcl: np.ndarray, ucl: np.ndarray,
                      near_lcl: np.ndarray, near_ucl: np.ndarray, series: np.ndarray) -> np.ndarray:
    """The near-limit points of every qualifying window of NEAR_LIMIT_WINDOW consecutive points.

    Near a limit = beyond the two-sigma line but not beyond the process limit. A window qualifies when
    NEAR_LIMIT_COUNT or more of its points are near the same limit and all its points sit on that
    side of the mean (so 39, 24, 39 with 24 below the mean does not).
    """
    side = side_of(values, mean)
    inside_limits = ~rule_beyond_limit(values, lcl, ucl)
    flagged = np.zeros(len(values), dtype=bool)
    for direction, near in ((1, np.round(values - near_ucl, DECIMALS) > 0),
                            (-1, np.round(near_lcl - values, DECIMALS) > 0)):
        near &= inside_limits
        count = near.astype(np.int64)
        same_side = side == direction
        for back in range(1, NEAR_LIMIT_WINDOW):
            count = count + shifted(near, back, series, False)
            same_side = same_side & shifted(side == direction, back, series, False)
        window_ends_here = (count >= NEAR_LIMIT_COUNT) & same_side
        in_window = window_ends_here.copy()
        for ahead in range(1, NEAR_LIMIT_WINDOW):
            in_window |= shifted(window_ends_here, -ahead, series, False)
        flagged |= near & in_window
    return flagged
