"""The validated data set of one upload (or of the merged publications): what every page, export and what-if reads."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.model.indicator import About, Commentary, Indicator, indicators_to_frame
from core.model.notes import Action
from core.model.observations import OBSERVATION_COLUMNS
from core.model.targets import TARGET_COLUMNS, conform_targets
from core.model.vocabulary import WHOLE_AUTHORITY


class Dataset(BaseModel):
    """The validated model of one workbook: what every page, export and what-if reads."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    about: About
    indicators: dict[str, Indicator]
    observations: Any  # pd.DataFrame with OBSERVATION_COLUMNS
    commentary: list[Commentary] = Field(default_factory=list)  # from the workbook, then written in the app
    actions: list[Action] = Field(default_factory=list)  # written in the app
    # pd.DataFrame with TARGET_COLUMNS: targets that change from a month on (Indicator.target holds from the start)
    targets: Any = Field(default_factory=conform_targets)
    layout: str = "template"  # "template" or "published"
    source_name: str = ""
    # pd.DataFrame (indicator_id, locality, period) or None: cells an earlier publication's public view withheld,
    # which every view of the shared data withholds too (core.views.suppression); None for a lone workbook
    withheld_before: Any = None

    @field_validator("observations")
    @classmethod
    def _is_observation_frame(cls, v: Any) -> pd.DataFrame:
        if not isinstance(v, pd.DataFrame) or list(v.columns) != list(OBSERVATION_COLUMNS):
            raise ValueError("observations must be a DataFrame with OBSERVATION_COLUMNS in order")
        return v

    @field_validator("targets")
    @classmethod
    def _is_target_frame(cls, v: Any) -> pd.DataFrame:
        if not isinstance(v, pd.DataFrame) or list(v.columns) != list(TARGET_COLUMNS):
            raise ValueError("targets must be a DataFrame with TARGET_COLUMNS in order")
        return v

    @property
    def periods(self) -> list[pd.Period]:
        return sorted(self.observations["period"].dropna().unique())

    @property
    def latest_period(self) -> pd.Period | None:
        """The latest month with at least one reported value."""
        have = self.observations["period"][self.observations["value"].notna().to_numpy()]
        return have.max() if len(have) else None

    @property
    def localities(self) -> list[str]:
        seen = self.observations["locality"].dropna().unique().tolist()
        named = [loc for loc in self.about.localities if loc != WHOLE_AUTHORITY]
        extra = sorted(loc for loc in seen if loc not in named and loc != WHOLE_AUTHORITY)
        return [WHOLE_AUTHORITY, *named, *extra]

    def with_authority(self, authority: str) -> Dataset:
        """The same data under the authority a person named (the workbook did not); blank changes nothing."""
        if not authority.strip():
            return self
        return self.model_copy(update={"about": self.about.model_copy(update={"authority": authority.strip()})})

    @property
    def latest_month(self) -> pd.Period | None:
        """The latest month the workbook reports: its month ending or its latest figure, whichever is later."""
        months = [pd.Period(self.about.month_ending, freq="M")] if self.about.month_ending else []
        if self.latest_period is not None:
            months.append(self.latest_period)
        return max(months) if months else None

    def indicator_frame(self) -> pd.DataFrame:
        """Indicators as a table, one row per indicator: the shape the rating engine reads."""
        return indicators_to_frame(self.indicators.values())
