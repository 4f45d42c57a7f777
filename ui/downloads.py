"""Files the app offers for download, built once and cached."""

from __future__ import annotations

import io

import streamlit as st

from core.template.contract import write_template


@st.cache_data(show_spinner=False)
def blank_template() -> bytes:
    buffer = io.BytesIO()
    write_template(buffer)
    return buffer.getvalue()


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
