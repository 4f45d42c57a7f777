"""A safety net under every test: app code that opens the history store without a store of its own gets a
throwaway one, never a developer's var/history.sqlite or $SCORECARD_DATABASE_URL. (The AppTests and the
browser servers each set their own, per test and per server.)"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from core.store import DATABASE_URL_ENV, HISTORY_PATH_ENV

_FOLDER = tempfile.mkdtemp(prefix="scorecard-history-")


def pytest_configure(config: pytest.Config) -> None:
    # Set before any app code runs; servers started with subprocess inherit it.
    os.environ[HISTORY_PATH_ENV] = os.path.join(_FOLDER, "history.sqlite")
    os.environ.pop(DATABASE_URL_ENV, None)  # the PostgreSQL store tests read SCORECARD_TEST_DATABASE_URL


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_FOLDER, ignore_errors=True)
