"""Issue 11 item 6 on screen and in packs: a provisional figure says so beside it, and a target printed in
words is shown as printed (with the figure it was read as, or the reason it is not rated)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from openpyxl import load_workbook as open_xlsx

from core.exports import build_export
from core.exports.pack import build_pack, display_table
from core.ingest.load import load_workbook
from core.model import WHOLE_AUTHORITY
from core.present.format import format_target, format_targets, mark_provisional
from core.views.public import locality_breakdown, public_scorecard
from core.views.suppression import SuppressionPolicy
from tests.core.template_fixtures import template_bytes
from tests.fixtures import build_council_fixtures as fx
from tests.fixtures.build_wide_fixtures import workbook_bytes

QUARTERLY = load_workbook(fx.quarterly_layout().bytes(), "q2.xlsx").dataset


def _row(table: pd.DataFrame, name: str) -> pd.Series:
    return table.set_index("Indicator").loc[name]


def test_a_provisional_figure_and_a_target_in_words_on_the_area_table():
    table = display_table(public_scorecard(QUARTERLY, "2022-09"), locality_view=False)
    assert _row(table, fx.RE_REFERRALS)["Latest"] == "25.4% (provisional)"  # '25.4% (Provisional)' as printed
    assert _row(table, fx.PLACEMENTS_3)["Latest"] == "15.0%"  # '15% (14% Oct)': a note, not provisional
    assert _row(table, fx.CLA_NUMBER)["Target"] == "decrease from Q1 (449)"  # the words, and the Q1 figure
    assert _row(table, fx.KS2_RWM)["Target"] == "improve"  # never 'none'
    assert "none" not in set(table.loc[table["Indicator"].isin([fx.CLA_NUMBER, fx.KS2_RWM]), "Target"])


def test_a_target_in_words_that_names_no_period_is_shown_and_says_why_it_is_not_rated():
    sheet = [["Scorecard Q2 2022/23"],
             ["Measure", "Q1 Target 2022/23", "Q1 Outturn 2022/23", "Q2 Target 2022/23", "Q2 Outturn 2022/23"],
             [fx.KS2_RWM, "improve", "58%", "improve", "61%"]]
    model = load_workbook(workbook_bytes({"Q2 Scorecard": sheet}), "words.xlsx").dataset
    row = _row(display_table(public_scorecard(model, "2022-09"), locality_view=False), fx.KS2_RWM)
    assert row["Target"] == "improve"
    assert row["RAG"] == "○ Not rated"
    assert row["Why this rating"] == "Not rated: the target is in words ('improve')"


def test_the_packs_keep_the_words_beside_the_figures():
    pack = build_pack(QUARTERLY, pd.Period("2022-09", freq="M"), WHOLE_AUTHORITY, SuppressionPolicy(), None)
    area = next(a for a in pack.areas if fx.RE_REFERRALS in set(pack.rows(a)["name"]))
    figures = pack.figures(area)
    shown = display_table(pack.rows(area).reset_index(drop=True), False)
    provisional = shown.index[shown["Indicator"] == fx.RE_REFERRALS][0]
    assert np.isnan(figures["Latest"].iat[provisional])  # written as its words, not a bare number
    book = open_xlsx(io.BytesIO(build_export("xlsx", QUARTERLY, pd.Period("2022-09", freq="M"), WHOLE_AUTHORITY,
                                             SuppressionPolicy(), None)))
    cells = {str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}
    assert {"25.4% (provisional)", "decrease from Q1 (449)", "improve"} <= cells
    pdf = build_export("pdf", QUARTERLY, pd.Period("2022-09", freq="M"), WHOLE_AUTHORITY, SuppressionPolicy(), None)
    assert pdf.startswith(b"%PDF")


def test_a_withheld_or_missing_figure_is_never_marked_provisional():
    shown = pd.Series(["c", "no data", "12.0%"], dtype="string")
    notes = pd.Series(["Provisional", "Provisional", "provisional figure"], dtype="string")
    marked = mark_provisional(shown, notes, pd.Series([False, False, True]))
    assert marked.tolist() == ["c", "no data", "12.0% (provisional)"]
    assert mark_provisional(shown, None, pd.Series([True] * 3)).tolist() == shown.tolist()


def test_a_provisional_locality_figure_is_marked_in_the_breakdown():
    values = [{"indicator_id": "hew_dental_pct", "month": "2023-03", "value": 61.5},
              {"indicator_id": "hew_dental_pct", "locality": "North", "month": "2023-03", "value": 60.0,
               "note": "Provisional"},
              {"indicator_id": "hew_dental_pct", "locality": "South", "month": "2023-03", "value": 63.0}]
    model = load_workbook(template_bytes(values), "t.xlsx").dataset
    breakdown = locality_breakdown(model, "hew_dental_pct", "2023-03", SuppressionPolicy())
    figure = dict(zip(breakdown["locality"], breakdown["display_value"]))
    assert figure["North"] == "60.0% (provisional)" and figure["South"] == "63.0%"


def test_targets_in_words_format_verbatim():
    assert format_target(60.0, "percent") == "60.0%"
    assert format_target(float("nan"), "percent") == "none"
    assert format_target(None, "count", "  increase on last month ") == "increase on last month"
    assert format_target(449.0, "count", "decrease from Q1") == "decrease from Q1 (449)"
    assert format_targets([60.0, np.nan, np.nan, 449.0], ["percent"] * 2 + ["count"] * 2,
                          [None, None, "improve", "decrease from Q1"]).tolist() == [
        "60.0%", "none", "improve", "decrease from Q1 (449)"]
