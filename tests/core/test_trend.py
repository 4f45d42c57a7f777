import math

import pandas as pd
import pytest

from core.rules.trend import trend_slopes
from tests.core.engine_fixtures import monthly, observations


def one_series(rows: list[dict], month: str | None = None) -> pd.Series:
    table = trend_slopes(observations(rows), None if month is None else pd.Period(month, freq="M"))
    assert len(table) == 1
    return table.iloc[0]


def test_a_straight_line_rises_one_per_month():
    row = one_series(monthly("pep", "2023-01", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]))
    assert (row["slope_6m"], row["points_6m"], row["trend_6m"]) == (pytest.approx(1.0), 6, "ok")
    assert (row["slope_12m"], row["points_12m"]) == (pytest.approx(1.0), 6)


def test_least_squares_slope_by_hand():
    # x = -5..0, y = 2 4 3 5 4 6: Sxy about the means = 11, Sxx = 17.5, slope = 11 / 17.5
    row = one_series(monthly("pep", "2023-01", [2.0, 4.0, 3.0, 5.0, 4.0, 6.0]))
    assert row["slope_6m"] == pytest.approx(0.628571, abs=1e-6)


def test_months_without_a_value_are_left_out_not_filled():
    # values at x = -5, -2, 0: 10, 7, 4 -> Sxy = -15, Sxx = 114/9, slope = -135/114
    row = one_series(monthly("pep", "2023-01", [10.0, None, None, 7.0, None, 4.0]))
    assert row["points_6m"] == 3
    assert row["slope_6m"] == pytest.approx(-1.184211, abs=1e-6)


def test_fewer_than_three_points_is_too_few():
    row = one_series(monthly("pep", "2023-01", [None, None, None, None, 5.0, 6.0]))
    assert math.isnan(row["slope_6m"])
    assert (row["points_6m"], row["trend_6m"]) == (2, "too_few_points")


def test_six_and_twelve_month_windows_differ():
    # first six months flat at 10, last six rise 1 a month from 10
    row = one_series(monthly("pep", "2022-04", [10.0] * 6 + [10.0, 11.0, 12.0, 13.0, 14.0, 15.0]))
    assert row["slope_6m"] == pytest.approx(1.0)
    # x = -11..0, y = 10 x 6 then 10..15: Sxy about the means = 62.5, Sxx = 143, slope = 0.437063
    assert row["slope_12m"] == pytest.approx(0.437063, abs=1e-6)
    assert (row["points_6m"], row["points_12m"]) == (6, 12)


def test_window_ends_at_the_chosen_month():
    rows = monthly("pep", "2023-01", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 100.0, 0.0])
    row = one_series(rows, month="2023-06")
    assert row["slope_6m"] == pytest.approx(1.0)
    assert row["points_6m"] == 6


def test_one_row_per_indicator_and_locality():
    rows = (monthly("pep", "2023-01", [1.0, 2.0, 3.0], locality="North")
            + monthly("pep", "2023-01", [3.0, 2.0, 1.0], locality="South")
            + monthly("neet", "2023-01", [5.0, 5.0, 5.0], locality="North"))
    table = trend_slopes(observations(rows)).set_index(["indicator_id", "locality"])
    assert table["slope_6m"].to_dict() == {("pep", "North"): pytest.approx(1.0), ("pep", "South"): pytest.approx(-1.0),
                                           ("neet", "North"): pytest.approx(0.0)}
