"""Commentary and actions: shown on the pages under the figures, written on the Commentary & actions page.

Notes are kept in the history store with the upload the session is showing: on a draft they stay
private to this session until the workbook is published; on published data they are published at once.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from core.model import Action, ActionStatus, Commentary, Dataset
from core.present.labels import ACTION_STATUS_LABELS
from ui.literal import literal, literal_frame
from ui.publishing import STORE_FAILURES, failure_text, publish, write_note
from ui.state import DataSource, current_result, use_current


def subject_name(model: Dataset, subject: str) -> str:
    """An indicator id as its name; an area as itself."""
    indicator = model.indicators.get(subject)
    return indicator.name if indicator else subject


def show_notes(model: Dataset, month: str, subjects: set[str]) -> None:
    """The month's commentary and actions about these areas or indicators, as written (never as Markdown)."""
    for note in [c for c in model.commentary if c.period == month and c.subject in subjects]:
        with st.container(border=True):
            author = f" — {note.author}" if note.author else ""
            st.caption(f"Commentary: {literal(subject_name(model, note.subject))}{literal(author)}")
            st.text(note.text)
    actions = [a for a in model.actions if a.period == month and a.subject in subjects]
    if actions:
        st.markdown("**Actions**")
        st.table(literal_frame(action_table(model, actions).set_index("Action")))  # a few rows, read in full


def action_table(model: Dataset, actions: list[Action]) -> pd.DataFrame:
    return pd.DataFrame([{"Action": a.what, "About": subject_name(model, a.subject), "Owner": a.owner,
                          "Due": a.due.strftime("%d %b %Y"), "Status": ACTION_STATUS_LABELS[a.status]}
                         for a in actions], columns=["Action", "About", "Owner", "Due", "Status"])


def _subjects(model: Dataset) -> dict[str, str]:
    """What a note can be about: each area, then each indicator under its area (key -> label)."""
    areas = sorted({ind.area for ind in model.indicators.values()})
    return {**{area: f"Area: {area}" for area in areas},
            **{key: f"{ind.area} · {ind.name}" for key, ind in model.indicators.items()}}


def _save(upload_id: int, note: Commentary | Action, what: str) -> None:
    try:
        write_note(upload_id, note)
    except STORE_FAILURES as error:
        st.error(f"The {what} could not be kept: {failure_text(error)}")
    else:
        st.session_state["notes_message"] = f"Saved the {what}."
        st.rerun()


def _publish_button(source: DataSource) -> None:
    """Publish the draft workbook with the notes written on it (the same publication as the Upload page's)."""
    if not st.button("Publish the workbook and these notes for everyone", key="publish_with_notes"):
        return
    try:
        record = publish(st.session_state["upload_bytes"], source.name, current_result(), who="")
    except STORE_FAILURES as error:
        st.error(f"Could not publish: {failure_text(error)}")
        return
    st.session_state["notes_message"] = f"Published {record.file_name} ({record.label}) and its notes for everyone."
    use_current()
    st.rerun()


def render_writing(model: Dataset, source: DataSource, month: str) -> None:
    """The two forms: commentary, and an action (what, owner, due date, status)."""
    if source.kind not in ("upload", "published") or source.upload_id is None:
        st.info("Commentary and actions are kept with an upload. Upload a workbook on **Upload & check** and use "
                "it (a draft), or publish one, to write them here."
                + (" A replay shows the notes as they were written then and cannot be changed." if
                   source.kind == "replay" else ""))
        return
    if source.kind == "upload":
        st.caption("You are writing on your draft: only this session sees these notes until the workbook is "
                   "published.")
        _publish_button(source)
    else:
        st.caption("You are writing on the published data: a note is published for everyone when you save it.")
    if message := st.session_state.pop("notes_message", None):
        st.success(literal(message))  # may name the uploaded file
    subjects = _subjects(model)
    left, right = st.columns(2)
    with left.form("commentary_form", clear_on_submit=True):
        st.markdown("**Commentary**")
        subject = st.selectbox("Commentary about", list(subjects), format_func=subjects.get,
                               key="commentary_subject")
        text = st.text_area("Commentary", max_chars=4000, key="commentary_text")
        author = st.text_input("Your name or role", max_chars=200, key="commentary_author")
        if st.form_submit_button("Save commentary"):
            if not text.strip():
                st.error("Write the commentary first.")
            else:
                _save(source.upload_id, Commentary(subject=subject, period=month, text=text.strip(),
                                                   author=author.strip() or None), "commentary")
    with right.form("action_form", clear_on_submit=True):
        st.markdown("**Action**")
        subject = st.selectbox("Action about", list(subjects), format_func=subjects.get, key="action_subject")
        what = st.text_input("What will be done", max_chars=1000, key="action_what")
        owner = st.text_input("Owner", max_chars=200, key="action_owner")
        due = st.date_input("Due", value=date.today() + timedelta(days=28), key="action_due", format="DD/MM/YYYY")
        status = st.selectbox("Status", list(ActionStatus), format_func=ACTION_STATUS_LABELS.get, key="action_status")
        if st.form_submit_button("Save action"):
            try:
                action = Action(subject=subject, period=month, what=what, owner=owner, due=due, status=status)
            except ValidationError:
                st.error("An action needs what will be done, an owner and a due date.")
            else:
                _save(source.upload_id, action, "action")
