"""The Upload & check page's steps: what is published, the deployment's threshold, choosing and reading a
workbook, using or publishing it, and its validation report. pages/upload.py lays them out in order."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from core.ingest.container import MAX_FILE_BYTES
from core.ingest.load import LoadResult
from core.present.format import uk_time
from core.present.labels import LEVEL_LABELS
from core.store import PublishRefused, UploadRecord, future_refusal
from core.validation.findings import Finding, Level
from ui.access import current_person, sign_in_configured
from ui.authority import ask_authority, workbook_authority
from ui.downloads import XLSX_MIME, blank_template
from ui.filters import MAX_THRESHOLD
from ui.literal import literal
from ui.publishing import (
    STORE_FAILURES,
    deployment_threshold,
    failure_text,
    keep_draft,
    publish,
    published_uploads,
    restatement_table,
    restatements_shown,
    set_deployment_threshold,
    stored_upload,
)
from ui.replay import data_page_heading
from ui.state import (
    STORE_PROBLEM_KEY,
    current_model,
    current_source,
    parse_workbook,
    use_current,
    use_upload,
)
from ui.upload_guard import too_large_file

LIMIT_MB = MAX_FILE_BYTES // 1_048_576  # the one limit: the uploader, the server (config.toml) and the reader


def heading_and_messages() -> list[UploadRecord]:
    """The page's heading, a way back from a draft or replay, and what the last action said; the published uploads."""
    source = data_page_heading("Upload & check")
    published = published_uploads()
    if source.kind in ("upload", "replay") and st.button(
            "Go back to the published data" if published else "Go back to the embedded sample"):
        use_current()
        st.rerun()
    if message := st.session_state.pop("publish_message", None):
        st.success(literal(message), icon=":material/public:")
    if problem := st.session_state.get(STORE_PROBLEM_KEY):
        st.warning(f"{literal(problem)}. Uploads can still be checked and used in this session.", icon=":material/warning:")
    return published


def published_so_far(published: list[UploadRecord]) -> None:
    """Everything published, newest first, and the figures later editions restated."""
    restated = restatement_table()
    with st.expander(f"Published for everyone: {len(published)} upload(s), {len(restated)} restatement(s)"):
        if not published:
            st.write("Nothing yet: every session shows the embedded sample until an upload is published.")
            return
        st.dataframe(pd.DataFrame([{
            "Edition": r.label.removesuffix(" upload"), "File": r.file_name, "Authority": r.authority,
            "Published (UK time)": uk_time(r.published_at), "Published by": r.published_by or "",
            "Uploaded by": r.uploaded_by or "",
        } for r in reversed(published)]), hide_index=True, width="stretch", placeholder="")
        if not restated.empty:
            st.markdown("**Restatements** (a later edition changed a figure; the later one is shown):")
            names = {i: indicator.name for i, indicator in current_model().indicators.items()}
            st.dataframe(restatements_shown(restated, names, with_figures=True),  # the Upload page is a manager's
                         hide_index=True, width="stretch", placeholder="")


def threshold_for_everyone() -> None:
    """The deployment's disclosure threshold: managers set it; viewers can only raise it for themselves."""
    current = deployment_threshold()
    with st.expander(f"Small numbers: counts below {current} are withheld for everyone"):
        chosen = st.number_input("Withhold counts below (for everyone)", min_value=2, max_value=MAX_THRESHOLD,
                                 value=current, step=1, key="deployment_threshold")
        if st.button("Set for everyone", key="set_threshold", disabled=chosen == current):
            try:
                set_deployment_threshold(int(chosen), current_person())
            except STORE_FAILURES as error:
                st.error(f"Could not set the threshold: {failure_text(error)}")
            else:
                st.session_state["publish_message"] = f"Counts below {int(chosen)} are now withheld for everyone."
                st.rerun()


def choose_workbook() -> UploadedFile | None:
    """The file uploader with the template beside it; None (with a message) until a workbook is chosen."""
    left, right = st.columns([2, 1])
    with right:
        st.markdown("**No workbook yet?** Start from the template: it explains every column.")
        st.download_button("Download the blank template", blank_template(), "scorecard_template.xlsx", XLSX_MIME)
    with left:
        upload = st.file_uploader(
            f"Monthly scorecard workbook (up to {LIMIT_MB} MB)", type=["xlsx", "xlsm", "xls", "ods"],
            key="workbook_upload", max_upload_size=LIMIT_MB,
            help="The template, or the published layout (a header row with an indicator column and month columns).",
        )
        refused = too_large_file(MAX_FILE_BYTES)

    if upload is None:
        if refused:
            name, size = refused
            st.error(f"{literal(name)} is {size / 1_048_576:.1f} MB: the limit is {LIMIT_MB} MB, so it was not read. "
                     "Remove pictures or unused sheets, save it and choose it again.", icon=":material/error:")
        else:
            st.info("Choose a workbook to check it. Nothing changes until you press **Use this workbook** (this "
                    "session only) or **Publish for everyone**.")
        return None

    return upload


