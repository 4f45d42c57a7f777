"""The shared history store from the app's side: one store per process, reads cached on the latest publication.

Every rerun asks the store one cheap question at most every few seconds (the latest publication id);
the merged scorecard, the list of uploads and the restatements are cached on that id, so pages never
re-query the store while nothing new is published. A publish in this process clears the question's
cache at once; other app instances see it within VERSION_TTL_SECONDS.
"""

from __future__ import annotations

import logging
import uuid

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core.ingest.load import LoadResult
from core.ingest.mapping import ColumnMapping
from core.model import Action, Commentary, Dataset
from core.present.format import uk_time
from core.store import (
    AuditEvent,
    HistoryStore,
    UploadRecord,
    WrittenNotes,
    database_url,
    merged_dataset,
    refuse_future,
    replay_dataset,
    restatements,
)
from core.store.history import DEFAULT_THRESHOLD
from core.store.merge import RESTATEMENT_COLUMNS
from core.validation.report import ValidationReport
from core.views.suppression import SuppressionPolicy, decide_disclosure

STORE_FAILURES = (SQLAlchemyError, OSError)
VERSION_TTL_SECONDS = 5
TOKEN_KEY = "draft_token"
_log = logging.getLogger(__name__)


def failure_text(error: BaseException) -> str:
    """A store failure in one line (the driver's message without SQLAlchemy's background link)."""
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__


def store_url() -> str:
    return database_url().render_as_string(hide_password=False)


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> HistoryStore:
    return HistoryStore.open(url)


def history_store() -> HistoryStore:
    return _open_store(store_url())


def session_token() -> str:
    """This session's draft token: drafts are kept under it and no other session has it."""
    return st.session_state.setdefault(TOKEN_KEY, uuid.uuid4().hex)


@st.cache_data(ttl=VERSION_TTL_SECONDS, show_spinner=False)
def _version(url: str) -> int:
    return _open_store(url).version()


def latest_version() -> int:
    """The latest publication id, 0 when nothing is published; raises STORE_FAILURES when unreadable."""
    return _version(store_url())



@st.cache_data(show_spinner=False, max_entries=4)
def _published(url: str, version: int) -> list[UploadRecord]:
    return _open_store(url).published()


def published_as_of(version: int) -> list[UploadRecord]:
    """Published uploads in edition order (the last is the current edition); raises STORE_FAILURES."""
    return _published(store_url(), version) if version else []


def published_uploads() -> list[UploadRecord]:
    """published_as_of the latest version; [] when nothing is published or the store cannot be read."""
    try:
        return published_as_of(latest_version())
    except STORE_FAILURES as error:
        _log.warning("history store unavailable: %s", error)
        return []


@st.cache_data(show_spinner=False, max_entries=2)
def _merged(url: str, version: int, notes_version: int) -> Dataset:
    return merged_dataset(_open_store(url))


def merged_model(version: int, notes_version: int = 0) -> Dataset:
    """The published data as of a publication and a count of published notes (a note can follow its upload)."""
    return _merged(store_url(), version, notes_version)


@st.cache_data(ttl=VERSION_TTL_SECONDS, show_spinner=False)
def _notes_version(url: str) -> int:
    return _open_store(url).notes_version()


def latest_notes_version() -> int:
    """How many notes are published; raises STORE_FAILURES when unreadable."""
    return _notes_version(store_url())


def draft_notes(upload_id: int) -> WrittenNotes:
    """This session's unpublished notes on its draft upload (read each run: only this session writes them)."""
    return history_store().notes([upload_id], token=session_token())


def write_note(upload_id: int, note: Commentary | Action) -> None:
    """Keep a note on the upload the session is showing: a draft until published, or published at once."""
    history_store().add_note(upload_id, note, session_token())
    _notes_version.clear()


@st.cache_data(show_spinner=False, max_entries=8)
def _replay(url: str, upload_id: int) -> Dataset:
    return replay_dataset(_open_store(url), upload_id)  # a replay never changes: keyed on the upload alone


