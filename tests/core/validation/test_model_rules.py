"""Rules checked on the loaded data as a whole (core.validation.model_checks), fired through load_workbook."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.model import About, Indicator
from core.store import future_refusal
from tests.core.template_fixtures import edit_cells, template_bytes
from tests.core.validation.firing import Fires, assert_fires, loaded, workbook

_ONE = [{"indicator_id": "cic_count", "month": "2023-03", "value": 437}]
_ALL_THREE = [*_ONE, {"indicator_id": "hew_dental_pct", "month": "2023-03", "value": 61.5},
              {"indicator_id": "cl_bnb_count", "month": "2023-03", "value": 0}]
_LOCAL = Indicator(id="local_measure", area="Placement", name="A local measure", unit="count", good_is="low", target=3)
_NEUTRAL = Indicator(id="local_neutral", area="Placement", name="A neutral measure", unit="count", good_is="neutral",
                     target=3)
CIC = "No. of CIC at end of month"


def _localities(north: int, south: int) -> list:
    return loaded(template_bytes([*_ONE, {"indicator_id": "cic_count", "locality": "North", "month": "2023-03",
                                          "value": north},
                                  {"indicator_id": "cic_count", "locality": "South", "month": "2023-03",
                                   "value": south}]))


CASES = [
    Fires("library_fill_by_id", lambda: loaded(edit_cells(template_bytes(_ALL_THREE), "Indicators", {"D3": None})),
          "", "", "3 indicators took missing details from the indicator library: 'No. of CIC at end of month' "
          "(periodicity); '% CIC with a dental check' (unit, periodicity); 'No. of Care Leavers in B&B' (periodicity)"),
    Fires("unratable", lambda: loaded(edit_cells(
        template_bytes([{"indicator_id": "local_measure", "month": "2023-03", "value": 2}], indicators=[_LOCAL]),
        "Indicators", {"D2": None})), "", "", "'A local measure' has no unit: it is shown but not rated."),
    Fires("target_on_neutral", lambda: loaded(template_bytes(
        [{"indicator_id": "local_neutral", "month": "2023-03", "value": 2}], indicators=[_NEUTRAL])), "", "",
        "'A neutral measure' has a target but its Good Is is neutral, so it is not rated. Set Good Is to high or low "
        "to rate it."),
    Fires("no_values", lambda: loaded(template_bytes(_ONE)), "", "",
          "2 indicators with no figures in this workbook: '% CIC with a dental check', 'No. of Care Leavers in B&B'"),
    Fires("locality_sum", lambda: _localities(300, 100), "Values", "D2",
          "the localities of 'No. of CIC at end of month' add up to 400 in Mar 2023 but the whole-authority figure "
          "is 437. "
          "Both are shown as given."),
    Fires("published_disagrees", lambda: loaded(workbook({"Scorecard": [
        ["Scorecard"], ["Indicator", "Unit", "Good Is", "Target", "Feb-23", "Mar-23", "Status"],
        [CIC, "No.", "Low", 420, 444, 437, "Green"]]})), "Scorecard", "F3",  # 437 against 420: amber
        f"the workbook says RAG status '● Green' for '{CIC}' in Mar 2023, but by the rules it is '▲ Amber'. "
        "Both are kept; the computed one is shown."),
    Fires("latest_month_in_future", lambda: loaded(template_bytes(_ONE, about=About(
        authority="Testshire", month_ending=date(2099, 12, 31)))), "", "",
          "The latest month this workbook reports is December 2099, after this month "
          f"({date.today():%B %Y}): it can be checked and used in this session, but it cannot be published until "
          "its months are right."),
    Fires("authority_not_named", lambda: loaded(template_bytes(_ONE, about=About(month_ending=date(2023, 3, 31)))),
          "", "", "The workbook does not say which authority it is for: the Upload page asks for the name, and "
          "keeps it with the upload."),
    # Publishing (core.store): the refusal the store raises and the Upload page shows
    Fires("publish_future_refused", lambda: [future_refusal("typo.xlsx", pd.Period("2099-12", freq="M"),
                                                            today=date(2026, 11, 30))], "", "",
          "typo.xlsx cannot be published: its latest month is December 2099, after this month (November 2026). "
          "Correct the months in the workbook and upload it again."),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_fires(case: Fires) -> None:
    assert_fires(case)


def test_every_indicator_listed_with_its_figures_gives_no_no_values_note() -> None:
    assert not [f for f in loaded(template_bytes(_ALL_THREE)) if f.code == "no_values"]
