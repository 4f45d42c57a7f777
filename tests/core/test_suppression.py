"""Small-number suppression: hand-worked cases with literal expected outputs."""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest
from pydantic import ValidationError

from core.model import WHOLE_AUTHORITY, Unit
from core.views.suppression import (
    SCORECARD_ADDED_COLUMNS,
    SuppressionPolicy,
    apply_to_ratings,
    suppress_breakdown,
    suppress_scorecard,
    suppression_note,
)

LOCALITY = "Purbeck"
NOT_RATED_5 = "Not rated: fewer than 5 children, withheld in public views"


def one_row(**fields: object) -> pd.DataFrame:
    """A one-indicator scorecard row rated green and improving, with any fields overridden."""
    row: dict[str, object] = {
        "id": "cic_count", "unit": "count", "value": 3.0, "previous_value": 7.0,
        "numerator": math.nan, "denominator": math.nan,
        "previous_numerator": math.nan, "previous_denominator": math.nan,
        "rag": "green", "rag_reason": "Green: at or better than target", "direction": "improving",
        "min_denominator": math.nan,
    }
    row.update(fields)
    return pd.DataFrame([row])


def scorecard_row(locality: str = LOCALITY, policy: SuppressionPolicy | None = None, **fields: object) -> pd.Series:
    return suppress_scorecard(one_row(**fields), policy or SuppressionPolicy(), locality).iloc[0]


# ---- policy ---------------------------------------------------------------------------------------

def test_policy_defaults_to_five_and_describes_itself():
    policy = SuppressionPolicy()
    assert policy.threshold == 5
    assert policy.describe() == "Counts of 1 to 4 are shown as <5"
    assert SuppressionPolicy(threshold=10).describe() == "Counts of 1 to 9 are shown as <10"
    assert SuppressionPolicy(threshold=1).describe() == "No counts are withheld"


@pytest.mark.parametrize("threshold", [0, -5])
def test_policy_threshold_must_be_at_least_one(threshold):
    with pytest.raises(ValidationError):
        SuppressionPolicy(threshold=threshold)


def test_policy_legend_names_both_marks():
    assert list(SuppressionPolicy().legend()) == ["<5", "c"]


# ---- primary suppression of counts ----------------------------------------------------------------

def test_small_count_in_locality_is_withheld_not_rated_and_movement_hidden():
    row = scorecard_row(value=3.0, previous_value=7.0)
    assert row["display_value"] == "<5"
    assert row["suppressed"]
    assert row["suppression_reason"] == "primary"
    assert row["suppressed_below"] == 5
    assert row["rag"] == "not_rated"
    assert row["rag_reason"] == NOT_RATED_5
    assert row["direction"] == "not_comparable"
    # last month's 7 is fine on its own, but with this month it would show the movement
    assert not row["previous_suppressed"]
    assert row["previous_display_value"] == "c"
    # redacted: nothing downstream can leak the 3 or the 7
    assert math.isnan(row["value"]) and math.isnan(row["previous_value"])


def test_same_count_for_whole_authority_is_shown():
    row = scorecard_row(locality=WHOLE_AUTHORITY, value=3.0, previous_value=7.0)
    assert row["display_value"] == "3"
    assert not row["suppressed"]
    assert pd.isna(row["suppression_reason"])
    assert row["rag"] == "green"
    assert row["rag_reason"] == "Green: at or better than target"
    assert row["direction"] == "improving"
    assert row["previous_display_value"] == "7"
    assert row["value"] == 3.0


def test_zero_identifies_no_one_and_is_shown():
    row = scorecard_row(value=0.0, previous_value=6.0)
    assert row["display_value"] == "0"
    assert not row["suppressed"]
    assert row["direction"] == "improving"
    assert row["previous_display_value"] == "6"


@pytest.mark.parametrize("value,expected", [(4.0, "<5"), (5.0, "5"), (1.0, "<5"), (1234.0, "1,234")])
def test_threshold_five_boundary(value, expected):
    assert scorecard_row(value=value, previous_value=20.0)["display_value"] == expected