def replay_model(upload_id: int) -> Dataset:
    return _replay(store_url(), upload_id)


@st.cache_data(show_spinner=False, max_entries=8)
def _restatements(url: str, version: int, upload_id: int | None) -> pd.DataFrame:
    return restatements(_open_store(url), upload_id=upload_id)


def restatement_table(upload_id: int | None = None) -> pd.DataFrame:
    """Restatements across published uploads (up to `upload_id` for a replay); empty when none."""
    try:
        version = latest_version()
        if version:
            return _restatements(store_url(), version, upload_id)
    except STORE_FAILURES as error:
        _log.warning("history store unavailable: %s", error)
    return pd.DataFrame(columns=RESTATEMENT_COLUMNS)


@st.cache_data(show_spinner=False, max_entries=4)
def _content(url: str, upload_id: int) -> bytes:
    return _open_store(url).content(upload_id)


def upload_content(upload_id: int) -> bytes:
    return _content(store_url(), upload_id)


@st.cache_data(show_spinner=False, max_entries=16)
def _report(url: str, upload_id: int) -> ValidationReport:
    return _open_store(url).report(upload_id)


def upload_report(upload_id: int) -> ValidationReport:
    return _report(store_url(), upload_id)


def stored_upload(data: bytes) -> UploadRecord | None:
    """The kept upload with exactly these bytes, if published or this session's own draft."""
    return history_store().find(data, session_token())


def keep_draft(data: bytes, name: str, result: LoadResult, who: str) -> UploadRecord:
    """Keep the upload as this session's draft: stored, but shown to nobody else."""
    return history_store().add_upload(data, name, result, who=who, draft_token=session_token()).upload


def publish(data: bytes, name: str, result: LoadResult, who: str) -> UploadRecord:
    """Keep the upload and make it current for everyone; PublishRefused (nothing kept) when its latest
    month is in the future."""
    refuse_future(name, result.dataset.latest_month if result.dataset is not None else None)
    store = history_store()
    added = store.add_upload(data, name, result, who=who, draft_token=session_token())
    record = store.publish(added.upload.id, who=who, draft_token=session_token())  # with this session's notes on it
    record_public_view(store)
    _version.clear()  # this instance sees its own publish on the very next run
    _notes_version.clear()
    return record


def record_public_view(store: HistoryStore) -> int:
    """Keep, with the latest publication, every cell the shared public view now withholds: meetings are
    broadcast, and a later edition restating a month must not give one of them away. Returns how many were new."""
    published = store.published()
    if not published:
        return 0
    decision = decide_disclosure(merged_dataset(store), SuppressionPolicy(threshold=store.threshold())).cells
    withheld = decision[decision["withheld"].to_numpy(dtype=bool)].reset_index()
    return store.record_withheld(published[-1].id, withheld[["indicator_id", "locality", "period"]])


@st.cache_data(ttl=VERSION_TTL_SECONDS, show_spinner=False)
def _mappings(url: str) -> list[ColumnMapping]:
    return _open_store(url).mappings()


def saved_mappings() -> list[ColumnMapping]:
    """Every column mapping kept in the store (re-read at most every few seconds); raises STORE_FAILURES."""
    return _mappings(store_url())


def save_mapping(mapping: ColumnMapping, who: str) -> None:
    """Keep a column mapping for everyone; this instance reads it back at once. Raises STORE_FAILURES."""
    try:
        history_store().save_mapping(mapping, who=who)
    finally:
        _mappings.clear()


def withdraw(upload_id: int, who: str, reason: str) -> UploadRecord:
    """Take a publication out of the current data (it stays in History, replayable)."""
    store = history_store()
    record = store.withdraw(upload_id, who=who, reason=reason)
    record_public_view(store)  # the view an earlier edition now gives is public too
    _version.clear()
    return record


