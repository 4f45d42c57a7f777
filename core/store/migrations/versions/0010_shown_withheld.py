"""Withheld cells per publication: what the public view withheld when each edition was published.

Meetings are broadcast, so every edition's public view is on record. A later edition that restates a
month decides its own withholding; beside the earlier broadcast, a figure withheld then could be worked
out from one shown now. Each publication keeps the cells its view withheld, and every later view
withholds them too.

Revision ID: 0010_shown_withheld
Revises: 0009_commentary_rows
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_shown_withheld"
down_revision: str | None = "0009_commentary_rows"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scorecard_withheld_cells",
        sa.Column("publication_id", sa.Integer, sa.ForeignKey("scorecard_publications.id"), primary_key=True),
        sa.Column("indicator_id", sa.Text, primary_key=True),
        sa.Column("locality", sa.Text, primary_key=True),
        sa.Column("period", sa.String(7), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("scorecard_withheld_cells")
