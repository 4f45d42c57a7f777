"""Where the data comes from, parsed once per upload and kept per session.

The workbook is parsed by st.cache_data keyed on its bytes, so switching pages or filters never
reads it again; user choices live in st.session_state.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import streamlit as st

from core.models import Scorecard
from core.pipeline import SAMPLE_WORKBOOK, LoadResult, load_workbook

SOURCE_KEY = "data_source"


@dataclass(frozen=True)
class DataSource:
    kind: str  # "sample" or "upload"
    name: str
    digest: str
    loaded_at: datetime | None = None

    def describe(self) -> str:
        if self.kind == "sample":
            return "Embedded sample (published Dorset figures 2022/23; locality split illustrative)"
        when = f", uploaded {self.loaded_at:%d %b %Y %H:%M}" if self.loaded_at else ""
        return f"Upload: {self.name}{when}"


@st.cache_data(show_spinner=False, max_entries=16)
def parse_workbook(data: bytes, name: str) -> LoadResult:
    """The only place the app parses a workbook: once per distinct file content."""
    return load_workbook(data, name)


@st.cache_data(show_spinner=False, max_entries=1)
def sample_bytes() -> bytes:
    return SAMPLE_WORKBOOK.read_bytes()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def use_upload(data: bytes, name: str) -> None:
    st.session_state[SOURCE_KEY] = DataSource("upload", name, digest(data), datetime.now())
    st.session_state["upload_bytes"] = data


def use_sample() -> None:
    st.session_state.pop(SOURCE_KEY, None)
    st.session_state.pop("upload_bytes", None)


def current_source() -> DataSource:
    source = st.session_state.get(SOURCE_KEY)
    if source is not None:
        return source
    return DataSource("sample", SAMPLE_WORKBOOK.name, digest(sample_bytes()))


def current_result() -> LoadResult:
    source = current_source()
    if source.kind == "upload":
        return parse_workbook(st.session_state["upload_bytes"], source.name)
    return parse_workbook(sample_bytes(), source.name)


def current_model() -> Scorecard:
    result = current_result()
    if result.scorecard is None:  # an unusable upload is never made current; fall back to the sample
        use_sample()
        result = current_result()
    return result.scorecard


@st.cache_data(show_spinner=False, max_entries=64)
def rated_scorecard(_model: Scorecard, source_digest: str, month: str, locality: str,
                    _overrides: pd.DataFrame | None = None, scenario_key: str = "") -> pd.DataFrame:
    """The rated table for one month and locality.

    Keyed on the source's digest and the scenario's key rather than on the model and overrides
    themselves, which would be hashed on every rerun.
    """
    from core.scorecard import build_scorecard

    return build_scorecard(_model, month=pd.Period(month, freq="M"), locality=locality, overrides=_overrides)
