"""Withdrawals (a publication taken out of the current data, with who, when and why) and the deployment's
disclosure threshold as managers set it (the latest row holds; every row is kept for the audit trail).

Revision ID: 0007_withdrawals_thresholds
Revises: 0006_private_drafts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_withdrawals_thresholds"
down_revision: str | None = "0006_private_drafts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scorecard_withdrawals",
        sa.Column("publication_id", sa.Integer, sa.ForeignKey("scorecard_publications.id"), primary_key=True),
        sa.Column("withdrawn_at", sa.DateTime, nullable=False),
        sa.Column("withdrawn_by", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_table(
        "scorecard_thresholds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("threshold", sa.Integer, nullable=False),
        sa.Column("set_at", sa.DateTime, nullable=False),
        sa.Column("set_by", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scorecard_thresholds")
    op.drop_table("scorecard_withdrawals")
