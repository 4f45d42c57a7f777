"""No workbook can harm other users, in real browsers: a far cell is named while another session carries on;
Markdown, HTML and LaTeX in every text a workbook (or its file name) carries show as typed, and the browser
asks nothing of any origin but the app's own.

Each test has a server of its own with a throwaway store (own_server), so what it publishes reaches no other test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from core.ingest.load import SAMPLE_WORKBOOK
from core.model import About, Commentary, Indicator
from tests.browser.conftest import Server
from tests.browser.helpers import (
    assert_no_exception,
    choose,
    go_to,
    grid_texts,
    publish,
    scorecard_cells,
    scorecard_lines,
    screenshot,
    settle,
)
from tests.browser.test_publish_browser import _another_session
from tests.core.template_fixtures import edit_cells, lone_cell, template_bytes
from ui.literal import WORD_JOINER

DROPZONE = "[data-testid=stFileUploaderDropzoneInput]"
FAR = "XFD1048576"  # the last cell of a sheet: 17 billion cells if a reader believed the used range

HOSTILE = ("![](http://evil.example/x.png) [link](http://evil.example/) <img src=http://evil.example/y.png> "
           ":red[alarm] $x^2$")
NAME, AREA, LOCALITY = f"Children {HOSTILE}", f"Area {HOSTILE}", f"North {HOSTILE}"
ODD_NAME, DEFINITION, AUTHORITY = f"Odd one {HOSTILE}", f"Definition {HOSTILE}", f"Council {HOSTILE}"
WORDS, AUTHOR, FILE_NAME = f"Words {HOSTILE}", f"Author {HOSTILE}", f"Book {HOSTILE}.xlsx"
REASON, NOTE, ACTION, OWNER = f"Reason {HOSTILE}", f"Note {HOSTILE}", f"Do {HOSTILE}", f"Owner {HOSTILE}"
# What Markdown, HTML or LaTeX would have made of the text, had it been rendered.
# Markup a workbook's text must never produce; the app's own RAG badge (class rag-badge) is its only coloured span.
RENDERED = "[src*='evil.example'], [href*='evil.example'], .katex, .stMarkdown span[style*='color']:not(.rag-badge)"

HOSTILE_BOOK = template_bytes(
    [{"indicator_id": "cic_count", "month": f"2023-{m:02d}", "locality": locality, "value": value + m}
     for m in (1, 2, 3) for locality, value in (("", 400), (LOCALITY, 150), ("South", 250))]
    + [{"indicator_id": "odd_one", "month": f"2023-{m:02d}", "value": 5 - m} for m in (1, 2, 3)],
    indicators=[Indicator(id="cic_count", area="Profile", name=NAME, unit="count", good_is="low", target=420,
                          definition=DEFINITION),
                Indicator(id="odd_one", area=AREA, name=ODD_NAME, unit="count", good_is="low", target=3,
                          definition=DEFINITION)],
    about=About(authority=AUTHORITY, month_ending=date(2023, 3, 31), localities=[LOCALITY, "South"]),
    commentary=[Commentary(subject="Profile", period="2023-03", text=WORDS, author=AUTHOR),
                Commentary(subject=AREA, period="2023-03", text=WORDS, author=AUTHOR)],
)


def _main(page: Page):  # noqa: ANN202 - a Playwright locator
    return page.locator("[data-testid=stMain]")


def test_a_far_cell_workbook_is_named_while_another_session_carries_on(
        page: Page, browser: Browser, own_server: Server, tmp_path: Path) -> None:
    far = tmp_path / "far_cell.xlsx"
    far.write_bytes(edit_cells(SAMPLE_WORKBOOK.read_bytes(), "Values", {FAR: "x"}))
    lone = tmp_path / "only_a_far_cell.xlsx"
    lone.write_bytes(lone_cell(FAR))
    other = _another_session(browser, own_server.url)
    try:
        page.goto(own_server.url, timeout=60_000)
        settle(page, timeout=60_000)
        go_to(page, "Upload & check")
        page.locator(DROPZONE).set_input_files(far)  # the first session starts reading ...
        go_to(other, "Children in care")  # ... while the second keeps asking and getting answers
        choose(other, "Locality", "Purbeck")
        assert any("Whole authority 437" in line for line in scorecard_lines(other).values())

        expect(page.get_by_role("button", name="Use this workbook")).to_be_visible(timeout=60_000)
        settle(page)
        assert_no_exception(page, "checked the far-cell workbook")
        cells = grid_texts(page)
        assert "Values" in cells and FAR in cells, cells
        assert any(cell.startswith(f"Cell {FAR} is far outside this sheet's table") for cell in cells), cells
        screenshot(page, "far-cell-named")

        page.locator(DROPZONE).set_input_files(lone)  # nothing but the far cell: refused, and said where
        expect(_main(page)).to_contain_text("Nothing in this workbook can be shown", timeout=60_000)
        settle(page)
        cells = grid_texts(page)
        assert "Notes" in cells and FAR in cells, cells
        assert any(cell.startswith(f"Sheet Notes was not read: its cells reach {FAR}") for cell in cells), cells
        screenshot(page, "far-cell-only-refused")

        go_to(other, "Indicator detail")  # after: the second session still gets answers
        choose(other, "Locality", "Dorchester")
        assert_no_exception(other, "after the far-cell uploads")
        assert own_server.process.poll() is None, own_server.log()  # the server is still up
    finally:
        other.context.close()


class _Outside:
    """Every request the context makes to an origin other than the app's own, refused and remembered."""

    def __init__(self, context: BrowserContext, origin: str) -> None:
        self.origin = origin
        self.requests: list[str] = []
        context.on("request", lambda request: self._seen(request.url))
        context.route("**/*", self._route)

    def _own(self, url: str) -> bool:
        return url.startswith((self.origin + "/", "data:", "blob:")) or url == self.origin

    def _seen(self, url: str) -> None:
        if not self._own(url):
            self.requests.append(url)

    def _route(self, route: Route) -> None:
        if self._own(route.request.url):
            route.continue_()
        else:
            route.abort()


