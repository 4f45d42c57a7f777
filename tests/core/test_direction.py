import math

import pytest

from core.model import Indicator
from core.rules.direction import direction_of_travel
from tests.core.engine_fixtures import frame_of, monthly, observations

HIGH = Indicator(id="high", name="% PEPs in time", unit="percent", good_is="high", target=90)
LOW = Indicator(id="low", name="No. missing episodes", unit="count", good_is="low")
NEUTRAL = Indicator(id="neutral", name="No. of UASC", unit="count", good_is="neutral")
UNKNOWN = Indicator(id="unknown", name="Polarity not given", unit="count")
ACADEMIC = Indicator(id="academic", name="% attendance (academic year to date)", unit="percent", good_is="high",
                     periodicity="academic_ytd")
INDICATORS = frame_of(HIGH, LOW, NEUTRAL, UNKNOWN, ACADEMIC)


def travel(rows: list[dict]) -> list[tuple[float, str]]:
    """(previous_value, direction) per row."""
    result = direction_of_travel(observations(rows), INDICATORS)
    return list(zip(result["previous_value"], result["direction"].astype(str)))


@pytest.mark.parametrize("indicator,previous,latest,expected", [
    ("high", 60.0, 62.0, "improving"),
    ("high", 62.0, 60.0, "worsening"),
    ("low", 60.0, 62.0, "worsening"),
    ("low", 62.0, 60.0, "improving"),
    ("high", 61.496, 61.504, "same"),  # both round to 61.50
    ("low", 61.504, 61.496, "same"),
    ("high", 61.494, 61.506, "improving"),  # 61.49 against 61.51
])
def test_direction_through_polarity_at_two_decimals(indicator, previous, latest, expected):
    (first_prev, first_dir), (prev, direction) = travel(monthly(indicator, "2023-01", [previous, latest]))
    assert math.isnan(first_prev) and first_dir == "not_comparable"  # the first month has nothing before it
    assert (prev, direction) == (previous, expected)


def test_gap_in_months_is_not_comparable():
    rows = monthly("high", "2023-01", [60.0]) + monthly("high", "2023-03", [70.0])
    (_, _), (prev, direction) = travel(rows)
    assert math.isnan(prev) and direction == "not_comparable"


def test_missing_previous_value_is_not_comparable():
    (_, _), (prev, direction) = travel(monthly("high", "2023-01", [None, 70.0]))
    assert math.isnan(prev) and direction == "not_comparable"


def test_missing_latest_value_is_not_comparable_but_keeps_previous_value():
    (_, _), (prev, direction) = travel(monthly("high", "2023-01", [60.0, None]))
    assert (prev, direction) == (60.0, "not_comparable")


@pytest.mark.parametrize("indicator", ["neutral", "unknown"])
def test_neutral_or_unknown_polarity_is_not_comparable(indicator):
    (_, _), (prev, direction) = travel(monthly(indicator, "2023-01", [10.0, 12.0]))
    assert (prev, direction) == (10.0, "not_comparable")


def test_academic_year_reset_september_against_august_is_not_comparable():
    rows = monthly("academic", "2023-08", [92.0, 95.0, 96.0])  # Aug, Sep, Oct
    assert [d for _, d in travel(rows)] == ["not_comparable", "not_comparable", "improving"]


def test_september_is_comparable_for_other_periodicities():
    assert travel(monthly("high", "2023-08", [92.0, 95.0]))[1][1] == "improving"


def test_year_end_december_to_january_is_comparable():
    assert travel(monthly("high", "2022-12", [50.0, 40.0]))[1] == (50.0, "worsening")


def test_other_localities_and_indicators_are_not_the_previous_month():
    rows = (monthly("high", "2023-01", [50.0], locality="North") + monthly("high", "2023-02", [60.0], locality="South")
            + monthly("low", "2023-01", [50.0], locality="South"))
    assert [d for _, d in travel(rows)] == ["not_comparable"] * 3


def test_rows_keep_their_order_and_index_whatever_the_input_order():
    rows = monthly("high", "2023-01", [50.0, 55.0, 52.0])[::-1]  # Mar, Feb, Jan
    result = direction_of_travel(observations(rows), INDICATORS)
    assert result["previous_value"].tolist()[:2] == [55.0, 50.0]
    assert result["direction"].astype(str).tolist() == ["worsening", "improving", "not_comparable"]
    assert result.index.tolist() == [0, 1, 2]
