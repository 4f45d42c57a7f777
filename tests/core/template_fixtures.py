"""Small template workbooks built in code, so each test states exactly what it feeds in."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from core.model import About, AmberBand, Indicator
from core.template.contract import write_template

INDICATORS = [
    Indicator(id="cic_count", area="Profile", name="No. of CIC at end of month", unit="count", good_is="low",
              target=420),
    Indicator(id="hew_dental_pct", area="Health & Emotional Wellbeing", name="% CIC with a dental check",
              unit="percent", good_is="high", target=85, amber_band=AmberBand(kind="absolute", value=5)),
    Indicator(id="cl_bnb_count", area="Care Leavers", name="No. of Care Leavers in B&B", unit="count",
              good_is="low", target=0),
]


def template_bytes(values: list[dict], indicators: list[Indicator] = INDICATORS,
                   about: About | None = None, commentary: list | None = None,
                   targets: pd.DataFrame | None = None) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, about=about or About(authority="Testshire", localities=["North", "South"]),
                   indicators=indicators, values=pd.DataFrame(values), commentary=commentary or [], targets=targets)
    return buffer.getvalue()


def edit_cells(data: bytes, sheet: str, edits: dict[str, object]) -> bytes:
    """Change cells after writing: how a person breaks a workbook."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for ref, value in edits.items():
        book[sheet][ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def lone_cell(ref: str) -> bytes:
    """A workbook whose only sheet, Notes, holds one number at `ref`: a used range as large as `ref` makes it."""
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active[ref] = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
