"""An unexpected error in a page: the viewer sees one plain sentence, the server log gets the trace.

Streamlit's own error box shows the exception and, by default, its traceback: internal names and
paths on a screen shared in a public meeting. .streamlit/config.toml turns that off
(showErrorDetails = "none") and page_errors_contained() catches what a page raises first.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

PLAIN_SENTENCE = ("Something went wrong while showing this page. It has been recorded for the team that runs "
                  "this service; choose the page again, or another page.")
_log = logging.getLogger(__name__)


@contextmanager
def page_errors_contained(where: str) -> Iterator[None]:
    """Run a page: st.stop and st.rerun pass through (they are not Exceptions), anything else is logged."""
    try:
        yield
    except Exception:  # noqa: BLE001 - the whole point: no error reaches a viewer as a traceback
        _log.exception("unexpected error in %s", where)
        st.error(PLAIN_SENTENCE, icon=":material/error:")
