"""What the browser tests do to the page: wait for Streamlit to finish, look, click, keep a screenshot."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
PUBLISHED = ROOT / "tests" / "fixtures" / "published_layout.xlsx"

IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
QUIET_MS = 250  # how long the script must stay finished: a rerun that starts after a click is not missed

# The sidebar's page links, in order, with each page's title.
PAGES = {
    "Overview": "Corporate Parenting scorecard",
    "Children in care": "Children in care",
    "Care leavers": "Care leavers",
    "Education": "Education",
    "Adoption": "Adoption",
    "Fostering": "Fostering",
    "Safeguarding": "Safeguarding",
    "Indicator detail": "Indicator detail",
    "Upload & check": "Upload & check",
    "Definitions": "Definitions",
}

_QUIET = """([selector, quiet]) => {
    const now = performance.now();
    const busy = !document.querySelector(selector)
        || document.querySelector('[data-testid=stStatusWidget], [data-testid=stSkeleton]');
    if (busy) { window.__settledSince = undefined; return false; }
    if (window.__settledSince === undefined) window.__settledSince = now;
    return now - window.__settledSince >= quiet;
}"""


def settle(page: Page, timeout: float = 30_000) -> None:
    """Until the script has finished and stayed finished for QUIET_MS."""
    page.evaluate("() => { window.__settledSince = undefined; }")
    page.wait_for_function(_QUIET, arg=[IDLE, QUIET_MS], polling=50, timeout=timeout)


def assert_no_exception(page: Page, where: str) -> None:
    exceptions = page.locator("[data-testid=stException]")
    assert exceptions.count() == 0, f"{where}: {exceptions.first.inner_text()[:2000]}"


def main_title(page: Page) -> str:
    return page.locator("[data-testid=stMain] h1").first.inner_text().strip()


def nav_links(page: Page) -> list[str]:
    """The page links in the sidebar navigation, in order (each link's text without its icon's name)."""
    return [text.split("\n")[-1].strip() for text in page.locator("[data-testid=stSidebarNav] a").all_inner_texts()]


def go_to(page: Page, link: str) -> None:
    """Follow a page link in the sidebar navigation and wait for the page."""
    target = page.locator("[data-testid=stSidebarNav] a").filter(has=page.get_by_text(link, exact=True))
    target.click()
    expect(target).to_have_attribute("aria-current", "page")
    if link in PAGES:
        expect(page.locator("[data-testid=stMain] h1").first).to_have_text(PAGES[link])
    settle(page)
    assert_no_exception(page, link)


def choose(page: Page, label: str, option: str, region: str = "stSidebar") -> None:
    """Pick an option in a selectbox of the sidebar (or, with region='stMain', of the main area)."""
    box = page.locator(f"[data-testid={region}]").get_by_role("combobox", name=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)
    settle(page)


def upload_file(page: Page, path: Path, button: str) -> None:
    """On the Upload page: choose a file and wait until it is checked and `button` offers to use it."""
    go_to(page, "Upload & check")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(path)
    expect(page.get_by_role("button", name=button)).to_be_visible(timeout=30_000)
    settle(page)
    assert_no_exception(page, "checked the upload")


def publish(page: Page) -> None:
    """Publish for everyone, and confirm it (the button opens a short question first)."""
    page.get_by_role("button", name="Publish for everyone").click()
    page.locator("[data-testid=stPopoverBody]").get_by_role("button", name="Publish now").click()
    settle(page)


def sidebar_value(page: Page, label: str) -> str:
    return page.locator("[data-testid=stSidebar]").get_by_role("combobox", name=label).input_value()


def grid_texts(page: Page) -> list[str]:
    """The text of every cell of the page's tables (glide-data-grid keeps them in the DOM for screen readers).

    A grid fills in its cells once it is on screen, so each is scrolled to first.
    """
    texts: list[str] = []
    grids = page.locator("[data-testid=stMain] [data-testid=stDataFrame]")
    for index in range(grids.count()):
        grid = grids.nth(index)
        grid.scroll_into_view_if_needed()
        cells = grid.locator("[data-testid^=glide-cell-]")
        expect(cells.first).to_be_attached()
        texts += cells.all_inner_texts()
    return texts


def screenshot(page: Page, name: str) -> Path:
    """The whole page, not just the viewport: the main area scrolls inside the window, so grow the window."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size or {"width": 1400, "height": 900}
    height = page.evaluate("""() => Math.max(...['stMain', 'stSidebarContent'].map(id =>
        (document.querySelector(`[data-testid=${id}]`) || {scrollHeight: 0}).scrollHeight))""")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 12_000)})
    try:
        settle(page)
        page.screenshot(path=path, full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


def scorecard_cells(page: Page) -> dict[str, list[str]]:
    """The area tables' rows as drawn: indicator name -> its cells (name, latest, target, RAG, direction,
    outlook)."""
    return {name: cells for name, (cells, _) in _scorecard_rows(page).items()}


def scorecard_lines(page: Page) -> dict[str, str]:
    """The line beneath each row: indicator name -> 'Last month 39 · Whole authority 437 · ... · Why this rating'."""
    return {name: line for name, (_, line) in _scorecard_rows(page).items()}


def _scorecard_rows(page: Page) -> dict[str, tuple[list[str], str]]:
    rows = page.locator("[data-testid=stMain] [class*=st-key-scorecard_row_]")
    expect(rows.first).to_be_attached()
    drawn = rows.evaluate_all("""rows => rows.map(row => [
        [...row.querySelectorAll('[data-testid=stColumn]')].map(cell => cell.innerText.trim()),
        (row.querySelector('[data-testid=stCaptionContainer]') || {innerText: ''}).innerText.trim()])""")
    return {cells[0]: (cells, line) for cells, line in drawn}
