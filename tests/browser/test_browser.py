"""The app in a real browser: shared links, a whole session with an upload, filters across pages, presenter mode."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    PAGES,
    PUBLISHED,
    assert_no_exception,
    choose,
    go_to,
    main_title,
    nav_links,
    scorecard_cells,
    scorecard_lines,
    screenshot,
    settle,
    sidebar_value,
    upload_file,
)

DENTAL = "% CIC in care 12 months or more who have had a dental check within 12 months"
CIC_COUNT = "No. of CIC at end of month"
SAMPLE_ONLY = "No. of children who became CIC"  # in the sample, not in published_layout.xlsx


def query(page: Page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlparse(page.url).query).items()}


def test_a_shared_indicator_link_is_the_first_request_to_a_fresh_server(page: Page, fresh_server):
    """Streamlit's legacy pages/ routing runs the page on its own on a server's first request; it must not show."""
    page.goto(f"{fresh_server.url}/indicator?id=hew_dental_pct&locality=Purbeck", timeout=60_000)
    settle(page, timeout=60_000)
    assert_no_exception(page, "first request")
    assert main_title(page) == "Indicator detail"
    expect(page.locator("[data-testid=stMain] h2").first).to_have_text(DENTAL)
    assert sidebar_value(page, "Locality") == "Purbeck"
    links = nav_links(page)  # the app's own navigation, not the one Streamlit makes of the pages/ folder
    assert "Upload & check" in links and "app" not in links, links
    assert query(page)["id"] == "hew_dental_pct" and query(page)["locality"] == "Purbeck"
    screenshot(page, "first-request-indicator")
    go_to(page, "Overview")  # and the session carries on normally
    assert query(page)["locality"] == "Purbeck"


def test_a_whole_session_on_the_sample_and_an_upload(page: Page, server):
    page.goto(server.url)
    settle(page)
    assert_no_exception(page, "start")
    assert main_title(page) == PAGES["Overview"]
    screenshot(page, "sample-overview")
    links = nav_links(page)
    assert set(PAGES) <= set(links), links
    for link in links[1:]:
        go_to(page, link)
        screenshot(page, f"sample-{_slug(link)}")
    go_to(page, "Children in care")
    assert scorecard_cells(page)[CIC_COUNT][1] == "437"
    choose(page, "Locality", "Purbeck")
    assert_no_exception(page, "Purbeck")
    rows = scorecard_cells(page)
    assert "Whole authority 437" in scorecard_lines(page)[CIC_COUNT]  # now only beside Purbeck's own figure
    assert rows[CIC_COUNT][2] == "420 (council)"  # the target is the council's, not Purbeck's
    assert any(re.fullmatch(r"<\d+|c", row[1]) for row in rows.values())
    expect(page.locator("[data-testid=stMain]")).to_contain_text("withheld (shown as c)")
    screenshot(page, "sample-children-in-care-purbeck")

    go_to(page, "Overview")  # open an indicator from the exceptions
    attention = page.locator("[data-testid=stMain] [data-testid=stPageLink] a").first
    name = attention.inner_text().split(" · ", 1)[1].split(":")[0]
    attention.click()
    expect(page.locator("[data-testid=stMain] h1").first).to_have_text(PAGES["Indicator detail"])
    settle(page)
    assert_no_exception(page, "indicator from the overview")
    expect(page.locator("[data-testid=stMain] h2").first).to_have_text(name)
    screenshot(page, "sample-indicator-from-overview")

    upload_file(page, PUBLISHED, "Use this workbook")
    screenshot(page, "upload-checked")
    page.get_by_role("button", name="Use this workbook").click()
    expect(page.locator("[data-testid=stSidebar]")).to_contain_text("Upload: published_layout.xlsx")
    settle(page)
    assert_no_exception(page, "used the upload")
    assert sidebar_value(page, "Locality") == "Whole authority"  # Purbeck is not in this workbook

    for link in nav_links(page):
        go_to(page, link)
        expect(page.locator("[data-testid=stSidebar]")).to_contain_text("Upload: published_layout.xlsx")
        screenshot(page, f"upload-{_slug(link)}")
    go_to(page, "Children in care")
    rows = scorecard_cells(page)
    assert CIC_COUNT in rows and DENTAL in rows and SAMPLE_ONLY not in rows
    go_to(page, "Overview")
    steady = page.locator("[data-testid=stMain] [data-testid=stExpander] summary").filter(has_text="not getting worse")
    if steady.count():  # Red but not getting worse: listed under the worsening ones, folded
        steady.click()
    page.locator("[data-testid=stMain] [data-testid=stPageLink] a").filter(has_text="dental check").click()
    expect(page.locator("[data-testid=stMain] h2").first).to_have_text(DENTAL)
    settle(page)
    assert_no_exception(page, "uploaded indicator")
    screenshot(page, "upload-indicator-from-overview")


def test_filters_follow_the_user_from_page_to_page(page: Page, server):
    page.goto(server.url)
    settle(page)
    go_to(page, "Children in care")
    choose(page, "Locality", "Purbeck")
    choose(page, "Month", "February 2023")
    assert query(page)["locality"] == "Purbeck" and query(page)["month"] == "2023-02"
    go_to(page, "Care leavers")
    assert sidebar_value(page, "Locality") == "Purbeck"
    assert sidebar_value(page, "Month") == "February 2023"
    assert query(page)["locality"] == "Purbeck" and query(page)["month"] == "2023-02"
    expect(page.locator("[data-testid=stMain] [data-testid=stCaptionContainer]").first).to_contain_text(
        "February 2023 · Purbeck")
    screenshot(page, "filters-care-leavers-purbeck-feb")
    go_to(page, "Indicator detail")
    assert query(page)["locality"] == "Purbeck" and "id" in query(page)


def test_presenter_mode_toggles_without_exception(page: Page, server):
    page.goto(server.url)
    settle(page)
    assert main_title(page) == PAGES["Overview"]
    metric = page.locator("[data-testid=stMetricValue]").first
    normal = float(metric.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    page.locator("[data-testid=stSidebar] [data-testid=stExpander] summary").click()
    toggle = page.locator("[data-testid=stSidebar]").get_by_text("Presenter mode", exact=False)
    toggle.click()
    settle(page)
    assert_no_exception(page, "presenter on")
    assert query(page).get("presenter") == "1"
    bar = page.locator("[class*=st-key-presenter_bar]")
    expect(bar).to_be_visible()  # the way out stays on screen ...
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()  # ... and the sidebar's width goes to the page
    assert float(metric.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) > normal
    screenshot(page, "presenter-overview")
    bar.get_by_role("button", name="Pages").click()
    page.locator("[data-testid=stPopoverBody]").get_by_role("link", name="Children in care").click()
    settle(page)
    assert main_title(page) == PAGES["Children in care"] and query(page).get("presenter") == "1"
    screenshot(page, "presenter-children-in-care")
    bar.get_by_role("button", name="Leave presenter mode").click()
    settle(page)
    assert_no_exception(page, "presenter off")
    assert "presenter" not in query(page)
    expect(page.locator("[class*=st-key-presenter_bar]")).to_have_count(0)
    expect(page.locator("[data-testid=stSidebar]")).to_be_visible()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
