"""Year-end outlook, worked by hand: the line, the band, the March it looks to, and the words."""

import math

import pandas as pd
import pytest

from core.model import About, Dataset, GoodIs, Indicator, Periodicity, Unit
from core.rules.outlook import (
    MIN_POINTS,
    OUTLOOK_MONTHS,
    Outlook,
    outlook_table,
    year_end,
)
from core.views.public import public_scorecard
from core.views.scorecard import build_scorecard
from tests.core.engine_fixtures import frame_of, monthly, observations


def indicator(good_is: GoodIs | None = GoodIs.low, target: float | None = 20.0, unit: Unit = Unit.count,
              periodicity: Periodicity | None = None, key: str = "x") -> Indicator:
    return Indicator(id=key, name=key, unit=unit, good_is=good_is, target=target, periodicity=periodicity)


def one(values: list[float | None], month: str, start: str, **kwargs: object) -> pd.Series:
    ind = indicator(**kwargs)
    table = outlook_table(observations(monthly(ind.id, start, values)), frame_of(ind), month)
    assert len(table) == 1
    return table.iloc[0]


@pytest.mark.parametrize(("month", "end"), [("2023-02", "2023-03"), ("2023-03", "2024-03"),
                                            ("2023-04", "2024-03"), ("2022-12", "2023-03")])
def test_the_year_end_is_the_coming_march_and_march_looks_to_the_next(month, end):
    assert year_end(pd.Period(month, freq="M")) == pd.Period(end, freq="M")


def test_a_straight_line_projects_exactly_with_no_band():
    # 39, 40, ... 50 from Oct 22 to Sep 23: +1 a month, 50 in September, 6 months to March: 56
    row = one([39.0 + i for i in range(12)], "2023-09", "2022-10", good_is=GoodIs.high, target=55.0,
              unit=Unit.percent)
    assert (row["outlook_now"], row["outlook_value"]) == (pytest.approx(50.0), pytest.approx(56.0))
    assert (row["outlook_low"], row["outlook_high"]) == (pytest.approx(56.0), pytest.approx(56.0))
    assert (row["outlook"], row["outlook_points"], row["outlook_month"]) == ("on_track", 12, "2024-03")
    assert row["outlook_reason"] == ("On track: the trend of the last 12 months reaches 56.0% by March 2024 "
                                     "(band 56.0% to 56.0%); target 55.0%.")


# 10, 12, 10, 12, 10, 12 (Jun-Nov 23): x = -5..0, mean x -2.5, mean y 11, Sxy 3, Sxx 17.5,
# slope 3/17.5 = 0.171429, value at x=0: 11 + 2.5 x slope = 11.428571. Residuals about the line:
# -0.571429 1.257143 -0.914286 0.914286 -1.257143 0.571429; moving ranges 64/35 76/35 64/35 76/35 64/35,
# mean 344/175 = 1.965714; band half-width 2.66 x 1.965714 = 5.228800. March is 4 months on:
# 11.428571 + 4 x 0.171429 = 12.114286, band 6.885486 to 17.343086.
ZIGZAG = [10.0, 12.0, 10.0, 12.0, 10.0, 12.0]


def test_the_band_is_the_xmr_width_about_the_trend_line():
    row = one(ZIGZAG, "2023-11", "2023-06")
    assert row["outlook_now"] == pytest.approx(11.428571, abs=1e-6)
    assert row["outlook_value"] == pytest.approx(12.114286, abs=1e-6)
    assert row["outlook_low"] == pytest.approx(6.885486, abs=1e-6)
    assert row["outlook_high"] == pytest.approx(17.343086, abs=1e-6)


@pytest.mark.parametrize(("good_is", "target", "word"), [
    (GoodIs.low, 20.0, "on_track"),  # the whole band (up to 17.3) is below 20
    (GoodIs.low, 10.0, "at_risk"),  # the band (6.9 to 17.3) runs across 10
    (GoodIs.low, 5.0, "off_track"),  # the whole band is above 5
    (GoodIs.high, 5.0, "on_track"),
    (GoodIs.high, 17.343086, "at_risk"),  # the best edge on the target itself is not wholly worse
    (GoodIs.high, 20.0, "off_track"),
    (GoodIs.low, 17.343086, "on_track"),  # the worst edge on the target: at target counts as met
])
def test_the_words_come_from_the_band_against_the_target_through_polarity(good_is, target, word):
    assert one(ZIGZAG, "2023-11", "2023-06", good_is=good_is, target=target)["outlook"] == word


def test_percentages_stay_within_0_and_100():
    row = one([80.0 + 2 * i for i in range(12)], "2023-09", "2022-10", good_is=GoodIs.high, target=95.0,
              unit=Unit.percent)
    assert row["outlook_value"] == 100.0 and row["outlook_high"] == 100.0
    falling = one([30.0 - 3 * i for i in range(8)], "2023-09", "2023-02", target=5.0)
    assert falling["outlook_value"] == 0.0 and falling["outlook_low"] == 0.0


