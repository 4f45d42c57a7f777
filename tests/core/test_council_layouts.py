"""Issue 11: workbooks laid out as councils publish them load and are rated as a manager expects.

Fixtures are built in code (tests/fixtures/build_council_fixtures.py): the September 2022 edition with a
two-row header, the other council's quarterly triples, the November 2020 data set with names and
figures on separate rows, a three-row header, attribute columns and impossible months.
"""

from __future__ import annotations

import time
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from core.ingest.container import read_sheets
from core.ingest.load import LoadResult, load_workbook
from core.ingest.published_layout import PublishedResult, read_published_sheets
from core.model import TARGET_COLUMNS, WHOLE_AUTHORITY, BandKind, GoodIs, Periodicity
from core.rules.direction import direction_of_travel
from core.validation.catalogue import RULES
from core.views.scorecard import build_scorecard
from tests.fixtures import build_council_fixtures as fx


def published(book: fx.Book) -> PublishedResult:
    return read_published_sheets(read_sheets(book.bytes()), "book.xlsx", latest_allowed=pd.Period("2024-03", "M"))


def loaded(book: fx.Book) -> LoadResult:
    result = load_workbook(book.bytes(), "book.xlsx")
    assert result.usable, result.report.text()
    return result


def coded(result: PublishedResult, code: str) -> list[tuple[str, str, str]]:
    return [(f.sheet, f.cell, f.message) for f in result.findings if f.code == code]


def value(result: PublishedResult, indicator: str, period: str) -> pd.Series:
    obs = result.observations
    return obs[(obs["indicator_id"] == indicator) & (obs["period"] == pd.Period(period, "M"))].iloc[0]


# ---- (a) the older edition: a band row over the lower header row ----------------------------------

@pytest.mark.parametrize("build", [fx.older_edition, fx.unmerged_bands])
def test_band_row_fields_and_years_are_read(build):
    result = published(build())
    rate = result.indicators["cic_rate"]
    assert rate.target == 60  # 'Current Target' is named only in the band row
    assert (rate.england.value, rate.england.year) == (67, "19/20")
    assert (rate.statistical_neighbours.value, rate.statistical_neighbours.year) == (57.6, "19/20")
    assert {ind.target for ind in result.indicators.values()} == {60, 10, 13, 93, 96}
    assert coded(result, "header_not_used") == [
        ("Scorecard", "E3", "E3 'Baseline Dorset March 2020': not used (not a period, a period with what it holds, "
                            "or a column the reader knows).")]


def test_older_edition_is_rated():
    card = build_scorecard(loaded(fx.older_edition()).dataset, "2022-09")
    rag = dict(zip(card["id"], card["rag"].astype(str)))
    # cic_rate 67.1 against 60 (low is good, 10% band): red; 11 became CIC against 10: amber (at the band's
    # edge); in touch 99 against 93: green
    assert rag == {"cic_rate": "red", "cic_started": "amber", "cic_ceased": "red", "cl_in_touch_pct": "green",
                   "cl_suitable_accom_pct": "green"}


def test_three_row_header_takes_band_year_and_band_words():
    result = published(fx.three_row_header())
    in_touch = result.indicators["cl_in_touch_pct"]
    assert in_touch.target == 93  # 'Current' over 'Target' over a blank cell
    assert in_touch.england.year == "2019/20"
    assert coded(result, "header_not_used") == []


# ---- (b) the quarterly layout ---------------------------------------------------------------------

def test_quarterly_layout_loads_with_targets_per_quarter():
    result = published(fx.quarterly_layout())
    targets = result.targets
    assert list(targets.columns[: len(TARGET_COLUMNS)]) == list(TARGET_COLUMNS)
    placements = targets[targets["indicator_id"] == "plc_3plus_moves_pct"]
    assert placements["from_period"].astype(str).tolist() == ["2022-06", "2022-09"]
    assert placements[["target", "band_value"]].to_numpy().tolist() == [[10, 12], [10, 12]]
    assert placements["cell"].tolist() == ["B4", "E4"]
    ind = result.indicators["plc_3plus_moves_pct"]
    assert ind.periodicity is Periodicity.quarterly
    assert (ind.target, ind.amber_band.kind, ind.amber_band.value) == (10, BandKind.intervention, 12)
    assert sorted(result.observations["period"].astype(str).unique()) == ["2022-06", "2022-09"]


