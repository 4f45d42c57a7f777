"""Pages run inside app.py, which draws the sidebar and filters before the page.

Streamlit still knows its legacy `pages/` folder routing, and uses it until app.py's st.navigation
has run once in the process: a fresh server's first request for a page URL (a shared link to
/indicator?id=...) runs that page file on its own, and so does AppTest on every run after a
switch_page. require_shell() sends such a run back through app.py, keeping the requested page.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def require_shell() -> None:
    if PagesManager.uses_pages_directory:  # st.navigation clears this flag; set = legacy routing ran us
        PagesManager.uses_pages_directory = False
        st.rerun()


def open_default_page_by_name(url_path: str) -> None:
    """A link to /<url_path> of the default page opens it, rather than 'page not found'.

    Streamlit serves the default page only at the root URL, and resolves a page asked for by name
    against the other pages' url_path alone; so a request naming the default page is made a request
    for the root before st.navigation resolves it.
    """
    context = get_script_run_ctx()
    manager = context.pages_manager if context else None
    if manager is not None and not manager.intended_page_script_hash and manager.intended_page_name == url_path:
        manager.set_script_intent("", "")
