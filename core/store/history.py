"""The history store: keep uploads, claim drafts, publish. One small interface over any SQLAlchemy database."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
from pydantic import BaseModel
from sqlalchemy import (
    ColumnElement,
    Engine,
    Join,
    Table,
    Text,
    cast,
    delete,
    func,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError

from core.ingest.load import LoadResult
from core.ingest.mapping import ColumnMapping
from core.model import UNNAMED_AUTHORITY, About, Action, Commentary, Dataset
from core.store import snapshot
from core.store.engine import database_url, describe_url, make_engine
from core.store.location import DEFAULT_THRESHOLD
from core.store.marks import ProcessChange, marks_frame
from core.store.migrate import upgrade_to_head
from core.store.schema import (
    OBSERVATION_FIELDS,
    TARGET_FIELDS,
    commentary,
    drafts,
    layout_mappings,
    notes,
    observations,
    process_changes,
    publications,
    targets,
    thresholds,
    uploads,
    withdrawals,
    withheld_cells,
)
from core.store.winners import (
    refresh_after_withdrawal,
    refresh_current,
    serialise_publications,
)
from core.validation.catalogue import finding
from core.validation.findings import Finding
from core.validation.report import ValidationReport

DRAFT_DAYS_ENV = "SCORECARD_DRAFT_DAYS"  # unpublished drafts untouched this many days are removed
DEFAULT_DRAFT_DAYS = 30


def draft_max_age() -> timedelta:
    """How long an unpublished draft is kept after its last upload: $SCORECARD_DRAFT_DAYS, default 30 days."""
    text = os.environ.get(DRAFT_DAYS_ENV, "").strip()
    return timedelta(days=float(text) if text else DEFAULT_DRAFT_DAYS)


class UnusableUpload(ValueError):
    """Only a workbook the app can show is kept: a draft or publication of nothing helps nobody."""


class PublishRefused(ValueError):
    """The upload may be kept and used, not made current for everyone; str(error) says why."""


def _this_month(today: date | None) -> pd.Period:
    return pd.Period(today or datetime.now(UTC).date(), freq="M")


def future_refusal(file_name: str, latest: pd.Period | None, today: date | None = None) -> Finding | None:
    """Why a workbook whose latest month is after this month cannot be published (None when it can): a
    typing slip in a header ('Oct 98', 31/12/2999) must never become everyone's current month."""
    this_month = _this_month(today)
    if latest is None or latest <= this_month:
        return None
    return finding("publish_future_refused", file=file_name, month=latest.strftime("%B %Y"),
                   today=this_month.strftime("%B %Y"))


def refuse_future(file_name: str, latest: pd.Period | None, today: date | None = None) -> None:
    """Raise PublishRefused, saying why, when the workbook's latest month is after this month."""
    refusal = future_refusal(file_name, latest, today)
    if refusal is not None:
        raise PublishRefused(refusal.message)


def last_named_authority(records: list[UploadRecord]) -> str:
    """The authority of the latest of these uploads that names one ('' when none does): what the Upload
    page offers when a new workbook does not say whose it is."""
    named = [record.authority for record in records if record.authority.strip() and record.authority != UNNAMED_AUTHORITY]
    return named[-1] if named else ""


class UploadRecord(BaseModel):
    """One stored upload, as the pages list it."""

    id: int
    checksum: str
    file_name: str
    authority: str
    month_ending: date | None
    edition: str  # 'YYYY-MM'
    uploaded_at: datetime
    uploaded_by: str
    layout: str
    observation_count: int
    publication_id: int | None = None
    published_at: datetime | None = None
    published_by: str | None = None
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None
    withdrawn_reason: str | None = None

    @property
    def published(self) -> bool:
        return self.publication_id is not None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def label(self) -> str:
        """'the March 2023 upload': how the board refers to an edition."""
        month = pd.Period(self.edition, freq="M").strftime("%B %Y") if self.edition[:1] != "0" else "undated"
        return f"{month} upload"

    @property
    def order(self) -> tuple[str, int]:
        """Edition order: a later month wins, and within a month the later publication."""
        return (self.edition, self.publication_id or 0)


