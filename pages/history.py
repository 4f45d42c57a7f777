"""History & replay: every published upload, what later editions restated, and a replay of any of them."""

import pandas as pd
import streamlit as st

from ui.downloads import XLSX_MIME
from ui.literal import literal
from ui.publishing import (
    history_store,
    published_uploads,
    restatement_table,
    upload_content,
    upload_report,
)
from ui.replay import data_page_heading
from ui.shell import require_shell
from ui.state import STORE_PROBLEM_KEY, use_current, use_replay

require_shell()

source = data_page_heading("History & replay")
uploads = published_uploads()
if not uploads:
    problem = st.session_state.get(STORE_PROBLEM_KEY)
    st.info(literal(problem) if problem else "Nothing has been published yet. Check a workbook on **Upload & check** and press "
            "**Publish for everyone**: it then shows here, and its months join the shared trends.")
    st.stop()

st.caption(f"{len(uploads)} published upload(s), kept in the {history_store().backend} history store. "
           "The current scorecard is the latest edition; each month's figure comes from the latest edition "
           "that reports it. A replay shows an upload as it was presented then.")
newest_first = list(reversed(uploads))
current_id = uploads[-1].id
st.dataframe(pd.DataFrame([{
    "Edition": r.label.removesuffix(" upload"), "File": r.file_name, "Authority": r.authority,
    "Layout": r.layout, "Published (UTC)": r.published_at, "Published by": r.published_by or "",
    "Uploaded by": r.uploaded_by or "", "Current": "current" if r.id == current_id else "",
} for r in newest_first]), hide_index=True, width="stretch")

by_id = {r.id: r for r in uploads}
default = source.upload_id if source.kind == "replay" and source.upload_id in by_id else newest_first[0].id
if st.session_state.get("replay_pick") not in by_id:
    st.session_state["replay_pick"] = default
picked = st.selectbox("Upload", list(by_id)[::-1], key="replay_pick",
                      format_func=lambda i: f"{by_id[i].label} · {by_id[i].file_name} · "
                                            f"published {by_id[i].published_at:%d %b %Y %H:%M}")
record = by_id[picked]
replay_col, back_col, file_col = st.columns(3)
if replay_col.button("Replay", key="replay_upload", type="primary",
                     help="See the scorecard exactly as it was presented when this upload was published"):
    use_replay(record)
    st.rerun()
if back_col.button("Back to current", key="back_to_current", disabled=source.kind != "replay"):
    use_current()
    st.rerun()
file_col.download_button("Download the workbook as uploaded", upload_content(record.id), record.file_name,
                         XLSX_MIME, key="download_uploaded")
st.caption(f"Validation when uploaded: {upload_report(record.id).summary()}. Checksum {record.checksum[:16]}…")

st.subheader("Restatements")
restated = restatement_table()
if restated.empty:
    st.write("No published upload has changed a figure an earlier one gave.")
else:
    st.caption("A later edition gave a different figure for a month an earlier edition reported. Both are kept; "
               "the later one is shown.")
    st.dataframe(restated[["text", "indicator_id", "locality", "old_upload", "new_upload"]].rename(columns={
        "text": "Restatement", "indicator_id": "Indicator", "locality": "Locality",
        "old_upload": "Was in", "new_upload": "Restated in"}), hide_index=True, width="stretch")
