"""Rules of the published layout (indicator rows, month columns, several sheets), each from a tiny pack."""

from __future__ import annotations

import pandas as pd
import pytest

from core.ingest.container import read_sheets
from core.ingest.published_layout import read_published_sheets
from core.validation.findings import Finding
from tests.core.validation.firing import Fires, Rows, assert_fires, loaded, workbook
from tests.fixtures import build_council_fixtures as council

CIC = "No. of CIC at end of month"
DENTAL = "% CIC in care 12 months or more who have had a dental check within 12 months"
IHA = "% of New CIC receiving their IHA within 20 days"  # the library's name says '(one month in arrears)'
UNKNOWN = "Foster carer households available"
HEADER = ["Indicator", "Unit", "Good Is", "Target", "Feb-23", "Mar-23", "Latest D.O.T.", "Status"]


def _pack(*rows: list[object], header: list[object] = HEADER, **more: Rows) -> list:
    """One 'Scorecard' sheet (title row, header row 2, these rows from row 3), plus any other sheets."""
    return loaded(workbook({"Scorecard": [["Scorecard"], header, *rows], **more}))


def _two_sheets(first: list[object], second: list[object]) -> list:
    header = ["Indicator", "Target", "Feb-23", "Mar-23"]
    return loaded(workbook({"Profile": [["Profile"], header, first], "Appendix": [["Appendix"], header, second]}))


def _council(book: council.Book) -> list[Finding]:
    """Another council's layout (tests/fixtures/build_council_fixtures.py), read as of March 2024."""
    return read_published_sheets(read_sheets(book.bytes()), "book.xlsx", latest_allowed=pd.Period("2024-03", "M")).findings


_CIC_ROW = [CIC, "No.", "Low", 420, 444, 437, "Improving", "Red"]

_FRACTIONS = ["Indicator", "Unit", "Good Is", "Target", "Jan-23", "Feb-23", "Mar-23"]

