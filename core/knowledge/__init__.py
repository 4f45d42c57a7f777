"""Indicator knowledge kept as data: value tokens, header synonyms, areas, the indicator library.

Each loader reads a CSV shipped beside this file once per process: these files are part of the
program, not of any upload, so caching them is safe.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from core.knowledge.text import normalise_header

HERE = Path(__file__).parent


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(HERE / name, dtype=str, keep_default_na=False)


@cache
def value_tokens() -> tuple[tuple[str, str], ...]:
    """(regex, missing_reason) pairs, first match wins."""
    frame = _read("value_tokens.csv")
    return tuple(zip(frame["pattern"], frame["missing_reason"]))


@cache
def areas() -> pd.DataFrame:
    """area, page, order and the sheet / heading names that mean that area."""
    frame = _read("areas.csv")
    frame["order"] = frame["order"].astype(int)
    return frame.set_index("area", drop=False)


@cache
def area_synonyms() -> dict[str, str]:
    """Normalised heading or sheet name -> canonical area."""
    lookup: dict[str, str] = {}
    for area, synonyms in zip(areas()["area"], areas()["synonyms"]):
        for synonym in [area, *synonyms.split("|")]:
            lookup[normalise_header(synonym)] = area
    return lookup


@cache
def header_synonyms() -> dict[str, str]:
    """Normalised header text -> field name, for template and published layouts alike."""
    frame = _read("header_synonyms.csv")
    return {normalise_header(s): f for f, s in zip(frame["field"], frame["synonym"])}


@cache
def period_attributes() -> dict[str, str]:
    """Normalised words beside a period in a header ('Q2 Target 2022/23', 'Sep 22 actual') -> what the column holds."""
    frame = _read("period_attributes.csv")
    return {normalise_header(s): h for h, s in zip(frame["holds"], frame["synonym"])}


@cache
def figure_kinds() -> frozenset[str]:
    """Normalised band words that say what kind of figure the months beneath hold ('In month', 'Year to date',
    'Forecast'): months repeated under them are another figure, not another place."""
    return frozenset(normalise_header(text) for text in _read("figure_kinds.csv")["text"])


@cache
def text_targets() -> tuple[tuple[str, str], ...]:
    """(regex, good_is) for targets written as words that name the period they compare with."""
    frame = _read("text_targets.csv")
    return tuple(zip(frame["pattern"], frame["good_is"]))


@cache
def unit_from_name() -> tuple[tuple[str, str], ...]:
    """(regex, unit) read from an indicator's name when neither the sheet nor the library gives a unit."""
    frame = _read("unit_from_name.csv")
    return tuple(zip(frame["pattern"], frame["unit"]))


@cache
def indicator_library() -> pd.DataFrame:
    """The known indicators (built by data/build_library.py from the reference list), indexed by id.

    Empty strings, not NaN, where the library has nothing: callers test truthiness.
    """
    return _read("indicator_library.csv").set_index("id", drop=False)


@cache
def headlines() -> pd.DataFrame:
    """The overview's headline tiles: which indicators, in what order, said how."""
    frame = _read("headlines.csv")
    frame["order"] = frame["order"].astype(int)
    return frame.sort_values("order")


@cache
def group_sizes() -> dict[str, str]:
    """Average or percentage indicator id -> the count indicator that says how many children it is over.

    An average over one or two children in a locality is their own figure, and 7.1% of 42 children in care is 3:
    where the workbook gives no group size beside the figure, the count it rests on is read from the linked
    indicator in the same place and month.
    """
    frame = _read("group_sizes.csv")
    return dict(zip(frame["indicator_id"], frame["group_from"]))
