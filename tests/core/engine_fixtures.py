"""Observation tables for the rating engine tests, built in code so each test states what it feeds in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.model import (
    WHOLE_AUTHORITY,
    Indicator,
    conform_observations,
    indicators_to_frame,
)


def observations(rows: list[dict]) -> pd.DataFrame:
    """Observation rows from dicts with at least indicator_id, period ('YYYY-MM') and value."""
    frame = pd.DataFrame(rows)
    if "locality" not in frame:
        frame["locality"] = WHOLE_AUTHORITY
    frame["period"] = pd.PeriodIndex(frame["period"], freq="M")
    frame["value"] = frame["value"].astype("float64")
    for column in ("numerator", "denominator"):  # float columns conform_observations cannot invent
        if column not in frame:
            frame[column] = np.nan
    return conform_observations(frame)


def monthly(indicator_id: str, start: str, values: list[float | None], locality: str = WHOLE_AUTHORITY) -> list[dict]:
    """One row per consecutive month from `start`; None is a missing value."""
    months = pd.period_range(start, periods=len(values), freq="M")
    return [{"indicator_id": indicator_id, "locality": locality, "period": str(m),
             "value": np.nan if v is None else v} for m, v in zip(months, values)]


def frame_of(*indicators: Indicator) -> pd.DataFrame:
    return indicators_to_frame(indicators)
