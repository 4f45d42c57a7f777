"""The overview's lists: what needs attention (worsening Red/Amber first, furthest from target first), what is going
well (never anything needing attention), and the ratings of the last 12 months."""

from __future__ import annotations

import pandas as pd

from core.ingest.load import SAMPLE_WORKBOOK, load_workbook
from core.model import WHOLE_AUTHORITY
from core.views.overview import exceptions, going_well, rag_history
from core.views.public import public_scorecard
from core.views.suppression import decide_disclosure


def _view(*rows: tuple[str, str, str, str, float, float]) -> pd.DataFrame:
    """(id, rag, direction, spc_signal, gap, target) rows, with the columns the lists read."""
    frame = pd.DataFrame(rows, columns=["id", "rag", "direction", "spc_signal", "gap", "target"])
    return frame.assign(name=frame["id"].str.upper(), rag_reason="reason", display_value="1")


def test_amber_and_worsening_needs_attention_and_is_never_going_well():
    view = _view(("amber_worse_improving_signal", "amber", "worsening", "special_cause_improvement", -2.0, 50.0),
                 ("green_better", "green", "improving", "common_cause", 1.0, 50.0))
    assert exceptions(view)["id"].tolist() == ["amber_worse_improving_signal"]
    assert going_well(view)["id"].tolist() == ["green_better"]


def test_worsening_come_first_each_furthest_from_target_first():
    view = _view(("red_steady", "red", "same", "common_cause", -40.0, 50.0),
                 ("amber_near", "amber", "worsening", "common_cause", -1.0, 50.0),
                 ("red_far", "red", "worsening", "common_cause", -10.0, 20.0),
                 ("red_mid", "red", "worsening", "common_cause", -10.0, 50.0),
                 ("green", "green", "worsening", "common_cause", 3.0, 50.0))
    listed = exceptions(view)
    assert listed["id"].tolist() == ["red_far", "red_mid", "amber_near", "red_steady"]
    assert listed["getting_worse"].tolist() == [True, True, True, False]
    assert listed["why_listed"].tolist() == ["Red and getting worse", "Red and getting worse",
                                             "Amber and getting worse", "Red, not getting worse"]


def test_a_target_of_zero_still_orders_by_the_shortfall():
    view = _view(("zero_small", "red", "worsening", "common_cause", -1.0, 0.0),
                 ("zero_big", "red", "worsening", "common_cause", -3.0, 0.0))
    assert exceptions(view)["id"].tolist() == ["zero_big", "zero_small"]


def test_the_sample_never_lists_an_indicator_in_both():
    model = load_workbook(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name).dataset
    for locality in model.localities[:3]:
        view = public_scorecard(model, model.latest_period, locality)
        attention, well = set(exceptions(view)["id"]), set(going_well(view)["id"])
        assert attention and not attention & well, locality
        worse = view[view["rag"].astype(str).isin(["red", "amber"]) & (view["direction"].astype(str) == "worsening")]
        assert set(worse["id"]) <= attention


def test_rag_history_rates_each_of_the_last_12_months_like_the_scorecard():
    model = load_workbook(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name).dataset
    month = model.latest_period
    disclosure = decide_disclosure(model)
    history = rag_history(model, month, WHOLE_AUTHORITY, disclosure)
    assert history["period"].nunique() == 12 and history["period"].max() == month
    latest = history[history["period"] == month].set_index("id")["rag"]
    card = public_scorecard(model, month).set_index("id")["rag"].astype(str)
    assert (latest == card.reindex(latest.index)).all()
    assert set(card[card.isin(["red", "amber", "green"])].index) <= set(latest.index)
    purbeck = rag_history(model, month, "Purbeck", disclosure)
    card = public_scorecard(model, month, "Purbeck").set_index("id")["rag"].astype(str)
    latest = purbeck[purbeck["period"] == month].set_index("id")["rag"]
    assert (latest == card.reindex(latest.index)).all()  # withheld and council-wide count targets not rated
