"""Every page on the embedded sample: it renders, shows its own indicators, follows the filters, withholds small numbers."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from core.present.labels import MISSING_REASON_LABELS
from core.rules.spc import MIN_POINTS
from core.store import HistoryStore
from core.validation.catalogue import RULES
from tests.app.harness import (
    ALL_PAGES,
    AREA_PAGES,
    SUPPRESSION_NOTE,
    TITLES,
    figure,
    indicator_names,
    is_withheld,
    scorecard_rows,
    shown_text,
    sidebar_labels,
    texts,
    title,
    visit,
)
from ui.charts import HEATMAP_LINE_SPACING, month_ticks, rag_history_figure
from ui.literal import literal


def history_marks() -> pd.DataFrame:
    """The marks the app kept, read from the test's own history store (tests/app/conftest.py)."""
    return HistoryStore.open().process_changes()


def plotly_figure(at, index: int) -> dict:  # noqa: ANN001 - an AppTest
    """The Plotly figure of the page's index-th chart, as the browser receives it."""
    return json.loads(at.get("plotly_chart")[index].proto.spec)


CIC_COUNT = "No. of CIC at end of month"  # Profile, on the Children in care page: 437 in March 2023
# One indicator each page must show, and one from another page it must not.
OWN_AND_FOREIGN = {
    "children_in_care": ("% CIC in care 12 months or more who have had a dental check within 12 months",
                         "% Care Leavers who are in Employment Education or Training (Active aged 19-21)"),
    "care_leavers": ("% Care Leavers who are in Employment Education or Training (Active aged 19-21)", CIC_COUNT),
    "education": ("Average Attendance % for CIC of school age (Academic year to date)", CIC_COUNT),
    "adoption": ("Children adopted in last 12 months", CIC_COUNT),
    "fostering": ("No. of Foster carers at end of month", CIC_COUNT),
    "safeguarding": ("No. of formal IRO escalations", CIC_COUNT),
}


def test_the_pages_the_scorecard_needs_are_all_there():
    assert set(TITLES) <= set(ALL_PAGES)


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_renders_inside_the_app_with_its_sidebar(open_app, page):
    at = open_app(page)
    assert title(at) == TITLES.get(page, title(at)) != ""
    assert sidebar_labels(at) == ["Month", "Locality"]
    assert "Embedded sample" in " ".join(texts(at.sidebar.caption))


@pytest.mark.parametrize("page", AREA_PAGES)
def test_area_page_shows_its_own_indicators_and_no_others(open_app, page):
    at = open_app(page)
    own, foreign = OWN_AND_FOREIGN[page]
    names = indicator_names(at)
    assert own in names
    assert foreign not in names
    rows = scorecard_rows(at)
    assert rows["Latest"].ne("").all() and rows["RAG"].ne("").all()


def test_children_in_care_page_reads_the_published_march_figure(open_app):
    at = open_app("children_in_care")
    assert figure(at, CIC_COUNT) == "437"
    assert figure(at, CIC_COUNT, "Last month") == "444"
    assert figure(at, CIC_COUNT, "Target") == "420"
    assert CIC_COUNT in indicator_names(at)
    assert not any(name.startswith("% Care Leavers") for name in indicator_names(at))


def test_choosing_a_locality_in_the_sidebar_changes_the_figures(open_app):
    at = open_app("children_in_care")
    assert figure(at, CIC_COUNT) == "437"
    at.sidebar.selectbox(key="f_locality").set_value("Purbeck").run()
    assert not at.exception
    assert figure(at, CIC_COUNT) not in ("437", "")
    assert figure(at, CIC_COUNT, "Whole authority") == "437"  # the council-wide figure alongside
    assert figure(at, CIC_COUNT, "Target") == "420 (council)"  # not Purbeck's own target
    assert "Purbeck" in at.main.caption[0].value
    assert at.query_params["locality"] == "Purbeck"


def test_locality_in_the_url_is_applied_on_arrival(open_app):
    purbeck = figure(open_app("children_in_care", locality="Purbeck"), CIC_COUNT)
    whole = figure(open_app("children_in_care"), CIC_COUNT)
    assert whole == "437"
    assert purbeck not in ("437", "") and int(purbeck) < 437


