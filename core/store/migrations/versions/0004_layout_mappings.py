"""Column mappings: what a manager said each column of an unforeseen sheet layout holds, one per layout.

Revision ID: 0004_layout_mappings
Revises: 0003_notes
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_layout_mappings"
down_revision: str | None = "0003_notes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scorecard_layout_mappings",
        sa.Column("signature", sa.String(64), primary_key=True),
        sa.Column("sheet", sa.Text, nullable=False),
        sa.Column("mapping_json", sa.Text, nullable=False),
        sa.Column("saved_at", sa.DateTime, nullable=False),
        sa.Column("saved_by", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scorecard_layout_mappings")
