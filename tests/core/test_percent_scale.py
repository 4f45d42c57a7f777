"""Percentages typed as fractions of 1 (core.ingest.percent_scale): read as out of 100 only where the workbook
itself says so, each time with a warning; anything else between 0 and 1 stays as typed."""

from __future__ import annotations

import pandas as pd
import pytest

from core.ingest.load import load_workbook
from tests.fixtures.build_wide_fixtures import workbook_bytes

DENTAL = "% CIC in care 12 months or more who have had a dental check within 12 months"
HEADER = ["Indicator", "Locality", "Unit", "Target", "Jan-23", "Feb-23", "Mar-23"]


def _figures(*rows: list[object]) -> tuple[dict[tuple[str, str], list[float]], list[str]]:
    result = load_workbook(workbook_bytes({"Scorecard": [["Scorecard"], HEADER, *rows]}), "fractions.xlsx")
    obs = result.dataset.observations.sort_values("period")
    series = {(str(ind), str(place)): group["value"].round(4).tolist()
              for (ind, place), group in obs.groupby(["indicator_id", "locality"], sort=False)}
    codes = [f.code for f in result.report.findings if f.code.startswith("percent_fraction")]
    return series, codes


def test_a_series_of_fractions_with_a_target_out_of_100_is_read_as_percentages():
    series, codes = _figures([DENTAL, None, "%", 80, 0.5, 0.52, 0.5666])
    assert series[("hew_dental_pct", "Whole authority")] == [50.0, 52.0, 56.66]
    assert codes == ["percent_fractions"]


def test_a_locality_typed_as_fractions_beside_a_whole_authority_out_of_100():
    series, codes = _figures([DENTAL, None, "%", None, 50, 52, 56.7], [DENTAL, "Purbeck", "%", None, 0.4, 0.45, 0.5])
    assert series[("hew_dental_pct", "Purbeck")] == [40.0, 45.0, 50.0]
    assert series[("hew_dental_pct", "Whole authority")] == [50.0, 52.0, 56.7]
    assert codes == ["percent_fractions"]


def test_one_fraction_among_whole_percentages_is_read_as_a_percentage():
    series, codes = _figures([DENTAL, None, "%", 80, 50, 52, 0.5666])
    assert series[("hew_dental_pct", "Whole authority")] == [50.0, 52.0, 56.66]
    assert codes == ["percent_fraction_cell"]


@pytest.mark.parametrize("row", [
    [DENTAL, None, "%", None, 0.5, 0.4, 0.8],  # small percentages with nothing to say otherwise
    [DENTAL, None, "%", 2, 0.5, 0.4, 0.8],  # a target of 2%: 0.5-0.8% is near it, 50-80% is not
    [DENTAL, None, "%", 5, 0, 1, 0],  # 0%, 1%, 0% against 5%: 100% would be twenty times the target
    [DENTAL, None, "%", 80, 7, 6, 0.5],  # 50 is far from 6 or 7: a real 0.5% stays
    [DENTAL, None, "%", 80, 0, 0, 0],  # zeros are zeros
])
def test_figures_between_0_and_1_stay_as_typed_unless_the_workbook_says_otherwise(row):
    series, codes = _figures(row)
    assert series[("hew_dental_pct", "Whole authority")] == [float(v) for v in row[4:]]
    assert codes == []


def test_counts_are_never_scaled():
    series, codes = _figures(["No. of CIC at end of month", None, "No.", 420, 0, 1, 1])
    assert series[("cic_count", "Whole authority")] == [0.0, 1.0, 1.0] and codes == []


def test_rows_read_still_equal_rows_used_and_reported():
    result = load_workbook(workbook_bytes({"Scorecard": [["Scorecard"], HEADER, [DENTAL, None, "%", 80, 0.5, 0.52,
                                                                                  0.5666]]}), "fractions.xlsx")
    report = result.report
    assert sum(c.read for c in report.row_counts) == sum(c.used + c.reported for c in report.row_counts) == 1
    assert pd.notna(result.dataset.observations["value"]).all()


def test_a_small_locality_beside_a_small_whole_authority_stays_as_typed():
    series, codes = _figures([DENTAL, None, "%", None, 2.5, 1.8, 1.2], [DENTAL, "Purbeck", "%", None, 0.5, 0.8, 1.0])
    assert series[("hew_dental_pct", "Purbeck")] == [0.5, 0.8, 1.0] and codes == []


def test_a_figure_its_numerator_and_denominator_give_as_typed_is_not_scaled():
    header = [*HEADER[:4], "Jan-23", "Jan-23 Numerator", "Jan-23 Denominator"]
    result = load_workbook(workbook_bytes({"Scorecard": [["Scorecard"], header,
                                                         [DENTAL, None, "%", 80, 0.5, 1, 200]]}), "typed.xlsx")
    assert result.dataset.observations["value"].tolist() == [0.5]
    assert not [f for f in result.report.findings if f.code.startswith("percent_fraction")]
