"""Folding text before it is compared with the synonym tables: one rule for headers, headings and names."""

from __future__ import annotations

import re


def normalise_header(text: object) -> str:
    """Fold a header to compare it with synonyms: 'Good + SN' -> 'good + sn', 'England Av.' -> 'england av'."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    folded = str(text).strip().lower().replace("&", " and ").replace("\u00a0", " ")
    folded = re.sub(r"[^\w+%/ ]", " ", folded)  # keep + (Good+ SN), % and / (n/a)
    return re.sub(r"\s+", " ", folded).strip()
