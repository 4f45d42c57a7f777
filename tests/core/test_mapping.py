"""Column mappings: a layout nobody foresaw, mapped once, read next month unaided; the file, the store, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from core.ingest.container import read_sheets
from core.ingest.load import load_workbook
from core.ingest.mapped_sheet import read_mapped_sheets
from core.ingest.mapping import (
    ColumnMapping,
    guess_header_row,
    header_parts,
    layout_signature,
    mappings_from_json,
    mappings_json,
    propose_mapping,
)
from core.store import HistoryStore
from core.validation.catalogue import RULES
from tests.fixtures.unforeseen_layout import HEADER_ROW, SHEET, unforeseen_workbook

ROOT = Path(__file__).resolve().parents[2]
OCTOBER = unforeseen_workbook(["2023-10", "2023-11"])
NEXT_MONTH = unforeseen_workbook(["2023-11", "2023-12"])


def _mapping(data: bytes = OCTOBER) -> ColumnMapping:
    """What a manager chooses on the Upload page for the unforeseen layout."""
    frame = read_sheets(data)[SHEET]
    proposed = propose_mapping(SHEET, frame, guess_header_row(frame))
    return (proposed.with_choice("Scorecard line", "Indicator name").with_choice("Better if", "Good Is (polarity)")
            .with_choice("Oct-23 goal", "Each period's target")
            .with_choice("Oct-23 floor", "Each period's intervention level")
            .with_choice("Narrative", "Commentary"))


def _codes(result) -> list[str]:  # noqa: ANN001 - a LoadResult
    return [finding.code for finding in result.report.findings]


def test_the_layout_is_unreadable_without_a_mapping():
    result = load_workbook(OCTOBER, "october.xlsx")
    assert not result.usable


@pytest.mark.parametrize(("header", "period", "words"), [
    ("Q2 Target 2022/23", "2022-09", "target"),
    ("Sep 22 actual", "2022-09", "actual"),
    ("Target Mar-23", "2023-03", "target"),
    ("Oct 22", "2022-10", ""),
    ("Narrative", None, "narrative"),
])
def test_a_header_is_a_period_and_the_words_beside_it(header, period, words):
    found, said = header_parts(header)
    assert (str(found) if found is not None else None, said) == (period, words)


def test_the_signature_ignores_which_months_and_how_many():
    header = ["KPI", "Oct-23 actual", "Nov-23 actual", "Narrative"]
    assert layout_signature("KPIs", header) == layout_signature("KPIs", ["KPI", "Nov-23 actual", "Dec-23 actual",
                                                                       "Jan-24 actual", "Narrative"])
    assert layout_signature("KPIs", header) != layout_signature("Other", header)
    assert layout_signature("KPIs", header) != layout_signature("KPIs", ["KPI", "Oct-23 actual", "Notes"])


def test_the_proposal_finds_the_header_row_and_what_the_synonyms_know():
    frame = read_sheets(OCTOBER)[SHEET]
    assert guess_header_row(frame) == HEADER_ROW - 1
    proposed = {c.header: c.choice for c in propose_mapping(SHEET, frame, HEADER_ROW - 1).columns}
    assert proposed == {"Scorecard line": "Not used", "Better if": "Not used", "Units": "Unit",
                        "Oct-23 actual": "Each period's value", "Oct-23 goal": "Not used",
                        "Oct-23 floor": "Not used", "Narrative": "Commentary"}
    assert "choose exactly one column as the indicator name" in propose_mapping(SHEET, frame, 0).problems()


def test_a_mapped_sheet_loads_with_targets_in_force_per_month_and_commentary():
    result = load_workbook(OCTOBER, "october.xlsx", [_mapping()])
    assert result.usable, result.report.text()
    model = result.dataset
    values = model.observations.set_index(["indicator_id", "period"])["value"]
    assert values[("pathway_plans_up_to_date", pd.Period("2023-10", "M"))] == 81.0  # '81%'
    assert values[("pathway_plans_up_to_date", pd.Period("2023-11", "M"))] == 70.0
    assert {ind.good_is.value for ind in model.indicators.values()} == {"low", "high"}
    targets = model.targets.set_index(["indicator_id", "from_period"])
    row = targets.loc[("pathway_plans_up_to_date", pd.Period("2023-11", "M"))]
    assert (row["target"], row["band_kind"], row["band_value"], row["cell"]) == (85.0, "intervention", 75.0, "H5")
    assert [(c.subject, c.period, c.text) for c in model.commentary][0] == (
        "looked_after_children_per_10k", "2023-11", "Narrative: Stable since summer")
    # every row is used or reported: three indicators and the 'Care leavers' heading
    assert (result.report.rows_read, result.report.rows_used, result.report.rows_reported) == (4, 4, 0)
    applied = [f for f in result.report.findings if f.code == "mapping_applied"]
    assert applied[0].message == RULES["mapping_applied"].message.format(row=3, mapped=10, headers=10)


def test_next_months_workbook_loads_with_the_same_mapping_and_says_so():
    result = load_workbook(NEXT_MONTH, "november.xlsx", [_mapping()])
    assert result.usable
    assert "mapping_applied" in _codes(result)
    assert str(result.dataset.latest_period) == "2023-12"
    bad = [f for f in result.report.findings if f.code == "bad_month_cell"]
    assert bad and bad[0].cell == "G7" and "'lots'" in bad[0].message  # the reader's own checks still run


def test_a_header_the_mapping_does_not_name_is_reported_not_skipped():
    mapping = _mapping().with_choice("Narrative", "Not used")
    result = load_workbook(OCTOBER, "october.xlsx", [mapping])
    unused = [f for f in result.report.findings if f.code == "mapping_column_unused"]
    assert [(f.cell, f.message) for f in unused] == [
        ("J3", "'Narrative': not used (the mapping says it is not used).")]


def test_a_changed_header_is_reported_and_the_mapping_not_applied():
    frame = read_sheets(OCTOBER)[SHEET]
    frame.iat[2, 9] = "Notes"  # J3 was 'Narrative'
    found = read_mapped_sheets({SHEET: frame}, [_mapping()], "changed.xlsx")
    assert found.reads == {}
    assert [(f.code, f.sheet) for f in found.findings] == [("mapping_layout_changed", SHEET)]
    assert "saved for a sheet called 'KPIs'" in found.findings[0].message


def test_the_mapping_file_round_trips():
    mapping = _mapping()
    assert mappings_from_json(mappings_json([mapping])) == [mapping]
    assert mappings_from_json(mappings_json([mapping, mapping])) == [mapping, mapping]
    assert json.loads(mappings_json([mapping]))["format"] == "scorecard-column-mapping"


def test_the_store_keeps_one_mapping_per_layout_and_reads_next_month_with_it(tmp_path):
    store = HistoryStore.open(f"sqlite:///{tmp_path / 'history.sqlite'}")
    first = _mapping().with_choice("Narrative", "Not used")
    store.save_mapping(first, who="BI")
    store.save_mapping(_mapping(), who="BI")  # a correction replaces it
    assert store.mappings() == [_mapping()]
    reopened = HistoryStore.open(f"sqlite:///{tmp_path / 'history.sqlite'}")
    result = load_workbook(NEXT_MONTH, "november.xlsx", reopened.mappings())  # read with the saved mapping
    added = reopened.add_upload(NEXT_MONTH, "november.xlsx", result, who="BI")
    assert added.created and "mapping_applied" in [f.code for f in reopened.report(added.upload.id).findings]
    store.dispose()
    reopened.dispose()


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_the_command_line_takes_the_mapping_file(tmp_path):
    workbook = tmp_path / "november.xlsx"
    workbook.write_bytes(NEXT_MONTH)
    mapping_file = tmp_path / "kpis.mapping.json"
    mapping_file.write_text(mappings_json([_mapping()]))
    assert _run("check", str(workbook)).returncode == 1
    checked = _run("check", str(workbook), "--mapping", str(mapping_file), "--json")
    assert checked.returncode == 0, checked.stderr
    assert any("column mapping saved for its layout" in f["message"] for f in json.loads(checked.stdout)["findings"])
    card = _run("scorecard", str(workbook), "--mapping", str(mapping_file), "--json")
    assert card.returncode == 0, card.stderr
    rated = {row["id"]: row["rag"] for row in json.loads(card.stdout)}
    assert rated["pathway_plans_up_to_date"] in {"green", "amber", "red"}
    pack = tmp_path / "pack.xlsx"
    exported = _run("export", "--format", "xlsx", str(workbook), str(pack), "--mapping", str(mapping_file))
    assert exported.returncode == 0, exported.stderr
    assert pack.stat().st_size > 0
    broken = tmp_path / "broken.json"
    broken.write_text('{"sheet": "KPIs"}')
    refused = _run("check", str(workbook), "--mapping", str(broken))
    assert refused.returncode == 2 and "is not a column mapping file" in refused.stderr
