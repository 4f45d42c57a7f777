"""Bytes to raw sheets: the only place that touches the file format.

Every way a file can be unreadable ends in one WorkbookUnreadable with a sentence a performance
manager understands, never a traceback. No file may take more than a bounded share of memory or time:
an .xlsx's cell positions are checked before any cell is read (core.ingest.sheet_bounds), and other
formats, which cannot be checked that way, are read in a worker process with limits.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from core.ingest import sheet_bounds
from core.ingest.bounded_reader import (
    ReadRefused,
    read_rows_in_worker,
    visible_and_hidden,
)
from core.ingest.cells import KIND_EMPTY, KIND_TEXT, cell_kinds
from core.validation.catalogue import finding, findings_at
from core.validation.findings import Finding

MAX_FILE_BYTES = 40 * 1024 * 1024  # a monthly scorecard is well under 5 MB
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # guards against zip bombs

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # legacy .xls, and encrypted .xlsx
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


class WorkbookUnreadable(Exception):
    """The file cannot be read as a workbook: `finding` says why (str(error) is its message)."""

    def __init__(self, code: str, left_out: list[Finding] | None = None, **values: object) -> None:
        self.finding: Finding = finding(code, **values)
        self.findings = left_out or []  # what was left out on the way, e.g. a sheet too large to read
        super().__init__(self.finding.message)


@dataclass
class RawWorkbook:
    sheets: dict[str, pd.DataFrame]
    findings: list[Finding] = field(default_factory=list)  # cells or sheets left out, each by name


def read_sheets(data: bytes, name: str = "the file") -> dict[str, pd.DataFrame]:
    """All sheets, raw (see read_workbook); what was left out is not said."""
    return read_workbook(data, name).sheets


def read_workbook(data: bytes, name: str = "the file") -> RawWorkbook:
    """All sheets, raw: no header row, so frame.iat[r, c] is Excel cell (r+1, c+1).

    python-calamine is called directly rather than through pd.read_excel: pandas converts every
    cell in Python on the way in, which costs a quarter of the read for work we redo anyway.
    Empty cells become None; "NA", "n/a" and "-" stay text, because they mean something. Sheets Excel
    hides are not read (each is named in a finding): they hold workings, not what was published.
    """
    findings: list[Finding] = []
    checkable = _check_container(data, name)
    try:
        if checkable:
            data, findings = _bounded(data)
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            visible, hidden = visible_and_hidden(book)
            sheets = {sheet: _sheet_frame(*_cells_of(book, sheet)) for sheet in visible}
        else:
            rows_by_sheet, hidden = read_rows_in_worker(data)
            sheets = {sheet: _sheet_frame(rows, merged) for sheet, (rows, merged) in rows_by_sheet.items()}
    except sheet_bounds.TooManyCells as error:
        raise WorkbookUnreadable("too_many_cells", file=name, limit=sheet_bounds.MAX_WORKBOOK_CELLS) from error
    except sheet_bounds.TooLargeInAll as error:
        raise WorkbookUnreadable("sheets_too_large_in_all", file=name, area=error.area,
                                 limit=sheet_bounds.MAX_WORKBOOK_AREA) from error
    except ReadRefused as error:
        raise WorkbookUnreadable("read_refused", file=name, reason=str(error)) from error
    except Exception as error:  # calamine raises several types for damaged files
        raise WorkbookUnreadable("unreadable_workbook", file=name) from error
    findings = [f for f in findings if f.sheet not in hidden]  # a sheet not read has nothing else to say
    findings.extend(finding("hidden_sheet", sheet=sheet) for sheet in hidden)
    if not sheets or all(frame.empty for frame in sheets.values()):
        raise WorkbookUnreadable("no_data", findings, file=name)
    return RawWorkbook(sheets, findings)


def _cells_of(book: CalamineWorkbook, sheet: str) -> tuple[list[list], list | None]:
    """One sheet's cells and merged ranges. Sheets are read one at a time, each let go before the next:
    the reader's copy of a sheet is its whole range, cell by cell."""
    page = book.get_sheet_by_name(sheet)
    return page.to_python(skip_empty_area=False), page.merged_cell_ranges


