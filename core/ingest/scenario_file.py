"""Reading a what-if scenario back from its CSV or a template workbook (its Indicators sheet)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from core.ingest.container import WorkbookUnreadable, read_sheets
from core.ingest.template_layout import read_template
from core.model.scenario import CSV_COLUMNS, Scenario, conform_overrides


def read_scenario_file(path: str | Path, name: str | None = None) -> Scenario:
    """A scenario from its CSV (scenario_csv) or a template workbook (its Indicators sheet).

    The scenario is named after the file unless `name` is given. From a workbook every indicator's
    target and band is taken as given; a blank target there keeps the official one. Raises
    ValueError with a sentence a manager can act on when the file cannot be used.
    """
    path = Path(path)
    name = name or path.stem.replace("_", " ").strip() or "What-if"
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        overrides = _workbook_overrides(path)
    elif path.suffix.lower() == ".csv":
        overrides = _csv_overrides(path)
    else:
        raise ValueError(f"{path.name}: a scenario file is a .csv (from the What-if page) or a template .xlsx")
    return Scenario(name=name, overrides=overrides, created_from=path.name)


def _csv_overrides(path: Path) -> pd.DataFrame:
    try:
        table = pd.read_csv(path, dtype={"id": str, "name": str, "band_kind": str}, keep_default_na=False,
                            na_values=[""])
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ValueError(f"{path.name} cannot be read as a CSV file: {error}") from error
    missing = {"id", "scenario_target", "band_kind", "band_value"} - set(table.columns)
    if missing:
        raise ValueError(f"{path.name} has no {', '.join(sorted(missing))} column: "
                         f"expected {', '.join(CSV_COLUMNS)}")
    table = table[table["id"].notna()]
    overrides = table.set_index("id")[["scenario_target", "band_kind", "band_value"]]
    try:
        return conform_overrides(overrides.rename(columns={"scenario_target": "target"}))
    except ValueError as error:
        raise ValueError(f"{path.name}: {error}") from error


def _workbook_overrides(path: Path) -> pd.DataFrame:
    try:
        sheets = read_sheets(path.read_bytes(), path.name)
    except (OSError, WorkbookUnreadable) as error:
        raise ValueError(str(error)) from error
    indicators = {name.strip().lower(): frame for name, frame in sheets.items()}.get("indicators")
    if indicators is None:
        raise ValueError(f"{path.name} has no Indicators sheet to take targets from")
    # only the Indicators sheet matters here: read it with the template's own rules
    found = read_template({"Indicators": indicators}, path.name).indicators
    if not found:
        raise ValueError(f"{path.name}: no indicator could be read from its Indicators sheet")
    frame = pd.DataFrame({
        "target": [ind.target for ind in found.values()],
        "band_kind": [ind.amber_band.kind.value if ind.amber_band else None for ind in found.values()],
        "band_value": [ind.amber_band.value if ind.amber_band else np.nan for ind in found.values()],
    }, index=list(found))
    return conform_overrides(frame)
