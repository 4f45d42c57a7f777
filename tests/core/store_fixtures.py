"""Databases for the history-store tests: a SQLite file, or the throwaway PostgreSQL server emptied.

`make test` (tests/with_postgres.sh) starts a PostgreSQL server and puts its URL in
SCORECARD_TEST_DATABASE_URL; without it only the PostgreSQL variants skip, loudly.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import MetaData, select

from core.store import HistoryStore
from core.store.engine import make_engine
from core.store.schema import observations

PG_URL_ENV = "SCORECARD_TEST_DATABASE_URL"
PG_MISSING = (
    f"POSTGRESQL VARIANT NOT RUN: {PG_URL_ENV} is not set. `make test` installs Debian's postgresql and "
    "starts a throwaway server for these tests; run it that way to test the PostgreSQL store."
)
POSTGRESQL = pytest.param("postgresql", marks=pytest.mark.skipif(not os.environ.get(PG_URL_ENV, "").strip(),
                                                                 reason=PG_MISSING))


def warn_without_postgresql() -> None:
    """Called by each store test module: said again in the summary, not only in the skip reasons."""
    if not os.environ.get(PG_URL_ENV, "").strip():
        warnings.warn(PG_MISSING, stacklevel=2)


def empty_database(url: str) -> None:
    """Drop every table, the Alembic version table included: the next open starts from nothing."""
    engine = make_engine(url)
    present = MetaData()
    present.reflect(engine)
    present.drop_all(engine)
    engine.dispose()


@pytest.fixture(params=["sqlite", POSTGRESQL])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'history.sqlite'}"
        return
    url = os.environ[PG_URL_ENV].strip()
    empty_database(url)
    yield url
    empty_database(url)


def assert_current_rows_are_the_winners(store: HistoryStore) -> None:
    """The rows flagged current (at publication, or by the migration that added the flag) are exactly the
    winners chosen by the window rule from every publication."""
    with store.engine.connect() as conn:
        every = list(conn.execute(select(observations.c.indicator_id).distinct()).scalars())
    published = [record.id for record in store.published()]
    key = ["upload_id", "row"]
    flagged = store.current_observations(every).sort_values(key, ignore_index=True)
    chosen = store.winning_observations(published, every).sort_values(key, ignore_index=True)
    assert len(chosen) > 0 or not published
    pd.testing.assert_frame_equal(flagged, chosen)
