"""The catalogue itself: every rule has a firing test, nobody else writes findings, capping happens once."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from core.validation.catalogue import (
    MAX_FINDINGS_PER_RULE,
    RULES,
    cap_findings,
    catalogue_records,
    declare,
    find_rules,
    finding,
    rule,
)
from core.validation.findings import Level
from core.validation.report import ValidationReport
from tests.core.template_fixtures import template_bytes
from tests.core.validation import (
    test_file_rules,
    test_model_rules,
    test_published_rules,
    test_targets_and_mapping_rules,
    test_template_rules,
)
from tests.core.validation.firing import loaded

CORE = Path(__file__).resolve().parents[3] / "core"
ALL_CASES = [*test_file_rules.CASES, *test_template_rules.CASES, *test_published_rules.CASES,
             *test_model_rules.CASES, *test_targets_and_mapping_rules.CASES]
_CODE_LIKE = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")
EMITTERS = {"finding", "findings_at", "WorkbookUnreadable", "warn", "reject", "_no_header", "_flag"}


def test_every_declared_rule_has_a_firing_test() -> None:
    tested = {case.code for case in ALL_CASES}
    assert sorted(set(RULES) - tested) == [], "declared rules without a test that makes them fire"
    assert sorted(tested - set(RULES)) == [], "tests for rules the catalogue does not declare"


def _core_modules() -> list[Path]:
    return [path for path in CORE.rglob("*.py")
            if path.relative_to(CORE).as_posix() not in {"validation/catalogue.py", "validation/findings.py"}]


def test_no_module_outside_the_catalogue_writes_a_finding() -> None:
    offenders = []
    for path in _core_modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            if _called(node) == "Finding" or any(k.arg in {"message", "code", "level"} for k in node.keywords):
                offenders.append(f"{path.relative_to(CORE)}:{node.lineno}")
    assert offenders == []


def test_every_code_named_in_core_is_declared() -> None:
    named: list[tuple[str, str]] = []
    for path in _core_modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and _called(node) in EMITTERS:
                named += [(path.name, arg.value) for arg in node.args if isinstance(arg, ast.Constant)
                          and isinstance(arg.value, str) and _CODE_LIKE.match(arg.value)]
    assert len(named) > 40, "the scan found too few emitter calls: it is looking in the wrong place"
    assert [(module, code) for module, code in named if code not in RULES] == []


def _called(node: ast.Call) -> str:
    return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")


def test_a_rule_is_declared_once_and_its_values_are_required() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        declare("bad_value", Level.warning, "again", "again", rule("bad_value").effect)
    with pytest.raises(KeyError, match="needs indicator"):
        finding("unknown_indicator", sheet="Values", cell="A2")


def test_the_listing_shows_placeholders_as_dots_and_every_rule_says_what_happens_to_the_data() -> None:
    records = {record["code"]: record for record in catalogue_records()}
    assert records["percent_over_100"]["message"] == (
        "'…' is a percentage but the value is … (over 100); it was loaded, please check it.")
    assert len(records) == len(RULES)
    assert all(record["title"] and record["effect"] and "{" not in record["message"] for record in records.values())
    assert len({record["title"] for record in records.values()}) == len(records)  # a title finds one rule


def test_250_bad_rows_give_200_findings_and_one_line_for_the_rest() -> None:
    rows = [{"indicator_id": "mystery", "month": "2023-03", "value": n} for n in range(250)]
    findings = loaded(template_bytes([*rows, {"indicator_id": "cic_count", "month": "2023-03", "value": 437}]))
    unknown = [f for f in findings if f.code == "unknown_indicator"]
    assert len(unknown) == MAX_FINDINGS_PER_RULE + 1
    assert [f.cell for f in unknown[:3]] == ["A2", "A3", "A4"]
    closing = unknown[-1]
    assert (closing.level, closing.sheet, closing.cell, closing.more) == (Level.warning, "Values", "", 50)
    assert closing.message == "and 50 more like this (Value for an unlisted indicator)."


def test_the_report_caps_what_arrives_in_several_batches_and_capping_twice_changes_nothing() -> None:
    report = ValidationReport()
    batch = [finding("no_indicator_name", sheet="Profile", cell=f"A{n}") for n in range(150)]
    report.extend(batch)
    report.extend(batch)  # a second table of the same sheet
    report.add(finding("no_indicator_name", sheet="Appendix", cell="A9"))  # another sheet: its own count
    on_profile = [f for f in report.findings if f.sheet == "Profile"]
    assert len(on_profile) == 201 and on_profile[-1].message.startswith("and 100 more like this")
    assert cap_findings(report.findings) == report.findings
    assert [f.cell for f in report.findings if f.sheet == "Appendix"] == ["A9"]
    assert report.to_frame()["rule"].iloc[0] == "Figures without an indicator name"


@pytest.mark.parametrize("search, code", [
    ("indicator 'mystery' is not on the Indicators sheet; this row was not loaded.", "unknown_indicator"),
    ("and 50 more like this (Value for an unlisted indicator).", "unknown_indicator"),
    ("Percentage over", "percent_over_100"),
    ("  PASSWORD-protected ", "password_protected"),
])
def test_a_manager_finds_the_rule_from_the_message_they_were_given(search: str, code: str) -> None:
    assert [r.code for r in find_rules(search)] == [code]
