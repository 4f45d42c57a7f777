"""Disclosure control as every view reads it: one decision per indicator x month table.

Rules: tests/core/test_disclosure_table.py holds the complementary decision against a brute-force attacker;
here, the primary rules per unit, the sample's known cases, and every public view of random data combined.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.disclosure import Cell
from core.disclosure.audit import pinned
from core.ingest.load import SAMPLE_WORKBOOK, load_workbook
from core.model import WHOLE_AUTHORITY, About, Dataset, Indicator
from core.views.public import (
    indicator_history,
    locality_breakdown,
    public_scorecard,
    sparklines,
)
from core.views.suppression import (
    SuppressionPolicy,
    decide_disclosure,
    suppression_note,
)
from tests.core.engine_fixtures import observations

ROOT = Path(__file__).resolve().parents[2]
POLICY = SuppressionPolicy()


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return load_workbook(SAMPLE_WORKBOOK.read_bytes(), SAMPLE_WORKBOOK.name).dataset


def _indicator_id(model: Dataset, words: str) -> str:
    return next(i for i, ind in model.indicators.items() if words in ind.name)


# ---- the cases, on the embedded sample ----------------------------------------------------------

def test_north_dorset_households_deregistered_cannot_be_worked_out(sample: Dataset) -> None:
    dereg = _indicator_id(sample, "deregistered/resigned – Mainstream")
    table = locality_breakdown(sample, dereg, "2023-03").set_index("locality")["display_value"]
    # whole authority 1, North Dorset 1, everyone else 0: showing either figure would give North Dorset away
    assert table["North Dorset"] == "c" and table[WHOLE_AUTHORITY] == "c"
    north = public_scorecard(sample, "2023-03", "North Dorset").set_index("id").loc[dereg]
    assert north["display_value"] == "c" and north["authority_display_value"] == "c"


def test_dorchester_uasc_is_not_34_minus_30(sample: Dataset) -> None:
    uasc = _indicator_id(sample, "No. of CIC who are UASC")
    table = locality_breakdown(sample, uasc, "2023-03")
    assert table.set_index("locality").loc["Dorchester", "display_value"] == "c"
    assert _attack(table, POLICY.threshold) == {}


def test_no_march_2023_table_of_the_sample_can_be_solved(sample: Dataset) -> None:
    disclosure = decide_disclosure(sample, POLICY)
    counts = [i for i, ind in sample.indicators.items() if ind.unit is not None and ind.unit.value == "count"]
    solved = {i: _attack(locality_breakdown(sample, i, "2023-03", disclosure), POLICY.threshold) for i in counts}
    assert {i: found for i, found in solved.items() if found} == {}


@pytest.mark.parametrize("threshold", [5, 10])
def test_a_scorecard_decides_only_its_months_and_withholds_exactly_as_the_whole_decision(
        sample: Dataset, threshold: int) -> None:
    """public_scorecard decides the tables of the months it shows; each table is decided on its own, so every
    month's figures are withheld exactly as when the whole workbook is decided."""
    policy = SuppressionPolicy(threshold=threshold)
    whole = decide_disclosure(sample, policy)
    months = pd.PeriodIndex(sorted(set(sample.periods)), freq="M")
    window = decide_disclosure(sample, policy, months=months[-3:])
    shown = window.cells.reset_index()
    assert set(shown["period"]) == set(months[-3:])  # only the months asked for were decided
    assert window.cells.equals(whole.cells[whole.cells.index.get_level_values("period").isin(months[-3:])])
    assert window.cells["withheld"].any()
    for month in (months[-1], months[-7]):
        for locality in (WHOLE_AUTHORITY, "Purbeck", "Chesil"):
            by_window = public_scorecard(sample, month, locality, policy)
            by_whole = public_scorecard(sample, month, locality, whole)
            pd.testing.assert_frame_equal(by_window, by_whole)


def test_a_withheld_figure_has_no_outlook(sample: Dataset) -> None:
    """The outlook is projected from the months that may be shown: beside a withheld month it would judge the
    year on older figures alone (the children who became CIC: 'Off track' from April to December, while the
    withheld January to March were on track)."""
    became = _indicator_id(sample, "No. of children who became CIC")
    card = public_scorecard(sample, "2023-03").set_index("id")
    row = card.loc[became]
    assert row["display_value"] == "c" and row["outlook"] == "none"
    assert row["outlook_reason"] == "No outlook: this month's figure is withheld in public views (small numbers)"
    assert pd.isna(row["outlook_value"])
    shown = card[~card["suppressed"]]
    assert (shown["outlook"] != "none").any()  # figures that are shown keep theirs


