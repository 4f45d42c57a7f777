"""Alembic environment for the history store.

The app migrates on its own connection (core.store.migrate passes it in config.attributes); the
`alembic` command line (alembic.ini at the repository root) uses the configured store, the same one
the app opens: SCORECARD_DATABASE_URL, else the SQLite file.
"""

from alembic import context

from core.store.engine import database_url, make_engine
from core.store.schema import metadata


def run_migrations(connection) -> None:
    # render_as_batch: SQLite alters a table by copying it; Alembic's batch mode does that for us.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=database_url(), target_metadata=metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
elif (shared := context.config.attributes.get("connection")) is not None:
    run_migrations(shared)
else:
    engine = make_engine()
    with engine.begin() as own:
        run_migrations(own)
    engine.dispose()
