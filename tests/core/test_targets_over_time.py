"""Targets that change over time: a Targets sheet, the RAG of each month against what was in force then,
what-if on top, and history that keeps what was published."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from core.ingest.load import load_workbook
from core.model import About, conform_targets
from core.rules.rag import rate
from core.store import HistoryStore, replay_dataset
from core.template.from_dataset import write_model_template
from core.validation.catalogue import RULES
from core.views.scorecard import build_scorecard
from tests.core.template_fixtures import edit_cells, template_bytes

DENTAL = "hew_dental_pct"  # target 85, absolute amber band 5 pp, high is good (tests/core/template_fixtures.py)
VALUES = [{"indicator_id": DENTAL, "month": month, "value": value}
          for month, value in (("2023-01", 55.0), ("2023-02", 58.0), ("2023-03", 62.0))]
# From February the target is 60: January keeps its 85 (and its red); February is amber, March green.
MID_YEAR = conform_targets(pd.DataFrame({
    "indicator_id": [DENTAL], "from_period": pd.PeriodIndex(["2023-02"], freq="M"), "target": [60.0],
}))


def _load(data: bytes):  # noqa: ANN202 - a Dataset
    result = load_workbook(data, "targets.xlsx")
    assert result.usable, result.report.text()
    return result


def _rag(model, month: str, overrides: pd.DataFrame | None = None) -> tuple[str, float, str]:  # noqa: ANN001
    card = build_scorecard(model, month=month, overrides=overrides).set_index("id").loc[DENTAL]
    return str(card["rag"]), float(card["target"]), str(card["rag_reason"])


WITH_TARGETS = template_bytes(VALUES, about=About(authority="Testshire", month_ending=date(2023, 3, 31)),
                              targets=MID_YEAR)


def test_a_target_changed_mid_year_leaves_earlier_months_their_rag():
    model = _load(WITH_TARGETS).dataset
    assert model.targets[["indicator_id", "target"]].values.tolist() == [[DENTAL, 60.0]]
    assert str(model.targets.at[0, "from_period"]) == "2023-02" and model.targets.at[0, "cell"] == "C2"
    assert _rag(model, "2023-01")[:2] == ("red", 85.0)
    assert _rag(model, "2023-02")[:2] == ("amber", 60.0)
    assert _rag(model, "2023-03")[:2] == ("green", 60.0)
    # the whole table at once (as the what-if page and the checks rate it): each row against its own month
    rated = rate(model.observations, model.indicator_frame(), targets=model.targets)
    assert rated.set_index("period")["rag"].astype(str).to_dict() == {
        pd.Period("2023-01", "M"): "red", pd.Period("2023-02", "M"): "amber", pd.Period("2023-03", "M"): "green"}


def test_without_a_targets_sheet_every_month_has_the_indicator_target():
    model = _load(template_bytes(VALUES)).dataset
    assert model.targets.empty
    assert [_rag(model, month)[:2] for month in ("2023-01", "2023-02", "2023-03")] == [("red", 85.0)] * 3


def test_what_if_applies_on_top_of_the_target_in_force():
    model = _load(WITH_TARGETS).dataset
    overrides = pd.DataFrame({"target": [50.0]}, index=pd.Index([DENTAL], name="id"))
    assert _rag(model, "2023-01", overrides)[:2] == ("green", 50.0)
    assert _rag(model, "2023-02", overrides)[:2] == ("green", 50.0)
    rated = rate(model.observations, model.indicator_frame(), overrides, targets=model.targets)
    assert set(rated["rag"].astype(str)) == {"green"}


def test_history_and_replay_keep_the_targets_as_published(tmp_path):
    store = HistoryStore.open(f"sqlite:///{tmp_path / 'history.sqlite'}")
    first = store.add_upload(WITH_TARGETS, "march.xlsx", _load(WITH_TARGETS)).upload
    store.publish(first.id)
    # A later edition without the Targets sheet, a new target on the Indicators sheet
    april = template_bytes([*VALUES, {"indicator_id": DENTAL, "month": "2023-04", "value": 70.0}],
                           about=About(authority="Testshire", month_ending=date(2023, 4, 30)))
    store.publish(store.add_upload(april, "april.xlsx", _load(april)).upload.id)
    replayed = replay_dataset(store, first.id)
    pd.testing.assert_frame_equal(replayed.targets, _load(WITH_TARGETS).dataset.targets)
    assert _rag(replayed, "2023-01")[:2] == ("red", 85.0) and _rag(replayed, "2023-02")[:2] == ("amber", 60.0)
    store.dispose()


def test_the_template_writes_the_targets_it_reads():
    model = _load(WITH_TARGETS).dataset
    buffer = io.BytesIO()
    write_model_template(model, buffer)
    again = _load(buffer.getvalue()).dataset
    pd.testing.assert_frame_equal(again.targets, model.targets)


def test_a_target_in_words_is_kept_shown_and_not_rated():
    words = edit_cells(WITH_TARGETS, "Targets", {"C2": "decrease from Q1"})
    result = _load(words)
    model = result.dataset
    assert model.targets.at[0, "target_text"] == "decrease from Q1"
    rag, _, reason = _rag(model, "2023-02")
    assert rag == "not_rated" and reason == "Not rated: the target is in words ('decrease from Q1')"
    found = [f for f in result.report.findings if f.code == "targets_in_words"]
    assert [(f.cell, f.message) for f in found] == [("C2", RULES["targets_in_words"].message.format(
        indicator=DENTAL, month="Feb 2023", text="decrease from Q1"))]


@pytest.mark.parametrize(("edits", "code", "cell", "values"), [
    ({"A2": "no_such"}, "targets_unknown_indicator", "A2", {"indicator": "no_such"}),
    ({"B2": "someday"}, "targets_bad_month", "B2", {"text": "someday"}),
    ({"A3": DENTAL, "B3": "2023-02", "C3": 61}, "targets_duplicate", "B3",
     {"indicator": DENTAL, "month": "Feb 2023", "first": 2}),
    ({"D2": "relative", "E2": -5}, "targets_bad_band", "D2",
     {"indicator": DENTAL, "month": "Feb 2023", "why": "cannot be negative"}),
])
def test_each_targets_finding_names_its_cell(edits, code, cell, values):
    result = load_workbook(edit_cells(WITH_TARGETS, "Targets", edits), "broken.xlsx")
    found = [f for f in result.report.findings if f.code == code]
    assert [(f.sheet, f.cell, f.message) for f in found] == [("Targets", cell, RULES[code].message.format(**values))]
    targets = result.report.row_counts[-1]
    assert targets.sheet == "Targets" and targets.read == targets.used + targets.reported


def test_a_target_column_for_each_year_applies_to_that_years_months():
    """'Target 22/23' and 'Target 23/24' side by side: each year's months are rated against their own year's
    target (every month had been rated against whichever came first, and the other reported as not used). One
    such column alone stays the indicator's target."""
    from tests.core.validation.firing import workbook

    cic = "No. of CIC at end of month"
    header = ["Indicator", "Good Is", "Target 23/24", "Target 22/23", "Feb-23", "Mar-23", "Apr-23", "May-23"]
    model = _load(workbook({"Scorecard": [header, [cic, "Low", 420, 460, 440, 437, 436, 445]]})).dataset
    card = {month: build_scorecard(model, month=month).set_index("id").loc["cic_count"] for month in ("2023-03", "2023-05")}
    assert (card["2023-03"]["target"], str(card["2023-03"]["rag"])) == (460.0, "green")  # 437 under 22/23's 460
    assert (card["2023-05"]["target"], str(card["2023-05"]["rag"])) == (420.0, "amber")  # 445 over 23/24's 420
    single = _load(workbook({"Scorecard": [["Indicator", "Good Is", "Target 22/23", "Feb-23", "Mar-23"],
                                           [cic, "Low", 460, 440, 437]]})).dataset
    assert single.indicators["cic_count"].target == 460.0 and single.targets.empty


def test_yearly_targets_written_with_four_digit_years_and_yearly_intervention_levels():
    from tests.core.validation.firing import workbook

    cic = "No. of CIC at end of month"
    header = ["Indicator", "Good Is", "Target 2022/23", "Target 2023/24", "Intervention 2022/23",
              "Intervention 2023/24", "Feb-23", "Mar-23", "Apr-23", "May-23"]
    model = _load(workbook({"Scorecard": [header, [cic, "Low", 460, 420, 480, 430, 440, 437, 436, 445]]})).dataset
    march = build_scorecard(model, month="2023-03").set_index("id").loc["cic_count"]
    may = build_scorecard(model, month="2023-05").set_index("id").loc["cic_count"]
    assert (march["target"], str(march["rag"])) == (460.0, "green")
    assert (may["target"], str(may["rag"])) == (420.0, "red")  # 445 beyond 2023/24's intervention level of 430
