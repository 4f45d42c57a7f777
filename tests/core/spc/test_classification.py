from core.rules.spc import spc_points
from tests.core.spc.series import as_series

# Seven points around 20.5, then 12, 13, ..., 17: mean 230/13 = 17.69, mean moving range 19/12,
# lcl 17.69 - 2.66 x 1.5833 = 13.48. The last six points are a rising trend (6 points) AND a shift
# below the mean (6 points); 12 and 13 are also beyond the lower limit.
SHIFT_DOWN_THEN_RISING = [20, 21, 20, 21, 20, 21, 20, 12, 13, 14, 15, 16, 17]


def test_conflicting_signals_are_shown_as_improvement():
    for good_is in ("high", "low"):
        points = spc_points(as_series(SHIFT_DOWN_THEN_RISING), good_is)
        assert points["trend"].tolist()[7:] == [True] * 6
        assert points["shift"].tolist()[7:] == [True] * 6
        assert points["beyond_limit"].tolist()[7:9] == [True, True]
        # good is high: the rise is an improvement, the shift and the points below the limit a concern;
        # good is low: the other way round. Either way the Single Chart Tool shows improvement.
        assert points["point_type"].tolist()[7:] == ["special_cause_improvement"] * 6


def test_without_a_conflict_the_side_decides():
    points = spc_points(as_series(SHIFT_DOWN_THEN_RISING), "high")
    assert points["point_type"].tolist()[:7] == ["special_cause_improvement"] * 7  # a shift of 7 above the mean
    low = spc_points(as_series(SHIFT_DOWN_THEN_RISING), "low")
    assert low["point_type"].tolist()[:7] == ["special_cause_concern"] * 7


def test_a_neutral_indicator_flags_without_judging():
    points = spc_points(as_series(SHIFT_DOWN_THEN_RISING), "neutral")
    assert set(points["point_type"]) == {"special_cause_neither"}