class WrittenNotes(BaseModel):
    """Commentary and actions written in the app, in the order they were written."""

    commentary: list[Commentary] = []
    actions: list[Action] = []


AUDIT_ACTIONS = ("uploaded", "published", "withdrew", "set the threshold", "marked a process change")


class AuditEvent(BaseModel):
    """One line of the audit trail: who did what, when (UTC, naive: the store keeps no zone)."""

    at: datetime
    who: str
    action: str  # one of AUDIT_ACTIONS
    what: str  # the file, or the threshold set
    detail: str = ""  # a withdrawal's reason


class Added(BaseModel):
    upload: UploadRecord
    created: bool  # False: the same bytes were already stored, nothing was duplicated


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


_RECORD_COLUMNS = [uploads.c.id, uploads.c.checksum, uploads.c.file_name, uploads.c.authority,
                   uploads.c.month_ending, uploads.c.edition, uploads.c.uploaded_at, uploads.c.uploaded_by,
                   uploads.c.layout, uploads.c.observation_count, publications.c.id.label("publication_id"),
                   publications.c.published_at, publications.c.published_by, withdrawals.c.withdrawn_at,
                   withdrawals.c.withdrawn_by, withdrawals.c.reason.label("withdrawn_reason")]
_RECORDS = select(*_RECORD_COLUMNS).select_from(
    uploads.outerjoin(publications, publications.c.upload_id == uploads.c.id)
    .outerjoin(withdrawals, withdrawals.c.publication_id == publications.c.id))
# A session's drafts carry that session's own file name, uploader and time (claims from before
# revision 0002 have none and show the upload's).
_OWN = {"file_name": func.coalesce(drafts.c.file_name, uploads.c.file_name).label("file_name"),
        "uploaded_by": func.coalesce(drafts.c.uploaded_by, uploads.c.uploaded_by).label("uploaded_by"),
        "uploaded_at": drafts.c.claimed_at.label("uploaded_at")}
_DRAFTS = (select(*(_OWN.get(column.name, column) for column in _RECORD_COLUMNS))
           .select_from(uploads.join(drafts, drafts.c.upload_id == uploads.c.id)
                        .outerjoin(publications, publications.c.upload_id == uploads.c.id)
                        .outerjoin(withdrawals, withdrawals.c.publication_id == publications.c.id))
           .where(publications.c.id.is_(None)))


# Edition order, latest first: a later month wins, and within a month the later publication (UploadRecord.order).
_LATEST_EDITION_FIRST = [uploads.c.edition.desc(), publications.c.id.desc()]


def _published(table: Table) -> Join:
    """`table`'s rows with their upload's edition and publication (published uploads only)."""
    return (table.join(uploads, uploads.c.id == table.c.upload_id)
            .join(publications, publications.c.upload_id == uploads.c.id))


def _among(upload_id: ColumnElement[int], upload_ids: list[int] | None) -> ColumnElement[bool]:
    """`upload_id` is one of upload_ids; None: of every publication not withdrawn, decided in the query."""
    if upload_ids is not None:
        return upload_id.in_(upload_ids)
    in_force = select(publications.c.upload_id).where(publications.c.id.not_in(select(withdrawals.c.publication_id)))
    return upload_id.in_(in_force)