CASES = [
    Fires("sheet_place", lambda: loaded(workbook({"Chesil": [["Locality: Chesil"], ["Indicator", "Feb-23", "Mar-23"],
                                                            [CIC, 180, 178]]})), "Chesil", "A1",
          "'Locality: Chesil': every figure on this sheet is read as Chesil's (the sheet has no Locality column)."),
    # a month's figures under a header the reader could not take whole ('Mar-23 YTD', a kind of figure, stays INFO)
    Fires("period_column_not_read", lambda: _pack([CIC, 449, 444, 437],
                                                 header=["Indicator", "Jan-23", "Feb-23", "Mar-23 (provisional)"]),
          "Scorecard", "D2",
          "D2 'Mar-23 (provisional)' names March 2023, but the other words do not say what the column holds in words "
          "the reader knows; its figures were not loaded. Head it with the month alone (or the month and Target, "
          "Numerator...), or say on the Upload page what the column holds."),
    Fires("figures_without_header", lambda: _pack([CIC, 444, 437, 429], [DENTAL, 80, 82, 85],
                                                 header=["Indicator", "Feb-23", "Mar-23", None]), "Scorecard", "D3",
          "column D holds figures (D3:D4) but its header D2 is blank; they were not loaded. Give the column its month "
          "(or what it holds) and upload again."),
    Fires("locality_spelling", lambda: _pack([CIC, "Purbeck", 44, 43], [DENTAL, "PURBECK ", 80, 82],
                                            header=["Indicator", "Locality", "Feb-23", "Mar-23"]), "Scorecard", "C4",
          "the locality 'PURBECK' is read as 'Purbeck', the same place spelt another way (case or spaces); its "
          "figures are that place's."),
    Fires("percent_on_count", lambda: _pack([CIC, "No.", "Low", 420, 444, "8.2%", None, None]), "Scorecard", "F3",
          f"'{CIC}' is a count but the cell holds '8.2%', a percentage; it was loaded as 8.2, please check it."),
    # the template reader's rule, in the published layout too (-437 children was shown, rated Green)
    Fires("negative_value", lambda: _pack([CIC, "No.", "Low", 420, 444, -437, None, None]), "Scorecard", "F3",
          f"'{CIC}' cannot be negative but the value is -437; it was loaded, please check it."),
    Fires("key_row", lambda: _pack(_CIC_ROW, [None], ["Green", "On or better than target", None, None, None, None,
                                                     None, "Green"]), "Scorecard", "A5",
          "'Green' starts a row of the RAG key, not an indicator; it was not loaded."),
    Fires("percent_fractions", lambda: _pack([DENTAL, "%", "High", 80, 0.5, 0.52, 0.5666], header=_FRACTIONS),
          "Scorecard", "E3",
          f"every figure of '{DENTAL}' is between 0 and 1 (e.g. 0.5 in Jan 2023), but its target, benchmark or other "
          "figures are out of 100: they were read as fractions of 1 (0.5 as 50.0%). If Excel shows them as "
          "percentages, that is right; type them as numbers out of 100 to be sure."),
    Fires("percent_fraction_cell", lambda: _pack([DENTAL, "%", "High", 80, 50, 52, 0.5666], header=_FRACTIONS),
          "Scorecard", "G3",
          f"0.5666 for '{DENTAL}' in Mar 2023 sits among figures of 50 to 52: it was read as 56.7% (a fraction of "
          "1). Check the cell's format in Excel."),
    Fires("sheet_not_read", lambda: _pack(_CIC_ROW, Notes=[["Some notes for the board"]]), "Notes", "",
          "Sheet 'Notes' has no table with an indicator column and month columns; it was not read."),
    Fires("months_by_place", lambda: loaded(workbook({"By place": [
        [None, None, "North", None, "South", None], ["Indicator", "Good Is", "Feb-23", "Mar-23", "Feb-23", "Mar-23"],
        [CIC, "Low", 70, 69, 80, 79]]})), "By place", "C1",
        "The table whose header ends on row 2 repeats its months under C1 'North', E1 'South': figures laid out by "
        "place across the columns are not read, because reading one group would show one place's figures as "
        "another's. Give each place a row of its own (a Locality column) and upload again."),
    Fires("no_published_table", lambda: loaded(workbook({"Notes": [["Some notes"], ["Indicator", "Value"]]})),
          "", "", "No sheet has a table whose header row names an indicator column and at least two month columns "
          "(sheets looked at: Notes). If the workbook is laid out another way, say once on the Upload page which "
          "column holds what: the mapping is kept for next month's workbook (and the command line takes it as "
          "--mapping FILE)."),
    Fires("no_indicator_name", lambda: _pack(_CIC_ROW, [None, None, None, None, 3, 4]), "Scorecard", "A4",
          "this row has figures but no indicator name; it was not loaded."),
    Fires("stray_text", lambda: _pack(_CIC_ROW, ["Numbers fell in March."]), "Scorecard", "A4",
          "'Numbers fell in March.' has no figures and is neither a known area heading nor a known indicator; "
          "it was not loaded."),
    Fires("duplicate_month", lambda: _pack([CIC, 444, 437, 999], header=["Indicator", "Feb-23", "Mar-23", "Feb-23"]),
          "Scorecard", "D2", "column D repeats the month Feb 2023 of column B; its values were not loaded."),
    Fires("months_out_of_order", lambda: _pack([CIC, 437, 449, 444], header=["Indicator", "Mar-23", "Jan-23", "Feb-23"]),
          "Scorecard", "B2",
          "the month columns are not in order (Mar 2023, Jan 2023, Feb 2023); each was read by its own header."),
    Fires("header_not_used", lambda: _pack([CIC, "blue", 444, 437], header=["Indicator", "Colour", "Feb-23", "Mar-23"]),
          "Scorecard", "B2", "B2 'Colour': not used (not a period, a period with what it holds, or a column the reader "
          "knows)."),
    Fires("bad_choice", lambda: _pack([CIC, "children", "Low", 420, 444, 437, None, None]), "Scorecard", "B3",
          f"unit 'children' is not recognised for '{CIC}' (words understood include %, No., Days, Score, Ratio, "
          "Rate per 10,000); it was ignored."),
    Fires("bad_number", lambda: _pack([CIC, "No.", "Low", "zero", 444, 437, None, None]), "Scorecard", "D3",
          f"target 'zero' is not a number for '{CIC}'; it was ignored."),
    Fires("bad_printed_word", lambda: _pack([CIC, "No.", "Low", 420, 444, 437, "Up-ish", None]), "Scorecard", "G3",
          f"direction of travel 'Up-ish' for '{CIC}' is not a known direction of travel; it was ignored."),
    Fires("bad_month_cell", lambda: _pack([CIC, "No.", "Low", 420, "twelve", 437, None, None]), "Scorecard", "E3",
          f"'twelve' is not a number; this month was not loaded for '{CIC}'"),
    Fires("percent_over_100", lambda: _pack([DENTAL, "%", "High", 85, 80, 102.5, None, None]), "Scorecard", "F3",
          f"'{DENTAL}' is a percentage but the value is 102.5 (over 100); it was loaded, please check it."),
    Fires("library_fill", lambda: _pack([CIC, 444, 437], header=["Indicator", "Feb-23", "Mar-23"]), "Scorecard", "",
          "1 indicator took area/unit/polarity/periodicity from the indicator library."),
    Fires("library_match", lambda: _pack([IHA, "%", "High", 90, 50, 55, None, None]), "Scorecard", "",
          f"1 indicator name matched the indicator library despite different wording: '{IHA}' as '{IHA} (one month "
          "in arrears)'."),
    Fires("unmatched_indicator", lambda: _pack([UNKNOWN, None, None, None, 98, 97, None, None]), "Scorecard", "A3",
          f"'{UNKNOWN}' has no polarity (Good Is) or unit and matches no known indicator: it is shown but not rated."),
    Fires("detail_conflict", lambda: _two_sheets([CIC, 420, 444, 437], [CIC, 400, 444, 437]), "Appendix", "B3",
          f"'{CIC}': target conflict: Profile!B3 says 420, Appendix!B3 says 400; the first is kept."),
    Fires("value_conflict", lambda: _two_sheets([CIC, 420, 444, 437], [CIC, 420, 445, 437]), "Appendix", "C3",
          f"conflict for '{CIC}', Feb 2023, Whole authority: Profile!C3 says 444, Appendix!C3 says 445; "
          "the first is kept."),
    Fires("repeated_rows", lambda: _two_sheets([CIC, 420, 444, 437], [CIC, 420, 444, 437]), "Appendix", "",
          "the same figures as on 'Profile' appear again for 1 indicator; they were read once."),
    Fires("name_row_joined", lambda: _council(council.november_2020()), "Data Set", "A6",
          "'Rate of Children in Care per 10,000' is on a row of its own and its figures on row 7 beneath it "
          "(name cell blank): read as one indicator."),
    Fires("period_impossible", lambda: _council(council.impossible_months()), "Care Leavers", "G2",
          "column G: 'Oct 98' reads as October 2098, after March 2024, the latest month a workbook can hold now; "
          "this column was not loaded."),
    Fires("text_target_read", lambda: _council(council.quarterly_layout()), "Q2 Scorecard", "E5",
          "'Number of children looked after' Sep 2022: the target 'decrease from Q1' is read as 449, the figure "
          "for Jun 2022."),
    Fires("text_target_not_rated", lambda: _council(council.quarterly_layout()), "Q2 Scorecard", "B12",
          "'% of children looked after achieving expected standard in KS2 reading, writing and maths' Jun 2022: "
          "the target 'improve' is kept as written but not rated: it names no period to compare with."),
    Fires("polarity_inferred", lambda: _council(council.quarterly_layout()), "Q2 Scorecard", "E5",
          "'Number of children looked after' has no Good Is column and matches no known indicator: lower is taken "
          "as better because the target 'decrease from Q1' (E5)."),
    Fires("unit_from_name", lambda: _council(council.quarterly_layout()), "Q2 Scorecard", "",
          "5 indicators had no unit column and no library match, so the unit was read from the name (a name "
          "starting '%' is a percentage, 'Number of' a count): '% of EHC plans issued within 20 weeks'; '% of "
          "children looked after achieving expected standard in KS2 reading, writing and maths'; '% of "
          "re-referrals to children's social care within 12 months'; 'Number of children looked after'; "
          "'Number of missing episodes for children looked after'."),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_fires(case: Fires) -> None:
    assert_fires(case)
