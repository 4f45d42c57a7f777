"""Every page in a real browser at a committee-room projector's 1024x768 and a laptop's 1400x900: nothing scrolls
sideways, headings go down one level at a time, axe-core finds no critical or serious failure in the app's own
content, and no internal word shows. Also: /overview, presenter mode's way out, the RAG history's click, the
Upload page's size limit."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from core.ingest.container import MAX_FILE_BYTES
from tests.browser.helpers import (
    PUBLISHED,
    assert_no_exception,
    main_title,
    screenshot,
    settle,
    sidebar_value,
    upload_file,
)
from ui.accessibility import AXE_TAGS, KNOWN_ISSUES

SIZES = {"projector": {"width": 1024, "height": 768}, "laptop": {"width": 1400, "height": 900}}
# Every page by its URL path (the Other page only exists when some indicator is in no known area).
PATHS = {"overview": "/", "children-in-care": "/children_in_care", "care-leavers": "/care_leavers",
         "education": "/education", "adoption": "/adoption", "fostering": "/fostering",
         "safeguarding": "/safeguarding", "indicator": "/indicator?id=hew_dental_pct", "whatif": "/whatif",
         "upload": "/upload", "history": "/history", "definitions": "/definitions",
         "accessibility": "/accessibility"}
SERIOUS = ("critical", "serious")
# An internal word: a snake_case id or enum value (cl_eet_oc3_pct, not_comparable, rate_per_10k), or None.
# A file's own name (published_layout.xlsx) is the user's word, shown as they gave it.
INTERNAL = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?!\.[a-z])|\bNone\b")

_MEASURE = """() => {
    const main = document.querySelector('[data-testid=stMain]');
    const block = document.querySelector('[data-testid=stMainBlockContainer]');
    const headings = [...main.querySelectorAll('h1, h2, h3, h4, h5, h6')]
        .filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1]));
    // Material icons are drawn from their ligature names (hidden from screen readers): read the words only.
    const words = (element) => {
        const copy = element.cloneNode(true);
        copy.querySelectorAll('[data-testid=stIconMaterial]').forEach(icon => icon.remove());
        return copy.textContent;
    };
    return {main: [main.scrollWidth, main.clientWidth], block: [block.scrollWidth, block.clientWidth],
            headings, text: words(main) + ' ' + words(document.querySelector('[data-testid=stSidebar]'))};
}"""


def check_page(page: Page, name: str, size: str) -> list[str]:
    """Measure one settled page; returns what is wrong with it (empty when nothing is)."""
    assert_no_exception(page, name)
    found = page.evaluate(_MEASURE)
    problems = []
    for part in ("main", "block"):
        scroll, client = found[part]
        if scroll > client:
            problems.append(f"{name} at {size}: the {part} area scrolls sideways ({scroll} > {client} px)")
    levels = found["headings"]
    if not levels or levels[0] != 1 or any(b > a + 1 for a, b in zip(levels, levels[1:])):
        problems.append(f"{name}: headings out of order {levels}")
    internal = sorted(set(INTERNAL.findall(found["text"])))
    if internal:
        problems.append(f"{name}: internal words on screen {internal}")
    problems += _axe_failures(page, name)
    screenshot(page, f"screens-{name}-{size}")
    return problems


def _axe_failures(page: Page, name: str) -> list[str]:
    """Critical or serious axe violations not listed, with their place, on the Accessibility statement page."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    failures = []
    for violation in results.response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        places = [issue.where for issue in KNOWN_ISSUES if issue.rule == violation["id"]]
        for node in violation["nodes"]:
            inside_known = page.evaluate("([target, places]) => { const el = document.querySelector(target); "
                                         "return !!el && places.some(p => el.closest(p)); }",
                                         [node["target"][0], places])
            # a notice may be gone by now: then its selector itself must be one the statement names
            named = any(node["target"][0] == part.strip() for place in places for part in place.split(","))
            if not (inside_known or named):
                failures.append(f"{name}: axe {violation['impact']} '{violation['id']}' at {node['target']}: "
                                f"{node['failureSummary'][:200]}")
    return failures


@pytest.mark.parametrize("size", SIZES)
def test_every_page_fits_reads_in_order_and_passes_axe(page: Page, server, size: str):
    page.set_viewport_size(SIZES[size])
    problems = []
    for name, path in PATHS.items():
        page.goto(server.url + path)
        settle(page)
        problems += check_page(page, name, size)
    assert not problems, "\n".join(problems)


def test_every_page_fits_with_an_uploaded_published_workbook(page: Page, server):
    page.goto(server.url)
    settle(page)
    upload_file(page, PUBLISHED, "Use this workbook")
    page.get_by_role("button", name="Use this workbook").click()
    expect(page.locator("[data-testid=stSidebar]")).to_contain_text("Upload: published_layout.xlsx")
    settle(page)
    problems = []
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        for name in ("overview", "children-in-care", "care-leavers", "fostering", "indicator", "upload"):
            link = page.locator("[data-testid=stSidebarNav] a").filter(
                has=page.get_by_text({"overview": "Overview", "children-in-care": "Children in care",
                                      "care-leavers": "Care leavers", "fostering": "Fostering",
                                      "indicator": "Indicator detail", "upload": "Upload & check"}[name],
                                     exact=True))
            link.click()
            settle(page)
            problems += check_page(page, f"uploaded-{name}", size)
    assert not problems, "\n".join(problems)


