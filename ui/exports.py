"""Meeting-pack download buttons (Excel, PDF, PowerPoint) for the view on screen.

The files are built only when a button is clicked (deferred data) and cached on what they show:
the source digest, month, locality, threshold, palette and scenario, never on the model itself.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from core.exports import build_export, export_format, file_name
from core.exports.pack import ScenarioLike, scenario_parts
from core.model import Dataset
from core.views.suppression import SuppressionPolicy
from ui.filters import Filters
from ui.literal import literal
from ui.publishing import viewing_policy
from ui.state import current_source

BUTTONS = (("xlsx", "Excel workbook", ":material/table_view:"),
           ("pdf", "PDF report", ":material/picture_as_pdf:"),
           ("pptx", "PowerPoint slides", ":material/slideshow:"))


@st.cache_data(show_spinner=False, max_entries=24)
def _export_bytes(_model: Dataset, source_digest: str, notes_key: str, fmt: str, month: str, locality: str,
                  policy: SuppressionPolicy, scenario_key: str, colour_safe: bool, source_label: str,
                  _scenario: ScenarioLike | None = None) -> bytes:
    return build_export(fmt, _model, month, locality, policy, _scenario,
                        source_label, colour_safe)


def scenario_key(scenario: ScenarioLike | None) -> str:
    """What identifies a scenario's effect on a pack: its name (in the banner) and its overrides."""
    name, overrides = scenario_parts(scenario)
    if name is None:
        return ""
    fingerprint = getattr(scenario, "key", None)
    if fingerprint is None:
        text = overrides.sort_index().to_csv() if overrides is not None else ""
        fingerprint = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{name}|{fingerprint}"


def notes_key(model: Dataset) -> str:
    """What identifies the notes a pack prints: a draft's notes change without its figures changing."""
    text = "".join(note.model_dump_json() for note in [*model.commentary, *model.actions])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def render_downloads(model: Dataset, filters: Filters, scenario: ScenarioLike | None = None) -> None:
    """Three download buttons for the month, locality and scenario on screen (keys export_xlsx/pdf/pptx)."""
    source = current_source()
    name, _ = scenario_parts(scenario)
    key = scenario_key(scenario)
    month = str(filters.month)
    what = "with what-if targets" if name else "with the official targets"
    st.subheader("Meeting pack")
    st.caption(f"{literal(filters.locality)}, {filters.month.strftime('%B %Y')}, {what}. "
               "Small numbers are withheld exactly as on screen.")
    for column, (fmt, label, icon) in zip(st.columns(len(BUTTONS)), BUTTONS):
        def build(fmt: str = fmt) -> bytes:  # runs on click, not on every rerun
            return _export_bytes(model, source.digest, notes_key(model), fmt, month, filters.locality, viewing_policy(filters.threshold), key,
                                 filters.colour_safe, source.describe(), _scenario=scenario)

        column.download_button(label, data=build, file_name=file_name(fmt, month, filters.locality, name),
                               mime=export_format(fmt).mime, key=f"export_{fmt}", icon=icon, on_click="ignore",
                               width="stretch")
