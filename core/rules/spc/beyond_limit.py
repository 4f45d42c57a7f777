"""Rule: a single point beyond a process limit."""

from __future__ import annotations

import numpy as np

from core.rules.spc.settings import DECIMALS, SpcSettings

WORDS = "beyond a process limit"


def describe(settings: SpcSettings) -> str:
    return "**A single point** above the upper or below the lower process limit (on the limit is not beyond)."


def rule_beyond_limit(values: np.ndarray, lcl: np.ndarray, ucl: np.ndarray) -> np.ndarray:
    """A point above the upper or below the lower process limit; never where the limits are not drawn (NaN)."""
    return (np.round(values - ucl, DECIMALS) > 0) | (np.round(lcl - values, DECIMALS) > 0)
