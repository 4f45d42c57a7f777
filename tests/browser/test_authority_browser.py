"""In a real browser: a workbook that does not name its authority is named on the Upload page before use,
and its provisional figures and worded targets read as printed on the area page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    go_to,
    scorecard_cells,
    screenshot,
    settle,
    upload_file,
)
from tests.fixtures import build_council_fixtures as fx


def test_an_unnamed_workbook_is_named_then_shown_with_its_words(page: Page, server, tmp_path: Path) -> None:
    workbook = fx.quarterly_layout().write(tmp_path / "q2_2022.xlsx")
    page.goto(server.url)
    settle(page)
    upload_file(page, workbook, "Use this workbook")
    main = page.locator("[data-testid=stMain]")
    expect(main).to_contain_text("Authority not named in the workbook")
    expect(page.get_by_role("button", name="Use this workbook")).to_be_disabled()
    for width, height in ((1024, 768), (1400, 900)):
        page.set_viewport_size({"width": width, "height": height})
        settle(page)
        screenshot(page, f"upload-authority-asked-{width}")

    asked = main.get_by_role("textbox", name="Which authority is this scorecard for?")
    asked.fill("Exampleshire County Council")
    asked.press("Enter")
    settle(page)
    page.get_by_role("button", name="Use this workbook").click()
    settle(page)
    go_to(page, "Children in care")
    expect(page.locator("[data-testid=stMain]")).to_contain_text("Exampleshire County Council")
    expect(page.locator("body")).not_to_contain_text("Unnamed authority")
    rows = scorecard_cells(page)
    assert any("decrease from Q1 (449)" in cells for cells in rows.values()), rows
    for width, height in ((1024, 768), (1400, 900)):
        page.set_viewport_size({"width": width, "height": height})
        settle(page)
        screenshot(page, f"area-words-{width}")
