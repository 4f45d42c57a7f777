"""Array versions of models.format_value / format_width, for building many reasons at once.

Each unit is formatted as one group through the shared scalar formatter (as a numpy ufunc), so a
value reads the same in a reason, a table and an export; the loop is over the handful of units.
Results are numpy object arrays of str, which `+` joins element-wise.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd

from core.models import format_value, format_width


def _by_unit(numbers: object, units: object, formatter: Callable[..., str]) -> np.ndarray:
    numbers = np.asarray(numbers, dtype="float64")
    unit_keys = pd.Series(np.asarray(units, dtype=object)).fillna("").to_numpy(dtype=object)
    text = np.full(len(numbers), "", dtype=object)
    for unit in pd.unique(unit_keys):
        in_unit = unit_keys == unit
        with np.errstate(invalid="ignore"):  # the formatters test NaN with `x != x`
            text[in_unit] = np.frompyfunc(partial(formatter, unit=unit or None), 1, 1)(numbers[in_unit])
    return text


def _width_or_blank(width: float, unit: str | None) -> str:
    return "" if width != width else format_width(width, unit)


def format_values(values: object, units: object) -> np.ndarray:
    """format_value for every element: '61.5%', '437', '65.2 per 10k', 'no data' for NaN."""
    return _by_unit(values, units, format_value)


def format_widths(widths: object, units: object) -> np.ndarray:
    """format_width for every element: '8.5 pp', '3 days'; '' for NaN."""
    return _by_unit(widths, units, _width_or_blank)
