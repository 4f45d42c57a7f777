"""Rules of the template layout: About, Indicators, Values and Commentary sheets, each broken on purpose.

Template columns: Indicators A id, B area, C name, D unit, E good_is, F target, G amber_band_kind,
H amber_band_value, P arrears_months; rows 2-4 are cic_count, hew_dental_pct, cl_bnb_count.
Values A indicator_id, B locality, C month, D value, E numerator, F denominator. About B3 is Month ending.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.model import About, Commentary
from tests.core.template_fixtures import INDICATORS, edit_cells, template_bytes
from tests.core.validation.firing import Fires, assert_fires, loaded, with_sheet

_ONE = [{"indicator_id": "cic_count", "month": "2023-03", "value": 437}]
_NOTE = [Commentary(subject="Profile", period="2023-03", text="Numbers fell.")]


def _indicators(edits: dict[str, object]) -> list:
    return loaded(edit_cells(template_bytes(_ONE), "Indicators", edits))


def _values(*rows: dict) -> list:
    return loaded(template_bytes([*rows, *_ONE]))


def _commentary(edits: dict[str, object]) -> list:
    return loaded(edit_cells(template_bytes(_ONE, commentary=_NOTE), "Commentary", edits))


CASES = [
    Fires("extra_sheet", lambda: loaded(with_sheet(template_bytes(_ONE), "Notes", [["a note"]])), "Notes", "",
          "Sheet 'Notes' is not part of the template and was not read."),
    Fires("no_header", lambda: loaded(edit_cells(template_bytes(_ONE * 2), "Values", {"A1": "ind", "C1": "when"})),
          "Values", "A1",
          "the Values sheet has no header row naming the indicator_id, month and value columns (row 1 holds 'ind', "
          "'locality', 'when', 'value', 'numerator', 'denominator', 'note'); none of its 3 rows was loaded."),
    Fires("no_commentary_header", lambda: _commentary({"A1": "topic", "C1": "words"}), "Commentary", "A1",
          "the Commentary sheet has no header row naming the subject and text columns (row 1 holds 'topic', "
          "'month', 'words', 'author'); none of its 2 rows was loaded."),
    Fires("no_about", lambda: loaded(with_sheet(template_bytes(_ONE), "About", None)), "About", "",
          "There is no About sheet: the authority name and month are unknown."),
    Fires("about_date", lambda: loaded(edit_cells(template_bytes(_ONE), "About", {"B3": "soon"})), "About", "B3",
          "Month ending 'soon' is not a date; it was ignored."),
    Fires("duplicate_indicator", lambda: loaded(template_bytes(_ONE, indicators=[*INDICATORS, INDICATORS[0]])),
          "Indicators", "A5", "indicator id 'cic_count' appears twice; this row was not loaded."),
    Fires("indicator_incomplete", lambda: _indicators({"C4": None}), "Indicators", "C4",
          "this indicator row has no name; it was not loaded."),
    Fires("indicator_invalid", lambda: _indicators({"P2": 30}), "Indicators", "P2",
          "indicator 'cic_count': arrears_months input should be less than or equal to 24; this row was not loaded."),
    Fires("bad_choice", lambda: _indicators({"D3": "percentish"}), "Indicators", "D3",
          "unit 'percentish' is not recognised for 'hew_dental_pct' (words understood include %, No., Days, Score, "
          "Ratio, Rate per 10,000); it was ignored."),
    Fires("bad_number", lambda: _indicators({"F4": "zero"}), "Indicators", "F4",
          "target 'zero' is not a number for 'cl_bnb_count'; it was ignored."),
    Fires("unknown_area", lambda: _indicators({"B2": "Mystery"}), "Indicators", "B2",
          "area 'Mystery' is not a standard area; 'cic_count' is listed under it as given."),
    Fires("bad_band", lambda: _indicators({"G2": "absolute", "H2": None}), "Indicators", "G2",
          "the amber band for 'cic_count' needs both a kind (absolute, relative, intervention) and a value; "
          "the default band applies."),
    Fires("negative_band", lambda: _indicators({"G2": "absolute", "H2": -5}), "Indicators", "G2",
          "the amber band for 'cic_count' cannot be negative; the default band applies."),
    Fires("no_indicator_id", lambda: _values({"indicator_id": None, "month": "2023-02", "value": 1}), "Values", "A2",
          "no indicator id; this row was not loaded."),
    Fires("unknown_indicator", lambda: _values({"indicator_id": "mystery", "month": "2023-02", "value": 1}),
          "Values", "A2", "indicator 'mystery' is not on the Indicators sheet; this row was not loaded."),
    Fires("bad_month", lambda: _values({"indicator_id": "cic_count", "month": "Marchish", "value": 1}),
          "Values", "C2", "'Marchish' is not a month (use a date or YYYY-MM); this row was not loaded."),
    Fires("future_month", lambda: loaded(template_bytes(
        [{"indicator_id": "cic_count", "month": "2023-04", "value": 430}, *_ONE],
        about=About(authority="Testshire", month_ending=date(2023, 3, 31)))), "Values", "C2",
        "April 2023 is after March 2023, the workbook's month ending (About sheet); this row was not loaded."),
    Fires("bad_value", lambda: _values({"indicator_id": "cic_count", "month": "2023-02", "value": "twelve"}),
          "Values", "D2", "'twelve' is not a number; this row was not loaded."),
    Fires("unknown_locality",
          lambda: _values({"indicator_id": "cic_count", "locality": "Nowhere", "month": "2023-02", "value": 1}),
          "Values", "B2", "locality 'Nowhere' is not in the About sheet's list (North, South); this row was not loaded."),
    Fires("locality_list",
          lambda: _values({"indicator_id": "cic_count", "locality": "Nowhere", "month": "2023-02", "value": 1}),
          "About", "", "1 Values rows name localities missing from the About sheet's list (North, South): "
          "Nowhere (1 row). If the list is wrong, correct it on the About sheet and upload again."),
    Fires("duplicate_row", lambda: _values({"indicator_id": "cic_count", "month": "2023-03", "value": 440}),
          "Values", "D3", "a second value for 'cic_count', Whole authority, 2023-03 (first given in row 2); "
          "this row was not loaded."),
    Fires("bad_numerator", lambda: _values(
        {"indicator_id": "hew_dental_pct", "month": "2023-03", "value": 50, "numerator": "lots", "denominator": 10}),
        "Values", "E2", "'lots' is not a number; the numerator was left blank."),
    Fires("bad_denominator", lambda: _values(
        {"indicator_id": "hew_dental_pct", "month": "2023-03", "value": 50, "numerator": 5, "denominator": "many"}),
        "Values", "F2", "'many' is not a number; the denominator was left blank."),
    Fires("numerator_over_denominator", lambda: _values(
        {"indicator_id": "hew_dental_pct", "month": "2023-03", "value": 50, "numerator": 12, "denominator": 10}),
        "Values", "E2", "the numerator is larger than the denominator; it was loaded, please check it."),
    Fires("percent_over_100", lambda: _values({"indicator_id": "hew_dental_pct", "month": "2023-03", "value": 104}),
          "Values", "D2", "'hew_dental_pct' is a percentage but the value is 104 (over 100); it was loaded, "
          "please check it."),
    Fires("negative_value", lambda: _values({"indicator_id": "cl_bnb_count", "month": "2023-03", "value": -2}),
          "Values", "D2", "'cl_bnb_count' cannot be negative but the value is -2; it was loaded, please check it."),
    Fires("commentary_incomplete", lambda: _commentary({"C2": None}), "Commentary", "C2",
          "this commentary has no text; it was not loaded."),
    Fires("commentary_subject", lambda: _commentary({"A2": "Weather"}), "Commentary", "A2",
          "commentary subject 'Weather' is neither an area nor an indicator id; it is shown under Other."),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_fires(case: Fires) -> None:
    assert_fires(case)
