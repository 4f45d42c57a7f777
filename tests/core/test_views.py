"""Public views: the scorecard as pages and exports show it, with small numbers withheld."""

import pandas as pd

from core.model import WHOLE_AUTHORITY, About, Dataset, Indicator
from core.views.overview import (
    exceptions,
    going_well,
    headline_sentences,
    rag_counts_by_area,
)
from core.views.public import (
    indicator_history,
    locality_breakdown,
    public_scorecard,
    sparklines,
)
from core.views.suppression import SuppressionPolicy
from tests.core.engine_fixtures import monthly, observations

COUNT = Indicator(id="cic_count", area="Profile", name="No. of CIC", unit="count", good_is="low", target=420)
PCT = Indicator(id="cl_eet_pct", area="Care Leavers", name="% care leavers in EET", unit="percent",
                good_is="high", target=60, min_denominator=5)


def _model() -> Dataset:
    rows = (monthly("cic_count", "2023-01", [449, 444, 437])
            + monthly("cic_count", "2023-01", [300, 300, 300], "North")
            + monthly("cic_count", "2023-01", [149, 144, 3], "South")
            + monthly("cl_eet_pct", "2023-01", [59.0, 59.0, 58.0]))
    frame = observations(rows)
    # Care leavers in EET: North 2 of 4 (a group too small to show), South 30 of 50.
    north = pd.DataFrame(observations(monthly("cl_eet_pct", "2023-03", [50.0], "North")).assign(numerator=2.0,
                                                                                              denominator=4.0))
    south = pd.DataFrame(observations(monthly("cl_eet_pct", "2023-03", [60.0], "South")).assign(numerator=30.0,
                                                                                              denominator=50.0))
    frame = pd.concat([frame, north, south], ignore_index=True)
    return Dataset(about=About(authority="Testshire", localities=["North", "South"]),
                     indicators={"cic_count": COUNT, "cl_eet_pct": PCT}, observations=frame)


def _row(view: pd.DataFrame, indicator_id: str) -> pd.Series:
    return view.set_index("id").loc[indicator_id]


def test_whole_authority_view_shows_every_figure_and_rates_the_count():
    view = public_scorecard(_model(), "2023-03")
    count = _row(view, "cic_count")
    assert count["display_value"] == "437" and count["rag"] == "amber" and not count["suppressed"]
    assert "authority_display_value" not in view


def test_a_council_count_target_does_not_rate_a_locality():
    count = _row(public_scorecard(_model(), "2023-02", "North"), "cic_count")  # February: nothing withheld
    assert count["display_value"] == "300" and count["rag"] == "not_rated"
    assert count["rag_reason"] == "Not rated: the 420 target is for the whole authority, not one locality"
    assert count["direction"] == "same" and count["authority_display_value"] == "444"
    assert count["assurance"] == "not_applicable"


def test_small_locality_numbers_are_withheld_with_their_movement():
    view = public_scorecard(_model(), "2023-03", "South")
    count = _row(view, "cic_count")
    assert count["display_value"] == "c" and pd.isna(count["value"]) and count["direction"] == "not_comparable"
    assert count["rag_reason"] == "Not rated: withheld in public views (small numbers)"
    north = _row(public_scorecard(_model(), "2023-03", "North"), "cic_count")  # 437 - 3 would give it away
    assert north["display_value"] == "c" and pd.isna(north["value"]) and pd.isna(north["previous_value"])
    pct = _row(view, "cl_eet_pct")
    assert pct["display_value"] == "60.0%" and pct["rag"] == "green"
    north = _row(public_scorecard(_model(), "2023-03", "North"), "cl_eet_pct")
    assert north["display_value"] == "c" and north["rag"] == "not_rated"


def test_threshold_is_the_managers_choice():
    count = _row(public_scorecard(_model(), "2023-03", "South", SuppressionPolicy(threshold=2)), "cic_count")
    assert count["display_value"] == "3"


def test_sparklines_blank_withheld_points_in_locality_views():
    lines = sparklines(_model(), "2023-03", "South", months=3)
    assert lines["cic_count"] == [149.0, 144.0, None]
    assert sparklines(_model(), "2023-03", WHOLE_AUTHORITY, months=3)["cic_count"] == [449.0, 444.0, 437.0]


def test_locality_breakdown_hides_a_second_figure_so_the_first_cannot_be_worked_out():
    breakdown = locality_breakdown(_model(), "cic_count", "2023-03").set_index("locality")
    assert breakdown.loc["South", "display_value"] == "c"
    assert breakdown.loc["North", "suppressed"] and breakdown.loc["North", "suppression_reason"] == "secondary"
    assert breakdown.loc[WHOLE_AUTHORITY, "display_value"] == "437"


def test_indicator_history_keeps_provenance_and_withholds_small_months():
    history = indicator_history(_model(), "cic_count", "South", "2023-03")
    assert history["display_value"].tolist() == ["149", "144", "c"]
    assert history["suppressed"].tolist() == [False, False, True]


def test_headlines_say_the_movement_in_words():
    sentences = headline_sentences(public_scorecard(_model(), "2023-03"))
    assert sentences[0] == ("Children in care", "437", "437 children in care, down from 444 last month")
    assert sentences[1][2] == "58.0% of care leavers in education, employment or training, down from 59.0% last month"
    south = headline_sentences(public_scorecard(_model(), "2023-03", "South"))
    assert south[0][2] == "c children in care (withheld: small numbers)"


def test_exceptions_and_going_well():
    view = public_scorecard(_model(), "2023-03")
    assert exceptions(view)["id"].tolist() == ["cl_eet_pct"]  # amber and EET fell: getting worse
    assert going_well(view)["id"].tolist() == []  # 437 is amber; EET fell
    view.loc[view["id"] == "cic_count", "rag"] = "red"
    worries = exceptions(view).set_index("id")
    assert worries.index.tolist() == ["cl_eet_pct", "cic_count"]  # getting worse first
    assert worries.loc["cic_count", "why_listed"] == "Red, not getting worse"
    assert worries.loc["cic_count", "explanation"] == worries.loc["cic_count", "rag_reason"] + "."
    counts = rag_counts_by_area(public_scorecard(_model(), "2023-03"))
    assert counts.loc["Profile", "amber"] == 1 and counts.loc["Care Leavers", "amber"] == 1
    assert counts.index.tolist() == ["Profile", "Care Leavers"]
