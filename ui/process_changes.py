"""Process-change marks from the app's side: read (cached briefly) for SPC, and the form that marks a month.

A manager marks (indicator, month, reason); SPC limits are recalculated from that month on every page.
Only managers see the form (behind an expander on the indicator page); the mark records who they are.
"""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from core.store import ProcessChange
from core.store.marks import marks_frame
from ui.access import current_person, sign_in_configured
from ui.publishing import (
    STORE_FAILURES,
    VERSION_TTL_SECONDS,
    failure_text,
    history_store,
    store_url,
)

_log = logging.getLogger(__name__)


@st.cache_data(ttl=VERSION_TTL_SECONDS, show_spinner=False)
def _marks(url: str) -> pd.DataFrame:
    return history_store().process_changes()


def process_change_marks() -> pd.DataFrame:
    """Every mark (indicator_id, period, reason, ...); none when the store cannot be read (SPC still shows)."""
    try:
        return _marks(store_url())
    except STORE_FAILURES as error:
        _log.warning("process-change marks unreadable: %s", failure_text(error))
        return marks_frame([])


def marks_key(marks: pd.DataFrame) -> str:
    """A short text that changes whenever the marks do: what cached views key on."""
    return ";".join(f"{i}@{p}" for i, p in zip(marks["indicator_id"], marks["period"].astype(str)))


def marked_months(marks: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """This indicator's marks, oldest first."""
    return marks[(marks["indicator_id"] == indicator_id).to_numpy()].reset_index(drop=True)


def mark_process_change_form(indicator_id: str, months: list[pd.Period]) -> None:
    """The expander where a manager marks a month of this indicator as a process change, or removes a mark."""
    marks = marked_months(process_change_marks(), indicator_id)
    with st.expander("Mark a process change"):
        st.caption("Mark the first month of a new process (a redefinition, a new service). SPC limits are "
                   "worked out again from that month for this indicator in every locality.")
        with st.form(f"process_change_{indicator_id}", clear_on_submit=True):
            month = st.selectbox("First month of the new process", months[::-1],
                                 format_func=lambda m: m.strftime("%B %Y"), key=f"pc_month_{indicator_id}")
            reason = st.text_input("Reason", max_chars=2000, key=f"pc_reason_{indicator_id}",
                                   placeholder="e.g. definition changed to include 16-17 year olds")
            who = "" if sign_in_configured() else st.text_input("Your name", key=f"pc_who_{indicator_id}")
            if st.form_submit_button("Mark the process change"):
                _save(indicator_id, month, reason, who)
        for row in marks.itertuples():
            left, right = st.columns([4, 1])
            left.text(f"{row.period.strftime('%B %Y')}: {row.reason}")  # a manager's words: shown literally
            if right.button("Remove", key=f"pc_remove_{indicator_id}_{row.period}"):
                _remove(indicator_id, str(row.period))


def _save(indicator_id: str, month: pd.Period, reason: str, who: str) -> None:
    try:
        change = ProcessChange(indicator_id=indicator_id, period=month, reason=reason,
                               marked_by=who.strip() or current_person())
    except ValidationError:
        st.error("Give a reason for the process change: the chart shows it beside the break.")
        return
    try:
        history_store().mark_process_change(change)
    except STORE_FAILURES as error:
        st.error(f"The mark could not be kept: {failure_text(error)}")
        return
    _marks.clear()
    st.rerun()


def _remove(indicator_id: str, period: str) -> None:
    try:
        history_store().remove_process_change(indicator_id, period)
    except STORE_FAILURES as error:
        st.error(f"The mark could not be removed: {failure_text(error)}")
        return
    _marks.clear()
    st.rerun()
