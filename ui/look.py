"""Presenter mode (projection in a committee room) and the small CSS the app needs."""

from __future__ import annotations

import streamlit as st

from ui.filters import Filters

_BASE_CSS = """
<style>
/* RAG badges: the word and shape carry the meaning; the colour only repeats it. */
.rag-badge {display:inline-block; padding:0.1rem 0.4rem; border-radius:0.3rem; font-weight:600; white-space:nowrap;}
/* A projector or a small laptop needs the width for the tables, not for margins. */
[data-testid="stMainBlockContainer"] {padding-left: 2rem; padding-right: 2rem; max-width: 1400px;}
/* Headline figures and their labels wrap between words rather than end in an ellipsis, and scale down with
   the window so that a word ("Improving") fits a quarter of a projector's width whole. */
[data-testid="stMetricValue"] > div, [data-testid="stMetricValue"] p, [data-testid="stMetricLabel"] p {
  white-space: normal !important; overflow-wrap: normal !important; word-break: normal !important;
  overflow: visible !important; text-overflow: clip !important;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: clamp(1.4rem, 2.6vw, 2.25rem);}
.tile-note {color:#505a5f; font-size:0.9rem;}
/* Names wrap in full: a page link otherwise keeps to one line and cuts the name short. */
[data-testid="stPageLink"] a, [data-testid="stPageLink"] p, [data-testid="stPageLink"] span {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto;}
[data-testid="stPageLink"] a {align-items: flex-start;}
/* The page list is compact (each link still a 28 px target), so Month and Locality, the controls a meeting
   uses, are on screen without scrolling the sidebar at 1024 x 768. */
[data-testid="stSidebarNavLink"] {min-height: 28px; padding-top: 0; padding-bottom: 0; margin: 0;}
[data-testid="stSidebarNavItems"] {gap: 0; padding-top: 0;}
[data-testid="stSidebarNavItems"] li {margin: 0;}
[data-testid="stSidebarNavSeparator"] {margin-top: 0.25rem; margin-bottom: 0.25rem;}
[data-testid="stSidebarHeader"] {margin-bottom: 0; height: 2.5rem;}
</style>
"""

_PRESENTER_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] {font-size: 22px;}
[data-testid="stAppViewContainer"] p, [data-testid="stAppViewContainer"] li {font-size: 1.2rem;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: clamp(1.4rem, 3.2vw, 2.4rem) !important;
  line-height: 1.1;}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {font-size: 1.3rem !important;}
[data-testid="stAppViewContainer"] {background:#ffffff; color:#000000;}
[data-testid="stToolbar"], [data-testid="stDecoration"] {display:none;}
[data-testid="stDataFrame"] {font-size: 1.1rem;}
/* The projector's whole width goes to the scorecard: the sidebar (and the button that opens it) is put away,
   and the presenter bar above each page keeps the pages, the month, the locality and the way out. */
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"], [data-testid="stHeader"] {display: none !important;}
[data-testid="stMainBlockContainer"] {padding-top: 1.5rem;}
/* A scorecard heading or word keeps whole ('Outlook', not 'Outloo' over 'k'): at most it reaches into the gap. */
[class*="st-key-scorecard_head"] p, [class*="st-key-scorecard_row"] p {overflow-wrap: normal !important;
  word-break: normal !important;}
/* At projector size a rating may take two lines inside its badge rather than run over the direction beside it. */
.rag-badge {white-space: normal;}
</style>
"""


def apply_look(filters: Filters) -> None:
    st.html(_BASE_CSS + (_PRESENTER_CSS if filters.presenter else ""))
