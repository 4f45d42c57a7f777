import json
import math

import pandas as pd
import pytest

from core.model import About, AmberBand, Benchmark, Dataset, Indicator
from core.views.scorecard import RECORD_KEYS, build_scorecard, scorecard_records
from tests.core.engine_fixtures import monthly, observations

INDICATORS = [  # deliberately not in area order
    Indicator(id="cl_bnb", area="Care Leavers", name="No. of care leavers in B&B", unit="count", good_is="low",
              target=0),
    Indicator(id="cic_rate", area="Profile", name="CiC rate per 10,000", unit="rate_per_10k", good_is="neutral",
              england=Benchmark(value=70, year="2021/22"), statistical_neighbours=Benchmark(value=60, year="2021/22")),
    Indicator(id="zz_other", area="Mystery", name="An area nobody listed", unit="percent", good_is="high", target=50),
    Indicator(id="hew_dental", area="Health & Emotional Wellbeing", name="% dental checks", unit="percent",
              good_is="high", target=85, amber_band=AmberBand(kind="absolute", value=5),
              england=Benchmark(value=76, year="2021/22"), statistical_neighbours=Benchmark(value=80, year="2020/21")),
    Indicator(id="cic_count", area="Profile", name="No. of CiC", unit="count", good_is="low", target=420,
              amber_band=AmberBand(kind="absolute", value=30)),
    Indicator(id="edu_pep", area="Education", name="% PEPs in time", unit="percent", good_is="high", target=90),
    Indicator(id="sa_nothing", area="Safety", name="Never reported", unit="percent", good_is="high", target=10),
]
ORDER = ["cic_rate", "cic_count", "hew_dental", "cl_bnb", "edu_pep", "sa_nothing", "zz_other"]


def model() -> Dataset:
    rows = (monthly("cl_bnb", "2023-01", [0.0, 2.0, 1.0])
            + monthly("cic_rate", "2023-01", [65.0, 66.0, 66.0])
            + monthly("zz_other", "2023-01", [40.0, 50.0, 55.0])
            + monthly("hew_dental", "2023-01", [80.0, 82.0, 78.5])
            + monthly("cic_count", "2023-01", [430.0, 437.0, None])
            + monthly("edu_pep", "2023-01", [88.0])
            + monthly("hew_dental", "2023-01", [60.0, 61.0, 62.0], locality="North"))
    frame = pd.DataFrame(rows)
    frame["missing_reason"] = None
    frame["published_direction"] = None
    frame["sheet"], frame["cell"] = "Values", None
    march = frame["period"] == "2023-03"
    frame.loc[march & (frame["indicator_id"] == "cic_count"), "missing_reason"] = "not_yet_reported"
    dental = march & (frame["indicator_id"] == "hew_dental") & (frame["locality"] == "Whole authority")
    frame.loc[dental, ["published_direction", "cell"]] = ["worsening", "F12"]
    return Dataset(about=About(authority="Testshire", localities=["North"]),
                     indicators={i.id: i for i in INDICATORS}, observations=observations(frame.to_dict("records")))


@pytest.fixture(scope="module")
def card() -> pd.DataFrame:
    return build_scorecard(model()).set_index("id", drop=False)


def test_one_row_per_indicator_in_area_order_then_model_order(card):
    assert card["id"].tolist() == ORDER  # Profile, Health, Care Leavers, Education, Safety, then unknown areas
    assert set(card["period"]) == {"2023-03"}  # the latest month with a value


def test_ratings_reasons_and_direction(card):
    assert card.loc["cl_bnb", ["value", "previous_value", "rag", "direction"]].tolist() == [1.0, 2.0, "red",
                                                                                          "improving"]
    assert card.loc["cl_bnb", "rag_reason"] == ("Red: 1 is 1 above the 0 target "
                                                "(amber band 10% of target, which is 0 at a target of 0)")
    assert card.loc["hew_dental", ["rag", "direction", "published_direction", "cell"]].tolist() == [
        "red", "worsening", "worsening", "F12"]
    assert card.loc["hew_dental", "rag_reason"] == "Red: 78.5% is 6.5 pp below the 85.0% target (amber band 5.0 pp)"
    assert card.loc["zz_other", ["rag", "direction"]].tolist() == ["green", "improving"]
    assert card.loc["cic_rate", ["rag", "direction"]].tolist() == ["not_rated", "not_comparable"]
    assert card.loc["cic_rate", "rag_reason"] == "Not rated: neutral indicator (shown for context)"


