"""Schema migrations: a database made by the release before versioning upgrades in place, keeping
every upload, draft, publication and observation; the head revision is exactly core/store/schema.py.

Every test runs on SQLite and on PostgreSQL (tests/core/store_fixtures.py).
"""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, select

from core.ingest.load import load_workbook
from core.model import About, Commentary
from core.store import HistoryStore, merged_dataset, snapshot
from core.store.engine import make_engine
from core.store.history import checksum
from core.store.migrate import BASELINE, alembic_config, current_revision, head_revision
from core.store.schema import metadata
from tests.core.store_fixtures import (
    assert_current_rows_are_the_winners,
    warn_without_postgresql,
)
from tests.core.template_fixtures import template_bytes

warn_without_postgresql()


def _release_schema() -> MetaData:
    """The schema the release before versioning created, frozen in the baseline revision."""
    return ScriptDirectory.from_config(alembic_config()).get_revision(BASELINE).module.RELEASE_SCHEMA


def _edition(month: int, value: float) -> bytes:
    return template_bytes(
        [{"indicator_id": "cic_count", "month": f"2023-{m:02d}", "value": value + m} for m in range(1, month + 1)]
        + [{"indicator_id": "hew_dental_pct", "month": f"2023-{month:02d}", "value": None, "note": "tbc"}],
        about=About(authority="Testshire", month_ending=date(2023, month, 28), localities=["North", "South"]),
        commentary=[Commentary(subject="Profile", period=f"2023-{month:02d}", text=f"Words for {month}.",
                               author="BI")],
    )


def _release_database(url: str) -> dict[int, bytes]:
    """A database as the release before versioning left it: its create_all, then rows as it wrote them.
    Two publications and one session's draft; returns each upload's bytes by id."""
    tables = _release_schema().tables
    engine = make_engine(url)
    _release_schema().create_all(engine)
    contents: dict[int, bytes] = {}
    with engine.begin() as conn:
        for month, name in ((2, "feb.xlsx"), (3, "mar.xlsx"), (4, "apr draft.xlsx")):
            data = _edition(month, 400 + month)
            model = load_workbook(data, name).dataset
            report = load_workbook(data, name).report
            upload_id = conn.execute(tables["scorecard_uploads"].insert().values(
                checksum=checksum(data), file_name=name, authority=model.about.authority,
                month_ending=model.about.month_ending, edition=snapshot.edition(model),
                uploaded_at=datetime(2023, month + 1, 3, 9, 30), uploaded_by="BI team", layout=model.layout,
                report_json=report.model_dump_json(), observation_count=len(model.observations), content=data,
                **snapshot.parts_json(model))).inserted_primary_key[0]
            columns = set(tables["scorecard_observations"].columns.keys())
            conn.execute(tables["scorecard_observations"].insert(), [
                {key: value for key, value in row.items() if key in columns}
                for row in snapshot.observation_rows(model.observations, upload_id)])
            contents[upload_id] = data
            if month == 4:
                conn.execute(tables["scorecard_drafts"].insert().values(
                    upload_id=upload_id, token="session-a", claimed_at=datetime(2023, 5, 3, 9, 31)))
            else:
                conn.execute(tables["scorecard_publications"].insert().values(
                    upload_id=upload_id, published_at=datetime(2023, month + 1, 4, 10, 0), published_by="Head"))
    engine.dispose()
    return contents


def _release_rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every release table, in key order: what must survive an upgrade."""
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = {name: [tuple(row) for row in conn.execute(select(*table.columns).order_by(*table.primary_key))]
                for name, table in _release_schema().tables.items()}
    engine.dispose()
    return rows


def test_the_revisions_form_one_line_ending_in_one_head() -> None:
    # Two helpers adding revisions on the same parent leave two heads: merge or re-parent one.
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_a_new_database_is_created_at_the_head_and_matches_schema_py(database: str) -> None:
    store = HistoryStore.open(database)
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert differences == []  # schema.py changed without a revision (or the other way round)
    store.dispose()
    HistoryStore.open(database).dispose()  # opening again at the head changes nothing
    assert current_revision(make_engine(database)) == head_revision()


def test_a_database_from_the_release_before_versioning_upgrades_keeping_everything(database: str) -> None:
    contents = _release_database(database)
    before = _release_rows(database)
    assert {name: len(rows) for name, rows in before.items() if name != "scorecard_observations"} == {
        "scorecard_uploads": 3, "scorecard_drafts": 1, "scorecard_publications": 2}
    assert len(before["scorecard_observations"]) > 10
    assert current_revision(make_engine(database)) is None  # no alembic_version table: the old release

    store = HistoryStore.open(database)
    assert current_revision(store.engine) == head_revision()
    assert _release_rows(database) == before  # every row of every table, column for column
    # ... and the app reads them as before: publications, the draft, the bytes, the merged scorecard
    assert [r.file_name for r in store.published()] == ["feb.xlsx", "mar.xlsx"]
    assert [r.file_name for r in store.drafts("session-a")] == ["apr draft.xlsx"]
    assert all(store.content(upload_id) == data for upload_id, data in contents.items())
    assert_current_rows_are_the_winners(store)  # the shared view's rows, backfilled by the upgrade
    merged = merged_dataset(store)
    assert merged.about.month_ending == date(2023, 3, 28) and merged.source_name == "mar.xlsx"
    assert [c.text for c in merged.commentary] == ["Words for 2.", "Words for 3."]
    store.dispose()


def test_a_half_made_schema_is_not_stamped_as_the_release(database: str) -> None:
    """Tables being created by another process right now: waiting beats stamping a wrong version."""
    engine = make_engine(database)
    _release_schema().tables["scorecard_uploads"].create(engine)
    engine.dispose()
    with pytest.raises(Exception, match="only"):
        HistoryStore.open(database)
    assert "alembic_version" not in inspect(make_engine(database)).get_table_names()


def test_app_instances_starting_together_on_a_new_database_migrate_it_once(database: str) -> None:
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            start.wait(timeout=30)
            HistoryStore.open(database).dispose()
        except BaseException as error:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert current_revision(make_engine(database)) == head_revision()
