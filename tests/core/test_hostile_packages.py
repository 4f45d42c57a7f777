"""Each crafted workbook in tests/fixtures/hostile_packages.py is refused or read without its far cell.

The reads run in a child process with a 2 GB address-space limit: if a case got past the checks, the
spreadsheet reader's allocation would abort that child (and the test would say which case), never
the test run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.ingest import sheet_bounds
from tests.fixtures import hostile_packages

ROOT = Path(__file__).resolve().parents[2]

_CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
sys.path.insert(0, sys.argv[1])
from core.ingest.container import WorkbookUnreadable, read_workbook
from tests.fixtures import hostile_packages
for name, data in hostile_packages.cases().items():
    print(json.dumps({"case": name}), flush=True)  # the last case named is the one that aborted, if any
    try:
        read = read_workbook(data, name)
    except WorkbookUnreadable as refused:
        print(json.dumps({"case": name, "refused": refused.finding.code}), flush=True)
    else:
        print(json.dumps({"case": name, "shapes": [list(frame.shape) for frame in read.sheets.values()],
                          "findings": [f.code for f in read.findings]}), flush=True)
"""


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT)], capture_output=True, text=True, timeout=300)
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0, f"aborted while reading {lines[-1]['case'] if lines else '?'}: {done.stderr[-500:]}"
    return {line["case"]: line for line in lines if len(line) > 1}


@pytest.mark.parametrize("case", list(hostile_packages.cases()))
def test_a_crafted_workbook_never_reaches_the_reader_with_its_far_cell(outcomes: dict[str, dict], case: str) -> None:
    outcome = outcomes[case]
    if "refused" in outcome:
        assert outcome["refused"] in {"unreadable_workbook", "too_many_cells", "damaged_file", "sheets_too_large_in_all",
                                      "no_data"}  # no_data: its one sheet was left out, too large
    else:
        assert all(rows * cols <= sheet_bounds.MAX_SHEET_AREA for rows, cols in outcome["shapes"])
        assert {"far_cell", "sheet_too_large"} & set(outcome["findings"])  # and it says what it left out


def test_an_ordinary_workbook_is_scanned_in_the_quick_pass_and_read_whole() -> None:
    """The checks cost an ordinary file nothing: every cell found by the quick pass, none refused."""
    data = hostile_packages.package({})
    bounds = sheet_bounds.scan(data)
    assert [(b.part, b.area, b.refused, b.trimmable) for b in bounds] == [("xl/worksheets/sheet1.xml", 9, False, True)]
