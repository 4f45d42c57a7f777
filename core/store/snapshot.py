"""A parsed scorecard as stored: JSON for the small parts, table rows for the observations.

The snapshot, not a re-parse of the bytes, is what history and replay read: a later, better reader
must not change what a board was shown last year, and merging a dozen editions must not mean
parsing a dozen workbooks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import TypeAdapter

from core.model import (
    About,
    Commentary,
    Dataset,
    Indicator,
    conform_observations,
    conform_targets,
)
from core.store.schema import OBSERVATION_FIELDS, TARGET_FIELDS

_INDICATORS = TypeAdapter(list[Indicator])
_COMMENTARY = TypeAdapter(list[Commentary])
_NUMBER_FIELDS = ("value", "numerator", "denominator", "target", "band_value")
_PERIOD_FIELDS = ("period", "from_period")


def edition(scorecard: Dataset) -> str:
    """The month a workbook reports up to ('YYYY-MM'): its stated month ending, else its latest figures."""
    if scorecard.about.month_ending is not None:
        return scorecard.about.month_ending.strftime("%Y-%m")
    latest = scorecard.latest_period
    return str(latest) if latest is not None else "0000-00"


def parts_json(scorecard: Dataset) -> dict[str, str]:
    return {
        "about_json": scorecard.about.model_dump_json(),
        "indicators_json": _INDICATORS.dump_json(list(scorecard.indicators.values())).decode(),
        "commentary_json": _COMMENTARY.dump_json(scorecard.commentary).decode(),
    }


def about_from(text: str) -> About:
    return About.model_validate_json(text)


def indicators_from(text: str) -> dict[str, Indicator]:
    return {indicator.id: indicator for indicator in _INDICATORS.validate_json(text)}


def commentary_from(text: str) -> list[Commentary]:
    return _COMMENTARY.validate_json(text)


def observation_rows(frame: pd.DataFrame, upload_id: int) -> list[dict]:
    """Observation rows ready for an executemany insert: NaN and <NA> become NULL."""
    return _rows(frame, upload_id, OBSERVATION_FIELDS)


def target_rows(frame: pd.DataFrame, upload_id: int) -> list[dict]:
    """Dated target rows (Dataset.targets) ready for an executemany insert."""
    return _rows(frame, upload_id, TARGET_FIELDS)


def commentary_rows(notes: list[Commentary], upload_id: int) -> list[dict]:
    """The workbook's commentary as rows, in its order (the same notes commentary_json holds whole)."""
    return [{"upload_id": upload_id, "row": position,
             **{name: _no_nul(value) for name, value in note.model_dump().items()}}
            for position, note in enumerate(notes)]


def _no_nul(text: str | None) -> str | None:
    return text.replace("\x00", "") if text else text  # PostgreSQL text cannot hold NUL


def _rows(frame: pd.DataFrame, upload_id: int, fields: list[str]) -> list[dict]:
    out = pd.DataFrame({"upload_id": upload_id, "row": np.arange(len(frame))})
    for name in fields:
        column = frame[name]
        if name in _PERIOD_FIELDS:
            column = column.dt.strftime("%Y-%m")
        elif name not in _NUMBER_FIELDS:
            column = column.str.replace("\x00", "", regex=False)  # PostgreSQL text cannot hold NUL
        out[name] = column.astype(object).where(column.notna(), None).to_numpy()
    return out.to_dict("records")


def _typed(rows: pd.DataFrame) -> pd.DataFrame:
    frame = rows.copy()
    for name in _PERIOD_FIELDS:
        if name in frame:
            frame[name] = pd.PeriodIndex(pd.to_datetime(frame[name], format="%Y-%m"), freq="M")
    for name in _NUMBER_FIELDS:
        if name in frame:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    return frame


def targets_from_rows(rows: pd.DataFrame) -> pd.DataFrame:
    return conform_targets(_typed(rows))


def observations_from_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Stored rows (any extra columns kept aside) back to OBSERVATION_COLUMNS and their dtypes."""
    return conform_observations(_typed(rows))
