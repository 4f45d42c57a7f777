from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.ingest.container import read_sheets
from core.ingest.published_layout import (
    PublishedResult,
    looks_published,
    read_published_sheets,
)
from core.model import (
    OBSERVATION_COLUMNS,
    OTHER_AREA,
    WHOLE_AUTHORITY,
    Benchmark,
    GoodIs,
    Periodicity,
    Unit,
)
from core.validation.findings import Level
from tests.fixtures import build_wide_fixtures as fx


@pytest.fixture(scope="session")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return fx.build_all(tmp_path_factory.mktemp("wide"))


def raw_sheets(path: Path) -> dict[str, pd.DataFrame]:
    # keep_default_na=False: pandas would otherwise turn the printed text 'NA' into an empty cell
    return pd.read_excel(path, header=None, engine="calamine", sheet_name=None, keep_default_na=False)


@pytest.fixture(scope="session")
def read(workbooks):
    cache: dict[str, PublishedResult] = {}

    def reader(name: str) -> PublishedResult:
        if name not in cache:
            cache[name] = read_published_sheets(raw_sheets(workbooks[name]), f"{name}.xlsx")
        return cache[name]

    return reader


def obs(result: PublishedResult, indicator: str, period: str, locality: str = WHOLE_AUTHORITY) -> pd.Series:
    frame = result.observations
    rows = frame[(frame["indicator_id"] == indicator) & (frame["period"] == pd.Period(period, freq="M"))
                 & (frame["locality"] == locality)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def series(result: PublishedResult, indicator: str, locality: str = WHOLE_AUTHORITY) -> dict[str, float]:
    frame = result.observations
    rows = frame[(frame["indicator_id"] == indicator) & (frame["locality"] == locality)].sort_values("period")
    return {str(p): v for p, v in zip(rows["period"], rows["value"])}


def findings(result: PublishedResult, code: str) -> list[tuple[str, str, str, str]]:
    return [(f.level.value, f.sheet, f.cell, f.message) for f in result.findings if f.code == code]


def assert_rows_add_up(result: PublishedResult) -> None:
    assert result.rows_read == result.rows_used + result.rows_reported
    for count in result.row_counts:
        assert count.read == count.used + count.reported


# ---- looks_published ------------------------------------------------------------------------------

def test_looks_published_finds_a_header_under_title_rows(workbooks):
    pack = raw_sheets(workbooks["published_pack"])
    assert [looks_published(pack[name]) for name in ("Home", "Profile", "Appendix A")] == [False, True, True]
    assert not looks_published(raw_sheets(workbooks["not_published"])["Notes"])


def test_looks_published_needs_two_months_and_a_header_near_the_top():
    one_month = pd.DataFrame([["Indicator", "Unit", "Mar-23"], ["No. of CIC at end of month", "No.", 437]])
    assert not looks_published(one_month)
    header = [["Indicator", "Feb-23", "Mar-23"], ["No. of CIC at end of month", 444, 437]]
    assert looks_published(pd.DataFrame([[None, None, None]] * 29 + header))
    assert not looks_published(pd.DataFrame([[None, None, None]] * 30 + header))  # header on row 31


# ---- the example pack: title rows, headings, several sheets ----------------------------------------

def test_pack_reads_tables_under_title_rows_on_several_sheets(read):
    result = read("published_pack")
    assert result.sheets_used == ["Profile", "Appendix A"]
    assert findings(result, "sheet_not_read") == [
        ("info", "Home", "", "Sheet 'Home' has no table with an indicator column and month columns; it was not read.")]
    assert list(result.indicators) == [
        "cic_count", "cic_rate", "cic_uasc_count", "cic_uasc_pct", "hew_dental_pct", "hew_iha_20days_pct",
        "cl_pathway_plan_pct", "cl_eet_pct", "foster_carer_households_available", "edu_attendance_pct"]
    assert [(c.sheet, c.read, c.used, c.reported) for c in result.row_counts] == [
        ("Profile", 4, 4, 0), ("Appendix A", 14, 13, 1)]  # appendix: 5 headings + 8 indicators used
    assert (result.rows_read, result.rows_used, result.rows_reported) == (18, 17, 1)
    assert_rows_add_up(result)
    assert result.about.month_ending.isoformat() == "2023-03-31"


def test_area_heading_rows_set_the_area_of_the_rows_below(read):
    result = read("published_pack")
    areas = {ind_id: ind.area for ind_id, ind in result.indicators.items()}
    assert areas["hew_dental_pct"] == "Health & Emotional Wellbeing"
    assert areas["cl_eet_pct"] == "Care Leavers"
    assert areas["foster_carer_households_available"] == "Sufficiency"  # heading 'Fostering' is a synonym
    assert areas["edu_attendance_pct"] == "Education"
    assert areas["cic_count"] == "Profile"  # the sheet is named after its area, and the appendix heading agrees


def test_pack_values_keep_their_cells_and_source(read):
    result = read("published_pack")
    march = obs(result, "cic_count", "2023-03")
    assert (march["value"], march["sheet"], march["cell"], march["source"]) == (437, "Profile", "I5", "published_pack.xlsx")
    october = obs(result, "cic_count", "2022-10")  # only the appendix has October
    assert (october["value"], october["sheet"], october["cell"]) == (447, "Appendix A", "D5")
    assert series(result, "cic_uasc_pct") == {"2023-01": 8.24, "2023-02": 8.11, "2023-03": 7.78}
    dental = obs(result, "hew_dental_pct", "2023-03")
    assert (dental["value"], dental["note"], dental["cell"]) == (56.66, "Provisional", "I8")
    assert list(result.observations.columns) == list(OBSERVATION_COLUMNS)
    assert str(result.observations["period"].dtype) == "period[M]"


def test_a_comments_column_is_commentary_not_an_unknown_column(read):
    result = read("published_pack")
    assert findings(result, "header_not_used") == []


def test_the_pipeline_reader_gives_the_same_result(workbooks, read):
    from_calamine = read_published_sheets(read_sheets(workbooks["published_pack"].read_bytes()), "published_pack.xlsx")
    expected = read("published_pack")
    pd.testing.assert_frame_equal(from_calamine.observations, expected.observations)
    assert from_calamine.indicators == expected.indicators
    assert from_calamine.findings == expected.findings


def test_committed_example_is_the_built_pack(read):
    committed = read_published_sheets(raw_sheets(fx.EXAMPLE_PATH), "published_pack.xlsx")
    expected = read("published_pack")
    pd.testing.assert_frame_equal(committed.observations, expected.observations)
    assert committed.findings == expected.findings


# ---- optional columns ----------------------------------------------------------------------------

def test_optional_columns_in_any_order_and_wording(read):
    result = read("optional_columns")
    pathway = result.indicators["cl_pathway_plan_pct"]
    assert pathway.target == 85  # '85%' in a 'Target 2022/23' column
    assert pathway.england == Benchmark(value=89, year="21/22")  # 'England Average 21/22'
    assert pathway.statistical_neighbours == Benchmark(value=88)  # 'SN Av'
    assert (pathway.unit, pathway.good_is) == (Unit.percent, GoodIs.high)  # 'Units' %, 'Good is' High
    cic = result.indicators["cic_count"]
    assert (cic.target, cic.unit, cic.good_is) == (420, Unit.count, GoodIs.low)  # 'Number', 'Low'
    latest = obs(result, "cl_pathway_plan_pct", "2022-12")
    assert (latest["published_direction"], latest["published_rag"]) == ("improving", "green")  # 'Better', 'G'
    assert (obs(result, "cic_count", "2022-12")["published_direction"], obs(result, "cic_count", "2022-12")["published_rag"]) == (
        "worsening", "red")  # 'Worse', 'R'
    assert series(result, "cic_count") == {"2022-10": 447, "2022-11": 456, "2022-12": 460}  # Baseline 450 not read
    # Trend and Baseline are read past, and said so cell by cell: nothing is skipped silently
    assert [(sheet, cell) for _, sheet, cell, _ in findings(result, "header_not_used")] == [
        ("Scorecard", "A2"), ("Scorecard", "J2")]
    assert findings(result, "library_fill") == [
        ("info", "Scorecard", "", "2 indicators took area/periodicity from the indicator library.")]


# ---- month headers -------------------------------------------------------------------------------

def test_month_headers_as_dates_and_text(read):
    result = read("month_header_forms")
    assert series(result, "cic_count") == {
        "2022-09": 452, "2022-10": 447, "2022-11": 456, "2022-12": 460, "2023-01": 449}
    assert obs(result, "cic_count", "2022-12")["cell"] == "E3"  # 'December 2022'


def test_quarter_columns_are_read_as_the_quarters_last_month(read):
    result = read("quarterly_columns")
    assert series(result, "hew_dental_pct") == {"2022-06": 60.1, "2022-09": 58.2, "2022-12": 52.38, "2023-03": 56.66}
    assert obs(result, "hew_dental_pct", "2023-03")["cell"] == "E3"  # 'Q4 22/23'


# ---- locality ------------------------------------------------------------------------------------

def test_locality_column_and_blank_locality(read):
    result = read("locality_column")
    assert series(result, "cic_count") == {"2023-02": 444, "2023-03": 437}  # blank locality cell
    assert obs(result, "cic_count", "2023-02")["cell"] == "C3"
    assert series(result, "cic_count", "Chesil") == {"2023-02": 101, "2023-03": 99}
    assert series(result, "cic_count", "Purbeck") == {"2023-02": 40, "2023-03": 41}
    assert list(result.indicators) == ["cic_count"]  # one indicator, three localities


def test_no_locality_column_means_whole_authority(read):
    assert set(read("published_pack").observations["locality"]) == {WHOLE_AUTHORITY}


# ---- values --------------------------------------------------------------------------------------

@pytest.mark.parametrize("period,cell,value,reason,note", [
    ("2022-10", "B3", 57.73, None, None),
    ("2022-11", "C3", 12.5, None, None),  # '12.5%'
    ("2022-12", "D3", 22.0, None, None),  # '22.0' as text
    ("2023-01", "E3", None, "not_applicable", "NA"),
    ("2023-02", "F3", None, "not_applicable", "-"),
    ("2023-03", "G3", None, "blank", None),
    ("2023-04", "H3", None, "published_later", "Data published September 2023"),
    ("2023-05", "I3", 25.4, None, "Provisional"),  # '25.4% (Provisional)'
])
def test_value_forms(read, period, cell, value, reason, note):
    row = obs(read("value_forms"), "hew_dental_pct", period)
    assert row["cell"] == cell and row["sheet"] == "Scorecard"
    assert np.isnan(row["value"]) if value is None else row["value"] == value  # never zero
    assert pd.isna(row["missing_reason"]) if reason is None else row["missing_reason"] == reason
    assert pd.isna(row["note"]) if note is None else row["note"] == note


def test_unreadable_value_is_a_warning_naming_sheet_and_cell(read):
    result = read("value_forms")
    assert findings(result, "bad_month_cell") == [("warning", "Scorecard", "C4", (
        "'twelve' is not a number; this month was not loaded for 'No. of CIC at end of month'"))]
    assert [f for f in result.findings if f.code == "bad_month_cell"][0].line() == (
        "WARNING Scorecard!C4: 'twelve' is not a number; this month was not loaded for 'No. of CIC at end of month'")
    assert series(result, "cic_count") == pytest.approx(
        {"2022-10": 447, "2022-12": 460, "2023-01": 449, "2023-02": 444, "2023-03": 437,
         "2023-04": np.nan, "2023-05": np.nan}, nan_ok=True)  # November is not loaded
    assert (result.rows_used, result.rows_reported) == (2, 0)  # the row is used; only the cell is dropped


# ---- units, polarity, direction and status words ---------------------------------------------------

@pytest.mark.parametrize("text,good_is", [("Higher is better", "high"), ("lower is better", "low"),
                                          ("The lower the better", "low"), ("High is good", "high"),
                                          ("Not applicable", "neutral")])
def test_good_is_written_as_a_phrase(text, good_is):
    from core.knowledge.value_synonyms import canonical_value

    assert canonical_value("good_is", text) == good_is


def test_unit_and_good_is_words(read):
    result = read("unit_and_polarity_words")
    got = [(ind.unit, ind.good_is) for ind in result.indicators.values()]
    assert got == [
        (Unit.percent, GoodIs.high), (Unit.count, GoodIs.low), (Unit.count, GoodIs.neutral),
        (Unit.rate_per_10k, None), (Unit.rate_per_10k, GoodIs.high), (Unit.days, GoodIs.low),
        (Unit.score, GoodIs.neutral), (Unit.ratio, GoodIs.high)]
    assert findings(result, "unmatched_indicator") == [("warning", "Local", "A6", (
        "'Local measure 4' has no polarity (Good Is) and matches no known indicator: it is shown but not rated."))]
    assert all(ind.area == OTHER_AREA for ind in result.indicators.values())
    assert findings(result, "library_fill") == []


def test_direction_and_status_words_sit_on_the_latest_month(read):
    result = read("direction_and_rag_words")
    def printed(n: int) -> tuple[str | None, str | None]:
        row = obs(result, f"local_measure_{n}", "2023-03")
        return tuple(None if pd.isna(row[col]) else row[col] for col in ("published_direction", "published_rag"))

    assert [printed(n) for n in range(1, 10)] == [
        ("improving", "red"), ("worsening", "amber"), ("same", "green"), ("improving", "red"),  # Better, R
        ("worsening", "amber"), ("improving", "green"), ("worsening", None), ("same", None), (None, None)]
    february = result.observations[result.observations["period"] == pd.Period("2023-02", freq="M")]
    assert february["published_direction"].isna().all() and february["published_rag"].isna().all()
    assert findings(result, "bad_printed_word")[:1] == [("info", "Words", "F11", (
        "direction of travel 'Up-ish' for 'Local measure 9' is not a known direction of travel; it was ignored."))]
    assert findings(result, "bad_printed_word")[1:] == [("info", "Words", "G11", (
        "status 'Purple' for 'Local measure 9' is not a known status; it was ignored."))]


def test_direction_belongs_to_the_latest_month_with_a_figure(read):
    result = read("published_pack")
    assert obs(result, "hew_iha_20days_pct", "2023-02")["published_direction"] == "same"  # March is in arrears
    march = obs(result, "hew_iha_20days_pct", "2023-03")
    assert pd.isna(march["published_direction"]) and march["missing_reason"] == "blank"
    # Profile has no Status column; the appendix's status survives on the kept (Profile) figure
    kept = obs(result, "cic_count", "2023-03")
    assert (kept["sheet"], kept["published_direction"], kept["published_rag"]) == ("Profile", "improving", "red")


# ---- areas from sheet names ----------------------------------------------------------------------

def test_sheet_named_after_an_area_gives_its_rows_that_area(read):
    result = read("area_sheets")
    areas = {ind_id: ind.area for ind_id, ind in result.indicators.items()}
    assert areas == {
        "adopter_enquiries": "Adoption",
        "placement_moves_this_month": "Placement",  # the heading row overrides the sheet
        "adopters_approved_this_month": "Adoption",  # the stray text above ended the heading's reach
        "care_leavers_in_higher_education": "Care Leavers",
    }
    assert findings(result, "stray_text") == [("info", "Adoption", "A6", (
        "'More families enquired after the national campaign.' has no figures and is neither a known area "
        "heading nor a known indicator; it was not loaded."))]
    assert [(c.sheet, c.read, c.used, c.reported) for c in result.row_counts] == [
        ("Adoption", 5, 4, 1), ("Care Leavers", 1, 1, 0)]
    assert_rows_add_up(result)


# ---- the indicator library -----------------------------------------------------------------------

def test_library_fills_what_the_sheet_lacks(read):
    result = read("library_fill")
    dental = result.indicators["hew_dental_pct"]
    assert (dental.area, dental.unit, dental.good_is, dental.periodicity) == (
        "Health & Emotional Wellbeing", Unit.percent, GoodIs.high, Periodicity.monthly_snapshot)
    assert dental.target == 80  # targets come from the sheet
    carers = result.indicators["suf_foster_carers"]  # printed with a 000 label, not the canonical name
    assert (carers.name, carers.area, carers.good_is) == (fx.FOSTER_CARERS, "Sufficiency", GoodIs.high)
    assert result.indicators["cl_bnb_count"].target == 0  # a real 0 target
    assert findings(result, "library_fill") == [
        ("info", "Appendix A", "", "4 indicators took area/unit/polarity/periodicity from the indicator library.")]
    assert findings(result, "library_match") == []  # every name here is a known variant


def test_unknown_indicator_loads_under_a_generated_id_and_is_not_rated(read):
    result = read("library_fill")
    unknown = result.indicators["foster_carer_households_available"]
    assert (unknown.name, unknown.area, unknown.unit, unknown.good_is) == (fx.UNKNOWN, OTHER_AREA, None, None)
    assert series(result, "foster_carer_households_available") == {"2023-01": 98, "2023-02": 98, "2023-03": 97}
    assert findings(result, "unmatched_indicator") == [("warning", "Appendix A", "A6", (
        "'Foster carer households available' has no polarity (Good Is) or unit and matches no known indicator: "
        "it is shown but not rated."))]


def test_known_name_with_no_figures_is_an_indicator(read):
    result = read("library_fill")
    assert result.indicators["plc_outside_dorset_pct"].area == "Placement"
    assert set(result.observations.loc[result.observations["indicator_id"] == "plc_outside_dorset_pct",
                                       "missing_reason"]) == {"blank"}
    assert (result.rows_read, result.rows_used, result.rows_reported) == (5, 5, 0)


def test_reworded_names_are_matched_and_reported(read):
    result = read("published_pack")
    iha = result.indicators["hew_iha_20days_pct"]
    assert (iha.name, iha.arrears_months, iha.periodicity) == (fx.IHA, 1, Periodicity.monthly_flow)
    assert findings(result, "library_match") == [("info", "Appendix A", "", (
        "1 indicator name matched the indicator library despite different wording: "
        "'% of New CIC receiving their IHA within 20 days' as '% of New CIC receiving their IHA within 20 days "
        "(one month in arrears)'."))]
    assert findings(result, "library_fill") == [
        ("info", "Profile", "", "4 indicators took periodicity from the indicator library."),
        ("info", "Appendix A", "", "7 indicators took unit/polarity/periodicity from the indicator library.")]


# ---- the same indicator twice ----------------------------------------------------------------------

def test_same_figures_on_two_sheets_are_one_indicator(read):
    result = read("repeated_indicator")
    assert list(result.indicators) == ["cic_count", "cic_uasc_count"]
    assert series(result, "cic_count") == {"2022-12": 460, "2023-01": 449, "2023-02": 444, "2023-03": 437}
    assert obs(result, "cic_count", "2023-01")["sheet"] == "Profile"
    assert obs(result, "cic_count", "2022-12")["cell"] == "B3" and obs(result, "cic_count", "2022-12")["sheet"] == "Appendix A"
    assert findings(result, "repeated_rows") == [("info", "Appendix A", "", (
        "the same figures as on 'Profile' appear again for 2 indicators; they were read once."))]


def test_different_figures_for_the_same_month_are_a_conflict_and_the_first_is_kept(read):
    result = read("repeated_indicator")
    assert findings(result, "value_conflict") == [("warning", "Appendix A", "D4", (
        "conflict for 'No. of CIC who are UASC at end of month', Feb 2023, Whole authority: Profile!C4 says 36, "
        "Appendix A!D4 says 35; the first is kept."))]
    kept = obs(result, "cic_uasc_count", "2023-02")
    assert (kept["value"], kept["sheet"], kept["cell"]) == (36, "Profile", "C4")
    # where the figure is shown, it says another sheet differs (the cell, not the figure: that figure has not
    # been through small-number control)
    assert kept["note"] == ("a different figure is printed at Appendix A!D4; this one is kept (see the "
                            "validation report)")
    march = obs(result, "cic_uasc_count", "2023-03")  # blank in the appendix: the printed figure wins
    assert pd.isna(march["note"])
    assert (march["value"], march["sheet"], march["cell"]) == (34, "Profile", "D4")
    pack_conflict = findings(read("published_pack"), "value_conflict")
    assert [(sheet, cell) for _, sheet, cell, _ in pack_conflict] == [("Appendix A", "I6")]
    assert "Profile!I6 says 64.55, Appendix A!I6 says 64.9; the first is kept" in pack_conflict[0][3]


def test_a_figure_printed_to_fewer_places_on_another_sheet_is_the_same_figure():
    from core.ingest.published_merge import merge_observations
    from tests.core.engine_fixtures import observations

    def printed(values: list[float], sheet: str) -> pd.DataFrame:
        rows = [{"indicator_id": f"i{n}", "period": "2023-03", "value": value, "sheet": sheet, "cell": f"B{n + 2}"}
                for n, value in enumerate(values)]
        return observations(rows).assign(name=[f"Indicator {n}" for n in range(len(values))])  # as the reader gives

    _, found = merge_observations([printed([64.55, 437, 12, 7.25, 9.5], "Profile"),
                                   printed([64.5, 436, 12.4, 7.3, 9.7], "Appendix A")])
    conflicts = [f.cell for f in found if f.code == "value_conflict"]
    assert conflicts == ["B3", "B6"]  # 437 against 436, 9.5 against 9.7: different figures
    # 64.55 and 64.5, 12 and 12.4, 7.25 and 7.3: one figure printed to fewer places, read once
    assert any(f.code == "repeated_rows" for f in found)


# ---- rows and columns that are not right -------------------------------------------------------------

def test_quarter_columns_printed_before_the_months_do_not_replace_the_months_figures():
    """'Q1 22/23 | Q2 22/23 | Apr-22 ... Sep-22': a quarter's figure covers three months, so September is the
    September column's 11, not the second quarter's 38; the quarter columns are reported, not loaded."""
    months = ["Apr-22", "May-22", "Jun-22", "Jul-22", "Aug-22", "Sep-22"]
    frame = pd.DataFrame([["Scorecard", None, None, *[None] * 6],
                          ["Indicator", "Q1 22/23", "Q2 22/23", *months],
                          ["No. of children who became CIC", 40, 38, 12, 14, 14, 12, 15, 11]], dtype=object)
    result = read_published_sheets({"Scorecard": frame}, "quarters.xlsx")
    assert series(result, "cic_started") == {"2022-04": 12, "2022-05": 14, "2022-06": 14, "2022-07": 12,
                                             "2022-08": 15, "2022-09": 11}
    assert [cell for _, _, cell, _ in findings(result, "duplicate_month")] == ["B2", "C2"]
    assert_rows_add_up(result)


@pytest.mark.parametrize("whole", ["Total", "All localities", "Whole authority", " total "])
def test_a_locality_column_s_total_row_is_the_whole_authority(whole):
    frame = pd.DataFrame([["Indicator", "Locality", "Feb-23", "Mar-23"],
                          ["No. of CIC at end of month", "Chesil", 70, 69],
                          ["No. of CIC at end of month", "Purbeck", 40, 41],
                          ["No. of CIC at end of month", whole, 110, 110]], dtype=object)
    result = read_published_sheets({"By locality": frame}, "localities.xlsx")
    assert series(result, "cic_count") == {"2023-02": 110, "2023-03": 110}
    assert set(result.observations["locality"]) == {WHOLE_AUTHORITY, "Chesil", "Purbeck"}


def test_months_repeated_under_place_bands_are_not_read_as_the_whole_authority():
    """'Dorset' over Feb-23 | Mar-23, then 'Chesil' over them again (merged bands): the first group used to be
    read as the whole authority and the rest reported as repeats; now the table is refused, naming the bands."""
    frame = pd.DataFrame([[None, None, "Chesil", None, "Dorset total", None],
                          ["Indicator", "Good Is", "Feb-23", "Mar-23", "Feb-23", "Mar-23"],
                          ["No. of CIC at end of month", "Low", 70, 69, 444, 437]], dtype=object)
    frame.attrs["merged"] = [(0, 2, 0, 3), (0, 4, 0, 5)]
    result = read_published_sheets({"By locality": frame}, "places.xlsx")
    assert result.observations.empty
    assert [(cell, text) for _, _, cell, text in findings(result, "months_by_place")] == [
        ("C1", "The table whose header ends on row 2 repeats its months under C1 'Chesil', E1 'Dorset total': "
               "figures laid out by place across the columns are not read, because reading one group would show "
               "one place's figures as another's. Give each place a row of its own (a Locality column) and upload "
               "again.")]


@pytest.mark.parametrize("merged", [True, False])
def test_month_names_under_a_financial_year_band(merged):
    """'2022/23' over Apr ... Mar, then '2023/24' over Apr, May: April to December in the first year, January to
    March in the second, whether the band is merged over its months or printed once at its left."""
    names = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    frame = pd.DataFrame([[None, None, "2022/23", *[None] * 11, "2023/24", None],
                          ["Indicator", "Target", *names, "Apr", "May"],
                          ["No. of CIC at end of month", 420, *range(450, 462), 430, 428]], dtype=object)
    if merged:
        frame.attrs["merged"] = [(0, 2, 0, 13), (0, 14, 0, 15)]
    result = read_published_sheets({"Scorecard": frame}, "bands.xlsx")
    got = series(result, "cic_count")
    assert list(got) == [str(p) for p in pd.period_range("2022-04", "2023-05", freq="M")]
    assert (got["2022-12"], got["2023-01"], got["2023-03"], got["2023-05"]) == (458, 459, 461, 428)
    assert findings(result, "header_not_used") == []


@pytest.mark.parametrize("printed,target", [(">=85%", 85.0), ("≥ 85", 85.0), ("at least 85%", 85.0),
                                            ("< 10%", 10.0), ("no more than 10", 10.0), (85, 85.0)])
def test_a_target_printed_with_its_comparison_is_its_figure(printed, target):
    frame = pd.DataFrame([["Indicator", "Target", "Feb-23", "Mar-23"],
                          ["% Care Leavers with an up to date pathway plan", printed, 85.12, 91.03]], dtype=object)
    result = read_published_sheets({"Scorecard": frame}, "targets.xlsx")
    assert [ind.target for ind in result.indicators.values()] == [target]
    assert findings(result, "bad_number") == []


def test_a_target_printed_as_a_range_is_reported_not_silently_dropped():
    frame = pd.DataFrame([["Indicator", "Target", "Feb-23", "Mar-23"],
                          ["% Care Leavers with an up to date pathway plan", "65-70%", 85.12, 91.03]], dtype=object)
    result = read_published_sheets({"Scorecard": frame}, "targets.xlsx")
    assert [ind.target for ind in result.indicators.values()] == [None]
    assert [cell for _, _, cell, _ in findings(result, "bad_number")] == ["B2"]


@pytest.mark.parametrize("bands", [("In month", "Year to date"), ("Actual", "Forecast")])
def test_months_repeated_under_kinds_of_figure_are_read_as_before(bands):
    """Bands that name a kind of figure, not a place: the first group is read and each repeat reported."""
    frame = pd.DataFrame([[None, bands[0], None, bands[1], None],
                          ["Indicator", "Feb-23", "Mar-23", "Feb-23", "Mar-23"],
                          ["No. of CIC at end of month", 444, 437, 440, 430]], dtype=object)
    frame.attrs["merged"] = [(0, 1, 0, 2), (0, 3, 0, 4)]
    result = read_published_sheets({"Scorecard": frame}, "kinds.xlsx")
    assert series(result, "cic_count") == {"2023-02": 444, "2023-03": 437}
    assert findings(result, "months_by_place") == []
    assert [cell for _, _, cell, _ in findings(result, "duplicate_month")] == ["D2", "E2"]


@pytest.mark.parametrize("band", ["2022/23", "Academic year 2022/23"])
def test_month_names_under_an_academic_year_band(band):
    """Sep ... Jul under '2022/23': September to December in 2022, January to July in 2023. Read as a financial
    year, April to July would land before September; the months in order tell the years apart."""
    names = ["Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul"]
    frame = pd.DataFrame([[None, band, *[None] * 10], ["Indicator", *names],
                          ["Average Attendance % for CIC of school age (Academic year to date)", *range(90, 101)]],
                         dtype=object)
    frame.attrs["merged"] = [(0, 1, 0, 11)]
    result = read_published_sheets({"Education": frame}, "school.xlsx")
    periods = sorted(str(p) for p in result.observations["period"])
    assert periods == [str(p) for p in pd.period_range("2022-09", "2023-07", freq="M")]


def test_nameless_row_with_figures_is_reported(read):
    result = read("row_and_column_problems")
    assert findings(result, "no_indicator_name") == [
        ("warning", "Placement", "A4", "this row has figures but no indicator name; it was not loaded.")]
    assert not (result.observations["cell"].str.endswith("4") & result.observations["cell"].str.len().eq(2)).any()
    assert (result.rows_read, result.rows_used, result.rows_reported) == (4, 3, 1)
    assert findings(read("published_pack"), "no_indicator_name") == [
        ("warning", "Appendix A", "A15", "this row has figures but no indicator name; it was not loaded.")]


def test_repeated_month_column_is_reported_and_not_loaded(read):
    result = read("row_and_column_problems")
    assert findings(result, "duplicate_month") == [("warning", "Placement", "F2", (
        "column F repeats the month Feb 2023 of column D; its values were not loaded."))]
    february = obs(result, "plc_3plus_moves_pct", "2023-02")
    assert (february["value"], february["cell"]) == (7.88, "D3")  # F3's 99 is not loaded
    assert not result.observations["cell"].str.startswith("F").any()


def test_months_out_of_order_are_an_info_and_still_loaded(read):
    result = read("row_and_column_problems")
    assert findings(result, "months_out_of_order") == [("info", "Placement", "C2", (
        "the month columns are not in order (Dec 2022, Feb 2023, Jan 2023); each was read by its own header."))]
    assert series(result, "plc_3plus_moves_pct") == {"2022-12": 6.52, "2023-01": 6.01, "2023-02": 7.88}
    assert findings(read("published_pack"), "months_out_of_order") == []


def test_percentage_over_100_is_a_warning_and_loaded(read):
    result = read("row_and_column_problems")
    assert findings(result, "percent_over_100") == [("warning", "Placement", "C5", (
        "'% CIC placed outside Dorset' is a percentage but the value is 102.5 (over 100); it was loaded, "
        "please check it."))]
    assert obs(result, "plc_outside_dorset_pct", "2022-12")["value"] == 102.5


def test_row_without_any_usable_figure_still_defines_its_indicator(read):
    result = read("row_and_column_problems")
    parents = result.indicators["plc_with_parents_count"]
    assert (parents.unit, parents.good_is, parents.area) == (Unit.count, GoodIs.neutral, "Placement")
    reasons = {p: obs(result, "plc_with_parents_count", p)["missing_reason"] for p in ("2022-12", "2023-01", "2023-02")}
    assert reasons == {"2022-12": "blank", "2023-01": "blank", "2023-02": "not_applicable"}
    assert not [f for f in result.findings if f.level is Level.error]


def test_a_repeated_header_starts_a_second_table(read):
    result = read("two_tables_one_sheet")
    assert series(result, "cic_count") == {"2023-01": 449, "2023-02": 444}
    assert series(result, "adopt_families_in_assessment") == {"2023-02": 28, "2023-03": 25}
    assert obs(result, "adopt_families_in_assessment", "2023-03")["cell"] == "C8"
    assert result.indicators["adopt_families_in_assessment"].area == "Adoption"
    assert (result.rows_read, result.rows_used, result.rows_reported) == (4, 4, 0)  # 2 headings, 2 indicators


def test_workbook_without_a_published_table(read):
    result = read("not_published")
    assert result.indicators == {} and result.observations.empty and result.sheets_used == []
    assert [f.level for f in result.findings] == [Level.info, Level.error]
    assert findings(result, "no_published_table")[0][3].startswith("No sheet has a table")
    assert list(result.observations.columns) == list(OBSERVATION_COLUMNS)


@pytest.mark.parametrize("name", list(fx.FIXTURES))
def test_every_data_row_is_used_or_reported(read, name):
    result = read(name)
    assert_rows_add_up(result)
    assert list(result.observations.columns) == list(OBSERVATION_COLUMNS)
    assert not result.observations.duplicated(["indicator_id", "locality", "period"]).any()
    assert set(result.observations["source"]) <= {f"{name}.xlsx"}
    assert set(result.observations["indicator_id"]) <= set(result.indicators)


def test_sheets_of_numbers_dates_and_booleans_are_not_published():
    from datetime import datetime

    frame = pd.DataFrame({0: [1.0, 2.0, np.nan], 1: [datetime(2023, 1, 1), datetime(2023, 2, 1), pd.NaT],
                          2: [True, False, True], 3: [None, None, None]})
    assert not looks_published(frame)
    result = read_published_sheets({"Data": frame}, "numbers.xlsx")
    assert result.sheets_used == [] and findings(result, "sheet_not_read")[0][1] == "Data"


def test_area_column_beats_the_sheet_name(read):
    result = read("area_column_and_bad_details")
    assert result.indicators["cic_count"].area == "Profile"  # 'CIC profile' is a synonym
    assert result.indicators["foster_carer_households_available"].area == "Corporate parenting pledge"  # as given


def test_unreadable_details_are_ignored_with_a_warning(read):
    result = read("area_column_and_bad_details")
    problems = [(f.cell, f.message) for f in result.findings if f.level is Level.warning]
    assert problems == [
        ("C3", "unit 'children' is not recognised for 'No. of CIC at end of month' (words understood include %, No., Days, Score, Ratio, Rate per 10,000); "
               "it was ignored."),
        ("D3", "Good Is 'Sideways' is not recognised for 'No. of CIC at end of month' (words understood include Neutral, Higher is better, Lower is better); "
               "it was ignored."),
        ("E3", "target 'zero' is not a number for 'No. of CIC at end of month'; it was ignored."),
        ("F3", "England average 'lots' is not a number for 'No. of CIC at end of month'; it was ignored."),
    ]
    cic = result.indicators["cic_count"]
    assert (cic.unit, cic.good_is, cic.target, cic.england) == (Unit.count, GoodIs.low, None, None)  # from the library
    unknown = result.indicators["foster_carer_households_available"]
    assert (unknown.unit, unknown.good_is, unknown.target) == (Unit.count, GoodIs.high, 100)
    assert findings(result, "unmatched_indicator") == []  # it has all it needs to be rated
    assert series(result, "cic_count") == {"2023-02": 444, "2023-03": 437}


@pytest.mark.parametrize("title,authority", [
    ("Dorset Council - Corporate Parenting Board performance scorecard, March 2023", "Dorset Council"),
    ("Devon County Council: Children's Services scorecard", "Devon County Council"),
    ("London Borough of Camden Children and Families performance", "London Borough of Camden"),
    ("Appendix A - Performance Scorecard", None),
])
def test_the_authority_is_read_from_the_title_rows(title, authority):
    from core.ingest.published_layout import _authority

    sheets = {"Home": pd.DataFrame([[title], [None], ["Contents"]], dtype=object)}
    assert _authority(sheets) == authority


def test_the_published_fixture_names_its_authority():
    from core.ingest.load import load_path

    result = load_path(Path(__file__).resolve().parents[1] / "fixtures" / "published_layout.xlsx")
    assert result.dataset.about.authority == "Dorset Council"


def _figures(rows: list[list[object]]) -> pd.DataFrame:
    from tests.core.validation.firing import workbook

    result = read_published_sheets(read_sheets(workbook({"Scorecard": rows})), "side.xlsx",
                                   latest_allowed=pd.Period("2024-03", "M"))
    names = {ind_id: indicator.name for ind_id, indicator in result.indicators.items()}
    return result.observations.assign(name=lambda o: o["indicator_id"].map(names),
                                      month=lambda o: o["period"].astype(str)).set_index(["name", "month"])


def test_tables_side_by_side_each_give_their_own_indicators_their_own_months():
    """A second indicator column in the header row, with months of its own, starts a second table: its figures
    were given to the first table's indicators (EET's 52% shown as the number of children in care)."""
    cic, rate, eet = "No. of CIC at end of month", "Rate of CIC as at end of month", "% Care leavers in EET"
    figures = _figures([
        ["Children in care 2022/23", None, None, None, None, "Care leavers, a year before"],
        ["Indicator", "Target", "Feb-23", "Mar-23", None, "Indicator", "Feb-22", "Mar-22"],
        [cic, 420, 440, 437, None, eet, 50.5, 52],
        [rate, 60, 65, 64.5, None, None, None, None],
    ])
    assert figures.loc[(cic, "2023-03"), "value"] == 437 and figures.loc[(rate, "2023-02"), "value"] == 65
    assert figures.loc[(eet, "2022-03"), "value"] == 52 and figures.loc[(eet, "2022-02"), "value"] == 50.5
    assert set(figures.loc[cic].index) == {"2023-02", "2023-03"}  # nothing of the right-hand table


def test_two_name_columns_of_one_table_do_not_split_it():
    figures = _figures([["Indicator", "Measure", "Feb-23", "Mar-23"],
                        ["CIC", "No. of CIC at end of month", 440, 437]])
    assert len(figures) == 2 and set(figures["value"]) == {440, 437}


def test_plus_and_minus_in_a_good_is_column_read_as_higher_and_lower_is_better():
    """Beside '+', a '-' is its minus (lower is better), not the dash for 'not applicable' it is on its own: it
    had made '% with 3+ placements' neutral, overriding the library's 'low', and so not rated."""
    from tests.core.validation.firing import workbook

    def good_is(*rows: list[object]) -> dict[str, str | None]:
        header = ["Indicator", "Good Is", "Target", "Feb-23", "Mar-23"]
        result = read_published_sheets(read_sheets(workbook({"Scorecard": [header, *rows]})), "signs.xlsx",
                                       latest_allowed=pd.Period("2024-03", "M"))
        return {ind.name: (ind.good_is.value if ind.good_is else None) for ind in result.indicators.values()}

    moves, adviser = "% CIC at end of month with 3+ placements in previous 12 months", "% care leavers with an adviser"
    assert good_is([moves, "-", 10, 9, 8], [adviser, "+", 90, 95, 96]) == {moves: "low", adviser: "high"}
    assert good_is([moves, "-", 10, 9, 8])[moves] == "neutral"  # a dash on its own: not applicable, as before


def test_a_sheet_titled_with_its_locality_gives_that_places_figures():
    """A sheet per locality ('Locality: Chesil' over the table): each sheet's figures are its place's. They had
    all been read as the whole authority's, the first sheet's kept (Chesil's 178 shown as the council's)."""
    from tests.core.validation.firing import workbook

    header, cic = ["Indicator", "Feb-23", "Mar-23"], "No. of CIC at end of month"
    result = read_published_sheets(read_sheets(workbook({
        "Chesil": [["Locality: Chesil"], header, [cic, 180, 178]],
        "Purbeck": [["Locality - Purbeck"], header, [cic, 40, 39]]})), "places.xlsx",
        latest_allowed=pd.Period("2024-03", "M"))
    march = result.observations[result.observations["period"] == pd.Period("2023-03", "M")]
    assert march.set_index("locality")["value"].to_dict() == {"Chesil": 178, "Purbeck": 39}
    assert not [f for f in result.findings if f.code == "value_conflict"]


def test_columns_between_tables_side_by_side_belong_to_the_table_after_the_gap():
    """'Good Is' printed between the gap and the second Indicator column is the second table's: it had rated the
    first table's count as higher-is-better (437 against 420 shown Green)."""
    cic, eet = "No. of CIC at end of month", "% Care leavers in EET"
    figures = _figures([["Indicator", "Target", "Feb-23", "Mar-23", None, "Good Is", "Indicator", "Feb-22", "Mar-22"],
                        [cic, 420, 440, 437, None, "High", eet, 50.5, 52]])
    assert figures.loc[(cic, "2023-03"), "value"] == 437 and figures.loc[(eet, "2022-03"), "value"] == 52
    from tests.core.validation.firing import workbook

    result = read_published_sheets(read_sheets(workbook({"Scorecard": [
        ["Indicator", "Target", "Feb-23", "Mar-23", None, "Good Is", "Indicator", "Feb-22", "Mar-22"],
        [cic, 420, 440, 437, None, "High", eet, 50.5, 52]]})), "side.xlsx", latest_allowed=pd.Period("2024-03", "M"))
    goods = {ind.name: ind.good_is.value for ind in result.indicators.values() if ind.good_is}
    assert goods[cic] == "low" and goods[eet] == "high"  # the library's polarity for CIC; the printed one for EET


@pytest.mark.parametrize("title", ["Locality: see notes", "Locality: n/a", "Locality - Chesil - March 2023",
                                   "Locality: -"])
def test_a_locality_title_that_is_not_a_place_name_leaves_the_figures_the_whole_authoritys(title):
    from tests.core.validation.firing import workbook

    result = read_published_sheets(read_sheets(workbook({"Scorecard": [
        [title], ["Indicator", "Feb-23", "Mar-23"], ["No. of CIC at end of month", 440, 437]]})), "t.xlsx",
        latest_allowed=pd.Period("2024-03", "M"))
    assert set(result.observations["locality"]) == {WHOLE_AUTHORITY}


def test_a_sheet_with_a_titled_table_per_place_is_not_read_as_one_place():
    """Two 'Locality:' titles on one sheet: reading the first as the sheet's place showed Purbeck's figures as
    Chesil's; the sheet is read as before, and its figures' conflicts are reported."""
    from tests.core.validation.firing import workbook

    header, cic = ["Indicator", "Feb-23", "Mar-23"], "No. of CIC at end of month"
    result = read_published_sheets(read_sheets(workbook({"Scorecard": [
        ["Locality: Chesil"], header, [cic, 180, 178], [None], ["Locality: Purbeck"], header, [cic, 40, 39]]})),
        "t.xlsx", latest_allowed=pd.Period("2024-03", "M"))
    assert "Chesil" not in set(result.observations["locality"])
    assert any(f.code == "value_conflict" for f in result.findings)


def test_a_blank_headed_column_left_of_the_indicator_column_is_not_figures_without_a_header():
    from tests.core.validation.firing import workbook

    result = read_published_sheets(read_sheets(workbook({"Scorecard": [
        [None, "Indicator", "Feb-23", "Mar-23"], [1, "No. of CIC at end of month", 440, 437],
        [2, "Rate of CIC as at end of month", 65, 64.5]]})), "t.xlsx", latest_allowed=pd.Period("2024-03", "M"))
    assert not [f for f in result.findings if f.code == "figures_without_header"]


@pytest.mark.parametrize("header", ["Apr-22 to Mar-23", "12 months to Mar-23", "Change since Mar-22", "Mar-23 RAG",
                                    "Mar-23 England"])
def test_a_header_about_a_month_but_not_its_figures_is_no_unread_month(header):
    from core.ingest.published_header import period_not_read

    assert period_not_read(header) is None and str(period_not_read("Mar-23 (provisional)")) == "2023-03"
