"""The applied what-if scenario: kept per session, shown as a banner on every page, one click to drop it.

Only an applied scenario changes what other pages rate with; the What-if page edits a draft
(ui/whatif.py) and applies it explicitly, so a half-made change never reaches a Board view.
"""

from __future__ import annotations

import streamlit as st

from core.model.scenario import Scenario

ACTIVE_KEY = "scenario"


def active_scenario() -> Scenario | None:
    """The scenario every page rates with, or None for the official targets."""
    scenario = st.session_state.get(ACTIVE_KEY)
    return scenario if isinstance(scenario, Scenario) and not scenario.is_empty else None


def apply_scenario(scenario: Scenario) -> None:
    if scenario.is_empty:  # nothing to differ from official: applying it is returning to official
        return_to_official()
    else:
        st.session_state[ACTIVE_KEY] = scenario


def return_to_official() -> None:
    st.session_state.pop(ACTIVE_KEY, None)


def banner_text(scenario: Scenario) -> str:
    return (f"What-if scenario '{scenario.name}' is active: ratings use scenario targets, "
            "not the official ones")


def scenario_banner() -> None:
    """Under every page title while a scenario is applied: say so plainly, and offer the way back."""
    scenario = active_scenario()
    if scenario is None:
        return
    text, button = st.columns([3, 1], vertical_alignment="center")
    text.warning(f"**{banner_text(scenario)}.**", icon=":material/science:")
    button.button("Return to official targets", key="return_to_official", on_click=return_to_official,
                  type="primary")
