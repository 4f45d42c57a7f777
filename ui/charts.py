"""Plotly figures: the indicator's trend with target, benchmarks and SPC limits; the locality comparison."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.model import Indicator
from core.present.format import benchmark_years, format_value
from core.present.labels import RAG_STYLES, rag_colour, rag_label, unit_words
from core.rules.spc import MIN_POINTS
from ui.literal import chart_text

# Point markers say what they are by shape as well as colour.
_SIGNAL_MARKERS = {
    "special_cause_improvement": ("Special cause: improvement", "circle", "green"),
    "special_cause_concern": ("Special cause: concern", "diamond", "red"),
    "special_cause_neither": ("Special cause", "square", "not_rated"),
}


def _broken_at_sections(spc: pd.DataFrame, column: str) -> tuple[list, list]:
    """x and y for one SPC line, with a gap (None) where a new section starts: the chart shows the break."""
    x: list = []
    y: list = []
    for _, section in spc.groupby("section", sort=True):
        x += [*section.index.to_timestamp(), None]
        y += [*section[column], None]
    return x[:-1], y[:-1]


def trial_limits_note(spc: pd.DataFrame | None) -> str | None:
    """Words for the latest section when it is too short for limits: only its mean is drawn."""
    if spc is None or not len(spc) or bool(spc["enough"].iloc[-1]):
        return None
    latest = spc[spc["section"] == spc["section"].iloc[-1]]
    since = f" since {latest.index[0].strftime('%B %Y')}" if spc["section"].iloc[-1] > 0 else ""
    return (f"Trial limits: {len(latest)} of the {MIN_POINTS} points SPC needs{since}. Only the mean is shown; "
            "process limits and special-cause signals appear once there are enough points.")


def trend_figure(history: pd.DataFrame, spc: pd.DataFrame | None, indicator: Indicator, target: float | None,
                 colour_safe: bool = False, large: bool = False,
                 process_changes: pd.DataFrame | None = None, outlook: pd.Series | None = None) -> go.Figure:
    """Values over time with target, England and SN lines, SPC mean and limits and flagged points.

    process_changes: this indicator's marks (period, reason); SPC lines break there and a line marks the month.
    outlook: a scorecard row; where it has a projection, the trend line and its band are drawn on to March.
    """
    unit = indicator.unit.value if indicator.unit else None
    months = history["period"].dt.to_timestamp()
    figure = go.Figure()
    figure.add_trace(go.Scatter(
        x=months, y=history["value"], mode="lines+markers", name=chart_text(indicator.name[:40]),
        line={"color": "#1d70b8", "width": 3}, marker={"size": 8},
        hovertext=[WITHHELD_HOVER if withheld else format_value(v, unit) for v, withheld in
                   zip(history["value"], _withheld(history), strict=True)], hoverinfo="x+text",
    ))
    if spc is not None and len(spc) and spc["mean"].notna().any():
        for column, label, dash in (("mean", "SPC mean", "solid"), ("ucl", "Upper process limit", "dot"),
                                    ("lcl", "Lower process limit", "dot")):
            x, y = _broken_at_sections(spc, column)
            figure.add_trace(go.Scatter(x=x, y=y, mode="lines", name=label, connectgaps=False,
                                        line={"color": "#505a5f", "dash": dash, "width": 1.5}))
        for signal, (label, symbol, rag) in _SIGNAL_MARKERS.items():
            flagged = spc[spc["point_type"] == signal]
            if len(flagged):
                figure.add_trace(go.Scatter(
                    x=flagged.index.to_timestamp(), y=flagged["value"], mode="markers", name=label,
                    marker={"symbol": symbol, "size": 14, "color": rag_colour(rag, colour_safe),
                            "line": {"color": "#0b0c0c", "width": 1}},
                    hovertext=flagged["rules"], hoverinfo="x+y+text",
                ))
    for change in (process_changes.itertuples() if process_changes is not None else ()):
        # a manager's words: escaped so Plotly shows them as typed, never as markup
        figure.add_vline(x=change.period.to_timestamp().timestamp() * 1000, line={"color": "#0b0c0c", "width": 2,
                                                                                   "dash": "longdash"},
                         annotation_text=f"Process change: {html.escape(change.reason[:40])}",
                         annotation_position="top right",
                         annotation={"yshift": -24, "bgcolor": "rgba(255,255,255,0.85)"})  # below the England label
    if outlook is not None and pd.notna(outlook["outlook_value"]):
        _outlook_traces(figure, outlook, unit)
    if target is not None and not np.isnan(target):
        figure.add_hline(y=target, line={"color": "#d4351c", "dash": "dash", "width": 2},
                         annotation_text=f"Target {format_value(target, unit)}", annotation_position="top left")
    for benchmark, label in ((indicator.england, "England"), (indicator.statistical_neighbours, "Stat. neighbours")):
        if benchmark is not None:
            year = f" ({benchmark_years(pd.Series([benchmark.year])).iat[0]})" if benchmark.year else ""
            figure.add_hline(y=benchmark.value, line={"color": "#6f72af", "dash": "dashdot", "width": 1.5},
                             annotation_text=f"{label}{year} {format_value(benchmark.value, unit)}",
                             annotation_position="bottom right")
    figure.update_layout(
        height=520 if large else 420, margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": -0.15}, font={"size": 18 if large else 13},
        # the unit in words ('Rate per 10,000 children', not its identifier); a count's axis never below 0
        plot_bgcolor="#ffffff", yaxis={"gridcolor": "#e5e5e5", "title": unit_words(indicator.unit) if unit else "",
                                       **({"rangemode": "nonnegative"} if not (history["value"] < 0).any() else {})},
        xaxis={"gridcolor": "#f3f2f1", **month_ticks(months, outlook)},
    )
    return figure


_TICK_STEPS = (1, 2, 3, 6, 12)  # months between labels: a whole number, so no month is ever labelled twice
_MAX_TICKS = 12


def month_ticks(months: pd.Series, outlook: pd.Series | None = None) -> dict:
    """x-axis ticks on the first of a month, one label per tick ('Jan 23'), every month on a short trend:
    left to itself Plotly puts several ticks inside one month of a short series and labels them alike."""
    last = months.max() if len(months) else pd.NaT
    if outlook is not None and pd.notna(outlook.get("outlook_value")):
        last = max(last, pd.Period(str(outlook["outlook_month"]), freq="M").to_timestamp())
    first = months.min() if len(months) else last
    span = 0 if pd.isna(first) else (last.year - first.year) * 12 + last.month - first.month + 1
    years = -(-span // (12 * _MAX_TICKS))  # a very long series: whole years between labels
    step = next((step for step in _TICK_STEPS if span <= step * _MAX_TICKS), 12 * years)
    ticks = {"dtick": f"M{step}", "tickformat": "%b %y"}
    return ticks if pd.isna(first) else {**ticks, "tick0": first}


def _outlook_traces(figure: go.Figure, row: pd.Series, unit: str | None) -> None:
    """The projection from this month's point on the trend line to March, inside its band (shaded)."""
    start = pd.Period(str(row["period"]), freq="M").to_timestamp()
    end = pd.Period(str(row["outlook_month"]), freq="M").to_timestamp()
    half = (row["outlook_high"] - row["outlook_low"]) / 2
    now = row["outlook_now"]
    figure.add_trace(go.Scatter(
        x=[start, end, end, start], y=[now - half, row["outlook_low"], row["outlook_high"], now + half],
        fill="toself", fillcolor="rgba(29,112,184,0.12)", line={"width": 0}, name="Outlook band",
        hoverinfo="skip"))
    figure.add_trace(go.Scatter(
        x=[start, end], y=[now, row["outlook_value"]], mode="lines+markers", name=f"Outlook to {end:%b %y}",
        line={"color": "#1d70b8", "dash": "dash", "width": 2}, marker={"symbol": ["circle-open", "diamond"], "size": 10},
        hovertext=["trend now", f"projected {format_value(row['outlook_value'], unit)}"], hoverinfo="x+text"))


