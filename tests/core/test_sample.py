"""The embedded sample workbook: published whole-authority figures, a synthetic locality split that adds up."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from core.model import BandKind
from core.template.contract import write_template
from data.build_sample import (
    LOCALITIES,
    REFERENCE_DIR,
    SAMPLE_PATH,
    benchmark_year,
    build_sample,
)


@pytest.fixture(scope="module")
def sample():
    return build_sample(REFERENCE_DIR)


@pytest.fixture(scope="module")
def values(sample) -> pd.DataFrame:
    return sample[2]


@pytest.fixture(scope="module")
def units(sample) -> dict[str, str]:
    return {ind.id: ind.unit.value for ind in sample[1]}


def _whole(values: pd.DataFrame) -> pd.DataFrame:
    return values[values["locality"].isna()].set_index(["indicator_id", "month"])


def _locality_sums(values: pd.DataFrame, column: str) -> pd.Series:
    local = values[values["locality"].notna()]
    return local.groupby(["indicator_id", "month"])[column].sum(min_count=1)


def test_locality_counts_add_up_to_the_published_total(values, units):
    whole = _whole(values)
    counted = whole[(whole.index.get_level_values(0).map(units) == "count") & whole["value"].notna()]
    assert len(counted) > 200  # every count indicator and month, not a handful
    sums = _locality_sums(values, "value").reindex(counted.index)
    np.testing.assert_array_equal(sums.to_numpy(), counted["value"].to_numpy())
    local = values[values["locality"].notna() & values["indicator_id"].map(units).eq("count")
                   & values["value"].notna()]
    assert (local["value"] >= 0).all() and (local["value"] % 1 == 0).all()


def test_small_locality_counts_occur_and_so_do_larger_ones(values, units):
    local = values[values["locality"].notna() & values["indicator_id"].map(units).eq("count")]
    assert local["value"].between(0, 4).sum() > 100
    assert (local["value"] >= 5).sum() > 100


def test_percentages_are_integer_splits_that_reproduce_the_published_figure(values, units):
    whole = _whole(values)
    pct = whole[(whole.index.get_level_values(0).map(units) == "percent") & whole["value"].notna()]
    assert len(pct) > 200
    assert pct["numerator"].notna().all() and pct["denominator"].gt(0).all()
    np.testing.assert_array_less(np.abs(100 * pct["numerator"] / pct["denominator"] - pct["value"]), 0.05 + 1e-9)
    for column in ("numerator", "denominator"):
        np.testing.assert_array_equal(_locality_sums(values, column).reindex(pct.index).to_numpy(),
                                      pct[column].to_numpy())
    local = values[values["locality"].notna() & values["indicator_id"].map(units).eq("percent")
                   & values["denominator"].notna()]
    assert (local["numerator"] <= local["denominator"]).all() and (local["numerator"] % 1 == 0).all()
    shown = local[local["denominator"] > 0]
    np.testing.assert_allclose(shown["value"], 100 * shown["numerator"] / shown["denominator"], atol=0.05)
    # A locality with nobody in the cohort has no percentage, and says why.
    empty = local[local["denominator"] == 0]
    assert empty["value"].isna().all() and empty["note"].eq("NA").all()
    assert (local["denominator"] < 5).any()  # small cohorts the app must suppress


def test_rate_uses_the_children_in_care_split_over_a_population_consistent_with_the_published_rate(values):
    rate = values[values["indicator_id"] == "cic_rate"].set_index(["month", "locality"])
    count = values[values["indicator_id"] == "cic_count"].set_index(["month", "locality"])
    both = rate.join(count["value"].rename("count"), how="inner")
    assert len(both) == 6 * 7  # Oct 2022 - Mar 2023, whole authority and six localities
    np.testing.assert_array_equal(both["numerator"], both["count"])
    whole = _whole(values).loc["cic_rate"]
    # Within the printed rounding: 1 dp in the 2022 pack, 2 dp in the 2023 one.
    printed_half_unit = np.where(whole["value"].round(1) == whole["value"], 0.05, 0.005)
    error = np.abs(whole["numerator"] / whole["denominator"] * 10_000 - whole["value"])
    assert (error <= printed_half_unit + 1e-9).all()
    np.testing.assert_array_equal(_locality_sums(values, "denominator").loc["cic_rate"], whole["denominator"])


def test_whole_authority_values_are_the_published_ones(values):
    whole = _whole(values)["value"]
    # values.csv: cic_count 2023-03 = 437; hew_dental_pct 2023-03 = 56.66; cic_rate 2023-03 = 64.55;
    # adopt_care_to_move_in_days 2023-03 = 517; suf_foster_carers 2021-10 = 194 (from the 2022 pack).
    assert whole[("cic_count", "2023-03")] == 437
    assert whole[("hew_dental_pct", "2023-03")] == 56.66
    assert whole[("cic_rate", "2023-03")] == 64.55
    assert whole[("adopt_care_to_move_in_days", "2023-03")] == 517
    assert whole[("suf_foster_carers", "2021-10")] == 194
    assert values["month"].min() == "2021-10" and values["month"].max() == "2023-03"


def test_every_published_figure_in_the_window_is_a_whole_authority_row():
    reference = pd.read_csv(REFERENCE_DIR / "values.csv", dtype={"period": str})
    window = reference[reference["period"].between("2021-10", "2023-03")]
    whole = _whole(build_sample(REFERENCE_DIR)[2])["value"]
    got = whole.reindex(list(zip(window["id"], window["period"])))
    np.testing.assert_array_equal(got.to_numpy(), window["value"].to_numpy())
    assert len(whole.dropna()) == len(window)  # and nothing else


def test_uncertain_figures_keep_their_value_and_say_so(values):
    whole = _whole(values)
    row = whole.loc[("cl_health_passports_completed", "2023-03")]
    assert row["value"] == 2 and row["note"] == "uncertain in source"
    assert whole["note"].eq("uncertain in source").sum() == 43


def test_missing_cells_are_blank_with_the_reason_a_bi_team_would_type(values):
    whole = _whole(values)
    expected = {
        ("edu_ks2_maths_pct", "2022-09"): "Data published September 2023",
        ("edu_attendance_pct", "2022-08"): "NA",
        ("edu_pep_termly_pct", "2022-10"): "NA",
        ("hew_iha_20days_pct", "2023-03"): "tbc",
        ("edu_attainment8", "2022-04"): "Data published March 2023",
        ("adopt_adopted_12m", "2022-10"): "Not available: not in the published pack",
    }
    for key, note in expected.items():
        assert np.isnan(whole.loc[key, "value"]), key
        assert whole.loc[key, "note"] == note, key
    missing = pd.read_csv(REFERENCE_DIR / "missing.csv", keep_default_na=False, dtype=str)
    window = missing[missing["period"].between("2021-10", "2023-03")]
    rows = whole.reindex(list(zip(window["id"], window["period"])))
    assert len(window) == 133
    assert rows["value"].isna().all() and rows["note"].notna().all()
    # Each locality carries the same reason.
    local = values[values["locality"].eq("Purbeck")].set_index(["indicator_id", "month"])
    assert local.loc[("hew_iha_20days_pct", "2023-03"), "note"] == "tbc"


def test_every_locality_appears_for_every_whole_authority_row(sample, values):
    about = sample[0]
    assert about.localities == LOCALITIES
    assert set(values["locality"].dropna()) == set(LOCALITIES)
    per_row = values[values["locality"].notna()].groupby(["indicator_id", "month"])["locality"].nunique()
    whole_keys = _whole(values).index
    assert len(per_row) == len(whole_keys) and (per_row.reindex(whole_keys) == 6).all()


def test_indicators_bands_and_benchmark_years(sample):
    indicators = {ind.id: ind for ind in sample[1]}
    assert len(indicators) == 87
    kinds = {ind.amber_band.kind for ind in indicators.values() if ind.amber_band}
    assert kinds == set(BandKind)
    assert all(ind.min_denominator == 5 for ind in indicators.values() if ind.unit.value == "percent")
    assert indicators["cl_bnb_count"].target == 0
    assert indicators["cic_rate"].england.value == 70 and indicators["cic_rate"].england.year == "2021/22 (inferred)"
    assert indicators["edu_ks2_maths_pct"].statistical_neighbours.year == "2018/19"
    assert benchmark_year("003 prints no England/Good+ SN benchmark.") is None
    assert all(ind.definition for ind in indicators.values())


def test_commentary_and_about(sample):
    about, indicators, _, commentary = sample
    areas = {ind.area for ind in indicators}
    for month in ("2022-12", "2023-03"):
        assert {c.subject for c in commentary if c.period == month} == areas
    assert all(c.text.startswith("Illustrative commentary:") and c.author == "Sample data" for c in commentary)
    assert about.authority == "Dorset Council (sample)" and str(about.month_ending) == "2023-03-31"
    assert "synthetic" in about.locality_note


def test_build_is_deterministic(sample):
    again = build_sample(REFERENCE_DIR)
    pd.testing.assert_frame_equal(again[2], sample[2])
    assert again[1] == sample[1] and again[3] == sample[3] and again[0] == sample[0]


def test_committed_workbook_matches_a_fresh_build(sample):
    about, indicators, values, commentary = sample
    fresh = io.BytesIO()
    write_template(fresh, about=about, indicators=indicators, values=values, commentary=commentary)
    fresh.seek(0)
    built = pd.read_excel(fresh, sheet_name=None, engine="openpyxl")
    committed = pd.read_excel(SAMPLE_PATH, sheet_name=None, engine="openpyxl")
    assert list(committed) == list(built)
    for name in built:
        pd.testing.assert_frame_equal(committed[name], built[name], obj=f"sheet {name}")
    assert len(committed["Values"]) == len(values)
