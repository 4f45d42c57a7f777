"""The history store's schema is versioned with Alembic: every open upgrades the database to the head revision.

A database made before versioning (tables created by metadata.create_all, no alembic_version table) is
stamped as the baseline revision, which is exactly that schema, and then upgraded like any other.

Adding a table or column: write a revision in core/store/migrations/versions/ on top of the current head
(`alembic revision -m "what"` from the repository root uses alembic.ini) and change schema.py to match;
tests/core/test_migrations.py fails while the two differ.
"""

from __future__ import annotations

import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DBAPIError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001_baseline"  # the schema of the release before versioning
BASELINE_TABLES = ("scorecard_uploads", "scorecard_drafts", "scorecard_publications", "scorecard_observations")
UPGRADE_ATTEMPTS = 5  # another instance may be creating the same tables (SQLite cannot lock before CREATE)
_POSTGRES_LOCK_KEY = 7_021_934_551  # any constant: one migration at a time across app instances


class HalfMadeSchema(RuntimeError):
    """Some baseline tables exist and no version is stamped: another process is creating them right now."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection  # env.py migrates on this connection, in its transaction
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Bring the database to the head revision; cheap when it is already there."""
    head = head_revision()
    for attempt in range(UPGRADE_ATTEMPTS):
        if current_revision(engine) == head:
            return
        try:
            _upgrade(engine)
            return
        except (DBAPIError, HalfMadeSchema):
            if attempt == UPGRADE_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))  # the other migrator finishes, then the check above sees head


def _upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        _lock_for_migration(conn)
        if MigrationContext.configure(conn).get_current_revision() is None:
            present = set(inspect(conn).get_table_names()) & set(BASELINE_TABLES)
            if present == set(BASELINE_TABLES):
                command.stamp(alembic_config(conn), BASELINE)  # made by the release before versioning
            elif present:
                raise HalfMadeSchema(f"only {sorted(present)} exist")
        command.upgrade(alembic_config(conn), "head")


def _lock_for_migration(conn: Connection) -> None:
    # Two app instances starting together must not both migrate: PostgreSQL serialises them with an
    # advisory lock held to the end of this transaction; SQLite with a write lock taken up front (its
    # DDL then runs inside that transaction instead of committing statement by statement).
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_POSTGRES_LOCK_KEY})")
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
