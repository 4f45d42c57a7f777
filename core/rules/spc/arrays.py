"""Array plumbing shared by the rules: arrays sorted by series then month, `series` holding each point's series code.

A rule never looks across two series: every shift and run below stops at a change of series code.
"""

from __future__ import annotations

import numpy as np

from core.rules.spc.settings import DECIMALS


def shifted(values: np.ndarray, by: int, series: np.ndarray, fill: object) -> np.ndarray:
    """values moved `by` places later (negative: earlier), with `fill` where that crosses a series boundary."""
    out = np.full(len(values), fill, dtype=values.dtype)
    same = np.zeros(len(values), dtype=bool)
    if by > 0:
        same[by:] = series[by:] == series[:-by]
        out[by:] = values[:-by]
    elif by < 0:
        same[:by] = series[:by] == series[-by:]
        out[:by] = values[-by:]
    return np.where(same, out, fill)


def run_lengths(labels: np.ndarray, series: np.ndarray) -> np.ndarray:
    """For each point, the length of the unbroken run of equal labels (within its series) it belongs to."""
    starts = np.ones(len(labels), dtype=bool)
    starts[1:] = (labels[1:] != labels[:-1]) | (series[1:] != series[:-1])
    run_id = np.cumsum(starts) - 1
    return np.bincount(run_id)[run_id] if len(labels) else np.zeros(0, dtype=np.int64)


def side_of(values: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """+1 above, -1 below, 0 on the centre (at DECIMALS places) or where either is NaN."""
    return np.nan_to_num(np.sign(np.round(values - centre, DECIMALS)))


def dense_codes(starts: np.ndarray) -> np.ndarray:
    """0, 1, 2... numbering the groups that begin where `starts` is True (the first point always begins one)."""
    starts = starts.copy()
    if len(starts):
        starts[0] = True
    return np.cumsum(starts) - 1
