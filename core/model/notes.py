"""What managers write about a month beside the figures: actions agreed (commentary is core.model.Commentary)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ActionStatus(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"


class Action(BaseModel):
    """An action agreed for an area or an indicator in a month: what, who, by when, how far along."""

    model_config = ConfigDict(frozen=True)

    subject: str  # an area name or an indicator id
    period: str = Field(pattern=r"^\d{4}-\d{2}$")
    what: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    due: date
    status: ActionStatus = ActionStatus.not_started
    author: str | None = None

    @field_validator("what", "owner")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be blank")
        return v.strip()
