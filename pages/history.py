"""History & replay: every publication (withdrawn ones marked), what later editions restated, a replay of any of
them, withdrawal with a reason (managers), and the audit trail of who did what, in UK local time."""

import pandas as pd
import streamlit as st

from core.access import Capability
from core.present.format import uk_time
from ui.access import can, current_person, require
from ui.downloads import XLSX_MIME
from ui.literal import literal
from ui.publishing import (
    STORE_FAILURES,
    all_publications,
    audit_table,
    audit_trail,
    failure_text,
    history_store,
    restatement_table,
    restatements_shown,
    upload_content,
    upload_report,
    withdraw,
)
from ui.replay import data_page_heading
from ui.shell import require_shell
from ui.state import STORE_PROBLEM_KEY, current_model, use_current, use_replay

require_shell()
require(Capability.view_history)

source = data_page_heading("History & replay")
if message := st.session_state.pop("history_message", None):
    st.success(literal(message), icon=":material/history:")
uploads = all_publications()
if not uploads:
    problem = st.session_state.get(STORE_PROBLEM_KEY)
    st.info(literal(problem) if problem else "Nothing has been published yet. Check a workbook on **Upload & check** and press "
            "**Publish for everyone**: it then shows here, and its months join the shared trends.")
    st.stop()

current = [r for r in uploads if not r.withdrawn]
current_id = current[-1].id if current else None
st.caption(f"{len(uploads)} published upload(s), {len(uploads) - len(current)} withdrawn, kept in the "
           f"{history_store().backend} history store. The current scorecard is the latest edition not withdrawn; "
           "each month's figure comes from the latest such edition that reports it. A replay shows an upload as it "
           "was presented then. Times are UK local time.")
newest_first = list(reversed(uploads))


def status(record) -> str:  # noqa: ANN001 - an UploadRecord
    if record.withdrawn:
        return f"withdrawn {uk_time(record.withdrawn_at)}: {record.withdrawn_reason}"
    return "current" if record.id == current_id else "published"


st.dataframe(pd.DataFrame([{
    "Edition": r.label.removesuffix(" upload"), "File": r.file_name, "Status": status(r), "Authority": r.authority,
    "Published": uk_time(r.published_at), "Published by": r.published_by or "", "Uploaded by": r.uploaded_by or "",
    "Layout": r.layout,
} for r in newest_first]), hide_index=True, width="stretch", key="publications_table", placeholder="")

by_id = {r.id: r for r in uploads}
default = source.upload_id if source.kind == "replay" and source.upload_id in by_id else newest_first[0].id
if st.session_state.get("replay_pick") not in by_id:
    st.session_state["replay_pick"] = default
picked = st.selectbox("Upload", list(by_id)[::-1], key="replay_pick",
                      format_func=lambda i: f"{by_id[i].label} · {by_id[i].file_name} · "
                                            f"published {uk_time(by_id[i].published_at)}"
                                            + (" · WITHDRAWN" if by_id[i].withdrawn else ""))
record = by_id[picked]
replay_col, back_col, file_col = st.columns(3)
if replay_col.button("Replay", key="replay_upload", type="primary",
                     help="See the scorecard exactly as it was presented when this upload was published"):
    use_replay(record)
    st.rerun()
if back_col.button("Back to current", key="back_to_current", disabled=source.kind != "replay"):
    use_current()
    st.rerun()
if can(Capability.view_source):  # the workbook's own figures: small numbers and all
    file_col.download_button("Download as uploaded", upload_content(record.id), record.file_name,
                             XLSX_MIME, key="download_uploaded",  # short: a third of a projector's width
                             help="The workbook exactly as it was uploaded, small numbers and all: not for projecting.")
st.caption(f"Validation when uploaded: {upload_report(record.id).summary()}. Checksum {record.checksum[:16]}…")

if can(Capability.withdraw) and not record.withdrawn:
    with st.expander(f"Withdraw the {record.label}"):
        st.write("A withdrawn publication is no longer part of the current data; it stays here, marked withdrawn, "
                 "and can still be replayed. Every open session learns of it within 30 seconds.")
        reason = st.text_input("Why is it withdrawn?", key="withdraw_reason", max_chars=500)
        if st.button("Withdraw", key="withdraw_publication", disabled=not reason.strip()):
            try:
                withdraw(record.id, current_person(), reason)
            except STORE_FAILURES as error:
                st.error(f"Could not withdraw: {literal(failure_text(error))}")
            else:
                st.session_state["history_message"] = f"Withdrew {record.file_name}: {reason.strip()}"
                st.rerun()

st.header("Restatements")
restated = restatement_table()
names = {indicator_id: indicator.name for indicator_id, indicator in current_model().indicators.items()}
if restated.empty:
    st.write("No published upload has changed a figure an earlier one gave.")
else:
    with_figures = can(Capability.view_source)
    st.caption("A later edition gave a different figure for a month an earlier edition reported. Both are kept; "
               "the later one is shown." + (
                   " **The figures are as the workbooks gave them, small numbers and all: do not show them in a "
                   "public meeting.**" if with_figures else ""))
    st.dataframe(restatements_shown(restated, names, with_figures), hide_index=True, width="stretch",
                 placeholder="")

st.subheader("Who did what")
events = audit_trail()
if not can(Capability.upload):  # an upload is a manager's working step: a draft's name is not for everyone
    events = [e for e in events if e.action != "uploaded"]
st.dataframe(audit_table(events, names), hide_index=True, width="stretch", key="audit_table", placeholder="")