def test_overview_by_its_own_address(page: Page, server):
    page.goto(f"{server.url}/overview")
    settle(page)
    assert main_title(page) == "Corporate Parenting scorecard"
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_month_and_locality_are_on_screen_at_projector_size_without_scrolling_the_sidebar(page: Page, server):
    """A manager sees every page in the list; Month and Locality, what a meeting changes, still fit beneath it."""
    page.set_viewport_size(SIZES["projector"])
    page.goto(server.url)
    settle(page)
    for label in ("Month", "Locality"):
        box = page.locator("[data-testid=stSidebar]").get_by_role("combobox", name=label).bounding_box()
        assert box is not None and box["y"] + box["height"] <= SIZES["projector"]["height"], (label, box)
    links = page.locator("[data-testid=stSidebarNavLink]")
    heights = links.evaluate_all("links => links.map(a => a.getBoundingClientRect().height)")
    assert len(heights) >= 14 and min(heights) >= 24  # every page listed, each a target of at least 24 px


def test_presenter_mode_keeps_a_way_to_change_page_month_and_locality_and_to_leave(page: Page, server):
    """The sidebar is put away at projector size; the bar above the page does its work."""
    page.set_viewport_size(SIZES["projector"])
    page.goto(f"{server.url}/?presenter=1")
    settle(page)
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()
    bar = page.locator("[class*=st-key-presenter_bar]")
    bar.get_by_role("combobox", name="Locality").click()
    page.get_by_role("option", name="Purbeck", exact=True).click()
    settle(page)
    bar.get_by_role("combobox", name="Month").click()
    page.get_by_role("option", name="February 2023", exact=True).click()
    settle(page)
    chosen = {key: values[0] for key, values in parse_qs(urlparse(page.url).query).items()}
    assert (chosen["locality"], chosen["month"]) == ("Purbeck", "2023-02")
    expect(page.locator("[data-testid=stMain] [data-testid=stCaptionContainer]").first).to_contain_text(
        "February 2023 · Purbeck")
    screenshot(page, "presenter-bar-projector")
    bar.get_by_role("button", name="Pages").click()
    page.locator("[data-testid=stPopoverBody]").get_by_role("link", name="Children in care").click()
    expect(page.locator("[data-testid=stMain] h1").first).to_have_text("Children in care")
    settle(page)
    assert "Purbeck" in page.url
    bar.get_by_role("button", name="Leave presenter mode").click()
    settle(page)
    expect(bar).to_have_count(0)
    assert "presenter" not in page.url
    assert sidebar_value(page, "Locality") == "Purbeck" and sidebar_value(page, "Month") == "February 2023"


def test_a_mark_of_the_rag_history_opens_its_indicator_at_its_month(page: Page, server):
    page.goto(server.url)
    settle(page)
    chart = page.locator("[data-testid=stPlotlyChart]").last
    square = chart.locator(".scatterlayer .trace .points path").first
    square.scroll_into_view_if_needed()
    expect(square).to_be_visible()
    # the first mark drawn is the first point of the first trace: its indicator and month, as the chart holds them
    indicator_id, month = chart.locator(".js-plotly-plot").evaluate("plot => plot.data[0].customdata[0]")
    latest = parse_qs(urlparse(page.url).query).get("month", [None])[0]
    assert month != latest  # the earliest of the twelve months: not what the sidebar shows
    box = square.bounding_box()  # plotly takes the click on its drag layer: click the mark's centre
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("[data-testid=stMain] h1").first).to_have_text("Indicator detail")
    settle(page)
    query = parse_qs(urlparse(page.url).query)
    assert (query["id"], query["month"]) == ([indicator_id], [month])


def test_an_oversize_file_is_named_on_the_page(page: Page, server, tmp_path: Path):
    big = tmp_path / "too_big.xlsx"
    big.write_bytes(b"\0" * (MAX_FILE_BYTES + 1))
    page.goto(f"{server.url}/upload")
    settle(page)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(big)
    alert = page.locator("[data-testid=stMain] [data-testid=stAlert]").filter(has_text="too_big.xlsx")
    expect(alert).to_contain_text(f"the limit is {MAX_FILE_BYTES // 1_048_576} MB", timeout=20_000)
    screenshot(page, "upload-too-big")


def test_a_failed_read_shows_an_error_not_a_tick(page: Page, server, tmp_path: Path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a workbook")
    page.goto(f"{server.url}/upload")
    settle(page)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(broken)
    status = page.locator("[data-testid=stMain] [data-testid=stExpander]").filter(has_text="broken.xlsx")
    expect(status).to_contain_text("Could not use broken.xlsx", timeout=30_000)
    expect(status.locator("[data-testid=stExpanderIconError], [data-testid=stExpanderIconCheck]")).to_have_attribute(
        "data-testid", "stExpanderIconError")
