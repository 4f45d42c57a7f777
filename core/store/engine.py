"""Which database the history store uses, and the engine for it.

SQLite (a file under var/, created on first run) unless SCORECARD_DATABASE_URL names another
database, e.g. PostgreSQL for a council running several app instances. Queries never look at the
dialect: the only per-backend code here is connection set-up SQLite needs and PostgreSQL does not.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from core.store.location import SQLITE_BUSY_SECONDS, configured_url, sqlite_path


def database_url(url: str | None = None) -> URL:
    """The configured store: an explicit URL, else $SCORECARD_DATABASE_URL, else the SQLite file."""
    text = url or configured_url()
    if not text:
        return URL.create("sqlite", database=str(sqlite_path()))
    parsed = make_url(text)
    if parsed.drivername in ("postgresql", "postgres"):
        # Plain postgresql:// means psycopg2 to SQLAlchemy; psycopg (3) is the driver installed.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL | None = None) -> Engine:
    resolved = url if isinstance(url, URL) else database_url(url)
    if resolved.get_backend_name() != "sqlite":
        return create_engine(resolved, pool_pre_ping=True)
    if resolved.database and resolved.database != ":memory:":
        Path(resolved.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(resolved, connect_args={"timeout": SQLITE_BUSY_SECONDS})
    event.listen(engine, "connect", _sqlite_connection_setup)
    return engine


def _sqlite_connection_setup(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI objects
    # Foreign keys are off per connection by default; WAL lets readers go on while one writer commits.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.close()


def describe_url(url: URL) -> str:
    """Where the store is, without a password: for captions and logs."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}"
    return url.render_as_string(hide_password=True)
