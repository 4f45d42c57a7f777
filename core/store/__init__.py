"""The shared history of uploads: keep, draft, publish; merged trends, restatements and replay.

    store = HistoryStore.open()               # SQLite under var/, or $SCORECARD_DATABASE_URL
    added = store.add_upload(data, name, load_workbook(data, name), who="BI team", draft_token=session_token)
    store.publish(added.upload.id, who="BI team")
    merged_dataset(store); restatements(store, "cic_count"); replay_dataset(store, upload_id)

The names below load their module (and SQLAlchemy, Alembic) on first use, not on `import core.store`:
core.store.location, which the command line reads the deployment's threshold through, needs neither.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from core.store.location import DATABASE_URL_ENV, HISTORY_PATH_ENV

if TYPE_CHECKING:
    from core.store.engine import database_url
    from core.store.history import (
        Added,
        AuditEvent,
        HistoryStore,
        PublishRefused,
        UnusableUpload,
        UploadRecord,
        WrittenNotes,
        checksum,
        deployment_threshold,
        future_refusal,
        last_named_authority,
        refuse_future,
    )
    from core.store.marks import ProcessChange
    from core.store.merge import (
        NothingPublished,
        merged_dataset,
        replay_dataset,
        restatements,
    )

_HOME = {
    "database_url": "core.store.engine",
    **dict.fromkeys(["Added", "AuditEvent", "HistoryStore", "PublishRefused", "UnusableUpload", "UploadRecord",
                     "WrittenNotes", "checksum", "deployment_threshold", "future_refusal", "last_named_authority",
                     "refuse_future"], "core.store.history"),
    "ProcessChange": "core.store.marks",
    **dict.fromkeys(["NothingPublished", "merged_dataset", "replay_dataset", "restatements"], "core.store.merge"),
}

__all__ = [
    "DATABASE_URL_ENV", "HISTORY_PATH_ENV", "Added", "AuditEvent", "HistoryStore", "NothingPublished",
    "ProcessChange", "PublishRefused", "UnusableUpload", "UploadRecord", "WrittenNotes", "checksum", "database_url",
    "deployment_threshold", "future_refusal", "last_named_authority", "merged_dataset", "refuse_future",
    "replay_dataset", "restatements",
]
assert set(__all__) == {"DATABASE_URL_ENV", "HISTORY_PATH_ENV", *_HOME}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'core.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value
