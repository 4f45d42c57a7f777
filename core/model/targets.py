"""Targets and amber bands in force from a month: one row per indicator and month a target starts.

An indicator's own target and band (Indicator.target / amber_band) are what is in force from the
start; a row here replaces them from its month on, until the indicator's next row. Published layouts
print a target and an intervention level per quarter (`Q2 Target 2022/23`): each is a row, with the
cell it came from. A target written in words (`decrease from Q1`) is kept verbatim in target_text,
beside the figure it resolves to (NaN when it names no period).
"""

from __future__ import annotations

import pandas as pd

from core.model.observations import conform

TARGET_COLUMNS: dict[str, str] = {
    "indicator_id": "string",
    "from_period": "period[M]",  # in force from this month until the indicator's next row
    "target": "float64",  # NaN: no numeric target from this month (see target_text)
    "band_kind": "string",  # BandKind value ('intervention' for an intervention level), <NA>: the default band
    "band_value": "float64",
    "target_text": "string",  # a target printed as words, verbatim; <NA> when it was a number
    "sheet": "string",
    "cell": "string",  # A1 reference of the target cell (or of the intervention level when no target)
}


def conform_targets(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Give a frame exactly TARGET_COLUMNS and their dtypes, sorted by indicator and month (None: empty)."""
    conformed = conform(pd.DataFrame() if frame is None else frame, TARGET_COLUMNS)
    if conformed.empty:
        return conformed
    ordered = conformed.sort_values(["indicator_id", "from_period"], kind="stable")
    return ordered.reset_index(drop=True)
