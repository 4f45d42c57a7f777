"""Cached views for the current data source and filters: computed once per combination, not per rerun."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.model import Dataset
from core.model.scenario import Scenario
from core.views.overview import rag_history
from core.views.public import locality_breakdown, public_scorecard, sparklines
from core.views.suppression import Disclosure, SuppressionPolicy, decide_disclosure
from ui.filters import Filters, current_filters
from ui.process_changes import marks_key, process_change_marks
from ui.publishing import viewing_policy
from ui.scenario import active_scenario
from ui.state import current_model, current_source


@st.cache_resource(show_spinner=False, max_entries=16)
def _disclosure(_model: Dataset, source_digest: str, policy: SuppressionPolicy) -> Disclosure:
    # One decision per data source and policy, read by every view below (a resource: never copied per read).
    return decide_disclosure(_model, policy)


def disclosure_for(threshold: int) -> Disclosure:
    """Which figures of the current data are withheld at this threshold (decided once, every view reads it)."""
    return _disclosure(current_model(), current_source().digest, viewing_policy(threshold))


@st.cache_data(show_spinner=False, max_entries=64)
def _public_scorecard(_model: Dataset, source_digest: str, month: str, locality: str, policy: SuppressionPolicy,
                      scenario_key: str = "", _overrides: pd.DataFrame | None = None, marks: str = "",
                      _process_changes: pd.DataFrame | None = None) -> pd.DataFrame:
    return public_scorecard(_model, month, locality, _disclosure(_model, source_digest, policy), _overrides,
                            process_changes=_process_changes)


@st.cache_data(show_spinner=False, max_entries=64)
def _sparklines(_model: Dataset, source_digest: str, month: str, locality: str, policy: SuppressionPolicy) -> pd.Series:
    return sparklines(_model, month, locality, _disclosure(_model, source_digest, policy))


@st.cache_data(show_spinner=False, max_entries=32)
def _rag_history(_model: Dataset, source_digest: str, month: str, locality: str, policy: SuppressionPolicy,
                 scenario_key: str = "", _overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    return rag_history(_model, month, locality, _disclosure(_model, source_digest, policy), _overrides)


@st.cache_data(show_spinner=False, max_entries=128)
def _breakdown(_model: Dataset, source_digest: str, indicator_id: str, month: str, policy: SuppressionPolicy) -> pd.DataFrame:
    return locality_breakdown(_model, indicator_id, month, _disclosure(_model, source_digest, policy))


def _scorecard(model: Dataset, source_digest: str, month: str, locality: str, policy: SuppressionPolicy,
               scenario: Scenario | None) -> pd.DataFrame:
    # One call shape for the pages and the start-up warm: st.cache_data keys on the arguments as passed.
    marks = process_change_marks()
    return _public_scorecard(model, source_digest, month, locality, policy,
                             scenario.key if scenario else "", scenario.overrides if scenario else None,
                             marks_key(marks), marks)


def _history(model: Dataset, source_digest: str, month: str, locality: str, policy: SuppressionPolicy,
             scenario: Scenario | None) -> pd.DataFrame:
    return _rag_history(model, source_digest, month, locality, policy,
                        scenario.key if scenario else "", scenario.overrides if scenario else None)


def warm_views(model: Dataset, source_digest: str, month: str, locality: str, policy: SuppressionPolicy) -> pd.DataFrame:
    """Build the views a first page needs into the caches, exactly as the pages ask for them (no scenario).

    Returns the rag history, for drawing once.
    """
    _scorecard(model, source_digest, month, locality, policy, None)
    _sparklines(model, source_digest, month, locality, policy)
    return _history(model, source_digest, month, locality, policy, None)


def scorecard_view(filters: Filters | None = None, locality: str | None = None,
                   official: bool = False) -> pd.DataFrame:
    """The public scorecard for the chosen month and locality (or another locality, e.g. the whole authority).

    Rated with the applied what-if scenario, if any (ui/scenario.py), unless `official` is asked for.
    SPC is recalculated from the months managers marked as process changes.
    """
    filters = filters or current_filters()
    return _scorecard(current_model(), current_source().digest, str(filters.month), locality or filters.locality,
                      viewing_policy(filters.threshold), None if official else active_scenario())


def sparkline_view(filters: Filters | None = None) -> pd.Series:
    filters = filters or current_filters()
    return _sparklines(current_model(), current_source().digest, str(filters.month), filters.locality,
                       viewing_policy(filters.threshold))


def breakdown_view(indicator_id: str, filters: Filters | None = None) -> pd.DataFrame:
    filters = filters or current_filters()
    return _breakdown(current_model(), current_source().digest, indicator_id, str(filters.month),
                      viewing_policy(filters.threshold))


def rag_history_view(filters: Filters | None = None) -> pd.DataFrame:
    """The last 12 months' ratings for the chosen month and locality, with the applied scenario's targets."""
    filters = filters or current_filters()
    return _history(current_model(), current_source().digest, str(filters.month), filters.locality,
                    viewing_policy(filters.threshold), active_scenario())
