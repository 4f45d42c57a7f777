"""Headline sentences for the overview: '437 children in care, down from 444 last month'."""

from __future__ import annotations

import pandas as pd

from core.knowledge import headlines

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
            sentence += " (small number, withheld)" if row.get("suppressed", False) else ""
        elif pd.notna(previous) and pd.notna(value):
            if round(value, 2) == round(previous, 2):
                sentence += ", the same as last month"
            else:
                sentence += f", {'up' if value > previous else 'down'} from {row['previous_display_value']} last month"
        result.append((label, figure, sentence))
        if len(result) == MAX_HEADLINES:
            break
    return result