class HistoryStore:
    """Uploads kept by checksum, drafts per session token, publications in the order the database gives them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        upgrade_to_head(engine)

    @classmethod
    def open(cls, url: str | None = None) -> HistoryStore:
        """The configured store (see core.store.engine.database_url), upgraded to the current schema
        (tables are created on first use; a database from an earlier release is migrated in place)."""
        return cls(make_engine(database_url(url)))

    def describe(self) -> str:
        return describe_url(self.engine.url)

    @property
    def backend(self) -> str:
        """'SQLite' or 'PostgreSQL', for captions."""
        name = self.engine.dialect.name
        return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(name, name)

    # ---- writing ---------------------------------------------------------------------------------

    def add_upload(self, data: bytes, file_name: str, result: LoadResult, *, who: str = "",
                   draft_token: str | None = None) -> Added:
        """Keep an upload (once per distinct content) and, with a token, make it that session's draft.

        `result` is what core.ingest.load_workbook made of `data`: the store keeps, it never parses.

        The record returned is the caller's own: bytes another session holds as an unpublished draft come
        back with this caller's file name, name and time, so nothing of that session's draft is revealed.
        """
        digest = checksum(data)
        existing = self._by_checksum(digest)
        created = False
        if existing is None:
            if not result.usable:
                raise UnusableUpload(f"{file_name} has nothing the app can show; it is not kept.")
            try:
                self._insert(data, digest, file_name, who, result.dataset, result.report)
                created = True
            except IntegrityError:  # the same bytes stored by someone else a moment ago
                pass
            existing = self._by_checksum(digest)
        elif result.usable and existing.authority == UNNAMED_AUTHORITY and result.dataset.about.authority_named:
            self._name_authority(existing.id, result.dataset.about)  # kept unnamed before; named now
            existing = self._by_checksum(digest)
        if created:
            self.remove_old_drafts(draft_max_age())  # housekeeping rides on new uploads: no scheduler needed
        if draft_token:
            self._claim(existing.id, draft_token, file_name, who)
            own = self._draft(existing.id, draft_token)
            return Added(upload=own or existing, created=created)
        if not existing.published and not created:
            existing = existing.model_copy(update={"file_name": file_name, "uploaded_by": who.strip(),
                                                   "uploaded_at": _now()})
        return Added(upload=existing, created=created)

    def _insert(self, data: bytes, digest: str, file_name: str, who: str, model: Dataset,
                report: ValidationReport) -> None:
        # One transaction that starts by writing: the upload and its observations appear together or not at all.
        with self.engine.begin() as conn:
            upload_id = conn.execute(uploads.insert().values(
                checksum=digest, file_name=file_name, authority=model.about.authority,
                month_ending=model.about.month_ending, edition=snapshot.edition(model), uploaded_at=_now(),
                uploaded_by=who.strip(), layout=model.layout, report_json=report.model_dump_json(),
                observation_count=len(model.observations), content=data, **snapshot.parts_json(model),
            )).inserted_primary_key[0]
            for table, rows in ((observations, snapshot.observation_rows(model.observations, upload_id)),
                                (targets, snapshot.target_rows(model.targets, upload_id)),
                                (commentary, snapshot.commentary_rows(model.commentary, upload_id))):
                if rows:
                    conn.execute(table.insert(), rows)

    def _name_authority(self, upload_id: int, about: About) -> None:
        with self.engine.begin() as conn:
            conn.execute(uploads.update().where(uploads.c.id == upload_id).values(
                authority=about.authority, about_json=about.model_dump_json()))

    def _claim(self, upload_id: int, token: str, file_name: str, who: str) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(drafts.insert().values(upload_id=upload_id, token=token, claimed_at=_now(),
                                                    file_name=file_name, uploaded_by=who.strip()))
        except IntegrityError:
            pass  # this session already holds it

    def publish(self, upload_id: int, who: str = "", draft_token: str | None = None,
                today: date | None = None) -> UploadRecord:
        """Make a kept upload current for everyone, with the notes `draft_token`'s session wrote on it.
        Publishing twice is a no-op, not a second publication. Raises PublishRefused for an upload whose
        edition (the month it reports up to) is after this month.

        With the publishing session's token, the upload goes public under that session's own file name
        and uploader: another session that happened to upload the same bytes first stays unnamed.
        """
        record = self.upload(upload_id)
        if record is None:
            raise KeyError(f"no upload {upload_id}")
        if record.edition[:1] != "0":  # '0000-00': an undated upload has no month to be wrong
            refuse_future(record.file_name, pd.Period(record.edition, freq="M"), today)
        own = self._draft(upload_id, draft_token) if draft_token else None
        try:
            with self.engine.begin() as conn:
                serialise_publications(conn)
                conn.execute(publications.insert().values(upload_id=upload_id, published_at=_now(),
                                                          published_by=who.strip()))
                refresh_current(conn, upload_id)  # the shared view's rows change with the publication, atomically
                if own is not None:  # in the same transaction: only the first publication renames
                    conn.execute(uploads.update().where(uploads.c.id == upload_id).values(
                        file_name=own.file_name, uploaded_by=own.uploaded_by, uploaded_at=own.uploaded_at))
        except IntegrityError:
            pass  # already published (perhaps by a concurrent click): the first publication stands
        if draft_token:
            self.publish_notes(upload_id, draft_token)
        return self.upload(upload_id)

    def mark_process_change(self, change: ProcessChange) -> None:
        """Keep a process-change mark; marking the same indicator and month again replaces its reason."""
        key = (process_changes.c.indicator_id == change.indicator_id) & (process_changes.c.period == change.period)
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(process_changes).where(key))
                conn.execute(process_changes.insert().values(**change.model_dump(), marked_at=_now()))
        except IntegrityError:
            pass  # the same month marked by someone else a moment ago: theirs stands

    def remove_process_change(self, indicator_id: str, period: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(process_changes).where((process_changes.c.indicator_id == indicator_id)
                                                       & (process_changes.c.period == period)))

    def process_changes(self) -> pd.DataFrame:
        """Every mark: indicator_id, period (monthly Period), reason, marked_by, marked_at."""
        with self.engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(select(process_changes))]
        return marks_frame(rows)
    # ---- commentary and actions written in the app ---------------------------------------------------

    def add_note(self, upload_id: int, note: Commentary | Action, token: str) -> int:
        """Keep a note on an upload: the writer's draft, or published at once if the upload already is."""
        record = self.upload(upload_id)
        if record is None:
            raise KeyError(f"no upload {upload_id}")
        fields = {"kind": "commentary", "text": note.text} if isinstance(note, Commentary) else {
            "kind": "action", "text": note.what, "owner": note.owner, "due": note.due, "status": note.status.value}
        with self.engine.begin() as conn:
            return conn.execute(notes.insert().values(
                upload_id=upload_id, token=token, subject=note.subject, period=note.period, author=note.author,
                written_at=_now(), published_at=_now() if record.published else None, **fields,
            )).inserted_primary_key[0]

    def publish_notes(self, upload_id: int, token: str) -> int:
        """Publish this session's draft notes on a published upload; returns how many."""
        record = self.upload(upload_id)
        if record is None or not record.published:
            return 0
        with self.engine.begin() as conn:
            return conn.execute(update(notes).where(notes.c.upload_id == upload_id, notes.c.token == token,
                                                    notes.c.published_at.is_(None))
                                .values(published_at=_now())).rowcount

    def notes(self, upload_ids: list[int] | None, token: str | None = None,
              published_before: datetime | None = None) -> WrittenNotes:
        """Published notes on these uploads (up to `published_before`, if given), and `token`'s own drafts.
        upload_ids None: on every publication not withdrawn (the shared view), chosen in the query."""
        shown = notes.c.published_at.is_not(None)
        if published_before is not None:
            shown &= notes.c.published_at < published_before
        if token:
            shown |= (notes.c.token == token) & notes.c.published_at.is_(None)
        query = select(notes).where(_among(notes.c.upload_id, upload_ids), shown).order_by(notes.c.id)
        written = WrittenNotes()
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                common = {"subject": row.subject, "period": row.period, "author": row.author}
                if row.kind == "action":
                    written.actions.append(Action(what=row.text, owner=row.owner, due=row.due, status=row.status,
                                                  **common))
                else:
                    written.commentary.append(Commentary(text=row.text, **common))
        return written

    def notes_version(self) -> int:
        """How many notes are published: with version(), a cheap key for caches of what everyone sees."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(notes)
                                .where(notes.c.published_at.is_not(None))).scalar_one()

    def remove_old_drafts(self, older_than: timedelta) -> int:
        """Delete uploads never published whose latest claim (or upload) is older than `older_than`.
        Returns how many uploads were removed. Published uploads are history and are never removed."""
        cutoff = _now() - older_than
        latest_claim = (select(drafts.c.upload_id).group_by(drafts.c.upload_id)
                        .having(func.max(drafts.c.claimed_at) >= cutoff))
        stale = (select(uploads.c.id).where(uploads.c.uploaded_at < cutoff, uploads.c.id.not_in(latest_claim),
                                            uploads.c.id.not_in(select(publications.c.upload_id))))
        with self.engine.begin() as conn:
            ids = list(conn.execute(stale).scalars())
            if ids:
                for table in (drafts, observations, targets, commentary, notes):  # every row that names them
                    conn.execute(table.delete().where(table.c.upload_id.in_(ids)))
                conn.execute(uploads.delete().where(uploads.c.id.in_(ids)))
        return len(ids)


    def withdraw(self, upload_id: int, who: str, reason: str) -> UploadRecord:
        """Take a publication out of the current data. It stays in History, marked withdrawn, and replayable.

        A reason is required (the audit trail says why); withdrawing twice keeps the first withdrawal.
        """
        record = self.upload(upload_id)
        if record is None or not record.published:
            raise KeyError(f"upload {upload_id} is not a published upload")
        if not reason.strip():
            raise ValueError("say why the publication is withdrawn")
        try:
            with self.engine.begin() as conn:
                serialise_publications(conn)
                conn.execute(withdrawals.insert().values(publication_id=record.publication_id, withdrawn_at=_now(),
                                                         withdrawn_by=who.strip(), reason=reason.strip()))
                refresh_after_withdrawal(conn, upload_id)  # the shared view's rows change with it, atomically
        except IntegrityError:
            pass  # already withdrawn (perhaps by a concurrent click): the first withdrawal stands
        return self.upload(upload_id)

    # ---- what each publication's public view withheld -------------------------------------------------

    def record_withheld(self, upload_id: int, cells: pd.DataFrame) -> int:
        """Keep the cells (indicator_id, locality, period) the public view withheld once this upload was
        published, each cell once across all publications. Returns how many were new."""
        record = self.upload(upload_id)
        if record is None or not record.published:
            raise KeyError(f"upload {upload_id} is not a published upload")
        rows = (cells[["indicator_id", "locality"]].astype(str)
                .assign(period=pd.PeriodIndex(cells["period"], freq="M").strftime("%Y-%m"))
                .drop_duplicates())
        with self.engine.begin() as conn:  # a cell any publication kept already is not kept twice
            kept = {tuple(row) for row in conn.execute(
                select(withheld_cells.c.indicator_id, withheld_cells.c.locality, withheld_cells.c.period))}
            new = [{"publication_id": record.publication_id, **row} for row in rows.to_dict("records")
                   if (row["indicator_id"], row["locality"], row["period"]) not in kept]
            if new:
                conn.execute(withheld_cells.insert(), new)
        return len(new)

    def withheld_before(self) -> pd.DataFrame:
        """Every cell any publication's public view withheld, withdrawn ones too (they were shown while current):
        indicator_id, locality, period (monthly Period), once each."""
        query = select(withheld_cells.c.indicator_id, withheld_cells.c.locality, withheld_cells.c.period).distinct()
        with self.engine.connect() as conn:
            frame = pd.DataFrame(conn.execute(query).all(), columns=["indicator_id", "locality", "period"])
        return frame.assign(period=pd.PeriodIndex(frame["period"], freq="M"))

    def set_threshold(self, threshold: int, who: str) -> int:
        """The deployment's disclosure threshold from now on (counts of 1 to threshold-1 are withheld)."""
        if threshold < 2:
            raise ValueError("the threshold must be 2 or more: public views always withhold counts of 1")
        with self.engine.begin() as conn:
            conn.execute(thresholds.insert().values(threshold=int(threshold), set_at=_now(), set_by=who.strip()))
        return self.threshold()

    def threshold(self) -> int:
        """The deployment's disclosure threshold: the latest a manager set, else DEFAULT_THRESHOLD."""
        with self.engine.connect() as conn:
            latest = conn.execute(select(thresholds.c.threshold).order_by(thresholds.c.id.desc()).limit(1)).first()
        return int(latest[0]) if latest else DEFAULT_THRESHOLD

    def audit(self) -> list[AuditEvent]:
        """Who uploaded, published, withdrew, set the threshold and marked process changes, newest first."""
        pub = publications.join(uploads, uploads.c.id == publications.c.upload_id)
        events = union_all(
            select(uploads.c.uploaded_at.label("at"), uploads.c.uploaded_by.label("who"),
                   literal("uploaded").label("action"), uploads.c.file_name.label("what"),
                   literal("").label("detail")),
            select(publications.c.published_at, publications.c.published_by, literal("published"),
                   uploads.c.file_name, literal("")).select_from(pub),
            select(withdrawals.c.withdrawn_at, withdrawals.c.withdrawn_by, literal("withdrew"), uploads.c.file_name,
                   withdrawals.c.reason).select_from(
                pub.join(withdrawals, withdrawals.c.publication_id == publications.c.id)),
            select(thresholds.c.set_at, thresholds.c.set_by, literal("set the threshold"),
                   literal("withhold counts below ", Text) + cast(thresholds.c.threshold, Text), literal("")),
            select(process_changes.c.marked_at, process_changes.c.marked_by, literal("marked a process change"),
                   process_changes.c.indicator_id + literal(" from ", Text) + process_changes.c.period,
                   process_changes.c.reason),
        ).subquery()
        with self.engine.connect() as conn:
            rows = conn.execute(select(events).order_by(events.c.at.desc())).all()
        return [AuditEvent.model_validate(dict(row._mapping)) for row in rows]

    # ---- reading ---------------------------------------------------------------------------------

    def save_mapping(self, mapping: ColumnMapping, who: str = "") -> None:
        """Keep a column mapping for its layout; a later one for the same layout replaces it."""
        with self.engine.begin() as conn:  # delete and insert together: a reader sees the old or the new
            conn.execute(layout_mappings.delete().where(layout_mappings.c.signature == mapping.signature))
            conn.execute(layout_mappings.insert().values(signature=mapping.signature, sheet=mapping.sheet,
                                                         mapping_json=mapping.model_dump_json(), saved_at=_now(),
                                                         saved_by=who.strip()))

    def mappings(self) -> list[ColumnMapping]:
        """Every saved column mapping, oldest first: load_workbook applies the one whose layout fits."""
        query = select(layout_mappings.c.mapping_json).order_by(layout_mappings.c.saved_at)
        with self.engine.connect() as conn:
            return [ColumnMapping.model_validate_json(text) for text in conn.execute(query).scalars()]

    def _records(self, query) -> list[UploadRecord]:  # noqa: ANN001 - a select over _RECORDS
        with self.engine.connect() as conn:
            return [UploadRecord.model_validate(dict(row._mapping)) for row in conn.execute(query)]

    def _by_checksum(self, digest: str) -> UploadRecord | None:
        found = self._records(_RECORDS.where(uploads.c.checksum == digest))
        return found[0] if found else None

    def find(self, data: bytes, draft_token: str | None = None) -> UploadRecord | None:
        """The stored upload with exactly these bytes, if it is published or this session's own draft
        (then as this session named it); another session's draft is not found."""
        found = self._by_checksum(checksum(data))
        if found is None or found.published:
            return found
        return self._draft(found.id, draft_token) if draft_token else None

    def upload(self, upload_id: int) -> UploadRecord | None:
        found = self._records(_RECORDS.where(uploads.c.id == upload_id))
        return found[0] if found else None

    def published(self) -> list[UploadRecord]:
        """Current publications (not withdrawn) in edition order, oldest first: the last one is the current scorecard."""
        return [record for record in self.publications() if not record.withdrawn]

    def publications(self) -> list[UploadRecord]:
        """Every upload ever published, withdrawn ones too, in edition order: what History lists."""
        records = self._records(_RECORDS.where(publications.c.id.is_not(None)))
        return sorted(records, key=lambda record: record.order)

    def drafts(self, token: str) -> list[UploadRecord]:
        """This session's unpublished uploads, as this session named them; no other session sees them."""
        return self._records(_DRAFTS.where(drafts.c.token == token).order_by(uploads.c.id))

    def _draft(self, upload_id: int, token: str) -> UploadRecord | None:
        found = self._records(_DRAFTS.where(drafts.c.token == token, uploads.c.id == upload_id))
        return found[0] if found else None

    def version(self) -> int:
        """A number that grows whenever what everyone sees changes (0 when nothing was ever published or set):
        a cheap key for caches and what open sessions poll.

        The latest publication id plus the number of withdrawals and threshold changes: each publish,
        withdrawal or new threshold adds at least 1, and a store from before withdrawals keeps its number.
        """
        with self.engine.connect() as conn:
            return conn.execute(select(
                func.coalesce(select(func.max(publications.c.id)).scalar_subquery(), 0)
                + select(func.count()).select_from(withdrawals).scalar_subquery()
                + select(func.count()).select_from(thresholds).scalar_subquery())).scalar_one()

    def content(self, upload_id: int) -> bytes:
        with self.engine.connect() as conn:
            return conn.execute(select(uploads.c.content).where(uploads.c.id == upload_id)).scalar_one()

    def report(self, upload_id: int) -> ValidationReport:
        with self.engine.connect() as conn:
            text = conn.execute(select(uploads.c.report_json).where(uploads.c.id == upload_id)).scalar_one()
        return ValidationReport.model_validate_json(text)

    def parts(self, upload_id: int) -> dict[str, str]:
        """The stored About, indicators and commentary of one upload, as JSON text."""
        with self.engine.connect() as conn:
            row = conn.execute(select(uploads.c.about_json, uploads.c.indicators_json, uploads.c.commentary_json,
                                      uploads.c.layout, uploads.c.file_name)
                               .where(uploads.c.id == upload_id)).one()
        return dict(row._mapping)

    def observations(self, upload_ids: list[int]) -> pd.DataFrame:
        """Stored observation rows of these uploads, with upload_id and row beside OBSERVATION_FIELDS."""
        query = (select(observations.c.upload_id, observations.c.row, *(observations.c[n] for n in OBSERVATION_FIELDS))
                 .where(observations.c.upload_id.in_(upload_ids)))
        with self.engine.connect() as conn:
            return pd.read_sql_query(query, conn)

    def winning_targets(self, upload_ids: list[int] | None, indicator_ids: list[str]) -> pd.DataFrame:
        """For each indicator and month a target is set from, the row of the latest edition that sets it
        (edition month, then publication order; within an upload its last row), chosen in the database.
        upload_ids None: among every publication not withdrawn. Columns as targets() gives them."""
        key = [targets.c.indicator_id, targets.c.from_period]
        latest_first = func.row_number().over(partition_by=key, order_by=[*_LATEST_EDITION_FIRST, targets.c.row.desc()])
        columns = [targets.c.upload_id, targets.c.row, *(targets.c[n] for n in TARGET_FIELDS)]
        ranked = (select(*columns, latest_first.label("place")).select_from(_published(targets))
                  .where(_among(targets.c.upload_id, upload_ids), targets.c.indicator_id.in_(indicator_ids))
                  .subquery())
        query = select(*(ranked.c[c.name] for c in columns)).where(ranked.c.place == 1)
        with self.engine.connect() as conn:
            return pd.read_sql_query(query, conn)

    def winning_commentary(self, upload_ids: list[int] | None) -> list[Commentary]:
        """Each month's workbook words for each subject: all the notes of the latest edition with any for it,
        in the order the subject and month first appeared (edition order, then workbook order).
        upload_ids None: among every publication not withdrawn. Chosen in the database: one query."""
        key = [commentary.c.subject, commentary.c.period]
        winner = func.first_value(commentary.c.upload_id).over(partition_by=key, order_by=_LATEST_EDITION_FIRST)
        first_seen = [func.first_value(column).over(
            partition_by=key, order_by=[uploads.c.edition, publications.c.id, commentary.c.row]).label(f"first_{n}")
            for n, column in enumerate((uploads.c.edition, publications.c.id, commentary.c.row))]
        ranked = (select(commentary, winner.label("winner"), *first_seen).select_from(_published(commentary))
                  .where(_among(commentary.c.upload_id, upload_ids)).subquery())
        query = (select(ranked.c.subject, ranked.c.period, ranked.c.text, ranked.c.author)
                 .where(ranked.c.upload_id == ranked.c.winner)
                 .order_by(*(ranked.c[f"first_{n}"] for n in range(len(first_seen))), ranked.c.row))
        with self.engine.connect() as conn:
            return [Commentary.model_validate(dict(row._mapping)) for row in conn.execute(query)]

    def current_observations(self, indicator_ids: list[str]) -> pd.DataFrame:
        """What winning_observations gives for every published upload, read from the rows flagged current
        at publication (core/store/winners.py): the cost follows the size of the view, not of the history."""
        query = (select(observations.c.upload_id, observations.c.row, *(observations.c[n] for n in OBSERVATION_FIELDS))
                 .where(observations.c.is_current.is_(True), observations.c.indicator_id.in_(indicator_ids)))
        with self.engine.connect() as conn:
            return pd.read_sql_query(query, conn)

    def winning_observations(self, upload_ids: list[int], indicator_ids: list[str]) -> pd.DataFrame:
        """For each indicator x locality x month, the stored rows of the upload that wins it: the latest
        edition (edition month, then publication order) that gives a number, else the latest edition.

        Chosen in the database (a window function), so only the winning rows are loaded however many
        publications there are; columns as observations() gives them.
        """
        key = [observations.c.indicator_id, observations.c.locality, observations.c.period]
        # One pass, no join back: each row learns its key's winning upload and is kept if it is from it.
        winner = func.first_value(observations.c.upload_id).over(
            partition_by=key,
            order_by=[observations.c.value.is_not(None).desc(), *_LATEST_EDITION_FIRST])
        columns = [observations.c.upload_id, observations.c.row, *(observations.c[n] for n in OBSERVATION_FIELDS)]
        ranked = (select(*columns, winner.label("winner"))
                  .select_from(_published(observations))
                  .where(observations.c.upload_id.in_(upload_ids), observations.c.indicator_id.in_(indicator_ids))
                  .subquery())
        query = (select(*(ranked.c[c.name] for c in columns)).where(ranked.c.upload_id == ranked.c.winner))
        with self.engine.connect() as conn:
            return pd.read_sql_query(query, conn)

    def dispose(self) -> None:
        self.engine.dispose()


def deployment_threshold(url: str | None = None) -> int:
    """The configured store's threshold, without creating a store where there is none (DEFAULT_THRESHOLD then).

    Raises SQLAlchemyError or OSError when a store exists but cannot be read: the caller says so.
    """
    resolved = database_url(url)
    if resolved.get_backend_name() == "sqlite" and not (resolved.database and Path(resolved.database).exists()):
        return DEFAULT_THRESHOLD
    store = HistoryStore(make_engine(resolved))
    try:
        return store.threshold()
    finally:
        store.dispose()
