"""The sidebar filters that follow the user across pages and live in the URL (shareable)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from core.model import WHOLE_AUTHORITY, Dataset
from ui.publishing import deployment_threshold

MAX_THRESHOLD = 50
_INITIALISED = "filters_from_url"
OPEN_AT_MONTH = "open_at_month"  # a month a chart click chose, for the sidebar to take on the next run
_LATEST_SEEN = "f_month_latest_seen"  # the latest month of the data the month was chosen on


@dataclass(frozen=True)
class Filters:
    month: pd.Period
    locality: str
    threshold: int
    presenter: bool
    colour_safe: bool

    @property
    def is_locality(self) -> bool:
        return self.locality != WHOLE_AUTHORITY


def month_label(period: str) -> str:
    return pd.Period(period, freq="M").strftime("%B %Y")


def _from_url(model: Dataset) -> None:
    """On a session's first run, take the filters from the URL where they are valid."""
    if st.session_state.get(_INITIALISED):
        return
    params = st.query_params
    months = [str(p) for p in model.periods]
    if params.get("month") in months:
        st.session_state["f_month"] = params["month"]
    if params.get("locality") in model.localities:
        st.session_state["f_locality"] = params["locality"]
    threshold = params.get("threshold", "")
    if threshold.isdigit() and int(threshold) <= MAX_THRESHOLD:  # below the deployment's: raised in _keep_valid
        st.session_state["f_threshold"] = int(threshold)
    st.session_state["f_presenter"] = params.get("presenter") == "1"
    st.session_state["f_colour_safe"] = params.get("palette") == "safe"
    st.session_state[_INITIALISED] = True


def _keep_valid(model: Dataset) -> None:
    """A new upload may not have the month or locality chosen before: fall back to the defaults."""
    months = [str(p) for p in model.periods]
    latest = str(model.latest_period) if model.latest_period is not None else months[-1]
    seen = st.session_state.get(_LATEST_SEEN)
    # Data that runs to another month (next month's workbook, an older publication replayed) opens at its own latest
    # month, as a first visit would; a month chosen on the data in use stays while that data does.
    chosen = st.session_state.get("f_month")
    if chosen not in months or (seen is not None and seen != latest):
        st.session_state["f_month"] = latest
        if chosen is not None and chosen != latest:  # say so: the month moved without being asked
            st.toast(f"Now showing {month_label(latest)}, the latest month of the data in use.",
                     icon=":material/calendar_month:")
    st.session_state[_LATEST_SEEN] = latest
    if st.session_state.get("f_locality") not in model.localities:
        st.session_state["f_locality"] = WHOLE_AUTHORITY
    # A viewer may raise the deployment's threshold for themselves, never lower it (by control or URL).
    floor = deployment_threshold()
    if int(st.session_state.get("f_threshold", 0)) < floor:
        st.session_state["f_threshold"] = floor
    st.session_state.setdefault("f_presenter", False)
    st.session_state.setdefault("f_colour_safe", False)


def render_sidebar(model: Dataset) -> Filters:
    _from_url(model)
    opened_at = st.session_state.pop(OPEN_AT_MONTH, None)  # a month chosen on a chart, before its widget exists
    if opened_at in [str(p) for p in model.periods]:
        st.session_state["f_month"] = opened_at
    _keep_valid(model)
    months = [str(p) for p in model.periods]
    with st.sidebar:
        st.selectbox("Month", months, key="f_month", format_func=month_label,
                     help="Month-end snapshot. The latest month with figures is chosen by default.")
        st.selectbox("Locality", model.localities, key="f_locality",
                     help="Whole authority, or one locality. Small numbers are withheld in locality views.")
        with st.expander("Display options"):
            st.toggle("Presenter mode (large type, high contrast)", key="f_presenter")
            st.toggle("Colour-blind-safe palette", key="f_colour_safe")
            st.number_input("Withhold counts below", min_value=deployment_threshold(), max_value=MAX_THRESHOLD, step=1,
                            key="f_threshold",
                            help="Counts under this number are withheld (shown as c). A manager sets the lowest "
                                 "for everyone; you can raise it for yourself, not lower it.")
    filters = current_filters()
    # Update rather than replace: a page may keep its own parameter (the indicator id) beside these.
    params = st.query_params
    params.update({"month": str(filters.month), "locality": filters.locality, "threshold": str(filters.threshold)})
    for key, wanted, value in (("presenter", filters.presenter, "1"), ("palette", filters.colour_safe, "safe")):
        if wanted:
            params[key] = value
        elif key in params:
            del params[key]
    return filters


def current_filters() -> Filters:
    state = st.session_state
    return Filters(
        month=pd.Period(state["f_month"], freq="M"),
        locality=state["f_locality"],
        threshold=int(state["f_threshold"]),
        presenter=bool(state["f_presenter"]),
        colour_safe=bool(state["f_colour_safe"]),
    )