def test_threshold_ten_changes_the_mark_and_the_reason():
    policy = SuppressionPolicy(threshold=10)
    row = scorecard_row(policy=policy, value=7.0, previous_value=12.0)
    assert row["display_value"] == "<10"
    assert row["rag_reason"] == "Not rated: fewer than 10 children, withheld in public views"
    assert scorecard_row(policy=policy, value=10.0, previous_value=12.0)["display_value"] == "10"


def test_threshold_one_withholds_nothing():
    row = scorecard_row(policy=SuppressionPolicy(threshold=1), value=1.0, previous_value=2.0)
    assert row["display_value"] == "1"
    assert not row["suppressed"]


def test_missing_value_is_no_data_not_withheld():
    row = scorecard_row(value=math.nan, previous_value=3.0)
    assert row["display_value"] == "no data"
    assert not row["suppressed"]
    assert row["previous_display_value"] == "<5"  # last month's 3 is still small


# ---- primary suppression of percentages, rates and averages ---------------------------------------

def percent(numerator: float, denominator: float, **fields: object) -> dict[str, object]:
    return {"unit": "percent", "numerator": numerator, "denominator": denominator,
            "value": 100 * numerator / denominator, "previous_value": 60.0, **fields}


def test_percentage_on_two_children_is_withheld():
    row = scorecard_row(**percent(2, 40))
    assert row["display_value"] == "c"
    assert row["rag"] == "not_rated"
    assert row["rag_reason"] == NOT_RATED_5
    assert row["direction"] == "not_comparable"
    assert math.isnan(row["numerator"]) and math.isnan(row["denominator"])


def test_percentage_on_thirty_of_forty_is_shown():
    row = scorecard_row(**percent(30, 40))
    assert row["display_value"] == "75.0%"
    assert not row["suppressed"]
    assert not row["unverified_small_numbers"]
    assert row["numerator"] == 30.0


def test_percentage_of_a_group_of_four_is_withheld_even_at_zero():
    row = scorecard_row(**percent(0, 4))  # numerator 0 is fine; the group of 4 is not
    assert row["display_value"] == "c"
    assert row["suppressed_below"] == 5


def test_min_denominator_raises_the_floor_for_percentages():
    shown = scorecard_row(**percent(6, 12))
    assert shown["display_value"] == "50.0%"
    withheld = scorecard_row(**percent(6, 12, min_denominator=20))
    assert withheld["display_value"] == "c"
    assert withheld["suppressed_below"] == 20
    assert withheld["rag_reason"] == "Not rated: fewer than 20 children, withheld in public views"


def test_rate_per_10k_on_a_small_count_is_withheld():
    row = scorecard_row(unit="rate_per_10k", numerator=3, denominator=12000, value=2.5, previous_value=3.0)
    assert row["display_value"] == "c"


def test_percentage_without_numbers_is_shown_but_flagged_unverified():
    row = scorecard_row(unit="percent", value=62.5, previous_value=60.0)
    assert row["display_value"] == "62.5%"
    assert not row["suppressed"]
    assert row["unverified_small_numbers"]
    whole = scorecard_row(locality=WHOLE_AUTHORITY, unit="percent", value=62.5, previous_value=60.0)
    assert not whole["unverified_small_numbers"]


@pytest.mark.parametrize("denominator,expected", [(3, "c"), (5, "120 days"), (math.nan, "120 days")])
def test_average_days_withheld_only_when_group_is_small(denominator, expected):
    row = scorecard_row(unit="days", value=120.0, previous_value=130.0, denominator=denominator)
    assert row["display_value"] == expected
    assert row["unverified_small_numbers"] == (denominator != denominator)  # NaN: could not check


def test_average_ignores_min_denominator():
    row = scorecard_row(unit="score", value=14.2, previous_value=13.0, denominator=12, min_denominator=20)
    assert row["display_value"] == "14.2"


def test_unknown_unit_is_judged_cautiously():
    row = scorecard_row(unit=None, value=40.0, previous_value=30.0, numerator=2, denominator=5)
    assert row["display_value"] == "c"
    shown = scorecard_row(unit=None, value=12.0, previous_value=30.0)
    assert shown["display_value"] == "12"
    assert shown["unverified_small_numbers"]


# ---- movements ------------------------------------------------------------------------------------

