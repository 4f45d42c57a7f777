"""Meeting packs: the scorecard as Excel, PDF and PowerPoint, suppressed exactly as on screen.

    build_export("pdf", model, month, locality, policy, scenario) -> bytes

Nothing here needs a browser or the network: openpyxl, reportlab (with a shipped font) and
python-pptx write the files themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from core.exports.pack import MeetingPack, ScenarioLike, build_pack
from core.model import WHOLE_AUTHORITY, Dataset
from core.views.suppression import DEFAULT_POLICY, SuppressionPolicy


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    mime: str
    suffix: str
    write: Callable[[MeetingPack], bytes]


def _formats() -> dict[str, ExportFormat]:
    # imported here so that `import core.exports` stays cheap for callers that only need the names
    from core.exports.excel import XLSX_MIME, write_xlsx
    from core.exports.pdf import PDF_MIME, write_pdf
    from core.exports.powerpoint import PPTX_MIME, write_pptx

    return {
        "xlsx": ExportFormat("xlsx", "Excel", XLSX_MIME, ".xlsx", write_xlsx),
        "pdf": ExportFormat("pdf", "PDF", PDF_MIME, ".pdf", write_pdf),
        "pptx": ExportFormat("pptx", "PowerPoint", PPTX_MIME, ".pptx", write_pptx),
    }


FORMAT_KEYS = ("xlsx", "pdf", "pptx")


def export_format(key: str) -> ExportFormat:
    formats = _formats()
    if key not in formats:
        raise ValueError(f"unknown export format '{key}': use {', '.join(FORMAT_KEYS)}")
    return formats[key]


def build_export(fmt: str, model: Dataset, month: pd.Period | str | None = None,
                 locality: str = WHOLE_AUTHORITY, policy: SuppressionPolicy = DEFAULT_POLICY,
                 scenario: ScenarioLike | None = None, source_label: str | None = None,
                 colour_safe: bool = False) -> bytes:
    """One meeting pack as bytes. scenario: core.scenario.Scenario or (name, overrides DataFrame)."""
    chosen = export_format(fmt)
    pack = build_pack(model, month, locality, policy, scenario, source_label, colour_safe)
    return chosen.write(pack)


def file_name(fmt: str, month: pd.Period | str, locality: str, scenario_name: str | None = None) -> str:
    """A download name that says what is inside: scorecard_2023-03_purbeck_what-if.pdf."""
    parts = ["scorecard", str(pd.Period(month, freq="M")), locality]
    if scenario_name:
        parts.append("what-if")
    stem = "_".join(parts).lower()
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)
    return stem + export_format(fmt).suffix


__all__ = ["FORMAT_KEYS", "ExportFormat", "MeetingPack", "build_export", "build_pack", "export_format", "file_name"]
