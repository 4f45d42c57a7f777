"""Words people type for units, polarity, periodicity, band kinds, direction and RAG -> canonical values.

The table is knowledge/value_synonyms.csv (field, text, value, offered); matching ignores case and spaces.
The texts marked offered are the ones a message suggests when a word is not recognised.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from core.knowledge import HERE


def _fold(text: object) -> str:
    return " ".join(str(text).strip().lower().split())


@cache
def _table() -> dict[tuple[str, str], str]:
    frame = pd.read_csv(HERE / "value_synonyms.csv", dtype=str, keep_default_na=False)
    return {(f, _fold(t)): v for f, t, v in zip(frame["field"], frame["text"], frame["value"])}


@cache
def words_understood(field: str) -> str:
    """The words offered for a field, for a message about a word that was not recognised."""
    frame = pd.read_csv(HERE / "value_synonyms.csv", dtype=str, keep_default_na=False)
    offered = frame.loc[(frame["field"] == field) & (frame["offered"] == "yes"), "text"]
    return ", ".join(text[:1].upper() + text[1:] for text in offered)


def canonical_value(field: str, raw: object) -> str | None:
    """The canonical value for one cell, or None when the text means nothing known."""
    if raw is None or (isinstance(raw, float) and raw != raw):
        return None
    return _table().get((field, _fold(raw)))


def canonical_series(field: str, raw: pd.Series) -> pd.Series:
    """Vectorised canonical_value: NA where unknown."""
    lookup = {text: value for (f, text), value in _table().items() if f == field}
    return raw.astype("string").str.strip().str.lower().str.split().str.join(" ").map(lookup).astype("string")
