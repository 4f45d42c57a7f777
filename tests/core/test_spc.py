import math

import numpy as np
import pandas as pd
import pytest

from core.model import Indicator
from core.rules.spc import (
    rule_beyond_limit,
    rule_run_one_side,
    rule_trend,
    rule_two_of_three,
    series_values,
    spc_points,
    spc_table,
)
from tests.core.engine_fixtures import frame_of, monthly, observations


def as_series(values: list[float], start: str = "2022-01") -> pd.Series:
    return pd.Series(values, index=pd.period_range(start, periods=len(values), freq="M"), dtype="float64")


ALTERNATING_9_11 = [9.0, 11.0] * 6  # mean 10, every moving range 2: limits 10 +/- 5.32
STEADY = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12, 11]
SPIKE_AT_END = [9.0, 11.0] * 12 + [20.0]
RUN_OF_7_ABOVE = [1, 3, 1, 3, 1, 3, 1, 3, 3, 3, 3, 3, 3, 3]
RUN_OF_6_ABOVE = [1, 3, 1, 3, 1, 3, 1, 1, 3, 3, 3, 3, 3, 3]
RISING_6 = [10, 12, 10, 12, 10, 12, 8, 9, 10, 11, 12, 13]


def test_limits_by_hand_on_a_steady_series():
    # mean 138/12 = 11.5; 11 moving ranges summing to 15, so mean moving range 15/11 = 1.363636
    points = spc_points(as_series(STEADY), "high")
    first = points.iloc[0]
    assert first["mean"] == pytest.approx(11.5)
    assert first["ucl"] == pytest.approx(15.127273, abs=1e-6)  # 11.5 + 2.66 x 15/11
    assert first["lcl"] == pytest.approx(7.872727, abs=1e-6)
    assert first["near_ucl"] == pytest.approx(13.918182, abs=1e-6)  # 11.5 + (2/3 x 2.66) x 15/11
    assert first["near_lcl"] == pytest.approx(9.081818, abs=1e-6)
    assert (points["point_type"] == "common_cause").all()
    assert (points["rules"] == "").all()


def test_rule_1_point_beyond_a_limit():
    # mean 260/25 = 10.4; moving ranges 23 x 2 and 9 -> 55/24; ucl = 10.4 + 2.66 x 55/24 = 16.495833
    points = spc_points(as_series(SPIKE_AT_END), "high")
    assert points["ucl"].iloc[0] == pytest.approx(16.495833, abs=1e-6)
    assert points["lcl"].iloc[0] == pytest.approx(4.304167, abs=1e-6)
    assert points["beyond_limit"].tolist() == [False] * 24 + [True]
    assert not points[["run", "trend", "two_of_three"]].any().any()
    assert points["rules"].iloc[-1] == "beyond a process limit"
    assert points["point_type"].tolist() == ["common_cause"] * 24 + ["special_cause_improvement"]


@pytest.mark.parametrize("good_is,expected", [
    ("high", "special_cause_improvement"), ("low", "special_cause_concern"), ("neutral", "special_cause_neither"),
    (None, "special_cause_neither"),
])
def test_a_high_point_is_classified_through_polarity(good_is, expected):
    assert spc_points(as_series(SPIKE_AT_END), good_is)["point_type"].iloc[-1] == expected


def test_rule_2_run_of_seven_on_one_side():
    # mean 34/14 = 2.43: the last seven 3s sit above it; no limit is reached
    points = spc_points(as_series(RUN_OF_7_ABOVE), "high")
    assert points["run"].tolist() == [False] * 7 + [True] * 7
    assert not points[["beyond_limit", "trend", "two_of_three"]].any().any()
    assert points["point_type"].iloc[-1] == "special_cause_improvement"
    assert spc_points(as_series(RUN_OF_7_ABOVE), "low")["point_type"].iloc[-1] == "special_cause_concern"


def test_rule_2_a_run_of_six_is_not_enough():
    points = spc_points(as_series(RUN_OF_6_ABOVE), "high")
    assert not points["run"].any()
    assert (points["point_type"] == "common_cause").all()


