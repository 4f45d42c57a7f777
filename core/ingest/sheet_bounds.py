"""Where a sheet's cells really are, read from the xlsx XML before any cell is read.

The spreadsheet reader allocates a sheet's whole used range, from A1 to its farthest cell: one value
typed at XFD1048576 makes that 17 billion cells and takes the process down. So every worksheet's cell
references are scanned first (a streaming pass over the XML, no cell values parsed), and

- a sheet whose used range is far larger than its content is read without the far cells: cells
  after a long run of empty rows or columns are cut out of the file and reported, each by name;
- a sheet whose content itself is too large to read is left out, reported by name;
- a workbook with more cells than any scorecard has is refused.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

import numpy as np

from core.ingest.cells import a1

MAX_SHEET_AREA = 2_000_000  # cells from A1 to the farthest cell; a big scorecard sheet is ~250,000
MAX_WORKBOOK_CELLS = 3_000_000  # written cells in all sheets together
FAR_ROW_GAP = 1_000  # this many empty rows, then more cells: those cells are far from the table
FAR_COLUMN_GAP = 100  # the same for empty columns
_CHUNK = 1 << 20

# A cell's start tag up to its reference, with or without a namespace prefix; one regex pass per chunk
# gives every reference, and numpy turns them into numbers (no Python step per cell).
_CELL_REF = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"')
_PLAIN_CELL_REF = re.compile(rb'<c\s[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"')  # twice as fast; most writers
_PREFIXED_CELL = re.compile(rb":c\s")  # a chunk with this anywhere takes the full pattern
_REF_WIDTH = 10  # three letters and seven digits

_CELL_ELEMENT = re.compile(
    rb'<(?P<p>(?:[A-Za-z_][\w.-]*:)?)c\s[^>]*?\br="(?P<ref>[A-Z]{1,3}[0-9]{1,7})"[^>]*?(?:/>|>.*?</(?P=p)c>)',
    re.DOTALL)
_SHEET_DATA = re.compile(rb"<(?P<p>(?:[A-Za-z_][\w.-]*:)?)sheetData\b(?:[^>]*/>|.*?</(?P=p)sheetData>)", re.DOTALL)
_DIMENSION = re.compile(rb'(<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref=")[^"]*(")')
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class TooManyCells(ValueError):
    """More cells than any scorecard: the workbook is not read at all."""


def cell_name(row: int, column: int) -> str:
    """A cell's name from its 1-based row and column, as the xlsx references count them."""
    return a1(row - 1, column - 1)


@dataclass
class SheetBounds:
    """One worksheet's cell positions and what reading it safely needs."""

    sheet: str
    part: str  # the zip member, e.g. xl/worksheets/sheet1.xml
    rows: np.ndarray  # 1-based row of every written cell
    columns: np.ndarray  # 1-based column of every written cell
    keep_rows: int = 0  # the table ends here; cells below or right of it are far
    keep_columns: int = 0
    refused: bool = False
    far: list[str] = field(default_factory=list)  # far cells, by name

    @property
    def area(self) -> int:
        return int(self.rows.max()) * int(self.columns.max()) if len(self.rows) else 0

    @property
    def table_end(self) -> str:
        return cell_name(self.keep_rows, self.keep_columns)

    @property
    def farthest(self) -> str:
        """The cell that makes the range absurd: the one farthest from A1."""
        corner = np.argmax(self.rows.astype("float64") * self.columns)
        return cell_name(int(self.rows[corner]), int(self.columns[corner]))


def _first_gap_end(positions: np.ndarray, gap: int) -> int:
    """The last used position before the first run of more than `gap` unused ones (all of them if none)."""
    used = np.unique(positions)
    jumps = np.flatnonzero(np.diff(used) > gap + 1)
    return int(used[jumps[0]]) if len(jumps) else int(used[-1])


def plan(bounds: SheetBounds) -> SheetBounds:
    """Decide what to read: everything, everything but the far cells, or nothing."""
    if bounds.area <= MAX_SHEET_AREA:
        bounds.keep_rows, bounds.keep_columns = int(bounds.rows.max(initial=0)), int(bounds.columns.max(initial=0))
        return bounds
    bounds.keep_rows = _first_gap_end(bounds.rows, FAR_ROW_GAP)
    bounds.keep_columns = _first_gap_end(bounds.columns, FAR_COLUMN_GAP)
    far = (bounds.rows > bounds.keep_rows) | (bounds.columns > bounds.keep_columns)
    near_rows, near_columns = bounds.rows[~far], bounds.columns[~far]
    if len(near_rows):  # the table is as far as its own last cell, not as far as the cut
        bounds.keep_rows, bounds.keep_columns = int(near_rows.max()), int(near_columns.max())
    bounds.refused = bounds.keep_rows * bounds.keep_columns > MAX_SHEET_AREA
    bounds.far = [cell_name(int(r), int(c)) for r, c in zip(bounds.rows[far], bounds.columns[far], strict=True)]
    return bounds


