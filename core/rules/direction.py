"""Direction of travel: this month against the previous calendar month, through polarity.

As the published scorecards use it: better = improving, worse = worsening, equal at 2 decimals =
same; not comparable when either month is missing, the indicator is neutral or its polarity unknown,
or an academic-year-to-date measure has just reset (September against August). It says nothing
about the target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.model import Direction, Periodicity
from core.rules.polarity import polarity_sign
from core.rules.series_keys import month_numbers, series_month_keys

DIRECTION_CATEGORIES = [d.value for d in Direction]
SAME_AT_DECIMALS = 2
QUARTER_MONTHS = 3  # a quarterly measure travels from the previous quarter
ACADEMIC_YEAR_FIRST_MONTH = 9  # September: academic-year-to-date figures start again from nothing

_IMPROVING, _WORSENING, _SAME, _NOT_COMPARABLE = range(len(DIRECTION_CATEGORIES))


def previous_month_values(observations: pd.DataFrame, lag: np.ndarray | int = 1,
                          keys: np.ndarray | None = None) -> np.ndarray:
    """For each row, the value of the same indicator and locality `lag` months earlier (NaN if none):
    the previous calendar month, or the previous quarter for a quarterly measure. `keys`: the rows'
    series_month_keys, when the caller has them."""
    keys = series_month_keys(observations) if keys is None else keys
    value = observations["value"].to_numpy(dtype="float64", na_value=np.nan)
    reported = ~np.isnan(value) & (keys >= 0)
    # one value per series x month; if a month were listed twice the first reported figure is used
    lookup = pd.Index(keys[reported])
    first = ~lookup.duplicated()
    lookup, values = lookup[first], value[reported][first]
    at = lookup.get_indexer(np.where(keys >= 0, keys - lag, -2))  # -1 (not found) picks the appended NaN
    return np.append(values, np.nan)[at]


def compared_periods(periodicity: pd.Series | np.ndarray, month: pd.Period) -> np.ndarray:
    """The period each row's direction compares `month` with (the previous quarter for a quarterly measure, else
    the previous month): what 'last month' shows, so what must be withheld with it."""
    lag = np.where(np.asarray(periodicity, dtype=object) == Periodicity.quarterly.value, QUARTER_MONTHS, 1)
    return np.array([month - int(step) for step in lag], dtype=object)  # one per indicator shown: a few dozen


def direction_of_travel(observations: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """The observations with previous_value and direction (a categorical of Direction values) added."""
    # What each indicator says, as numbers, gathered to the rows once (-1, an indicator not listed, picks
    # the appended blank): comparing text on 300,000 rows costs more than the whole comparison of figures.
    id_codes, distinct_ids = pd.factorize(observations["indicator_id"], use_na_sentinel=False)
    row_of = np.append(indicators.index.get_indexer(distinct_ids), -1)[id_codes]
    periodicity = indicators["periodicity"].to_numpy(dtype=object)
    polarity = np.append(polarity_sign(indicators["good_is"]), 0.0)[row_of]
    lag = np.append(np.where(periodicity == Periodicity.quarterly.value, QUARTER_MONTHS, 1), 1)[row_of]
    academic = np.append(periodicity == Periodicity.academic_ytd.value, False)[row_of]
    months = month_numbers(observations["period"])
    previous = previous_month_values(observations, lag, series_month_keys(observations, id_codes, months))
    value = observations["value"].to_numpy(dtype="float64", na_value=np.nan)
    academic_reset = academic & ((months % 12) + 1 == ACADEMIC_YEAR_FIRST_MONTH)

    # np.round is monotonic, so the sign of the rounded change is the sign of the real one unless they tie
    change = polarity * (np.round(value, SAME_AT_DECIMALS) - np.round(previous, SAME_AT_DECIMALS))
    comparable = ~np.isnan(value) & ~np.isnan(previous) & (polarity != 0) & ~academic_reset
    codes = np.select(
        [~comparable, change > 0, change < 0],
        [_NOT_COMPARABLE, _IMPROVING, _WORSENING],
        _SAME,
    )
    travelled = observations.copy(deep=False)
    travelled["previous_value"] = previous
    travelled["direction"] = pd.Categorical.from_codes(codes, categories=DIRECTION_CATEGORIES)
    return travelled
