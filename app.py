"""Corporate Parenting scorecard explorer: the entrypoint. Pages live in pages/, one file each."""

from __future__ import annotations

import streamlit as st

from ui.filters import render_sidebar
from ui.look import apply_look
from ui.state import current_model, current_source

st.set_page_config(page_title="Corporate Parenting scorecard", page_icon="📊", layout="wide")

PAGES = {
    "Scorecard": [
        st.Page("pages/overview.py", title="Overview", icon="🏠", url_path="overview", default=True),
        st.Page("pages/children_in_care.py", title="Children in care", icon="🧒", url_path="children-in-care"),
        st.Page("pages/care_leavers.py", title="Care leavers", icon="🎓", url_path="care-leavers"),
        st.Page("pages/education.py", title="Education", icon="📚", url_path="education"),
        st.Page("pages/adoption.py", title="Adoption", icon="🏡", url_path="adoption"),
        st.Page("pages/fostering.py", title="Fostering", icon="🤝", url_path="fostering"),
        st.Page("pages/safeguarding.py", title="Safeguarding", icon="🛡️", url_path="safeguarding"),
        st.Page("pages/indicator.py", title="Indicator detail", icon="📈", url_path="indicator"),
    ],
    "Data": [
        st.Page("pages/upload.py", title="Upload & check", icon="⬆️", url_path="upload"),
        st.Page("pages/definitions.py", title="Definitions", icon="📖", url_path="definitions"),
    ],
}

navigation = st.navigation(PAGES)
model = current_model()
filters = render_sidebar(model)
apply_look(filters)
st.sidebar.caption(current_source().describe())
navigation.run()