def test_rule_2_a_point_on_the_mean_breaks_the_run():
    values = np.array([2, 2, 2, 1, 2, 2, 2, 2], dtype=float)
    mean = np.ones(8)
    series = np.zeros(8, dtype=np.int64)
    assert not rule_run_one_side(values, mean, series).any()
    assert rule_run_one_side(np.full(7, 2.0), np.ones(7), np.zeros(7, dtype=np.int64)).all()


def test_rule_3_six_points_rising():
    # 8, 9, 10, 11, 12, 13: six points each higher than the last; mean 10.75, limits 6.16 to 15.34
    points = spc_points(as_series(RISING_6), "high")
    assert points["trend"].tolist() == [False] * 6 + [True] * 6
    assert not points[["beyond_limit", "run", "two_of_three"]].any().any()
    # the 8 sits below the mean, but only the rising trend flags it, so the trend's direction decides
    assert points["point_type"].tolist()[6:] == ["special_cause_improvement"] * 6
    assert spc_points(as_series(RISING_6), "low")["point_type"].iloc[-1] == "special_cause_concern"


@pytest.mark.parametrize("values,flagged,direction", [
    ([5, 1, 2, 3, 4, 5, 6, 2], [0, 1, 1, 1, 1, 1, 1, 0], [0, 1, 1, 1, 1, 1, 1, 0]),
    ([9, 8, 7, 6, 5, 4], [1] * 6, [-1] * 6),
    ([5, 1, 2, 3, 4, 5, 2], [0] * 7, [0] * 7),  # five rising points
    ([1, 2, 3, 3, 4, 5, 6], [0] * 7, [0] * 7),  # a repeat breaks the trend
])
def test_rule_3_trend_function(values, flagged, direction):
    values = np.array(values, dtype=float)
    found, found_direction = rule_trend(values, np.zeros(len(values), dtype=np.int64))
    assert found.astype(int).tolist() == flagged
    assert found_direction.astype(int).tolist() == direction


def test_rule_3_does_not_run_across_two_series():
    values = np.array([1, 2, 3, 4, 5, 6], dtype=float)
    found, _ = rule_trend(values, np.array([0, 0, 0, 1, 1, 1]))
    assert not found.any()


def test_rule_4_two_of_three_beyond_two_sigma():
    values = np.array([0, 3, 0, 3, 0, 0, 3, 0, 0, -3, -3], dtype=float)
    near_lcl, near_ucl = np.full(len(values), -2.0), np.full(len(values), 2.0)
    found = rule_two_of_three(values, near_lcl, near_ucl, np.zeros(len(values), dtype=np.int64))
    assert found.astype(int).tolist() == [0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1]


def test_rule_4_needs_the_same_side_and_the_same_series():
    near_lcl, near_ucl = np.full(5, -2.0), np.full(5, 2.0)
    opposite_sides = rule_two_of_three(np.array([0, 3, -3, 0, 0.0]), near_lcl, near_ucl, np.zeros(5, dtype=np.int64))
    assert not opposite_sides.any()
    near_lcl, near_ucl = np.full(6, -2.0), np.full(6, 2.0)
    split = rule_two_of_three(np.array([0, 0, 3, 3, 0, 0.0]), near_lcl, near_ucl, np.array([0, 0, 0, 1, 1, 1]))
    assert not split.any()


def test_rule_1_function_a_point_on_the_limit_is_not_beyond():
    found = rule_beyond_limit(np.array([15.0, 15.0000001, 5.0, 4.9]), np.full(4, 5.0), np.full(4, 15.0))
    assert found.tolist() == [False, False, False, True]  # 15.0000001 is on the limit at 6 decimals


def test_too_few_points_computes_nothing():
    points = spc_points(as_series(STEADY[:11]), "high")
    assert (points["point_type"] == "too_few_points").all()
    assert points["mean"].isna().all() and points["ucl"].isna().all()
    assert not points[["beyond_limit", "run", "trend", "two_of_three"]].any().any()


