import math

import numpy as np
import pandas as pd
import pytest

from core.model import AmberBand, Indicator
from core.present.format import format_value, format_values, format_width, format_widths
from core.rules.rag import rag_reasons, rate
from tests.core.engine_fixtures import frame_of, observations

PCT_HIGH_ABS5 = Indicator(id="pct_high", name="% with a PEP", unit="percent", good_is="high", target=70,
                          amber_band=AmberBand(kind="absolute", value=5))
COUNT_LOW_ABS30 = Indicator(id="count_low", name="No. of CiC", unit="count", good_is="low", target=420,
                            amber_band=AmberBand(kind="absolute", value=30))
PCT_HIGH_DEFAULT = Indicator(id="pct_default", name="% dental checks", unit="percent", good_is="high", target=80)
PCT_HIGH_INTERVENTION = Indicator(id="pct_int", name="% visits in time", unit="percent", good_is="high", target=70,
                                  amber_band=AmberBand(kind="intervention", value=60))
DAYS_LOW_INTERVENTION = Indicator(id="days_int", name="Days to adoption", unit="days", good_is="low", target=20,
                                  amber_band=AmberBand(kind="intervention", value=25))
BNB_ZERO = Indicator(id="bnb", name="No. of care leavers in B&B", unit="count", good_is="low", target=0)
BNB_ZERO_ABS2 = Indicator(id="bnb_abs", name="No. in B&B (abs band)", unit="count", good_is="low", target=0,
                          amber_band=AmberBand(kind="absolute", value=2))
RATIO_HIGH = Indicator(id="ratio", name="Ratio", unit="ratio", good_is="high", target=1.1,
                       amber_band=AmberBand(kind="absolute", value=0.2))
RATIO_AT_0_3 = Indicator(id="ratio_0_3", name="Ratio 0.3", unit="ratio", good_is="high", target=0.3)
NEUTRAL = Indicator(id="uasc", name="No. of UASC", unit="count", good_is="neutral", target=50)
NO_TARGET = Indicator(id="no_target", name="No target", unit="percent", good_is="high")
NO_POLARITY = Indicator(id="no_polarity", name="No polarity", unit="percent", target=50)
NO_UNIT = Indicator(id="no_unit", name="No unit", good_is="high", target=50)
ALL = [PCT_HIGH_ABS5, COUNT_LOW_ABS30, PCT_HIGH_DEFAULT, PCT_HIGH_INTERVENTION, DAYS_LOW_INTERVENTION, BNB_ZERO,
       BNB_ZERO_ABS2, RATIO_HIGH, RATIO_AT_0_3, NEUTRAL, NO_TARGET, NO_POLARITY, NO_UNIT]


def rate_one(indicator: Indicator, value: float | None, overrides: pd.DataFrame | None = None,
             **extra: object) -> pd.Series:
    obs = observations([{"indicator_id": indicator.id, "period": "2023-03",
                         "value": np.nan if value is None else value, **extra}])
    rated = rate(obs, frame_of(*ALL), overrides)
    return rated.assign(rag_reason=rag_reasons(rated)).iloc[0]


@pytest.mark.parametrize("value,rag,gap,reason", [
    (75, "green", 5.0, "Green: 75.0% is 5.0 pp above the 70.0% target"),
    (70, "green", 0.0, "Green: 70.0% is at the 70.0% target"),
    (67, "amber", -3.0, "Amber: 67.0% is 3.0 pp below the 70.0% target (amber band 5.0 pp)"),
    (65, "amber", -5.0, "Amber: 65.0% is 5.0 pp below the 70.0% target (amber band 5.0 pp)"),
    (64.9, "red", -5.1, "Red: 64.9% is 5.1 pp below the 70.0% target (amber band 5.0 pp)"),
    (61.5, "red", -8.5, "Red: 61.5% is 8.5 pp below the 70.0% target (amber band 5.0 pp)"),
])
def test_high_polarity_absolute_band(value, rag, gap, reason):
    row = rate_one(PCT_HIGH_ABS5, value)
    assert (row["rag"], row["gap"], row["rag_reason"]) == (rag, gap, reason)