def read_workbook(upload: UploadedFile) -> LoadResult:
    """The workbook parsed (once per file), with a status line and the row counts."""
    data = upload.getvalue()
    with st.status(f"Reading {literal(upload.name)}…", expanded=False) as progress:
        result = parse_workbook(data, upload.name)
        if result.usable:
            progress.update(label=f"Read {literal(upload.name)}: {result.report.summary()}", state="complete")
        else:  # an error, never the tick of a workbook read
            progress.update(label=f"Could not use {literal(upload.name)}: {result.report.summary()}", state="error")

    report = result.report
    errors, warnings, notes = (report.count(level) for level in (Level.error, Level.warning, Level.info))
    cols = st.columns(4)
    cols[0].metric("Rows read", f"{report.rows_read:,}")
    cols[1].metric("Used", f"{report.rows_used:,}")
    cols[2].metric("Reported (not loaded)", f"{report.rows_reported:,}")
    cols[3].metric("Errors / warnings", f"{errors} / {warnings}")

    return result


def use_or_publish(upload: UploadedFile, result: LoadResult, published: list[UploadRecord]) -> None:
    """What was read, then Use this workbook (a private draft) or Publish for everyone."""
    data = upload.getvalue()
    report = result.report
    if result.usable:
        model = result.dataset
        layout = "template" if report.layout == "template" else "published (wide) layout"
        ending = model.about.month_ending.strftime("%B %Y") if model.about.month_ending else "not stated"
        n_localities = len(model.localities) - 1
        places = f"{n_localities} localities" if n_localities else "whole authority only (no locality column)"
        st.success(
            f"**{literal(workbook_authority(model))}**: {len(model.indicators)} indicators, {places}, "
            f"{len(model.periods)} months, read as the {layout}; month ending {ending}."
        )
        try:
            stored = stored_upload(data)  # the same bytes kept before are recognised, not kept twice
        except STORE_FAILURES:
            stored = None
        if stored is not None:
            st.caption(f"This exact file is already published, as {literal(stored.file_name)} "
                       f"({uk_time(stored.published_at)})." if stored.published else
                       f"This exact file was uploaded before, as {literal(stored.file_name)} "
                       f"({uk_time(stored.uploaded_at)}); it is not published.")
        authority = ask_authority(model, published)
        result = result.with_authority(authority)
        refusal = future_refusal(upload.name, model.latest_month)
        if refusal:
            st.warning(literal(refusal.message), icon=":material/event_busy:")
        if sign_in_configured():
            who = current_person()
            st.caption(f"Recorded as {literal(who)} with the upload and its publication.")
        else:  # the single local manager may still say who they are
            typed = st.text_input("Your name or role", key="upload_who", max_chars=200,
                                  help="Recorded with the upload and its publication (no sign-in is configured).")
            who = typed.strip() or current_person()
        use_col, publish_col = st.columns(2)
        if use_col.button("Use this workbook", type="primary", key="use_upload", disabled=not authority,
                          help="A draft: this session shows it; nobody else sees it until it is published."):
            try:
                upload_id = keep_draft(data, upload.name, result, who).id
            except STORE_FAILURES:
                upload_id = None  # the draft still shows here; only keeping it failed
            use_upload(data, upload.name, upload_id, authority)
            st.toast(f"Now showing {literal(upload.name)}")
            st.rerun()
        with publish_col:
            _publish_button(data, upload.name, result, who, stored, refusal, "publish_upload", ready=bool(authority))
    else:
        st.error("Nothing in this workbook can be shown. The report below says why; if the reader did not "
                 "understand its columns, say what they hold below.")


