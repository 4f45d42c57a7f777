"""Indicator detail: trend with target, benchmarks and SPC; locality comparison; values with provenance."""

import pandas as pd
import streamlit as st

from core.access import Capability
from core.model import WHOLE_AUTHORITY, AmberBand
from core.present.format import describe_band, format_targets
from core.present.labels import (
    ASSURANCE_LABELS,
    SPC_LABELS,
    direction_label,
    good_is_words,
    periodicity_words,
    rag_label,
    unit_words,
)
from core.present.provenance import values_table
from core.rules.rag import council_wide_targets
from core.rules.spc import spc_points
from core.views.public import indicator_history
from ui.access import can, require
from ui.area_page import heading
from ui.cached import breakdown_view, disclosure_for, scorecard_view
from ui.charts import locality_figure, trend_figure, trial_limits_note
from ui.filters import current_filters
from ui.literal import literal, literal_frame
from ui.notes import show_notes
from ui.process_changes import (
    mark_process_change_form,
    marked_months,
    process_change_marks,
)
from ui.replay import restatement_captions
from ui.shell import require_shell
from ui.state import current_model

require_shell()
require(Capability.view_scorecard)

filters = current_filters()
model = current_model()
ids = list(model.indicators)
wanted = st.query_params.get("id") or st.session_state.get("indicator_id")
if st.session_state.get("indicator_pick") not in ids:
    st.session_state["indicator_pick"] = wanted if wanted in ids else ids[0]
elif wanted in ids and wanted != st.session_state.get("indicator_shown"):
    st.session_state["indicator_pick"] = wanted  # arrived from a link to another indicator

heading("Indicator detail", filters)
indicator_id = st.selectbox("Indicator", ids, key="indicator_pick",
                            format_func=lambda i: f"{model.indicators[i].area} · {model.indicators[i].name}")
st.session_state["indicator_shown"] = st.session_state["indicator_id"] = indicator_id
st.query_params["id"] = indicator_id
indicator = model.indicators[indicator_id]
row = scorecard_view(filters).set_index("id").loc[indicator_id]

st.header(literal(indicator.name), anchor=False)
c1, c2, c3, c4 = st.columns(4)
c1.metric(f"{filters.month.strftime('%b %Y')}", row["display_value"])
c2.metric("Rating", rag_label(str(row["rag"])))
c3.metric("Direction of travel", direction_label(str(row["direction"])))
council_wide = bool(council_wide_targets(row.to_frame().T)[0])  # a locality's count beside the council's target
c4.metric("Target", format_targets([row["target"]], [row["unit"]], [row.get("target_text")], [council_wide])[0])
st.markdown(f"**Why this rating:** {literal(row['rag_reason'])}")
details = [f"Area: {indicator.area}", f"Good is: {good_is_words(indicator.good_is)}",
           f"Unit: {unit_words(indicator.unit)}"]
if indicator.periodicity:
    details.append(f"Periodicity: {periodicity_words(indicator.periodicity)}")
if row["target"] == row["target"] and indicator.unit:  # a target, official or from the scenario
    band = AmberBand(kind=row["band_kind"], value=row["band_value"])  # the scenario's band when one is applied
    details.append(f"Amber band: {describe_band(band, indicator.unit)}")
if indicator.arrears_months:
    details.append(f"Reported {indicator.arrears_months} month(s) in arrears")
st.caption(literal(" · ".join(details)))
if indicator.definition:
    st.caption(literal(indicator.definition))

history = indicator_history(model, indicator_id, filters.locality, filters.month, disclosure_for(filters.threshold))
visible = history.set_index("period")["value"]
marks = marked_months(process_change_marks(), indicator_id)
spc = (spc_points(visible, indicator.good_is.value if indicator.good_is else None, process_changes=marks["period"])
       if visible.notna().any() else None)
st.subheader("Trend")
chart_target = None if council_wide else row["target"]  # the council's 420 is no line for a locality's 39
st.plotly_chart(trend_figure(history, spc, indicator, chart_target, filters.colour_safe, filters.presenter,
                             marks[marks["period"] <= filters.month], outlook=row), key="trend_chart")
if note := trial_limits_note(spc):
    st.caption(note)
if row["suppressed"]:  # the words a withheld figure's own value drives are withheld with it
    st.write("This month's **SPC** signal and **target assurance** are not shown while its figure is withheld "
             "(the chart's mean and limits are worked out from the months that are shown).")
else:
    st.write(f"**SPC:** {SPC_LABELS.get(str(row['spc_signal']), row['spc_signal'])}. "
             f"**Target assurance:** {ASSURANCE_LABELS.get(str(row['assurance']), row['assurance'])}.")
if history["suppressed"].any():
    st.caption("Months with small numbers are withheld from the chart and the table (meetings are public).")
if can(Capability.mark_process_changes):  # managers only
    mark_process_change_form(indicator_id, list(history["period"]))

st.subheader("Year-end outlook")
st.write(row["outlook_reason"])
if pd.notna(row["outlook_value"]):  # drawn on the chart only where there is an outlook
    st.caption("The dashed line and shaded band on the chart: the Definitions page says how they are worked out.")
show_notes(model, str(filters.month), {indicator_id})

if len(model.localities) > 1:
    st.subheader("Localities compared")
    breakdown = breakdown_view(indicator_id, filters)
    if model.about.locality_note:
        note = model.about.locality_note  # labelled illustrative once, whether or not the note says so itself
        st.caption(literal(note if "illustrative" in note.lower() else f"Illustrative: {note}"))
    st.plotly_chart(locality_figure(breakdown, indicator, filters.presenter), key="locality_chart")
    st.table(literal_frame(breakdown[["locality", "display_value"]].rename(
        columns={"locality": "Locality", "display_value": "Figure"}).set_index("Locality")))

st.subheader("Values and where they came from")
where = "the whole authority" if filters.locality == WHOLE_AUTHORITY else filters.locality
st.caption(f"Every figure for {literal(where)} up to {filters.month.strftime('%B %Y')}: the upload, sheet and cell it was read from.")
st.table(literal_frame(values_table(history).set_index("Month")))  # st.table reads cells as Markdown
restatement_captions(indicator_id, filters)
