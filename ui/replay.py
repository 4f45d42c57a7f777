"""The replay banner under every page title, and restatement notes in an indicator's provenance."""

from __future__ import annotations

import streamlit as st

from ui.filters import Filters
from ui.literal import literal
from ui.publishing import restatement_notes
from ui.state import DataSource, current_source, use_current


def replay_banner() -> None:
    source = current_source()
    if source.kind != "replay":
        return
    text, button = st.columns([5, 1], vertical_alignment="center")
    text.warning(f"**{literal(source.describe())}.** Figures, targets, ratings and commentary as they were presented then.",
                 icon=":material/history:")
    button.button("Back to current", key="replay_banner_back", on_click=use_current, type="primary")


def data_page_heading(title: str) -> DataSource:
    """Title, replay banner and what the session is showing: the top of the Upload and History pages."""
    st.title(title)
    replay_banner()
    source = current_source()
    st.write(f"**Showing now:** {literal(source.describe())}")
    return source


def restatement_captions(indicator_id: str, filters: Filters) -> None:
    """Figures of this indicator a later published edition changed (only for the shared, published data)."""
    source = current_source()
    if source.kind not in ("published", "replay"):
        return  # the sample and a draft are one workbook each: nothing was restated
    replay_of = source.upload_id if source.kind == "replay" else None
    for note in restatement_notes(indicator_id, filters.locality, filters.month, replay_of):
        st.caption(f"Restated: {literal(note)}. Both figures are kept in the history; the later one is shown.")
    # (the earlier figure is for managers, on History & replay: it has not been through small-number control)
