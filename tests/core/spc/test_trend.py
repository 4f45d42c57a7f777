import numpy as np
import pytest

from core.rules.spc import SpcSettings, rule_trend, spc_points
from tests.core.spc.series import as_series, one_series

# 8, 9, 10, 11, 12, 13: six points each higher than the last; mean 141/13 = 10.85, ucl 15.50
RISING_6 = [12, 10, 12, 10, 12, 10, 12, 8, 9, 10, 11, 12, 13]


def test_six_points_rising():
    points = spc_points(as_series(RISING_6), "high")
    assert points["trend"].tolist() == [False] * 7 + [True] * 6
    assert not points[["beyond_limit", "shift", "two_of_three"]].any().any()
    # the 8 sits below the mean, but only the rising trend flags it, so the trend's direction decides
    assert points["point_type"].tolist()[7:] == ["special_cause_improvement"] * 6
    assert spc_points(as_series(RISING_6), "low")["point_type"].iloc[-1] == "special_cause_concern"


def test_six_rising_is_not_a_trend_of_seven():
    points = spc_points(as_series(RISING_6), "high", settings=SpcSettings(trend_length=7))
    assert not points["trend"].any()


@pytest.mark.parametrize("values,rising,falling", [
    ([5, 1, 2, 3, 4, 5, 6, 2], [0, 1, 1, 1, 1, 1, 1, 0], [0] * 8),
    ([9, 8, 7, 6, 5, 4], [0] * 6, [1] * 6),
    ([5, 1, 2, 3, 4, 5, 2], [0] * 7, [0] * 7),  # five rising points
    ([1, 2, 3, 3, 4, 5, 6], [0] * 7, [0] * 7),  # a repeat is a pause: it breaks the trend
    # a turning point ends a falling trend and starts a rising one
    ([9, 8, 7, 6, 5, 4, 5, 6, 7, 8, 9], [0] * 5 + [1] * 6, [1] * 6 + [0] * 5),
])
def test_trend_function(values, rising, falling):
    values = np.array(values, dtype=float)
    found_rising, found_falling = rule_trend(values, one_series(len(values)), 6)
    assert found_rising.astype(int).tolist() == rising
    assert found_falling.astype(int).tolist() == falling


def test_a_trend_does_not_run_across_two_series():
    found_rising, _ = rule_trend(np.array([1, 2, 3, 4, 5, 6], dtype=float), np.array([0, 0, 0, 1, 1, 1]), 6)
    assert not found_rising.any()
