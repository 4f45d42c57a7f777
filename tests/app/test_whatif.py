"""The What-if page: edit a target (grid or bulk), see the RAG difference, apply it everywhere, return, reset."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.app.harness import figure, texts, visit

DENTAL = "% CIC in care 12 months or more who have had a dental check within 12 months"  # 56.7% v 85%: red
STABILITY = ("% of CIC for 2.5 years or more, aged under 16 who have been in their placement for 2 or more years")
BANNER = "What-if scenario '{}' is active: ratings use scenario targets, not the official ones"
RED, AMBER = "■ Red", "▲ Amber"


def edit_grid(at, indicator: str, **cells: object):
    """Type into the grid: AppTest seeds a keyed data_editor's edit state, as the browser would send it."""
    editor = at.data_editor[0]
    rows = editor.value["Indicator"].tolist()
    at.session_state[editor.key] = {"edited_rows": {rows.index(indicator): cells}, "added_rows": [],
                                    "deleted_rows": []}
    at.run()
    assert not at.exception, at.exception[0].value
    return at


def summary(at) -> str:
    lines = [t for t in texts(at.info) + texts(at.success) if "->" in t or "No rating changes" in t]
    assert len(lines) == 1, lines
    return lines[0].strip("*")


def changes(at) -> pd.DataFrame:
    tables = [d.value for d in at.main.dataframe if "Why (scenario)" in d.value.columns]
    assert len(tables) == 1
    return tables[0].set_index("Indicator")


def grid_row(at, indicator: str) -> pd.Series:
    return at.data_editor[0].value.set_index("Indicator").loc[indicator]


def banners(at) -> list[str]:
    return [t for t in texts(at.warning) if "What-if scenario" in t]


def dental_scenario(open_app, name: str | None = None):
    at = open_app("whatif")
    if name:
        at.text_input(key="whatif_name").set_value(name).run()
    return edit_grid(at, DENTAL, **{"Target": 60.0, "Amber band": "Width in the unit", "Band value": 5.0})


def test_editing_a_target_shows_the_difference_at_once_and_changes_nothing_else(open_app):
    at = open_app("whatif")
    assert summary(at) == "No rating changes"
    edit_grid(at, DENTAL, **{"Target": 60.0, "Amber band": "Width in the unit", "Band value": 5.0})
    assert summary(at) == "1 indicator Red -> Amber"
    row = changes(at).loc[DENTAL]
    assert (row["Was"], row["Now"]) == (RED, AMBER)
    assert (row["Official target"], row["Scenario target"]) == ("85.0%", "60.0%")
    assert row["Why (official)"].startswith("Red: 56.7% is 28.3 pp below the 85.0% target")
    assert row["Why (scenario)"] == "Amber: 56.7% is 3.3 pp below the 60.0% target (amber band 5.0 pp)"
    assert grid_row(at, DENTAL)["Official target"] == 85.0  # the official target is shown, untouched
    assert not banners(at)  # a draft is not applied until asked
    visit(at, "children_in_care")
    assert figure(at, DENTAL, "RAG") == RED and not banners(at)


def test_a_bulk_tightening_respects_polarity_and_shows_the_difference(open_app):
    at = open_app("whatif")
    at.selectbox(key="bulk_area").set_value("Placement")
    at.radio(key="bulk_direction").set_value("tighten")
    at.number_input(key="bulk_percent").set_value(5.0)
    at.button(key="bulk_apply").click().run()
    assert not at.exception
    assert summary(at) == "1 indicator Green -> Amber, 1 Amber -> Red"
    assert grid_row(at, STABILITY)["Target"] == pytest.approx(73.5)  # high is good: up from 70
    assert grid_row(at, "% CIC placed outside Dorset")["Target"] == pytest.approx(28.5)  # low is good: down from 30
    assert grid_row(at, DENTAL)["Target"] == 85.0  # another area: untouched
    assert set(changes(at).index) == {STABILITY, "% CIC living in foster placement"}
    assert any("Tightened 6 targets in Placement by 5%" in t for t in texts(at.caption))


def test_a_negative_band_is_refused_and_the_difference_ignores_it(open_app):
    at = edit_grid(open_app("whatif"), DENTAL, **{"Amber band": "Width in the unit", "Band value": -5.0})
    assert any("cannot be negative" in t for t in texts(at.error))
    assert summary(at) == "No rating changes"


def test_applied_scenario_rates_every_page_under_a_banner_and_one_click_returns(open_app):
    at = dental_scenario(open_app, "Dental 60")
    at.button(key="whatif_apply").click().run()
    assert banners(at) == [f"**{BANNER.format('Dental 60')}.**"]
    visit(at, "children_in_care")
    assert banners(at) == [f"**{BANNER.format('Dental 60')}.**"]
    assert figure(at, DENTAL, "RAG") == AMBER and figure(at, DENTAL, "Target") == "60.0%"
    visit(at, "overview")
    assert banners(at)
    at.button(key="return_to_official").click().run()
    assert not banners(at)
    visit(at, "children_in_care")
    assert figure(at, DENTAL, "RAG") == RED and figure(at, DENTAL, "Target") == "85.0%" and not banners(at)
    visit(at, "whatif")  # the draft is kept, ready to apply again
    assert summary(at) == "1 indicator Red -> Amber" and at.text_input(key="whatif_name").value == "Dental 60"


def test_reset_empties_the_draft_and_returns_every_page_to_official(open_app):
    at = dental_scenario(open_app, "Dental 60")
    at.button(key="whatif_apply").click().run()
    at.button(key="whatif_reset").click().run()
    assert not at.exception
    assert summary(at) == "No rating changes" and not banners(at)
    assert at.text_input(key="whatif_name").value == "What-if"
    assert grid_row(at, DENTAL)["Target"] == 85.0
    visit(at, "children_in_care")
    assert figure(at, DENTAL, "RAG") == RED and not banners(at)


def test_the_draft_survives_leaving_the_page(open_app):
    at = dental_scenario(open_app, "Dental 60")
    visit(at, "overview")
    visit(at, "whatif")
    assert at.text_input(key="whatif_name").value == "Dental 60"
    assert grid_row(at, DENTAL)["Target"] == 60.0
    assert summary(at) == "1 indicator Red -> Amber"


def test_a_saved_scenario_csv_opens_as_the_draft(open_app):
    at = open_app("whatif")
    csv = (f"id,name,official_target,scenario_target,band_kind,band_value\n"
           f"hew_dental_pct,{DENTAL},85,60,absolute,5\n").encode()
    at.file_uploader(key="whatif_open").set_value(("dental_60.csv", csv, "text/csv")).run()
    assert not at.exception, at.exception[0].value
    assert at.text_input(key="whatif_name").value == "dental 60"
    assert grid_row(at, DENTAL)[["Target", "Amber band", "Band value"]].tolist() == [60.0, "Width in the unit", 5.0]
    assert summary(at) == "1 indicator Red -> Amber"
    at.file_uploader(key="whatif_open").set_value(("bad.csv", b"id,target\nx,1\n", "text/csv")).run()
    assert any("could not be used" in t and "scenario_target" in t for t in texts(at.error))
    assert summary(at) == "1 indicator Red -> Amber"  # a bad file leaves the draft as it was
