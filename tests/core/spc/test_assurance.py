import numpy as np
import pytest

from core.model import Indicator
from core.rules.spc import assurance, spc_table
from tests.core.engine_fixtures import frame_of, monthly, observations
from tests.core.spc.series import ALTERNATING_9_11

# 14 points alternating 9 and 11: mean 10, limits 4.68 and 15.32
CASES = {
    "high_pass": ("high", 4, "consistently_passes"),
    "high_on_lcl": ("high", 4.68, "variable"),  # the document: a target on a limit is within them
    "high_just_below_lcl": ("high", 4.67, "consistently_passes"),
    "high_on_ucl": ("high", 15.32, "variable"),
    "high_fail": ("high", 16, "consistently_fails"),
    "high_variable": ("high", 10, "variable"),
    "low_pass": ("low", 16, "consistently_passes"),
    "low_on_ucl": ("low", 15.32, "variable"),
    "low_fail": ("low", 4, "consistently_fails"),
    "neutral": ("neutral", 10, "not_applicable"),
}
INDICATORS = frame_of(*(Indicator(id=key, name=key, unit="percent", good_is=good_is, target=target)
                        for key, (good_is, target, _) in CASES.items()),
                      Indicator(id="no_target", name="h", unit="percent", good_is="high"))


def test_assurance_from_where_the_limits_sit_against_the_target():
    rows = [row for key in [*CASES, "no_target"] for row in monthly(key, "2022-01", ALTERNATING_9_11)]
    table = spc_table(observations(rows), INDICATORS).set_index("indicator_id")
    expected = {key: verdict for key, (_, _, verdict) in CASES.items()} | {"no_target": "not_applicable"}
    assert table["assurance"].to_dict() == expected
    assert table["lcl"].tolist() == pytest.approx([4.68] * 11)  # 10 - 2.66 x 2
    assert table["ucl"].tolist() == pytest.approx([15.32] * 11)
    assert set(table["spc_signal"]) == {"common_cause"}
    assert set(table["n_points"]) == {14}


def test_assurance_with_too_few_points():
    rows = (monthly("high_pass", "2022-01", ALTERNATING_9_11[:12])
            + monthly("no_target", "2022-01", ALTERNATING_9_11[:12]))
    table = spc_table(observations(rows), INDICATORS).set_index("indicator_id")
    assert table.loc["high_pass", "assurance"] == "too_few_points"
    assert table.loc["no_target", "assurance"] == "not_applicable"
    assert set(table["spc_signal"]) == {"too_few_points"}
    assert table["mean"].tolist() == [10.0, 10.0]  # the mean is still given
    assert table["lcl"].isna().all()


def test_assurance_function_on_the_limit_with_float_noise():
    found = assurance(np.array([14, 14]), np.array([10 - 5.32, 10 - 5.32]), np.array([15.32, 15.32]),
                      np.array([4.68, 4.6799]), np.array([1, 1]))
    assert found.tolist() == ["variable", "consistently_passes"]
