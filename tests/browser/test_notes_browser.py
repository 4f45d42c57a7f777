"""Commentary and actions written in the app, in real browsers: private while a draft, everyone's once published,
on the page and in the PDF another person downloads."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import Server
from tests.browser.helpers import (
    assert_no_exception,
    choose,
    go_to,
    screenshot,
    settle,
    upload_file,
)
from tests.browser.test_publish_browser import AUTHORITY, MARCH, _another_session

COMMENTARY = "Entries to care fell for the third month running; the edge-of-care team is fully staffed."
ACTION = "Review every plan for children in care over two years"
OWNER = "Head of Children in Care"


@pytest.fixture
def notes_server() -> Iterator[Server]:
    running = Server("notes")  # its own empty SQLite store
    try:
        running.wait_listening()
        yield running
    finally:
        running.stop()


def _write(page: Page) -> None:
    go_to(page, "Commentary & actions")
    main = page.locator("[data-testid=stMain]")
    expect(main).to_contain_text("You are writing on your draft")
    choose(page, "Commentary about", "Area: Profile", region="stMain")
    page.get_by_role("textbox", name="Commentary").fill(COMMENTARY)
    page.get_by_role("button", name="Save commentary").click()
    settle(page)
    expect(main).to_contain_text("Saved the commentary.")
    choose(page, "Action about", "Profile · No. of CIC at end of month", region="stMain")
    page.get_by_role("textbox", name="What will be done").fill(ACTION)
    page.get_by_role("textbox", name="Owner").fill(OWNER)
    page.get_by_role("button", name="Save action").click()
    settle(page)
    expect(main).to_contain_text("Saved the action.")
    expect(main).to_contain_text(COMMENTARY)
    expect(main).to_contain_text(ACTION)
    assert_no_exception(page, "notes written")


def test_notes_written_on_a_draft_reach_another_session_only_once_published(
        page: Page, browser: Browser, notes_server: Server, tmp_path: Path) -> None:
    workbook = tmp_path / "march_2023.xlsx"
    workbook.write_bytes(MARCH)
    page.goto(notes_server.url, timeout=60_000)
    settle(page, timeout=60_000)
    upload_file(page, workbook, "Use this workbook")
    page.get_by_role("button", name="Use this workbook").click()
    settle(page)
    _write(page)
    screenshot(page, "notes-written-on-draft")

    other = _another_session(browser, notes_server.url)  # the draft and its notes are private
    go_to(other, "Commentary & actions")
    expect(other.locator("[data-testid=stMain]")).not_to_contain_text(COMMENTARY)
    other.context.close()

    page.get_by_role("button", name="Publish the workbook and these notes for everyone").click()
    settle(page)
    expect(page.locator("[data-testid=stMain]")).to_contain_text("and its notes for everyone")

    other = _another_session(browser, notes_server.url)
    try:
        main = other.locator("[data-testid=stMain]")
        expect(main).to_contain_text(AUTHORITY)
        go_to(other, "Children in care")
        expect(main).to_contain_text(COMMENTARY)
        expect(main).to_contain_text(ACTION)
        expect(main).to_contain_text(OWNER)
        screenshot(other, "notes-seen-by-another-session")
        with other.expect_download(timeout=60_000) as download:
            other.get_by_role("button", name="PDF report").click()
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages)
        flat = " ".join(text.split())
        assert COMMENTARY in flat
        assert ACTION in flat and OWNER in flat
        assert "No. of CIC at end of month" in flat
    finally:
        other.context.close()
