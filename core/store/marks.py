"""Process-change marks as the store takes and gives them: validated on the way in, a frame on the way out."""

from __future__ import annotations

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

MARK_COLUMNS = ["indicator_id", "period", "reason", "marked_by", "marked_at"]


class ProcessChange(BaseModel):
    """A month where an indicator's process changed (a redefinition, a new service): SPC starts again there."""

    model_config = ConfigDict(str_strip_whitespace=True)

    indicator_id: str = Field(min_length=1, max_length=200)
    period: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")  # 'YYYY-MM'
    reason: str = Field(min_length=1, max_length=2000)
    marked_by: str = ""

    @field_validator("period", mode="before")
    @classmethod
    def _month_text(cls, value: object) -> object:
        return value.strftime("%Y-%m") if isinstance(value, pd.Period) else value


def marks_frame(rows: list[dict]) -> pd.DataFrame:
    """Stored rows as a frame with period as a monthly Period column, in indicator and month order."""
    frame = pd.DataFrame(rows, columns=MARK_COLUMNS)
    frame["period"] = pd.PeriodIndex(frame["period"].astype(str), freq="M") if len(frame) else pd.Series(
        dtype="period[M]")
    return frame.sort_values(["indicator_id", "period"], ignore_index=True)
