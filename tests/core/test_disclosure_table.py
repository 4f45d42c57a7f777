"""Disclosure control on one table (whole authority + localities): an attacker never pins a withheld figure.

The decision (core.disclosure.table, a closed form) is held against a brute-force attacker
(core.disclosure.audit) that tries every whole number for every withheld figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.disclosure import Cell, feasible_values, protect
from core.disclosure.audit import pinned

LOCALITIES = ["Chesil", "Dorchester", "East Dorset", "North Dorset", "Purbeck"]


def decide(parts: list[int], threshold: int) -> pd.DataFrame:
    """Primary (1..threshold-1 anywhere in the table) then complementary, as the views decide it."""
    counts = [*parts, sum(parts)]
    cells = pd.DataFrame({
        "table": 0, "locality": [*LOCALITIES[: len(parts)], "Whole authority"],
        "is_total": [False] * len(parts) + [True], "count": np.array(counts, dtype="float64"),
        "additive": True,
    })
    cells["primary"] = cells["count"].between(1, threshold - 1)
    return protect(cells, threshold)


def as_seen(decided: pd.DataFrame) -> list[Cell]:
    return [Cell(row.locality, None if row.withheld else row.count, bool(row.is_total), int(min(row.count, 1)))
            for row in decided.itertuples()]


def attack(decided: pd.DataFrame, threshold: int) -> dict[str, np.ndarray]:
    cap = int(decided["count"].max()) + threshold
    return pinned(as_seen(decided), threshold, cap)


small_counts = st.integers(min_value=0, max_value=9)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(small_counts, min_size=1, max_size=4), threshold=st.integers(min_value=2, max_value=6))
def test_no_withheld_figure_can_be_pinned(parts: list[int], threshold: int) -> None:
    decided = decide(parts, threshold)
    shown = decided[~decided["withheld"]]
    assert not shown["count"].between(1, threshold - 1).any(), "a small count is shown"
    found = feasible_values(as_seen(decided), int(decided["count"].max()) + threshold)
    for row in decided[decided["withheld"]].itertuples():
        assert row.count in found[row.locality], "the attacker's solver lost the true value"
    assert attack(decided, threshold) == {}


def test_the_attacker_catches_primary_suppression_alone() -> None:
    """The test can fail: primary suppression on its own is pinned (Dorchester UASC: 34 - 30 = 4)."""
    cells = [Cell("Dorchester", None, at_least=1), Cell("Chesil", 30), Cell("Whole authority", 34, is_total=True)]
    found = pinned(cells, threshold=5, cap=40)
    assert list(found["Dorchester"]) == [4]


def test_two_withheld_parts_whose_hidden_total_is_two_are_protected() -> None:
    decided = decide([1, 1, 32], threshold=5)
    assert decided["withheld"].sum() >= 3 and attack(decided, 5) == {}


def test_a_small_whole_authority_figure_is_withheld_with_its_only_part() -> None:
    decided = decide([0, 0, 1, 0], threshold=5)  # North Dorset's households deregistered: whole authority 1
    assert decided.set_index("locality")["withheld"].to_dict() == {
        "Chesil": False, "Dorchester": False, "East Dorset": True, "North Dorset": False, "Whole authority": True}
    assert attack(decided, 5) == {}


@pytest.mark.parametrize("parts", [[10, 3, 20], [2, 2, 2, 2], [5, 0, 4], [0, 0, 0]])
def test_complementary_figures_are_as_few_as_needed(parts: list[int]) -> None:
    decided = decide(parts, threshold=5)
    primary = int(decided["primary"].sum())
    assert int(decided["complementary"].sum()) <= 1 + (primary == 0)
    assert attack(decided, 5) == {}


def test_non_additive_tables_get_no_complementary_suppression() -> None:
    cells = pd.DataFrame({"table": 0, "locality": ["A", "B", "Whole authority"], "is_total": [False, False, True],
                          "count": [np.nan, np.nan, np.nan], "primary": [True, False, False], "additive": False})
    decided = protect(cells, 5)
    assert decided["withheld"].tolist() == [True, False, False]
