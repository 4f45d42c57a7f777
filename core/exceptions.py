"""Exceptions first: what worries us and what is going well, from a rated scorecard view."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.knowledge import areas
from core.models import Rag


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
