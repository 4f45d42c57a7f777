"""Numbers as people read them: one value (format_value), one distance (format_width), or many at once.

The array versions format each unit is formatted as one group through the shared scalar formatter (as a numpy ufunc), so a
value reads the same in a reason, a table and an export; the loop is over the handful of units.
Results are numpy object arrays of str, which `+` joins element-wise.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from core.model import AmberBand, BandKind, Unit


def format_value(value: float | None, unit: Unit | str | None) -> str:
    """A value as people read it: 61.5%, 437, 65.2 per 10,000, 121 days."""
    if value is None or value != value:
        return "no data"
    unit = Unit(unit) if unit else None
    if unit is Unit.percent:
        return f"{value:.1f}%"
    if unit is Unit.count:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if unit is Unit.rate_per_10k:
        return f"{value:.1f} per 10,000"
    if unit is Unit.days:
        return f"{value:,.0f} days"
    if unit is Unit.ratio:
        return f"{value:.2f}"
    return f"{value:g}"


def format_width(width: float, unit: Unit | str | None) -> str:
    """A distance between two values: percentage points for percentages."""
    unit = Unit(unit) if unit else None
    if unit is Unit.percent:
        return f"{width:.1f} pp"
    if unit is Unit.days:
        return f"{width:,.0f} day" + ("" if round(width) == 1 else "s")
    if unit is Unit.ratio:
        return f"{width:.2f}"
    if unit in (Unit.rate_per_10k, Unit.score):
        return f"{width:.1f}"
    return f"{width:g}"


def describe_band(band: AmberBand, unit: Unit | str | None) -> str:
    """An amber band in words: '10% of target', 'intervention level 460', '5.0 pp'."""
    if band.kind is BandKind.relative:
        return f"{band.value:g}% of target"
    if band.kind is BandKind.intervention:
        return f"intervention level {format_value(band.value, unit)}"
    return format_width(band.value, unit)


def _by_unit(numbers: object, units: object, formatter: Callable[..., str]) -> np.ndarray:
    numbers = np.asarray(numbers, dtype="float64")
    unit_keys = pd.Series(np.asarray(units, dtype=object)).fillna("").to_numpy(dtype=object)
    text = np.full(len(numbers), "", dtype=object)
    for unit in pd.unique(unit_keys):
        in_unit = unit_keys == unit
        with np.errstate(invalid="ignore"):  # the formatters test NaN with `x != x`
            text[in_unit] = np.frompyfunc(partial(formatter, unit=unit or None), 1, 1)(numbers[in_unit])
    return text


def _width_or_blank(width: float, unit: str | None) -> str:
    return "" if width != width else format_width(width, unit)


def format_values(values: object, units: object) -> np.ndarray:
    """format_value for every element: '61.5%', '437', '65.2 per 10,000', 'no data' for NaN."""
    return _by_unit(values, units, format_value)


def format_widths(widths: object, units: object) -> np.ndarray:
    """format_width for every element: '8.5 pp', '3 days'; '' for NaN."""
    return _by_unit(widths, units, _width_or_blank)


UK = ZoneInfo("Europe/London")


def uk_time(moment: datetime | None) -> str:
    """A stored UTC time (naive or aware) in UK local time, e.g. '31 Mar 2023 14:05 BST'; '' for None."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UK).strftime("%d %b %Y %H:%M %Z")


def format_target(target: float | None, unit: Unit | str | None, words: object = None) -> str:
    """A target as shown: '60.0%'; a target printed in words verbatim ('improve'), with the figure it was
    read as when it names one ('decrease from Q1 (449)'); 'none' when there is no target."""
    said = words.strip() if isinstance(words, str) else ""
    has_number = target is not None and target == target
    if said:
        return f"{said} ({format_value(target, unit)})" if has_number else said
    return format_value(target, unit) if has_number else "none"


