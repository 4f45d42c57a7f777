"""The XmR lines of each section: mean, process limits (3 sigma) and the two-sigma lines.

sigma is the mean moving range / 1.128; the limits are mean +/- 2.66 x the mean moving range (all
moving ranges kept, none screened out, as in the Single Chart Tool). A section with fewer than
MIN_POINTS points gets its mean only: its limits are trial, not drawn, and give no signals.
"""

from __future__ import annotations

import numpy as np

from core.rules.spc.arrays import shifted
from core.rules.spc.settings import LIMIT_SIGMAS, MIN_POINTS, NEAR_LIMIT_SIGMAS

DESCRIPTION = (f"**Process limits** are the mean ± {LIMIT_SIGMAS} × the average moving range (three sigma); the "
               f"*two-sigma* lines sit two thirds of the way out. Limits and signals need at least {MIN_POINTS} "
               f"points; with fewer, only the mean is shown and the limits are *trial limits*, not yet drawn.")


def limits(values: np.ndarray, sections: np.ndarray) -> dict[str, np.ndarray]:
    """Per point, its section's n_points, mean, lcl, ucl, near_lcl, near_ucl and enough (n_points >= MIN_POINTS)."""
    moving_range = np.abs(values - shifted(values, 1, sections, np.nan))  # never across a section start
    has_range = ~np.isnan(moving_range)
    counts = np.bincount(sections)
    n_points = counts[sections]
    mean = (np.bincount(sections, weights=values) / counts)[sections]
    with np.errstate(divide="ignore", invalid="ignore"):  # a one-point section has no moving range
        mean_moving_range = (np.bincount(sections, weights=np.where(has_range, moving_range, 0.0))
                             / np.bincount(sections, weights=has_range.astype("float64")))[sections]
    enough = n_points >= MIN_POINTS
    spread = np.where(enough, mean_moving_range, np.nan)
    return {
        "n_points": n_points,
        "mean": mean,
        "lcl": mean - LIMIT_SIGMAS * spread,
        "ucl": mean + LIMIT_SIGMAS * spread,
        "near_lcl": mean - NEAR_LIMIT_SIGMAS * spread,
        "near_ucl": mean + NEAR_LIMIT_SIGMAS * spread,
        "enough": enough,
    }