def test_the_command_line_shows_no_small_count_for_purbeck() -> None:
    result = subprocess.run([sys.executable, "-m", "core", "scorecard", str(SAMPLE_WORKBOOK), "--locality", "Purbeck",
                             "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    records = pd.read_json(pd.io.common.StringIO(result.stdout))
    counts = records[records["unit"] == "count"]["value"].dropna()
    assert not counts.between(1, 4).any() and len(counts) > 0


def test_unsuppressed_prints_everything_with_a_warning_line() -> None:
    result = subprocess.run([sys.executable, "-m", "core", "scorecard", str(SAMPLE_WORKBOOK), "--locality", "Purbeck",
                             "--unsuppressed"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stderr.startswith("WARNING: --unsuppressed")
    assert " c  " not in result.stdout


def test_the_command_line_cannot_lower_the_threshold() -> None:
    result = subprocess.run([sys.executable, "-m", "core", "scorecard", str(SAMPLE_WORKBOOK), "--threshold", "2"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "can be raised, never lowered" in result.stderr


# ---- primary rules per unit ----------------------------------------------------------------------------

def _one_table(unit: str, rows: list[tuple[str, float, float | None, float | None]],
               min_denominator: float | None = None) -> Dataset:
    indicator = Indicator(id="x", area="Profile", name="X", unit=unit, good_is="high", target=None,
                          min_denominator=min_denominator)
    frame = observations([{"indicator_id": "x", "period": "2023-03", "locality": place, "value": value,
                           "numerator": numerator, "denominator": denominator}
                          for place, value, numerator, denominator in rows])
    frame["numerator"] = frame["numerator"].astype("float64")
    frame["denominator"] = frame["denominator"].astype("float64")
    return Dataset(about=About(authority="T", localities=["A", "B", "C"]), indicators={"x": indicator},
                   observations=frame)


def _withheld(model: Dataset, threshold: int = 5) -> dict[str, bool]:
    table = locality_breakdown(model, "x", "2023-03", SuppressionPolicy(threshold=threshold))
    return dict(zip(table["locality"], table["suppressed"]))


def test_zeros_are_shown_and_small_counts_withheld_with_a_complement() -> None:
    model = _one_table("count", [(WHOLE_AUTHORITY, 23, None, None), ("A", 0, None, None), ("B", 3, None, None),
                                 ("C", 20, None, None)])
    assert _withheld(model) == {"A": False, "B": True, "C": True, WHOLE_AUTHORITY: False}
    assert _withheld(model, threshold=1) == {"A": False, "B": False, "C": False, WHOLE_AUTHORITY: False}


def test_a_percentage_is_withheld_on_a_small_count_or_a_small_group() -> None:
    model = _one_table("percent", [(WHOLE_AUTHORITY, 50, 40, 80), ("A", 10, 3, 30), ("B", 50, 4, 8),
                                   ("C", 78.6, 33, 42)], min_denominator=10)
    decided = _withheld(model)
    assert decided["A"] and decided["B"]  # 3 children; a group of 8 under the minimum of 10
    assert _attack(locality_breakdown(model, "x", "2023-03"), 5, column="numerator", model=model) == {}


def test_a_percentage_that_leaves_out_a_few_children_is_withheld() -> None:
    """14 of 15 in suitable homes, shown as 93.3%, says that 1 is not: the children left out are a small
    number too, whether the workbook gives the numerator or only the percentage and its group."""
    model = _one_table("percent", [(WHOLE_AUTHORITY, 90.9, 80, 88), ("A", 93.3, 14, 15), ("B", 88.9, 40, 45),
                                   ("C", 89.3, None, 28)])  # C: 25 of 28, so 3 left out
    decided = _withheld(model)
    assert decided["A"] and decided["C"]
    assert not _withheld(_one_table("percent", [(WHOLE_AUTHORITY, 75, 60, 80), ("A", 70, 14, 20)]))["A"]
    assert _attack(locality_breakdown(model, "x", "2023-03"), 5, column="numerator", model=model) == {}


def test_a_percentage_given_without_its_numerator_is_judged_on_the_children_it_counts() -> None:
    """1 of 15 given only as 6.7% of a group of 15 is 1 child, as 14 of 15 leaves 1 out."""
    model = _one_table("percent", [(WHOLE_AUTHORITY, 50.0, None, 60), ("A", 6.7, None, 15), ("B", 93.3, None, 15),
                                   ("C", 50.0, None, 30)])
    decided = _withheld(model)
    assert decided["A"] and decided["B"]


def test_the_children_left_out_cannot_be_worked_out_from_the_places_shown() -> None:
    """A leaves 1 of 15 out. Withholding A and one other place by the counted children alone left A's 1 to be
    worked out from the left-out children (7 in all, 6 in B, 0 in C); they are protected too."""
    rows = [(WHOLE_AUTHORITY, 74 / 81 * 100, 74, 81), ("A", 14 / 15 * 100, 14, 15), ("B", 40 / 46 * 100, 40, 46),
            ("C", 100.0, 20, 20)]
    model = _one_table("percent", rows)
    table = locality_breakdown(model, "x", "2023-03")
    assert table.set_index("locality").loc["A", "suppressed"]
    obs = model.observations.set_index("locality")
    truth = table.assign(left_out=table["locality"].map(obs["denominator"] - obs["numerator"]))
    assert _attack(truth, 5, column="left_out") == {}
    assert _attack(table, 5, column="numerator", model=model) == {}


def test_an_average_over_a_small_group_is_withheld_without_a_complement() -> None:
    model = _one_table("days", [(WHOLE_AUTHORITY, 400, None, 30), ("A", 380, None, 3), ("B", 410, None, 27)])
    assert _withheld(model) == {"A": True, "B": False, "C": False, WHOLE_AUTHORITY: False}


def test_an_average_without_its_group_size_takes_it_from_the_count_it_is_an_average_over() -> None:
    """knowledge/group_sizes.csv: the adoption averages are over the children adopted in the last 12 months."""
    average, count = "adopt_care_to_move_in_days", "adopt_adopted_12m"
    indicators = {average: Indicator(id=average, area="Adoption", name="Days to move in", unit="days", good_is="low"),
                  count: Indicator(id=count, area="Adoption", name="Adopted", unit="count", good_is="high")}
    rows = [(WHOLE_AUTHORITY, 400, 30), ("A", 447, 2), ("B", 390, 28), ("C", 380, None)]
    frame = observations([{"indicator_id": indicator, "period": "2023-03", "locality": place, "value": value}
                          for place, days, adopted in rows
                          for indicator, value in ((average, days), (count, adopted)) if value is not None])
    model = Dataset(about=About(authority="T", localities=["A", "B", "C"]), indicators=indicators, observations=frame)
    decided = decide_disclosure(model, POLICY).cells.xs(average, level="indicator_id").droplevel("period")
    assert decided["withheld"].to_dict() == {WHOLE_AUTHORITY: False, "A": True, "B": False, "C": False}
    assert decided["unverified"].to_dict() == {WHOLE_AUTHORITY: False, "A": False, "B": False, "C": True}


def test_a_percentage_without_its_counts_takes_its_group_from_the_count_it_is_of() -> None:
    """7.1% of North's 42 children in care is 3 children: with no numerator or denominator beside it, the
    percentage had been shown (with a caption that it could not be checked) next to the count withheld as c."""
    share, count = "cic_uasc_pct", "cic_count"
    indicators = {share: Indicator(id=share, area="Profile", name="% UASC", unit="percent", good_is="neutral"),
                  count: Indicator(id=count, area="Profile", name="CIC", unit="count", good_is="low")}
    rows = [(WHOLE_AUTHORITY, 9.8, 255), ("A", 7.1, 42), ("B", 9.8, 61), ("C", 10.5, 152)]
    frame = observations([{"indicator_id": indicator, "period": "2023-03", "locality": place, "value": value}
                          for place, pct, cic in rows for indicator, value in ((share, pct), (count, cic))])
    model = Dataset(about=About(authority="T", localities=["A", "B", "C"]), indicators=indicators, observations=frame)
    decided = decide_disclosure(model, POLICY).cells.xs(share, level="indicator_id").droplevel("period")
    assert decided.loc["A", "withheld"] and decided["withheld"].sum() >= 2
    assert not decided["unverified"].any()  # checked against its group


def test_purbecks_adoption_averages_over_two_children_are_withheld(sample: Dataset) -> None:
    adopted = public_scorecard(sample, "2023-03", "Purbeck").set_index("id")
    assert adopted.loc["adopt_adopted_12m", "display_value"] == "c"
    for average in ("adopt_care_to_move_in_days", "adopt_po_to_match_days"):
        assert adopted.loc[average, "display_value"] == "c", average


def test_the_note_never_says_which_withheld_figure_is_the_small_one() -> None:
    frame = pd.DataFrame({"suppressed": [True, True, False], "previous_suppressed": [False, False, True]})
    note = suppression_note(frame, POLICY)
    assert note == ("2 figures are withheld (shown as c): counts of fewer than 5 children, and figures that would "
                    "let such a count be worked out; 1 movement from last month is hidden because last month's "
                    "figure was withheld. Meetings are public.")
    assert suppression_note(pd.DataFrame({"suppressed": [False]}), POLICY) is None


# ---- every view of random data, combined, against the brute-force attacker -----------------------------

def _attack(table: pd.DataFrame, threshold: int, column: str = "value",
            model: Dataset | None = None) -> dict[str, np.ndarray]:
    """What an attacker pins from a locality_breakdown table (the additive column of each shown cell)."""
    truth = table
    if model is not None:  # numerators are blanked in the view: take the shown ones from the model
        obs = model.observations.drop_duplicates(["locality"]).set_index("locality")
        truth = table.assign(**{column: table["locality"].map(obs[column])})
    # a figure not given counts as a shown 0, as the decision assumes (the attacker gets the benefit of the doubt)
    cells = [Cell(row.locality, None if row.suppressed else float(np.nan_to_num(getattr(row, column))),
                  row.locality == WHOLE_AUTHORITY, 1) for row in truth.itertuples()]
    shown = [c.shown for c in cells if c.shown is not None]
    cap = int(max(shown, default=0)) + threshold + 10
    return pinned(cells, threshold, cap)


MONTHS = ["2023-02", "2023-03"]
PLACES = ["A", "B", "C"]


@st.composite
def random_model(draw: st.DrawFn) -> tuple[Dataset, dict[tuple[str, str], dict[str, int]]]:
    truth: dict[tuple[str, str], dict[str, int]] = {}
    rows = []
    for month in MONTHS:
        parts = {place: draw(st.integers(0, 8)) for place in PLACES}
        truth[("x", month)] = parts
        rows += [{"indicator_id": "x", "period": month, "locality": p, "value": float(v)} for p, v in parts.items()]
        rows.append({"indicator_id": "x", "period": month, "locality": WHOLE_AUTHORITY,
                     "value": float(sum(parts.values()))})
    model = Dataset(about=About(authority="T", localities=PLACES),
                    indicators={"x": Indicator(id="x", area="Profile", name="X", unit="count", good_is="low",
                                               target=10)},
                    observations=observations(rows))
    return model, truth


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=random_model(), threshold=st.integers(2, 5))
def test_every_view_combined_never_pins_a_withheld_count(drawn: tuple, threshold: int) -> None:
    model, truth = drawn
    policy = decide_disclosure(model, SuppressionPolicy(threshold=threshold))  # what the app caches once
    cards = {(place, month): public_scorecard(model, month, place, policy).set_index("id").loc["x"]
             for place in [WHOLE_AUTHORITY, *PLACES] for month in MONTHS}
    for month in MONTHS:
        seen: dict[str, set[float]] = {place: set() for place in [*PLACES, WHOLE_AUTHORITY]}  # every figure shown
        breakdown = locality_breakdown(model, "x", month, policy)
        for row in breakdown.itertuples():
            if not row.suppressed:
                seen[row.locality].add(row.value)
        for place in [WHOLE_AUTHORITY, *PLACES]:
            for scorecard_month in MONTHS:  # this month's figure and, next month, last month's
                card = cards[(place, scorecard_month)]
                shown = card["value"] if scorecard_month == month else card["previous_value"]
                if pd.notna(shown) and pd.Period(scorecard_month) >= pd.Period(month):
                    seen[place].add(shown)
                if card["direction"] in ("improving", "worsening", "same"):  # a movement needs both months shown
                    assert pd.notna(card["value"]) and pd.notna(card["previous_value"])
            line = sparklines(model, MONTHS[-1], place, policy, months=2)["x"]
            if line[MONTHS.index(month)] is not None:
                seen[place].add(line[MONTHS.index(month)])
            history = indicator_history(model, "x", place, MONTHS[-1], policy).set_index("period")
            value = history.loc[pd.Period(month, freq="M"), "value"]
            if pd.notna(value):
                seen[place].add(value)
        parts = truth[("x", month)]
        exact = {place: {float(parts[place]) if place != WHOLE_AUTHORITY else float(sum(parts.values()))}
                 for place in seen}
        for place, figures in seen.items():
            assert figures <= exact[place], f"{place} shows a figure that is not its own"
            assert not any(1 <= f < threshold for f in figures), f"{place} shows a small count"
        cells = [Cell(place, next(iter(figures)) if figures else None, place == WHOLE_AUTHORITY,
                      int(min(1, next(iter(exact[place])))))
                 for place, figures in seen.items()]
        assert pinned(cells, threshold, cap=8 * len(PLACES) + threshold) == {}, (month, parts)


def test_a_rate_given_with_its_population_but_no_numerator_is_judged_on_the_children_it_counts() -> None:
    """3.0 per 10,000 in a population of 10,000 is 3 children: it was shown beside the count withheld as c."""
    model = _one_table("rate_per_10k", [(WHOLE_AUTHORITY, 8.3, None, 60_000), ("A", 3.0, None, 10_000),
                                        ("B", 9.0, None, 20_000), ("C", 9.3, None, 30_000)])
    decided = _withheld(model)
    assert decided["A"] and sum(decided.values()) >= 2  # and another, so A's cannot be worked out from the total


def test_last_quarter_withheld_is_not_shown_as_a_quarterly_measures_last_figure() -> None:
    """A quarterly measure's 'last month' and direction compare with the previous quarter: a figure withheld
    there was shown beside this quarter (Dec 2022's 3 children as 'Last month 3', 'Worsening')."""
    indicator = Indicator(id="q", area="Safety", name="Missing in the quarter", unit="count", good_is="low",
                          periodicity="quarterly")
    rows = [(place, month, value) for month, figures in (("2022-12", (30, 3, 12, 15)), ("2023-03", (36, 6, 14, 16)))
            for place, value in zip((WHOLE_AUTHORITY, "A", "B", "C"), figures)]
    frame = observations([{"indicator_id": "q", "period": month, "locality": place, "value": value}
                          for place, month, value in rows])
    model = Dataset(about=About(authority="T", localities=["A", "B", "C"]), indicators={"q": indicator},
                    observations=frame)
    row = public_scorecard(model, "2023-03", "A").set_index("id").loc["q"]
    assert row["display_value"] == "6" and row["previous_display_value"] != "3"
    assert pd.isna(row["previous_value"]) and row["direction"] == "not_comparable"


def test_a_raised_threshold_keeps_withheld_what_the_deployments_withholds() -> None:
    """At 5, North (3 of 42) and South are withheld; at 9 West leaves 8 out and South was shown: side by side
    the two views gave North's 3 away by subtraction. With the deployment's threshold as the floor, what it
    withholds stays withheld at any higher threshold."""
    model = _one_table("percent", [(WHOLE_AUTHORITY, 63.9, 163, 255), ("A", 7.1, 3, 42), ("B", 62.3, 38, 61),
                                   ("C", 90.1, 73, 81)])

    def withheld(policy: SuppressionPolicy) -> set[str]:
        table = locality_breakdown(model, "x", "2023-03", policy)
        return set(table.loc[table["suppressed"], "locality"])

    at_floor = withheld(SuppressionPolicy(threshold=5))
    assert "A" in at_floor and len(at_floor) >= 2
    assert not at_floor <= withheld(SuppressionPolicy(threshold=9))  # the leak: a cell released by raising it
    assert at_floor <= withheld(SuppressionPolicy(threshold=9, floor=5))


def test_every_cell_the_deployments_threshold_withholds_stays_withheld_at_a_higher_one(sample: Dataset) -> None:
    """Cells with no figure but a numerator or group given had been released at a higher threshold."""
    at_floor = decide_disclosure(sample, SuppressionPolicy(threshold=5)).cells["withheld"]
    for threshold in (6, 10):
        raised = decide_disclosure(sample, SuppressionPolicy(threshold=threshold, floor=5)).cells["withheld"]
        assert not (at_floor & ~raised.reindex(at_floor.index, fill_value=False)).any(), threshold
    with pytest.raises(ValueError, match="may only be raised"):
        SuppressionPolicy(threshold=3, floor=5)
