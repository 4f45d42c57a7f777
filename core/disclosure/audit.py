"""The attacker disclosure control is checked against: every value a withheld figure could still take.

Deliberately not the closed form core.disclosure.table uses to decide: this one tries every whole
number up to a cap for every withheld figure of a table, enumerating what the others can add up to,
so a test can hold one against the other.

What the attacker knows of a table: each shown figure (every view's, combined); that the localities
add up to the whole authority; that a withheld figure is a whole number, at least `at_least` (1 when
the figure is not 0: zeros are shown). A withheld figure is safe when it can still take at least
`threshold` values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Cell:
    name: str
    shown: float | None  # None: withheld (or shown as 'c')
    is_total: bool = False
    at_least: int = 0  # what the attacker knows bounds a withheld figure from below


def feasible_values(cells: list[Cell], cap: int, additive: bool = True) -> dict[str, np.ndarray]:
    """For each withheld cell, every whole number in [at_least, cap] some consistent assignment gives it.

    For each withheld cell and each candidate value, the sums the other withheld figures can reach
    are enumerated (a convolution of their possible values), and the candidate kept if the shown
    figures can be met. cap must be at least the largest true value plus the threshold, so that
    fewer than threshold values found within it means fewer in all (the feasible set is an interval
    containing the true value).
    """
    hidden = [c for c in cells if c.shown is None]
    if not additive:
        return {c.name: np.arange(c.at_least, cap + 1) for c in hidden}
    total = next((c for c in cells if c.is_total), None)
    shown_parts = sum(float(c.shown) for c in cells if not c.is_total and c.shown is not None)
    parts = [c for c in hidden if not c.is_total]
    found: dict[str, np.ndarray] = {}
    for cell in hidden:
        candidates = np.arange(cell.at_least, cap + 1)
        others = _reachable([c for c in parts if c is not cell], cap)  # others[s]: the other parts can sum to s
        if cell.is_total:  # the total is whatever the parts add up to
            sums = shown_parts + np.flatnonzero(others)
            found[cell.name] = candidates[np.isin(candidates, sums)]
        elif total is None or total.shown is None:  # nothing fixes the sum: any value the total allows
            floor = total.at_least if total is not None else 0
            largest = shown_parts + candidates + (len(others) - 1)
            found[cell.name] = candidates[largest >= floor]
        else:
            needed = float(total.shown) - shown_parts - candidates  # what the other withheld parts must add to
            whole = (needed >= 0) & (needed < len(others)) & np.isclose(needed, np.round(needed))
            found[cell.name] = candidates[whole][others[np.round(needed[whole]).astype("int64")]]
    return found


def _reachable(cells: list[Cell], cap: int) -> np.ndarray:
    """reachable[s] is True when the cells, each a whole number in [at_least, cap], can add up to s."""
    reachable = np.ones(1, dtype=bool)
    for cell in cells:
        one = np.zeros(cap + 1, dtype=bool)
        one[cell.at_least:] = True
        reachable = np.convolve(reachable, one) > 0
    return reachable


def pinned(cells: list[Cell], threshold: int, cap: int, additive: bool = True) -> dict[str, np.ndarray]:
    """Withheld cells the attacker narrows to fewer than `threshold` values, with those values."""
    found = feasible_values(cells, cap, additive)
    return {name: values for name, values in found.items() if len(values) < threshold}
