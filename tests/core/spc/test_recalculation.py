import numpy as np
import pandas as pd
import pytest

from core.model import Indicator
from core.rules.spc import spc_points, spc_table
from core.rules.spc.recalculation import section_codes
from tests.core.engine_fixtures import frame_of, monthly, observations
from tests.core.spc.series import as_series

# 13 months around 10, then a new service: 13 months around 20 from 2023-02
AROUND_10 = [9.0, 11.0] * 6 + [10.0]  # mean 130/13 = 10; moving ranges 11 x 2 and 1 -> 23/12
AROUND_20 = [19.0, 21.0] * 6 + [20.0]
CHANGE = pd.Period("2023-02", freq="M")


def test_one_process_without_a_mark_shifts_everywhere():
    points = spc_points(as_series(AROUND_10 + AROUND_20), "high")
    assert (points["section"] == 0).all() and points["mean"].iloc[0] == pytest.approx(15.0)
    assert points["shift"].all()  # 13 below 15, then 13 above


def test_limits_recalculated_from_a_marked_month():
    points = spc_points(as_series(AROUND_10 + AROUND_20), "high", process_changes=[CHANGE])
    assert points["section"].tolist() == [0] * 13 + [1] * 13
    assert points.index[13] == CHANGE
    spread = 2.66 * 23 / 12
    assert points["mean"].tolist() == pytest.approx([10.0] * 13 + [20.0] * 13)
    assert points["ucl"].tolist() == pytest.approx([10 + spread] * 13 + [20 + spread] * 13)
    assert points["lcl"].iloc[-1] == pytest.approx(20 - spread)
    assert (points["point_type"] == "common_cause").all()


def test_a_marked_month_with_no_value_starts_the_section_at_the_next_value():
    values = as_series(AROUND_10 + [np.nan] + AROUND_20)
    points = spc_points(values, "high", process_changes=[pd.Period("2023-02", freq="M")])
    assert points["section"].tolist() == [0] * 13 + [1] * 13


def test_a_new_section_has_trial_limits_until_it_has_13_points():
    points = spc_points(as_series(AROUND_10 + AROUND_20[:5]), "high", process_changes=[CHANGE])
    latest = points.iloc[13:]
    assert latest["mean"].tolist() == pytest.approx([19.8] * 5)  # 19, 21, 19, 21, 19
    assert latest["ucl"].isna().all() and not latest["enough"].any()
    assert (latest["point_type"] == "too_few_points").all()
    assert (points.iloc[:13]["point_type"] == "common_cause").all()


def test_a_shift_runs_across_the_break_against_each_sections_mean():
    # section 0 ends with four points above its mean of 10, section 1 starts with two above its mean of 20
    before = [9.0, 11.0] * 5 + [8.0, 9.0, 10.5, 11.0, 11.5, 12.0]  # 16 points
    after = [21.0, 22.0] + [19.0, 21.0] * 6 + [20.0]
    points = spc_points(as_series(before + after), "high", process_changes=[pd.Period("2023-05", freq="M")])
    assert points["section"].tolist() == [0] * 16 + [1] * 15
    # section 0: mean 162/16 = 10.125; its last four (10.5 ... 12) are above it; section 1: mean 303/15 = 20.2
    # and 21, 22 are above it: six in a row across the break
    assert points["mean"].iloc[0] == pytest.approx(10.125)
    assert points["shift"].tolist()[12:18] == [True] * 6
    assert not points["shift"].iloc[18:].any()


def test_section_codes_follow_the_indicator_not_the_locality():
    series = np.array([0, 0, 0, 1, 1, 1, 2, 2])
    indicator = np.array([0, 0, 0, 0, 0, 0, 1, 1])
    months = np.array([1, 2, 3, 1, 2, 3, 2, 3])
    codes = section_codes(series, indicator, months, np.array([0]), np.array([2]))
    assert codes.tolist() == [0, 1, 1, 2, 3, 3, 4, 4]  # indicator 1 is not marked


def test_table_uses_the_latest_section():
    indicators = frame_of(Indicator(id="a", name="a", unit="percent", good_is="high", target=14))
    rows = monthly("a", "2022-01", AROUND_10 + AROUND_20, locality="North") + monthly(
        "a", "2022-01", AROUND_10 + AROUND_20)
    marks = pd.DataFrame({"indicator_id": ["a", "unknown"], "period": pd.PeriodIndex([CHANGE, CHANGE], freq="M")})
    table = spc_table(observations(rows), indicators, process_changes=marks)
    assert table["n_points"].tolist() == [13, 13]
    assert table["mean"].tolist() == pytest.approx([20.0, 20.0])
    # the latest section's lcl is 20 - 2.66 x 23/12 = 14.90, above the target of 14
    assert table["assurance"].tolist() == ["consistently_passes"] * 2
    one_process = spc_table(observations(rows), indicators)  # mean 15, limits far wider: hit and miss
    assert one_process["assurance"].tolist() == ["variable"] * 2 and one_process["n_points"].tolist() == [26, 26]
