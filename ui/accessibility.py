"""The accessibility statement, in the GOV.UK pattern: how accessible the app is, what is not and why, what to do.

KNOWN_ISSUES is what axe-core reports against Streamlit's own parts of the page (not this app's content).
tests/browser/test_accessibility.py runs axe on every page and fails on any critical or serious
violation that is not one of these, in the place named here; so the statement cannot fall behind.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from core.ingest.container import MAX_FILE_BYTES
from core.present.contrast import WCAG_AA_TEXT, contrast_ratio
from core.present.labels import RAG_STYLES

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@dataclass(frozen=True)
class KnownIssue:
    rule: str  # the axe-core rule id, as axe reports it
    impact: str  # as axe rates it: critical, serious, moderate, minor
    where: str  # a CSS selector every offending element sits inside: Streamlit's own component
    component: str  # the part of the screen, in words
    problem: str
    mitigation: str


KNOWN_ISSUES: list[KnownIssue] = [
    KnownIssue(
        rule="list", impact="serious", where="[data-testid=stSidebarNav]", component="Page menu (sidebar)",
        problem="Streamlit draws the page menu as a list whose section headings sit directly inside it, so a "
                "screen reader may announce the list's size and position wrongly (WCAG 1.3.1 Info and "
                "relationships).",
        mitigation="Every page link is still a real link with its page's name, reachable by Tab and announced "
                   "correctly; each page starts with one level-1 heading naming it, so heading navigation "
                   "finds every page's content."),
    KnownIssue(
        rule="listitem", impact="serious", where="[data-testid=stSidebarNav]", component="Page menu (sidebar)",
        problem="The menu's items are list items not directly inside a list (the same structure as above), so a "
                "screen reader may not announce them as part of a list (WCAG 1.3.1).",
        mitigation="As above: the links themselves are named and keyboard-reachable; the presenter bar's Pages "
                   "button lists the same pages in a plain menu."),
    KnownIssue(
        rule="aria-dialog-name", impact="serious", where=".stToast, [data-testid=stToast]",
        component="Brief notices (bottom right)",
        problem="Streamlit's brief notices ('Now showing ...') are dialogs without a name, so a screen reader "
                "may announce an unnamed dialog (WCAG 4.1.2 Name, role, value).",
        mitigation="Nothing is said only in a notice: what is showing is always written under the page title "
                   "and at the foot of the sidebar."),
    KnownIssue(
        rule="presentation-role-conflict", impact="minor", where="[data-testid=stFileUploader]",
        component="File chooser (Upload & check)",
        problem="Streamlit marks the drop area as presentational yet lets it take focus, which some screen "
                "readers announce inconsistently.",
        mitigation=f"The button inside it is a normal, named button; the limit ({MAX_FILE_BYTES // 1_048_576} MB) "
                   "is in its label, and a refused file is named in an error message on the page."),
]


def _contrast_table() -> pd.DataFrame:
    rows = []
    for style in RAG_STYLES.values():
        for palette, fill in (("Standard", style.colour), ("Colour-blind safe", style.colour_safe)):
            rows.append({"Rating": style.label(), "Palette": palette, "Text": style.text_on, "Fill": fill,
                         "Contrast": f"{contrast_ratio(style.text_on, fill):.1f}:1"})
    return pd.DataFrame(rows)


def render_statement() -> None:
    st.title("Accessibility statement")
    st.markdown(
        "This statement covers the Corporate Parenting scorecard explorer. We want as many people as possible "
        "to be able to use it: to read ratings without relying on colour, move through it with a keyboard, "
        "and use it with a screen reader. This page says what has been checked and what is known not to work.")
    st.header("How accessible this service is")
    st.markdown(
        "- Ratings are never shown by colour alone: each has a word and a shape (● Green, ▲ Amber, ■ Red), and "
        "there is a colour-blind-safe palette under **Display options**.\n"
        "- Every text-on-colour pair in both palettes has a contrast of at least "
        f"{WCAG_AA_TEXT}:1 (WCAG 2.1 AA); the table below gives each one.\n"
        "- Area tables fit the screen at 1024 × 768 without sideways scrolling; indicator names are shown "
        "in full and are links.\n"
        "- Each page has one level-1 heading and its headings go down one level at a time.\n"
        "- Presenter mode (large type) keeps a bar to change page and locality and to leave it.\n"
        "- Every page is checked automatically with axe-core for WCAG 2.1 A and AA failures.")
    st.header("Non-accessible content")
    st.markdown(
        "The parts below come from Streamlit, the framework the service is built on, not from this service's "
        "own content. They fail the WCAG 2.1 AA success criteria named, until Streamlit fixes them. "
        "Charts are drawn as pictures: the figures they show are also in the tables and lists beside them.")
    st.table(pd.DataFrame([{
        "Part of the screen": issue.component, "What fails": issue.problem, "How to get round it": issue.mitigation,
        "Check (axe-core)": f"{issue.rule} ({issue.impact})"} for issue in KNOWN_ISSUES]).set_index("Part of the screen"))
    st.header("Colour contrast of the ratings")
    st.table(_contrast_table().set_index("Rating"))
    st.header("How we tested this service")
    st.markdown(
        "Every page (with the embedded sample and with an uploaded published workbook) is opened in Chromium "
        "at 1400 × 900 and 1024 × 768 and checked with axe-core (WCAG 2.1 A and AA and best practice rules) "
        "on every change to the service. Contrast ratios are computed from the palettes themselves.")
    st.header("Reporting accessibility problems")
    st.markdown("If you find a problem not listed here, tell the performance team who run this service, saying "
                "which page and what you were trying to do.")
