import numpy as np
import pytest

from core.rules.spc import rule_two_of_three, spc_points
from tests.core.spc.series import as_series, one_series

BASE = [29.0, 31.0] * 6  # mean 30, moving ranges 2


def lines(length: int, mean: float = 30.0, near: float = 6.0, limit: float = 12.0) -> tuple:
    return (np.full(length, mean), np.full(length, mean - limit), np.full(length, mean + limit),
            np.full(length, mean - near), np.full(length, mean + near))


def test_the_issues_39_24_39_window_is_not_flagged():
    # mean 30, two-sigma lines 24 and 36, limits 18 and 42: 24 sits below the mean, so not all three are above
    values = np.array([30, 39, 24.5, 39, 30], dtype=float)
    assert not rule_two_of_three(values, *lines(5), one_series(5)).any()
    # the same window with its middle point above the mean qualifies; only the two near points are flagged
    values = np.array([30, 39, 31, 39, 30], dtype=float)
    assert rule_two_of_three(values, *lines(5), one_series(5)).astype(int).tolist() == [0, 1, 0, 1, 0]


def test_39_24_39_end_to_end():
    # mean 462/15 = 30.8; moving ranges 11 x 2, 8, 15, 15 -> 60/14; two sigma 30.8 + 1.7733 x 4.2857 = 38.40;
    # ucl 30.8 + 2.66 x 4.2857 = 42.20: both 39s are near the upper limit, the 24 is below the mean
    points = spc_points(as_series(BASE + [39, 24, 39]), "high")
    assert points["near_ucl"].iloc[0] == pytest.approx(38.4, abs=1e-6)
    assert not points["two_of_three"].any()
    assert (points["point_type"] == "common_cause").all()


def test_39_32_39_end_to_end():
    # mean 470/15 = 31.33; moving ranges 11 x 2, 8, 7, 7 -> 44/14; two sigma 36.91, ucl 39.69: 32 is above the mean
    points = spc_points(as_series(BASE + [39, 32, 39]), "high")
    assert points["two_of_three"].tolist() == [False] * 12 + [True, False, True]
    assert points["point_type"].tolist()[12:] == ["special_cause_improvement", "common_cause",
                                                  "special_cause_improvement"]


def test_a_point_beyond_the_limit_does_not_count():
    # mean 476/15 = 31.73; moving ranges 11 x 2, 8, 7, 13 -> 50/14; two sigma 38.07, ucl 41.23:
    # 39 is near the limit, 45 beyond it; one near point in the window is not two
    points = spc_points(as_series(BASE + [39, 32, 45]), "high")
    assert points["beyond_limit"].tolist() == [False] * 14 + [True]
    assert not points["two_of_three"].any()
    assert points["point_type"].tolist()[12:] == ["common_cause", "common_cause", "special_cause_improvement"]


def test_a_limit_point_inside_a_qualifying_window_is_flagged_only_as_beyond():
    values = np.array([37, 43, 38], dtype=float)  # near, beyond, near: two near points, all above the mean
    assert rule_two_of_three(values, *lines(3), one_series(3)).astype(int).tolist() == [1, 0, 1]


def test_windows_below_the_mean_and_three_of_three():
    values = np.array([30, 23, 23, 23, 30, 30, 37, 30, 20], dtype=float)
    assert rule_two_of_three(values, *lines(9), one_series(9)).astype(int).tolist() == [0, 1, 1, 1, 0, 0, 0, 0, 0]


def test_needs_the_same_side_and_the_same_series():
    opposite_sides = rule_two_of_three(np.array([30, 37, 23, 30, 30.0]), *lines(5), one_series(5))
    assert not opposite_sides.any()
    split = rule_two_of_three(np.array([30, 30, 37, 37, 30, 30.0]), *lines(6), np.array([0, 0, 0, 1, 1, 1]))
    assert not split.any()
