"""Which published rows are current: kept up to date as uploads are published, so the shared view
reads only current rows however many publications there are.

For each indicator x locality x month the winning upload is the latest edition (edition month, then
publication order) that gives a number there, else the latest edition; every row of the winning upload
for that key is current (a workbook's own cross-sheet conflicts stay visible). Winning is a total order
over uploads, so publishing one more upload needs only the rows current now and the new upload's own;
a withdrawal chooses again, for the keys the withdrawn upload reported, among the publications left.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, bindparam, select, update

from core.store.schema import observations, publications, uploads, withdrawals

SERIES_KEY = ["indicator_id", "locality", "period"]
_STRENGTH = ["has_value", "edition", "publication_id"]  # the order that decides a key's winner, weakest first
_POSTGRES_LOCK_KEY = 7_021_934_552  # any constant: one publication's refresh at a time across app instances


def serialise_publications(conn: Connection) -> None:
    """Two publications (or withdrawals) refreshing at once would each miss the other's rows: PostgreSQL
    takes them in turn with an advisory lock held to the end of the transaction (SQLite has one writer)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_POSTGRES_LOCK_KEY})")


def refresh_current(conn: Connection, upload_id: int) -> None:
    """In the publishing transaction, after `upload_id`'s publication row is written: for every key the
    upload reports, mark current exactly the rows of that key's winning upload. The old winner is among
    the rows current now, so only those and the new upload's rows are read."""
    own = _candidates(conn, observations.c.upload_id == upload_id)
    current = _candidates(conn, observations.c.is_current.is_(True))
    _mark_winners(conn, pd.concat([own, current], ignore_index=True), own[SERIES_KEY])


def refresh_after_withdrawal(conn: Connection, upload_id: int) -> None:
    """In the withdrawing transaction, after the withdrawal row is written: the upload's rows stop being
    current, and each key it reported is won again among the publications left (all their rows for it)."""
    keys = pd.read_sql_query(select(*(observations.c[n] for n in SERIES_KEY))
                             .where(observations.c.upload_id == upload_id).distinct(), conn)
    conn.execute(update(observations).where(observations.c.upload_id == upload_id).values(is_current=False))
    if keys.empty:
        return
    left = _candidates(conn, observations.c.indicator_id.in_(keys["indicator_id"].unique().tolist()))
    _mark_winners(conn, left, keys)


def _mark_winners(conn: Connection, candidates: pd.DataFrame, keys: pd.DataFrame) -> None:
    """For these keys, flag current exactly the candidate rows of each key's winning upload."""
    affected = candidates.merge(keys.drop_duplicates(), on=SERIES_KEY, how="inner")
    if affected.empty:
        return
    strength = (affected.groupby([*SERIES_KEY, "upload_id"], dropna=False, sort=False)
                .agg(has_value=("has_value", "max"), edition=("edition", "first"),
                     publication_id=("publication_id", "first")).reset_index())
    winners = (strength.sort_values(_STRENGTH, kind="stable").drop_duplicates(SERIES_KEY, keep="last")
               [[*SERIES_KEY, "upload_id"]].rename(columns={"upload_id": "winner"}))
    affected = affected.merge(winners, on=SERIES_KEY, how="left")
    wanted = affected["upload_id"] == affected["winner"]
    changed = wanted != affected["is_current"]
    changes = affected.loc[changed, ["upload_id", "row"]].assign(current=wanted[changed])
    if changes.empty:
        return
    conn.execute(update(observations)
                 .where(observations.c.upload_id == bindparam("key_upload"), observations.c.row == bindparam("key_row"))
                 .values(is_current=bindparam("current")),
                 [{"key_upload": int(u), "key_row": int(r), "current": bool(c)}
                  for u, r, c in changes.itertuples(index=False)])


def _candidates(conn: Connection, which) -> pd.DataFrame:  # noqa: ANN001 - a SQL condition
    """Rows of publications not withdrawn that meet `which`, with what decides a key's winner."""
    query = (select(observations.c.upload_id, observations.c.row, *(observations.c[n] for n in SERIES_KEY),
                    observations.c.value.is_not(None).label("has_value"), observations.c.is_current,
                    uploads.c.edition, publications.c.id.label("publication_id"))
             .select_from(observations.join(uploads, uploads.c.id == observations.c.upload_id)
                          .join(publications, publications.c.upload_id == uploads.c.id))
             .where(which, publications.c.id.not_in(select(withdrawals.c.publication_id))))
    frame = pd.read_sql_query(query, conn)
    return frame.astype({"upload_id": "int64", "row": "int64", "publication_id": "int64", "has_value": bool,
                         "is_current": bool})