def test_quarterly_q2_statuses_follow_target_and_intervention_level():
    card = build_scorecard(loaded(fx.quarterly_layout()).dataset, "2022-09")
    rag = dict(zip(card["name"], card["rag"].astype(str)))
    assert rag[fx.PLACEMENTS_3] == "red"  # 15 beyond the 12 intervention level (lower is better)
    assert rag[fx.CARE_LEAVER_EET] == "amber"  # 60.4 between 64 and 58
    assert rag[fx.RE_REFERRALS] == "amber"  # 25.4 between 22 and 26 (polarity inferred)
    assert rag[fx.EHCP_20_WEEKS] == "red"  # 12 below the 50 intervention level (polarity inferred)
    assert rag[fx.CLA_NUMBER] == "green"  # 437, a decrease from Q1's 449
    assert rag[fx.KS2_RWM] == "no_data"
    assert dict(zip(card["name"], card["direction"].astype(str)))[fx.PLACEMENTS_3] == "worsening"  # Q1 11 -> Q2 15


def test_text_in_figures_keeps_the_number_and_the_note():
    result = published(fx.quarterly_layout())
    placements = value(result, "plc_3plus_moves_pct", "2022-09")
    assert (placements["value"], placements["note"]) == (15, "14% Oct")
    provisional = value(result, "of_re_referrals_to_children_s_social_care_within_12_months", "2022-09")
    assert (provisional["value"], provisional["note"]) == (25.4, "Provisional")
    [ks2] = [ind.id for ind in result.indicators.values() if ind.name == fx.KS2_RWM]
    later = result.observations[result.observations["indicator_id"] == ks2]
    assert later["value"].isna().all() and set(later["missing_reason"]) == {"not_yet_reported"}


def test_polarity_is_inferred_from_the_thresholds_and_reported_with_cells():
    result = published(fx.quarterly_layout())
    inferred = {cell: message for _, cell, message in coded(result, "polarity_inferred")}
    assert result.indicators["of_ehc_plans_issued_within_20_weeks"].good_is is GoodIs.high
    assert "the intervention level 50 is below the target 60 (E11" in inferred["E11"]
    assert result.indicators["of_re_referrals_to_children_s_social_care_within_12_months"].good_is is GoodIs.low


def test_text_targets_rated_where_they_name_a_period_else_kept_and_not_rated():
    result = published(fx.quarterly_layout())
    assert coded(result, "text_target_read") == [(
        "Q2 Scorecard", "E5", "'Number of children looked after' Sep 2022: the target 'decrease from Q1' is read as "
                              "449, the figure for Jun 2022.")]
    targets = result.targets.set_index(["indicator_id", result.targets["from_period"].astype(str)])
    assert targets.loc[("number_of_children_looked_after", "2022-09"), "target_text"] == "decrease from Q1"
    not_rated = coded(result, "text_target_not_rated")
    assert ("Q2 Scorecard", "E12", f"'{fx.KS2_RWM}' Sep 2022: the target 'improve' is kept as written but not rated: "
                                   "it names no period to compare with.") in not_rated


def test_free_text_columns_become_commentary_on_the_indicator_and_period():
    model = loaded(fx.quarterly_layout()).dataset
    notes = {(c.subject, c.period, c.text) for c in model.commentary}
    assert ("plc_3plus_moves_pct", "2022-09",
            "Actions taken or planned: Placement stability panel reviews every third move") in notes
    assert ("cl_eet_oc3_pct", "2022-09", "Additional Comments: Two new apprenticeships with the council") in notes


