"""A what-if scenario written out: the short CSV, or the official workbook with the scenario's targets."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

import pandas as pd

from core.model import AmberBand, Dataset, Indicator
from core.model.scenario import CSV_COLUMNS, Scenario, conform_overrides
from core.template.from_dataset import write_model_template


def scenario_indicators(model: Dataset, overrides: pd.DataFrame) -> list[Indicator]:
    """The model's indicators with the scenario's targets and bands: what its template workbook carries."""
    overrides = conform_overrides(overrides)
    changed = []
    for indicator in model.indicators.values():  # a few dozen domain objects, each rebuilt through validation
        if indicator.id not in overrides.index:
            changed.append(indicator)
            continue
        row = overrides.loc[indicator.id]
        update: dict[str, Any] = {}
        if pd.notna(row["target"]):
            update["target"] = float(row["target"])
        if row["band_kind"] is not None:
            update["amber_band"] = AmberBand(kind=row["band_kind"], value=float(row["band_value"]))
        changed.append(Indicator(**{**indicator.model_dump(), **update}))
    return changed


def write_scenario_workbook(model: Dataset, scenario: Scenario, target: str | Path | IO[bytes]) -> None:
    """The official workbook's content with the scenario's targets and bands: upload it to make them official."""
    write_model_template(model, target, scenario_indicators(model, scenario.overrides),
                         notes=f"Targets from what-if scenario '{scenario.name}'.")


def scenario_workbook_bytes(model: Dataset, scenario: Scenario) -> bytes:
    buffer = io.BytesIO()
    write_scenario_workbook(model, scenario, buffer)
    return buffer.getvalue()


def scenario_csv(model: Dataset, scenario: Scenario) -> str:
    """The short CSV: one row per overridden indicator (blank scenario cells keep the official value)."""
    overrides = scenario.overrides
    official = model.indicator_frame().reindex(overrides.index)
    names = official["name"].astype(object)
    # a spreadsheet would run a name that starts with = + - @ as a formula
    risky = names.astype(str).str.match(r"^[=+\-@]")
    table = pd.DataFrame({
        "id": overrides.index, "name": names.where(~risky, "'" + names.astype(str)).to_numpy(),
        "official_target": official["target"].to_numpy(), "scenario_target": overrides["target"].to_numpy(),
        "band_kind": overrides["band_kind"].to_numpy(), "band_value": overrides["band_value"].to_numpy(),
    }, columns=CSV_COLUMNS)
    return table.to_csv(index=False, float_format="%.10g", lineterminator="\n")
