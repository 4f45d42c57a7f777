"""Folding text before it is compared with the synonym tables: one rule for headers, headings and names.

The rule is FOLD_STEPS, applied to one cell (normalise_header) or a whole column (normalise_header_cells).
"""

from __future__ import annotations

import re

import pandas as pd

# (pattern, replacement), in order, after lower-casing and stripping. '+', '%' and '/' survive: they tell
# 'Good+ SN' from 'Good SN', '%' from 'No.' and 'n/a' from 'na'.
FOLD_STEPS: tuple[tuple[str, str], ...] = (
    ("&", " and "),
    ("\u00a0", " "),
    (r"[^\w+%/ ]", " "),
    (r"\s+", " "),
)
_COMPILED = tuple((re.compile(pattern), replacement) for pattern, replacement in FOLD_STEPS)


def normalise_header(text: object) -> str:
    """Fold a header to compare it with synonyms: 'Good + SN' -> 'good + sn', 'England Av.' -> 'england av'."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    folded = str(text).strip().lower()
    for pattern, replacement in _COMPILED:
        folded = pattern.sub(replacement, folded)
    return folded.strip()


def normalise_header_cells(column: pd.Series) -> pd.Series:
    """normalise_header for a whole column at once."""
    folded = column.astype("string").str.strip().str.lower()
    for pattern, replacement in FOLD_STEPS:
        folded = folded.str.replace(pattern, replacement, regex=True)
    return folded.str.strip()
