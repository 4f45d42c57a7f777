"""Where a sheet's cells really are, read from the xlsx XML before any cell is read.

The spreadsheet reader allocates a sheet's whole used range, from A1 to its farthest cell: one value
typed at XFD1048576 makes that 17 billion cells and takes the process down. So every worksheet's cell
positions are found first (a streaming pass over the XML, no cell values parsed), the way the reader
places them: a cell's own reference, else its row's number and the place after the cell before it (a
cell may leave its reference out), and


- a sheet whose used range is far larger than its content is read without the far cells: cells
  after a long run of empty rows or columns are cut out of the file and reported, each by name;
- a sheet whose content itself is too large to read is left out, reported by name;
- a workbook with more cells than any scorecard has is refused;
- a sheet whose far cells cannot be cut out by reference (cells placed by their row, references in
  single quotes) is left out whole when it is too large;
- every zip member that holds a sheetData element is scanned, whichever sheet the workbook's
  relationships say it is (a package the reader could resolve another way hides nothing), and a
  package with member names a reader could take two ways is not read;
- after far cells are cut out, the result is scanned again and refused if any remain (the cut works
  on the XML's text; the check does not trust it).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

import numpy as np

from core.ingest.cells import a1

MAX_SHEET_AREA = 2_000_000  # cells from A1 to the farthest cell; a big scorecard sheet is ~250,000
MAX_WORKBOOK_CELLS = 3_000_000  # written cells in all sheets together
MAX_WORKBOOK_AREA = 5_000_000  # cells from A1 to each sheet's farthest, all sheets together: what the reader allocates
FAR_ROW_GAP = 1_000  # this many empty rows, then more cells: those cells are far from the table
FAR_COLUMN_GAP = 100  # the same for empty columns
_CHUNK = 1 << 20  # the quick pass keeps a few arrays the size of a chunk: small chunks stay in cache

# The quick pass reads the XML as bytes with numpy: every <c ...> start tag and every r="..." inside one.
# It answers only for the way every spreadsheet writer spells cells (each start tag carries one r="A1");
# anything else (a cell with no reference, whose place is implied by the row; a namespace prefix; a
# reference in single quotes) sends the whole sheet through the exact parse, which places cells as the
# reader does.
_PREFIXED_TAG = re.compile(rb":(?:c|row)[\s/>]")
_REF_WIDTH = 10  # three letters and seven digits
_TAG_NAME_ENDS = np.zeros(256, dtype=bool)
_TAG_NAME_ENDS[list(b" \t\r\n/>")] = True
_NAME_CHARACTER = np.zeros(256, dtype=bool)  # what may come before the r of an attribute named, say, xr
_NAME_CHARACTER[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-")] = True
_NAME_CHARACTER[0x80:] = True
_WHITESPACE = np.zeros(256, dtype=bool)
_WHITESPACE[list(b" \t\r\n")] = True
_LT, _GT, _QUOTE, _EQUALS, _C, _R = (ord(char) for char in '<>"=cr')
_CELL_ELEMENT = re.compile(
    rb'<(?P<p>(?:[A-Za-z_][\w.-]*:)?)c\s[^>]*?\br="(?P<ref>[A-Z]{1,3}[0-9]{1,7})"[^>]*?(?:/>|>.*?</(?P=p)c>)',
    re.DOTALL)
# A formula cell with no saved result (<c r="D5"><f>D3/D4</f><v></v></c>): written by a program, never opened and
# saved in Excel. The reader sees an empty cell; the check names it. Sought only in XML that holds "<f".
_UNSAVED_FORMULA = re.compile(
    rb'<(?P<p>(?:[A-Za-z_][\w.-]*:)?)c\s(?P<attributes>[^<>]*)>\s*'
    rb'<(?P=p)f\b(?:[^<>]*/>|[^<>]*>[^<]*</(?P=p)f>)\s*(?:<(?P=p)v\s*/>|<(?P=p)v>\s*</(?P=p)v>)?\s*</(?P=p)c>')
# Each part stops at the next "<" or ">", so a match is tried in time linear in the cell, whatever the XML holds.
_REFERENCE = re.compile(rb'\br\s*=\s*["\'](?P<ref>[A-Z]{1,3}[0-9]{1,7})["\']')
# A formula whose result is the empty string is saved as t="str" with an empty value: Excel did save it.
_STRING_RESULT = re.compile(rb'\bt\s*=\s*["\']str["\']')
_OVERLAP = 512  # bytes of the previous chunk searched again: a cell cut between two chunks is still found
_SHEET_DATA = re.compile(rb"<(?P<p>(?:[A-Za-z_][\w.-]*:)?)sheetData\b(?:[^>]*/>|.*?</(?P=p)sheetData>)", re.DOTALL)
_DIMENSION = re.compile(rb'(<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref=")[^"]*(")')


class TooManyCells(ValueError):
    """More cells than any scorecard: the workbook is not read at all."""


class TooLargeInAll(ValueError):
    """Sheets each within bounds that together would take more memory than any scorecard needs."""

    def __init__(self, area: int) -> None:
        self.area = area
        super().__init__(f"{area:,} cells in all")


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
    trimmable: bool = True  # False: some cells cannot be cut out by reference, so a sheet too large is left out
    keep_rows: int = 0  # the table ends here; cells below or right of it are far
    keep_columns: int = 0
    refused: bool = False
    far: list[str] = field(default_factory=list)  # far cells, by name
    unsaved_formulas: list[str] = field(default_factory=list)  # formula cells with no saved result, by name

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
    bounds.refused = bounds.keep_rows * bounds.keep_columns > MAX_SHEET_AREA or not bounds.trimmable
    bounds.far = [cell_name(int(r), int(c)) for r, c in zip(bounds.rows[far], bounds.columns[far], strict=True)]
    return bounds


def _positions_of(refs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of cell references such as b"AB12" (see _fold_references)."""
    if not refs:
        return np.empty(0, dtype="int64"), np.empty(0, dtype="int64")
    width = _REF_WIDTH + 1
    chars = np.array([ref + b'"' for ref in refs], dtype=f"S{width}").view(np.uint8).reshape(len(refs), width)
    folded = _fold_references(np.ascontiguousarray(chars.T))
    if folded is None:
        raise ValueError("not a cell reference")
    return folded