def test_previous_month_small_hides_the_direction_though_this_month_is_shown():
    row = scorecard_row(value=8.0, previous_value=3.0)
    assert row["display_value"] == "8"
    assert not row["suppressed"]
    assert row["rag"] == "green"  # this month is rated as usual
    assert row["previous_suppressed"]
    assert row["previous_display_value"] == "<5"
    assert row["direction"] == "not_comparable"
    assert math.isnan(row["previous_value"]) and row["value"] == 8.0


def test_previous_percentage_on_a_small_numerator_hides_the_direction():
    row = scorecard_row(**percent(30, 40, previous_value=10.0, previous_numerator=2,
                                          previous_denominator=20))
    assert row["display_value"] == "75.0%"
    assert row["previous_display_value"] == "c"
    assert row["direction"] == "not_comparable"


# ---- frame shape and options ----------------------------------------------------------------------

def test_adds_the_documented_columns_and_keeps_row_order():
    frame = pd.concat([one_row(id="a", value=3.0), one_row(id="b", value=9.0)], ignore_index=True)
    out = suppress_scorecard(frame, SuppressionPolicy(), LOCALITY)
    assert set(SCORECARD_ADDED_COLUMNS) <= set(out.columns)
    assert out["id"].tolist() == ["a", "b"]
    assert out["display_value"].tolist() == ["<5", "9"]
    assert out["suppressed"].tolist() == [True, False]
    assert frame["value"].tolist() == [3.0, 9.0]  # the input is not changed


def test_optional_columns_may_be_missing():
    frame = pd.DataFrame({"id": ["a", "b"], "unit": [Unit.count, Unit.percent], "value": [2.0, 50.0]})
    out = suppress_scorecard(frame, SuppressionPolicy(), LOCALITY)
    assert out["display_value"].tolist() == ["<5", "50.0%"]
    assert out["rag"].iloc[0] == "not_rated" and pd.isna(out["rag"].iloc[1])
    assert out["direction"].iloc[0] == "not_comparable"
    assert pd.isna(out["direction"].iloc[1])
    assert out["previous_display_value"].tolist() == ["no data", "no data"]


def test_categorical_rag_and_direction_stay_categorical():
    frame = one_row(value=2.0)
    frame["rag"] = pd.Categorical(["green"], categories=["green", "amber", "red", "not_rated", "no_data"])
    frame["direction"] = pd.Categorical(["improving"], categories=["improving", "worsening", "same",
                                                                   "not_comparable"])
    out = suppress_scorecard(frame, SuppressionPolicy(), LOCALITY)
    assert isinstance(out["rag"].dtype, pd.CategoricalDtype)
    assert out["rag"].iloc[0] == "not_rated" and out["direction"].iloc[0] == "not_comparable"


def test_redact_false_keeps_the_numbers_for_a_managers_preview():
    out = suppress_scorecard(one_row(value=3.0, gap=-2.0), SuppressionPolicy(), LOCALITY, redact=False)
    assert out["value"].iloc[0] == 3.0 and out["display_value"].iloc[0] == "<5"
    redacted = suppress_scorecard(one_row(value=3.0, gap=-2.0), SuppressionPolicy(), LOCALITY)
    assert math.isnan(redacted["gap"].iloc[0])  # target minus gap would give the value away


def test_locality_column_is_read_when_no_locality_is_given():
    frame = pd.concat([one_row(locality=WHOLE_AUTHORITY), one_row(locality="Chesil")], ignore_index=True)
    out = suppress_scorecard(frame, SuppressionPolicy())
    assert out["display_value"].tolist() == ["3", "<5"]
    with pytest.raises(ValueError):
        suppress_scorecard(one_row(), SuppressionPolicy())


def test_apply_to_ratings_words_secondary_differently():
    frame = pd.DataFrame({"suppressed": [True, True, False], "suppression_reason": ["primary", "secondary", None],
                          "rag": ["red", "green", "amber"], "rag_reason": ["r", "g", "a"],
                          "direction": ["worsening", "same", "improving"]})
    out = apply_to_ratings(frame, SuppressionPolicy())
    assert out["rag"].tolist() == ["not_rated", "not_rated", "amber"]
    assert out["rag_reason"].tolist() == [
        NOT_RATED_5, "Not rated: withheld in public views so that small numbers cannot be worked out", "a"]
    assert out["direction"].tolist() == ["not_comparable", "not_comparable", "improving"]


