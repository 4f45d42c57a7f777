"""Sign-in through a real local OpenID Connect provider (oidc-provider-mock on 127.0.0.1), in real browsers.

The app is served with a test secrets.toml whose [auth] points at the provider, and a roles.toml naming one
manager: a manager publishes; a viewer has no Upload and cannot reach it by URL; a visitor who is not signed
in sees the public view (or, with signed_out = "nothing", only the way to sign in).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import oidc_provider_mock
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import VIEWPORT, Server
from tests.browser.helpers import (
    assert_no_exception,
    nav_links,
    publish,
    screenshot,
    settle,
    upload_file,
)
from tests.browser.test_publish_browser import AUTHORITY, MARCH
from ui.literal import WORD_JOINER

MANAGER = "manager@testshire.gov.uk"
VIEWER = "councillor@testshire.gov.uk"
SECRETS = """[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "a-test-only-cookie-secret-0123456789"
client_id = "scorecard-tests"
client_secret = "scorecard-tests-secret"
server_metadata_url = "%s/.well-known/openid-configuration"
"""
ROLES = f'managers = ["{MANAGER}"]\nsigned_out = "%s"\n'
MANAGER_PAGES = {"Upload & check", "History & replay", "What-if targets"}


def as_shown(email: str) -> str:
    """An address as the page shows it: ui.literal puts an invisible word joiner after the @, so that
    Markdown cannot turn the address into a mailto link."""
    return email.replace("@", "@" + WORD_JOINER)


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread() as server:  # 127.0.0.1 ("localhost"), a free port
        yield f"http://localhost:{server.server_port}"


def _server(name: str, provider: str, signed_out: str) -> Server:
    running = Server(name, secrets=SECRETS % provider, roles=ROLES % signed_out)
    running.wait_listening()
    return running


@pytest.fixture(scope="module")
def auth_server(provider: str) -> Iterator[Server]:
    running = _server("auth", provider, "public")
    try:
        yield running
    finally:
        running.stop()


def _open(browser: Browser, url: str) -> Page:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(url, timeout=60_000)
    settle(page, timeout=60_000)
    assert_no_exception(page, "opened")
    return page


def _sign_in(page: Page, email: str) -> None:
    page.locator("[data-testid=stSidebar]").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**")  # the provider's own form
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url("**localhost**")
    expect(page.locator("[data-testid=stSidebar]")).to_contain_text(f"Signed in as {as_shown(email)}", timeout=60_000)
    settle(page)


def test_a_manager_signs_in_and_publishes(browser: Browser, auth_server: Server, tmp_path: Path) -> None:
    page = _open(browser, auth_server.url)
    try:
        _sign_in(page, MANAGER)
        assert MANAGER_PAGES <= set(nav_links(page))
        workbook = tmp_path / "march_2023.xlsx"
        workbook.write_bytes(MARCH)
        upload_file(page, workbook, "Publish for everyone")
        expect(page.locator("[data-testid=stMain]")).to_contain_text(f"Recorded as {as_shown(MANAGER)}")
        publish(page)
        expect(page.locator("[data-testid=stSidebar]")).to_contain_text("Published data, merged from 1 upload")
        expect(page.locator("[data-testid=stMain]")).to_contain_text("Published march_2023.xlsx")
        screenshot(page, "sign-in-manager-published")
    finally:
        page.context.close()


def test_a_viewer_has_no_upload_and_cannot_reach_it_by_url(browser: Browser, auth_server: Server) -> None:
    page = _open(browser, auth_server.url)
    try:
        _sign_in(page, VIEWER)
        links = set(nav_links(page))
        assert "Upload & check" not in links and {"Overview", "What-if targets", "History & replay"} <= links
        page.goto(f"{auth_server.url}/upload", timeout=60_000)
        settle(page, timeout=60_000)
        expect(page.locator("[data-testid=stSidebar]")).to_contain_text(f"Signed in as {as_shown(VIEWER)} (viewer)")
        assert page.locator("[data-testid=stFileUploaderDropzoneInput]").count() == 0
        assert page.get_by_role("button", name="Publish for everyone").count() == 0
        screenshot(page, "sign-in-viewer-upload-url")
    finally:
        page.context.close()


def test_a_visitor_who_is_not_signed_in_sees_only_the_public_view(browser: Browser, auth_server: Server) -> None:
    page = _open(browser, auth_server.url)
    try:
        links = set(nav_links(page))
        assert "Overview" in links and not links & MANAGER_PAGES
        for path in ("upload", "history", "whatif"):
            page.goto(f"{auth_server.url}/{path}", timeout=60_000)
            settle(page, timeout=60_000)
            assert page.locator("[data-testid=stFileUploaderDropzoneInput]").count() == 0
            assert page.get_by_role("button", name="Replay").count() == 0
            assert_no_exception(page, path)
        screenshot(page, "sign-in-visitor-public")
    finally:
        page.context.close()


def test_with_signed_out_nothing_a_visitor_sees_only_the_way_to_sign_in(browser: Browser, provider: str) -> None:
    running = _server("auth-nothing", provider, "nothing")
    try:
        page = _open(browser, running.url)
        try:
            assert nav_links(page) in ([], ["Sign in"])
            main = page.locator("[data-testid=stMain]")
            expect(main).to_contain_text("Sign in with your council account")
            expect(main).not_to_contain_text(AUTHORITY)
            assert page.locator("[data-testid=stDataFrame]").count() == 0
            page.goto(f"{running.url}/children_in_care", timeout=60_000)
            settle(page, timeout=60_000)
            expect(main).to_contain_text("Sign in with your council account")
            assert page.locator("[data-testid=stDataFrame]").count() == 0
        finally:
            page.context.close()
    finally:
        running.stop()
