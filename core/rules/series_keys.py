"""Integer keys for 'one indicator in one locality' series and for months, so month-to-month work is array work.

Comparing integers is what makes direction, trend and SPC vectorised: month M-1 of a series is
simply key - 1, and 'the same series' is equal series codes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NO_MONTH = np.iinfo(np.int64).min  # what a missing period (NaT) becomes


def month_numbers(periods: pd.Series) -> np.ndarray:
    """Months since 1970-01 as int64 (NO_MONTH where the period is missing)."""
    periods = periods.astype("period[M]")
    return np.asarray(periods.array.asi8, dtype=np.int64)


def series_codes(observations: pd.DataFrame, indicator_codes: np.ndarray | None = None) -> np.ndarray:
    """One int64 code per indicator x locality pair (a missing locality is a value of its own).
    `indicator_codes`: the rows' indicator ids already factorised (NA a code of its own), when the caller has them."""
    if indicator_codes is None:
        indicator_codes, _ = pd.factorize(observations["indicator_id"], use_na_sentinel=False)
    locality_codes, localities = pd.factorize(observations["locality"], use_na_sentinel=False)
    return indicator_codes.astype(np.int64) * (len(localities) + 1) + locality_codes


def series_month_keys(observations: pd.DataFrame, indicator_codes: np.ndarray | None = None,
                      months: np.ndarray | None = None) -> np.ndarray:
    """A key per row that is unique per series x month and steps by 1 from one month to the next.
    `indicator_codes` and `months` (month_numbers of the rows): when the caller has them already."""
    months = month_numbers(observations["period"]) if months is None else months
    # each series gets 100,000 consecutive months centred on 1970: no two series can touch
    span = 100_000
    keys = series_codes(observations, indicator_codes) * span + (months + span // 2)
    return np.where(months == NO_MONTH, -1, keys)