# ---- secondary suppression in a breakdown ---------------------------------------------------------

def breakdown(values: dict[str, float], **columns: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"locality": list(values), "value": list(values.values()), **columns})


def feasible_hidden_values(out: pd.DataFrame, total: float, threshold: int = 5) -> set[tuple[int, ...]]:
    """Every set of hidden counts a reader could reconcile with the shown ones and the total.

    '<5' means 1..4; 'c' means any count; the hidden counts must make up total minus the shown ones.
    """
    hidden = out[out["suppressed"]]
    remainder = int(total - pd.to_numeric(out.loc[~out["suppressed"], "display_value"]).sum())
    ranges = [range(1, threshold) if mark == f"<{threshold}" else range(0, remainder + 1)
              for mark in hidden["display_value"]]
    return {combo for combo in itertools.product(*ranges) if sum(combo) == remainder}


def test_one_small_part_hides_the_smallest_other_non_zero_part():
    parts = breakdown({"Chesil": 3, "Dorchester": 8, "Purbeck": 0, "East Dorset": 6, "West Dorset": 12})
    out = suppress_breakdown(parts, 29, Unit.count, SuppressionPolicy(), None)
    assert out["locality"].tolist() == ["Chesil", "Dorchester", "Purbeck", "East Dorset", "West Dorset"]
    assert out["display_value"].tolist() == ["<5", "8", "0", "c", "12"]
    assert out["suppression_reason"].tolist()[0] == "primary"
    assert out["suppression_reason"].tolist()[3] == "secondary"
    assert out["suppression_reason"].isna().tolist() == [False, True, True, False, True]
    # the hidden pair cannot be worked out: 3+6, 4+5, 2+7, 1+8 all fit
    combos = feasible_hidden_values(out, 29)
    assert {c[0] for c in combos} == {1, 2, 3, 4}
    assert out["value"].isna().tolist() == [True, False, False, True, False]


def test_exactly_one_suppressed_is_derivable_without_the_secondary_rule():
    # the check above can fail: with only the primary hidden the reader recovers it
    parts = breakdown({"Chesil": 3, "Dorchester": 8, "East Dorset": 6, "West Dorset": 12})
    out = suppress_breakdown(parts, 29, Unit.count, SuppressionPolicy(), None)
    only_primary = out.assign(suppressed=out["suppression_reason"].eq("primary").fillna(False).astype(bool))
    only_primary.loc[~only_primary["suppressed"], "display_value"] = parts["value"].astype(str)
    assert feasible_hidden_values(only_primary, 29) == {(3,)}


def test_secondary_ties_go_to_the_first_locality_by_name():
    parts = breakdown({"West Dorset": 6, "Chesil": 2, "East Dorset": 6, "Purbeck": 9})
    out = suppress_breakdown(parts, 23, Unit.count, SuppressionPolicy(), None)
    assert out["display_value"].tolist() == ["6", "<5", "c", "9"]


def test_two_small_parts_need_no_secondary():
    parts = breakdown({"Chesil": 3, "Dorchester": 2, "Purbeck": 10, "West Dorset": 15})
    out = suppress_breakdown(parts, 30, Unit.count, SuppressionPolicy(), None)
    assert out["display_value"].tolist() == ["<5", "<5", "10", "15"]
    assert out["suppression_reason"].tolist()[:2] == ["primary", "primary"]
    assert (out["suppression_reason"] == "secondary").sum() == 0


def test_total_under_threshold_hides_every_part():
    parts = breakdown({"Chesil": 3, "Dorchester": 0, "Purbeck": 0})
    out = suppress_breakdown(parts, 3, Unit.count, SuppressionPolicy(), None)
    assert out["display_value"].tolist() == ["<5", "c", "c"]
    assert out["suppressed"].all()
    assert out["suppression_reason"].tolist() == ["primary", "secondary", "secondary"]


def test_a_zero_is_hidden_only_when_nothing_else_is_left():
    parts = breakdown({"Chesil": 3, "Purbeck": 0, "Dorchester": 0})  # the rest of the 8 are out of county
    out = suppress_breakdown(parts, 8, Unit.count, SuppressionPolicy(), None)
    assert out["display_value"].tolist() == ["<5", "0", "c"]  # Dorchester before Purbeck


