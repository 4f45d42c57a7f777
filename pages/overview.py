"""Overview: the headlines, then what needs attention (worst first), what is going well, the last year's ratings."""

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
from ui.area_page import INDICATOR_PAGE, heading, open_indicator
from ui.cached import rag_history_view, scorecard_view
from ui.charts import rag_history_figure
from ui.exports import render_downloads
from ui.filters import current_filters
from ui.literal import literal, literal_frame
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


def indicator_links(rows: pd.DataFrame, when_empty: str) -> None:
    if rows.empty:
        st.write(when_empty)
    for row in rows.itertuples():
        st.page_link(INDICATOR_PAGE, query_params={"id": row.id}, width="stretch",
                     label=f"{rag_label(row.rag)} · {literal(row.name)}")
        st.caption(literal(f"{row.display_value} · {direction_label(row.direction)} · {row.explanation}"))


left, right = st.columns(2)
with left:
    st.header("Needs attention", anchor=False)
    st.caption("Red or Amber and getting worse, or getting worse with a special-cause concern (even without a "
               "target), furthest from target first; then Red but not getting worse.")
    attention = exceptions(view)
    worse = attention[attention["getting_worse"]]
    indicator_links(worse, "Nothing is getting worse while red or amber this month.")
    steady = attention[~attention["getting_worse"]]
    if len(steady):
        with st.expander(f"Red but not getting worse: {len(steady)}"):
            indicator_links(steady, "")
with right:
    st.header("Going well", anchor=False)
    st.caption("Green and improving, or a special-cause improvement (never anything that needs attention).")
    indicator_links(going_well(view), "No indicator is both green and improving, or showing a special-cause "
                                      "improvement, this month.")

st.header("Ratings over the last 12 months", anchor=False)
history = rag_history_view(filters)
if history.empty:
    st.write("No indicator has a target to rate against.")
else:
    st.caption("One row per indicator with a target, one mark per month: its shape (● ▲ ■ ○ –) and its colour "
               "both give the rating. Choose a mark to open that indicator at that month.")
    picked = st.plotly_chart(rag_history_figure(history, filters.colour_safe, filters.presenter),
                             key="rag_history", on_select="rerun", selection_mode="points",
                             config={"displayModeBar": False})
    points = picked.selection.points if picked else []
    if points:
        indicator_id, month = points[0]["customdata"]
        open_indicator(str(indicator_id), str(month))  # at the month chosen, not the sidebar's

st.header("Ratings by area", anchor=False)
counts = rag_counts_by_area(view)
counts.columns = [RAG_STYLES[c].label() for c in counts.columns]
st.table(literal_frame(counts.rename_axis("Area")))  # st.table reads cells as Markdown

render_downloads(current_model(), filters, active_scenario())
