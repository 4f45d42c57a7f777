"""Tables the pages show: the indicator dictionary, the legend, the validation rules, and the rated scorecard as
rows that fit the screen.

The scorecard is one list of column specs (SCORECARD_COLUMNS): each says its title, its share of the
row's width, the words it shows for every row of a view, and how the page may sort by it. A column
added there (an outlook, say) appears in every area table and in the sort choices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.model import Dataset, Direction, Outlook, Rag
from core.present.format import (
    benchmark_text,
    benchmark_years,
    describe_band,
    format_targets,
    format_value,
    spark_text,
)
from core.present.labels import (
    LEVEL_LABELS,
    RAG_STYLES,
    direction_label,
    good_is_words,
    outlook_label,
    periodicity_words,
    rag_colour,
    rag_label,
    unit_words,
)
from core.rules.rag import council_wide_targets
from core.validation.catalogue import find_rules


def rag_legend() -> str:
    """The key, as text: shape and word first, so it reads without colour."""
    return " · ".join(f"**{style.shape} {style.word}**" for style in RAG_STYLES.values())


def rule_table(search: str = "") -> pd.DataFrame:
    """The rule catalogue for people: a pasted message, or a few words, finds its rule."""
    return pd.DataFrame(
        [{"Rule": r.title, "Level": LEVEL_LABELS[r.level], "What happens to the data": r.effect.value,
          "Message": r.pattern()} for r in find_rules(search)],
        columns=["Rule", "Level", "What happens to the data", "Message"])  # the long message last: it may scroll


def indicator_dictionary(model: Dataset, area: str | None = None) -> pd.DataFrame:
    rows = []
    for ind in model.indicators.values():
        if area and ind.area != area:
            continue
        unit = ind.unit.value if ind.unit else None
        rows.append({
            "Area": ind.area,
            "Indicator": ind.name,
            "Unit": unit_words(unit),
            "Good is": good_is_words(ind.good_is.value if ind.good_is else None),
            "Target": format_value(ind.target, unit) if ind.target is not None else "none",
            "Amber band": describe_band(ind.band, ind.unit) if ind.target is not None and ind.unit else "",
            "England": _benchmark(ind.england, unit),
            "Stat. neighbours": _benchmark(ind.statistical_neighbours, unit),
            "Periodicity": periodicity_words(ind.periodicity.value) if ind.periodicity else "",
            "Arrears (months)": "" if ind.arrears_months is None else str(ind.arrears_months),
            "Definition": ind.definition or "",
        })
    return pd.DataFrame(rows)


def _benchmark(benchmark, unit: str | None) -> str:  # noqa: ANN001 - Benchmark | None
    if benchmark is None:
        return ""
    year = f" ({benchmark_years(pd.Series([benchmark.year])).iloc[0]})" if benchmark.year else " (year not stated)"
    shown = benchmark.range_text if benchmark.value is None else format_value(benchmark.value, unit)
    return f"{shown}{year}"


# ---- the scorecard's columns -------------------------------------------------------------------------

_RAG_ORDER = {Rag.red.value: 0, Rag.amber.value: 1, Rag.green.value: 2, Rag.not_rated.value: 3, Rag.no_data.value: 4}
_DIRECTION_ORDER = {Direction.worsening.value: 0, Direction.same.value: 1, Direction.improving.value: 2}
_OUTLOOK_ORDER = {Outlook.off_track.value: 0, Outlook.at_risk.value: 1, Outlook.on_track.value: 2}


@dataclass(frozen=True)
class ScorecardColumn:
    """One column of the area tables: what it shows for each row of a scorecard view, and how to sort by it.

    words: the text of every cell (a view in, one string per row out, same index).
    sort_key: a number per row, smallest first = most urgent first; None = not offered as a sort.
    badge: drawn as the RAG badge (shape, word and fill) rather than plain text.
    """

    title: str
    width: float
    words: Callable[[pd.DataFrame], pd.Series]
    sort_key: Callable[[pd.DataFrame], pd.Series] | None = None
    badge: bool = False


def _target_words(view: pd.DataFrame) -> pd.Series:
    # a target printed in words is shown as printed, with the figure it was read as; a locality's row says
    # when its target is the whole authority's
    return pd.Series(format_targets(view["target"], view["unit"], view.get("target_text"),
                                    council_wide_targets(view)), index=view.index)


SCORECARD_COLUMNS: list[ScorecardColumn] = [
    ScorecardColumn("Indicator", 3.4, lambda v: v["name"].astype(str)),
    ScorecardColumn("Latest", 1.1, lambda v: v["display_value"].astype(str)),
    ScorecardColumn("Target", 1.1, _target_words),
    ScorecardColumn("RAG", 1.3, lambda v: v["rag"].astype(str).map(rag_label),
                    sort_key=lambda v: v["rag"].astype(str).map(_RAG_ORDER).fillna(9), badge=True),
    ScorecardColumn("Direction", 1.4, lambda v: v["direction"].astype(str).map(direction_label),
                    sort_key=lambda v: v["direction"].astype(str).map(_DIRECTION_ORDER).fillna(9)),
    # the year-end outlook in a word (blank: no outlook; the indicator page says why)
    ScorecardColumn("Outlook", 1.1, lambda v: v["outlook"].astype(str).map(outlook_label).fillna(""),
                    sort_key=lambda v: v["outlook"].astype(str).map(_OUTLOOK_ORDER).fillna(9)),
]
STANDARD_ORDER = "Standard order"


def scorecard_columns() -> list[ScorecardColumn]:
    """The essentials, the same for a locality: its whole-authority figure is on the line beneath (a
    seventh column squeezed the rating and the headers into broken words at projector width)."""
    return SCORECARD_COLUMNS


def sort_choices() -> list[str]:
    return [STANDARD_ORDER, *(c.title for c in SCORECARD_COLUMNS if c.sort_key is not None)]


def sorted_view(view: pd.DataFrame, by: str) -> pd.DataFrame:
    """The rows in standard (area) order, or most urgent first by one column (ties keep standard order)."""
    column = next((c for c in SCORECARD_COLUMNS if c.title == by and c.sort_key is not None), None)
    if column is None:
        return view
    return view.assign(_key=column.sort_key(view)).sort_values("_key", kind="stable").drop(columns="_key")


def scorecard_table(view: pd.DataFrame) -> pd.DataFrame:
    """The essentials in words, one row per indicator: the columns of scorecard_columns()."""
    columns = scorecard_columns()
    return pd.DataFrame({c.title: c.words(view).to_numpy() for c in columns}, index=view.index)


def second_line(view: pd.DataFrame, sparks: pd.Series | None = None) -> pd.Series:
    """Under each row: last month, the last 12 months drawn in characters, the whole authority's figure (a
    locality's view), benchmarks with their year, why."""
    england = benchmark_text(view["england"], view["england_year"], view["unit"], view["england_range"])
    neighbours = benchmark_text(view["sn"], view["sn_year"], view["unit"], view["sn_range"])
    why = view["rag_reason"].fillna("").astype(str)
    line = "Last month " + view["previous_display_value"].fillna("no data").astype(str)
    if "authority_display_value" in view:  # withheld there too where small (the disclosure decides both)
        whole = view["authority_display_value"].fillna("").astype(str)
        line = line + pd.Series(np.where(whole.ne(""), " · Whole authority " + whole, ""), index=view.index)
    if sparks is not None:
        drawn = spark_text(sparks).reindex(view["id"].astype(str)).fillna("").set_axis(view.index)
        line = line + pd.Series(np.where(drawn.ne(""), " · Last 12 months " + drawn, ""), index=view.index)
    for label, text in (("England ", england), ("Statistical neighbours ", neighbours), ("Why this rating: ", why)):
        line = line + pd.Series(np.where(text.ne(""), " · " + label + text, ""), index=view.index)
    return line


def rag_badge(rag: str, colour_safe: bool) -> str:
    """The rating as an HTML badge: shape and word, on its fill (our own words only, never workbook text)."""
    style = RAG_STYLES.get(rag, RAG_STYLES[Rag.not_rated])
    return (f'<span class="rag-badge" style="background-color:{rag_colour(rag, colour_safe)};'
            f'color:{style.text_on}">{style.label()}</span>')


def rag_counts_line(view: pd.DataFrame) -> str:
    counts = view["rag"].astype(str).value_counts()
    return " · ".join(f"{RAG_STYLES[key].shape} {counts.get(key, 0)} {RAG_STYLES[key].word}"
                      for key in RAG_STYLES if counts.get(key, 0))