@pytest.mark.parametrize("value,rag,gap,reason", [
    (400, "green", 20.0, "Green: 400 is 20 below the 420 target"),
    (420, "green", 0.0, "Green: 420 is at the 420 target"),
    (437, "amber", -17.0, "Amber: 437 is 17 above the 420 target (amber band 30)"),
    (450, "amber", -30.0, "Amber: 450 is 30 above the 420 target (amber band 30)"),
    (451, "red", -31.0, "Red: 451 is 31 above the 420 target (amber band 30)"),
])
def test_low_polarity_absolute_band(value, rag, gap, reason):
    row = rate_one(COUNT_LOW_ABS30, value)
    assert (row["rag"], row["gap"], row["rag_reason"]) == (rag, gap, reason)


@pytest.mark.parametrize("value,rag,reason", [
    (72, "amber", "Amber: 72.0% is 8.0 pp below the 80.0% target (amber band 10% of target = 8.0 pp)"),
    (71.9, "red", "Red: 71.9% is 8.1 pp below the 80.0% target (amber band 10% of target = 8.0 pp)"),
])
def test_default_band_is_ten_percent_of_target(value, rag, reason):
    row = rate_one(PCT_HIGH_DEFAULT, value)
    assert (row["band_kind"], row["band_value"]) == ("relative", 10.0)
    assert (row["rag"], row["rag_reason"]) == (rag, reason)


@pytest.mark.parametrize("value,rag,reason", [
    (65, "amber", "Amber: 65.0% is 5.0 pp below the 70.0% target (amber band down to the 60.0% intervention level)"),
    (60, "amber", "Amber: 60.0% is 10.0 pp below the 70.0% target (amber band down to the 60.0% intervention level)"),
    (59.9, "red", "Red: 59.9% is 10.1 pp below the 70.0% target (amber band down to the 60.0% intervention level)"),
])
def test_intervention_level_high_polarity(value, rag, reason):
    row = rate_one(PCT_HIGH_INTERVENTION, value)
    assert (row["rag"], row["rag_reason"]) == (rag, reason)


@pytest.mark.parametrize("value,rag,reason", [
    (19, "green", "Green: 19 days is 1 day below the 20 days target"),
    (23, "amber", "Amber: 23 days is 3 days above the 20 days target "
                  "(amber band up to the 25 days intervention level)"),
    (26, "red", "Red: 26 days is 6 days above the 20 days target (amber band up to the 25 days intervention level)"),
])
def test_intervention_level_low_polarity(value, rag, reason):
    row = rate_one(DAYS_LOW_INTERVENTION, value)
    assert (row["rag"], row["rag_reason"]) == (rag, reason)


def test_intervention_level_on_the_wrong_side_leaves_no_amber_band():
    overrides = pd.DataFrame({"band_value": [75.0]}, index=["pct_int"])  # 75 is better than the 70 target
    row = rate_one(PCT_HIGH_INTERVENTION, 69, overrides)
    assert row["rag"] == "red"
    assert row["rag_reason"] == ("Red: 69.0% is 1.0 pp below the 70.0% target "
                                 "(intervention level 75.0% is not worse than the target, so no amber band)")


def test_target_zero_relative_band_value_zero_is_green():
    row = rate_one(BNB_ZERO, 0)
    assert (row["rag"], row["gap"], row["rag_reason"]) == ("green", 0.0, "Green: 0 is at the 0 target")


def test_target_zero_relative_band_value_one_is_red_and_says_why():
    row = rate_one(BNB_ZERO, 1)
    assert (row["rag"], row["gap"]) == ("red", -1.0)
    assert row["rag_reason"] == "Red: 1 is 1 above the 0 target (amber band 10% of target, which is 0 at a target of 0)"


@pytest.mark.parametrize("value,rag", [(0, "green"), (2, "amber"), (3, "red")])
def test_target_zero_absolute_band(value, rag):
    assert rate_one(BNB_ZERO_ABS2, value)["rag"] == rag


def test_float_noise_does_not_move_a_boundary():
    # 0.7 - 0.4 is 0.29999999999999993 and 0.9 - 1.1 is -0.20000000000000007 in floating point
    at_target = rate_one(RATIO_AT_0_3, 0.7 - 0.4)
    assert at_target["rag"] == "green" and at_target["gap"] == 0.0
    at_band_edge = rate_one(RATIO_HIGH, 0.9)
    assert at_band_edge["rag"] == "amber"


