"""Overview: the headlines, RAG counts per area, and the exceptions that need attention."""

import streamlit as st

from core.exceptions import exceptions, going_well, rag_counts_by_area
from core.headlines import headline_sentences
from core.presentation import RAG_STYLES, direction_label, rag_label
from ui.area_page import INDICATOR_PAGE, heading
from ui.filters import current_filters
from ui.views import scorecard_view
from ui.shell import require_shell

require_shell()

filters = current_filters()
heading("Corporate Parenting scorecard", filters)
view = scorecard_view(filters)

headlines = headline_sentences(view)
if headlines:
    for column, (label, figure, sentence) in zip(st.columns(len(headlines)), headlines):
        column.metric(label, figure)
        column.caption(sentence)

st.subheader("Ratings by area")
counts = rag_counts_by_area(view)
counts.columns = [RAG_STYLES[c].label() for c in counts.columns]
st.dataframe(counts, width="stretch")

left, right = st.columns(2)
with left:
    st.subheader("Needs attention")
    worries = exceptions(view)
    if worries.empty:
        st.write("Nothing is red or showing a special-cause concern this month.")
    for row in worries.itertuples():
        st.page_link(INDICATOR_PAGE, query_params={"id": row.id},
                     label=f"{rag_label(row.rag)} · {row.name}: {row.display_value} ({direction_label(row.direction)})")
        st.caption(f"{row.why_listed}. {row.rag_reason}")
with right:
    st.subheader("Going well")
    good = going_well(view)
    if good.empty:
        st.write("No indicator is both green and improving, or showing a special-cause improvement, this month.")
    for row in good.itertuples():
        st.page_link(INDICATOR_PAGE, query_params={"id": row.id},
                     label=f"{rag_label(row.rag)} · {row.name}: {row.display_value} ({direction_label(row.direction)})")
