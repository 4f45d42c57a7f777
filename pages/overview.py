"""Overview: the headlines, RAG counts per area, and the exceptions that need attention."""

import pandas as pd
import streamlit as st

from core.access import Capability
from core.present.labels import RAG_STYLES, direction_label, rag_label
from core.views.overview import (
    exceptions,
    going_well,
    headline_sentences,
    rag_counts_by_area,
)
from ui.access import require
from ui.area_page import INDICATOR_PAGE, heading
from ui.cached import scorecard_view
from ui.exports import render_downloads
from ui.filters import current_filters
from ui.literal import literal
from ui.scenario import active_scenario
from ui.shell import require_shell
from ui.state import current_model

require_shell()
require(Capability.view_scorecard)

filters = current_filters()
heading("Corporate Parenting scorecard", filters)
view = scorecard_view(filters)

headlines = headline_sentences(view)
if headlines:
    per_row = 2 if filters.presenter else len(headlines)  # projected figures need the width
    for start in range(0, len(headlines), per_row):
        for column, (label, figure, sentence) in zip(st.columns(per_row), headlines[start:start + per_row]):
            column.metric(literal(label), figure)
            column.caption(literal(sentence))

st.subheader("Ratings by area")
counts = rag_counts_by_area(view)
counts.columns = [RAG_STYLES[c].label() for c in counts.columns]
st.dataframe(counts.rename_axis("Area").reset_index(), hide_index=True, width="stretch",
             column_config={"Area": st.column_config.TextColumn(width="medium")})

def indicator_links(rows: pd.DataFrame, when_empty: str) -> None:
    if rows.empty:
        st.write(when_empty)
    for row in rows.itertuples():
        st.page_link(INDICATOR_PAGE, query_params={"id": row.id}, width="stretch",
                     label=f"{rag_label(row.rag)} · {literal(row.name)}")
        st.caption(literal(f"{row.display_value}, {direction_label(row.direction)}. {row.explanation}"))


left, right = st.columns(2)
with left:
    st.subheader("Needs attention")
    indicator_links(exceptions(view), "Nothing is red or showing a special-cause concern this month.")
with right:
    st.subheader("Going well")
    indicator_links(going_well(view), "No indicator is both green and improving, or showing a special-cause "
                                      "improvement, this month.")

render_downloads(current_model(), filters, active_scenario())
