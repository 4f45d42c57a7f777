"""What a rule-firing test is: a small input built here, read through a public entry point, and the
one finding it must produce (level from the catalogue, sheet, cell and the exact message).

Each stage's test module lists its cases in CASES; test_catalogue.py checks that together they cover
every rule the catalogue declares, so a new rule without a firing test fails the suite.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl

from core.ingest.load import load_workbook
from core.validation.catalogue import rule
from core.validation.findings import Finding
from tests.fixtures.build_wide_fixtures import Rows
from tests.fixtures.build_wide_fixtures import (
    workbook_bytes as workbook,  # sheets of rows from A1 -> bytes
)

__all__ = ["Fires", "Rows", "assert_fires", "loaded", "with_sheet", "workbook"]


@dataclass(frozen=True)
class Fires:
    code: str
    run: Callable[[], list[Finding]]  # reads the input through a public entry point; returns the findings
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:  # the test id
        return self.code


def assert_fires(case: Fires) -> None:
    found = [(f.level, f.sheet, f.cell, f.message) for f in case.run() if f.code == case.code]
    expected = (rule(case.code).level, case.sheet, case.cell, case.message)
    assert expected in found, f"{case.code}: expected {expected}, got {found}"


def loaded(data: bytes, name: str = "upload.xlsx") -> list[Finding]:
    """The validation report's findings for these bytes, as the app and the CLI get them."""
    return load_workbook(data, name).report.findings


def with_sheet(data: bytes, title: str, rows: Rows | None) -> bytes:
    """The workbook with sheet `title` added (rows given) or removed (rows None)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    if rows is None:
        book.remove(book[title])
    else:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
