"""The page for one group of areas (Children in care, Care leavers, ...): a rated table per area."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.knowledge import areas
from core.model import Dataset
from core.views.suppression import SuppressionPolicy, suppression_note
from ui.cached import scorecard_view, sparkline_view
from ui.exports import render_downloads
from ui.filters import Filters, current_filters, month_label
from ui.literal import literal
from ui.notes import show_notes
from ui.replay import replay_banner
from ui.scenario import active_scenario, scenario_banner
from ui.state import current_model, current_source
from ui.tables import rag_counts_line, rag_legend, scorecard_table, style_rag

INDICATOR_PAGE = "pages/indicator.py"


def page_areas(page: str, present: set[str]) -> list[str]:
    """Areas shown on a page, in their standard order; the Other page takes areas nobody else claims."""
    table = areas().sort_values("order")
    chosen = table.loc[table["page"] == page, "area"].tolist()
    if page == "Other":
        chosen += sorted(present - set(table["area"]) - set(chosen))
    return [area for area in chosen if area in present]


def unclaimed_areas(model: Dataset) -> set[str]:
    """Areas of the model that only the Other page shows."""
    claimed = set(areas().loc[areas()["page"] != "Other", "area"])
    return {indicator.area for indicator in model.indicators.values()} - claimed


def heading(title: str, filters: Filters) -> None:
    model = current_model()
    st.title(title)
    where = "the whole authority" if not filters.is_locality else filters.locality
    st.caption(f"{literal(model.about.authority)} · {month_label(str(filters.month))} · {literal(where)} · "
               f"{literal(current_source().describe())}")
    replay_banner()
    scenario_banner()
    if filters.is_locality and model.about.locality_note:
        st.warning(f"**Illustrative figures.** {literal(model.about.locality_note)}", icon=":material/warning:")


def open_indicator(indicator_id: str) -> None:
    st.session_state["indicator_id"] = indicator_id
    st.switch_page(INDICATOR_PAGE, query_params={"id": indicator_id})


def render_area_page(page: str) -> None:
    filters = current_filters()
    heading(page, filters)
    view = scorecard_view(filters)
    sparks = sparkline_view(filters)
    present = set(view["area"])
    shown_areas = page_areas(page, present)
    if not shown_areas:
        st.info(f"This workbook has no {page.lower()} indicators.")
        return
    st.markdown(rag_legend() + ("" if filters.presenter else " · click a row to open the indicator"))
    on_page = view[view["area"].isin(shown_areas)]
    for area in shown_areas:
        rows = view[view["area"] == area]
        st.subheader(literal(area))
        st.caption(rag_counts_line(rows))
        table = scorecard_table(rows, None if filters.presenter else sparks, filters.is_locality)
        if filters.presenter:  # projection: a plain large-type table, no selection controls
            compact = table.drop(columns=["id", "Last month", "Why this rating"])
            st.table(style_rag(compact, filters.colour_safe).format(escape="html").hide(axis="index"))  # HTML: escape
        else:
            _interactive_table(table, area, filters)
        show_notes(current_model(), str(filters.month), {area, *rows["id"]})
    _small_number_footer(on_page, filters)
    render_downloads(current_model(), filters, active_scenario())


# Fixed widths (pixels) so every area's table lines up and the figures that matter fit on screen.
_WIDTHS = {"Indicator": 280, "Latest": 85, "Last month": 85, "Target": 85, "RAG": 105, "Direction": 115, "Outlook": 90,
           "Last 12 months": 120, "Whole authority": 95, "England": 150, "Stat. neighbours": 150,
           "Why this rating": 420}


def _interactive_table(table: pd.DataFrame, area: str, filters: Filters) -> None:
    order = [c for c in ("Indicator", "Latest", "Last month", "Target", "RAG", "Direction", "Last 12 months",
                         "Whole authority", "Outlook", "England", "Stat. neighbours", "Why this rating") if c in table]
    config = {name: st.column_config.TextColumn(width=width) for name, width in _WIDTHS.items()}
    config["Last 12 months"] = st.column_config.LineChartColumn(width=_WIDTHS["Last 12 months"])
    picked = st.dataframe(
        style_rag(table, filters.colour_safe), hide_index=True, width="stretch", key=f"table_{area}",
        on_select="rerun", selection_mode="single-row", column_order=order, column_config=config,
    )
    if picked and picked.selection.rows:
        open_indicator(table.iloc[picked.selection.rows[0]]["id"])


def _small_number_footer(view: pd.DataFrame, filters: Filters) -> None:
    note = suppression_note(view, SuppressionPolicy(threshold=filters.threshold))
    if note:
        st.info(note, icon=":material/lock:")
    if "unverified_small_numbers" in view and view["unverified_small_numbers"].fillna(False).any():
        st.caption("Some locality percentages were given without the counts behind them, so small numbers "
                   "could not be checked for those figures.")
