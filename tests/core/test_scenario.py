"""What-if scenarios: polarity-aware bulk changes, the RAG difference in words, files out and back in."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from core.exports.scenario_files import scenario_csv, write_scenario_workbook
from core.ingest.load import load_workbook
from core.ingest.scenario_file import read_scenario_file
from core.model import About, AmberBand, Dataset, Indicator
from core.model.scenario import CSV_COLUMNS, Scenario, merge_overrides, without_official
from core.rules.rag import effective_indicators
from core.views.public import public_scorecard
from core.views.scenario import bulk_adjust, describe_changes, rag_difference
from tests.core.engine_fixtures import monthly, observations

STABILITY = Indicator(id="plc_stability_pct", area="Placement", name="% in placement 2+ years", unit="percent",
                      good_is="high", target=80, amber_band=AmberBand(kind="absolute", value=5))
FOSTER = Indicator(id="plc_foster_pct", area="Placement", name="% in foster care", unit="percent", good_is="high",
                   target=60, amber_band=AmberBand(kind="absolute", value=5))
DISTANCE = Indicator(id="plc_distance_days", area="Placement", name="Days to match", unit="days", good_is="low",
                     target=100, amber_band=AmberBand(kind="relative", value=10))
UASC = Indicator(id="plc_uasc_count", area="Placement", name="UASC", unit="count", good_is="neutral", target=50)
NO_TARGET = Indicator(id="plc_moves_pct", area="Placement", name="% with 3+ moves", unit="percent", good_is="low")
BNB = Indicator(id="cl_bnb_count", area="Care Leavers", name="Care leavers in B&B", unit="count", good_is="low",
                target=0)
EET = Indicator(id="cl_eet_pct", area="Care Leavers", name="=EET formula-looking name", unit="percent",
                good_is="high", target=95)
ALL = (STABILITY, FOSTER, DISTANCE, UASC, NO_TARGET, BNB, EET)
LATEST = {"plc_stability_pct": 78.0, "plc_foster_pct": 62.0, "plc_distance_days": 105.0, "plc_uasc_count": 40.0,
          "plc_moves_pct": 9.0, "cl_bnb_count": 0.0, "cl_eet_pct": 96.0}


def _model() -> Dataset:
    rows = [row for ind_id, value in LATEST.items() for row in monthly(ind_id, "2023-02", [value, value])]
    # a locality where the foster figure stands on 3 children: withheld, so never rated either way
    small = observations(monthly("plc_foster_pct", "2023-03", [66.0], "North")).assign(numerator=2.0, denominator=3.0)
    frame = pd.concat([observations(rows), small], ignore_index=True)
    return Dataset(about=About(authority="Testshire", localities=["North"]),
                     indicators={ind.id: ind for ind in ALL}, observations=frame)


def _targets(model: Dataset) -> dict[str, float | None]:
    return {ind.id: ind.target for ind in model.indicators.values()}


# ---- bulk adjustment ----------------------------------------------------------------------------

def test_tighten_moves_each_target_the_better_way_for_its_polarity():
    adjusted = bulk_adjust(_model().indicator_frame(), "Placement", 10, "tighten")
    assert adjusted["target"].to_dict() == {"plc_stability_pct": 88.0, "plc_foster_pct": 66.0,
                                            "plc_distance_days": 90.0}
    assert adjusted["band_kind"].isna().all() and adjusted["band_value"].isna().all()  # bands are not touched


def test_loosen_moves_them_the_other_way():
    adjusted = bulk_adjust(_model().indicator_frame(), "Placement", 10, "loosen")
    assert adjusted["target"].to_dict() == {"plc_stability_pct": 72.0, "plc_foster_pct": 54.0,
                                            "plc_distance_days": 110.0}


def test_neutral_and_targetless_indicators_are_left_alone():
    adjusted = bulk_adjust(_model().indicator_frame(), "Placement", 10)
    assert "plc_uasc_count" not in adjusted.index  # neutral, even though it carries a target
    assert "plc_moves_pct" not in adjusted.index  # no target: nothing to move


def test_a_target_of_zero_stays_zero_and_percentages_stay_within_100():
    adjusted = bulk_adjust(_model().indicator_frame(), "Care Leavers", 10)
    assert "cl_bnb_count" not in adjusted.index  # 0 does not move, so it is not counted as moved
    assert adjusted.loc["cl_eet_pct", "target"] == 100.0  # 95 + 9.5 would be an impossible 104.5%


def test_targets_move_in_whole_children_and_days_and_a_small_one_still_moves():
    frame = pd.DataFrame({"area": "Profile", "good_is": ["low", "high", "low", "high"],
                          "unit": ["count", "days", "percent", "rate_per_10k"],
                          "target": [10.0, 115.0, 64.55, 60.0], "band_kind": None, "band_value": np.nan},
                         index=["a_count", "some_days", "a_percent", "a_rate"])
    tightened = bulk_adjust(frame, None, 5)["target"].to_dict()
    # 9.5 children is not a target: 9, the way it moves (nearest would give the 10 back); 120.75 days -> 121
    assert tightened == {"a_count": 9.0, "some_days": 121.0, "a_percent": 61.3, "a_rate": 63.0}
    assert bulk_adjust(frame, None, 10)["target"].to_dict()["a_count"] == 9.0  # exactly 9: no rounding needed


def test_every_area_when_none_is_chosen_and_no_negative_percentages():
    frame = _model().indicator_frame()
    assert set(bulk_adjust(frame, None, 5).index) == {"plc_stability_pct", "plc_foster_pct", "plc_distance_days",
                                                      "cl_eet_pct"}  # the 0 target of cl_bnb_count cannot move
    with pytest.raises(ValueError, match="tighten or loosen"):
        bulk_adjust(frame, None, -5)


def test_bulk_changes_compound_on_a_scenario_and_repeat_of_official_is_dropped():
    frame = _model().indicator_frame()
    first = bulk_adjust(frame, "Placement", 10)
    second = bulk_adjust(effective_indicators(frame, first), "Placement", 10)
    assert second.loc["plc_stability_pct", "target"] == pytest.approx(96.8)
    merged = merge_overrides(first, pd.DataFrame({"band_kind": ["relative"], "band_value": [20.0]},
                                                 index=["plc_stability_pct"]))
    assert merged.loc["plc_stability_pct"].tolist() == [88.0, "relative", 20.0]
    # bulk 'tighten 10%' of a 0 target repeats the official 0: not a change worth keeping
    assert "cl_bnb_count" not in without_official(bulk_adjust(frame, None, 10), frame).index


# ---- the difference in ratings -----------------------------------------------------------------

def test_rag_difference_counts_and_words():
    model = _model()
    overrides = bulk_adjust(model.indicator_frame(), "Placement", 10)
    counts, changed = rag_difference(model, "2023-03", overrides=overrides)
    assert counts == {("amber", "red"): 2, ("green", "amber"): 1}
    assert describe_changes(counts) == "2 indicators Amber -> Red, 1 Green -> Amber"
    row = changed.set_index("id").loc["plc_stability_pct"]
    assert (row["old_rag"], row["new_rag"]) == ("amber", "red")
    assert (row["official_target"], row["scenario_target"]) == (80.0, 88.0)
    assert row["old_reason"] == "Amber: 78.0% is 2.0 pp below the 80.0% target (amber band 5.0 pp)"
    assert row["new_reason"] == "Red: 78.0% is 10.0 pp below the 88.0% target (amber band 5.0 pp)"
    assert set(changed["id"]) == {"plc_stability_pct", "plc_foster_pct", "plc_distance_days"}


def test_loosening_a_band_is_a_change_too_and_no_change_says_so():
    model = _model()
    wider = pd.DataFrame({"band_kind": ["absolute"], "band_value": [15.0]}, index=["plc_stability_pct"])
    counts, changed = rag_difference(model, "2023-03", overrides=wider)
    assert counts == {} and changed.empty  # 78 against 80 was amber and stays amber
    assert describe_changes(counts) == "No rating changes"
    easier = pd.DataFrame({"target": [78.0]}, index=["plc_stability_pct"])
    counts, _ = rag_difference(model, "2023-03", overrides=easier)
    assert describe_changes(counts) == "1 indicator Amber -> Green"


def test_a_withheld_locality_figure_is_never_a_change():
    model = _model()
    harder = pd.DataFrame({"target": [90.0]}, index=["plc_foster_pct"])
    counts, changed = rag_difference(model, "2023-03", "North", harder)
    assert counts == {} and changed.empty
    assert public_scorecard(model, "2023-03", "North").set_index("id").loc["plc_foster_pct", "suppressed"]


def test_the_official_targets_are_never_overwritten():
    model = _model()
    before_targets, before_frame = _targets(model), model.indicator_frame()
    before_card = public_scorecard(model, "2023-03")
    overrides = bulk_adjust(model.indicator_frame(), None, 20)
    rag_difference(model, "2023-03", overrides=overrides)
    scenario_csv(model, Scenario(name="x", overrides=overrides))
    write_scenario_workbook(model, Scenario(name="x", overrides=overrides), io.BytesIO())
    assert _targets(model) == before_targets
    pd.testing.assert_frame_equal(model.indicator_frame(), before_frame)
    pd.testing.assert_frame_equal(public_scorecard(model, "2023-03"), before_card)


# ---- the scenario itself ------------------------------------------------------------------------

def test_scenario_validates_its_overrides_and_has_a_stable_key():
    overrides = pd.DataFrame({"target": [70.0]}, index=["plc_stability_pct"])
    one, same = Scenario(name="  Lower  stability ", overrides=overrides), Scenario(name="b", overrides=overrides)
    assert one.name == "Lower stability"
    assert one.key == same.key and len(one.key) == 16
    assert Scenario(name="c", overrides=overrides.assign(target=71.0)).key != one.key
    assert Scenario().is_empty and Scenario().key == ""
    with pytest.raises(ValueError, match="both a kind and a value"):
        Scenario(overrides=pd.DataFrame({"band_kind": ["absolute"]}, index=["plc_stability_pct"]))
    with pytest.raises(ValueError, match="unknown amber band kind"):
        Scenario(overrides=pd.DataFrame({"band_kind": ["wide"], "band_value": [3.0]}, index=["x"]))
    with pytest.raises(ValueError, match="cannot be negative"):
        Scenario(overrides=pd.DataFrame({"band_kind": ["absolute"], "band_value": [-1.0]}, index=["x"]))
    with pytest.raises(ValueError, match="a scenario needs a name"):
        Scenario(name="   ")


# ---- files -----------------------------------------------------------------------------------

SCENARIO_OVERRIDES = pd.DataFrame({"target": [75.0, np.nan, 0.0], "band_kind": [None, "intervention", None],
                                   "band_value": [np.nan, 120.0, np.nan]},
                                  index=["plc_stability_pct", "plc_distance_days", "cl_eet_pct"])


def test_csv_round_trip(tmp_path):
    model = _model()
    scenario = Scenario(name="Dental 80", overrides=SCENARIO_OVERRIDES, created_from="test")
    text = scenario_csv(model, scenario)
    table = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])
    assert list(table.columns) == CSV_COLUMNS
    assert table.set_index("id").loc["plc_stability_pct", ["official_target", "scenario_target"]].tolist() == [80, 75]
    assert table.set_index("id").loc["cl_eet_pct", "name"] == "'=EET formula-looking name"  # never a formula
    path = tmp_path / "dental_80.csv"
    path.write_text(text)
    back = read_scenario_file(path)
    assert back.name == "dental 80" and back.created_from == "dental_80.csv"
    pd.testing.assert_frame_equal(back.overrides, scenario.overrides)
    assert back.key == scenario.key


def test_a_csv_with_a_bad_row_says_which_file_and_why(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,name,official_target,scenario_target,band_kind,band_value\nx,X,1,2,sideways,3\n")
    with pytest.raises(ValueError, match=r"bad.csv: unknown amber band kind for x"):
        read_scenario_file(path)
    path.write_text("id,target\nx,2\n")
    with pytest.raises(ValueError, match="has no band_kind, band_value, scenario_target column"):
        read_scenario_file(path)


def test_workbook_round_trip_is_reuploadable_with_the_scenario_targets(tmp_path):
    model = _model()
    scenario = Scenario(name="Tighter", overrides=SCENARIO_OVERRIDES)
    path = tmp_path / "tighter.xlsx"
    write_scenario_workbook(model, scenario, path)
    loaded = load_workbook(path.read_bytes(), path.name)
    assert loaded.usable, [f.line() for f in loaded.report.findings]
    back = loaded.dataset
    assert back.indicators["plc_stability_pct"].target == 75.0
    assert back.indicators["cl_eet_pct"].target == 0.0  # a target of 0 is real and survives
    assert back.indicators["plc_distance_days"].target == 100.0  # band changed, target kept
    assert back.indicators["plc_distance_days"].amber_band == AmberBand(kind="intervention", value=120.0)
    untouched = back.indicators["plc_foster_pct"]
    assert (untouched.target, untouched.amber_band) == (60.0, AmberBand(kind="absolute", value=5))
    assert "Tighter" in back.about.notes
    columns = ["indicator_id", "locality", "period", "value", "numerator", "denominator"]
    pd.testing.assert_frame_equal(back.observations[columns], model.observations[columns])
    # the workbook's Indicators sheet reads back as the same scenario once official repeats are dropped
    from_book = read_scenario_file(path)
    pd.testing.assert_frame_equal(without_official(from_book.overrides, model.indicator_frame()),
                                  scenario.overrides)
    assert _targets(model)["plc_stability_pct"] == 80