def test_whole_authority_row_in_the_parts_is_shown_and_not_a_part():
    parts = breakdown({WHOLE_AUTHORITY: 21, "Chesil": 3, "Dorchester": 8, "Purbeck": 10})
    out = suppress_breakdown(parts, 21, Unit.count, SuppressionPolicy(), None)
    assert out["display_value"].tolist() == ["21", "<5", "c", "10"]


def test_percentage_breakdown_uses_numerators_for_the_secondary_rule():
    parts = breakdown({"Chesil": 5.0, "Dorchester": 20.0, "Purbeck": 50.0, "West Dorset": 40.0},
                      numerator=[2, 10, 30, 8], denominator=[40, 50, 60, 20])
    out = suppress_breakdown(parts, 28.2, Unit.percent, SuppressionPolicy(), None)
    assert out["display_value"].tolist() == ["c", "20.0%", "50.0%", "c"]
    assert out["suppression_reason"].tolist()[::3] == ["primary", "secondary"]


def test_percentage_breakdown_respects_min_denominator():
    parts = breakdown({"Chesil": 50.0, "Dorchester": 20.0, "Purbeck": 50.0},
                      numerator=[6, 10, 30], denominator=[12, 50, 60])
    out = suppress_breakdown(parts, 37.0, "percent", SuppressionPolicy(), 20)
    assert out["display_value"].tolist() == ["c", "c", "50.0%"]  # Dorchester's 10 is the smaller numerator
    assert out["suppressed_below"].tolist()[0] == 20


def test_averages_get_no_secondary_suppression():
    parts = breakdown({"Chesil": 300.0, "Dorchester": 410.0, "Purbeck": 380.0}, denominator=[3, 9, 12])
    out = suppress_breakdown(parts, 390.0, Unit.days, SuppressionPolicy(), None)
    assert out["display_value"].tolist() == ["c", "410 days", "380 days"]


# ---- the note -------------------------------------------------------------------------------------

def test_note_from_counts_matches_the_agreed_wording():
    assert suppression_note({"primary": 3, "secondary": 1}, SuppressionPolicy()) == (
        "3 figures are withheld because they count fewer than 5 children (shown as <5 or c); 1 more is "
        "withheld so the hidden ones cannot be worked out from the total. Meetings are public.")


def test_note_from_a_breakdown():
    parts = breakdown({"Chesil": 3, "Dorchester": 8, "East Dorset": 6, "West Dorset": 12})
    out = suppress_breakdown(parts, 29, Unit.count, SuppressionPolicy(), None)
    assert suppression_note(out, SuppressionPolicy()) == (
        "1 figure is withheld because it counts fewer than 5 children (shown as <5 or c); 1 more is "
        "withheld so the hidden ones cannot be worked out from the total. Meetings are public.")


def test_note_from_a_scorecard_mentions_hidden_movements_and_larger_groups():
    frame = pd.concat([one_row(id="a", value=8.0, previous_value=3.0),
                       one_row(id="b", **percent(6, 12, min_denominator=20)),
                       one_row(id="c", value=12.0, previous_value=10.0)], ignore_index=True)
    out = suppress_scorecard(frame, SuppressionPolicy(), LOCALITY)
    assert out["display_value"].tolist() == ["8", "c", "12"]
    assert suppression_note(out, SuppressionPolicy()) == (
        "1 figure is withheld because it counts fewer than 5 children or rests on a group too small to publish "
        "(shown as <5 or c); 1 movement from last month is hidden because last month's figure was withheld. "
        "Meetings are public.")


def test_note_at_threshold_ten():
    assert suppression_note({"primary": 1}, SuppressionPolicy(threshold=10)) == (
        "1 figure is withheld because it counts fewer than 10 children (shown as <10 or c). Meetings are public.")


def test_note_is_none_when_nothing_was_withheld():
    out = suppress_scorecard(one_row(value=12.0, previous_value=9.0), SuppressionPolicy(), LOCALITY)
    assert suppression_note(out, SuppressionPolicy()) is None
    assert suppression_note({"primary": 0, "secondary": 0}, SuppressionPolicy()) is None