def locality_figure(breakdown: pd.DataFrame, indicator: Indicator, large: bool = False) -> go.Figure:
    """Bars for the localities whose figure may be shown; withheld ones are labelled, not drawn."""
    unit = indicator.unit.value if indicator.unit else None
    bars = breakdown.assign(value=breakdown["value"].where(~breakdown["suppressed"].astype(bool)))
    figure = go.Figure(go.Bar(
        x=bars["locality"].map(chart_text), y=bars["value"].fillna(0), text=bars["display_value"], textposition="outside",
        marker={"color": ["#0b0c0c" if loc == "Whole authority" else "#1d70b8" for loc in bars["locality"]]},
        hovertext=[format_value(v, unit) if pd.notna(v) else "withheld" for v in bars["value"]], hoverinfo="x+text",
    ))
    figure.update_layout(height=380, margin={"l": 10, "r": 10, "t": 30, "b": 10}, font={"size": 18 if large else 13},
                         plot_bgcolor="#ffffff", yaxis={"gridcolor": "#e5e5e5"})
    return figure


WITHHELD_HOVER = "withheld (small numbers)"


def _withheld(history: pd.DataFrame) -> np.ndarray:
    """Months whose figure is withheld: said so on the chart, not passed off as 'no data'."""
    if "suppressed" not in history:
        return np.zeros(len(history), dtype=bool)
    return history["suppressed"].fillna(False).to_numpy(dtype=bool)


