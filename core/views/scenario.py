"""What-if scenarios: named target and amber-band overrides, kept apart from the official figures.

A scenario never changes the model: it is an overrides frame (indicator id -> target, band_kind,
band_value; NaN keeps the official value) that core.rating applies on top. This module builds
them (bulk_adjust), compares them with the official ratings (rag_difference, describe_changes)
and moves them in and out of files (scenario_csv, write_scenario_workbook, read_scenario_file).
"""

from __future__ import annotations

import hashlib
import io
from functools import cached_property
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.model import (
    WHOLE_AUTHORITY,
    AmberBand,
    Dataset,
    Indicator,
    Rag,
    Unit,
    check_bands,
)
from core.present.labels import RAG_STYLES
from core.rules.polarity import polarity_sign
from core.rules.rag import OVERRIDE_COLUMNS, RAG_CATEGORIES
from core.template.from_dataset import write_model_template
from core.views.public import public_scorecard
from core.views.suppression import DEFAULT_POLICY, SuppressionPolicy

CSV_COLUMNS = ["id", "name", "official_target", "scenario_target", "band_kind", "band_value"]
TARGET_DECIMALS = 2  # bulk-adjusted targets: finer than this is noise to a Board
AdjustDirection = Literal["tighten", "loosen"]
RagChanges = dict[tuple[str, str], int]


def empty_overrides() -> pd.DataFrame:
    return conform_overrides(pd.DataFrame(columns=OVERRIDE_COLUMNS))


def conform_overrides(frame: pd.DataFrame) -> pd.DataFrame:
    """Overrides with exactly OVERRIDE_COLUMNS and clean types; rows that override nothing are dropped.

    Raises ValueError for a duplicate id, an unknown band kind, a negative width, or a band given
    half-way (a kind without a value, or a value without a kind: the pair only means something together).
    """
    unknown = set(frame.columns) - set(OVERRIDE_COLUMNS)
    if unknown:
        raise ValueError(f"overrides can only set {', '.join(OVERRIDE_COLUMNS)}; got {', '.join(sorted(unknown))}")
    if frame.index.has_duplicates:
        raise ValueError(f"an indicator appears twice: {', '.join(frame.index[frame.index.duplicated()].astype(str))}")
    out = frame.reindex(columns=OVERRIDE_COLUMNS)
    out.index = pd.Index(out.index.astype(str), name="id")
    target = pd.to_numeric(out["target"], errors="coerce").astype("float64")
    band_value = pd.to_numeric(out["band_value"], errors="coerce").astype("float64")
    kind = out["band_kind"].astype("string").str.strip().str.lower().replace("", pd.NA)
    kind = kind.astype(object).where(kind.notna(), None)
    bad_number = (out["target"].notna() & target.isna()) | (out["band_value"].notna() & band_value.isna())
    if bad_number.any() or np.isinf(target).any() or np.isinf(band_value).any():
        raise ValueError(f"targets and band values must be numbers ({', '.join(out.index[bad_number])})")
    check_bands(out.index, kind, band_value)
    half_band = kind.isna() != band_value.isna()
    if half_band.any():
        raise ValueError(f"an amber band needs both a kind and a value ({', '.join(out.index[half_band])})")
    out = pd.DataFrame({"target": target, "band_kind": kind.astype(object), "band_value": band_value}, index=out.index)
    return out[out["target"].notna() | out["band_kind"].notna()]


class Scenario(BaseModel):
    """A named set of what-if targets and bands. The official targets stay in the model, untouched."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    name: str = Field(default="What-if", min_length=1, max_length=100)
    overrides: Any = Field(default_factory=empty_overrides)  # see conform_overrides
    created_from: str = ""  # the workbook it was made against, for the record

    @field_validator("name")
    @classmethod
    def _stripped(cls, v: str) -> str:
        v = " ".join(v.split())
        if not v:
            raise ValueError("a scenario needs a name")
        return v

    @field_validator("overrides", mode="before")
    @classmethod
    def _conformed(cls, v: Any) -> pd.DataFrame:
        if v is None:
            return empty_overrides()
        if not isinstance(v, pd.DataFrame):
            raise ValueError("overrides must be a DataFrame indexed by indicator id")
        return conform_overrides(v)

    @property
    def is_empty(self) -> bool:
        return self.overrides.empty

    @cached_property
    def key(self) -> str:
        """A short, stable fingerprint of the overrides: the cache key of everything rated with them."""
        if self.is_empty:
            return ""
        return hashlib.sha256(self.overrides.sort_index().to_csv().encode()).hexdigest()[:16]

    def unmatched_ids(self, model: Dataset) -> list[str]:
        """Overridden ids the model does not have (a scenario made on another workbook): they are ignored."""
        return sorted(set(self.overrides.index) - set(model.indicators))


def merge_overrides(base: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """`base` with `changes` laid over it, cell by cell (a NaN in `changes` keeps what `base` had)."""
    base, changes = conform_overrides(base), conform_overrides(changes)
    merged = changes.combine_first(base)
    # the band is a pair: a change that sets it replaces both halves
    both = changes.index[changes["band_kind"].notna()]
    merged.loc[both, ["band_kind", "band_value"]] = changes.loc[both, ["band_kind", "band_value"]]
    return conform_overrides(merged.reindex(columns=OVERRIDE_COLUMNS))


def without_official(overrides: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Drop overrides that only repeat the official value, so a scenario lists real changes only."""
    overrides = conform_overrides(overrides)
    official = indicators.reindex(overrides.index)
    same_target = np.isclose(overrides["target"], official["target"].astype("float64"), rtol=0, atol=1e-9)
    same_band = (overrides["band_kind"] == official["band_kind"]) & np.isclose(
        overrides["band_value"], official["band_value"].astype("float64"), rtol=0, atol=1e-9)
    kept = overrides.assign(target=overrides["target"].where(~same_target),
                            band_kind=overrides["band_kind"].where(~same_band, None),
                            band_value=overrides["band_value"].where(~same_band))
    return conform_overrides(kept)


