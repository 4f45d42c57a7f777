"""Where the data comes from, parsed once per upload and kept per session.

The workbook is parsed by st.cache_data keyed on its bytes, so switching pages or filters never
reads it again; user choices live in st.session_state.

A session shows, in order: its own choice (its draft upload, or a replay of a published upload),
else the published data merged across every published upload, else the embedded sample.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from core.ingest.load import SAMPLE_WORKBOOK, LoadResult, load_workbook
from core.ingest.mapping import mappings_from_json
from core.model import Dataset
from core.present.format import uk_time
from core.store import UploadRecord
from ui.mapping import mapping_text
from ui.publishing import (
    STORE_FAILURES,
    draft_notes,
    failure_text,
    latest_notes_version,
    latest_version,
    merged_model,
    published_as_of,
    replay_model,
)

SOURCE_KEY = "data_source"
STORE_PROBLEM_KEY = "store_problem"  # the last store failure this session saw, for the Upload page
STORE_PAUSE_KEY = "store_paused_until"
STORE_PAUSE_SECONDS = 60


@dataclass(frozen=True)
class DataSource:
    kind: str  # "sample", "upload" (this session's draft), "published" (merged) or "replay"
    name: str
    digest: str  # what caches of views key on: content hash, publication id or replayed upload
    loaded_at: datetime | None = None  # uploaded (draft) or published (published, replay); UTC for those
    upload_id: int | None = None  # the stored upload: the draft kept, the edition replayed
    detail: str = ""  # 'the March 2023 upload', '2 uploads'
    version: int = 0  # published: the publication id the merge is as of
    notes_version: int = 0  # published: how many notes written in the app were published then
    authority: str = ""  # upload: the authority the manager named on the Upload page (the workbook did not)

    def describe(self) -> str:
        if self.kind == "sample":
            return "Embedded sample (published Dorset figures 2022/23; locality split illustrative)"
        if self.kind == "published":
            return (f"Published data, merged from {self.detail}, as of {self.name} "
                    f"(published {uk_time(self.loaded_at)})")
        if self.kind == "replay":
            return (f"REPLAY of {self.detail} ({self.name}) as published {uk_time(self.loaded_at)}: "
                    "not the current data")
        when = f", uploaded {self.loaded_at:%d %b %Y %H:%M}" if self.loaded_at else ""
        return f"Upload: {self.name}{when} (draft: only this session sees it)"


@st.cache_data(show_spinner=False, max_entries=16)
def _parse(data: bytes, name: str, mappings: str) -> LoadResult:
    return load_workbook(data, name, mappings_from_json(mappings))


def parse_workbook(data: bytes, name: str) -> LoadResult:
    """The only place the app parses a workbook: once per distinct file content and set of column mappings."""
    return _parse(data, name, mapping_text())


@st.cache_data(show_spinner=False, max_entries=1)
def sample_bytes() -> bytes:
    return SAMPLE_WORKBOOK.read_bytes()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def use_upload(data: bytes, name: str, upload_id: int | None = None, authority: str = "") -> None:
    """This session's draft: shown here only (kept in the store as upload_id when the store took it).

    `authority`: the name the manager gave where the workbook names none; every page shows it.
    """
    st.session_state[SOURCE_KEY] = DataSource("upload", name, digest(data), datetime.now(), upload_id=upload_id,
                                              authority=authority)
    st.session_state["upload_bytes"] = data


def use_replay(record: UploadRecord) -> None:
    """Show a published upload as it was presented then, until the session goes back to current."""
    st.session_state[SOURCE_KEY] = DataSource("replay", record.file_name, f"replay:{record.id}",
                                              record.published_at, upload_id=record.id, detail=f"the {record.label}")
    st.session_state.pop("upload_bytes", None)


def use_current() -> None:
    """Drop the session's own choice: back to the published data, or the sample when nothing is published."""
    st.session_state.pop(SOURCE_KEY, None)
    st.session_state.pop("upload_bytes", None)


use_sample = use_current  # the older name: before publishing, 'current' was always the sample


def published_digest(version: int) -> str:
    """What the caches of views key the published data on: the publication it is merged as of."""
    return f"published:{version}"


def _published_source() -> DataSource | None:
    if time.monotonic() < st.session_state.get(STORE_PAUSE_KEY, 0.0):
        return None  # the store failed a moment ago: do not wait on it every rerun
    try:
        version = latest_version()
        uploads = published_as_of(version)
        notes = latest_notes_version()
    except STORE_FAILURES as error:  # shown on the Upload page; the sample (or a draft) still shows
        st.session_state[STORE_PROBLEM_KEY] = f"The shared history could not be read ({failure_text(error)})"
        st.session_state[STORE_PAUSE_KEY] = time.monotonic() + STORE_PAUSE_SECONDS
        return None
    st.session_state.pop(STORE_PROBLEM_KEY, None)
    if not uploads:
        return None
    latest = uploads[-1]
    count = f"{len(uploads)} upload" + ("" if len(uploads) == 1 else "s")
    return DataSource("published", f"the {latest.label} ({latest.file_name})", published_digest(version),
                      latest.published_at, upload_id=latest.id, detail=count, version=version, notes_version=notes)


def current_source() -> DataSource:
    source = st.session_state.get(SOURCE_KEY)
    if source is not None:
        return source
    return _published_source() or DataSource("sample", SAMPLE_WORKBOOK.name, digest(sample_bytes()))


def sample_result() -> LoadResult:
    """The embedded sample, as every session without a choice of its own reads it (cached once per process)."""
    return _parse(sample_bytes(), SAMPLE_WORKBOOK.name, "[]")  # the sample is the template: no mapping applies


def current_result() -> LoadResult:
    source = current_source()
    if source.kind == "upload":
        return parse_workbook(st.session_state["upload_bytes"], source.name)
    return sample_result()


def current_model() -> Dataset:
    source = current_source()
    if source.kind in ("published", "replay"):
        try:
            return (merged_model(source.version, source.notes_version) if source.kind == "published"
                    else replay_model(source.upload_id))
        except (*STORE_FAILURES, LookupError) as error:  # the store went away or changed: never a blank app
            st.session_state[STORE_PROBLEM_KEY] = f"The shared history could not be read: {error}"
            st.session_state[STORE_PAUSE_KEY] = time.monotonic() + STORE_PAUSE_SECONDS
            use_current()
            return current_model()  # the sample or a draft; later calls this run agree (the pause is set)
    result = current_result()
    if result.dataset is None:  # an unusable upload is never made current; fall back to the sample
        use_sample()
        return current_result().dataset
    model = result.dataset.with_authority(source.authority) if source.kind == "upload" else result.dataset
    if source.kind == "upload" and source.upload_id is not None:
        return _with_draft_notes(model, source.upload_id)
    return model


def _with_draft_notes(model: Dataset, upload_id: int) -> Dataset:
    """A draft upload with the notes this session has written on it (private until it is published)."""
    try:
        written = draft_notes(upload_id)
    except STORE_FAILURES:
        return model  # the figures still show; the Commentary page says the store could not be read
    if not written.commentary and not written.actions:
        return model
    return model.model_copy(update={"commentary": [*model.commentary, *written.commentary],
                                    "actions": [*model.actions, *written.actions]})
