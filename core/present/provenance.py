"""The values table of an indicator: each month's figure and where it came from, in words a reader uses."""

from __future__ import annotations

import pandas as pd

from core.present.labels import MISSING_REASON_LABELS

VALUES_TABLE_HEADINGS = {"month": "Month", "display_value": "Figure", "missing_reason": "Why blank", "note": "Note",
                         "source": "Upload", "sheet": "Sheet", "cell": "Cell"}


def values_table(history: pd.DataFrame) -> pd.DataFrame:
    """core.views.public.indicator_history as shown: months as 'Jan 2023', why a figure is blank in plain
    words, and nothing at all (never 'None') where the workbook said nothing."""
    table = history.assign(month=history["period"].dt.strftime("%b %Y"),
                           missing_reason=history["missing_reason"].map(MISSING_REASON_LABELS))
    shown = table[list(VALUES_TABLE_HEADINGS)].astype(object)
    return shown.where(shown.notna(), "").rename(columns=VALUES_TABLE_HEADINGS)
