"""History builds trends: published uploads merged into one series per indicator x locality.

Uploads are taken in edition order (the month a workbook reports up to, then publication order), so
publishing last year's workbook to fill in history never rolls the current scorecard back. For each
indicator x locality x month the latest edition that reports a number wins; a later blank ('tbc',
not yet reported) never hides an earlier number. Where a later edition gives a different number,
that is a restatement: both are kept in the store, the later one is used, and restatements() lists them.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from core.model import Dataset
from core.present.format import format_value
from core.store import snapshot
from core.store.history import HistoryStore, UploadRecord, last_named_authority

SERIES_KEY = ["indicator_id", "locality", "period"]
RESTATEMENT_COLUMNS = [
    "indicator_id", "locality", "period", "old_value", "new_value", "old_upload", "new_upload",
    "new_upload_id", "restated_in", "text",
]
_SAME_DECIMALS = 6  # 48.5 and 48.500000001 (float noise from Excel) are the same figure


class NothingPublished(LookupError):
    pass


def merged_dataset(store: HistoryStore) -> Dataset:
    """The current data for everyone: the latest published edition's indicators, targets, About and
    commentary, with observations merged across every published upload (provenance: upload file name)."""
    published = store.published()
    if not published:
        raise NothingPublished("nothing has been published yet")
    return _assemble(store, published, notes_until=None, current=True)


def replay_dataset(store: HistoryStore, upload_id: int) -> Dataset:
    """The scorecard as it stood when this upload was the newest: its own indicators, targets, About and
    commentary, merged with what had been published before it and was not a later edition.

    Merged rather than alone, because that is what the board was shown: trends then already ran
    back through earlier uploads. Later publications are left out, and so are notes written in the
    app after the next publication, so a replay never changes once a later edition is out.
    """
    target = store.upload(upload_id)
    if target is None or not target.published:
        raise KeyError(f"upload {upload_id} is not a published upload")
    everything = store.publications()
    then = _as_of(everything, target)
    later = [record.published_at for record in everything if record.publication_id > target.publication_id]
    return _assemble(store, then, notes_until=min(later, default=None), current=False)


def _as_of(publications: list[UploadRecord], target: UploadRecord) -> list[UploadRecord]:
    """What was current when `target` was published: earlier publications of no later edition, less any
    withdrawn by then (the target itself is kept, withdrawn later or not: a replay shows what was shown)."""
    return [record for record in publications
            if record.publication_id <= target.publication_id and record.order <= target.order
            and (record.id == target.id or not record.withdrawn or record.withdrawn_at > target.published_at)]


def restatements(store: HistoryStore, indicator_id: str | None = None, *,
                 upload_id: int | None = None) -> pd.DataFrame:
    """Every figure a later published edition changed, with both values (RESTATEMENT_COLUMNS).

    upload_id limits it to what was published up to that upload (a replay's own restatements).
    """
    published = store.published()
    if upload_id is not None:
        everything = store.publications()
        target = next((r for r in everything if r.id == upload_id), None)
        published = _as_of(everything, target) if target else []
    if not published:
        return pd.DataFrame(columns=RESTATEMENT_COLUMNS)
    rows = _ranked_observations(store, published)
    if indicator_id is not None:
        rows = rows[rows["indicator_id"] == indicator_id]
    units = _units(store, published[-1].id)
    return find_restatements(rows, {r.id: r for r in published}, units)


# ---- the pieces, each on plain frames ----------------------------------------------------------------

def _assemble(store: HistoryStore, published: list[UploadRecord], notes_until: datetime | None,
              current: bool) -> Dataset:
    """`current`: `published` is every publication not withdrawn, so the rows flagged current are the winners."""
    latest = published[-1]
    parts = store.parts(latest.id)
    indicators = snapshot.indicators_from(parts["indicators_json"])
    merged = _winning_rows(store, published, list(indicators), current)
    # Every publication not withdrawn is chosen in the queries themselves (None); a replay names its uploads.
    upload_ids = None if current else [record.id for record in published]
    written = store.notes(upload_ids, published_before=notes_until)
    about = snapshot.about_from(parts["about_json"])
    if not about.authority_named:  # an upload kept before the Upload page asked: the last name given stands
        about = about.model_copy(update={"authority": last_named_authority(published) or about.authority})
    return Dataset(
        about=about, indicators=indicators,
        observations=snapshot.observations_from_rows(merged),
        commentary=[*store.winning_commentary(upload_ids), *written.commentary], actions=written.actions,
        targets=snapshot.targets_from_rows(store.winning_targets(upload_ids, list(indicators))),
        layout=parts["layout"], source_name=parts["file_name"],
        # a replay withholds them too: every publication's public view is on record, whatever is replayed
        withheld_before=store.withheld_before(),
    )


def _ranked_observations(store: HistoryStore, published: list[UploadRecord]) -> pd.DataFrame:
    """Stored rows of these uploads with `rank`: their position in edition order (0 = oldest)."""
    rows = store.observations([record.id for record in published])
    ranks = {record.id: rank for rank, record in enumerate(published)}
    names = {record.id: record.file_name for record in published}
    # Provenance is the upload's published name, not the name stored with the rows: the first session
    # to upload these bytes may not be the one that published them.
    return rows.assign(rank=rows["upload_id"].map(ranks).astype("int64"), source=rows["upload_id"].map(names))


def _winning_rows(store: HistoryStore, published: list[UploadRecord], indicator_ids: list[str],
                  current: bool) -> pd.DataFrame:
    """merge_observations' result, chosen by the database: only the winning rows are loaded."""
    rows = (store.current_observations(indicator_ids) if current
            else store.winning_observations([record.id for record in published], indicator_ids))
    ranks = {record.id: rank for rank, record in enumerate(published)}
    names = {record.id: record.file_name for record in published}
    rows = rows.assign(rank=rows["upload_id"].map(ranks).astype("int64"), source=rows["upload_id"].map(names))
    return rows.sort_values(["rank", "row"], ascending=[False, True], kind="stable").reset_index(drop=True)


def merge_observations(rows: pd.DataFrame) -> pd.DataFrame:
    """One winning upload per indicator x locality x month; all of that upload's rows for it are kept
    (a workbook's own cross-sheet conflicts stay visible as the single-upload view shows them)."""
    if rows.empty:
        return rows
    has_value = rows["value"].notna()
    candidates = rows.assign(_has_value=has_value).sort_values([*SERIES_KEY, "_has_value", "rank"], kind="stable")
    winners = candidates.drop_duplicates(SERIES_KEY, keep="last")[[*SERIES_KEY, "upload_id"]]
    kept = rows.merge(winners, on=[*SERIES_KEY, "upload_id"], how="inner")
    return kept.sort_values(["rank", "row"], ascending=[False, True], kind="stable").reset_index(drop=True)


def find_restatements(rows: pd.DataFrame, records: dict[int, UploadRecord],
                      units: dict[str, str | None]) -> pd.DataFrame:
    """Consecutive editions giving different numbers for the same month: one row per change."""
    valued = rows[rows["value"].notna()]
    # A workbook's own duplicates are its business (reported at upload); compare editions by their first figure.
    valued = valued.sort_values(["rank", "row"], kind="stable").drop_duplicates([*SERIES_KEY, "rank"])
    valued = valued.sort_values([*SERIES_KEY, "rank"], kind="stable")
    previous = valued.groupby(SERIES_KEY, sort=False, dropna=False)[["value", "upload_id"]].shift(1)
    changed = previous["value"].notna() & (valued["value"].round(_SAME_DECIMALS)
                                           != previous["value"].round(_SAME_DECIMALS))
    found = valued[changed]
    if found.empty:
        return pd.DataFrame(columns=RESTATEMENT_COLUMNS)
    old_ids = previous.loc[changed, "upload_id"].astype("int64")
    labels = {upload_id: record.label for upload_id, record in records.items()}
    names = {upload_id: record.file_name for upload_id, record in records.items()}
    out = pd.DataFrame({
        "indicator_id": found["indicator_id"].to_numpy(), "locality": found["locality"].to_numpy(),
        "period": found["period"].to_numpy(),
        "old_value": previous.loc[changed, "value"].to_numpy(dtype="float64"),
        "new_value": found["value"].to_numpy(dtype="float64"),
        "old_upload": old_ids.map(names).to_numpy(), "new_upload": found["upload_id"].map(names).to_numpy(),
        "new_upload_id": found["upload_id"].to_numpy(dtype="int64"),
        "restated_in": found["upload_id"].map(labels).to_numpy(),
    })
    out["text"] = [_sentence(row, units.get(row.indicator_id)) for row in out.itertuples(index=False)]
    return out[RESTATEMENT_COLUMNS].sort_values(["indicator_id", "locality", "period"], kind="stable",
                                                ignore_index=True)


def _sentence(row, unit: str | None) -> str:  # noqa: ANN001 - an itertuples row
    month = pd.Period(row.period, freq="M").strftime("%b %y")
    return (f"{month}: {format_value(row.old_value, unit)} -> {format_value(row.new_value, unit)}, "
            f"restated in the {row.restated_in}")


def _units(store: HistoryStore, upload_id: int) -> dict[str, str | None]:
    indicators = snapshot.indicators_from(store.parts(upload_id)["indicators_json"])
    return {key: (ind.unit.value if ind.unit else None) for key, ind in indicators.items()}


__all__ = ["NothingPublished", "merged_dataset", "replay_dataset", "restatements", "merge_observations",
           "find_restatements", "RESTATEMENT_COLUMNS"]
