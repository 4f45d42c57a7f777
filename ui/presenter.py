"""Presenter mode puts the sidebar away (ui/look.py) and keeps its way out on the page: the pages, the month, the
locality and 'leave' in a bar above every page."""

from __future__ import annotations

import streamlit as st

from core.model import Dataset
from ui.filters import month_label

_LOCALITY_KEY = "presenter_locality"
_MONTH_KEY = "presenter_month"


def _locality_chosen() -> None:
    st.session_state["f_locality"] = st.session_state[_LOCALITY_KEY]


def _month_chosen() -> None:
    st.session_state["f_month"] = st.session_state[_MONTH_KEY]


def _leave() -> None:
    st.session_state["f_presenter"] = False


def presenter_bar(model: Dataset, pages: dict[str, list]) -> None:
    """A row above every page in presenter mode: go to another page, change month or locality, leave presenter mode.
    Its choices are the sidebar's (the filters keep living there, out of sight, and in the URL)."""
    st.session_state[_LOCALITY_KEY] = st.session_state["f_locality"]
    st.session_state[_MONTH_KEY] = st.session_state["f_month"]
    with st.container(key="presenter_bar", horizontal=True, vertical_alignment="bottom"):
        with st.popover("Pages", icon=":material/menu:"):
            for section, section_pages in pages.items():
                st.caption(section)
                for page in section_pages:
                    st.page_link(page)
        st.selectbox("Month", [str(p) for p in model.periods], key=_MONTH_KEY, on_change=_month_chosen,
                     format_func=month_label, width=190)
        st.selectbox("Locality", model.localities, key=_LOCALITY_KEY, on_change=_locality_chosen, width=230)
        st.button("Leave presenter mode", icon=":material/close_fullscreen:", on_click=_leave, key="leave_presenter")
