"""Commentary & actions: write this month's commentary and actions, and read everything written for the month."""

import streamlit as st

from core.access import Capability
from ui.access import can, require
from ui.area_page import heading
from ui.filters import current_filters
from ui.notes import render_writing, show_notes
from ui.shell import require_shell
from ui.state import current_model, current_source

require_shell()
require(Capability.view_scorecard)  # everyone who sees the scorecard reads the notes; managers write them

filters = current_filters()
model = current_model()
heading("Commentary & actions", filters)
if can(Capability.write_commentary):
    render_writing(model, current_source(), str(filters.month))
st.subheader(f"Written for {filters.month.strftime('%B %Y')}")
subjects = {*model.indicators, *(ind.area for ind in model.indicators.values())}
if not any(n.period == str(filters.month) for n in [*model.commentary, *model.actions]):
    st.write("Nothing yet for this month.")
show_notes(model, str(filters.month), subjects)