def test_month_in_the_url_is_applied_on_arrival(open_app):
    at = open_app("children_in_care", month="2023-02")
    assert at.sidebar.selectbox(key="f_month").value == "2023-02"
    assert figure(at, CIC_COUNT) == "444"


def test_locality_view_withholds_small_numbers_and_says_so(open_app):
    at = open_app("children_in_care", locality="Purbeck")
    rows = scorecard_rows(at)
    assert rows["Latest"].map(is_withheld).any(), rows[["Indicator", "Latest"]]
    withheld = rows[rows["Latest"].map(is_withheld)]
    assert withheld["RAG"].str.contains("Not rated").all()  # a withheld figure is not rated
    assert any(SUPPRESSION_NOTE in text for text in texts(at.info))


def test_a_viewer_can_raise_the_threshold_by_url_but_never_lower_it(open_app):
    def withheld(**query: str) -> set[str]:
        rows = scorecard_rows(open_app("children_in_care", locality="Purbeck", **query))
        return set(rows.loc[rows["Latest"].map(is_withheld), "Indicator"])

    default = withheld()
    # raised, it withholds more, and never shows a figure the deployment's threshold withholds (side by side, the
    # two views would give a small number away by subtraction)
    assert withheld(threshold="10") > default
    assert withheld(threshold="1") == default  # ?threshold=1 does not switch suppression off
    at = open_app("children_in_care", locality="Purbeck", threshold="2")
    assert at.sidebar.number_input(key="f_threshold").value == 5 and at.query_params["threshold"] == "5"


@pytest.mark.parametrize("page", AREA_PAGES)
def test_whole_authority_view_withholds_its_own_small_counts_too(open_app, page):
    at = open_app(page)
    rows = scorecard_rows(at)
    withheld = rows[rows["Latest"].map(is_withheld)]
    assert withheld["RAG"].str.contains("Not rated").all()
    assert (len(withheld) > 0) == any(SUPPRESSION_NOTE in text for text in texts(at.info))


def test_whole_authority_view_shows_the_last_12_months(open_app):
    """Each row's sparkline ends at the chosen month: cic_count ran 447, 456, 460, 449, 444, 437 Oct-Mar."""
    at = open_app("children_in_care")
    rows = scorecard_rows(at).set_index("Indicator")
    line = rows.loc[CIC_COUNT, "Last 12 months"]
    assert line[-6:] == "▄▇█▅▃▁", line  # 447 456 460 449 444 437 on a scale from 437 (▁) to 460 (█)


def test_presenter_mode_from_the_url_on_every_page(open_app):
    at = open_app(presenter="1")
    assert at.sidebar.toggle(key="f_presenter").value is True
    for page in ALL_PAGES:
        visit(at, page)
        assert at.query_params["presenter"] == "1"
    visit(at, "children_in_care")
    assert CIC_COUNT in indicator_names(at)


