"""Publish for everyone, in real browsers: one session's draft stays its own; a publication reaches every session.

The app runs on a server of its own with a throwaway SQLite store (never a developer's var/history.sqlite,
never the session server the other browser tests share, which must keep showing the sample).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from core.model import About
from tests.browser.conftest import VIEWPORT, Server
from tests.browser.helpers import (
    assert_no_exception,
    go_to,
    publish,
    screenshot,
    settle,
    sidebar_value,
    upload_file,
)
from tests.core.template_fixtures import template_bytes

AUTHORITY = "Testshire County Council"
MARCH = template_bytes(
    [
        {"indicator_id": "cic_count", "month": "2023-02", "value": 418},
        {"indicator_id": "cic_count", "month": "2023-03", "value": 415},
        {"indicator_id": "hew_dental_pct", "month": "2023-03", "value": 55.0},
    ],
    about=About(authority=AUTHORITY, month_ending=date(2023, 3, 31), localities=["North", "South"]),
)


@pytest.fixture
def publish_server() -> Iterator[Server]:
    """A server of this test's own: Server gives each its own empty SQLite store in a temporary folder."""
    running = Server("publish")
    try:
        running.wait_listening()
        yield running
    finally:
        running.stop()


def _sidebar(page: Page):  # noqa: ANN202 - a Playwright locator
    return page.locator("[data-testid=stSidebar]")


def _another_session(browser: Browser, url: str) -> Page:
    """A second browser context: another person, on another device, with a session of their own."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    other = context.new_page()
    other.goto(url, timeout=60_000)
    settle(other, timeout=60_000)
    assert_no_exception(other, "another session")
    return other


def test_a_published_upload_reaches_another_session_and_a_draft_does_not(
        page: Page, browser: Browser, publish_server: Server, tmp_path: Path) -> None:
    workbook = tmp_path / "march_2023.xlsx"
    workbook.write_bytes(MARCH)
    page.goto(publish_server.url, timeout=60_000)
    settle(page, timeout=60_000)
    expect(_sidebar(page)).to_contain_text("Embedded sample")

    upload_file(page, workbook, "Publish for everyone")

    page.get_by_role("button", name="Use this workbook").click()  # a draft first: this session only
    expect(_sidebar(page)).to_contain_text("draft: only this session sees it")
    settle(page)
    other = _another_session(browser, publish_server.url)
    expect(_sidebar(other)).to_contain_text("Embedded sample")
    expect(other.locator("[data-testid=stMain]")).not_to_contain_text(AUTHORITY)
    other.context.close()

    who = page.get_by_role("textbox", name="Your name or role")
    who.fill("Performance manager")
    who.press("Enter")
    settle(page)
    publish(page)
    assert_no_exception(page, "published")
    main = page.locator("[data-testid=stMain]")
    expect(main).to_contain_text("Published march_2023.xlsx (March 2023 upload) for everyone")
    expect(_sidebar(page)).to_contain_text("Published data, merged from 1 upload, as of the March 2023 upload")
    screenshot(page, "publish-published")

    other = _another_session(browser, publish_server.url)
    try:
        expect(_sidebar(other)).to_contain_text("Published data, merged from 1 upload, as of the March 2023 upload")
        expect(other.locator("[data-testid=stMain]")).to_contain_text(AUTHORITY)
        assert sidebar_value(other, "Month") == "March 2023"
        screenshot(other, "publish-seen-by-another-session")

        go_to(other, "History & replay")
        other_main = other.locator("[data-testid=stMain]")
        expect(other_main).to_contain_text("1 published upload(s)")
        other.get_by_role("button", name="Replay").click()
        settle(other)
        expect(_sidebar(other)).to_contain_text("REPLAY of the March 2023 upload (march_2023.xlsx)")
        go_to(other, "Overview")
        expect(other.locator("[data-testid=stMain]")).to_contain_text("REPLAY of the March 2023 upload")
        screenshot(other, "publish-replay-banner")
        other.get_by_role("button", name="Back to current").click()
        settle(other)
        expect(_sidebar(other)).to_contain_text("Published data, merged from 1 upload")
        assert_no_exception(other, "back to current")
    finally:
        other.context.close()


def test_a_session_already_open_sees_a_publication_within_30_seconds(
        page: Page, browser: Browser, publish_server: Server, tmp_path: Path) -> None:
    """No click in the open session: its polling fragment notices the new publication and switches."""
    watcher = _another_session(browser, publish_server.url)  # opened first, showing the sample
    try:
        expect(_sidebar(watcher)).to_contain_text("Embedded sample")
        workbook = tmp_path / "march_2023.xlsx"
        workbook.write_bytes(MARCH)
        page.goto(publish_server.url, timeout=60_000)
        settle(page, timeout=60_000)
        upload_file(page, workbook, "Publish for everyone")
        publish(page)
        expect(_sidebar(page)).to_contain_text("Published data, merged from 1 upload")
        published = time.monotonic()
        expect(_sidebar(watcher)).to_contain_text("Published data, merged from 1 upload", timeout=30_000)
        seen_after = time.monotonic() - published
        expect(_sidebar(watcher)).to_contain_text("this screen has been updated")
        expect(watcher.locator("[data-testid=stMain]")).to_contain_text(AUTHORITY)
        screenshot(watcher, "publish-seen-without-a-click")
        print(f"open session switched {seen_after:.1f} s after the publication")
    finally:
        watcher.context.close()
