"""Pages run inside app.py, which draws the sidebar and filters before the page.

Streamlit still knows its legacy `pages/` folder routing: on a server's very first request for a
page URL (say a shared link to /indicator?id=...), it runs that page file on its own, without
app.py. require_shell() sends such a run back through app.py once; app.py's st.navigation then
switches the server to the modern routing for good.
"""

from __future__ import annotations

import streamlit as st

SHELL_RAN = "_app_shell_ran"


def mark_shell() -> None:
    st.session_state[SHELL_RAN] = True


def require_shell() -> None:
    if st.session_state.get(SHELL_RAN):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
