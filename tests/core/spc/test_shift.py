import numpy as np
import pytest
from pydantic import ValidationError

from core.rules.spc import (
    DEFAULT_SETTINGS,
    SpcSettings,
    method_description,
    rule_shift,
    spc_points,
)
from tests.core.spc.series import as_series, one_series

# mean 34/14 = 2.43: the last seven 3s sit above it; limits 2.43 +/- 2.66 x 16/13 are never reached
SEVEN_ABOVE = [1, 3, 1, 3, 1, 3, 1, 3, 3, 3, 3, 3, 3, 3]
# mean 32/14 = 2.29: only the last six 3s in a row sit above it
SIX_ABOVE = [1, 3, 1, 3, 1, 3, 1, 1, 3, 3, 3, 3, 3, 3]
OLDER = SpcSettings(shift_length=7)


def test_defaults_are_the_single_chart_tools():
    assert (DEFAULT_SETTINGS.shift_length, DEFAULT_SETTINGS.trend_length) == (6, 6)


def test_a_shift_of_six_flags_with_the_default_but_not_with_seven():
    default = spc_points(as_series(SIX_ABOVE), "high")
    assert default["shift"].tolist() == [False] * 8 + [True] * 6
    assert default["point_type"].tolist()[8:] == ["special_cause_improvement"] * 6
    assert default["rules"].iloc[-1] == "shift: 6+ on one side of the mean"
    older = spc_points(as_series(SIX_ABOVE), "high", settings=OLDER)
    assert not older["shift"].any()
    assert (older["point_type"] == "common_cause").all()


def test_a_shift_of_seven_flags_either_way():
    for settings in (DEFAULT_SETTINGS, OLDER):
        points = spc_points(as_series(SEVEN_ABOVE), "high", settings=settings)
        assert points["shift"].tolist() == [False] * 7 + [True] * 7
        assert not points[["beyond_limit", "trend", "two_of_three"]].any().any()
    assert spc_points(as_series(SEVEN_ABOVE), "low")["point_type"].iloc[-1] == "special_cause_concern"


def test_a_point_on_the_mean_breaks_the_run():
    values = np.array([2, 2, 2, 1, 2, 2, 2, 2], dtype=float)
    assert not rule_shift(values, np.ones(8), one_series(8), 6).any()
    assert rule_shift(np.full(6, 2.0), np.ones(6), one_series(6), 6).all()


def test_a_shift_does_not_run_across_two_series():
    assert not rule_shift(np.full(8, 2.0), np.ones(8), np.array([0] * 4 + [1] * 4), 6).any()


@pytest.mark.parametrize("length", [5, 8])
def test_only_six_or_seven_are_offered(length):
    with pytest.raises(ValidationError):
        SpcSettings(shift_length=length)


def test_the_definitions_words_follow_the_setting():
    assert "**A shift:** 7 or more" in method_description(OLDER)["rules"][1]
    assert "**A shift:** 6 or more" in method_description()["rules"][1]
