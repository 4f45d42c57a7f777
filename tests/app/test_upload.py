"""Upload & check: a published wide-layout workbook feeds every page; a file that is not a workbook does not."""

from __future__ import annotations

import io
import tomllib
import zipfile
from datetime import date

import pandas as pd
import pytest

from core.ingest.container import MAX_FILE_BYTES
from core.model import About
from core.validation.catalogue import RULES
from tests.app.harness import (
    AREA_PAGES,
    ROOT,
    XLSX_MIME,
    figure,
    indicator_names,
    published_bytes,
    shown,
    shown_text,
    texts,
    visit,
)
from tests.core.template_fixtures import template_bytes
from tests.fixtures import build_wide_fixtures as fx
from ui.literal import literal

SAMPLE_ONLY = "No. of children who became CIC"  # in the sample, not in published_layout.xlsx
# What each area page shows once published_layout.xlsx is in use (None: the workbook has none).
UPLOADED = {
    "children_in_care": {fx.CIC_COUNT, fx.CIC_RATE, fx.UASC_COUNT, fx.UASC_PCT, fx.DENTAL, fx.IHA},
    "care_leavers": {fx.PATHWAY, fx.EET},
    "education": {fx.ATTENDANCE},
    "adoption": None,
    "fostering": {fx.UNKNOWN},
    "safeguarding": None,
}


def upload(at, name: str, data: bytes, mime: str = XLSX_MIME):
    visit(at, "upload")
    at.file_uploader(key="workbook_upload").set_value((name, data, mime)).run()
    assert not at.exception, at.exception[0].value
    return at


def use_published(open_app):
    at = upload(open_app(), "published_layout.xlsx", published_bytes())
    at.button(key="use_upload").click().run()
    assert not at.exception, at.exception[0].value
    return at


def test_checking_a_published_workbook_reports_it_before_use(open_app):
    at = upload(open_app(), "published_layout.xlsx", published_bytes())
    success = " ".join(texts(at.success))
    assert "10 indicators" in success and "published (wide) layout" in success and "March 2023" in success
    assert not at.error
    findings = [f.value for f in at.dataframe if "message" in f.value.columns]
    assert findings and len(findings[0]) > 0  # the deliberate flaws are reported
    rules = set(findings[0]["rule"])  # the rule column names each finding's rule in words, never its code
    assert "Monthly figure not understood" in rules and "Sheets disagree on a figure" in rules
    assert rules <= {rule.title for rule in RULES.values()} and not rules & set(RULES)
    visit(at, "children_in_care")  # nothing changes until 'Use this workbook'
    assert SAMPLE_ONLY in indicator_names(at)


def test_a_used_published_workbook_feeds_every_page(open_app):
    at = use_published(open_app)
    assert "Upload: published_layout.xlsx" in shown(at.sidebar.caption)
    for page, expected in UPLOADED.items():
        visit(at, page)
        if expected is None:
            assert any("has no" in text for text in texts(at.info)), page
            assert not indicator_names(at), page
        else:
            assert set(indicator_names(at)) == expected, page
        assert literal("published_layout.xlsx") in at.main.caption[0].value, page  # Markdown-escaped
    visit(at, "children_in_care")
    assert figure(at, fx.CIC_COUNT) == "437"
    assert figure(at, fx.DENTAL) == "56.7% (provisional)"  # '56.66% (Provisional)': the number, marked provisional
    visit(at, "overview")
    assert any("dental check" in link.value for link in at.page_link)
    at.query_params["id"] = "hew_dental_pct"
    visit(at, "indicator")
    assert at.header[0].value == literal(fx.DENTAL)  # shown literally: Markdown-escaped
    visit(at, "definitions")
    assert set(at.dataframe[-1].value["Indicator"]) == set().union(*(v for v in UPLOADED.values() if v))


def test_a_used_workbook_has_only_its_own_localities_and_months(open_app):
    at = use_published(open_app)
    visit(at, "care_leavers")
    assert at.sidebar.selectbox(key="f_locality").options == ["Whole authority"]
    assert at.sidebar.selectbox(key="f_month").options[0] == "October 2022"
    assert figure(at, fx.PATHWAY) == "91.0%"


