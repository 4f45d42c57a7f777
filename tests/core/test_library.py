import pandas as pd
import pytest

from core.ingest.indicator_names import (
    library_indicator,
    match_indicator_names,
    name_variants,
    normalise_names,
)
from core.knowledge import indicator_library
from core.model import GoodIs, Periodicity, Unit
from data.build_library import library_frames


def _match(name: str) -> pd.Series:
    return match_indicator_names(pd.Series([name])).iloc[0]


def test_committed_library_is_what_the_build_script_makes():
    library, variants = library_frames()
    committed = indicator_library().reset_index(drop=True)
    assert committed.equals(library.reset_index(drop=True))
    stored = name_variants()[["id", "variant"]].astype(object).reset_index(drop=True)
    assert stored.equals(variants.astype(object).reset_index(drop=True))
    assert len(committed) == 87 + 11  # the reference list and the hand-stated safeguarding measures


def test_safeguarding_names_as_councils_print_them_are_known():
    matched = match_indicator_names(pd.Series(["Re-referrals within 12 months", "ICPCs within 15 working days",
                                               "Assessments completed within 45 working days"]))
    assert matched["library_id"].tolist() == ["sg_rereferrals_12m_pct", "sg_icpc_15wd_pct", "sg_assessments_45wd_pct"]
    assert indicator_library().loc["sg_rereferrals_12m_pct", "good_is"] == "low"


def test_variants_hold_the_canonical_name_and_the_quoted_labels():
    variants = name_variants()
    uasc = variants.loc[variants["id"] == "cic_uasc_count", "variant"].tolist()
    assert uasc == ["No. of CIC who are UASC at end of month", "Number of CIC who are UASC at end of month"]
    sdq = variants.loc[variants["id"] == "hew_sdq_completed_pct", "variant"].tolist()
    # the editorial "[reconstructed]" mark is not part of the printed label
    assert "% of CIC for 12 months+ with a completed SDQ (Strengths and Difficulties Questionnaire)" in sdq
    # a label the extraction truncated ("[... name truncated in source ...]") is not a variant
    assert not variants["variant"].str.contains("truncated").any()
    assert variants.loc[variants["id"] == "sfty_missing_multi_pct", "variant"].tolist() == [
        "% CIC (at any point in last 6 months) who have had more than 1 episode of Missing (Annex A)",
        "% Children in Care who have had more than 1 episode of Missing",
    ]


def test_normalise_folds_case_punctuation_and_abbreviations():
    folded = normalise_names(pd.Series([
        "No. of CIC at end of month", "Number of Children in Care at end of month", "NUMBER OF CIC AT END OF MONTH.",
        "% CIC in Bed & Breakfast", "% CIC in bed and breakfast",
    ])).tolist()
    assert folded[0] == folded[1] == folded[2] == "number cic at end month"
    assert folded[3] == folded[4] == "percent cic in bnb"


@pytest.mark.parametrize("printed,expected_id", [
    ("No. of CIC at end of month", "cic_count"),  # canonical
    ("Number of Children in Care at end of month", "cic_count"),  # No. / Number of, CIC / Children in Care
    ("no of cic at end of month", "cic_count"),  # case and punctuation
    ("No. of new households recruited - Mainstream", "suf_new_hh_mainstream"),  # hyphen for en dash
    ("% CIC in care 12 months or more who have had a dental check within 12 months", "hew_dental_pct"),
    ("Number of adoptive families in assessment", "adopt_families_in_assessment"),  # a quoted 000 label
])
def test_exact_normalised_matches_score_one(printed, expected_id):
    match = _match(printed)
    assert match["library_id"] == expected_id
    assert match["score"] == 1.0


def test_exact_match_reports_the_variant_it_matched():
    match = _match("Rate of Children in Care per 10,000")
    assert match["library_id"] == "cic_rate"
    assert match["matched_variant"] == "Rate of Children in Care per 10,000"


def test_extra_words_still_match():
    match = _match("No. of CIC at end of month (snapshot)")
    assert match["library_id"] == "cic_count"
    assert 0.85 <= match["score"] < 1.0
    assert match["matched_variant"] == "No. of CIC at end of month"


def test_truncated_name_matches_the_variant_it_starts():
    match = _match("% CIC at end of month with 3+ placements in previous")
    assert match["library_id"] == "plc_3plus_moves_pct"
    assert match["score"] >= 0.95  # at least the truncation score
    dropped_suffix = _match("% of New CIC receiving their IHA within 20 days")  # '(one month in arrears)' cut
    assert dropped_suffix["library_id"] == "hew_iha_20days_pct"


def test_longer_nested_variant_wins_over_its_prefix():
    # both "... against foster carers" and "... that were substantiated" sit inside this name
    match = _match("No. of allegations made against foster carers that were substantiated (one month in arrears)")
    assert match["library_id"] == "sfty_allegations_substantiated"


def test_small_rewording_matches_by_similarity():
    match = _match("Number of Adoption placement order revocations in last 12 months")
    assert match["library_id"] == "adopt_po_revocations_12m"
    assert 0.85 <= match["score"] < 1.0


@pytest.mark.parametrize("printed", [
    "No. of new households recruited",  # the start of four indicators' names
    "% Children in Care achieving expected standards in Key Stage 2",  # Maths, Writing or Reading?
    "% Children in Care achieving expected standards in Key Stage 2 Science",  # close to three, none its own
])
def test_ambiguous_names_do_not_match(printed):
    match = _match(printed)
    assert pd.isna(match["library_id"]) and pd.isna(match["score"]) and pd.isna(match["matched_variant"])


def test_a_different_number_is_a_different_indicator():
    # one digit from the KS1 name, but KS2 is not KS1
    match = _match("% Children in Care achieving expected standards in Key Stage 2")
    assert pd.isna(match["library_id"])
    assert _match("% Children in Care achieving expected standards in Key Stage 1")["library_id"] == "edu_ks1_expected_pct"


@pytest.mark.parametrize("printed", ["Foster carer households", "Number of referrals to MASH", "", "Total"])
def test_unknown_names_do_not_match(printed):
    assert pd.isna(_match(printed)["library_id"])


def test_match_keeps_the_index_and_handles_missing_names():
    names = pd.Series(["No. of CIC at end of month", None, "Foster carer households", "No. of CIC at end of month"],
                      index=[10, 11, 12, 13])
    result = match_indicator_names(names)
    assert list(result.index) == [10, 11, 12, 13]
    assert list(result.columns) == ["library_id", "score", "matched_variant"]
    assert result["library_id"].tolist()[0] == "cic_count" and result["library_id"].tolist()[3] == "cic_count"
    assert result["library_id"].isna().tolist() == [False, True, True, False]
    assert str(result["library_id"].dtype) == "string" and str(result["score"].dtype) == "float64"
    assert match_indicator_names(pd.Series([], dtype=object)).empty


def test_library_indicator_carries_the_library_details():
    indicator = library_indicator("hew_iha_20days_pct")
    assert indicator.area == "Health & Emotional Wellbeing"
    assert indicator.unit is Unit.percent and indicator.good_is is GoodIs.high
    assert indicator.periodicity is Periodicity.monthly_flow and indicator.arrears_months == 1
    assert indicator.target is None  # targets belong to the workbook, not the library
    assert library_indicator("cic_uasc_count").good_is is GoodIs.neutral
    with pytest.raises(KeyError):
        library_indicator("no_such_indicator")
