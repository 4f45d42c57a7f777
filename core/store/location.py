"""Where the history store is, and the deployment's disclosure threshold read from it cheaply.

Standard library only: a command that only needs the threshold (`python -m core scorecard`) must not pay
for SQLAlchemy and Alembic when there is no store, or when the store is a SQLite file a plain query reads.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

DATABASE_URL_ENV = "SCORECARD_DATABASE_URL"  # any SQLAlchemy URL; wins over the SQLite path
HISTORY_PATH_ENV = "SCORECARD_HISTORY_PATH"  # the SQLite file, when no URL is set
DEFAULT_HISTORY_PATH = Path(__file__).resolve().parents[2] / "var" / "history.sqlite"
DEFAULT_THRESHOLD = 5  # until a manager sets the deployment's own
SQLITE_BUSY_SECONDS = 30  # how long a writer waits for another writer before giving up
THRESHOLDS_TABLE = "scorecard_thresholds"  # core.store.schema declares it with this name


def configured_url() -> str:
    """$SCORECARD_DATABASE_URL, or "" when the store is the SQLite file."""
    return os.environ.get(DATABASE_URL_ENV, "").strip()


def sqlite_path() -> Path:
    """The SQLite file the store uses when no URL is configured."""
    return Path(os.environ.get(HISTORY_PATH_ENV, "").strip() or DEFAULT_HISTORY_PATH).expanduser().resolve()


def sqlite_threshold(path: Path) -> int:
    """The latest threshold a manager set in the SQLite store at `path`; DEFAULT_THRESHOLD when there is no
    store there, or a store in which none was set yet. Raises sqlite3.Error when the file cannot be read."""
    if not path.exists():
        return DEFAULT_THRESHOLD
    connection = sqlite3.connect(path, timeout=SQLITE_BUSY_SECONDS)
    try:
        known = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                   (THRESHOLDS_TABLE,)).fetchone()
        latest = known and connection.execute(
            f"SELECT threshold FROM {THRESHOLDS_TABLE} ORDER BY id DESC LIMIT 1").fetchone()  # a constant name
    finally:
        connection.close()
    return int(latest[0]) if latest else DEFAULT_THRESHOLD
