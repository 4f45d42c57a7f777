"""The What-if page's pieces: a draft scenario edited in a grid or in bulk, its RAG difference, its files.

The draft (target and band overrides) lives in st.session_state; the official targets stay in the
cached model. Editing reruns only the fragment (grid + difference); applying the draft to every
page, resetting, and the banner are whole-app changes, so they are plain buttons outside it.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from core.access import Capability
from core.exports.scenario_files import scenario_csv, scenario_workbook_bytes
from core.ingest.scenario_file import read_scenario_file
from core.model import AmberBand, Dataset
from core.model.scenario import (
    Scenario,
    conform_overrides,
    empty_overrides,
    merge_overrides,
    without_official,
)
from core.present.format import describe_band, format_values
from core.present.labels import BAND_KIND_LABELS, good_is_words, rag_label, unit_words
from core.rules.rag import effective_indicators
from core.views.scenario import bulk_adjust, describe_changes, rag_difference
from ui.access import can
from ui.cached import scorecard_view
from ui.filters import Filters
from ui.literal import literal
from ui.publishing import viewing_policy
from ui.scenario import active_scenario, apply_scenario, return_to_official
from ui.state import current_model, current_source

DEFAULT_NAME = "What-if"
DRAFT_KEY = "whatif_draft"  # overrides being edited (DataFrame, see core.scenario.conform_overrides)
BASE_KEY = "whatif_base"  # the overrides the grid was last drawn from
VERSION_KEY = "whatif_editor_version"  # a new grid (fresh widget) whenever the draft changes outside it
NAME_KEY = "whatif_name"  # the name box; widget keys are dropped when the user leaves the page, so
KEPT_NAME_KEY = "whatif_name_kept"  # the name is also kept here
MESSAGE_KEY = "whatif_message"  # (succeeded, sentence)
ALL_AREAS = "All areas"
GRID_EDITABLE = ["Target", "Amber band", "Band value"]


# ---- session state ----------------------------------------------------------------------------

def init_draft() -> None:
    """On first arrival, start from the applied scenario (if any), else from the official targets."""
    state = st.session_state
    if DRAFT_KEY not in state:
        active = active_scenario()
        state[DRAFT_KEY] = state[BASE_KEY] = active.overrides if active else empty_overrides()
        state[KEPT_NAME_KEY] = active.name if active else DEFAULT_NAME
        state.setdefault(VERSION_KEY, 0)
    if NAME_KEY not in state:  # back on the page: the name box starts from the kept name
        state[NAME_KEY] = state[KEPT_NAME_KEY]


def keep_name() -> None:
    st.session_state[KEPT_NAME_KEY] = st.session_state[NAME_KEY]


def draft_overrides() -> pd.DataFrame:
    return st.session_state.get(DRAFT_KEY, empty_overrides())


def draft_scenario() -> Scenario:
    name = str(st.session_state.get(NAME_KEY, st.session_state.get(KEPT_NAME_KEY)) or "").strip() or DEFAULT_NAME
    return Scenario(name=name, overrides=draft_overrides(), created_from=current_source().name)


def _set_draft(overrides: pd.DataFrame) -> None:
    """Replace the draft from outside the grid, and redraw the grid from it."""
    st.session_state[DRAFT_KEY] = st.session_state[BASE_KEY] = overrides
    st.session_state[VERSION_KEY] = st.session_state.get(VERSION_KEY, 0) + 1


def redraw_grid() -> None:
    _set_draft(draft_overrides())


def apply_draft() -> None:
    apply_scenario(draft_scenario())


def reset() -> None:
    """Back to the official targets everywhere: the draft is emptied and nothing stays applied."""
    return_to_official()
    _set_draft(empty_overrides())
    st.session_state[NAME_KEY] = st.session_state[KEPT_NAME_KEY] = DEFAULT_NAME
    st.session_state.pop(MESSAGE_KEY, None)


def is_applied() -> bool:
    active = active_scenario()
    draft = draft_scenario()
    return active is not None and active.key == draft.key and active.name == draft.name


# ---- bulk adjustment --------------------------------------------------------------------------

def bulk_change(official: pd.DataFrame) -> None:
    """Tighten or loosen the draft's targets of one area (or all) by a percentage, through polarity."""
    state = st.session_state
    area = None if state["bulk_area"] == ALL_AREAS else state["bulk_area"]
    current = effective_indicators(official, draft_overrides())  # adjusts compound on the draft
    moved = bulk_adjust(current, area, float(state["bulk_percent"]), state["bulk_direction"])
    _set_draft(without_official(merge_overrides(draft_overrides(), moved), official))
    state[MESSAGE_KEY] = (True, f"{'Tightened' if state['bulk_direction'] == 'tighten' else 'Loosened'} "
                                f"{len(moved)} targets in {state['bulk_area'].lower() if area is None else area} "
                                f"by {float(state['bulk_percent']):g}%.")


