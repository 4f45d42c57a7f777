"""The validation report: every finding, and the row count that proves nothing was lost."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

import pandas as pd
from pydantic import BaseModel, Field

from core.validation.catalogue import cap_findings, title_of
from core.validation.findings import Finding, Level

_LEVEL_ORDER = {Level.error: 0, Level.warning: 1, Level.info: 2}


class RowCount(BaseModel):
    """Data rows of one sheet: each is used (loaded, perhaps with a warning) or reported (not loaded)."""

    sheet: str
    read: int = 0
    used: int = 0
    reported: int = 0


class RowTotals:
    """Totals over per-sheet row counts: every data row is used or reported."""

    row_counts: list[RowCount]

    @property
    def rows_read(self) -> int:
        return sum(count.read for count in self.row_counts)

    @property
    def rows_used(self) -> int:
        return sum(count.used for count in self.row_counts)

    @property
    def rows_reported(self) -> int:
        return sum(count.reported for count in self.row_counts)


class ValidationReport(RowTotals, BaseModel):
    findings: list[Finding] = Field(default_factory=list)
    row_counts: list[RowCount] = Field(default_factory=list)
    usable: bool = False
    layout: str = ""  # "template" or "published"

    def add(self, finding: Finding) -> None:
        self.extend([finding])

    def extend(self, findings: Iterable[Finding]) -> None:
        """Every finding enters here, so the per-rule cap is applied once, to all the report holds."""
        self.findings = cap_findings([*self.findings, *findings])

    def count(self, level: Level) -> int:
        return sum(1 for finding in self.findings if finding.level is level)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: _LEVEL_ORDER[f.level])

    def rows_line(self) -> str:
        return f"rows read {self.rows_read}, used {self.rows_used}, reported {self.rows_reported}"

    def summary(self) -> str:
        return (
            f"{self.count(Level.error)} errors, {self.count(Level.warning)} warnings, "
            f"{self.count(Level.info)} notes; {self.rows_line()}"
        )

    def text(self) -> str:
        return "\n".join([*(finding.line() for finding in self.sorted_findings()), self.rows_line()])

    def as_json(self) -> dict:
        return {
            "ok": self.usable,
            "findings": [
                {"level": f.level.value, "sheet": f.sheet, "cell": f.cell, "message": f.message}
                for f in self.sorted_findings()
            ],
            "rows": {"read": self.rows_read, "used": self.rows_used, "reported": self.rows_reported},
        }

    def json_text(self) -> str:
        return json.dumps(self.as_json(), indent=2)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"level": f.level.value, "sheet": f.sheet, "cell": f.cell, "message": f.message,
                 "rule": title_of(f.code)}
                for f in self.sorted_findings()
            ],
            columns=["level", "sheet", "cell", "message", "rule"],
        )

    def rows_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame([c.model_dump() for c in self.row_counts], columns=["sheet", "read", "used", "reported"])
        total = pd.DataFrame([{"sheet": "All sheets", "read": self.rows_read, "used": self.rows_used,
                               "reported": self.rows_reported}])
        return pd.concat([frame, total], ignore_index=True)

    def to_csv(self) -> bytes:
        return self.to_frame().to_csv(index=False).encode("utf-8")

    def to_xlsx(self) -> bytes:
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            _escape_text(self.to_frame()).to_excel(writer, sheet_name="Findings", index=False)
            self.rows_frame().to_excel(writer, sheet_name="Rows", index=False)
        return buffer.getvalue()


def _escape_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Messages quote user cells; a quote starting with = must stay text in Excel."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) == "string":
            text = out[column].astype("string")
            risky = text.str.match(r"^[=+\-@]", na=False)
            out[column] = text.where(~risky, "'" + text)
    return out