def _shows(page: Page, *texts: str) -> None:
    """Each text is on the page as typed (ui.literal keeps bare addresses from becoming links with an
    invisible word joiner, which is all the visible text may differ by)."""
    shown = _main(page).inner_text().replace(WORD_JOINER, "")
    missing = [text for text in texts if text not in shown]
    assert not missing, f"not shown literally: {missing}\n{shown[:3000]}"


def _nothing_rendered(page: Page, where: str) -> None:
    assert_no_exception(page, where)
    rendered = page.locator(RENDERED)
    found = rendered.evaluate_all("""elements => elements.map(e => e.outerHTML + ' in '
        + (e.closest('[data-testid^=st]:not([data-testid$=Container])') || e.parentElement).outerHTML.slice(0, 400))""")
    assert found == [], f"{where}: rendered markup {found}"


def test_workbook_text_shows_literally_everywhere_and_nothing_is_fetched_from_outside(
        page: Page, own_server: Server) -> None:
    outside = _Outside(page.context, own_server.url)
    page.goto(own_server.url, timeout=60_000)
    settle(page, timeout=60_000)
    go_to(page, "Upload & check")
    page.locator(DROPZONE).set_input_files(
        {"name": FILE_NAME, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": HOSTILE_BOOK})
    expect(page.get_by_role("button", name="Publish for everyone")).to_be_visible(timeout=60_000)
    settle(page)
    _shows(page, AUTHORITY)
    _nothing_rendered(page, "upload checked")
    publish(page)
    _shows(page, f"Published {FILE_NAME} (March 2023 upload) for everyone")
    _nothing_rendered(page, "published")
    screenshot(page, "hostile-upload")

    go_to(page, "Overview")
    _shows(page, AUTHORITY)
    _nothing_rendered(page, "overview")
    screenshot(page, "hostile-overview")

    go_to(page, "Children in care")  # the Profile area: the name in the table, commentary under it
    assert NAME in {shown.replace(WORD_JOINER, "") for shown in scorecard_cells(page)}  # as typed, unlinked
    _shows(page, WORDS)
    _shows(page, f"Commentary: Profile — {AUTHOR}")
    _nothing_rendered(page, "area page")

    go_to(page, "Other indicators")  # an area no page claims: its name is a heading
    assert AREA in [text.replace(WORD_JOINER, "") for text in _main(page).locator("h2").all_inner_texts()]
    assert ODD_NAME in {shown.replace(WORD_JOINER, "") for shown in scorecard_cells(page)}
    _nothing_rendered(page, "other indicators")

    go_to(page, "Indicator detail")
    choose(page, "Indicator", f"Profile · {NAME}", region="stMain")
    choose(page, "Locality", LOCALITY)
    assert _main(page).locator("h2").first.inner_text().replace(WORD_JOINER, "") == NAME
    _shows(page, DEFINITION)
    _shows(page, AUTHORITY)
    page.get_by_text("Mark a process change").click()
    page.get_by_role("textbox", name="Reason").fill(REASON)
    page.get_by_role("button", name="Mark the process change").click()
    settle(page)
    expect(_main(page).locator(".js-plotly-plot").first).to_contain_text("Process change: Reason ![](http://evil.",
                                                                     timeout=30_000)  # a busy machine redraws slowly
    _shows(page, f": {REASON}")
    _nothing_rendered(page, "indicator detail")
    screenshot(page, "hostile-indicator")

    go_to(page, "Commentary & actions")
    choose(page, "Commentary about", "Area: Profile", region="stMain")
    page.get_by_role("textbox", name="Commentary").fill(NOTE)
    page.get_by_role("button", name="Save commentary").click()
    settle(page)
    choose(page, "Action about", f"Profile · {NAME}", region="stMain")
    page.get_by_role("textbox", name="What will be done").fill(ACTION)
    page.get_by_role("textbox", name="Owner").fill(OWNER)
    page.get_by_role("button", name="Save action").click()
    settle(page)
    _nothing_rendered(page, "notes written")
    go_to(page, "Children in care")
    _shows(page, NOTE, ACTION, OWNER, NAME)
    _nothing_rendered(page, "notes shown")
    screenshot(page, "hostile-area-with-notes")

    go_to(page, "Definitions")
    _nothing_rendered(page, "definitions")
    assert outside.requests == [], outside.requests
