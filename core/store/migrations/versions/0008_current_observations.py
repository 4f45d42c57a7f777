"""Current observations: a flag on the rows the shared view shows, so building it reads only those.

Existing databases are backfilled: for each indicator x locality x month, every row of the winning
published upload not withdrawn (the latest edition giving a number, else the latest edition; then publication order)
is marked. The rule is written out here as it stood at this revision, so the revision never changes.

Revision ID: 0008_current_observations
Revises: 0007_withdrawals_thresholds
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_current_observations"
down_revision: str | None = "0007_withdrawals_thresholds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_observations = sa.table("scorecard_observations", sa.column("upload_id"), sa.column("row"),
                         sa.column("indicator_id"), sa.column("locality"), sa.column("period"),
                         sa.column("value"), sa.column("is_current"))
_uploads = sa.table("scorecard_uploads", sa.column("id"), sa.column("edition"))
_publications = sa.table("scorecard_publications", sa.column("id"), sa.column("upload_id"))
_withdrawals = sa.table("scorecard_withdrawals", sa.column("publication_id"))


def upgrade() -> None:
    with op.batch_alter_table("scorecard_observations") as table:
        table.add_column(sa.Column("is_current", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index("ix_scorecard_observations_current", "scorecard_observations", ["is_current", "indicator_id"])
    obs = _observations
    winner = sa.func.first_value(obs.c.upload_id).over(
        partition_by=[obs.c.indicator_id, obs.c.locality, obs.c.period],
        order_by=[obs.c.value.is_not(None).desc(), _uploads.c.edition.desc(), _publications.c.id.desc()])
    ranked = (sa.select(obs.c.upload_id, obs.c.row, winner.label("winner"))
              .select_from(obs.join(_uploads, _uploads.c.id == obs.c.upload_id)
                           .join(_publications, _publications.c.upload_id == obs.c.upload_id))
              .where(_publications.c.id.not_in(sa.select(_withdrawals.c.publication_id)))
              .subquery())
    winning = sa.select(ranked.c.upload_id, ranked.c.row).where(ranked.c.upload_id == ranked.c.winner)
    op.execute(obs.update().where(sa.tuple_(obs.c.upload_id, obs.c.row).in_(winning)).values(is_current=True))


def downgrade() -> None:
    op.drop_index("ix_scorecard_observations_current", "scorecard_observations")
    with op.batch_alter_table("scorecard_observations") as table:
        table.drop_column("is_current")
