"""Targets in force from a month (Dataset.targets), stored with each upload so history and replay keep them.

Revision ID: 0005_targets
Revises: 0004_layout_mappings
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_targets"
down_revision: str | None = "0004_layout_mappings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scorecard_targets",
        sa.Column("upload_id", sa.Integer, sa.ForeignKey("scorecard_uploads.id"), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("indicator_id", sa.Text, nullable=False),
        sa.Column("from_period", sa.String(7), nullable=False),
        sa.Column("target", sa.Double, nullable=True),
        sa.Column("band_kind", sa.Text, nullable=True),
        sa.Column("band_value", sa.Double, nullable=True),
        sa.Column("target_text", sa.Text, nullable=True),
        sa.Column("sheet", sa.Text, nullable=True),
        sa.Column("cell", sa.Text, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("scorecard_targets")
