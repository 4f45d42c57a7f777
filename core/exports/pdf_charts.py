"""Small trend charts for the PDF, drawn by reportlab itself (no browser, no plotting library).

A withheld or missing month is a gap: the line is broken there rather than drawn across it, and
the axis is scaled on the figures shown, so nothing withheld can be read off the chart.
"""

from __future__ import annotations

import math

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

LINE = colors.HexColor("#1d70b8")
TARGET = colors.HexColor("#505a5f")
AXIS = colors.HexColor("#b1b4b6")


def segments(points: list[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive shown points as (month index, value); a None breaks the line."""
    runs: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for x, y in enumerate(points):
        if y is None or (isinstance(y, float) and math.isnan(y)):
            if current:
                runs.append(current)
            current = []
        else:
            current.append((x, float(y)))
    if current:
        runs.append(current)
    return runs


def _value_range(values: list[float]) -> tuple[float, float]:
    """The axis range: the figures with a margin, never below 0 for figures that cannot be negative."""
    low, high = min(values), max(values)
    pad = (abs(high) * 0.1 or 1.0) if high == low else (high - low) * 0.12  # a flat line still needs a band
    floor = 0.0 if low >= 0 else -math.inf  # a count of 0 children is drawn on the axis, not above a -1
    return max(low - pad, floor), high + pad


def _tick(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def trend_drawing(points: list[float | None], first_month: str, last_month: str, target: float | None,
                  width: float, height: float, font: str) -> Drawing | None:
    """A small line chart of up to 12 months; None when there is nothing shown to draw."""
    runs = segments(points)
    if not runs:
        return None
    shown = [y for run in runs for _, y in run]
    low, high = _value_range(shown + ([target] if target is not None else []))

    drawing = Drawing(width, height)
    plot = LinePlot()
    plot.x, plot.y = 24, 12
    plot.width, plot.height = width - 30, height - 18
    plot.data = [*runs, *([[(0, target), (len(points) - 1, target)]] if target is not None else [])]
    for i in range(len(runs)):
        plot.lines[i].strokeColor = LINE
        plot.lines[i].strokeWidth = 1.2
        plot.lines[i].symbol = makeMarker("FilledCircle", size=2.2, fillColor=LINE, strokeColor=LINE)
    if target is not None:
        plot.lines[len(runs)].strokeColor = TARGET
        plot.lines[len(runs)].strokeWidth = 0.7
        plot.lines[len(runs)].strokeDashArray = (2, 2)
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, len(points) - 1
    plot.xValueAxis.visibleLabels = False
    plot.xValueAxis.visibleTicks = False
    plot.xValueAxis.strokeColor = AXIS
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = low, high
    plot.yValueAxis.valueSteps = [low, high]
    plot.yValueAxis.labelTextFormat = _tick
    plot.yValueAxis.labels.fontName = font
    plot.yValueAxis.labels.fontSize = 5.5
    plot.yValueAxis.strokeColor = AXIS
    plot.yValueAxis.visibleTicks = False
    drawing.add(plot)
    for text, x, anchor in ((first_month, plot.x, "start"), (last_month, plot.x + plot.width, "end")):
        drawing.add(String(x, 3, text, fontName=font, fontSize=5.5, textAnchor=anchor, fillColor=TARGET))
    if target is not None:
        drawing.add(String(plot.x + plot.width / 2, 3, "- - target", fontName=font, fontSize=5.5,
                           textAnchor="middle", fillColor=TARGET))
    return drawing