def test_a_free_text_column_that_names_its_quarter_is_commentary_on_that_quarter():
    result = published(fx.quarterly_commentary())
    notes = {(c.subject, c.period, c.text) for c in result.commentary}
    assert notes == {
        ("plc_3plus_moves_pct", "2022-06", "Q1 Reason for level of Performance 2022/23: A sibling group moved twice in May"),
        ("plc_3plus_moves_pct", "2022-09", "Q2 Reason for level of Performance 2022/23: Three moves after carers retired"),
        ("plc_3plus_moves_pct", "2022-09", "Additional Comments: Panel reviews every third move"),
        ("of_re_referrals_to_children_s_social_care_within_12_months", "2022-09",
         "Q2 Reason for level of Performance 2022/23: Re-referrals rose after the summer"),
    }
    assert coded(result, "header_not_used") == []  # every header cell is used
    assert value(result, "plc_3plus_moves_pct", "2022-06")["value"] == 11  # the figures still read beside them
    assert result.rows_read == result.rows_used + result.rows_reported == 2


def test_unnamed_authority_is_known_to_be_unnamed():
    assert not published(fx.quarterly_layout()).authority_named
    assert published(fx.november_2020()).authority_named


# ---- (c) the November 2020 data set ---------------------------------------------------------------

def test_name_rows_and_figure_rows_are_joined_and_reported():
    result = published(fx.november_2020())
    assert coded(result, "no_indicator_name") == []
    assert len(result.indicators) == 6
    assert value(result, "cic_rate", "2020-11")["cell"] == "K7"
    assert coded(result, "name_row_joined")[0] == (
        "Data Set", "A6", "'Rate of Children in Care per 10,000' is on a row of its own and its figures on row 7 "
                          "beneath it (name cell blank): read as one indicator.")


def test_repeated_two_row_header_gives_each_area():
    result = published(fx.november_2020())
    assert result.indicators["cic_rate"].area == "Profile"
    assert result.indicators["cl_pathway_plan_pct"].area == "Care Leavers"


def test_glyph_directions_match_the_computed_direction():
    result = loaded(fx.november_2020())
    model = result.dataset
    travelled = direction_of_travel(model.observations, model.indicator_frame())
    printed = travelled[travelled["published_direction"].notna()]
    assert len(printed) == 6
    assert (printed["published_direction"].astype(str) == printed["direction"].astype(str)).all()
    assert not [f for f in result.report.findings if f.code == "published_disagrees"]


def test_benchmark_range_is_kept_as_printed():
    model = loaded(fx.november_2020()).dataset
    sn = model.indicators["cic_rate"].statistical_neighbours
    assert (sn.value, sn.low, sn.high, sn.range_text) == (None, 44, 57, "44 - 57")
    frame = model.indicator_frame()
    assert frame.loc["cic_rate", "sn_range"] == "44 - 57" and np.isnan(frame.loc["cic_rate", "sn"])


# ---- attribute columns and impossible periods -----------------------------------------------------

def test_period_columns_that_say_what_they_hold():
    result = published(fx.attribute_columns())
    assert result.targets[["indicator_id", "target"]].to_numpy().tolist() == [
        ["cl_in_touch_pct", 93], ["cl_suitable_accom_pct", 96]]
    assert str(result.targets["from_period"].iloc[0]) == "2023-03"
    assert value(result, "cl_in_touch_pct", "2022-09")["value"] == 99


def test_impossible_months_are_column_errors_never_a_current_month():
    result = published(fx.impossible_months())
    errors = coded(result, "period_impossible")
    assert [cell for _, cell, _ in errors] == ["G2", "H2", "I2"]
    assert errors[0][2] == ("column G: 'Oct 98' reads as October 2098, after March 2024, the latest month a workbook "
                            "can hold now; this column was not loaded.")
    assert result.observations["period"].max() == pd.Period("2022-09", "M")
    assert all(f.level.value == "error" for f in result.findings if f.code == "period_impossible")