def test_going_back_to_the_sample(open_app):
    at = use_published(open_app)
    back = [button for button in at.button if button.label == "Go back to the embedded sample"]
    assert back, [button.label for button in at.button]
    back[0].click().run()
    assert not at.exception
    assert "Embedded sample" in " ".join(texts(at.sidebar.caption))
    visit(at, "children_in_care")
    assert SAMPLE_ONLY in indicator_names(at)


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a spreadsheet")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data"), [
    ("scorecard.xlsx", b"Indicator,Mar-23\nNo. of CIC at end of month,437\n"),  # a CSV renamed
    ("scorecard.xlsx", _zip_without_workbook()),
    ("scorecard.xls", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    ("scorecard.xlsx", b""),
], ids=["csv-renamed", "zip-without-workbook", "png-renamed", "empty"])
def test_a_file_that_is_not_a_workbook_is_refused_and_the_sample_stays(open_app, name, data):
    at = upload(open_app(), name, data)
    assert at.error, "no error message"
    assert "use_upload" not in [button.key for button in at.button]
    assert "Embedded sample" in " ".join(texts(at.sidebar.caption))
    for page in ("children_in_care", "overview"):
        visit(at, page)
        assert "Embedded sample" in at.main.caption[0].value
    assert figure(visit(at, "children_in_care"), fx.CIC_COUNT) == "437"


def test_a_workbook_with_no_scorecard_in_it_is_refused(open_app, tmp_path):
    path = fx.write_workbook(fx.not_published(), tmp_path / "notes.xlsx")
    at = upload(open_app(), "notes.xlsx", path.read_bytes())
    assert at.error
    assert "use_upload" not in [button.key for button in at.button]
    visit(at, "children_in_care")
    assert SAMPLE_ONLY in indicator_names(at)


def test_an_indicator_no_area_claims_gets_the_other_page(open_app, tmp_path):
    """An indicator the library does not know, under no heading, is in the 'Other' area: it still has a page."""
    path = fx.write_workbook(fx.library_fill(), tmp_path / "appendix.xlsx")
    at = upload(open_app(), "appendix.xlsx", path.read_bytes())
    at.text_input(key="upload_authority").set_value("Testshire").run()  # the appendix names no authority
    at.button(key="use_upload").click().run()
    assert not at.exception
    shown = set()
    for page in (*AREA_PAGES, "other"):
        shown |= set(indicator_names(visit(at, page)))
    assert fx.UNKNOWN in indicator_names(at)  # on the Other page
    visit(at, "definitions")
    everything = set(at.dataframe[-1].value["Indicator"])
    assert everything - shown == set(), "on no area page"


def test_the_other_page_is_only_there_when_needed(open_app):
    at = open_app()
    with pytest.raises(ValueError, match="other.py"):
        at.switch_page("pages/other.py")


def test_the_server_the_uploader_and_the_reader_share_one_size_limit(open_app):
    """One number: config.toml's server.maxUploadSize (MB), the uploader's own limit, and the reader's MAX_FILE_BYTES."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1_048_576 == MAX_FILE_BYTES
    at = open_app("upload")
    uploader = at.file_uploader(key="workbook_upload")
    assert uploader.proto.max_upload_size_mb * 1_048_576 == MAX_FILE_BYTES
    assert f"up to {MAX_FILE_BYTES // 1_048_576} MB" in uploader.label


def test_a_new_workbook_starts_with_every_finding_shown(open_app, tmp_path):
    """The sheet filter chosen for one workbook does not hide another workbook's findings."""
    at = upload(at=open_app(), name="published_layout.xlsx", data=published_bytes())
    sheets = at.multiselect[0]
    assert len(sheets.options) > 1
    sheets.set_value(sheets.options[:1]).run()
    assert len(at.multiselect[0].value) == 1
    other = fx.write_workbook(fx.row_and_column_problems(), tmp_path / "problems.xlsx").read_bytes()
    at.file_uploader(key="workbook_upload").set_value(("problems.xlsx", other, XLSX_MIME)).run()
    assert not at.exception
    assert at.multiselect[0].value == at.multiselect[0].options  # every sheet of the new workbook
    assert at.button_group[0].value == ["error", "warning", "info"]


