"""Presenter mode (projection in a committee room) and the small CSS the app needs."""

from __future__ import annotations

import streamlit as st

from ui.filters import Filters

_BASE_CSS = """
<style>
/* RAG badges: the word and shape carry the meaning; the colour only repeats it. */
.rag-badge {display:inline-block; padding:0.1rem 0.5rem; border-radius:0.3rem; font-weight:600;}
.tile-note {color:#505a5f; font-size:0.9rem;}
</style>
"""

_PRESENTER_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] {font-size: 22px;}
[data-testid="stAppViewContainer"] p, [data-testid="stAppViewContainer"] li {font-size: 1.2rem;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 3rem !important; line-height: 1.1;}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {font-size: 1.3rem !important;}
[data-testid="stAppViewContainer"] {background:#ffffff; color:#000000;}
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {display:none;}
[data-testid="stDataFrame"] {font-size: 1.1rem;}
</style>
"""


def apply_look(filters: Filters) -> None:
    st.html(_BASE_CSS + (_PRESENTER_CSS if filters.presenter else ""))