def open_scenario_file(official: pd.DataFrame) -> None:
    """Load a saved scenario (the CSV or template workbook this page downloads) as the draft."""
    upload = st.session_state.get("whatif_open")
    if upload is None:
        return
    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:  # read_scenario_file reads paths, as the CLI does
        path = Path(folder) / f"scenario{suffix}"
        path.write_bytes(upload.getvalue())
        try:
            scenario = read_scenario_file(path, name=Path(upload.name).stem.replace("_", " "))
        except ValueError as problem:
            st.session_state[MESSAGE_KEY] = (False, f"That file could not be used: {problem}")
            return
    _set_draft(without_official(scenario.overrides, official))
    st.session_state[NAME_KEY] = st.session_state[KEPT_NAME_KEY] = scenario.name
    st.session_state[MESSAGE_KEY] = (True, f"Opened scenario '{scenario.name}' from {upload.name}.")


# ---- the grid -----------------------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=4)
def official_indicators(_model: Dataset, source_digest: str) -> pd.DataFrame:
    """The official indicator frame (with default bands filled), once per workbook."""
    return effective_indicators(_model.indicator_frame())


def grid(official: pd.DataFrame, overrides: pd.DataFrame, area: str) -> pd.DataFrame:
    """One row per indicator of `area`: the official target and band beside the scenario's editable ones."""
    shown = official if area == ALL_AREAS else official[official["area"] == area]
    scenario = effective_indicators(shown, overrides.loc[overrides.index.isin(shown.index)])
    # a band is a distance from the target: without a target there is none to describe
    band_words = ["" if target != target else describe_band(AmberBand(kind=kind, value=value), unit) if unit
                  else f"{value:g}" for kind, value, unit, target in
                  zip(shown["band_kind"], shown["band_value"], shown["unit"], shown["target"], strict=True)]
    # the targets beside the name, context after: at projector width what is edited is on screen
    return pd.DataFrame({
        "Area": shown["area"], "Indicator": shown["name"],
        "Official target": shown["target"], "Target": scenario["target"],
        "Official band": band_words, "Amber band": scenario["band_kind"].map(BAND_KIND_LABELS),
        "Band value": scenario["band_value"],
        "Good is": shown["good_is"].map(good_is_words), "Unit": shown["unit"].map(unit_words),
    }, index=pd.Index(shown.index, name="id"))


