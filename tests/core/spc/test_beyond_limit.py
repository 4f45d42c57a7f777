import numpy as np
import pytest

from core.rules.spc import rule_beyond_limit, spc_points
from tests.core.spc.series import as_series

SPIKE_AT_END = [9.0, 11.0] * 12 + [20.0]


def test_a_point_beyond_a_limit():
    # mean 260/25 = 10.4; moving ranges 23 x 2 and 9 -> 55/24; ucl = 10.4 + 2.66 x 55/24 = 16.495833
    points = spc_points(as_series(SPIKE_AT_END), "high")
    assert points["ucl"].iloc[0] == pytest.approx(16.495833, abs=1e-6)
    assert points["lcl"].iloc[0] == pytest.approx(4.304167, abs=1e-6)
    assert points["beyond_limit"].tolist() == [False] * 24 + [True]
    assert not points[["shift", "trend", "two_of_three"]].any().any()
    assert points["rules"].iloc[-1] == "beyond a process limit"
    assert points["point_type"].tolist() == ["common_cause"] * 24 + ["special_cause_improvement"]


@pytest.mark.parametrize("good_is,expected", [
    ("high", "special_cause_improvement"), ("low", "special_cause_concern"), ("neutral", "special_cause_neither"),
    (None, "special_cause_neither"),
])
def test_a_high_point_is_classified_through_polarity(good_is, expected):
    assert spc_points(as_series(SPIKE_AT_END), good_is)["point_type"].iloc[-1] == expected


def test_a_point_on_the_limit_is_not_beyond():
    found = rule_beyond_limit(np.array([15.0, 15.0000001, 5.0, 4.9]), np.full(4, 5.0), np.full(4, 15.0))
    assert found.tolist() == [False, False, False, True]  # 15.0000001 is on the limit at 6 decimals


def test_no_limits_no_point_beyond_them():
    assert not rule_beyond_limit(np.array([100.0]), np.full(1, np.nan), np.full(1, np.nan)).any()
