"""The column-mapping step of the Upload page: say once what each column of an unforeseen sheet holds.

Mappings in use are the history store's (everyone's) plus any this session saved when the store
could not take them; the workbook is read again with them (parse_workbook is keyed on their JSON).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.ingest.cells import column_letter
from core.ingest.container import WorkbookUnreadable, read_sheets
from core.ingest.mapped_sheet import preview_mapping
from core.ingest.mapping import (
    CHOICES,
    ColumnMapping,
    ColumnRole,
    guess_header_row,
    header_columns,
    header_parts,
    header_shape,
    layout_signature,
    mappings_json,
    propose_mapping,
)
from core.validation.report import ValidationReport
from ui.access import current_person
from ui.literal import literal
from ui.publishing import STORE_FAILURES, failure_text, save_mapping, saved_mappings

SESSION_MAPPINGS_KEY = "column_mappings"  # signature -> mapping JSON, saved in this session
JSON_MIME = "application/json"
# Findings that mean a sheet was not (fully) understood, or was read through a mapping.
_OFFER_CODES = {"sheet_not_read", "header_not_used", "mapping_layout_changed", "mapping_applied"}
_PREVIEW_LABELS = {"indicator": "Indicator", "locality": "Locality", "month": "Month", "value": "Value",
                   "note": "Note", "target": "Target", "intervention_level": "Intervention level", "cell": "Cell"}


@st.cache_data(show_spinner=False, max_entries=4)
def raw_sheets(data: bytes) -> dict[str, pd.DataFrame]:
    return read_sheets(data)


def mappings_in_use() -> list[ColumnMapping]:
    """The store's mappings, then this session's (a session's own correction wins for its layout)."""
    try:
        stored = saved_mappings()
    except STORE_FAILURES:
        stored = []
    session = [ColumnMapping.model_validate_json(text)
               for text in st.session_state.get(SESSION_MAPPINGS_KEY, {}).values()]
    mine = {mapping.signature for mapping in session}
    return [*(mapping for mapping in stored if mapping.signature not in mine), *session]


def mapping_text() -> str:
    """The mappings in use as one JSON text: what the parsed-workbook cache is keyed on."""
    in_use = mappings_in_use()
    return mappings_json(in_use) if in_use else "[]"


def sheets_to_offer(report: ValidationReport, sheets: dict[str, pd.DataFrame]) -> list[str]:
    """Sheets the reader did not read or fully understand (every sheet with columns when nothing could be
    read); sheets it read but not wholly first. A sheet with no row of two filled cells, such as a contents
    page, has no columns to map and is not offered."""
    with_columns = [sheet for sheet, frame in sheets.items() if (frame.notna().sum(axis=1) >= 2).any()]
    if not report.usable:
        return with_columns
    codes: dict[str, set[str]] = {}
    for finding in report.findings:
        if finding.code in _OFFER_CODES:
            codes.setdefault(finding.sheet, set()).add(finding.code)
    offered = [sheet for sheet in with_columns if sheet in codes]
    return sorted(offered, key=lambda sheet: codes[sheet] == {"sheet_not_read"})  # stable: workbook order within


def _column_groups(frame: pd.DataFrame, header_row: int) -> dict[str, list[int]]:
    """Header shape -> its columns: period columns with the same words are mapped together."""
    groups: dict[str, list[int]] = {}
    for col, header in header_columns(frame, header_row):
        groups.setdefault(header_shape(header), []).append(col)
    return groups


def _choose_columns(mapping: ColumnMapping, frame: pd.DataFrame, key: str) -> ColumnMapping:
    groups = _column_groups(frame, mapping.header_row - 1)
    options = list(CHOICES)
    grid = st.columns(3)
    for position, column in enumerate(mapping.columns):
        cols = groups.get(column.key, [])
        where = ", ".join(column_letter(col) for col in cols[:4]) + (" ..." if len(cols) > 4 else "")
        with grid[position % 3]:
            choice = st.selectbox(f"{literal(column.header)} ({where})", options, index=options.index(column.choice),
                                  key=f"{key}:{column.header}")
            month = None
            if CHOICES[choice][0] is ColumnRole.period and header_parts(column.header)[0] is None:
                month = st.text_input(f"Month '{literal(column.header)}' holds (YYYY-MM)", key=f"{key}:{column.header}:month",
                                      value=column.period or "").strip() or None
        mapping = mapping.with_choice(column.header, choice, month)
    return mapping


def _save(mapping: ColumnMapping, who: str) -> str | None:
    """Keep the mapping for this session and in the store; the store's failure, in words, if it had one."""
    st.session_state.setdefault(SESSION_MAPPINGS_KEY, {})[mapping.signature] = mapping.model_dump_json()
    try:
        save_mapping(mapping, who)
    except STORE_FAILURES as error:
        return failure_text(error)
    return None


def column_mapping_step(data: bytes, name: str, report: ValidationReport) -> None:
    """Offer to map the sheets the reader did not understand, with a live preview; say which were mapped."""
    if message := st.session_state.pop("mapping_message", None):
        st.warning(message, icon=":material/warning:")
    for applied in (f for f in report.findings if f.code == "mapping_applied"):
        st.info(f"Sheet '{literal(applied.sheet)}': {literal(applied.message)}", icon=":material/table_convert:")
    if report.layout == "template":
        return  # a template needs no mapping
    try:
        sheets = raw_sheets(data)
    except WorkbookUnreadable:
        return  # a file that is no workbook has no columns to map; the report says why
    offered = sheets_to_offer(report, sheets)
    if not offered:
        return
    st.subheader("Map the columns")
    with st.expander("Say what each column holds, once: the same layout is read this way every month after",
                     expanded=not report.usable):
        sheet = st.selectbox("Sheet", offered, key="mapping_sheet")
        frame = sheets[sheet]
        row = int(st.number_input("Header row (as Excel numbers it)", min_value=1, max_value=max(len(frame), 1),
                                  value=guess_header_row(frame) + 1, key=f"mapping_row:{sheet}"))
        signature = layout_signature(sheet, frame.iloc[row - 1].tolist())
        saved = {m.signature: m for m in mappings_in_use()}.get(signature)
        start = saved if saved is not None else propose_mapping(sheet, frame, row - 1)
        mapping = _choose_columns(start, frame, key=f"mapping:{sheet}:{row}")
        problems = mapping.problems()
        if problems:
            st.warning(literal("To read the sheet: " + "; ".join(problems) + "."), icon=":material/rule:")
        else:
            st.markdown("**Preview**: the first rows as they will load")
            preview = preview_mapping(sheet, frame, mapping)
            for column in ("value", "target", "intervention_level"):  # blank, not 'None', where there is no figure
                preview[column] = preview[column].map("{:g}".format).where(preview[column].notna(), "")
            preview["note"] = preview["note"].fillna("")
            preview = preview.rename(columns=_PREVIEW_LABELS)
            st.dataframe(preview, hide_index=True, width="stretch", placeholder="")
        stem = name.rsplit(".", 1)[0]
        save_col, download_col = st.columns(2)
        if save_col.button("Save mapping and read the workbook", type="primary",
                           disabled=bool(problems), key="save_mapping"):
            problem = _save(mapping, st.session_state.get("upload_who", "").strip() or current_person())
            if problem:
                st.session_state["mapping_message"] = (f"The mapping is used in this session only: the shared "
                                                       f"history could not keep it ({problem}).")
            st.rerun()
        download_col.download_button("Download the mapping (JSON)", mappings_json([mapping]),
                                     f"{stem}.{sheet}.mapping.json", JSON_MIME, disabled=bool(problems))
