"""What-if in a real browser: type a target into the grid, apply it, see the rating change on an area page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from core.ingest.load import load_workbook
from tests.browser.helpers import (
    assert_no_exception,
    choose,
    go_to,
    grid_texts,
    main_title,
    scorecard_cells,
    screenshot,
    settle,
)

DENTAL = "% CIC in care 12 months or more who have had a dental check within 12 months"  # 56.7% v 85%: red
HEALTH = "Health & Emotional Wellbeing"
BANNER = "What-if scenario 'Dental 55' is active: ratings use scenario targets, not the official ones"
# The grid's columns before the editable target, once one area is chosen (the Area column then goes):
# Indicator, Official target.
TARGET_COLUMN = 2


def row_after(cells: list[str], name: str, width: int) -> list[str]:
    """The `width` cells that follow an indicator's name in the last table naming it (its row, left to right)."""
    assert name in cells, f"{name!r} not in the table"
    at = len(cells) - 1 - cells[::-1].index(name)
    return cells[at + 1: at + 1 + width]


def type_into_grid(page: Page, row: int, column: int, text: str) -> None:
    """Select the grid's cell (row, column) from its first cell with the arrow keys, open its editor, type, commit.

    The grid is a canvas; its hidden accessible table says which cell is selected, so the walk is checked.
    """
    grid = page.locator("[data-testid=stMain] [data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None

    def selected(col: int, line: int) -> Locator:
        return grid.locator(f"[data-testid=glide-cell-{col}-{line}][aria-selected=true]")

    def walk() -> bool:
        page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)  # below the header row, in the first column
        for _ in range(column):
            page.keyboard.press("ArrowRight")
        for _ in range(row):
            page.keyboard.press("ArrowDown")
        try:
            expect(selected(column, row)).to_have_count(1, timeout=1_000)
            return True
        except AssertionError:
            return False

    # A grid that has just been drawn can drop the first click or key; start again until it lands.
    assert any(walk() for _ in range(10)), f"could not select cell ({column}, {row}) of the grid"
    page.keyboard.press("Enter")  # opens the cell's editor on its current value
    editor = page.locator("input.gdg-input, textarea.gdg-input")
    expect(editor).to_be_focused()
    editor.fill(text)
    editor.press("Enter")
    settle(page)


def test_a_target_typed_on_the_whatif_page_changes_the_rating_on_an_area_page(page: Page, server):
    page.goto(f"{server.url}/whatif")
    settle(page)
    assert_no_exception(page, "what-if")
    assert main_title(page) == "What-if targets"
    main = page.locator("[data-testid=stMain]")
    expect(main).to_contain_text("No rating changes")

    name = main.get_by_label("Scenario name")
    name.fill("Dental 55")
    name.press("Enter")
    settle(page)
    choose(page, "Show area", HEALTH, region="stMain")
    cells = grid_texts(page)
    indicators = [cell for cell in cells if cell.startswith("%") or cell.startswith("Average")]
    type_into_grid(page, indicators.index(DENTAL), TARGET_COLUMN, "55")
    assert_no_exception(page, "edit")
    expect(main).to_contain_text("1 indicator Red → Green")  # Streamlit's markdown draws -> as an arrow
    # the table of changes: Latest, Official target, Scenario target, Was, Now (the reasons are checked in AppTest)
    assert row_after(grid_texts(page), DENTAL, 5) == ["56.7%", "85.0%", "55.0%", "■ Red", "● Green"]
    screenshot(page, "whatif-dental-55")

    with page.expect_download() as csv_download:
        main.get_by_role("button", name="Download scenario (CSV)").click()
    assert csv_download.value.suggested_filename == "dental_55.csv"
    lines = Path(csv_download.value.path()).read_text().splitlines()
    assert lines == ["id,name,official_target,scenario_target,band_kind,band_value", f"hew_dental_pct,{DENTAL},85,55,,"]
    with page.expect_download(timeout=60_000) as book_download:  # built on the server when clicked
        main.get_by_role("button", name="Download as template workbook").click()
    assert book_download.value.suggested_filename == "dental_55.xlsx"
    reloaded = load_workbook(Path(book_download.value.path()).read_bytes(), "dental_55.xlsx")
    assert reloaded.usable and reloaded.dataset.indicators["hew_dental_pct"].target == 55.0

    main.get_by_role("button", name="Apply to every page").click()
    settle(page)
    expect(main).to_contain_text(BANNER)

    go_to(page, "Children in care")
    expect(main).to_contain_text(BANNER)
    # Indicator, Latest, Target, RAG
    assert scorecard_cells(page)[DENTAL][2:4] == ["55.0%", "● Green"]
    screenshot(page, "whatif-applied-children-in-care")

    main.get_by_role("button", name="Return to official targets").click()
    settle(page)
    expect(main).not_to_contain_text("What-if scenario")
    assert scorecard_cells(page)[DENTAL][2:4] == ["85.0%", "■ Red"]
