"""Presenter mode keeps its way out: pages, locality and 'leave' stay on screen when the sidebar is closed."""

from __future__ import annotations

import streamlit as st

from core.model import Dataset

_LOCALITY_KEY = "presenter_locality"


def _locality_chosen() -> None:
    st.session_state["f_locality"] = st.session_state[_LOCALITY_KEY]


def _leave() -> None:
    st.session_state["f_presenter"] = False


def presenter_bar(model: Dataset, pages: dict[str, list]) -> None:
    """A row above every page in presenter mode: go to another page, change locality, leave presenter mode."""
    st.session_state[_LOCALITY_KEY] = st.session_state["f_locality"]  # follows the sidebar's choice
    with st.container(key="presenter_bar", horizontal=True, vertical_alignment="bottom"):
        with st.popover("Pages", icon=":material/menu:"):
            for section, section_pages in pages.items():
                st.caption(section)
                for page in section_pages:
                    st.page_link(page)
        st.selectbox("Locality", model.localities, key=_LOCALITY_KEY, on_change=_locality_chosen, width=260)
        st.button("Leave presenter mode", icon=":material/close_fullscreen:", on_click=_leave, key="leave_presenter")
