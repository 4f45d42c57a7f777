"""Upload & check: read the monthly workbook, show the validation report, then use it."""

import streamlit as st

from core.models import Level
from ui.downloads import XLSX_MIME, blank_template
from ui.state import current_source, parse_workbook, use_sample, use_upload
from ui.shell import require_shell

require_shell()

st.title("Upload & check")
source = current_source()
st.write(f"**Showing now:** {source.describe()}")
if source.kind == "upload" and st.button("Go back to the embedded sample"):
    use_sample()
    st.rerun()

left, right = st.columns([2, 1])
with right:
    st.markdown("**No workbook yet?** Start from the template: it explains every column.")
    st.download_button("Download the blank template", blank_template(), "scorecard_template.xlsx", XLSX_MIME)
with left:
    upload = st.file_uploader(
        "Monthly scorecard workbook", type=["xlsx", "xlsm", "xls", "ods"], key="workbook_upload",
        help="The template, or the published layout (a header row with an indicator column and month columns).",
    )

if upload is None:
    st.info("Choose a workbook to check it. Nothing changes for anyone until you press **Use this workbook**.")
    st.stop()

data = upload.getvalue()
with st.status(f"Reading {upload.name}…", expanded=False) as progress:
    result = parse_workbook(data, upload.name)
    progress.update(label=f"Read {upload.name}: {result.report.summary()}", state="complete")

report = result.report
errors, warnings, notes = (report.count(level) for level in (Level.error, Level.warning, Level.info))
cols = st.columns(4)
cols[0].metric("Rows read", f"{report.rows_read:,}")
cols[1].metric("Used", f"{report.rows_used:,}")
cols[2].metric("Reported (not loaded)", f"{report.rows_reported:,}")
cols[3].metric("Errors / warnings", f"{errors} / {warnings}")

if result.usable:
    model = result.scorecard
    layout = "template" if report.layout == "template" else "published (wide) layout"
    ending = model.about.month_ending.strftime("%B %Y") if model.about.month_ending else "not stated"
    st.success(
        f"**{model.about.authority}**: {len(model.indicators)} indicators, {len(model.localities) - 1} localities, "
        f"{len(model.periods)} months, read as the {layout}; month ending {ending}."
    )
    if st.button("Use this workbook", type="primary", key="use_upload"):
        use_upload(data, upload.name)
        st.toast(f"Now showing {upload.name}")
        st.rerun()
else:
    st.error("Nothing in this workbook can be shown. The report below says why.")

st.subheader("Validation report")
findings = report.to_frame()
if findings.empty:
    st.write("No findings: every row was read cleanly.")
else:
    levels = st.pills("Show", ["error", "warning", "info"], default=["error", "warning", "info"],
                      selection_mode="multi", key="finding_levels")
    sheets = sorted(s for s in findings["sheet"].unique() if s)
    chosen_sheets = st.multiselect("Sheets", sheets, default=sheets, key="finding_sheets") if sheets else []
    shown = findings[findings["level"].isin(levels or []) & (findings["sheet"].isin(chosen_sheets) | (findings["sheet"] == ""))]
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config={"message": st.column_config.TextColumn("Message", width="large")})
st.dataframe(report.rows_frame(), hide_index=True)
stem = upload.name.rsplit(".", 1)[0]
c1, c2 = st.columns(2)
c1.download_button("Download report (CSV)", report.to_csv(), f"{stem}_validation.csv", "text/csv")
c2.download_button("Download report (Excel)", report.to_xlsx(), f"{stem}_validation.xlsx", XLSX_MIME)
