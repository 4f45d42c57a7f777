"""Commentary rows: each upload's workbook commentary as table rows beside its commentary_json, so the
shared view chooses each month's words in the database instead of reading every edition's JSON.

Existing uploads are backfilled from their commentary_json (as this revision reads it: a JSON list of
objects with subject, period, text and author), in their order.

Revision ID: 0009_commentary_rows
Revises: 0008_current_observations
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_commentary_rows"
down_revision: str | None = "0008_current_observations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_uploads = sa.table("scorecard_uploads", sa.column("id"), sa.column("commentary_json"))


def upgrade() -> None:
    table = op.create_table(
        "scorecard_commentary",
        sa.Column("upload_id", sa.Integer, sa.ForeignKey("scorecard_uploads.id"), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=True),
    )
    connection = op.get_bind()
    rows = [{"upload_id": upload_id, "row": position, "period": note["period"],
             **{name: _no_nul(note.get(name)) for name in ("subject", "text", "author")}}
            for upload_id, text in connection.execute(sa.select(_uploads.c.id, _uploads.c.commentary_json))
            for position, note in enumerate(json.loads(text or "[]"))]
    if rows:
        op.bulk_insert(table, rows)


def _no_nul(text: str | None) -> str | None:
    return text.replace("\x00", "") if text else text  # PostgreSQL text cannot hold NUL


def downgrade() -> None:
    op.drop_table("scorecard_commentary")
