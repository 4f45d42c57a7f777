"""The overview's lists and sentences: exceptions first, what is going well, RAG history and counts, headlines."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.knowledge import areas, headlines
from core.model import Dataset, Rag
from core.rules.polarity import polarity_sign
from core.rules.rag import (
    dated_targets,
    effective_indicators,
    not_rated_where_target_does_not_apply,
    rate_against_target,
)
from core.views.suppression import Disclosure

HISTORY_MONTHS = 12


_WORSE_THAN_TARGET = (Rag.red.value, Rag.amber.value)
_WORSENING = "worsening"


def distance_from_target(view: pd.DataFrame) -> pd.Series:
    """How far short of target, as a share of the target (the shortfall itself when the target is 0).

    `gap` is the signed distance to target (positive = better), so a shortfall is -gap; a share makes
    a 3-point shortfall on a 10% target weigh more than one on a 90% target.
    """
    shortfall = -view["gap"].astype("float64")
    scale = view["target"].astype("float64").abs().where(lambda t: t > 0, 1.0)
    return (shortfall / scale).fillna(0.0)


def _needs_attention_mask(view: pd.DataFrame) -> pd.Series:
    rag = view["rag"].astype(str)
    worsening = view["direction"].astype(str) == _WORSENING
    red = rag == Rag.red.value
    off_target_worsening = rag.isin(_WORSE_THAN_TARGET) & worsening
    concern = worsening & (view["spc_signal"] == "special_cause_concern")
    return red | off_target_worsening | concern


def exceptions(view: pd.DataFrame) -> pd.DataFrame:
    """What a head of service reads first: Red, or Amber/Red and worsening, or worsening with a special-cause concern.

    Worsening Red/Amber come first, then the rest; within each, the furthest from target first.
    """
    chosen = view[_needs_attention_mask(view)].copy()
    rag = chosen["rag"].astype(str)
    worsening = chosen["direction"].astype(str) == _WORSENING
    concern = chosen["spc_signal"] == "special_cause_concern"
    off_target = rag.isin(_WORSE_THAN_TARGET)
    rating = rag.map({Rag.red.value: "Red", Rag.amber.value: "Amber"}).fillna("")
    chosen["why_listed"] = np.select(
        [off_target & worsening, off_target, worsening],
        [rating + " and getting worse", rating + ", not getting worse", "Getting worse, special-cause concern"],
        "")
    special = np.where(concern, " Special-cause concern.", "")
    chosen["explanation"] = chosen["rag_reason"].astype(str) + "." + special
    chosen["getting_worse"] = worsening.to_numpy()
    chosen["distance_from_target"] = distance_from_target(chosen)
    chosen["_first"] = ~(off_target & worsening)
    return chosen.sort_values(["_first", "distance_from_target"], ascending=[True, False],
                              kind="stable").drop(columns="_first")


def going_well(view: pd.DataFrame) -> pd.DataFrame:
    """Green and improving, or a special-cause improvement; never anything listed under exceptions()."""
    green_improving = (view["rag"].astype(str) == Rag.green.value) & (view["direction"].astype(str) == "improving")
    improvement = view["spc_signal"] == "special_cause_improvement"
    chosen = view[(green_improving | improvement) & ~_needs_attention_mask(view)].copy()
    chosen["explanation"] = np.where(improvement[chosen.index], "Special-cause improvement.",
                                     "Green and improving.")
    return chosen


def rag_history(model: Dataset, month: pd.Period | str, locality: str, disclosure: Disclosure,
                overrides: pd.DataFrame | None = None, months: int = HISTORY_MONTHS) -> pd.DataFrame:
    """The rating of every indicator with a target in each of the last `months` months, rated as the scorecard is.

    Columns id, area, name, period (Period[M]), rag (str). Rows: indicators in area order, months oldest
    first; a month without a figure is no_data. Figures the disclosure withholds are not rated, and in a
    locality view whole-authority count targets rate no locality, as on the scorecard.
    """
    month = pd.Period(month, freq="M")
    window = pd.period_range(month - (months - 1), month, freq="M")
    effective = effective_indicators(model.indicator_frame(), overrides)
    targets = dated_targets(model.targets, overrides)  # each month is rated against the target then in force
    has_target = effective["target"].notna() | effective.index.isin(targets["indicator_id"] if len(targets) else [])
    effective = effective[has_target & (polarity_sign(effective["good_is"]) != 0)]
    obs = model.observations
    chosen = obs[((obs["locality"] == locality) & obs["period"].isin(window)
                  & obs["indicator_id"].isin(effective.index)).fillna(False).to_numpy()]
    rated = not_rated_where_target_does_not_apply(
        rate_against_target(chosen.drop_duplicates(["indicator_id", "period"]), effective, targets), locality)
    withheld = disclosure.lookup(rated["indicator_id"].to_numpy(dtype=object), locality,
                                 rated["period"].to_numpy(dtype=object))["withheld"].to_numpy()
    rag = np.where(withheld, Rag.not_rated.value, rated["rag"].astype(str).to_numpy())
    grid = (rated.assign(rag=rag)
            .pivot(index="indicator_id", columns="period", values="rag")
            .reindex(index=effective.index, columns=window).astype(object).fillna(Rag.no_data.value))
    order = effective["area"].map(areas().set_index("area")["order"]).fillna(10_000)
    grid = grid.iloc[order.argsort(kind="stable")]
    long = grid.rename_axis(index="id", columns="period").stack().rename("rag").reset_index()
    long["area"] = long["id"].map(effective["area"]).astype(str)
    long["name"] = long["id"].map(effective["name"]).astype(str)
    return long[["id", "area", "name", "period", "rag"]]


def rag_counts_by_area(view: pd.DataFrame) -> pd.DataFrame:
    """Area x RAG counts in the standard area order (areas not in the list last)."""
    counts = pd.crosstab(view["area"], view["rag"].astype(str))
    counts = counts.reindex(columns=[r.value for r in Rag], fill_value=0)
    order = counts.index.map(areas()["order"]).fillna(10_000)
    return counts.iloc[order.argsort(kind="stable")]


MAX_HEADLINES = 4


def headline_sentences(view: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(label, figure, sentence) for the headline indicators present in a public scorecard view.

    The movement is said in plain words (up / down), not judged: the RAG and direction say that.
    Withheld figures are named as such and their movement is not given.
    """
    by_id = view.set_index("id")
    result = []
    for indicator_id, label, template in zip(headlines()["indicator_id"], headlines()["label"], headlines()["template"]):
        if indicator_id not in by_id.index:
            continue
        row = by_id.loc[indicator_id]
        if pd.isna(row["value"]) and not row.get("suppressed", False):
            continue
        figure = str(row["display_value"])
        sentence = template.format(figure=figure)
        previous, value = row.get("previous_value"), row["value"]
        if row.get("suppressed", False) or row.get("previous_suppressed", False):
            sentence += " (withheld: small numbers)" if row.get("suppressed", False) else ""
        elif pd.notna(previous) and pd.notna(value):
            if round(value, 2) == round(previous, 2):
                sentence += ", the same as last month"
            else:
                sentence += f", {'up' if value > previous else 'down'} from {row['previous_display_value']} last month"
        result.append((label, figure, sentence))
        if len(result) == MAX_HEADLINES:
            break
    return result
