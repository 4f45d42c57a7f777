import numpy as np
import pytest

from core.rules.spc import MIN_POINTS, series_values, spc_points
from core.rules.spc.limits import limits
from tests.core.engine_fixtures import monthly, observations
from tests.core.spc.series import as_series

STEADY_13 = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12, 11, 12]


def test_limits_by_hand_on_a_steady_series():
    # mean 150/13 = 11.538462; 12 moving ranges summing to 16 -> mean moving range 4/3
    points = spc_points(as_series(STEADY_13), "high")
    first = points.iloc[0]
    assert first["mean"] == pytest.approx(11.538462, abs=1e-6)
    assert first["ucl"] == pytest.approx(15.085128, abs=1e-6)  # 11.538462 + 2.66 x 4/3
    assert first["lcl"] == pytest.approx(7.991795, abs=1e-6)
    assert first["near_ucl"] == pytest.approx(13.902906, abs=1e-6)  # + (2/3 x 2.66) x 4/3
    assert first["near_lcl"] == pytest.approx(9.174017, abs=1e-6)
    assert (points["point_type"] == "common_cause").all()
    assert (points["rules"] == "").all()
    assert points["enough"].all() and (points["n_points"] == 13).all()


def test_the_single_chart_tool_needs_13_points():
    assert MIN_POINTS == 13


def test_too_few_points_gives_the_mean_and_trial_limits_only():
    # the first 12 points: mean 138/12 = 11.5 is given; limits, signals and assurance wait for the 13th
    points = spc_points(as_series(STEADY_13[:12]), "high")
    assert points["mean"].tolist() == pytest.approx([11.5] * 12)
    assert points["ucl"].isna().all() and points["lcl"].isna().all() and points["near_ucl"].isna().all()
    assert not points["enough"].any()
    assert (points["point_type"] == "too_few_points").all()
    assert not points[["beyond_limit", "shift", "trend", "two_of_three"]].any().any()


def test_too_few_points_hides_even_an_obvious_signal():
    # 12 points with a spike and a shift that would flag with one more point
    values = [1.0, 2.0] * 3 + [5.0] * 5 + [50.0]
    points = spc_points(as_series(values), "high")
    assert (points["point_type"] == "too_few_points").all()


def test_moving_ranges_stay_inside_a_section():
    values = np.array([1.0, 3.0, 10.0, 14.0])
    found = limits(values, np.array([0, 0, 1, 1]))
    assert found["mean"].tolist() == [2.0, 2.0, 12.0, 12.0]
    assert found["n_points"].tolist() == [2, 2, 2, 2]  # the 3 -> 10 jump is no moving range of either


def test_series_values_up_to_a_month():
    obs = observations(monthly("a", "2022-01", [1.0, None, 3.0, 4.0]))
    values = series_values(obs, "a", "Whole authority", "2022-03")
    assert values.dropna().tolist() == [1.0, 3.0]