def publish_draft() -> None:
    """The draft this session shows, with its own Publish button: the uploader empties when the manager leaves
    the page, and a draft checked and used should not have to be chosen again to be published."""
    source = current_source()
    data = st.session_state.get("upload_bytes")
    if source.kind != "upload" or data is None:
        return
    result = parse_workbook(data, source.name)
    if source.authority:
        result = result.with_authority(source.authority)
    if not result.usable:
        return
    st.info(f"This session shows your draft, **{literal(source.name)}**: nobody else sees it until it is published.",
            icon=":material/draft:")
    try:
        stored = stored_upload(data)
    except STORE_FAILURES:
        stored = None
    refusal = future_refusal(source.name, result.dataset.latest_month)
    if refusal:
        st.warning(literal(refusal.message), icon=":material/event_busy:")
    _publish_button(data, source.name, result, current_person(), stored, refusal, "publish_draft", ready=True)


def _publish_button(data: bytes, name: str, result: LoadResult, who: str, stored: UploadRecord | None,
                    refusal: Finding | None, key: str, ready: bool) -> None:
    """Publish for everyone, refused while not `ready` (no authority named), when the file is already
    published, or when its latest month is in the future."""
    already = stored is not None and stored.published
    refused = already or not ready or refusal is not None
    # A second, deliberate click: publishing changes what every screen shows, in a meeting too.
    confirm = st.popover("Publish for everyone", disabled=refused,
                         help="Already published." if already else refusal.message if refusal else None)
    confirm.markdown(f"Publish **{literal(name)}** for everyone? Every session on every device then shows these "
                     "figures, merged with earlier uploads. It can be withdrawn later on the History page.")
    if confirm.button("Publish now", key=key, type="primary", disabled=refused):
        try:
            record = publish(data, name, result, who)
        except PublishRefused as refused:
            st.error(literal(str(refused)))
        except STORE_FAILURES as error:
            st.error(f"Could not publish: {literal(failure_text(error))}")
        else:
            current = published_uploads()[-1:]
            note = ("" if not current or current[0].id == record.id else
                    f" The current edition stays the {current[0].label}: this one adds its earlier months.")
            st.session_state["publish_message"] = f"Published {record.file_name} ({record.label}) for everyone.{note}"
            use_current()
            st.rerun()


def validation_report(upload: UploadedFile, report) -> None:  # noqa: ANN001 - a ValidationReport
    """Every finding, filterable by level and sheet, the row counts, and the report as CSV or Excel."""
    st.header("Validation report")
    findings = report.to_frame()
    if findings.empty:
        st.write("No findings: every row was read cleanly.")
    else:
        # Keyed on the file: each new upload starts with every finding shown (a choice kept from the previous
        # file would hide this file's sheets, and with them the findings that say what is wrong).
        levels = st.pills("Show", ["error", "warning", "info"], default=["error", "warning", "info"],
                          selection_mode="multi", key=f"finding_levels:{upload.file_id}",
                          format_func=lambda level: {"error": "Errors", "warning": "Warnings", "info": "Notes"}[level])
        sheets = sorted(s for s in findings["sheet"].unique() if s)
        chosen_sheets = (st.multiselect("Sheets", sheets, default=sheets, key=f"finding_sheets:{upload.file_id}")
                         if sheets else [])
        shown = findings[findings["level"].isin(levels or []) & (findings["sheet"].isin(chosen_sheets) | (findings["sheet"] == ""))]
        shown = shown.assign(level=shown["level"].map(LEVEL_LABELS))  # 'Error', 'Warning', 'Note': words, not values
        # The message straight after the cell it names: at projector width it is on screen, not past the rule.
        st.dataframe(shown, hide_index=True, width="stretch", column_order=["level", "sheet", "cell", "message", "rule"],
                     row_height=100,  # a message wraps onto four lines: read whole, not cut at the column edge
                     placeholder="",
                     column_config={"level": st.column_config.TextColumn("Level", width=70),
                                    "sheet": st.column_config.TextColumn("Sheet", width=110),
                                    "cell": st.column_config.TextColumn("Cell", width=60),
                                    "message": st.column_config.TextColumn("Message", width=410),  # fits at 1024 px
                                    "rule": st.column_config.TextColumn(
                                        "Rule", width=220, help="Look the rule up on the Definitions page")})
    st.dataframe(report.rows_frame().rename(columns={"sheet": "Sheet", "read": "Rows read", "used": "Used",
                                                     "reported": "Reported (not loaded)"}), hide_index=True, placeholder="")
    stem = upload.name.rsplit(".", 1)[0]
    c1, c2 = st.columns(2)
    c1.download_button("Download report (CSV)", report.to_csv(), f"{stem}_validation.csv", "text/csv")
    c2.download_button("Download report (Excel)", report.to_xlsx(), f"{stem}_validation.xlsx", XLSX_MIME)