def _fold_references(by_position: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Rows and columns of references given character position by character position (row k holds every
    reference's k-th byte; each reference ends in a quote, b'AB12"...'): letters folded base 26 and
    digits base 10, one array step per position. None when any is not one to three capitals, one to
    seven digits and the closing quote."""
    letter = (by_position - np.uint8(ord("A"))) < 26  # uint8 arithmetic wraps: one comparison tests the range
    digit = (by_position - np.uint8(ord("0"))) < 10
    letters = np.argmin(letter, axis=0)
    ends = np.argmin((np.arange(len(by_position))[:, None] < letters) | digit, axis=0)  # after the digits
    digits = ends - letters
    closed = by_position[ends, np.arange(by_position.shape[1])] == _QUOTE
    if not ((letters >= 1) & (letters <= 3) & (digits >= 1) & (digits <= 7) & closed).all():
        return None
    rows = np.zeros(by_position.shape[1], dtype=np.int32)  # at most 9,999,999
    columns = np.zeros(by_position.shape[1], dtype=np.int32)  # at most ZZZ, 18,278
    numbers = by_position[:_REF_WIDTH].astype(np.int32)
    for position in range(3):  # letters: the first one to three characters
        columns = np.where(position < letters, columns * 26 + (numbers[position] - (ord("A") - 1)), columns)
    for position in range(1, _REF_WIDTH):  # digits: after at least one letter
        digit_here = (position >= letters) & (position < ends)
        rows = np.where(digit_here, rows * 10 + (numbers[position] - ord("0")), rows)
    return rows.astype(np.int64), columns.astype(np.int64)


def _standard_refs(text: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """Rows and columns of every cell in a run of whole tags, when it is written the way spreadsheet
    writers write it: every <c and <row start tag opens with its reference (<c r="B7", <row r="7") and
    no other r="..." appears anywhere, so each cell has exactly the one reference read here. None
    otherwise: the sheet then takes the exact parse."""
    if _PREFIXED_TAG.search(text):
        return None
    size = len(text)
    data = np.frombuffer(text + b"\0" * (_REF_WIDTH + 8), dtype=np.uint8)
    body = data[:size]
    opens = body == _LT
    cells = np.flatnonzero(opens & (data[1:size + 1] == _C))  # "<c", then the name must end
    cells = cells[_TAG_NAME_ENDS[data[cells + 2]]]
    rows = np.flatnonzero(opens & (data[1:size + 1] == _R))  # "<r": a row, or a run of rich text
    rows = rows[(data[rows + 2] == ord("o")) & (data[rows + 3] == ord("w")) & _TAG_NAME_ENDS[data[rows + 4]]]
    cell_refs, row_refs = cells + 3, rows + 5  # where r=" stands when it comes first
    # Every attribute named r, however spelled, as a lenient parser may read one: an "=" after an r that no
    # other name character comes before (r="..", "r='..', a form feed before r), spaces before the "="
    # allowed. An "=" in text counts too when it looks so: the exact parse then decides.
    equals = np.flatnonzero(body == _EQUALS)
    equals = equals[equals >= 2]
    spaced = equals[_WHITESPACE[data[equals - 1]]]  # 'Blank = none' in a text cell; r = "A1" in a tag
    keys = np.concatenate([equals[~_WHITESPACE[data[equals - 1]]] - 1,
                           np.array([_before_spaces(text, int(at)) for at in spaced], dtype=np.int64)])
    keys = keys[keys >= 1]
    refs = keys[(data[keys] == _R) & ~_NAME_CHARACTER[data[keys - 1]]]
    starts = np.concatenate([cell_refs, row_refs])
    if len(refs) != len(starts) or not (_WHITESPACE[data[starts - 1]] & (data[starts] == _R)
                                        & (data[starts + 1] == _EQUALS) & (data[starts + 2] == _QUOTE)).all():
        return None  # every attribute named r is one of these, so no tag has a second
    if not len(cells):
        return np.empty(0, dtype="int64"), np.empty(0, dtype="int64")
    starts = cell_refs + 3  # the reference's first character: one gather per character position
    return _fold_references(np.stack([data[starts + position] for position in range(_REF_WIDTH + 1)]))


def _before_spaces(text: bytes, at: int) -> int:
    """Where the last character before `at` that is not a space stands (-1: none)."""
    at -= 1
    while at >= 0 and text[at] in b" \t\r\n":
        at -= 1
    return at


def _chunks(stream: io.BufferedIOBase) -> Iterator[bytes]:
    """The XML in pieces that each end before a "<": no tag is cut (a tag holds no "<")."""
    pending = b""
    while True:
        chunk = stream.read(_CHUNK)
        text = pending + chunk
        cut = max(text.rfind(b"<"), 0) if chunk else len(text)
        if cut:
            yield text[:cut]
        pending = text[cut:]
        if not chunk:
            return


def _cell_positions(archive: zipfile.ZipFile, part: str,
                    unsaved: list[str] | None = None) -> tuple[np.ndarray, np.ndarray, bool]:
    """(rows, columns, trimmable) of every written cell; trimmable is False when the exact parse was needed,
    whose cells cannot all be cut out by reference. `unsaved` collects formula cells with no saved result."""
    found: list[tuple[np.ndarray, np.ndarray]] = []
    count = 0
    tail = b""
    with archive.open(part) as stream:
        for text in _chunks(stream):
            refs = _standard_refs(text)
            if refs is None:
                return (*_exact_positions(archive, part), False)
            count += len(refs[0])
            if count > MAX_WORKBOOK_CELLS:
                raise TooManyCells(MAX_WORKBOOK_CELLS)
            found.append(refs)
            # a chunk ends before a "<", so no "<f" is cut in two; a cell begun in the last chunk is in its tail
            if unsaved is not None and (b"<f" in text or b"<f" in tail):
                unsaved.extend(ref["ref"].decode() for m in _UNSAVED_FORMULA.finditer(tail + text)
                               if not _STRING_RESULT.search(m["attributes"])
                               and (ref := _REFERENCE.search(m["attributes"])) is not None)
            tail = text[-_OVERLAP:]
    if unsaved:
        unsaved[:] = list(dict.fromkeys(unsaved))  # a cell found again in the overlap is named once
    if not found:
        return np.empty(0, dtype="int64"), np.empty(0, dtype="int64"), True
    return np.concatenate([rows for rows, _ in found]), np.concatenate([cols for _, cols in found]), True


class _Placement:
    """Where the reader puts each cell, event by event, as its cell reader does:

    - only the first sheetData holds cells; a row or c outside it counts for nothing;
    - a row or c written as an empty tag (<row r="9"/>, <c r="A1"/>) is skipped by the reader's XML
      parser, so it is skipped here (expat reports it as a start and an end: the two bytes before the
      end, "/>", tell it apart);
    - nothing inside a cell counts: the reader skips a formula's or value's contents whole.
    """

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.columns: list[int] = []
        self.row, self.column = 1, 1
        self.stage = "before"  # the first sheetData: "before" it, "in" it, "after" it
        self.inside_cell = 0  # how deep in a cell's elements the parser is (0: not in a cell)
        self.pending: tuple[str, dict[str, str]] | None = None  # a row or c tag not yet known not to be empty
        self.recent, self.recent_start = b"", 0  # the bytes just fed, and where they start in the part

    def feed(self, parser: expat.XMLParserType, chunk: bytes, offset: int) -> None:
        self.recent, self.recent_start = self.recent[-2:] + chunk, offset - len(self.recent[-2:])
        parser.Parse(chunk, False)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self._take_pending()
        tag = name.rpartition(":")[2]
        if self.stage == "before" and tag == "sheetData":
            self.stage = "in"
        elif self.stage == "in" and self.inside_cell:
            self.inside_cell += 1
        elif self.stage == "in" and tag in ("row", "c"):
            self.pending = (tag, attributes)

    def end(self, name: str, at: int) -> None:
        tag = name.rpartition(":")[2]
        if self.pending is not None:
            written_empty = self.recent[at - self.recent_start - 2:at - self.recent_start] == b"/>"
            if self.pending[0] == tag and written_empty:
                self.pending = None  # <row .../> or <c .../>: the reader never sees it
                return
            self._take_pending()
        if self.stage != "in":
            return
        if self.inside_cell:
            self.inside_cell -= 1
            if not self.inside_cell:  # the cell's own end: the next cell goes one column on
                self.column += 1
        elif tag == "row":
            self.row, self.column = self.row + 1, 1
        elif tag == "sheetData":
            self.stage = "after"

    def _take_pending(self) -> None:
        if self.pending is None:
            return
        tag, attributes = self.pending
        self.pending = None
        if tag == "row":
            if "r" in attributes:
                self.row = int(attributes["r"])
            return
        if "r" in attributes:
            row, column = _positions_of([attributes["r"].encode()])
            self.rows.append(int(row[0]))
            self.column = int(column[0])
        else:
            self.rows.append(self.row)
        self.columns.append(self.column)
        self.inside_cell = 1
        if len(self.rows) > MAX_WORKBOOK_CELLS:
            raise TooManyCells(MAX_WORKBOOK_CELLS)


def _exact_positions(archive: zipfile.ZipFile, part: str) -> tuple[np.ndarray, np.ndarray]:
    """Every cell's place the way the spreadsheet reader finds it (see _Placement). An XML parser, a call
    per tag: only for sheets the quick pass cannot answer for."""
    placement = _Placement()

    def no_doctype(*_: object) -> None:
        raise ValueError("a worksheet with a document type declaration")

    parser = expat.ParserCreate()
    parser.StartElementHandler = placement.start
    parser.EndElementHandler = lambda name: placement.end(name, parser.CurrentByteIndex)
    parser.StartDoctypeDeclHandler = no_doctype
    offset = 0
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            placement.feed(parser, chunk, offset)
            offset += len(chunk)
    parser.Parse(b"", True)
    return np.array(placement.rows, dtype="int64"), np.array(placement.columns, dtype="int64")


class AmbiguousPackage(ValueError):
    """A zip member name a reader could take two ways (a backslash, a '.' or '..' step, a twin in other
    case): no workbook writer makes one, so the file is not read."""


def _member_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Every member by its name in lower case, as the spreadsheet reader looks members up."""
    found: dict[str, str] = {}
    for name in archive.namelist():
        if "\\" in name or any(step in (".", "..") for step in name.split("/")) or name.lower() in found:
            raise AmbiguousPackage(name)
        found[name.lower()] = name
    return found


def _local(name: str) -> str:
    """An element's or attribute's name without its namespace or prefix, as the reader matches them."""
    return name.rpartition("}")[2].rpartition(":")[2]


def _attribute(element: ElementTree.Element, name: str) -> str | None:
    return next((value for key, value in element.attrib.items() if _local(key) == name), None)


def _relationships(archive: zipfile.ZipFile, members: dict[str, str], part: str) -> list[ElementTree.Element]:
    found = members.get(part.lower())
    if found is None:
        return []
    return [rel for rel in ElementTree.fromstring(archive.read(found)).iter() if _local(rel.tag) == "Relationship"]


def _sheet_names(archive: zipfile.ZipFile, members: dict[str, str]) -> dict[str, str]:
    """Zip member -> sheet name, for the worksheets the workbook lists (used to name sheets in findings;
    which members are scanned does not depend on it: see scan)."""
    office = next((_attribute(rel, "Target") or "" for rel in _relationships(archive, members, "_rels/.rels")
                   if (_attribute(rel, "Type") or "").endswith("/officeDocument")), "xl/workbook.xml").lstrip("/")
    folder, _, file_name = office.rpartition("/")
    workbook = members.get(office.lower())
    if workbook is None:
        return {}
    targets = {_attribute(rel, "Id"): _attribute(rel, "Target") or ""
               for rel in _relationships(archive, members, f"{folder}/_rels/{file_name}.rels")}
    names: dict[str, str] = {}
    for sheet in ElementTree.fromstring(archive.read(workbook)).iter():
        if _local(sheet.tag) != "sheet":
            continue
        target = targets.get(_attribute(sheet, "id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if path.lower() in members:
            names.setdefault(members[path.lower()], _attribute(sheet, "name") or "")
    return names


def _holds_cells(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether a member has a sheetData element, where the reader takes cells from, whatever its name."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            if b"sheetData" in tail + chunk:
                return True
            tail = chunk[-16:]
    return False


def _worksheet_parts(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """(sheet name, zip member) of every member the reader could take cells from: the worksheets the
    workbook lists, in its order, then any other member holding a sheetData element (named by itself).
    Scanning every such member, not only those the workbook's relationships lead to, means a package
    that the reader resolves differently from this code cannot hide a sheet from the scan."""
    members = _member_names(archive)
    named = _sheet_names(archive, members)
    yield from ((name, member) for member, name in named.items())
    for member in members.values():
        if member not in named and not member.endswith("/") and _holds_cells(archive, member):
            yield member, member


def scan(data: bytes) -> list[SheetBounds]:
    """Every worksheet's cell positions and reading plan; raises TooManyCells, AmbiguousPackage."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found = []
        total = 0
        for sheet, part in _worksheet_parts(archive):
            unsaved: list[str] = []
            rows, columns, trimmable = _cell_positions(archive, part, unsaved)
            total += len(rows)
            if total > MAX_WORKBOOK_CELLS:
                raise TooManyCells(MAX_WORKBOOK_CELLS)
            found.append(plan(SheetBounds(sheet, part, rows, columns, trimmable=trimmable,
                                          unsaved_formulas=unsaved)))
    area = sum(bounds.keep_rows * bounds.keep_columns for bounds in found if not bounds.refused)
    if area > MAX_WORKBOOK_AREA:  # forty sheets each just under the sheet limit would take gigabytes
        raise TooLargeInAll(area)
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


class TrimFailed(ValueError):
    """Cells meant to be cut out are still in the file (spelled so that the cut missed them)."""


def check_trimmed(data: bytes) -> None:
    """Scan the workbook as cut, once more, the way it was scanned first: raise TrimFailed unless every
    sheet is now within bounds. The cut works on the XML's text; this makes sure the reader never sees
    what the cut was meant to remove, however the file spells it."""
    if any(bounds.area > MAX_SHEET_AREA for bounds in scan(data)):
        raise TrimFailed("far cells remain after cutting them out")
