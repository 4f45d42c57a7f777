"""The overview's lists and sentences: exceptions first, what is going well, RAG counts by area, headlines."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.knowledge import areas, headlines
from core.model import Rag


def exceptions(view: pd.DataFrame) -> pd.DataFrame:
    """Red indicators, and worsening ones with a special-cause concern: the list a head of service reads first."""
    red = view["rag"].astype(str) == Rag.red.value
    concern = (view["direction"].astype(str) == "worsening") & (view["spc_signal"] == "special_cause_concern")
    chosen = view[red | concern].copy()
    chosen["why_listed"] = [
        "Red and a special-cause concern" if r and c else "Red" if r else "Worsening, special-cause concern"
        for r, c in zip(red[red | concern], concern[red | concern])
    ]
    special = np.where(chosen["why_listed"].astype(str).str.contains("special"), " Special-cause concern.", "")
    chosen["explanation"] = chosen["rag_reason"].astype(str) + "." + special
    return chosen


def going_well(view: pd.DataFrame) -> pd.DataFrame:
    """Green and improving, or a special-cause improvement."""
    green_improving = (view["rag"].astype(str) == Rag.green.value) & (view["direction"].astype(str) == "improving")
    improvement = view["spc_signal"] == "special_cause_improvement"
    chosen = view[green_improving | improvement].copy()
    chosen["explanation"] = np.where(improvement[green_improving | improvement], "Special-cause improvement.",
                                     "Green and improving.")
    return chosen


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
