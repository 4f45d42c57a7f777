"""The command line is a contract other tools rely on: exit codes, line format, JSON keys."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.validation.catalogue import RULES

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample_scorecard.xlsx"
PUBLISHED = ROOT / "tests" / "fixtures" / "published_layout.xlsx"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_check_sample_is_usable_and_counts_rows():
    result = run("check", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last == "rows read 5922, used 5922, reported 0"


def test_check_json_on_the_published_layout():
    result = run("check", str(PUBLISHED), "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["rows"] == {"read": 18, "used": 17, "reported": 1}
    assert set(report["findings"][0]) == {"level", "sheet", "cell", "message"}
    twelve = [f for f in report["findings"] if "'twelve' is not a number" in f["message"]]
    assert twelve and twelve[0]["sheet"] == "Profile" and twelve[0]["cell"] == "I7"
    disagree = [f for f in report["findings"] if "by the rules it is" in f["message"]]
    assert any(f["cell"] == "I5" and "RAG status '■ Red' for 'No. of CIC at end of month'" in f["message"]
               for f in disagree)


def test_check_text_lines_have_the_contract_format():
    lines = run("check", str(PUBLISHED)).stdout.strip().splitlines()
    assert "WARNING Profile!I7: 'twelve' is not a number; this month was not loaded for 'No. of CIC who are UASC at end of month'" in lines
    assert all(line.split(" ", 1)[0] in {"ERROR", "WARNING", "INFO"} for line in lines[:-1])


def test_check_unusable_file_exits_1(tmp_path):
    junk = tmp_path / "notes.xlsx"
    junk.write_text("not a workbook")
    result = run("check", str(junk))
    assert result.returncode == 1
    assert result.stdout.startswith("ERROR notes.xlsx is not an Excel workbook")


def test_usage_error_exits_2():
    assert run("check").returncode == 2
    assert run("frobnicate", str(SAMPLE)).returncode == 2
    assert run("scorecard", str(SAMPLE), "--month", "March").returncode == 2
    assert run("scorecard", str(SAMPLE), "--locality", "Atlantis").returncode == 2
    assert run("scorecard", str(SAMPLE), "--month", "2019-01").returncode == 2


def test_scorecard_json_keys_and_values():
    result = run("scorecard", str(SAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert list(rows[0]) == ["id", "area", "name", "unit", "good_is", "period", "value", "previous_value", "target",
                             "rag", "rag_reason", "direction", "published_direction", "england", "sn", "spc_signal",
                             "assurance"]
    by_id = {row["id"]: row for row in rows}
    count = by_id["cic_count"]
    assert (count["period"], count["value"], count["previous_value"], count["direction"]) == ("2023-03", 437, 444,
                                                                                              "improving")
    assert count["rag"] == "amber"
    assert count["rag_reason"] == "Amber: 437 is 17 above the 420 target (amber band up to the 460 intervention level)"
    assert {row["rag"] for row in rows} <= {"green", "amber", "red", "not_rated", "no_data"}
    assert {row["direction"] for row in rows} <= {"improving", "worsening", "same", "not_comparable"}


@pytest.mark.parametrize("locality,expected", [("Purbeck", "39"), ("Whole authority", "437")])
def test_scorecard_for_a_month_and_locality(locality, expected):
    result = run("scorecard", str(SAMPLE), "--month", "2023-03", "--locality", locality)
    assert result.returncode == 0
    line = next(l for l in result.stdout.splitlines() if l.endswith("Profile / No. of CIC at end of month"))
    assert f" {expected} " in line


def test_scorecard_text_speaks_in_words_with_a_shape_for_every_rating():
    """The text form is for people: ratings and directions in words (RAG with its shape, never colour
    alone), never the stored identifiers the --json form carries."""
    result = run("scorecard", str(SAMPLE), "--month", "2023-03", "--locality", "Purbeck")
    assert result.returncode == 0, result.stderr
    for identifier in ("not_rated", "NOT_RATED", "no_data", "NO_DATA", "not_comparable", "improving", "worsening"):
        assert identifier not in result.stdout
    assert result.stdout.splitlines()[0] == "Scorecard for March 2023, Purbeck"
    line = next(l for l in result.stdout.splitlines() if l.endswith("Profile / No. of CIC at end of month"))
    assert line.startswith("○ Not rated")  # a locality's count is not rated against the council's target
    ratings = {line[:11].strip() for line in result.stdout.splitlines()[1:]}
    assert ratings <= {"● Green", "▲ Amber", "■ Red", "○ Not rated", "– No data"} and "■ Red" in ratings


def test_scorecard_text_is_one_line_per_indicator_when_a_name_holds_a_line_break(tmp_path: Path):
    from tests.core.validation.firing import workbook

    book = tmp_path / "breaks.xlsx"
    book.write_bytes(workbook({"Scorecard": [["Scorecard"], ["Indicator", "Good Is", "Target", "Feb-23", "Mar-23"],
                                             ["No. of CIC at\nend of month", "Low", 420, 444, 437],
                                             ["Foster carer\r\nhouseholds available", "High", 50, 40, 41]]}))
    result = run("scorecard", str(book))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and lines[1].endswith("No. of CIC at end of month"), lines
    assert lines[2].endswith("Foster carer households available"), lines


def test_template_writes_a_workbook_the_checker_reads(tmp_path):
    out = tmp_path / "template.xlsx"
    assert run("template", str(out)).returncode == 0
    result = run("check", str(out), "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["ok"] is False  # blank: nothing usable yet, said plainly
    assert "No indicator could be read" in report["findings"][0]["message"]


def test_rules_lists_the_whole_catalogue_as_json():
    result = run("rules", "--json")
    assert result.returncode == 0, result.stderr
    rules = json.loads(result.stdout)
    assert [r["code"] for r in rules] == list(RULES)
    assert set(rules[0]) == {"code", "level", "title", "message", "effect"}
    unknown = next(r for r in rules if r["code"] == "unknown_indicator")
    assert unknown == {"code": "unknown_indicator", "level": "warning", "title": "Value for an unlisted indicator",
                       "message": "indicator '…' is not on the Indicators sheet; this row was not loaded.",
                       "effect": "The row is not loaded."}


def test_rules_text_gives_level_title_message_and_effect_without_codes():
    result = run("rules")
    assert result.returncode == 0, result.stderr
    blocks = [block.splitlines() for block in result.stdout.strip().split("\n\n")]
    assert ["WARNING  Value for an unlisted indicator",
            "         indicator '…' is not on the Indicators sheet; this row was not loaded.",
            "         The row is not loaded."] in blocks
    assert all(block[0].split()[0] in {"ERROR", "WARNING", "NOTE"} for block in blocks)
    assert "unknown_indicator" not in result.stdout


def test_the_parser_spells_the_export_formats_as_the_exports_do():
    from core.cli.export import EXPORT_FORMATS
    from core.exports import FORMAT_KEYS

    assert tuple(EXPORT_FORMATS) == tuple(FORMAT_KEYS)


def test_check_and_scorecard_do_not_import_the_pack_writers():
    """A short command starts fast: the pack writers (reportlab, python-pptx, openpyxl) load for export only,
    and the history store's libraries (SQLAlchemy, Alembic) not at all: a SQLite store's threshold is one plain query."""
    probe = ("import sys; from core.cli.main import main; main(sys.argv[1:]); "
             "heavy = sorted({m.split('.')[0] if not m.startswith('core.') else m for m in sys.modules "
             "if m.split('.')[0] in {'reportlab', 'pptx', 'openpyxl', 'sqlalchemy', 'alembic', 'streamlit', 'plotly'} "
             "or m.startswith('core.exports')}); print('HEAVY', heavy, file=sys.stderr)")
    for args, allowed in ((["check", str(PUBLISHED)], "[]"), (["scorecard", str(SAMPLE)], "[]")):
        done = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert f"HEAVY {allowed}" in done.stderr, done.stderr


def _scorecard_with_store(store_path: Path, *args: str) -> subprocess.CompletedProcess:
    from core.store.location import DATABASE_URL_ENV, HISTORY_PATH_ENV

    env = {key: value for key, value in os.environ.items() if key != DATABASE_URL_ENV}
    env[HISTORY_PATH_ENV] = str(store_path)
    return subprocess.run([sys.executable, "-m", "core", "scorecard", str(SAMPLE), "--locality", "Purbeck", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)


def test_scorecard_withholds_by_the_threshold_a_manager_set_in_the_store(tmp_path: Path):
    from core.store import HistoryStore
    from core.store.location import sqlite_threshold

    store_path = tmp_path / "history.sqlite"
    assert sqlite_threshold(store_path) == 5  # no store yet: the default, and none is created
    assert not store_path.exists()
    store = HistoryStore.open(f"sqlite:///{store_path}")
    assert sqlite_threshold(store_path) == 5  # a store where no threshold was set
    store.set_threshold(9, who="manager@testshire.gov.uk")
    store.dispose()
    assert sqlite_threshold(store_path) == 9
    refused = _scorecard_with_store(store_path, "--threshold", "7")
    assert refused.returncode == 2, refused.stderr
    assert "--threshold 7 is below this deployment's threshold of 9" in refused.stderr
    by_store = _scorecard_with_store(store_path)
    no_store = tmp_path / "no store here.sqlite"
    by_option, by_default = _scorecard_with_store(no_store, "--threshold", "9"), _scorecard_with_store(no_store)
    assert {by_store.returncode, by_option.returncode, by_default.returncode} == {0}, by_store.stderr
    assert not no_store.exists()
    assert by_store.stdout != by_default.stdout  # more than by the default of 5
    assert by_store.stdout.count(" c  ") > by_default.stdout.count(" c  ")

    def withheld(output: str) -> set[str]:
        return {line.split("  ")[-1] for line in output.splitlines()[1:] if " c  " in line}

    # --threshold 9 over a deployment of 5 keeps withheld whatever 5 withholds: two views side by side give
    # nothing away by subtraction
    assert withheld(by_default.stdout) <= withheld(by_option.stdout)
    assert len(withheld(by_option.stdout)) >= len(withheld(by_store.stdout))


def test_scorecard_says_so_and_withholds_below_5_when_the_store_cannot_be_read(tmp_path: Path):
    store_path = tmp_path / "history.sqlite"
    store_path.write_bytes(b"not a database at all" * 100)
    done = _scorecard_with_store(store_path)
    assert done.returncode == 0, done.stderr
    assert "warning: the history store could not be read" in done.stderr
    assert "withholding counts below 5" in done.stderr