# ---- bulk adjustment ---------------------------------------------------------------------------

def bulk_adjust(indicators: pd.DataFrame, area: str | None, percent: float,
                direction: AdjustDirection = "tighten") -> pd.DataFrame:
    """Target overrides that move every target of `area` (None: every area) by `percent` of itself.

    Tighten asks for better performance, so it respects polarity: high-is-good targets go up,
    low-is-good targets go down; loosen does the opposite. Neutral indicators and those without a
    target are left out. The change is relative to the target, so a target of 0 stays 0 (nothing
    can be a percentage of nothing). Percentage targets stay within 0-100. `indicators` is an
    indicator frame (model.indicator_frame(), or effective_indicators() to adjust a scenario further).
    """
    if percent < 0:
        raise ValueError("the percentage is a size: choose tighten or loosen for the direction")
    if direction not in ("tighten", "loosen"):
        raise ValueError("direction is 'tighten' or 'loosen'")
    chosen = indicators if area is None else indicators[indicators["area"] == area]
    polarity = pd.Series(polarity_sign(chosen["good_is"]), index=chosen.index)
    chosen = chosen[(polarity != 0) & chosen["target"].notna()]
    upward = polarity[chosen.index] * (1.0 if direction == "tighten" else -1.0)
    target = chosen["target"].astype("float64")
    moved = (target + upward * target.abs() * percent / 100.0).round(TARGET_DECIMALS)
    is_percent = (chosen["unit"] == Unit.percent.value).to_numpy()
    moved = moved.where(~is_percent, moved.clip(0.0, 100.0))
    return conform_overrides(pd.DataFrame({"target": moved.to_numpy()}, index=chosen.index))


# ---- the difference from the official ratings ----------------------------------------------------

DIFFERENCE_COLUMNS = ["id", "area", "name", "display_value", "official_target", "scenario_target",
                      "old_rag", "new_rag", "old_reason", "new_reason"]


def rag_difference(model: Dataset, month: pd.Period | str | None = None, locality: str = WHOLE_AUTHORITY,
                   overrides: pd.DataFrame | None = None, policy: SuppressionPolicy = DEFAULT_POLICY,
                   official: pd.DataFrame | None = None) -> tuple[RagChanges, pd.DataFrame]:
    """How the scenario's ratings differ from the official ones for one month and locality.

    Returns the counts per (old rag, new rag), largest first, and one row per changed indicator
    (DIFFERENCE_COLUMNS). Both sides go through public_scorecard, so a figure withheld in a
    locality view is not rated on either side and never shows up as a change. `official` may be
    the already computed official public scorecard (the app caches it).
    """
    if official is None:
        official = public_scorecard(model, month, locality, policy)
    scenario = public_scorecard(model, month, locality, policy, overrides)
    old = official.set_index("id").reindex(scenario["id"])
    old_rag = old["rag"].astype(str).to_numpy()
    new_rag = scenario["rag"].astype(str).to_numpy()
    moved = old_rag != new_rag
    changed = pd.DataFrame({
        "id": scenario["id"].to_numpy()[moved], "area": scenario["area"].to_numpy()[moved],
        "name": scenario["name"].to_numpy()[moved], "display_value": scenario["display_value"].to_numpy()[moved],
        "official_target": old["target"].to_numpy(dtype="float64")[moved],
        "scenario_target": scenario["target"].to_numpy(dtype="float64")[moved],
        "old_rag": old_rag[moved], "new_rag": new_rag[moved],
        "old_reason": old["rag_reason"].to_numpy(dtype=object)[moved],
        "new_reason": scenario["rag_reason"].to_numpy(dtype=object)[moved],
    }, columns=DIFFERENCE_COLUMNS)
    return _count_changes(changed), changed


def _count_changes(changed: pd.DataFrame) -> RagChanges:
    if changed.empty:
        return {}
    order = {rag: i for i, rag in enumerate(RAG_CATEGORIES)}
    sizes = changed.groupby(["old_rag", "new_rag"]).size().reset_index(name="n")
    sizes = sizes.assign(old_order=sizes["old_rag"].map(order), new_order=sizes["new_rag"].map(order))
    sizes = sizes.sort_values(["n", "old_order", "new_order"], ascending=[False, True, True])
    return {(old, new): int(n) for old, new, n in zip(sizes["old_rag"], sizes["new_rag"], sizes["n"])}


def rag_word(rag: str) -> str:
    style = RAG_STYLES.get(Rag(rag)) if rag in RAG_CATEGORIES else None
    return style.word if style else rag


def describe_changes(counts: RagChanges) -> str:
    """'3 indicators Red -> Amber, 1 Green -> Amber'; 'No rating changes' when nothing moved."""
    if not counts:
        return "No rating changes"
    parts = [f"{n} {rag_word(old)} -> {rag_word(new)}" for (old, new), n in counts.items()]
    first = next(iter(counts.values()))
    parts[0] = parts[0].replace(" ", " indicator " if first == 1 else " indicators ", 1)
    return ", ".join(parts)


# ---- files -----------------------------------------------------------------------------------------

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
    from core.ingest.container import WorkbookUnreadable, read_sheets
    from core.ingest.template_layout import read_template

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