HEATMAP_ROW_PX = 38  # the least height of a row of the ratings grid
HEATMAP_LINE_SPACING = 1.3  # plotly's distance between the lines of a <br>-broken label, in font sizes
_HEATMAP_ROW_GAP_PX = 10  # between one row's label and the next
_HEATMAP_MARGIN = {"l": 10, "r": 10, "t": 40, "b": 60}  # months above; the legend below
_NAME_WRAP = 46  # characters per line of an indicator's name beside the heatmap
_PRESENTER_NAME_WRAP = 28


def heatmap_rows(labels: list[str], font_px: int) -> tuple[np.ndarray, float]:
    """Each row's centre (pixels from the top of the grid) and the grid's height: a row is as tall as its
    label's lines need, so a name wrapped over three lines never runs into the next."""
    lines = np.array([label.count("<br>") + 1 for label in labels], dtype="float64")
    heights = np.maximum(HEATMAP_ROW_PX, lines * font_px * HEATMAP_LINE_SPACING + _HEATMAP_ROW_GAP_PX)
    return heights.cumsum() - heights / 2, float(heights.sum())


def _wrapped(name: str, width: int = _NAME_WRAP) -> str:
    """A long name over several lines (plotly breaks on <br>), in full: never cut short."""
    lines, line = [], ""
    for word in name.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


# Each rating's shape as a plotly marker: the grid reads without colour, and draws one path per month.
_RAG_MARKERS = {"green": "circle", "amber": "triangle-up", "red": "square", "not_rated": "circle-open",
                "no_data": "line-ew-open"}


def rag_history_figure(history: pd.DataFrame, colour_safe: bool = False, large: bool = False) -> dict:
    """Indicators down, months across: each month's rating as its shape (● ▲ ■ ○ –) in its colour.

    A scatter of shaped markers (not a heatmap trace), so a click selects one month of one indicator;
    customdata carries the indicator id and the month (YYYY-MM). Built as a plain figure dict: plotly's validation of ~500
    points would cost more than the page's other work, and the values here are ours. Workbook names go
    through chart_text (plotly reads tick labels and hover text as HTML).
    """
    rows = history.assign(month=history["period"].dt.strftime("%b %y"), rag=history["rag"].astype(str))
    ids = pd.unique(rows["id"])
    # presenter type is larger: names wrap narrower so the months keep their room at projector width
    width = _PRESENTER_NAME_WRAP if large else _NAME_WRAP
    label_of = dict(zip(rows["id"], rows["name"].map(lambda n: _wrapped(chart_text(n), width))))
    months = list(dict.fromkeys(rows["month"]))
    font_px = 16 if large else 12
    # Rows on a numeric axis, each as tall as its label: a category axis spaces them all alike.
    centres, grid_px = heatmap_rows([label_of[i] for i in ids], font_px)
    centre_of = dict(zip(ids, centres.tolist()))
    traces = []
    for rag, style in RAG_STYLES.items():
        cells = rows[rows["rag"] == rag]
        if cells.empty:
            continue
        colour = rag_colour(rag, colour_safe) if rag != "no_data" else "#505a5f"  # a dash on white needs ink
        traces.append({
            "type": "scatter", "mode": "markers", "name": style.label(),
            "x": cells["month"].tolist(), "y": cells["id"].map(centre_of).tolist(),
            "marker": {"symbol": _RAG_MARKERS.get(rag, "circle"), "size": 20 if large else 16, "color": colour,
                       "line": {"color": colour if rag in ("not_rated", "no_data") else "#0b0c0c", "width": 1.5}},
            "customdata": list(zip(cells["id"], cells["period"].astype(str))), "hoverinfo": "text",
            "hovertext": (cells["name"].map(chart_text) + "<br>" + cells["month"] + ": " + rag_label(rag)).tolist(),
        })
    layout = {
        # the grid's own pixels plus the margins: one unit of the y axis is one pixel on screen
        "height": grid_px + _HEATMAP_MARGIN["t"] + _HEATMAP_MARGIN["b"], "margin": _HEATMAP_MARGIN,
        "plot_bgcolor": "#ffffff", "font": {"size": font_px},
        "legend": {"orientation": "h", "y": 0, "yanchor": "top"},
        "xaxis": {"categoryorder": "array", "categoryarray": months, "side": "top", "fixedrange": True},
        "yaxis": {"tickmode": "array", "tickvals": centres.tolist(), "ticktext": [label_of[i] for i in ids],
                  "range": [grid_px, 0], "fixedrange": True, "automargin": True, "zeroline": False,
                  "gridcolor": "#e5e5e5"},
    }
    return {"data": traces, "layout": layout}
