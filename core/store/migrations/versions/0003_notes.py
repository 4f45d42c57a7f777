"""Commentary and actions written in the app (scorecard_notes), kept with the upload they were written on.

Revision ID: 0003_notes
Revises: 0002_process_changes
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_notes"
down_revision: str | None = "0002_process_changes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scorecard_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("upload_id", sa.Integer, sa.ForeignKey("scorecard_uploads.id"), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=True),
        sa.Column("owner", sa.Text, nullable=True),
        sa.Column("due", sa.Date, nullable=True),
        sa.Column("status", sa.String(20), nullable=True),
        sa.Column("written_at", sa.DateTime, nullable=False),
        sa.Column("published_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_scorecard_notes_upload_id", "scorecard_notes", ["upload_id"])


def downgrade() -> None:
    op.drop_index("ix_scorecard_notes_upload_id", table_name="scorecard_notes")
    op.drop_table("scorecard_notes")