def test_a_workbook_that_cannot_be_used_says_so_in_its_status(open_app):
    at = upload(open_app(), "notes.xlsx", b"not a workbook at all")
    status = [block for block in at.main.children.values() if getattr(block, "type", "") == "status"]
    assert status and shown_text(status[0].proto.label).startswith("Could not use notes.xlsx")
    assert status[0].proto.icon == ":material/error:"  # not the tick of a workbook read


def test_the_mapping_step_offers_sheets_with_columns_and_those_read_in_part_first():
    from core.ingest.container import read_sheets
    from core.ingest.load import load_workbook
    from ui.mapping import sheets_to_offer

    pack = fx.published_pack()  # its Home sheet is a contents page: one cell to a row, nothing to map
    data = fx.workbook_bytes(pack)
    result = load_workbook(data, "pack.xlsx")
    assert "Home" in {f.sheet for f in result.report.findings if f.code == "sheet_not_read"}
    assert sheets_to_offer(result.report, read_sheets(data)) == []

    pack["Owners"] = [["Code", "Description", "Owner"], ["X1", "Placement moves", "J. Smith"]]  # not read at all
    pack["Profile"][3].append("Placement stability RAG")  # read, but a header the reader does not understand
    data = fx.workbook_bytes(pack)
    result = load_workbook(data, "pack.xlsx")
    assert sheets_to_offer(result.report, read_sheets(data)) == ["Profile", "Owners"]


def test_a_draft_can_be_published_after_leaving_the_page_without_choosing_the_file_again(open_app):
    """The uploader empties when the manager leaves Upload & check; the draft the session shows keeps its own
    Publish button, and publishing it makes it everyone's edition."""
    at = use_published(open_app)
    visit(at, "overview")
    visit(at, "upload")
    assert at.file_uploader(key="workbook_upload").value is None
    assert any(literal("published_layout.xlsx") in text and "draft" in text for text in texts(at.info))
    at.button(key="publish_draft").click().run()
    assert not at.exception, at.exception[0].value
    assert any(literal("Published published_layout.xlsx") in text for text in texts(at.success))
    editions = [frame.value for frame in at.dataframe if "Edition" in frame.value.columns][0]
    assert editions["File"].tolist() == ["published_layout.xlsx"]
    assert "publish_draft" not in [button.key for button in at.button]  # now the published data, not a draft


def test_a_workbook_that_runs_to_a_later_month_opens_at_it_and_keeps_a_month_chosen_on_it(open_app):
    months = [str(month) for month in pd.period_range("2022-12", "2023-06", freq="M")]
    later = template_bytes([{"indicator_id": "cic_count", "month": month, "value": 430 + n}
                            for n, month in enumerate(months)],
                           about=About(authority="Testshire", month_ending=date(2023, 6, 30)))
    at = open_app()
    visit(at, "children_in_care")
    at.sidebar.selectbox(key="f_month").set_value("2022-12").run()  # a month chosen on the sample, in both files
    at = upload(at, "june.xlsx", later)
    at.button(key="use_upload").click().run()
    assert any("Now showing June 2023" in toast.value for toast in at.toast)  # the month moved: it says so
    visit(at, "children_in_care")
    assert at.sidebar.selectbox(key="f_month").value == "2023-06"  # next month's workbook opens at its month
    at.sidebar.selectbox(key="f_month").set_value("2023-01").run()
    visit(at, "overview")
    assert at.sidebar.selectbox(key="f_month").value == "2023-01"  # chosen on the data in use: kept
    visit(at, "upload")
    [back] = [button for button in at.button if button.label == "Go back to the embedded sample"]
    back.click().run()
    visit(at, "children_in_care")
    assert at.sidebar.selectbox(key="f_month").value == "2023-03"  # the sample's own latest month
