"""Private drafts: each session's claim on an upload keeps the name and uploader that session gave.

Two sessions uploading the same bytes share one stored upload; what each sees of its draft (and what
is published, when one of them publishes) is its own file name and name, never the other's.
Claims made before this revision have none: they fall back to the upload's own.

Revision ID: 0006_private_drafts
Revises: 0005_targets
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_private_drafts"
down_revision: str | None = "0005_targets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("scorecard_drafts") as table:
        table.add_column(sa.Column("file_name", sa.Text, nullable=True))
        table.add_column(sa.Column("uploaded_by", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scorecard_drafts") as table:
        table.drop_column("uploaded_by")
        table.drop_column("file_name")