def _bounded(data: bytes) -> tuple[bytes, list[Finding]]:
    """The xlsx with far cells cut out, and a finding for each cell or sheet left out."""
    planned = sheet_bounds.scan(data)
    findings: list[Finding] = []
    for bounds in planned:
        if bounds.refused:
            findings.append(finding("sheet_too_large", sheet=bounds.sheet, cell=bounds.farthest,
                                    sheet_name=bounds.sheet, cell_name=bounds.farthest, area=bounds.area, limit=sheet_bounds.MAX_SHEET_AREA))
        else:
            findings.extend(finding("far_cell", sheet=bounds.sheet, cell=cell, far_cell=cell, table_end=bounds.table_end)
                            for cell in bounds.far)
            findings.extend(findings_at("formula_not_saved", bounds.sheet, bounds.unsaved_formulas))
    trimmed = sheet_bounds.without_far_cells(data, planned)
    if trimmed is not data:
        sheet_bounds.check_trimmed(trimmed)
    return trimmed, findings


def _sheet_frame(rows: list[list], merged: list | None) -> pd.DataFrame:
    """The sheet's cells; frame.attrs["merged"] lists its merged ranges (r0, c0, r1, c1), zero-based,
    which the published reader needs to know which columns a band header stands over."""
    if not rows or not any(rows):
        return pd.DataFrame()
    cells = np.array(rows, dtype=object)
    if cells.ndim != 2:  # ragged rows (rare): pad them to a rectangle
        width = max(len(row) for row in rows)
        cells = np.array([row + [""] * (width - len(row)) for row in rows], dtype=object)
    kinds = cell_kinds(cells.ravel()).reshape(cells.shape)
    text_at = np.flatnonzero(kinds.ravel() == KIND_TEXT)
    empty_at = text_at[cells.ravel()[text_at] == ""]  # calamine gives "" for every empty cell
    cells.ravel()[empty_at] = None
    kinds.ravel()[empty_at] = KIND_EMPTY
    filled = np.flatnonzero((kinds != KIND_EMPTY).any(axis=1))
    if not len(filled):
        return pd.DataFrame()
    frame = pd.DataFrame(cells[: filled[-1] + 1], dtype=object)  # one block: no per-column string inference
    frame.attrs["cell_kinds"] = kinds[: filled[-1] + 1]  # the one pass over cell types, for the readers
    width = frame.shape[1]
    frame.attrs["merged"] = [(r0, c0, r1, min(c1, width - 1)) for (r0, c0), (r1, c1) in (merged or [])
                             if c0 < width and r0 < len(frame)]
    return frame


_END_RECORD = b"PK\x05\x06"  # a zip's end-of-central-directory record: 22 bytes and a comment
_ZIP64_MARK = 0xFFFFFFFF


def _one_archive(data: bytes) -> bool:
    """True when the zip ends in one end record, its comment running to the end of the file, with its
    directory straight before it. Python's zipfile and the reader's zip library find the end record
    in different ways; with anything else (an archive appended to another, a comment whose length is
    wrong) they could read different archives, and the checks would look at the wrong one."""
    at = data.rfind(_END_RECORD)
    if at < 0 or at + 22 > len(data):
        return False
    comment = int.from_bytes(data[at + 20:at + 22], "little")
    size, offset = int.from_bytes(data[at + 12:at + 16], "little"), int.from_bytes(data[at + 16:at + 20], "little")
    if _ZIP64_MARK in (size, offset):  # a zip64 record stands between: only the end is checked
        return at + 22 + comment == len(data)
    return at + 22 + comment == len(data) and offset + size == at


def _check_container(data: bytes, name: str) -> bool:
    """Refuse what is not a workbook; True for an xlsx/xlsm, whose cell positions can be checked first."""
    if not data:
        raise WorkbookUnreadable("empty_file", file=name)
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookUnreadable("file_too_large", file=name, size_mb=f"{len(data) / 1_048_576:.0f}",
                                 limit_mb=MAX_FILE_BYTES // 1_048_576)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data[:65536] or _ENCRYPTED_MARK in data:
            raise WorkbookUnreadable("password_protected", file=name)
        return False  # legacy .xls: calamine reads it
    if not data.startswith(_ZIP_MAGIC):
        raise WorkbookUnreadable("not_a_workbook", file=name)
    if not _one_archive(data):
        raise WorkbookUnreadable("damaged_file", file=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            unpacked = sum(member.file_size for member in members)
    except zipfile.BadZipFile as error:
        raise WorkbookUnreadable("damaged_file", file=name) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookUnreadable("unpacks_too_large", file=name, limit_mb=MAX_UNPACKED_BYTES // 1_048_576)
    if not ({"xl/workbook.xml", "xl/workbook.bin", "content.xml"} & names):
        raise WorkbookUnreadable("other_office_file", file=name)
    return "xl/workbook.xml" in names
