"""No workbook can take the server down: cell positions are checked before any cell is read, far cells
are left out and named, and formats that cannot be checked are read in a worker with limits."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import openpyxl
import pytest

from core.ingest import sheet_bounds
from core.ingest.bounded_reader import ReadRefused, read_rows_in_worker
from core.ingest.container import read_workbook
from core.ingest.load import SAMPLE_WORKBOOK, load_workbook
from tests.core.template_fixtures import lone_cell

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = SAMPLE_WORKBOOK.read_bytes()


def with_cell(data: bytes, sheet: str, ref: str, value: object = "x") -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    book[sheet][ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("ref", ["XFD1048576", "XFD8000", "A900000"])
def test_a_far_cell_is_left_out_and_named_and_the_rest_is_read_as_before(ref: str) -> None:
    result = load_workbook(with_cell(SAMPLE, "Values", ref), "far.xlsx")
    far = [f for f in result.report.findings if f.code == "far_cell"]
    assert [(f.sheet, f.cell) for f in far] == [("Values", ref)]
    assert far[0].message == (f"Cell {ref} is far outside this sheet's table (which ends at G5818), after a long "
                              "run of empty rows or columns; it was not read. Delete it in Excel if it is not needed.")
    assert far[0].level == "warning"
    plain = load_workbook(SAMPLE, "far.xlsx")
    assert result.usable
    assert result.dataset.observations.equals(plain.dataset.observations)


def test_a_sheet_with_nothing_but_a_far_cell_is_not_read_and_says_so() -> None:
    result = load_workbook(lone_cell("XFD1048576"), "lone.xlsx")
    assert not result.usable
    refused = [f for f in result.report.findings if f.code == "sheet_too_large"]
    assert [(f.sheet, f.cell, f.level) for f in refused] == [("Notes", "XFD1048576", "error")]
    assert refused[0].message == ("Sheet Notes was not read: its cells reach XFD1048576, 17,179,869,184 cells from "
                                  "A1, far more than a scorecard sheet (the limit is 2,000,000).")


def test_ordinary_sheets_and_nearby_gaps_are_untouched() -> None:
    data = with_cell(SAMPLE, "Values", "Z6000")  # outside the table, but not absurdly: read like any cell
    assert read_workbook(data, "near.xlsx").findings == []
    assert read_workbook(data, "near.xlsx").sheets["Values"].shape == (6000, 26)


def test_a_workbook_with_more_cells_than_any_scorecard_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_bounds, "MAX_WORKBOOK_CELLS", 1_000)
    result = load_workbook(SAMPLE, "huge.xlsx")
    assert not result.usable
    assert result.report.findings[0].message == (
        "huge.xlsx has more than 1,000 cells, far more than a scorecard workbook: it is not read.")


def test_cell_references_split_across_read_chunks_are_all_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = sheet_bounds.scan(SAMPLE)
    monkeypatch.setattr(sheet_bounds, "_CHUNK", 300)  # chunks end inside tags, everywhere
    chunked = sheet_bounds.scan(SAMPLE)
    assert [(b.sheet, len(b.rows), b.area) for b in chunked] == [(b.sheet, len(b.rows), b.area) for b in whole]
    with zipfile.ZipFile(io.BytesIO(SAMPLE)) as archive:
        written = archive.read("xl/worksheets/sheet4.xml").count(b"<c ")
    assert len(whole[3].rows) == written


def test_cell_references_become_rows_and_columns_exactly() -> None:
    rows, columns = sheet_bounds._positions_of([b"A1", b"Z26", b"AA27", b"AZ9", b"XFD1048576", b"ZZZ9999999"])
    assert rows.tolist() == [1, 26, 27, 9, 1048576, 9999999]
    assert columns.tolist() == [1, 26, 27, 52, 16384, 18278]


def test_cells_written_with_a_namespace_prefix_are_found_too() -> None:
    """A writer may spell cells <x:c r="..."> under a prefixed namespace: a far one is still found."""
    with zipfile.ZipFile(io.BytesIO(lone_cell("B2"))) as archive:
        parts = {member.filename: archive.read(member) for member in archive.infolist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    xml = parts[sheet].decode()
    xml = xml.replace("<c ", "<x:c ").replace("</c>", "</x:c>").replace('r="B2"', 'r="XFD1048576"')
    parts[sheet] = xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for name, content in parts.items():
            copy.writestr(name, content)
    bounds = {b.part: b for b in sheet_bounds.scan(out.getvalue())}[sheet]
    assert (bounds.rows.tolist(), bounds.columns.tolist()) == ([1048576], [16384])
    assert bounds.refused


def test_formats_that_cannot_be_checked_first_are_read_in_a_worker_with_limits() -> None:
    assert {name: len(rows) for name, (rows, _) in read_rows_in_worker(SAMPLE)[0].items()}["Values"] == 5818
    # The unchecked reader on a far cell needs GBs: the worker dies, not the app, and says why.
    with pytest.raises(ReadRefused, match="more memory or time than one upload may have"):
        read_rows_in_worker(with_cell(SAMPLE, "Values", "XFD8000"), memory_bytes=1024 * 1024 * 1024)
    with pytest.raises(ReadRefused, match="0.01 s"):
        read_rows_in_worker(SAMPLE, seconds=0.01)


def test_the_command_line_check_of_a_far_cell_workbook_exits_normally_naming_sheet_and_cell(tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    path.write_bytes(with_cell(SAMPLE, "Values", "XFD1048576"))
    done = subprocess.run([sys.executable, "-m", "core", "check", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode in (0, 1), done.stderr
    assert "Values!XFD1048576: Cell XFD1048576 is far outside" in done.stdout


def _with_sheet_xml(data: bytes, change: Callable[[str], str]) -> tuple[bytes, str]:
    """The workbook with its first worksheet's XML rewritten, and that worksheet's zip member."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {member.filename: archive.read(member) for member in archive.infolist()}
    sheet = min(name for name in parts if name.startswith("xl/worksheets/sheet"))
    parts[sheet] = change(parts[sheet].decode()).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for name, content in parts.items():
            copy.writestr(name, content)
    return out.getvalue(), sheet


