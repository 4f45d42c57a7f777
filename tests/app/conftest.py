"""Fixtures for the AppTests (streamlit.testing.v1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from streamlit.testing.v1 import AppTest

from core.store import DATABASE_URL_ENV, HISTORY_PATH_ENV
from tests.app.harness import ServedPagesManager, new_app, visit


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test parses its workbook itself: nothing cached by an earlier test can make it pass."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def own_history_store(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test its own empty history store: nothing kept or published by another test shows, and no var/."""
    monkeypatch.setenv(HISTORY_PATH_ENV, str(tmp_path / "history.sqlite"))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> None:
    """Route pages the way a running server does (see ServedPagesManager)."""
    assert hasattr(app_test_module, "PagesManager"), "AppTest no longer builds its PagesManager by that name"
    monkeypatch.setattr(app_test_module, "PagesManager", ServedPagesManager)


@pytest.fixture
def open_app(served: None) -> Callable[..., AppTest]:
    """open_app(page, **query): app.py run once with the URL's query parameters, then the page."""

    def _open(page: str | None = None, **query: str) -> AppTest:
        at = new_app(**query).run()
        assert not at.exception, at.exception[0].value
        return visit(at, page) if page else at

    return _open
