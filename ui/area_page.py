"""The page for one group of areas (Children in care, Care leavers, ...): a rated table per area."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.knowledge import areas
from core.model import Dataset
from core.views.suppression import suppression_note
from ui.cached import scorecard_view, sparkline_view
from ui.exports import render_downloads
from ui.filters import OPEN_AT_MONTH, Filters, current_filters, month_label
from ui.literal import literal
from ui.notes import show_notes
from ui.publishing import viewing_policy
from ui.replay import replay_banner
from ui.scenario import active_scenario, scenario_banner
from ui.state import current_model, current_source
from ui.tables import (
    STANDARD_ORDER,
    rag_badge,
    rag_counts_line,
    rag_legend,
    scorecard_columns,
    scorecard_table,
    second_line,
    sort_choices,
    sorted_view,
)

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


def open_indicator(indicator_id: str, month: str | None = None) -> None:
    """The indicator's page; at `month` (YYYY-MM) when given, which the sidebar then shows."""
    st.session_state["indicator_id"] = indicator_id
    if month is not None:
        st.session_state[OPEN_AT_MONTH] = month  # the month widget is drawn already: the next run takes it
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
    st.markdown(rag_legend() + " · choose an indicator's name to open it")
    order = st.segmented_control("Order rows by", sort_choices(), default=STANDARD_ORDER, key="area_order",
                                 help="Within each area: the standard order, or the most urgent first.")
    on_page = view[view["area"].isin(shown_areas)]
    for area in shown_areas:
        rows = sorted_view(view[view["area"] == area], order or STANDARD_ORDER)
        st.header(literal(area), anchor=False)
        st.caption(rag_counts_line(rows))
        scorecard_rows(rows, filters, sparks, key=area)
        show_notes(current_model(), str(filters.month), {area, *rows["id"]})
    _small_number_footer(on_page, filters)
    render_downloads(current_model(), filters, active_scenario())


def scorecard_rows(view: pd.DataFrame, filters: Filters, sparks: pd.Series | None = None, key: str = "") -> None:
    """The essentials of each indicator on one line that wraps rather than scrolls, then its details beneath.

    Names open the indicator (a link, so the keyboard reaches it); workbook text is escaped, never Markdown.
    """
    columns = scorecard_columns()
    widths = [column.width for column in columns]
    table = scorecard_table(view)
    details = second_line(view, sparks)
    with st.container(key=f"scorecard_head_{key}", gap=None):
        for cell, column in zip(st.columns(widths, gap="small"), columns, strict=True):
            cell.markdown(f"**{column.title}**")
    for position, indicator_id in enumerate(view["id"].astype(str)):
        with st.container(key=f"scorecard_row_{indicator_id}", gap=None):
            cells = st.columns(widths, gap="small", vertical_alignment="top")
            cells[0].page_link(INDICATOR_PAGE, label=literal(table.iat[position, 0]),
                               query_params={"id": indicator_id})
            for cell, column in zip(cells[1:], columns[1:], strict=True):
                words = table.iat[position, columns.index(column)]
                if column.badge:
                    cell.markdown(rag_badge(str(view["rag"].iat[position]), filters.colour_safe),
                                  unsafe_allow_html=True)
                else:
                    cell.markdown(literal(words))
            st.caption(literal(details.iat[position]))


def _small_number_footer(view: pd.DataFrame, filters: Filters) -> None:
    note = suppression_note(view, viewing_policy(filters.threshold))
    if note:
        st.info(note, icon=":material/lock:")
    if "unverified_small_numbers" in view and view["unverified_small_numbers"].fillna(False).any():
        st.caption("Some locality percentages were given without the counts behind them, so small numbers "
                   "could not be checked for those figures.")
