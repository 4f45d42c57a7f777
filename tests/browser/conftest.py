"""Real-browser fixtures: the app served by `streamlit run` in its own process group, Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from core.access import ROLES_FILE_ENV
from core.store import DATABASE_URL_ENV, HISTORY_PATH_ENV
from tests.browser.helpers import OUTPUT, ROOT, SCREENSHOTS, assert_no_exception, settle

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 900}
START_TIMEOUT = 60.0


class Server:
    """`python -m streamlit run serve.py` (as `make run`) on a free port, in a process group of its own."""

    def __init__(self, name: str, secrets: str = "", roles: str = "") -> None:
        """secrets: a secrets.toml for this server ('{port}' is filled in), e.g. an [auth] section; none by default,
        so a developer's own .streamlit/secrets.toml never changes a test. roles: a roles.toml for it."""
        self.port = _free_port()
        self.url = f"http://localhost:{self.port}"
        OUTPUT.mkdir(parents=True, exist_ok=True)
        self.log_path = OUTPUT / f"streamlit-{name}.log"
        self._log = self.log_path.open("wb")
        self._store = tempfile.TemporaryDirectory(prefix="scorecard-browser-store-")
        folder = Path(self._store.name)
        (folder / "secrets.toml").write_text(secrets.replace("{port}", str(self.port)), encoding="utf-8")
        (folder / "roles.toml").write_text(roles, encoding="utf-8")
        env = {**os.environ, HISTORY_PATH_ENV: str(folder / "history.sqlite"), ROLES_FILE_ENV: str(folder / "roles.toml")}
        env.pop(DATABASE_URL_ENV, None)  # an empty throwaway store: nothing published, never a developer's var/
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(self.port),
             "--server.headless", "true", "--secrets.files", str(folder / "secrets.toml")],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def wait_listening(self) -> None:
        """Until the port takes a TCP connection: no HTTP request is made, so the app sees nothing."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"streamlit exited with {self.process.returncode}: {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"streamlit did not listen on {self.port} in {START_TIMEOUT:.0f}s: {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            pgid = os.getpgid(self.process.pid)
            os.killpg(pgid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(pgid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()
        self._store.cleanup()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests drive Debian's chromium. "
                    "Run `make test`, which installs it (apt-get install chromium).")
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def server(browser: Browser) -> Iterator[Server]:
    """One server for the session, ready once a browser has loaded the app and its first run finished."""
    running = Server("session")
    try:
        running.wait_listening()
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.goto(running.url, timeout=START_TIMEOUT * 1000)
            settle(page, timeout=START_TIMEOUT * 1000)
            assert_no_exception(page, "the app's first run")
        finally:
            context.close()
        yield running
    finally:
        running.stop()


@pytest.fixture
def fresh_server() -> Iterator[Server]:
    """A server no browser has asked anything yet (the test makes the first request)."""
    running = Server("fresh")
    try:
        running.wait_listening()
        yield running
    finally:
        running.stop()


@pytest.fixture
def own_server() -> Iterator[Server]:
    """A server of this test's own, with its own empty store: what the test publishes reaches no other test."""
    running = Server("own")
    try:
        running.wait_listening()
        yield running
    finally:
        running.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A new browser session (context) per test; JavaScript errors in the page fail the test."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # what the page looked like when the test failed
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"FAILED-{request.node.name}.png")
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"
