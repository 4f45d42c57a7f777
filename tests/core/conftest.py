"""Fixtures shared by the history-store test modules: a throwaway database (SQLite, and PostgreSQL when
`make test` started one) and a store opened on it."""

from collections.abc import Iterator

import pytest

from core.store import HistoryStore
from tests.core.store_fixtures import database

__all__ = ["database", "store"]


@pytest.fixture
def store(database: str) -> Iterator[HistoryStore]:
    opened = HistoryStore.open(database)
    yield opened
    opened.dispose()
