"""Fixtures shared by the history-store test modules."""

from tests.core.store_fixtures import database

__all__ = ["database"]
