"""One finding of the validation report: its level, where it is (sheet and cell) and what it says."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Level(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class Finding(BaseModel):
    """One thing the validation report tells the performance manager."""

    model_config = ConfigDict(frozen=True)

    level: Level
    sheet: str = ""
    cell: str = ""
    message: str
    code: str = ""  # short stable id of the rule (core.validation.catalogue), for filtering and tests
    more: int = 0  # a closing "and N more like this" line stands for this many findings not listed

    def line(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{self.level.value.upper()} {where}: {self.message}" if where else (
            f"{self.level.value.upper()} {self.message}"
        )