def format_targets(targets: object, units: object, words: object = None, council_wide: object = None) -> np.ndarray:
    """format_target for every element; `words` (target_text) may be absent. `council_wide`: rows of a
    locality whose target is the whole authority's, which say so ('420 (council)': short enough for a
    projector's narrow Target column)."""
    numbers = np.asarray(targets, dtype="float64")
    shown = np.where(np.isnan(numbers), "none", format_values(numbers, units)).astype(object)
    if council_wide is not None:
        shown = np.where(np.asarray(council_wide, dtype=bool), shown + " (council)", shown).astype(object)
    if words is None:
        return shown
    said = pd.Series(np.asarray(words, dtype=object)).astype("string").str.strip().fillna("")
    in_words = said.ne("").to_numpy()
    with_figure = np.where(np.isnan(numbers), "", " (" + format_values(numbers, units) + ")")
    shown[in_words] = (said.to_numpy(dtype=object) + with_figure)[in_words]
    return shown


# A figure the workbook marks as provisional ('25.4% (Provisional)', 'Provisional - to be validated'):
# its note says so, and every screen and pack says so beside the figure.
_PROVISIONAL = r"(?i)\bprovisional\b"
PROVISIONAL_MARK = " (provisional)"


def mark_provisional(shown: pd.Series | np.ndarray, notes: pd.Series | None,
                     figure_shown: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """The shown figures with ' (provisional)' after each one whose note calls it provisional (a figure
    actually shown: not a blank, and not one withheld)."""
    if notes is None:
        return shown
    provisional = notes.astype("string").str.contains(_PROVISIONAL, regex=True).fillna(False).to_numpy(dtype=bool)
    marked = provisional & np.asarray(figure_shown, dtype=bool)
    if not marked.any():
        return shown
    out = shown.copy()
    out[marked] = out[marked] + PROVISIONAL_MARK
    return out


def benchmark_years(years: pd.Series) -> pd.Series:
    """'2021/22'; a year with its own remark, '2021/22 (inferred)', as '2021/22, inferred' (one pair of brackets)."""
    return years.fillna("").astype(str).str.replace(r"\s*\((.*)\)\s*$", r", \1", regex=True)


def benchmark_text(values: pd.Series, years: pd.Series, units: pd.Series, ranges: pd.Series | None = None) -> pd.Series:
    """'70.0% (2021/22)' per row; a range ('44 - 57') as printed where there is no single value; '' for none."""
    blank = ranges.fillna("") if ranges is not None else ""
    text = pd.Series(format_values(values, units), index=values.index).where(values.notna(), blank)
    year = benchmark_years(years)
    return text.where(text.eq("") | year.eq(""), text + " (" + year + ")")


SPARK_LEVELS = "▁▂▃▄▅▆▇█"


def spark_text(lines: pd.Series) -> pd.Series:
    """Each list of monthly values as a line of block characters, lowest to highest; a gap as a space.

    One row's values are scaled to that row's own range (the shape matters, not the level); a flat
    line sits in the middle. '' where there is nothing to draw.
    """
    if lines.empty:
        return pd.Series(dtype=object)
    width = max(len(line) for line in lines)
    grid = np.array([[np.nan if v is None else v for v in line] + [np.nan] * (width - len(line))
                     for line in lines], dtype="float64").reshape(len(lines), width)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-gap row has no range
        low, high = np.nanmin(grid, axis=1, keepdims=True), np.nanmax(grid, axis=1, keepdims=True)
        scaled = np.where(high > low, (grid - low) / (high - low), 0.5)
    level = np.clip(np.round(scaled * (len(SPARK_LEVELS) - 1)), 0, len(SPARK_LEVELS) - 1)
    chars = np.where(np.isnan(grid), " ", np.array(list(SPARK_LEVELS))[np.nan_to_num(level).astype(int)])
    text = pd.Series(["".join(row).strip() for row in chars], index=lines.index)
    return text
