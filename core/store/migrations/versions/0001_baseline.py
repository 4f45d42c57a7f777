"""Baseline: the history store exactly as the release before versioning made it (metadata.create_all).

RELEASE_SCHEMA is a frozen copy of that release's core/store/schema.py, not an import of it: this
revision must keep creating what that release created, whatever schema.py becomes. The migration test
builds a pre-versioning database from it the way that release did, then upgrades it.

Revision ID: 0001_baseline
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_baseline"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RELEASE_SCHEMA = sa.MetaData()

sa.Table(
    "scorecard_uploads", RELEASE_SCHEMA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("checksum", sa.String(64), nullable=False, unique=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("authority", sa.Text, nullable=False),
    sa.Column("month_ending", sa.Date, nullable=True),
    sa.Column("edition", sa.String(7), nullable=False),
    sa.Column("uploaded_at", sa.DateTime, nullable=False),
    sa.Column("uploaded_by", sa.Text, nullable=False),
    sa.Column("layout", sa.String(20), nullable=False),
    sa.Column("report_json", sa.Text, nullable=False),
    sa.Column("about_json", sa.Text, nullable=False),
    sa.Column("indicators_json", sa.Text, nullable=False),
    sa.Column("commentary_json", sa.Text, nullable=False),
    sa.Column("observation_count", sa.Integer, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
)
sa.Table(
    "scorecard_drafts", RELEASE_SCHEMA,
    sa.Column("upload_id", sa.Integer, sa.ForeignKey("scorecard_uploads.id"), primary_key=True),
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("claimed_at", sa.DateTime, nullable=False),
)
sa.Table(
    "scorecard_publications", RELEASE_SCHEMA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("upload_id", sa.Integer, sa.ForeignKey("scorecard_uploads.id"), nullable=False, unique=True),
    sa.Column("published_at", sa.DateTime, nullable=False),
    sa.Column("published_by", sa.Text, nullable=False),
)
sa.Table(
    "scorecard_observations", RELEASE_SCHEMA,
    sa.Column("upload_id", sa.Integer, sa.ForeignKey("scorecard_uploads.id"), primary_key=True),
    sa.Column("row", sa.Integer, primary_key=True),
    sa.Column("indicator_id", sa.Text, nullable=False),
    sa.Column("locality", sa.Text, nullable=True),
    sa.Column("period", sa.String(7), nullable=True),
    sa.Column("value", sa.Double, nullable=True),
    sa.Column("numerator", sa.Double, nullable=True),
    sa.Column("denominator", sa.Double, nullable=True),
    sa.Column("missing_reason", sa.Text, nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("published_direction", sa.Text, nullable=True),
    sa.Column("published_rag", sa.Text, nullable=True),
    sa.Column("sheet", sa.Text, nullable=True),
    sa.Column("cell", sa.Text, nullable=True),
    sa.Column("source", sa.Text, nullable=True),
)


def upgrade() -> None:
    RELEASE_SCHEMA.create_all(op.get_bind())


def downgrade() -> None:
    RELEASE_SCHEMA.drop_all(op.get_bind())
