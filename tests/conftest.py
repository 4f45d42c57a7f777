"""Every test, and every app server a test starts, uses a throwaway history store, never a developer's var/."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from core.store import DATABASE_URL_ENV, HISTORY_PATH_ENV


def pytest_configure(config: pytest.Config) -> None:
    # Set before any app code runs; servers started with subprocess inherit it.
    folder = Path(tempfile.mkdtemp(prefix="scorecard-history-"))
    os.environ[HISTORY_PATH_ENV] = str(folder / "history.sqlite")
    os.environ.pop(DATABASE_URL_ENV, None)  # PostgreSQL store tests take theirs from SCORECARD_TEST_DATABASE_URL
