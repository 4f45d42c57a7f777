"""Complementary suppression for many tables at once: whole authority = the sum of its localities.

Each round works out, for every withheld figure of every table, the values it could still take given
everything shown (closed form: one equation, whole numbers with a lower bound, no upper bound), then
withholds one more figure in each table where some withheld figure is pinned to fewer than threshold
values. A table needs at most one round per figure, and nearly always one or two.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# table: any key (one indicator x month); locality: names, for stable tie-breaks; is_total: the whole-authority
# figure; count: what adds up (a count, or a percentage's numerator; NaN where not known); primary: withheld
# on its own; additive: the table's parts add up to its total (same for every row of a table).
TABLE_COLUMNS = ("table", "locality", "is_total", "count", "primary", "additive")


def protect(cells: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """cells (TABLE_COLUMNS) -> the same rows with `withheld` and `complementary` (bool) added."""
    out = cells.copy()
    table = pd.factorize(out["table"])[0]
    is_total = out["is_total"].to_numpy(dtype=bool)
    count = out["count"].to_numpy(dtype="float64")
    additive = out["additive"].to_numpy(dtype=bool)
    withheld = out["primary"].to_numpy(dtype=bool).copy()
    complementary = np.zeros(len(out), dtype=bool)
    # Complementary candidates, best first: the smallest non-zero locality figure, then zeros, then the total.
    preference = np.lexsort((out["locality"].astype(str).to_numpy(), np.nan_to_num(count, nan=np.inf),
                             np.where(is_total, 2, np.where(count > 0, 0, 1))))
    for _ in range(len(out) + 1):
        exposed_tables = np.unique(table[exposed(table, is_total, count, withheld & additive, threshold)])
        if not len(exposed_tables):
            break
        open_cell = ~withheld & ~np.isnan(count) & additive & np.isin(table, exposed_tables)
        ranked = preference[open_cell[preference]]
        if not len(ranked):
            break
        _, first = np.unique(table[ranked], return_index=True)  # the best candidate of each exposed table
        chosen = ranked[first]
        withheld[chosen] = complementary[chosen] = True
    out["withheld"] = withheld
    out["complementary"] = complementary
    return out


def exposed(table: np.ndarray, is_total: np.ndarray, count: np.ndarray, hidden: np.ndarray,
            threshold: int) -> np.ndarray:
    """Withheld figures that everything shown pins to fewer than `threshold` whole numbers.

    The attacker knows: each shown figure; that the parts add up to the total; that a hidden figure is a
    whole number, at least 1 when it is not 0 (zeros are shown, so most hidden figures are not 0). A
    figure not known (NaN) counts as a shown 0: the attacker is given the benefit of the doubt.
    """
    tables = int(table.max()) + 1 if len(table) else 0
    value = np.nan_to_num(count, nan=0.0)
    floor = (value >= 1).astype("float64")
    sign = np.where(is_total, -1.0, 1.0)

    def per_table(weights: np.ndarray) -> np.ndarray:
        return np.bincount(table, weights=weights, minlength=tables)[table]

    residual = -per_table(np.where(hidden, 0.0, sign * value))  # sum(hidden parts) - hidden total = residual
    hidden_part, hidden_total = hidden & ~is_total, hidden & is_total
    parts_hidden = per_table(hidden_part.astype("float64"))
    parts_floor = per_table(np.where(hidden_part, floor, 0.0))
    total_hidden = per_table(hidden_total.astype("float64")) > 0
    total_floor = per_table(np.where(hidden_total, floor, 0.0))

    # a hidden part: residual minus the other hidden parts plus the hidden total
    part_low = np.where(parts_hidden - 1 > 0, floor, np.maximum(floor, residual + total_floor))
    part_high = np.where(total_hidden, np.inf, residual - (parts_floor - floor))
    # the hidden total: the hidden parts minus the residual
    total_low = np.maximum(floor, parts_floor - residual)
    total_high = np.where(parts_hidden > 0, np.inf, -residual)

    low = np.where(is_total, total_low, part_low)
    high = np.where(is_total, total_high, part_high)
    with np.errstate(invalid="ignore"):
        width = high - low + 1
    return hidden & (width < threshold)
