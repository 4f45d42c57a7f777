"""Rules that fire before any sheet is read: the file itself, and a workbook with nothing usable."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from unittest import mock

import openpyxl
import pytest

from core.ingest import sheet_bounds
from core.ingest.bounded_reader import ReadRefused
from core.ingest.container import MAX_FILE_BYTES
from core.ingest.load import SAMPLE_WORKBOOK, load_path
from tests.core.template_fixtures import lone_cell, template_bytes
from tests.core.test_bounded_reading import with_cell
from tests.core.validation.firing import Fires, assert_fires, loaded, workbook


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _empty_workbook() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def _unpacks_large() -> list:
    with mock.patch("core.ingest.container.MAX_UNPACKED_BYTES", 1_048_576):  # a 1 MB limit, a 2 MB member
        return loaded(_zip({"xl/workbook.xml": b"\0" * 2_097_152}))


_ENCRYPTED = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
_ONE_VALUE = [{"indicator_id": "cic_count", "month": "2023-03", "value": 437}]
_MISSING = Path("/nonexistent-folder/march.xlsx")

def _too_many_cells() -> list:
    with mock.patch.object(sheet_bounds, "MAX_WORKBOOK_CELLS", 1_000):
        return loaded(template_bytes([{"indicator_id": "cic_count", "month": "2023-03", "value": 437}] * 200))


def _sheets_too_large_in_all() -> list:
    with mock.patch.object(sheet_bounds, "MAX_WORKBOOK_AREA", 10_000):  # the sample's Values sheet alone is more
        return loaded(SAMPLE_WORKBOOK.read_bytes())


def _refused_by_the_worker() -> list:
    """A legacy .xls cannot be checked cell by cell first, so it is read in a worker with limits."""
    legacy = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(512)
    refusal = ReadRefused("it needs more memory or time than one upload may have")
    with mock.patch("core.ingest.container.read_rows_in_worker", side_effect=refusal):
        return loaded(legacy)


def _with_hidden_workings() -> list:
    """The sample with a hidden copy of its Values sheet holding a stale figure: never read, never preferred."""
    book = openpyxl.load_workbook(SAMPLE_WORKBOOK)
    workings = book.copy_worksheet(book["Values"])
    workings.title, workings.sheet_state = "Workings", "hidden"
    workings["D2"] = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return loaded(buffer.getvalue())


CASES = [
    Fires("formula_not_saved", lambda: loaded(workbook({"Scorecard": [
        ["Scorecard"], ["Indicator", "Feb-23", "Mar-23"], ["No. of CIC at end of month", 444, "=B3-7"]]})),
          "Scorecard", "C3",
          "this cell holds a formula whose result was never saved (the workbook was written by a program and not "
          "saved in Excel since), so it was read as empty. Open the workbook in Excel, save it and upload it again."),
    Fires("hidden_sheet", _with_hidden_workings, "Workings", "",
          "Sheet 'Workings' is hidden in the workbook, so it was not read: hidden sheets usually hold workings or "
          "earlier figures. Unhide it in Excel and upload again if it holds scorecard figures."),
    Fires("empty_file", lambda: loaded(b""), "", "", "upload.xlsx is empty (0 bytes)."),
    Fires("file_too_large", lambda: loaded(b"PK\x03\x04" + b"\0" * (MAX_FILE_BYTES + 1)), "", "",
          "upload.xlsx is 40 MB, far larger than a scorecard workbook (the limit is 40 MB). Remove pictures or "
          "unused sheets and try again."),
    Fires("password_protected", lambda: loaded(_ENCRYPTED), "", "",
          "upload.xlsx is password-protected. Save a copy without a password and upload that."),
    Fires("not_a_workbook", lambda: loaded(b"indicator,value\ncic_count,437\n", "data.csv"), "", "",
          "data.csv is not an Excel workbook. Upload the scorecard as .xlsx (a CSV, PDF or Word file cannot be read)."),
    Fires("other_office_file", lambda: loaded(_zip({"word/document.xml": b"<w/>"}), "minutes.docx"), "", "",
          "minutes.docx is not an Excel workbook (it looks like another kind of Office file). Upload the scorecard "
          "as .xlsx."),
    Fires("damaged_file", lambda: loaded(template_bytes(_ONE_VALUE)[:2000]), "", "",
          "upload.xlsx is damaged: it is not a complete workbook."),
    Fires("unpacks_too_large", _unpacks_large, "", "", "upload.xlsx unpacks to more than 1 MB: far too large."),
    Fires("unreadable_workbook", lambda: loaded(_zip({"xl/workbook.xml": b"this is not xml"})), "", "",
          "upload.xlsx could not be read as an Excel workbook: it is damaged or not what its name says. Open it in "
          "Excel, save it as .xlsx and upload it again."),
    Fires("no_data", lambda: loaded(_empty_workbook()), "", "", "upload.xlsx has no data: every sheet is empty."),
    Fires("cannot_open", lambda: load_path(_MISSING).report.findings, "", "",
          f"{_MISSING} cannot be opened: No such file or directory."),
    Fires("no_indicators_read", lambda: loaded(template_bytes([], indicators=[])), "", "",
          "No indicator could be read. Use the template (download it from the Upload page) or a published "
          "scorecard whose header row has an indicator column and month columns. If the workbook is laid out another "
          "way, say once on the Upload page which column holds what: the mapping is kept for next month's workbook "
          "(and the command line takes it as --mapping FILE)."),
    Fires("no_values_read", lambda: loaded(template_bytes([])), "", "",
          "Indicators were found but not one value could be read, so there is nothing to show."),
    Fires("far_cell", lambda: loaded(with_cell(SAMPLE_WORKBOOK.read_bytes(), "Values", "XFD8000")), "Values",
          "XFD8000", "Cell XFD8000 is far outside this sheet's table (which ends at G5818), after a long run of "
          "empty rows or columns; it was not read. Delete it in Excel if it is not needed."),
    Fires("sheet_too_large", lambda: loaded(lone_cell("XFD1048576")), "Notes", "XFD1048576",
          "Sheet Notes was not read: its cells reach XFD1048576, 17,179,869,184 cells from A1, far more than a "
          "scorecard sheet (the limit is 2,000,000)."),
    Fires("too_many_cells", _too_many_cells, "", "",
          "upload.xlsx has more than 1,000 cells, far more than a scorecard workbook: it is not read."),
    Fires("sheets_too_large_in_all", _sheets_too_large_in_all, "", "",
          "upload.xlsx was not read: its sheets reach 42,444 cells from A1 between them, far more than a scorecard "
          "workbook (the limit is 10,000). Delete sheets or cells that are not needed and upload it again."),
    Fires("read_refused", _refused_by_the_worker, "", "",
          "upload.xlsx could not be read: it needs more memory or time than one upload may have. Open it in Excel, "
          "save it as .xlsx and upload it again."),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_fires(case: Fires) -> None:
    assert_fires(case)
