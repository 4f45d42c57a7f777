"""The shared history of uploads: keep, draft, publish; merged trends, restatements and replay.

    store = HistoryStore.open()               # SQLite under var/, or $SCORECARD_DATABASE_URL
    added = store.add_upload(data, name, load_workbook(data, name), who="BI team", draft_token=session_token)
    store.publish(added.upload.id, who="BI team")
    merged_dataset(store); restatements(store, "cic_count"); replay_dataset(store, upload_id)
"""

from core.store.engine import DATABASE_URL_ENV, HISTORY_PATH_ENV, database_url
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

__all__ = [
    "DATABASE_URL_ENV", "HISTORY_PATH_ENV", "Added", "AuditEvent", "HistoryStore", "NothingPublished",
    "ProcessChange", "PublishRefused", "UnusableUpload", "UploadRecord", "WrittenNotes", "checksum", "database_url",
    "deployment_threshold", "future_refusal", "last_named_authority", "merged_dataset", "refuse_future",
    "replay_dataset", "restatements",
]
