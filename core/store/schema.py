"""The history store's tables (SQLAlchemy Core): one definition serves SQLite and PostgreSQL.

An upload is content (unique by checksum); a draft claim ties it to one session; a publication
makes it everyone's. Observations are the parsed snapshot, one row per observation of the upload.
Process changes are months a manager marked for an indicator, where SPC limits are recalculated.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)

from core.store.location import THRESHOLDS_TABLE

metadata = MetaData()

# Free text is Text, not VARCHAR(n): PostgreSQL enforces lengths and SQLite does not, and the two
# stores must accept exactly the same uploads.

uploads = Table(
    "scorecard_uploads", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("checksum", String(64), nullable=False, unique=True),  # sha256 of the bytes: identical files are one upload
    Column("file_name", Text, nullable=False),
    Column("authority", Text, nullable=False),
    Column("month_ending", Date, nullable=True),
    Column("edition", String(7), nullable=False),  # 'YYYY-MM' the workbook reports up to: orders editions
    Column("uploaded_at", DateTime, nullable=False),  # UTC, naive (SQLite keeps no zone)
    Column("uploaded_by", Text, nullable=False, default=""),
    Column("layout", String(20), nullable=False),
    Column("report_json", Text, nullable=False),
    Column("about_json", Text, nullable=False),
    Column("indicators_json", Text, nullable=False),
    Column("commentary_json", Text, nullable=False),
    Column("observation_count", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),  # the workbook itself: audit, download, re-check
)

drafts = Table(
    "scorecard_drafts", metadata,
    Column("upload_id", Integer, ForeignKey("scorecard_uploads.id"), primary_key=True),
    Column("token", String(64), primary_key=True),  # the uploading session's draft token
    Column("claimed_at", DateTime, nullable=False),
    # What this session called the file and itself: another session with the same bytes never sees them.
    Column("file_name", Text, nullable=True),
    Column("uploaded_by", Text, nullable=True),
)

publications = Table(
    "scorecard_publications", metadata,
    # The id is the publish sequence: the database hands it out, so concurrent publishes cannot collide.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("upload_id", Integer, ForeignKey("scorecard_uploads.id"), nullable=False, unique=True),
    Column("published_at", DateTime, nullable=False),
    Column("published_by", Text, nullable=False, default=""),
)

# A withdrawal takes a publication out of the current data (it stays in History, replayable).
withdrawals = Table(
    "scorecard_withdrawals", metadata,
    Column("publication_id", Integer, ForeignKey("scorecard_publications.id"), primary_key=True),
    Column("withdrawn_at", DateTime, nullable=False),
    Column("withdrawn_by", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False),
)

# The deployment's disclosure threshold, as managers set it: the latest row holds; the rows are the audit.
thresholds = Table(
    THRESHOLDS_TABLE, metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("threshold", Integer, nullable=False),
    Column("set_at", DateTime, nullable=False),
    Column("set_by", Text, nullable=False, default=""),
)

observations = Table(
    "scorecard_observations", metadata,
    Column("upload_id", Integer, ForeignKey("scorecard_uploads.id"), primary_key=True),
    Column("row", Integer, primary_key=True),  # position in the parsed frame: replays keep the order
    Column("indicator_id", Text, nullable=False),
    Column("locality", Text, nullable=True),
    Column("period", String(7), nullable=True),  # 'YYYY-MM'
    Column("value", Double, nullable=True),
    Column("numerator", Double, nullable=True),
    Column("denominator", Double, nullable=True),
    Column("missing_reason", Text, nullable=True),
    Column("note", Text, nullable=True),
    Column("published_direction", Text, nullable=True),
    Column("published_rag", Text, nullable=True),
    Column("sheet", Text, nullable=True),
    Column("cell", Text, nullable=True),
    Column("source", Text, nullable=True),
    # True on the rows the shared view shows: the winning published upload's for their indicator x
    # locality x month (core/store/winners.py keeps it, in each publication's transaction).
    Column("is_current", Boolean, nullable=False, default=False, server_default=false()),
    Index("ix_scorecard_observations_current", "is_current", "indicator_id"),
)

process_changes = Table(
    "scorecard_process_changes", metadata,
    # One mark per indicator and month: marking the month again replaces the reason. It holds for every
    # locality and every upload, so it is keyed by the indicator id, not by an upload.
    Column("indicator_id", String(200), primary_key=True),
    Column("period", String(7), primary_key=True),  # 'YYYY-MM': the first month of the new process
    Column("reason", Text, nullable=False),
    Column("marked_by", Text, nullable=False, default=""),
    Column("marked_at", DateTime, nullable=False),  # UTC, naive
)

OBSERVATION_FIELDS = [c.name for c in observations.columns if c.name not in ("upload_id", "row", "is_current")]

# What managers write in the app about a month: commentary and actions, kept with the upload they were
# written on. A note is its writer's draft (seen by that session only) until published_at is set, which
# happens when its upload is published, or at once when it is written on an upload already published.
notes = Table(
    "scorecard_notes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("upload_id", Integer, ForeignKey("scorecard_uploads.id"), nullable=False, index=True),
    Column("token", String(64), nullable=False),  # the writing session's draft token
    Column("kind", String(12), nullable=False),  # 'commentary' or 'action'
    Column("subject", Text, nullable=False),  # an area name or an indicator id
    Column("period", String(7), nullable=False),  # 'YYYY-MM'
    Column("text", Text, nullable=False),  # the commentary, or what the action is
    Column("author", Text, nullable=True),
    Column("owner", Text, nullable=True),  # actions only
    Column("due", Date, nullable=True),  # actions only
    Column("status", String(20), nullable=True),  # actions only: an ActionStatus value
    Column("written_at", DateTime, nullable=False),  # UTC, naive
    Column("published_at", DateTime, nullable=True),
)
layout_mappings = Table(
    "scorecard_layout_mappings", metadata,
    # One mapping per layout: saving it again (a correction) replaces it.
    Column("signature", String(64), primary_key=True),  # core.ingest.mapping.layout_signature
    Column("sheet", Text, nullable=False),
    Column("mapping_json", Text, nullable=False),  # the ColumnMapping, as the downloadable file holds it
    Column("saved_at", DateTime, nullable=False),
    Column("saved_by", Text, nullable=False, default=""),
)

targets = Table(
    "scorecard_targets", metadata,
    # Targets in force from a month (Dataset.targets), as published with the upload; replays keep them.
    Column("upload_id", Integer, ForeignKey("scorecard_uploads.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("indicator_id", Text, nullable=False),
    Column("from_period", String(7), nullable=False),  # 'YYYY-MM'
    Column("target", Double, nullable=True),
    Column("band_kind", Text, nullable=True),
    Column("band_value", Double, nullable=True),
    Column("target_text", Text, nullable=True),
    Column("sheet", Text, nullable=True),
    Column("cell", Text, nullable=True),
)

TARGET_FIELDS = [c.name for c in targets.columns if c.name not in ("upload_id", "row")]

commentary = Table(
    "scorecard_commentary", metadata,
    # The workbook's own commentary, one row per note as published with the upload (commentary_json keeps
    # the same notes whole): rows let the shared view choose each month's words in the database.
    Column("upload_id", Integer, ForeignKey("scorecard_uploads.id"), primary_key=True),
    Column("row", Integer, primary_key=True),  # position in the workbook's commentary: its order
    Column("subject", Text, nullable=False),
    Column("period", String(7), nullable=False),  # 'YYYY-MM'
    Column("text", Text, nullable=False),
    Column("author", Text, nullable=True),
)

withheld_cells = Table(
    "scorecard_withheld_cells", metadata,
    # The cells a publication's public view withheld: meetings are broadcast, so every later view withholds
    # them too (a month restated later could otherwise give a figure withheld then away by subtraction).
    Column("publication_id", Integer, ForeignKey("scorecard_publications.id"), primary_key=True),
    Column("indicator_id", Text, primary_key=True),
    Column("locality", Text, primary_key=True),
    Column("period", String(7), primary_key=True),  # 'YYYY-MM'
)
