"""Tables the pages show: the indicator dictionary, the legend, the validation rules, the rated scorecard."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from core.model import Dataset
from core.present.format import (
    describe_band,
    format_targets,
    format_value,
    format_values,
)
from core.present.labels import (
    LEVEL_LABELS,
    RAG_STYLES,
    direction_label,
    outlook_label,
    rag_colour,
    rag_label,
)
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
            "Id": ind.id,
            "Unit": unit or "unknown",
            "Good is": ind.good_is.value if ind.good_is else "unknown",
            "Target": format_value(ind.target, unit) if ind.target is not None else "none",
            "Amber band": describe_band(ind.band, ind.unit) if ind.target is not None and ind.unit else "",
            "England": _benchmark(ind.england, unit),
            "Stat. neighbours": _benchmark(ind.statistical_neighbours, unit),
            "Periodicity": ind.periodicity.value.replace("_", " ") if ind.periodicity else "",
            "Arrears (months)": ind.arrears_months,
            "Definition": ind.definition or "",
        })
    return pd.DataFrame(rows)


def _benchmark(benchmark, unit: str | None) -> str:  # noqa: ANN001 - Benchmark | None
    if benchmark is None:
        return ""
    year = f" ({benchmark.year})" if benchmark.year else " (year not stated)"
    shown = benchmark.range_text if benchmark.value is None else format_value(benchmark.value, unit)
    return f"{shown}{year}"


def _benchmark_text(values: pd.Series, years: pd.Series, units: pd.Series, ranges: pd.Series) -> pd.Series:
    # a range ('44 - 57', good and outstanding neighbours) is shown as printed, never averaged
    text = pd.Series(format_values(values, units), index=values.index).where(values.notna(), ranges.fillna(""))
    year = years.fillna("").astype(str)
    return text.where(text.eq("") | year.eq(""), text + " (" + year + ")")


def scorecard_table(view: pd.DataFrame, sparks: pd.Series | None, locality_view: bool) -> pd.DataFrame:
    """The rows a page shows, in words: RAG as shape + word, direction as arrow + word."""
    table = pd.DataFrame({
        "id": view["id"].to_numpy(),
        "Indicator": view["name"].to_numpy(),
        "Latest": view["display_value"].to_numpy(),
        "Last month": view["previous_display_value"].fillna("no data").to_numpy(),
        "Target": format_targets(view["target"], view["unit"], view.get("target_text")),  # words verbatim
        "RAG": view["rag"].astype(str).map(rag_label).to_numpy(),
        "Direction": view["direction"].astype(str).map(direction_label).to_numpy(),
        # the word alone, so the column sorts: At risk, Off track, On track (blank: no outlook)
        "Outlook": view["outlook"].astype(str).map(outlook_label).to_numpy(),
    })
    if locality_view:
        table["Whole authority"] = view["authority_display_value"].fillna("").to_numpy()
    table["England"] = _benchmark_text(view["england"], view["england_year"], view["unit"],
                                        view["england_range"]).to_numpy()
    table["Stat. neighbours"] = _benchmark_text(view["sn"], view["sn_year"], view["unit"],
                                                   view["sn_range"]).to_numpy()
    if sparks is not None:
        # Plain lists of the months with a figure: the chart cell cannot draw a gap (None shows as text).
        lines = {key: [v for v in line if v is not None] for key, line in sparks.to_dict().items()}
        table["Last 12 months"] = [lines.get(indicator_id, []) for indicator_id in view["id"].astype(str)]
    table["Why this rating"] = view["rag_reason"].to_numpy()
    return table


def style_rag(table: pd.DataFrame, colour_safe: bool) -> Styler:
    """Colour the RAG cell; its shape and word already say the same thing."""
    by_label = {style.label(): (rag_colour(key, colour_safe), style.text_on) for key, style in RAG_STYLES.items()}

    def paint(label: str) -> str:
        fill, text = by_label.get(label, ("", ""))
        return f"background-color: {fill}; color: {text}; font-weight: 600" if fill else ""

    return table.style.map(paint, subset=["RAG"])


def rag_counts_line(view: pd.DataFrame) -> str:
    counts = view["rag"].astype(str).value_counts()
    return " · ".join(f"{RAG_STYLES[key].shape} {counts.get(key, 0)} {RAG_STYLES[key].word}"
                      for key in RAG_STYLES if counts.get(key, 0))
