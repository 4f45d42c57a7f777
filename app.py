"""Corporate Parenting scorecard explorer: the entrypoint. Pages live in pages/, one file each."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.access import Capability, Role
from ui.access import can, current_role, sign_in_panel
from ui.area_page import unclaimed_areas
from ui.errors import page_errors_contained
from ui.filters import render_sidebar
from ui.freshness import publication_notice, watch_publications
from ui.literal import literal
from ui.look import apply_look
from ui.presenter import presenter_bar
from ui.shell import open_default_page_by_name
from ui.state import current_model, current_source

FAVICON = Path(__file__).parent / "ui" / "favicon.png"  # shipped: a material icon would be fetched online
st.set_page_config(page_title="Corporate Parenting scorecard", page_icon=str(FAVICON), layout="wide")

# url_path is each file's own name: Streamlit's legacy pages/ routing (used for a fresh server's
# first request) then finds the same page a shared link names, instead of answering "page not found".
PAGES = {
    "Scorecard": [
        st.Page("pages/overview.py", title="Overview", icon=":material/home:", url_path="overview", default=True),
        st.Page("pages/children_in_care.py", title="Children in care", icon=":material/child_care:", url_path="children_in_care"),
        st.Page("pages/care_leavers.py", title="Care leavers", icon=":material/school:", url_path="care_leavers"),
        st.Page("pages/education.py", title="Education", icon=":material/menu_book:", url_path="education"),
        st.Page("pages/adoption.py", title="Adoption", icon=":material/family_restroom:", url_path="adoption"),
        st.Page("pages/fostering.py", title="Fostering", icon=":material/diversity_3:", url_path="fostering"),
        st.Page("pages/safeguarding.py", title="Safeguarding", icon=":material/shield:", url_path="safeguarding"),
        st.Page("pages/indicator.py", title="Indicator detail", icon=":material/monitoring:", url_path="indicator"),
    ],
    "Tools": [
        st.Page("pages/whatif.py", title="What-if targets", icon=":material/science:", url_path="whatif"),
        st.Page("pages/notes.py", title="Commentary & actions", icon=":material/edit_note:", url_path="notes"),
    ],
    "Data": [
        st.Page("pages/upload.py", title="Upload & check", icon=":material/upload_file:", url_path="upload"),
        st.Page("pages/history.py", title="History & replay", icon=":material/history:", url_path="history"),
        st.Page("pages/definitions.py", title="Definitions", icon=":material/dictionary:", url_path="definitions"),
        st.Page("pages/accessibility.py", title="Accessibility", icon=":material/accessibility:",
                url_path="accessibility"),
    ],
}

# What each page needs: a page a role cannot use is left out of its navigation (and refuses a direct URL).
NEEDS = {"whatif": Capability.try_whatif, "upload": Capability.upload, "history": Capability.view_history}

if current_role() is Role.nobody:  # the settings show nothing to visitors who are not signed in
    sign_in_panel()
    st.navigation([st.Page("pages/sign_in.py", title="Sign in", icon=":material/login:", url_path="sign_in",
                           default=True)]).run()
    st.stop()

model = current_model()
if unclaimed_areas(model):  # indicators that matched nothing still get a page
    PAGES["Scorecard"].insert(-1, st.Page("pages/other.py", title="Other indicators", icon=":material/more_horiz:",
                                          url_path="other"))
allowed = {section: [page for page in pages if can(NEEDS.get(page.url_path, Capability.view_scorecard))]
           for section, pages in PAGES.items()}
allowed = {section: pages for section, pages in allowed.items() if pages}
open_default_page_by_name("overview")
# every page the role may use is listed: a hidden "View more" loses people
navigation = st.navigation(allowed, expanded=True)
filters = render_sidebar(model)
apply_look(filters)
if filters.presenter:
    presenter_bar(model, allowed)
st.sidebar.caption(literal(current_source().describe()))  # it names the uploaded file
# In presenter mode the sidebar is put away: what a publication has changed is said above the page instead.
news = st.container() if filters.presenter else st.sidebar
publication_notice(news)
sign_in_panel()
with news:
    watch_publications()
with page_errors_contained(navigation.title):
    navigation.run()
