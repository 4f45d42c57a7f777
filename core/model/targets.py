"""Targets and amber bands in force from a month: one row per indicator and period a workbook gives them for.

Published layouts print a target and an intervention level per quarter (`Q2 Target 2022/23`); the
table keeps each, with the cell it came from, and a target written in words (`decrease from Q1`)
verbatim beside the figure it resolves to (NaN when it names no period).
"""

from __future__ import annotations

import pandas as pd

from core.model.observations import conform

TARGET_COLUMNS: dict[str, str] = {
    "indicator_id": "string",
    "from_period": "period[M]",
    "target": "float64",
    "band_kind": "string",  # 'intervention' for an intervention level, NA when none is given
    "band_value": "float64",
    "target_text": "string",  # a target printed as words, verbatim; NA when it was a number
    "sheet": "string",
    "cell": "string",  # A1 reference of the target cell (or of the intervention level when no target)
}


def conform_targets(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a frame exactly the target columns and dtypes (missing columns become NA)."""
    return conform(frame, TARGET_COLUMNS)
