"""Pages run inside app.py, which draws the sidebar and filters before the page.

Streamlit still knows its legacy `pages/` folder routing, and uses it until app.py's st.navigation
has run once in the process: a fresh server's first request for a page URL (a shared link to
/indicator?id=...) runs that page file on its own, and so does AppTest on every run after a
switch_page. require_shell() sends such a run back through app.py, keeping the requested page.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def require_shell() -> None:
    if PagesManager.uses_pages_directory:  # st.navigation clears this flag; set = legacy routing ran us
        PagesManager.uses_pages_directory = False
        st.rerun()