def grid_overrides(edited: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """What the edited grid changes. A cleared cell returns to the official value; so does a half-cleared band."""
    kind_of = {label: str(kind) for kind, label in BAND_KIND_LABELS.items()}  # the grid shows the kind in words
    kind = edited["Amber band"].astype(object).map(kind_of).where(edited["Amber band"].notna(), None)
    value = pd.to_numeric(edited["Band value"], errors="coerce")
    whole_band = kind.notna() & value.notna()
    frame = pd.DataFrame({"target": pd.to_numeric(edited["Target"], errors="coerce"),
                          "band_kind": kind.where(whole_band, None), "band_value": value.where(whole_band)},
                         index=edited.index)
    return without_official(frame, official)


def edit_grid(official: pd.DataFrame, area: str) -> None:
    """The editable grid; the draft becomes what it shows (rows outside the chosen area keep theirs)."""
    key = f"whatif_grid_{current_source().digest}_{st.session_state.get(VERSION_KEY, 0)}_{area}"
    if key not in st.session_state:  # a new grid (or the page revisited): draw it from the draft as it stands
        st.session_state[BASE_KEY] = draft_overrides()
    base = st.session_state[BASE_KEY]
    table = grid(official, base, area)
    edited = st.data_editor(
        table, key=key,
        hide_index=True, width="stretch", height=min(420, 35 * (len(table) + 1) + 3), num_rows="fixed",
        disabled=[c for c in table.columns if c not in GRID_EDITABLE],
        column_order=[c for c in table.columns if area == ALL_AREAS or c != "Area"],  # one area: said above
        column_config={
            "Area": st.column_config.TextColumn(width="small"),
            "Indicator": st.column_config.TextColumn(width=300, pinned=True),  # kept in view when scrolled
            "Good is": st.column_config.TextColumn(width=150),  # 'Lower is better' whole
            "Unit": st.column_config.TextColumn(width=130),
            "Official target": st.column_config.NumberColumn(format="%g"),
            "Official band": st.column_config.TextColumn(width=180),  # 'intervention level 400' whole
            "Target": st.column_config.NumberColumn("Target ✎", format="%g",
                                                    help="The what-if target. Clear it to use the official one."),
            "Amber band": st.column_config.SelectboxColumn(
                "Amber band ✎", options=list(BAND_KIND_LABELS.values()),
                help="Width in the unit (5 points, 3 days); % of target; or an intervention level, where red begins"),
            "Band value": st.column_config.NumberColumn("Band value ✎", format="%g"),
        }, placeholder="",
    )
    try:
        inside = grid_overrides(edited, official)
    except ValueError as problem:
        st.error(f"{problem}. The difference below ignores that edit until it is corrected.",
                 icon=":material/error:")
        return
    outside = base.loc[~base.index.isin(table.index)]
    st.session_state[DRAFT_KEY] = conform_overrides(pd.concat([outside, inside]))


# ---- the difference ---------------------------------------------------------------------------

def difference_table(changed: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    units = official["unit"].reindex(changed["id"]).to_numpy(dtype=object)
    return pd.DataFrame({
        "Area": changed["area"], "Indicator": changed["name"], "Latest": changed["display_value"],
        "Official target": np.where(changed["official_target"].notna(),
                                    format_values(changed["official_target"], units), "none"),
        "Scenario target": np.where(changed["scenario_target"].notna(),
                                    format_values(changed["scenario_target"], units), "none"),
        "Was": changed["old_rag"].map(rag_label), "Now": changed["new_rag"].map(rag_label),
        "Why (official)": changed["old_reason"], "Why (scenario)": changed["new_reason"],
    })


def show_difference(model: Dataset, filters: Filters, official: pd.DataFrame) -> None:
    counts, changed = rag_difference(model, filters.month, filters.locality, draft_overrides(),
                                     viewing_policy(filters.threshold),
                                     official=scorecard_view(filters, official=True))
    st.header("Difference from the official ratings")
    summary = describe_changes(counts)
    (st.info if counts else st.success)(f"**{summary}**", icon=":material/compare_arrows:")
    if not changed.empty:
        st.dataframe(difference_table(changed, official), hide_index=True, width="stretch", key="whatif_changes",
                     row_height=78,  # three lines: which indicator changed, and why, read whole
                     column_config={"Area": st.column_config.TextColumn(width="small"),
                                    "Indicator": st.column_config.TextColumn(width=240),
                                    "Why (official)": st.column_config.TextColumn(width="large"),
                                    "Why (scenario)": st.column_config.TextColumn(width="large")}, placeholder="")


def status_line() -> None:
    draft = draft_scenario()
    count = len(draft.overrides)
    if draft.is_empty:
        st.caption("The draft matches the official targets.")
    elif is_applied():
        st.caption(f"'{literal(draft.name)}' ({count} indicator{'s' if count != 1 else ''} changed) is applied on every page.")
    else:
        st.caption(f"Draft '{literal(draft.name)}': {count} indicator{'s' if count != 1 else ''} changed, not applied yet. "
                   "Press **Apply to every page** to rate every page with it.")


def downloads(model: Dataset) -> None:
    draft = draft_scenario()
    stem = re.sub(r"[^A-Za-z0-9]+", "_", draft.name).strip("_").lower() or "what_if"
    left, right = st.columns(2)
    left.download_button("Download scenario (CSV)", scenario_csv(model, draft), file_name=f"{stem}.csv",
                         mime="text/csv", key="whatif_csv", on_click="ignore", icon=":material/download:",
                         disabled=draft.is_empty)
    if not can(Capability.view_source):  # the workbook carries every figure, small numbers too: a manager's file
        return
    right.download_button(
        "Download as template workbook", lambda: scenario_workbook_bytes(model, draft), file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="whatif_xlsx",
        on_click="ignore", icon=":material/download:", disabled=draft.is_empty,
        help="The official workbook's figures and commentary with these targets: upload it to make them official.")


@st.fragment
def editor_and_difference(filters: Filters) -> None:
    """Grid, bulk control and difference: an edit reruns only this part, on the cached model."""
    model = current_model()
    official = official_indicators(model, current_source().digest)
    areas = [ALL_AREAS, *pd.unique(official["area"])]
    with st.expander("Bulk change: tighten or loosen every target of an area", expanded=True):
        area_col, way_col, size_col = st.columns([3, 2, 1.4], vertical_alignment="bottom")
        area_col.selectbox("Area", areas, key="bulk_area")
        way_col.radio("Direction", ["tighten", "loosen"], key="bulk_direction", format_func=str.capitalize,
                      horizontal=True)
        size_col.number_input("Percent", min_value=0.0, max_value=50.0, value=5.0, step=1.0, key="bulk_percent")
        st.button("Change targets", key="bulk_apply", on_click=bulk_change, args=(official,))
        st.caption("Tighten asks for better performance: higher targets where high is good, lower where low is "
                   "good. Neutral indicators and those without a target are left alone; a target of 0 stays 0.")
    if st.session_state.get(MESSAGE_KEY):  # what the last bulk change or opened file did
        done, message = st.session_state[MESSAGE_KEY]
        if done:
            st.caption(message)
        else:
            st.error(message, icon=":material/error:")
    st.selectbox("Show area", areas, key="whatif_area", on_change=redraw_grid)
    edit_grid(official, st.session_state["whatif_area"])
    status_line()
    show_difference(model, filters, official)
    downloads(model)
    with st.expander("Open a saved scenario"):
        st.file_uploader("Scenario CSV or template workbook", type=["csv", "xlsx"], key="whatif_open",
                         on_change=open_scenario_file, args=(official,))
