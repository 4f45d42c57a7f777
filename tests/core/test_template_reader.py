from datetime import datetime

import pandas as pd
import pytest

from core.ingest.load import load_workbook
from core.model import WHOLE_AUTHORITY, Commentary, Indicator
from core.validation.findings import Level
from tests.core.template_fixtures import edit_cells, template_bytes


def _value(result, indicator, period, locality=WHOLE_AUTHORITY):
    obs = result.dataset.observations
    row = obs[(obs["indicator_id"] == indicator) & (obs["period"] == pd.Period(period, freq="M"))
              & (obs["locality"] == locality)]
    assert len(row) == 1, row
    return row.iloc[0]


def _messages(result, code=None):
    return [f"{f.sheet}!{f.cell}: {f.message}" for f in result.report.findings if code is None or f.code == code]


def test_clean_template_loads_every_row():
    result = load_workbook(template_bytes([
        {"indicator_id": "cic_count", "month": "2023-03", "value": 437},
        {"indicator_id": "cic_count", "locality": "North", "month": "2023-03", "value": 300},
        {"indicator_id": "cic_count", "locality": "South", "month": "2023-03", "value": 137},
        {"indicator_id": "hew_dental_pct", "month": datetime(2023, 3, 31), "value": 61.5,
         "numerator": 123, "denominator": 200},
    ]), "march.xlsx")
    assert result.usable
    assert result.report.rows_read == 3 + 4  # indicators + values
    assert result.report.rows_used == 7 and result.report.rows_reported == 0
    assert [f for f in result.report.findings if f.level is not Level.info] == []
    dental = _value(result, "hew_dental_pct", "2023-03")
    assert dental["value"] == 61.5 and dental["numerator"] == 123 and dental["denominator"] == 200
    assert dental["cell"] == "D5" and dental["sheet"] == "Values" and dental["source"] == "march.xlsx"
    assert _value(result, "cic_count", "2023-03", "North")["value"] == 300
    assert result.dataset.localities == [WHOLE_AUTHORITY, "North", "South"]


def test_text_values_keep_their_reason_and_note_never_zero():
    result = load_workbook(template_bytes([
        {"indicator_id": "hew_dental_pct", "month": "2023-01", "value": "NA"},
        {"indicator_id": "hew_dental_pct", "month": "2023-02", "value": None, "note": "tbc"},
        {"indicator_id": "hew_dental_pct", "month": "2023-03", "value": "25.4% (Provisional)"},
        {"indicator_id": "hew_dental_pct", "month": "2022-12", "value": "Data published September 2023"},
        {"indicator_id": "cic_count", "month": "2023-03", "value": "-"},
    ]))
    jan = _value(result, "hew_dental_pct", "2023-01")
    assert pd.isna(jan["value"]) and jan["missing_reason"] == "not_applicable" and jan["note"] == "NA"
    feb = _value(result, "hew_dental_pct", "2023-02")
    assert pd.isna(feb["value"]) and feb["missing_reason"] == "not_yet_reported"
    mar = _value(result, "hew_dental_pct", "2023-03")
    assert mar["value"] == 25.4 and mar["note"] == "Provisional" and pd.isna(mar["missing_reason"])
    assert _value(result, "hew_dental_pct", "2022-12")["missing_reason"] == "published_later"
    assert _value(result, "cic_count", "2023-03")["missing_reason"] == "not_applicable"
    assert result.report.rows_reported == 0


def test_bad_rows_are_reported_with_sheet_and_cell_and_not_loaded():
    result = load_workbook(template_bytes([
        {"indicator_id": "cic_count", "month": "2023-03", "value": "twelve"},       # row 2
        {"indicator_id": "mystery", "month": "2023-03", "value": 5},                # row 3
        {"indicator_id": "cic_count", "month": "Marchish", "value": 5},             # row 4
        {"indicator_id": "cic_count", "locality": "Nowhere", "month": "2023-03", "value": 5},  # row 5
        {"indicator_id": "cic_count", "month": "2023-02", "value": 444},            # row 6
        {"indicator_id": "cic_count", "month": "2023-02", "value": 445},            # row 7: duplicate
        {"indicator_id": None, "month": "2023-02", "value": 1},                     # row 8
    ]))
    messages = _messages(result)
    assert "Values!D2: 'twelve' is not a number; this row was not loaded." in messages
    assert "Values!A3: indicator 'mystery' is not on the Indicators sheet; this row was not loaded." in messages
    assert any(m.startswith("Values!C4: 'Marchish' is not a month") for m in messages)
    assert any(m.startswith("Values!B5: locality 'Nowhere' is not in the About sheet's list") for m in messages)
    assert "About!: 1 Values rows name localities missing from the About sheet's list (North, South): Nowhere (1 row)." \
        " If the list is wrong, correct it on the About sheet and upload again." in messages
    assert any(m.startswith("Values!D7: a second value for 'cic_count', Whole authority, 2023-02 (first given in row 6)")
               for m in messages)
    assert any(m.startswith("Values!A8: no indicator id") for m in messages)
    values = result.report.row_counts[1]
    assert (values.sheet, values.read, values.used, values.reported) == ("Values", 7, 1, 6)
    assert result.report.rows_read == result.report.rows_used + result.report.rows_reported
    assert _value(result, "cic_count", "2023-02")["value"] == 444