def test_indicator_page_from_a_shared_link(open_app):
    at = open_app("indicator", id="hew_dental_pct", locality="Purbeck")
    assert at.header[0].value.startswith(literal("% CIC in care 12 months or more who have had a dental check"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rating"].endswith("Red")
    assert metrics["Mar 2023"] not in ("56.7%", "")  # Purbeck, not the whole authority's 56.7%
    assert at.query_params["id"] == "hew_dental_pct"
    compared = [t.value for t in at.table if t.value.index.name == "Locality"]
    assert compared and "Purbeck" in compared[0].index.tolist()


def test_indicator_page_withholds_a_small_count(open_app):
    at = open_app("indicator", id="cic_ceased", locality="Purbeck")
    metrics = {m.label: m.value for m in at.metric}
    assert is_withheld(metrics["Mar 2023"])
    assert metrics["Rating"].endswith("Not rated")


def test_indicator_page_for_the_whole_authority(open_app):
    at = open_app("indicator", id="cic_count")
    assert at.header[0].value == literal(CIC_COUNT)  # shown literally: Markdown-escaped
    assert {m.label: m.value for m in at.metric}["Mar 2023"] == "437"


def test_indicator_values_table_says_why_a_figure_is_blank_and_never_none(open_app):
    at = open_app("indicator", id="adopt_adopted_12m")  # not in the published pack: blank, with a note
    table = _table_with(at, "Why blank")
    assert not table.isna().any().any()
    assert not table.isin(["None", "<NA>", "nan"]).any().any()
    assert set(table["Why blank"]) <= {"", *MISSING_REASON_LABELS.values()} and (table["Why blank"] != "").any()
    assert "Not available: not in the published pack" in table["Note"].tolist()


def test_a_short_trend_labels_each_month_once(open_app):
    at = open_app("indicator", id="cic_count")  # six months in the sample, and the outlook on to March
    chart = plotly_figure(at, 0)
    shown = pd.to_datetime(pd.Series([x for trace in chart["data"] for x in trace["x"] if x is not None]),
                           format="ISO8601")
    axis = chart["layout"]["xaxis"]
    assert (axis["dtick"], axis["tickformat"]) == (month_ticks(shown)["dtick"], "%b %y")
    assert pd.Timestamp(axis["tick0"]) == shown.min() and axis["dtick"] in ("M1", "M2")  # whole months apart


@pytest.mark.parametrize(("months", "step"), [(3, "M1"), (12, "M1"), (13, "M2"), (36, "M3"), (73, "M12"),
                                               (300, "M36")])
def test_month_ticks_never_fall_inside_a_month_and_stay_few(months, step):
    series = pd.Series(pd.period_range("2023-01", periods=months, freq="M").to_timestamp())
    ticks = month_ticks(series)
    assert ticks["dtick"] == step and ticks["tickformat"] == "%b %y" and ticks["tick0"] == series.iloc[0]


def test_overview_links_each_exception_to_its_indicator(open_app):
    at = open_app("overview")
    links = [link for link in at.page_link if link.proto.page.endswith("pages/indicator.py")
             or link.proto.page == "indicator"]
    assert links, texts(at.page_link)
    dental = [link for link in links if "dental check" in link.value]
    assert dental and dental[0].value.startswith("■ Red")
    query = dental[0].proto.query_string
    assert "id=hew_dental_pct" in query
    at.query_params["id"] = "hew_dental_pct"  # follow the link: the indicator page reads its id from the URL
    visit(at, "indicator")
    assert "dental check" in shown_text(at.header[0].value)


def _table_with(at, column: str):
    """The first table (a grid, or a plain st.table with its index as a column) that has `column`."""
    frames = [frame.value for frame in at.dataframe] + [  # st.table cells are Markdown source: read as shown
        table.value.reset_index().map(lambda cell: shown_text(cell) if isinstance(cell, str) else cell)
        for table in at.table]
    return next(frame for frame in frames if column in frame.columns)


def test_definitions_lists_every_indicator_and_filters_by_area(open_app):
    at = open_app("definitions")
    dictionary = _table_with(at, "Indicator")
    assert len(dictionary) > 80 and CIC_COUNT in dictionary["Indicator"].tolist()
    at.selectbox(key="dict_area").set_value("Care Leavers").run()
    assert not at.exception
    assert set(_table_with(at, "Indicator")["Area"]) == {"Care Leavers"}


def test_a_manager_marks_a_process_change_and_the_chart_breaks_there(open_app):
    at = open_app("indicator", id="cic_rate")
    at.selectbox(key="pc_month_cic_rate").set_value(pd.Period("2022-10", freq="M"))
    at.text_input(key="pc_reason_cic_rate").input("New definition of the rate")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    assert history_marks()[["indicator_id", "reason"]].values.tolist() == [["cic_rate", "New definition of the rate"]]
    chart = plotly_figure(at, 0)
    mean = next(trace for trace in chart["data"] if trace["name"] == "SPC mean")
    assert None in mean["x"]  # the mean line is broken at the marked month
    assert any("Process change: New definition of the rate" in a["text"] for a in chart["layout"]["annotations"])
    assert any("Trial limits: 6 of the 13 points SPC needs since October 2022" in c for c in texts(at.caption))


def test_a_process_change_needs_a_reason(open_app):
    at = open_app("indicator", id="cic_rate")
    at.button[0].click().run()
    assert "Give a reason" in at.error[0].value
    assert history_marks().empty


def test_definitions_reads_the_spc_method_from_core(open_app):
    at = open_app("definitions")
    shown = " ".join(m.value for m in at.markdown)
    assert "2.66" in shown and f"at least {MIN_POINTS} points" in shown
    assert "**A shift:** 6 or more" in shown and "7 is the older convention" in shown
    assert "shown as an improvement" in shown and "including exactly on a limit" in shown
    assert any("SPC charts XmR testing" in c for c in texts(at.caption))


def test_definitions_shows_every_validation_rule_and_finds_one_from_its_message(open_app):
    at = open_app("definitions")
    rules = _table_with(at, "What happens to the data")
    assert list(rules.columns) == ["Rule", "Level", "What happens to the data", "Message"]
    assert len(rules) == len(RULES) and set(rules["Level"]) == {"Error", "Warning", "Note"}
    assert not set(rules["Rule"]) & set(RULES)  # titles, never internal codes
    at.text_input(key="rule_search").input("'twelve' is not a number; this row was not loaded.").run()
    assert not at.exception
    found = _table_with(at, "What happens to the data")
    assert found.to_dict("records") == [{"Rule": "Value not understood", "Level": "Warning",
                                         "What happens to the data": "The row is not loaded.",
                                         "Message": "…; this row was not loaded."}]
    at.text_input(key="rule_search").input("no such words anywhere").run()
    assert _table_with(at, "What happens to the data").empty
    assert "No rule matches that search." in texts(at.markdown)


@pytest.mark.parametrize("large", [False, True])
def test_the_ratings_grid_gives_a_long_name_room_for_all_its_lines(large):
    long_name = ("% of CIC for 2.5 years or more, aged under 16 who have been in their placement for 2 or more "
                 "years and whose placement was agreed in writing")
    history = pd.DataFrame({"id": ["short", "long", "next"], "name": ["No. of CIC", long_name, "% CIC placed"],
                            "period": pd.period_range("2023-03", periods=1, freq="M").repeat(3),
                            "rag": ["red", "green", "amber"]})
    figure = rag_history_figure(history, large=large)
    axis, font = figure["layout"]["yaxis"], figure["layout"]["font"]["size"]
    lines = [label.count("<br>") + 1 for label in axis["ticktext"]]
    assert lines[1] >= 3 and axis["ticktext"][1].replace("<br>", " ") == long_name  # wrapped, in full
    centres = axis["tickvals"]
    for above, below in zip(range(len(centres) - 1), range(1, len(centres))):  # one axis unit is one pixel
        needed = (lines[above] + lines[below]) / 2 * font * HEATMAP_LINE_SPACING
        assert centres[below] - centres[above] >= needed
    mark_of = {point[0]: y for trace in figure["data"] for point, y in zip(trace["customdata"], trace["y"])}
    assert {point[1] for trace in figure["data"] for point in trace["customdata"]} == {"2023-03"}  # and its month
    assert [mark_of[i] for i in ("short", "long", "next")] == centres  # each mark on its own name's line
    margin = figure["layout"]["margin"]
    assert figure["layout"]["height"] == axis["range"][0] + margin["t"] + margin["b"]


def test_a_withheld_month_on_the_trend_chart_says_withheld_not_no_data(open_app):
    at = open_app("indicator", id="adopt_adopted_12m", locality="Purbeck")  # 2 children in March 2023
    line = plotly_figure(at, 0)["data"][0]
    hover = dict(zip(line["x"], line["hovertext"]))
    march = next(text for when, text in hover.items() if str(when).startswith("2023-03"))
    assert march == "withheld (small numbers)"


def test_the_trend_axis_names_the_unit_in_words_and_a_count_starts_at_zero(open_app):
    from core.present.labels import unit_words

    chart = plotly_figure(open_app("indicator", id="cic_rate"), 0)
    assert chart["layout"]["yaxis"]["title"]["text"] == unit_words("rate_per_10k") != "rate_per_10k"
    counts = plotly_figure(open_app("indicator", id="adopt_po_revocations_12m", locality="Purbeck"), 0)
    assert counts["layout"]["yaxis"]["rangemode"] == "nonnegative"


def test_a_localitys_count_chart_draws_no_council_target_line(open_app):
    def target_lines(at) -> list:  # noqa: ANN001 - an AppTest
        return [shape for shape in plotly_figure(at, 0)["layout"].get("shapes", [])
                if shape.get("line", {}).get("color") == "#d4351c"]

    assert target_lines(open_app("indicator", id="cic_count"))  # the whole authority's 420
    assert not target_lines(open_app("indicator", id="cic_count", locality="Purbeck"))  # not beside Purbeck's 39