def test_a_month_years_away_from_the_rest_is_a_column_error():
    book = fx.Book({"Care Leavers": [["Indicator", "Jul 22", "Aug 22", "Jan 1995"], [fx.IN_TOUCH_2022, 98, 98, 97]]})
    errors = coded(published(book), "period_impossible")
    assert errors == [("Care Leavers", "D1", "column D: 'Jan 1995' reads as January 1995, more than 3 years away from "
                                             "every other month of the sheet; this column was not loaded.")]


def test_numbers_beyond_float_range_are_reported_not_read():
    result = published(fx.impossible_months())
    bad = {cell: message for _, cell, message in coded(result, "bad_month_cell")}
    assert bad["E3"].startswith("'1e309' is beyond the range of numbers a scorecard can hold")
    assert bad["D4"].startswith("'1e-320' is beyond the range")
    assert value(result, "cl_in_touch_pct", "2022-09")["value"] == 99


# ---- every row and header cell accounted for ------------------------------------------------------

@pytest.mark.parametrize("name", sorted(fx.BOOKS))
def test_rows_read_are_used_or_reported(name):
    result = published(fx.BOOKS[name]())
    assert result.rows_read == result.rows_used + result.rows_reported > 0


def test_every_new_rule_is_declared_once():
    for code in ("header_not_used", "name_row_joined", "period_impossible", "polarity_inferred",
                 "text_target_read", "text_target_not_rated", "unit_from_name"):
        assert code in RULES


def test_unit_is_read_from_the_name_when_nothing_else_gives_it():
    result = published(fx.quarterly_layout())
    assert result.indicators["of_ehc_plans_issued_within_20_weeks"].unit.value == "percent"
    assert result.indicators["number_of_children_looked_after"].unit.value == "count"
    [(_, _, message)] = coded(result, "unit_from_name")
    assert message.startswith("5 indicators had no unit column and no library match, so the unit was read from the name")


# ---- speed: linear in cells -----------------------------------------------------------------------

def _seconds(work) -> float:  # noqa: ANN001
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def test_a_header_repeated_a_thousand_times_reads_in_about_a_second():
    header = ["Indicator", "Good Is", "Target", "Jul 22", "Aug 22", "Sep 22"]
    rows = []
    for i in range(1000):
        rows += [header, [fx.IN_TOUCH_2022, "High", 93, 98, 98, 99 if i == 0 else 99]]
    sheets = read_sheets(fx.Book({"Care Leavers": rows}).bytes())
    seconds = _seconds(lambda: read_published_sheets(sheets, "wide.xlsx"))
    assert seconds < 2.5, seconds
    result = read_published_sheets(sheets, "wide.xlsx")
    assert result.rows_read == result.rows_used + result.rows_reported == 1000


def test_a_sheet_16384_columns_wide_reads_in_about_a_second():
    width = 16_384
    header = ["Indicator", "Jul 22", "Aug 22"] + [f"Note {i}" for i in range(width - 3)]
    sheets = read_sheets(fx.Book({"Wide": [header, [fx.IN_TOUCH_2022, 98, 99]]}).bytes())
    frame = sheets["Wide"]
    assert frame.shape[1] == width
    seconds = _seconds(lambda: read_published_sheets({"Wide": frame}, "wide.xlsx"))
    assert seconds < 2.5, seconds
    result = read_published_sheets({"Wide": frame}, "wide.xlsx")
    assert len(result.indicators) == 1
    assert sum(f.code == "header_not_used" for f in result.findings) == 201  # 200 cells, then a count


def test_month_dates_under_a_band_are_periods():
    book = fx.Book({"S": [[None, "Actual", None], ["Indicator", datetime(2022, 7, 1), datetime(2022, 8, 1)],
                          [fx.IN_TOUCH_2022, 98, 99]]}, {"S": ["B1:C1"]})
    result = published(book)
    assert value(result, "cl_in_touch_pct", "2022-08")["value"] == 99
    assert WHOLE_AUTHORITY in set(result.observations["locality"])
