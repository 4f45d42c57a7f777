"""Target assurance: where the latest section's process limits sit against the target.

As the Single Chart Tool: a target within the process limits is hit and miss (variable); only a
target outside them passes or fails consistently. A target exactly ON a limit is within the limits,
so it is variable (NHSRplotthedots agrees: it passes or fails only when the target is strictly beyond).
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from core.rules.spc.settings import DECIMALS, MIN_POINTS


class Assurance(StrEnum):
    consistently_passes = "consistently_passes"
    consistently_fails = "consistently_fails"
    variable = "variable"
    not_applicable = "not_applicable"
    too_few_points = "too_few_points"


DESCRIPTION = ("**Target assurance** compares the target with the latest process limits. A target outside the "
               "limits on the bad side means the process consistently passes; outside on the good side, it "
               "consistently fails; within the limits, including exactly on a limit, it is hit and miss. "
               f"It needs the {MIN_POINTS} points the limits need, and a polarity (a neutral indicator has none).")


def assurance(n_points: np.ndarray, lcl: np.ndarray, ucl: np.ndarray, target: np.ndarray,
              polarity: np.ndarray) -> np.ndarray:
    """Per series, an Assurance value from its latest section: n_points, lcl, ucl of that section."""
    worst_limit = np.where(polarity > 0, lcl, ucl)
    best_limit = np.where(polarity > 0, ucl, lcl)
    return np.select(
        [np.isnan(target) | (polarity == 0), n_points < MIN_POINTS,
         np.round(polarity * (worst_limit - target), DECIMALS) > 0,
         np.round(polarity * (best_limit - target), DECIMALS) < 0],
        [Assurance.not_applicable.value, Assurance.too_few_points.value,
         Assurance.consistently_passes.value, Assurance.consistently_fails.value],
        Assurance.variable.value,
    )
