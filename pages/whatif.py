"""What-if targets: try other targets and amber bands, see which ratings change, apply them to every page or reset.

Layout only; the pieces are in ui/whatif.py. Apply and Reset change every page (the banner), so
they sit outside the fragment that holds the grid and the difference.
"""

import streamlit as st

from core.access import Capability
from ui.access import require
from ui.area_page import heading
from ui.filters import current_filters
from ui.shell import require_shell
from ui.whatif import (
           NAME_KEY,
           apply_draft,
           editor_and_difference,
           init_draft,
           keep_name,
           reset,
)

require_shell()
require(Capability.try_whatif)

filters = current_filters()
init_draft()
heading("What-if targets", filters)
st.caption("Try other targets and amber bands without touching the official ones. The difference updates as you "
           "edit, for the month and locality chosen in the sidebar. Nothing changes elsewhere until you apply it.")
st.text_input("Scenario name", key=NAME_KEY, max_chars=100, on_change=keep_name)
with st.container(horizontal=True):  # each button as wide as its words, wrapping to a new line when narrow
    st.button("Apply to every page", key="whatif_apply", type="primary", on_click=apply_draft,
              icon=":material/check:", help="Every page then rates with these targets, under a banner.")
    st.button("Reset to official", key="whatif_reset", on_click=reset, icon=":material/restart_alt:",
              help="Empty the draft and return every page to the official targets.")
editor_and_difference(filters)
