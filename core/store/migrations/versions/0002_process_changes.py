"""Process-change marks: months a manager marked for an indicator, where SPC limits are recalculated.

Revision ID: 0002_process_changes
Revises: 0001_baseline
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_process_changes"
down_revision: str | None = "0001_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scorecard_process_changes",
        sa.Column("indicator_id", sa.String(200), primary_key=True),
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("marked_by", sa.Text, nullable=False),
        sa.Column("marked_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scorecard_process_changes")