def _positions_of(refs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of cell references such as b"AB12", all at once: the references side by side as
    bytes, letters folded base 26 and digits base 10, one array step per character position."""
    if not refs:
        return np.empty(0, dtype="int64"), np.empty(0, dtype="int64")
    chars = np.array(refs, dtype=f"S{_REF_WIDTH}").view(np.uint8).reshape(len(refs), _REF_WIDTH).astype("int64")
    letter, digit = chars >= ord("A"), (chars >= ord("0")) & (chars <= ord("9"))
    rows, columns = np.zeros(len(refs), dtype="int64"), np.zeros(len(refs), dtype="int64")
    for at in range(_REF_WIDTH):  # letters always come first, so each column folds in order
        columns = np.where(letter[:, at], columns * 26 + chars[:, at] - (ord("A") - 1), columns)
        rows = np.where(digit[:, at], rows * 10 + chars[:, at] - ord("0"), rows)
    return rows, columns


def _cell_refs(text: bytes) -> list[bytes]:
    return (_CELL_REF if _PREFIXED_CELL.search(text) else _PLAIN_CELL_REF).findall(text)


def _cell_positions(archive: zipfile.ZipFile, part: str) -> tuple[np.ndarray, np.ndarray]:
    found: list[np.ndarray] = []
    count = 0
    with archive.open(part) as stream:
        pending = b""
        while True:
            chunk = stream.read(_CHUNK)
            text = pending + chunk
            # Up to the last "<": no tag is cut there (a tag holds no "<"); the rest waits for the next chunk.
            cut = text.rfind(b"<") if chunk else len(text)
            cut = max(cut, 0)
            refs = _cell_refs(text[:cut])
            pending = text[cut:]
            count += len(refs)
            if count > MAX_WORKBOOK_CELLS:
                raise TooManyCells(MAX_WORKBOOK_CELLS)
            if refs:
                found.append(np.stack(_positions_of(refs)))
            if not chunk:
                break
    if not found:
        return np.empty(0, dtype="int64"), np.empty(0, dtype="int64")
    rows, columns = np.concatenate(found, axis=1)
    return rows, columns


def _worksheet_parts(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """(sheet name, zip member) for every worksheet, in workbook order."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels_part = "xl/_rels/workbook.xml.rels"
    rels = ElementTree.fromstring(archive.read(rels_part)) if rels_part in archive.namelist() else None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in (rels if rels is not None else [])
               if rel.tag == f"{_PKG_REL_NS}Relationship"}
    members = set(archive.namelist())
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part in members:
            yield sheet.get("name", ""), part


def scan(data: bytes) -> list[SheetBounds]:
    """Every worksheet's cell positions and reading plan; raises TooManyCells."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found = []
        total = 0
        for sheet, part in _worksheet_parts(archive):
            rows, columns = _cell_positions(archive, part)
            total += len(rows)
            if total > MAX_WORKBOOK_CELLS:
                raise TooManyCells(MAX_WORKBOOK_CELLS)
            found.append(plan(SheetBounds(sheet, part, rows, columns)))
    return found


def _trimmed(xml: bytes, bounds: SheetBounds) -> bytes:
    if bounds.refused:
        xml = _SHEET_DATA.sub(lambda m: b"<" + m.group("p") + b"sheetData/>", xml, count=1)
        corner = b"A1"
    else:
        far = {name.encode() for name in bounds.far}
        xml = _CELL_ELEMENT.sub(lambda m: b"" if m.group("ref") in far else m.group(0), xml)
        corner = f"A1:{bounds.table_end}".encode()
    return _DIMENSION.sub(lambda m: m.group(1) + corner + m.group(2), xml, count=1)


def without_far_cells(data: bytes, sheets: list[SheetBounds]) -> bytes:
    """The same workbook with far cells (and refused sheets' cells) left out; unchanged when none."""
    changed = {bounds.part: bounds for bounds in sheets if bounds.far or bounds.refused}
    if not changed:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in archive.infolist():
            content = archive.read(member)
            if member.filename in changed:
                content = _trimmed(content, changed[member.filename])
            copy.writestr(member, content)
    return out.getvalue()
