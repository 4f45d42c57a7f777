"""The authority's name where the workbook does not give it: asked on the Upload page, kept with the upload.

Prefilled from the last publication that named one, so next month's upload needs one click, not typing.
"""

from __future__ import annotations

import streamlit as st

from core.model import Dataset
from core.store import UploadRecord, last_named_authority

AUTHORITY_KEY = "upload_authority"


def workbook_authority(model: Dataset) -> str:
    """The authority as the Upload page's summary names it: never the placeholder of an unnamed workbook."""
    return model.about.authority if model.about.authority_named else "Authority not named in the workbook"


def ask_authority(model: Dataset, published: list[UploadRecord]) -> str:
    """The authority this upload is for: the workbook's own, else what the manager types ('' until then)."""
    if model.about.authority_named:
        return model.about.authority
    typed = st.text_input(
        "Which authority is this scorecard for?", value=last_named_authority(published), key=AUTHORITY_KEY,
        max_chars=120, help="The workbook does not say. The name is kept with the upload and shown on every page.")
    if not typed.strip():
        st.warning("Name the authority to use or publish this workbook.", icon=":material/badge:")
    return typed.strip()
