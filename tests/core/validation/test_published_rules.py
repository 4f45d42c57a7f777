"""Rules of the published layout (indicator rows, month columns, several sheets), each from a tiny pack."""

from __future__ import annotations

import pytest

from tests.core.validation.firing import Fires, Rows, assert_fires, loaded, workbook

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


_CIC_ROW = [CIC, "No.", "Low", 420, 444, 437, "Improving", "Red"]

CASES = [
    Fires("sheet_not_read", lambda: _pack(_CIC_ROW, Notes=[["Some notes for the board"]]), "Notes", "",
          "Sheet 'Notes' has no table with an indicator column and month columns; it was not read."),
    Fires("no_published_table", lambda: loaded(workbook({"Notes": [["Some notes"], ["Indicator", "Value"]]})),
          "", "", "No sheet has a table whose header row names an indicator column and at least two month columns "
          "(sheets looked at: Notes)."),
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
    Fires("unknown_column", lambda: _pack([CIC, "blue", 444, 437], header=["Indicator", "Colour", "Feb-23", "Mar-23"]),
          "Scorecard", "A2", "columns not read (not a month or a known column): 'Colour' (B2)."),
    Fires("bad_choice", lambda: _pack([CIC, "children", "Low", 420, 444, 437, None, None]), "Scorecard", "B3",
          f"unit 'children' is not recognised for '{CIC}'; it was ignored."),
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
          f"1 indicator name matched the indicator library despite different wording: '{IHA}' as hew_iha_20days_pct."),
    Fires("unmatched_indicator", lambda: _pack([UNKNOWN, None, None, None, 98, 97, None, None]), "Scorecard", "A3",
          f"'{UNKNOWN}' has no polarity (Good Is) or unit and matches no known indicator: it is shown but not rated."),
    Fires("detail_conflict", lambda: _two_sheets([CIC, 420, 444, 437], [CIC, 400, 444, 437]), "Appendix", "B3",
          f"'{CIC}': target conflict: Profile!B3 says 420, Appendix!B3 says 400; the first is kept."),
    Fires("value_conflict", lambda: _two_sheets([CIC, 420, 444, 437], [CIC, 420, 445, 437]), "Appendix", "C3",
          f"conflict for '{CIC}', Feb 2023, Whole authority: Profile!C3 says 444, Appendix!C3 says 445; "
          "the first is kept."),
    Fires("repeated_rows", lambda: _two_sheets([CIC, 420, 444, 437], [CIC, 420, 444, 437]), "Appendix", "",
          "the same figures as on 'Profile' appear again for 1 indicator; they were read once."),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_fires(case: Fires) -> None:
    assert_fires(case)
