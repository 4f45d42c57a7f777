"""An unforeseen layout mapped once in the browser; next month's workbook, in another session, loads unaided.

The app runs on a server of its own (its own throwaway store): the saved mapping must not reach the
session server the other browser tests share.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import VIEWPORT, Server
from tests.browser.helpers import (
    assert_no_exception,
    go_to,
    grid_texts,
    screenshot,
    settle,
)
from tests.fixtures.unforeseen_layout import unforeseen_workbook

SAVE = "Save mapping and read the workbook"
APPLIED = "this sheet was read with the column mapping saved for its layout"


@pytest.fixture
def mapping_server() -> Iterator[Server]:
    running = Server("mapping")
    try:
        running.wait_listening()
        yield running
    finally:
        running.stop()


def _upload(page: Page, path: Path) -> None:
    go_to(page, "Upload & check")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(path)
    settle(page)
    assert_no_exception(page, f"checked {path.name}")


def _choose(page: Page, label: str, option: str) -> None:
    """choose() for a long list: typing filters it, since a selectbox renders only the options in view."""
    box = page.locator("[data-testid=stMain]").get_by_role("combobox", name=label)
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)
    settle(page)


def _open(browser: Browser, url: str, viewport: dict[str, int] = VIEWPORT) -> Page:
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(url, timeout=60_000)
    settle(page, timeout=60_000)
    return page


def test_a_layout_mapped_once_loads_unaided_next_month(browser: Browser, mapping_server: Server, tmp_path: Path):
    october, november = tmp_path / "kpis-october.xlsx", tmp_path / "kpis-november.xlsx"
    october.write_bytes(unforeseen_workbook(["2023-10", "2023-11"]))
    november.write_bytes(unforeseen_workbook(["2023-11", "2023-12"]))

    page = _open(browser, mapping_server.url)
    _upload(page, october)
    main = page.locator("[data-testid=stMain]")
    expect(main.get_by_text("Nothing in this workbook can be shown")).to_be_visible()
    expect(page.get_by_role("button", name=SAVE)).to_be_visible()
    _choose(page, "Scorecard line (A)", "Indicator name")
    _choose(page, "Better if (B)", "Good Is (polarity)")
    _choose(page, "Oct-23 goal (E, H)", "Each period's target")
    _choose(page, "Oct-23 floor (F, I)", "Each period's intervention level")
    preview = grid_texts(page)  # the live preview: the first rows as they will load
    assert "Pathway plans up to date" in preview and "81" in preview and "85" in preview
    screenshot(page, "mapping-step-1400")
    page.set_viewport_size({"width": 1024, "height": 768})
    screenshot(page, "mapping-step-1024")
    page.set_viewport_size(VIEWPORT)

    page.get_by_role("button", name=SAVE).click()
    settle(page)
    assert_no_exception(page, "saved the mapping")
    expect(main.locator("[data-testid=stAlert]").filter(has_text=APPLIED)).to_be_visible()
    expect(page.get_by_role("button", name="Use this workbook")).to_be_visible()
    page.context.close()

    # Next month, another person in another session: no mapping step, the note says how it was read.
    other = _open(browser, mapping_server.url, {"width": 1024, "height": 768})
    _upload(other, november)
    expect(other.get_by_role("button", name="Use this workbook")).to_be_visible()
    expect(other.locator("[data-testid=stMain] [data-testid=stAlert]").filter(has_text=APPLIED)).to_be_visible()
    expect(other.locator("[data-testid=stExpander]").filter(has_text="Say what each column holds")).to_be_visible()
    assert other.get_by_text("Nothing in this workbook can be shown").count() == 0
    screenshot(other, "mapping-next-month-1024")
    # the workbook does not name its authority and nothing is published yet to prefill it: the page asks
    asked = other.locator("[data-testid=stMain]").get_by_role("textbox", name="Which authority is this scorecard for?")
    asked.fill("Testshire Council")
    asked.press("Enter")
    settle(other)
    other.get_by_role("button", name="Use this workbook").click()
    settle(other)
    assert_no_exception(other, "used next month's workbook")
    go_to(other, "Indicator detail")
    screenshot(other, "mapping-next-month-detail-1024")
    other.context.close()