HIGH_PASS = Indicator(id="high_pass", name="a", unit="percent", good_is="high", target=4)
HIGH_AT_LCL = Indicator(id="high_at_lcl", name="b", unit="percent", good_is="high", target=4.68)
HIGH_FAIL = Indicator(id="high_fail", name="c", unit="percent", good_is="high", target=16)
HIGH_VARIABLE = Indicator(id="high_variable", name="d", unit="percent", good_is="high", target=10)
LOW_PASS = Indicator(id="low_pass", name="e", unit="percent", good_is="low", target=16)
LOW_FAIL = Indicator(id="low_fail", name="f", unit="percent", good_is="low", target=4)
NEUTRAL = Indicator(id="neutral", name="g", unit="percent", good_is="neutral", target=10)
NO_TARGET = Indicator(id="no_target", name="h", unit="percent", good_is="high")
ASSURANCE_CASES = {
    "high_pass": "consistently_passes", "high_at_lcl": "consistently_passes", "high_fail": "consistently_fails",
    "high_variable": "variable", "low_pass": "consistently_passes", "low_fail": "consistently_fails",
    "neutral": "not_applicable", "no_target": "not_applicable",
}
ASSURANCE_INDICATORS = frame_of(HIGH_PASS, HIGH_AT_LCL, HIGH_FAIL, HIGH_VARIABLE, LOW_PASS, LOW_FAIL, NEUTRAL,
                                NO_TARGET)


def test_assurance_from_where_the_limits_sit_against_the_target():
    rows = [row for ind_id in ASSURANCE_CASES for row in monthly(ind_id, "2022-01", ALTERNATING_9_11)]
    table = spc_table(observations(rows), ASSURANCE_INDICATORS).set_index("indicator_id")
    assert table["assurance"].to_dict() == ASSURANCE_CASES
    assert table["mean"].tolist() == pytest.approx([10.0] * 8)
    assert table["lcl"].tolist() == pytest.approx([4.68] * 8)  # 10 - 2.66 x 2
    assert table["ucl"].tolist() == pytest.approx([15.32] * 8)
    assert set(table["spc_signal"]) == {"common_cause"}
    assert set(table["n_points"]) == {12}


def test_assurance_with_too_few_points():
    rows = monthly("high_pass", "2022-01", ALTERNATING_9_11[:11]) + monthly("no_target", "2022-01",
                                                                              ALTERNATING_9_11[:11])
    table = spc_table(observations(rows), ASSURANCE_INDICATORS).set_index("indicator_id")
    assert table.loc["high_pass", "assurance"] == "too_few_points"
    assert table.loc["no_target", "assurance"] == "not_applicable"
    assert set(table["spc_signal"]) == {"too_few_points"}
    assert table["mean"].isna().all()


def test_table_verdict_comes_from_the_latest_point_up_to_the_month():
    spike_in_middle = [9.0, 11.0] * 6 + [20.0] + [9.0, 11.0] * 6
    rows = monthly("high_pass", "2022-01", spike_in_middle) + monthly("high_pass", "2024-02", [None, 30.0])
    obs = observations(rows)
    points = spc_points(series_values(obs, "high_pass", "Whole authority", "2024-01"), "high")
    assert points["beyond_limit"].tolist() == [False] * 12 + [True] + [False] * 12
    table = spc_table(obs, ASSURANCE_INDICATORS, month=pd.Period("2024-01", freq="M"))
    assert table[["n_points", "spc_signal"]].values.tolist() == [[25, "common_cause"]]
    # 2024-02 is missing and left out; 2024-03's 30 is far beyond the limit
    latest = spc_table(obs, ASSURANCE_INDICATORS)
    assert latest[["n_points", "spc_signal"]].values.tolist() == [[26, "special_cause_improvement"]]


def test_table_has_one_row_per_indicator_and_locality():
    rows = (monthly("high_pass", "2022-01", ALTERNATING_9_11, locality="North")
            + monthly("high_pass", "2022-01", ALTERNATING_9_11[:5], locality="South")
            + monthly("low_fail", "2022-01", ALTERNATING_9_11[:3], locality="North"))
    table = spc_table(observations(rows), ASSURANCE_INDICATORS)
    counts = {(r.indicator_id, r.locality): r.n_points for r in table.itertuples()}
    assert counts == {("high_pass", "North"): 12, ("high_pass", "South"): 5, ("low_fail", "North"): 3}
    assert math.isnan(table.set_index("locality").loc["South", "mean"])
