import io
import zipfile

import pytest

from core.ingest.container import MAX_FILE_BYTES
from core.ingest.load import load_workbook
from tests.core.template_fixtures import template_bytes


def _only_error(data: bytes, name: str = "upload.xlsx") -> str:
    result = load_workbook(data, name)
    assert not result.usable and result.dataset is None
    errors = [f for f in result.report.findings if f.level == "error"]
    assert len(errors) == 1
    return errors[0].message


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_empty_file():
    assert _only_error(b"") == "upload.xlsx is empty (0 bytes)."


def test_csv_is_not_a_workbook():
    assert "is not an Excel workbook" in _only_error(b"indicator,value\ncic_count,437\n", "data.csv")


def test_word_document_is_not_a_workbook():
    assert "another kind of Office file" in _only_error(_zip({"word/document.xml": b"<w/>"}), "minutes.docx")


def test_truncated_workbook_is_damaged():
    whole = template_bytes([{"indicator_id": "cic_count", "month": "2023-03", "value": 1}])
    assert "damaged" in _only_error(whole[: len(whole) // 2])


def test_password_protected_workbook():
    # Encrypted .xlsx files are OLE containers holding an EncryptedPackage stream.
    fake = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    assert "password-protected" in _only_error(fake)


def test_far_too_large():
    assert "far larger than a scorecard" in _only_error(b"PK\x03\x04" + b"\0" * (MAX_FILE_BYTES + 1))


def test_workbook_with_only_empty_sheets():
    import openpyxl

    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    assert "has no data" in _only_error(buffer.getvalue())


@pytest.mark.parametrize("junk", [b"\x00\x01\x02" * 50, "naïve text".encode()])
def test_random_bytes(junk):
    assert "not an Excel workbook" in _only_error(junk)


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_of_stale_figures_is_never_read(state):
    """A hidden working sheet listed first holds last month's figures: the visible scorecard's are loaded."""
    import openpyxl

    header = ["Indicator", "Feb-23", "Mar-23"]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, march in (("Calc", 0), ("Scorecard", 437)):
        sheet = book.create_sheet(title)
        for row in ([None], header, ["No. of CIC at end of month", 444, march]):
            sheet.append(row)
    book["Calc"].sheet_state = state
    buffer = io.BytesIO()
    book.save(buffer)
    result = load_workbook(buffer.getvalue(), "march.xlsx")
    observations = result.dataset.observations
    march = observations[observations["period"].astype(str) == "2023-03"]
    assert march["value"].tolist() == [437] and set(march["sheet"]) == {"Scorecard"}
    assert [(f.code, f.sheet) for f in result.report.findings if f.sheet == "Calc"] == [("hidden_sheet", "Calc")]