@pytest.mark.parametrize(("kwargs", "reason"), [
    ({"target": None}, "No outlook: there is no target to judge the year end against"),
    ({"good_is": GoodIs.neutral}, "No outlook: a neutral indicator has no better or worse"),
    ({"good_is": None}, "No outlook: whether higher or lower is better (Good Is) is not known"),
    ({"periodicity": Periodicity.annual}, "No outlook: an annual measure has no monthly run to project"),
    ({"periodicity": Periodicity.academic_ytd},
     "No outlook: an academic-year-to-date measure resets each September"),
])
def test_no_outlook_says_why(kwargs, reason):
    row = one(ZIGZAG, "2023-11", "2023-06", **kwargs)
    assert (row["outlook"], row["outlook_reason"]) == (Outlook.none.value, reason)
    assert math.isnan(row["outlook_value"]) and math.isnan(row["outlook_low"])


def test_too_few_points_in_the_run_and_gaps_are_left_out():
    # 13 months, but only 5 of the last 12 have a figure (the oldest one is outside the run)
    values = [1.0, None, 2.0, None, 3.0, None, None, 4.0, None, None, 5.0, None, 6.0]
    row = one(values, "2023-12", "2022-12")
    assert MIN_POINTS == 6 and OUTLOOK_MONTHS == 12
    assert row["outlook"] == "none"
    assert row["outlook_reason"] == "No outlook: 5 of the last 12 months have a figure; at least 6 are needed"
    # months without a figure are left out, not filled: 6 points on a line of +1 a month still fit exactly
    gappy = one([1.0, None, 3.0, 4.0, None, 6.0, 7.0, None, 9.0], "2023-09", "2023-01", good_is=GoodIs.high,
                target=1.0)
    assert (gappy["outlook_points"], gappy["outlook_value"]) == (6, pytest.approx(15.0))
    assert gappy["outlook_low"] == pytest.approx(15.0)


def test_later_months_and_duplicate_rows_are_ignored():
    rows = monthly("x", "2023-06", ZIGZAG + [100.0])  # December is after the chosen month
    rows.append({**rows[0], "value": 500.0})  # a duplicate June row: the first one counts
    table = outlook_table(observations(rows), frame_of(indicator()), "2023-11")
    assert table.iloc[0]["outlook_value"] == pytest.approx(12.114286, abs=1e-6)


def test_many_indicators_at_once_match_one_at_a_time():
    a = indicator(key="a", good_is=GoodIs.high, target=11.0)
    b = indicator(key="b", target=None)
    c = indicator(key="c")
    rows = monthly("c", "2023-06", [3.0, 1.0, 4.0, 1.0, 5.0, 9.0]) + monthly("a", "2023-06", ZIGZAG)
    together = outlook_table(observations(rows), frame_of(a, b, c), "2023-11").set_index("indicator_id")
    assert list(together.index) == ["a", "b", "c"]
    for ind in (a, c):
        alone = outlook_table(observations([r for r in rows if r["indicator_id"] == ind.id]), frame_of(ind),
                              "2023-11").set_index("indicator_id")
        pd.testing.assert_series_equal(together.loc[ind.id], alone.loc[ind.id])
    assert together.loc["b", "outlook"] == "none" and together.loc["b", "outlook_points"] == 0


# ---- in the scorecard and the public view ----------------------------------------------------------

def _dataset() -> Dataset:
    pct = Indicator(id="eet", area="Care Leavers", name="% in EET", unit=Unit.percent, good_is=GoodIs.high,
                    target=11.0)
    count = Indicator(id="n", area="Profile", name="Number in care", unit=Unit.count, good_is=GoodIs.low,
                      target=20.0)
    rows = monthly("eet", "2023-06", ZIGZAG) + monthly("n", "2023-06", ZIGZAG) + monthly("n", "2023-06", ZIGZAG, "North")
    north = observations(monthly("eet", "2023-06", ZIGZAG, "North")).assign(numerator=30.0, denominator=50.0)
    north.loc[north["period"] == pd.Period("2023-11", freq="M"), ["numerator", "denominator", "value"]] = [
        1.0, 3.0, 33.3]  # November rests on 3 young people: withheld in public, so not projected from
    frame = pd.concat([observations(rows), north], ignore_index=True)
    return Dataset(about=About(authority="Testshire", localities=["North"]), indicators={"eet": pct, "n": count},
                   observations=frame)


def test_the_scorecard_carries_the_outlook_and_a_council_count_target_is_not_projected_for_a_locality():
    card = build_scorecard(_dataset(), "2023-11").set_index("id")
    assert card.loc["n", "outlook"] == "on_track"
    assert card.loc["n", "outlook_value"] == pytest.approx(12.114286, abs=1e-6)
    assert card.loc["eet", "outlook"] == "at_risk"
    north = build_scorecard(_dataset(), "2023-11", "North").set_index("id")
    assert north.loc["eet", "outlook_points"] == 6
    assert north.loc["eet", "outlook_value"] > 20  # November's 33.3 pulls the line up: the raw history
    assert north.loc["n", "outlook"] == "none" and math.isnan(north.loc["n", "outlook_value"])
    assert north.loc["n", "outlook_reason"] == "No outlook: the target is for the whole authority, not one locality"


def test_a_public_locality_view_projects_only_from_figures_that_may_be_shown():
    view = public_scorecard(_dataset(), "2023-11", "North").set_index("id")
    assert view.loc["eet", "display_value"] == "c"
    # no outlook beside a withheld figure (and 5 shown months, Jun-Oct, would be fewer than the 6 needed):
    # never one built on the withheld 33.3
    assert view.loc["eet", "outlook"] == "none"
    assert view.loc["eet", "outlook_reason"] == ("No outlook: this month's figure is withheld in public views "
                                                 "(small numbers)")
    assert math.isnan(view.loc["eet", "outlook_value"])
