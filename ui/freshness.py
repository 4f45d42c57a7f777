"""Open sessions learn of a new publication (or a withdrawal, or a new threshold) within POLL_SECONDS + the
version cache's few seconds: a small fragment polls the store's version.

A session following the current data (published, or the sample before anything was published) with no
what-if scenario applied switches at once and says so; a session showing its draft, a replay or a
what-if scenario is told, with one click to switch.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.publishing import STORE_FAILURES, latest_version
from ui.scenario import active_scenario, return_to_official
from ui.state import current_source, use_current

POLL_SECONDS = 10
SEEN_KEY = "seen_publication_version"
NOTICE_KEY = "publication_notice"


def _switch(version: int) -> None:
    use_current()
    return_to_official()
    st.session_state[SEEN_KEY] = version
    st.session_state[NOTICE_KEY] = "Switched to the new publication."


@st.fragment(run_every=POLL_SECONDS)
def watch_publications() -> None:
    try:
        version = latest_version()
    except STORE_FAILURES:  # the store cannot be read: the Upload page says why
        return
    seen = st.session_state.setdefault(SEEN_KEY, version)
    if version == seen:
        return
    source = current_source()
    if source.kind in ("published", "sample") and active_scenario() is None:
        st.session_state[SEEN_KEY] = version
        st.session_state[NOTICE_KEY] = "New data was published (or withdrawn): this screen has been updated."
        st.rerun(scope="app")
    shown = {"upload": "your draft", "replay": "a replay"}.get(source.kind, "a what-if scenario")
    st.warning(f"New data was published. You are looking at {shown}, which has not changed.",
               icon=":material/campaign:")
    if st.button("Switch to the published data", key="switch_to_published", type="primary"):
        _switch(version)
        st.rerun(scope="app")


def publication_notice(where: DeltaGenerator) -> None:
    """The notice after an automatic switch, in `where` (the sidebar, or above the page in presenter mode) until
    the next one."""
    notice = st.session_state.get(NOTICE_KEY)
    if notice:
        where.success(notice, icon=":material/campaign:")