def test_suspicious_values_are_loaded_but_warned():
    result = load_workbook(template_bytes([
        {"indicator_id": "hew_dental_pct", "month": "2023-03", "value": 104, "numerator": 52, "denominator": 50},
        {"indicator_id": "cic_count", "month": "2023-03", "value": -2},
    ]))
    codes = {f.code: f for f in result.report.findings}
    assert codes["percent_over_100"].cell == "D2" and "over 100" in codes["percent_over_100"].message
    assert codes["numerator_over_denominator"].cell == "E2"
    assert codes["negative_value"].cell == "D3"
    assert result.report.rows_reported == 0 and _value(result, "hew_dental_pct", "2023-03")["value"] == 104


def test_indicator_sheet_problems_name_the_cell():
    data = template_bytes([{"indicator_id": "cic_count", "month": "2023-03", "value": 437}])
    data = edit_cells(data, "Indicators", {"D3": "percentish", "F4": "zero", "A5": "extra", "D5": "count"})
    result = load_workbook(data)
    messages = _messages(result)
    assert ("Indicators!D3: unit 'percentish' is not recognised for 'hew_dental_pct' "
            "(words understood include %, No., Days, Score, Ratio, Rate per 10,000); it was ignored.") in messages
    assert "Indicators!F4: target 'zero' is not a number for 'cl_bnb_count'; it was ignored." in messages
    assert "Indicators!C5: this indicator row has no name; it was not loaded." in messages
    # The dental indicator stays; the unit it lacks comes from the indicator library, and the report says so.
    assert result.dataset.indicators["hew_dental_pct"].unit == "percent"
    assert any("'% CIC with a dental check' (unit, periodicity)" in f.message and f.code == "library_fill_by_id"
               for f in result.report.findings)


def test_an_indicator_the_library_does_not_know_stays_unrated_when_its_unit_is_unreadable():
    local = Indicator(id="local_measure", area="Placement", name="A local measure", unit="count", good_is="low",
                      target=3)
    data = template_bytes([{"indicator_id": "local_measure", "month": "2023-03", "value": 2}], indicators=[local])
    result = load_workbook(edit_cells(data, "Indicators", {"D2": "widgets"}))
    assert result.dataset.indicators["local_measure"].unit is None
    unratable = [f for f in result.report.findings if f.code == "unratable"]
    assert len(unratable) == 1 and "'A local measure' has no unit" in unratable[0].message


def test_target_zero_is_kept_as_zero():
    result = load_workbook(template_bytes([{"indicator_id": "cl_bnb_count", "month": "2023-03", "value": 1}]))
    assert result.dataset.indicators["cl_bnb_count"].target == 0


def test_unit_and_polarity_words_are_understood():
    data = template_bytes([{"indicator_id": "cic_count", "month": "2023-03", "value": 437}])
    data = edit_cells(data, "Indicators", {"D2": "No.", "E2": "Low", "D3": "%", "E3": "High"})
    result = load_workbook(data)
    assert result.dataset.indicators["cic_count"].unit == "count"
    assert result.dataset.indicators["hew_dental_pct"].good_is == "high"


def test_commentary_and_about_are_read():
    data = template_bytes(
        [{"indicator_id": "cic_count", "month": "2023-03", "value": 437}],
        commentary=[Commentary(subject="Profile", period="2023-03", text="Numbers fell.", author="BI")],
    )
    result = load_workbook(data)
    assert result.dataset.commentary[0].text == "Numbers fell."
    assert result.dataset.about.authority == "Testshire"
    assert result.dataset.about.localities == ["North", "South"]


def test_nothing_usable_is_an_error():
    result = load_workbook(template_bytes([], indicators=[]))
    assert not result.usable and result.dataset is None
    assert any(f.level is Level.error and f.code == "no_indicators_read" for f in result.report.findings)


@pytest.mark.parametrize("locality_count", [2])
def test_locality_sums_that_disagree_are_reported(locality_count):
    result = load_workbook(template_bytes([
        {"indicator_id": "cic_count", "month": "2023-03", "value": 437},
        {"indicator_id": "cic_count", "locality": "North", "month": "2023-03", "value": 300},
        {"indicator_id": "cic_count", "locality": "South", "month": "2023-03", "value": 100},
    ]))
    sums = [f for f in result.report.findings if f.code == "locality_sum"]
    assert len(sums) == 1 and "add up to 400" in sums[0].message and sums[0].cell == "D2"
    assert result.dataset.localities[1:] == ["North", "South"] and locality_count == 2


def test_a_values_sheet_without_its_header_reports_every_row():
    data = template_bytes([{"indicator_id": "cic_count", "month": "2023-03", "value": 437},
                           {"indicator_id": "cic_count", "month": "2023-02", "value": 444}])
    result = load_workbook(edit_cells(data, "Values", {"A1": "ind", "C1": "when"}))
    assert not result.usable
    header = [f for f in result.report.findings if f.code == "no_header"]
    assert len(header) == 1 and header[0].sheet == "Values" and header[0].cell == "A1"
    assert "row 1 holds 'ind', 'locality', 'when', 'value'" in header[0].message
    values = next(c for c in result.report.row_counts if c.sheet == "Values")
    assert (values.read, values.used, values.reported) == (3, 0, 3)  # the unrecognised header row and 2 values
    assert result.report.rows_read == result.report.rows_used + result.report.rows_reported