@pytest.mark.parametrize("indicator,reason", [
    (NEUTRAL, "Not rated: neutral indicator (shown for context)"),
    (NO_TARGET, "Not rated: no target"),
    (NO_POLARITY, "Not rated: polarity unknown"),
    (NO_UNIT, "Not rated: unit unknown"),
])
def test_not_rated(indicator, reason):
    row = rate_one(indicator, 55)
    assert (row["rag"], row["rag_reason"]) == ("not_rated", reason)
    assert math.isnan(row["gap"])


@pytest.mark.parametrize("missing_reason,note,reason", [
    ("not_yet_reported", "tbc", "No data: not yet reported"),
    ("published_later", "Data published September 2023", "No data: published later (Data published September 2023)"),
    ("not_applicable", "NA", "No data: not applicable"),
    ("suppressed", "c", "No data: suppressed (small number)"),
    (None, None, "No data: no value for this month"),
])
def test_missing_value_is_no_data_with_the_reason(missing_reason, note, reason):
    row = rate_one(PCT_HIGH_ABS5, None, missing_reason=missing_reason, note=note)
    assert (row["rag"], row["rag_reason"]) == ("no_data", reason)
    assert math.isnan(row["gap"])


def test_missing_value_on_a_neutral_indicator_is_still_no_data():
    assert rate_one(NEUTRAL, None)["rag"] == "no_data"


def test_target_override_changes_the_rating():
    overrides = pd.DataFrame({"target": [60.0]}, index=["pct_high"])
    row = rate_one(PCT_HIGH_ABS5, 61.5, overrides)
    assert (row["target"], row["rag"], row["gap"]) == (60.0, "green", 1.5)


def test_nan_override_keeps_the_official_target_and_band():
    overrides = pd.DataFrame({"target": [np.nan], "band_kind": [np.nan], "band_value": [np.nan]}, index=["pct_high"])
    row = rate_one(PCT_HIGH_ABS5, 61.5, overrides)
    assert (row["target"], row["band_kind"], row["band_value"], row["rag"]) == (70.0, "absolute", 5.0, "red")


def test_band_override_changes_the_rating():
    overrides = pd.DataFrame({"band_kind": ["absolute"], "band_value": [10.0]}, index=["pct_high"])
    row = rate_one(PCT_HIGH_ABS5, 61.5, overrides)
    assert row["rag"] == "amber"
    assert row["rag_reason"] == "Amber: 61.5% is 8.5 pp below the 70.0% target (amber band 10.0 pp)"


def test_override_for_an_unknown_indicator_is_ignored_and_unknown_columns_refused():
    ignored = pd.DataFrame({"target": [1.0]}, index=["not_an_indicator"])
    assert rate_one(PCT_HIGH_ABS5, 61.5, ignored)["rag"] == "red"
    with pytest.raises(ValueError, match="overrides can only set"):
        rate_one(PCT_HIGH_ABS5, 61.5, pd.DataFrame({"good_is": ["low"]}, index=["pct_high"]))


def test_override_with_an_unknown_band_kind_is_refused():
    with pytest.raises(ValueError, match="unknown amber band kind"):
        rate_one(PCT_HIGH_ABS5, 61.5, pd.DataFrame({"band_kind": ["wide"]}, index=["pct_high"]))


def test_rate_keeps_rows_index_and_input_untouched():
    obs = observations([
        {"indicator_id": "pct_high", "period": "2023-03", "value": 61.5},
        {"indicator_id": "count_low", "period": "2023-03", "value": 400},
        {"indicator_id": "not_listed", "period": "2023-03", "value": 1},
    ])
    before = obs.copy()
    rated = rate(obs, frame_of(*ALL))
    pd.testing.assert_frame_equal(obs, before)
    assert rated.index.equals(obs.index)
    assert rated["rag"].tolist() == ["red", "green", "not_rated"]
    assert list(rated.columns[: len(obs.columns)]) == list(obs.columns)
    assert {"target", "band_kind", "band_value", "rag", "gap"} <= set(rated.columns)


def test_array_formatters_match_the_shared_scalar_ones():
    values = [61.5, 437.0, 2.25, 1234.5, np.nan, 65.24, 121.0]
    units = ["percent", "count", "ratio", "count", "percent", "rate_per_10k", "days"]
    assert list(format_values(values, units)) == [format_value(v, u) for v, u in zip(values, units)]
    widths = [8.5, 1.0, 0.25, 3.0]
    width_units = ["percent", "count", "ratio", "days"]
    assert list(format_widths(widths, width_units)) == [format_width(w, u) for w, u in zip(widths, width_units)]
