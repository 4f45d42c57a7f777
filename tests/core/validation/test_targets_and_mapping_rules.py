"""Rules of the template's Targets sheet and of reading a sheet through a manager's column mapping."""

from __future__ import annotations

import pytest

from core.ingest.container import read_sheets
from core.ingest.load import load_workbook
from core.ingest.mapped_sheet import read_mapped_sheets
from core.validation.findings import Finding
from tests.core.template_fixtures import edit_cells
from tests.core.test_mapping import OCTOBER, SHEET, _mapping
from tests.core.test_targets_over_time import DENTAL, WITH_TARGETS
from tests.core.validation.firing import Fires, assert_fires


def _targets(edits: dict[str, object]) -> list[Finding]:
    return load_workbook(edit_cells(WITH_TARGETS, "Targets", edits), "targets.xlsx").report.findings


def _changed_layout() -> list[Finding]:
    frame = read_sheets(OCTOBER)[SHEET]
    frame.iat[2, 9] = "Notes"  # J3 was 'Narrative': the header the mapping was made for has changed
    return read_mapped_sheets({SHEET: frame}, [_mapping()], "changed.xlsx").findings


CASES = [
    Fires("targets_unknown_indicator", lambda: _targets({"A2": "no_such"}), "Targets", "A2",
          "indicator 'no_such' is not on the Indicators sheet; this target was not loaded."),
    Fires("targets_bad_month", lambda: _targets({"B2": "someday"}), "Targets", "B2",
          "'someday' is not a month (use a date or YYYY-MM); this target was not loaded."),
    Fires("targets_duplicate", lambda: _targets({"A3": DENTAL, "B3": "2023-02", "C3": 61}), "Targets", "B3",
          f"a second target for '{DENTAL}' from Feb 2023 (the first is in row 2); this row was not loaded."),
    Fires("targets_bad_band", lambda: _targets({"D2": "relative", "E2": -5}), "Targets", "D2",
          f"the amber band for '{DENTAL}' from Feb 2023 cannot be negative; the indicator's own band applies."),
    Fires("targets_in_words", lambda: _targets({"C2": "decrease from Q1"}), "Targets", "C2",
          f"the target for '{DENTAL}' from Feb 2023 is words ('decrease from Q1'), not a number: it is shown and "
          "not rated."),
    Fires("no_targets_header", lambda: _targets({"A1": "what", "B1": "when"}), "Targets", "A1",
          "the Targets sheet has no header row naming the indicator_id and from_month columns (row 1 holds 'what', "
          "'when', 'target', 'amber_band_kind', 'amber_band_value', 'intervention_level'); none of its 2 rows was "
          "loaded."),
    Fires("mapping_applied", lambda: load_workbook(OCTOBER, "october.xlsx", [_mapping()]).report.findings, "KPIs",
          "A3", "this sheet was read with the column mapping saved for its layout (header in row 3; 10 of 10 "
          "header cells mapped)."),
    Fires("mapping_column_unused", lambda: load_workbook(
        OCTOBER, "october.xlsx", [_mapping().with_choice("Narrative", "Not used")]).report.findings, "KPIs", "J3",
        "'Narrative': not used (the mapping says it is not used)."),
    Fires("mapping_layout_changed", _changed_layout, "KPIs", "",
          "a column mapping is saved for a sheet called 'KPIs', but this sheet's header differs from the one it was "
          "made for; it was not applied. Map the columns again on the Upload page."),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_fires(case: Fires) -> None:
    assert_fires(case)