def test_missing_value_and_missing_row_are_no_data(card):
    count = card.loc["cic_count"]
    assert (count["rag"], count["rag_reason"], count["missing_reason"]) == (
        "no_data", "No data: not yet reported", "not_yet_reported")
    assert (count["previous_value"], count["direction"]) == (437.0, "not_comparable")
    for absent in ("edu_pep", "sa_nothing"):
        row = card.loc[absent]
        assert (row["rag"], row["rag_reason"]) == ("no_data", "No data: no value for this month")
        assert math.isnan(row["value"]) and math.isnan(row["previous_value"])


def test_benchmarks_spc_and_trend(card):
    assert card.loc["hew_dental", ["england", "england_year", "sn", "sn_year"]].tolist() == [76.0, "2021/22", 80.0,
                                                                                           "2020/21"]
    assert set(card["spc_signal"]) == {"too_few_points"}
    assert card["assurance"].to_dict() == {
        "cic_rate": "not_applicable", "cic_count": "too_few_points", "hew_dental": "too_few_points",
        "cl_bnb": "too_few_points", "edu_pep": "too_few_points", "sa_nothing": "too_few_points",
        "zz_other": "too_few_points"}
    # 40, 50, 55 at x = -2, -1, 0: Sxy = 15, Sxx = 2
    assert card.loc["zz_other", "slope_6m"] == pytest.approx(7.5)
    assert math.isnan(card.loc["edu_pep", "slope_6m"]) and math.isnan(card.loc["sa_nothing", "slope_12m"])


def test_an_earlier_month():
    earlier = build_scorecard(model(), month=pd.Period("2023-02", freq="M")).set_index("id")
    assert earlier.loc["cic_count", "rag_reason"] == "Amber: 437 is 17 above the 420 target (amber band 30)"
    assert earlier.loc["cl_bnb", ["rag", "direction"]].tolist() == ["red", "worsening"]
    assert set(earlier["period"]) == {"2023-02"}


def test_a_locality():
    north = build_scorecard(model(), locality="North").set_index("id")
    assert north.loc["hew_dental", ["value", "previous_value", "rag", "direction"]].tolist() == [
        62.0, 61.0, "red", "improving"]
    assert set(north.drop(index="hew_dental")["rag"]) == {"no_data"}
    assert set(north["locality"]) == {"North"}


def test_overrides_move_the_target():
    overrides = pd.DataFrame({"target": [78.0]}, index=["hew_dental"])
    what_if = build_scorecard(model(), overrides=overrides).set_index("id")
    assert what_if.loc["hew_dental", ["target", "rag"]].tolist() == [78.0, "green"]
    assert what_if.loc["cl_bnb", "rag"] == "red"


def test_records_are_json_ready_with_exactly_the_contract_keys(card):
    records = scorecard_records(card.reset_index(drop=True))
    assert [list(r) for r in records] == [RECORD_KEYS] * len(ORDER)
    assert RECORD_KEYS == ["id", "area", "name", "unit", "good_is", "period", "value", "previous_value", "target",
                           "rag", "rag_reason", "direction", "published_direction", "england", "sn", "spc_signal",
                           "assurance"]
    by_id = {r["id"]: r for r in records}
    assert by_id["cic_rate"]["target"] is None and by_id["cic_rate"]["published_direction"] is None
    assert by_id["edu_pep"]["value"] is None
    assert by_id["hew_dental"]["england"] == 76.0 and by_id["hew_dental"]["rag"] == "red"
    assert json.loads(json.dumps(records)) == records


def test_a_locality_with_no_figures_is_all_no_data():
    empty = build_scorecard(model(), locality="Nowhere")
    assert empty["id"].tolist() == ORDER
    assert set(empty["rag"]) == {"no_data"} and set(empty["direction"]) == {"not_comparable"}
    assert set(empty["spc_signal"]) == {"too_few_points"}
    assert empty.set_index("id")["assurance"].to_dict()["cic_rate"] == "not_applicable"