def set_deployment_threshold(threshold: int, who: str) -> int:
    store = history_store()
    chosen = store.set_threshold(threshold, who=who)
    record_public_view(store)  # a higher threshold withholds more; what it withholds stays withheld
    _version.clear()
    return chosen


@st.cache_data(show_spinner=False, max_entries=4)
def _threshold(url: str, version: int) -> int:
    return _open_store(url).threshold()


def deployment_threshold() -> int:
    """The threshold a manager set for everyone (DEFAULT_THRESHOLD when none, or when the store is unreadable)."""
    try:
        return _threshold(store_url(), latest_version())
    except STORE_FAILURES as error:
        _log.warning("history store unavailable: %s", error)
        return DEFAULT_THRESHOLD


def viewing_policy(threshold: int) -> SuppressionPolicy:
    """The policy a viewer's pages withhold by: their threshold, never below the deployment's, and what the
    deployment's withholds stays withheld when they raise it (SuppressionPolicy.floor)."""
    floor = deployment_threshold()
    return SuppressionPolicy(threshold=max(threshold, floor), floor=floor)


@st.cache_data(show_spinner=False, max_entries=4)
def _publications(url: str, version: int) -> list[UploadRecord]:
    return _open_store(url).publications()


def all_publications() -> list[UploadRecord]:
    """Everything ever published, withdrawn too, in edition order ([] when the store cannot be read)."""
    try:
        return _publications(store_url(), latest_version())
    except STORE_FAILURES as error:
        _log.warning("history store unavailable: %s", error)
        return []


def audit_trail() -> list[AuditEvent]:
    try:
        return history_store().audit()
    except STORE_FAILURES as error:
        _log.warning("history store unavailable: %s", error)
        return []


def restatements_shown(restated: pd.DataFrame, names: dict[str, str], with_figures: bool) -> pd.DataFrame:
    """History's table of restatements: indicator by name, month in words; the figures only `with_figures`
    (a manager's: they have not been through small-number control)."""
    shown = restated.assign(indicator=restated["indicator_id"].map(names).fillna(restated["indicator_id"]),
                            month=pd.PeriodIndex(restated["period"], freq="M").strftime("%b %Y"))
    columns = {"indicator": "Indicator", "locality": "Locality", "month": "Month",
               **({"text": "Restatement"} if with_figures else {}), "old_upload": "Was in", "new_upload": "Restated in"}
    return shown[list(columns)].rename(columns=columns)


def audit_table(events: list[AuditEvent], names: dict[str, str]) -> pd.DataFrame:
    """Who did what, in UK time; a process change names its indicator, not its id ('cic_rate from 2022-10')."""
    def what(event: AuditEvent) -> str:
        if event.action == "marked a process change":
            indicator_id, _, month = event.what.partition(" from ")
            return f"{names.get(indicator_id, indicator_id)} from {month}"
        return event.what

    return pd.DataFrame([{"When (UK time)": uk_time(e.at), "Who": e.who or "not recorded", "Did": e.action,
                          "What": what(e), "Why": e.detail} for e in events],
                        columns=["When (UK time)", "Who", "Did", "What", "Why"])


def restatement_notes(indicator_id: str, locality: str, up_to: pd.Period, replay_of: int | None = None) -> list[str]:
    """'Jan 23: restated in the March 2023 upload' for one indicator's provenance.

    The earlier figure is not given: it never went through this edition's disclosure decision, and beside
    the earlier edition's other figures (its replay) it could give a withheld one away. History & replay
    gives it to managers.
    """
    table = restatement_table(replay_of)
    rows = table[(table["indicator_id"] == indicator_id) & (table["locality"] == locality)
                 & (table["period"] <= str(up_to))]
    months = pd.PeriodIndex(rows["period"], freq="M").strftime("%b %y")
    return [f"{month}: restated in the {label}" for month, label in zip(months, rows["restated_in"], strict=True)]
