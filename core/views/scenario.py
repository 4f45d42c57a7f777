"""What-if scenarios at work: build overrides in bulk (bulk_adjust) and compare their ratings with the
official ones (rag_difference, describe_changes). The scenario itself is data: core.model.scenario;
its files: core.ingest.scenario_file (read) and core.exports.scenario_files (write).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from core.model import (
    WHOLE_AUTHORITY,
    Dataset,
    Rag,
    Unit,
)
from core.model.scenario import conform_overrides
from core.present.labels import RAG_STYLES
from core.rules.polarity import polarity_sign
from core.rules.rag import RAG_CATEGORIES
from core.views.public import public_scorecard
from core.views.suppression import DEFAULT_POLICY, SuppressionPolicy

# Bulk-adjusted targets in the places a Board reads them in: whole children and days, a percentage or rate to
# one decimal. Finer is noise; a target of 13.65 children is not one anybody could meet.
TARGET_DECIMALS: dict[str, int] = {Unit.count.value: 0, Unit.days.value: 0, Unit.percent.value: 1,
                                   Unit.rate_per_10k.value: 1, Unit.score.value: 1, Unit.ratio.value: 2}
OTHER_TARGET_DECIMALS = 2
AdjustDirection = Literal["tighten", "loosen"]
RagChanges = dict[tuple[str, str], int]


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
    exact = target + upward * target.abs() * percent / 100.0
    # Rounded the way the target moves, so that a small target still moves (10 children tightened by 5% is 9,
    # not 9.5 rounded back to 10).
    scale = 10.0 ** chosen["unit"].map(TARGET_DECIMALS).fillna(OTHER_TARGET_DECIMALS).to_numpy(dtype="float64")
    nearest = np.round(exact.to_numpy() * scale) / scale
    onward = np.where(upward.to_numpy() > 0, np.ceil(exact.to_numpy() * scale - 1e-9),
                      np.floor(exact.to_numpy() * scale + 1e-9)) / scale
    moved = pd.Series(np.where(np.isclose(nearest, exact.to_numpy()), nearest, onward), index=chosen.index)
    is_percent = (chosen["unit"] == Unit.percent.value).to_numpy()
    moved = moved.where(~is_percent, moved.clip(0.0, 100.0))
    changed = (moved != target).to_numpy()  # a target of 0 (or a percentage at 100) does not move: not listed
    return conform_overrides(pd.DataFrame({"target": moved.to_numpy()[changed]}, index=chosen.index[changed]))


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