def test_cells_without_a_reference_are_placed_by_their_row_as_the_reader_places_them() -> None:
    """A cell may leave out r="...": the reader puts it in its row's numbered place, after the cell before it.
    Row 900,000 two cells wide is an area of 1.8 million cells from A1 that no reference names."""
    data, sheet = _with_sheet_xml(lone_cell("A1"), lambda xml: xml.replace(
        "</row>", '</row><row r="900000"><c t="n"><v>5</v></c><c t="n"><v>6</v></c></row>', 1))
    bounds = {b.part: b for b in sheet_bounds.scan(data)}[sheet]
    assert (bounds.rows.tolist(), bounds.columns.tolist()) == ([1, 900000, 900000], [1, 1, 2])
    assert not bounds.refused  # 1.8 million cells: large, but under the limit
    data, sheet = _with_sheet_xml(lone_cell("A1"), lambda xml: xml.replace(
        "</row>", '</row><row r="1048576">' + '<c><v>5</v></c>' * 30 + "</row>", 1))
    result = load_workbook(data, "implied.xlsx")
    assert [(f.code, f.cell) for f in result.report.findings if f.code == "sheet_too_large"] == [
        ("sheet_too_large", "AD1048576")]


def test_a_reference_in_single_quotes_is_found_too() -> None:
    data, sheet = _with_sheet_xml(lone_cell("B2"), lambda xml: xml.replace('r="B2"', "r='XFD1048576'"))
    bounds = {b.part: b for b in sheet_bounds.scan(data)}[sheet]
    assert (bounds.rows.tolist(), bounds.columns.tolist(), bounds.refused) == ([1048576], [16384], True)


def test_a_worksheet_declaring_its_own_entities_is_not_read() -> None:
    data, _ = _with_sheet_xml(lone_cell("B2"), lambda xml: xml.replace(
        "<worksheet", '<!DOCTYPE w [<!ENTITY far "XFD1048576">]><worksheet', 1).replace('r="B2"', 'r="&far;"'))
    result = load_workbook(data, "entity.xlsx")
    assert not result.usable
    assert [f.code for f in result.report.findings] == ["unreadable_workbook"]


@pytest.mark.parametrize("workbook", [SAMPLE, lone_cell("XFD1048576")])
def test_the_quick_pass_finds_every_cell_where_the_exact_parse_does(workbook: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        for _, part in sheet_bounds._worksheet_parts(archive):
            quick = sheet_bounds._standard_refs(archive.read(part))
            exact = sheet_bounds._exact_positions(archive, part)
            assert quick is not None
            assert [quick[0].tolist(), quick[1].tolist()] == [exact[0].tolist(), exact[1].tolist()]


@pytest.mark.parametrize("chunk", [64, 1 << 20])
def test_formulas_with_no_saved_result_are_named_wherever_the_xml_is_cut(chunk):
    """openpyxl writes a formula with an empty value, as any program that never calculates does; each such cell
    is named once, however the XML falls into chunks (a cell cut between two is searched again)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Feb-23", "Mar-23"])
    for row in range(2, 42):
        sheet.append([f"Measure {row}", row, f"=B{row}*2" if row % 3 else row * 2])
    buffer = io.BytesIO()
    book.save(buffer)
    with mock.patch.object(sheet_bounds, "_CHUNK", chunk):
        found = sheet_bounds.scan(buffer.getvalue())
    assert found[0].unsaved_formulas == [f"C{row}" for row in range(2, 42) if row % 3]


def test_the_formula_check_takes_time_linear_in_the_xml_whatever_it_holds():
    """Cells left open ('<c r="A2" <c r="A3" ...' after a '<f') made a lazier pattern backtrack over every later
    reference: 2,000 of them took 71 s. Each part of the pattern now stops at the next '<' or '>'."""
    hostile = b"<f" + b"".join(b'<c r="A%d" ' % row for row in range(1, 20_000))
    assert sheet_bounds._standard_refs(hostile) is not None  # it reaches the check
    assert list(sheet_bounds._UNSAVED_FORMULA.finditer(hostile)) == []


def test_a_formula_whose_saved_result_is_empty_text_is_not_reported():
    """Excel saves =IF(A9="","",A9) as t="str" with an empty value: it was saved, and is empty on purpose."""
    xml = (b'<sheetData><row r="2"><c r="B2" t="str"><f>IF(A9="","",A9)</f><v/></c>'
           b'<c r="C2"><f>B2</f><v></v></c></row></sheetData>')
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(io.BytesIO(book.getvalue())) as archive:
        unsaved: list[str] = []
        sheet_bounds._cell_positions(archive, "xl/worksheets/sheet1.xml", unsaved)
    assert unsaved == ["C2"]
