"""The meeting pack as PowerPoint: title, summary, and per area native tables, a native chart, commentary and actions.

Type is never below BODY_PT (14 pt): a table too long for one slide carries on on the next.

Tables and charts are PowerPoint's own (not pictures), so officers can edit them before the
meeting. Only figures shown on screen go into a chart's data: withheld ones are already blank.
"""

from __future__ import annotations

import io
import math

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.table import _Cell
from pptx.util import Emu, Inches, Pt

from core.exports.pack import NUMBER_FORMATS, RATED, MeetingPack, action_rows, rag_style
from core.model import Unit
from core.present.format import format_value
from core.present.labels import outlook_label
from core.rules.outlook import year_end

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
TITLE_ONLY, BLANK = 5, 6  # layouts of python-pptx's default template
INK, WHITE, GREY, BANNER = "0B0C0C", "FFFFFF", "505A5F", "FFDD00"
BODY_PT = 14  # the smallest type on any slide: read from the back of a committee room
TITLE_PT = 26
NAME_LENGTH = 40  # chart category labels
# Table rows are measured, not shrunk: a row is as tall as its longest wrapped cell, and a table that
# does not fit the space under the title carries on on the next slide.
TABLE_TOP, TABLE_BOTTOM = 1.35, 6.7  # inches
LINE_INCHES = BODY_PT * 1.2 / 72
CELL_PADDING_INCHES = 0.12
CHAR_INCHES = BODY_PT * 0.55 / 72  # a generous average glyph width, so an estimate never overflows
UNIT_WORDS = {Unit.percent.value: "%", Unit.rate_per_10k.value: "per 10,000", Unit.days.value: "days",
              Unit.count.value: "number", Unit.score.value: "score", Unit.ratio.value: "ratio"}


def _text(frame, text: str, size: float, bold: bool = False, colour: str = INK) -> None:  # noqa: ANN001
    """Replace a text frame's text with one run in the given look."""
    frame.text = ""
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    run.font.color.rgb = RGBColor.from_string(colour)


def _fill_cell(cell: _Cell, text: str, bold: bool = False, fill: str | None = None, colour: str = INK) -> None:
    _text(cell.text_frame, text, BODY_PT, bold, colour)
    cell.text_frame.word_wrap = True
    cell.margin_left = cell.margin_right = Inches(0.06)
    cell.margin_top = cell.margin_bottom = Inches(0.04)
    if fill:
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(fill)


def _textbox(slide: Slide, left: float, top: float, width: float, height: float, text: str, size: float = BODY_PT,
             bold: bool = False, colour: str = INK):  # noqa: ANN202 - a pptx shape
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    box.text_frame.word_wrap = True
    _text(box.text_frame, text, size, bold, colour)
    return box


def _lines(text: str, width: float) -> int:
    """How many lines a cell's text wraps to at BODY_PT in a column `width` inches wide (an estimate)."""
    per_line = max(1, int((width - CELL_PADDING_INCHES) / CHAR_INCHES))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def _row_height(values: list[str], widths: list[float]) -> float:
    return max(_lines(v, w) for v, w in zip(values, widths)) * LINE_INCHES + 0.1


def _pages(rows: list[list[str]], widths: list[float], header: list[str]) -> list[list[list[str]]]:
    """Rows split into slide-sized runs: each run with the header fits between TABLE_TOP and TABLE_BOTTOM."""
    room = TABLE_BOTTOM - TABLE_TOP - _row_height(header, widths)
    pages: list[list[list[str]]] = [[]]
    used = 0.0
    for row in rows:
        height = _row_height(row, widths)
        if pages[-1] and used + height > room:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += height
    return pages


def _table(slide: Slide, header: list[str], rows: list[list[str]], widths: list[float],
           styles: dict[tuple[int, int], tuple[str, str]] | None = None):  # noqa: ANN202 - a pptx table
    """A native table at BODY_PT; styles: (row, column) -> (fill, text colour) for painted cells."""
    heights = [_row_height(header, widths), *(_row_height(row, widths) for row in rows)]
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Inches(0.4), Inches(TABLE_TOP),
                                   Inches(sum(widths)), Inches(sum(heights)))
    grid = shape.table
    for c, (name, width) in enumerate(zip(header, widths)):
        grid.columns[c].width = Inches(width)
        _fill_cell(grid.cell(0, c), name, True, INK, WHITE)
    for r, (row, height) in enumerate(zip(rows, heights[1:]), start=1):
        grid.rows[r].height = Inches(height)
        for c, value in enumerate(row):
            fill, colour = (styles or {}).get((r - 1, c), (None, INK))
            _fill_cell(grid.cell(r, c), value, bold=fill is not None, fill=fill, colour=colour)
    return grid


def _decorate(slide: Slide, pack: MeetingPack, footer: str | None = None) -> None:
    """The banner (on every slide while a scenario is active) and the as-at footer."""
    if pack.scenario_banner:
        banner = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(13.333), Inches(0.4))
        banner.fill.solid()
        banner.fill.fore_color.rgb = RGBColor.from_string(BANNER)
        banner.line.fill.background()
        _text(banner.text_frame, pack.scenario_banner, BODY_PT, bold=True)
        banner.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    text = footer or f"{pack.authority} · {pack.month_label} · {pack.where} · {pack.as_at}"
    _textbox(slide, 0.4, 6.8, 12.5, 0.6, text, colour=GREY)


def _title(slide: Slide, text: str) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.4), Inches(0.45), Inches(12.5), Inches(0.8)
    _text(title.text_frame, text, TITLE_PT, bold=True)
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT


def _title_slide(prs: PresentationType, pack: MeetingPack) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    _textbox(slide, 0.6, 0.8, 12, 0.8, "Corporate Parenting performance scorecard", 32, bold=True)
    _textbox(slide, 0.6, 1.7, 12, 0.6, f"{pack.authority} · {pack.month_label} · {pack.where}", 20, colour=GREY)
    top = 2.5
    if pack.scenario_banner:
        box = _textbox(slide, 0.6, top, 12, 0.5, pack.scenario_banner, 16, bold=True)
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor.from_string(BANNER)
        top += 0.7
    lines = [(label, text) for label, text in pack.facts() if label not in ("Authority", "Month", "Targets")]
    box = _textbox(slide, 0.6, top, 12, 6.6 - top, "")
    frame = box.text_frame
    for i, (label, text) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        for part, bold in ((f"{label}: ", True), (text, False)):
            run = paragraph.add_run()
            run.text, run.font.size, run.font.bold = part, Pt(BODY_PT), bold
    _decorate(slide, pack)


def _summary_slides(prs: PresentationType, pack: MeetingPack) -> None:
    """Ratings by area: the table on one slide, the same counts as a chart on the next."""
    counts = pack.rag_counts()
    header = ["Area", *(rag_style(key, pack.colour_safe)[0] for key in counts.columns), "Total"]
    widths = [3.4, *([1.45] * len(counts.columns)), 1.0]
    rows = [[str(area), *(str(int(n)) for n in numbers), str(int(numbers.sum()))]
            for area, numbers in counts.iterrows()]
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    _title(slide, f"Ratings by area: {pack.month_label}, {pack.where}")
    grid = _table(slide, header, rows, widths)
    for c, key in enumerate(counts.columns, start=1):
        label, fill, text = rag_style(key, pack.colour_safe)
        _fill_cell(grid.cell(0, c), label, True, fill, text)
    below = TABLE_TOP + sum(_row_height(r, widths) for r in [header, *rows]) + 0.2
    _textbox(slide, 0.4, min(below, 6.0), 12.5, 0.8,
             "RAG applies only where a target exists. ○ Not rated: no target, a neutral indicator, or withheld "
             "(small numbers). – No data: no figure this month.", colour=GREY)
    _decorate(slide, pack)

    data = CategoryChartData()
    data.categories = [str(area) for area in counts.index]
    for key in RATED:
        data.add_series(rag_style(key)[0], [int(n) for n in counts[key]])
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    _title(slide, f"Rated indicators by area: {pack.month_label}, {pack.where}")
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, Inches(0.4), Inches(1.35), Inches(12.5),
                                   Inches(5.35), data).chart
    _chart_type(chart)
    chart.category_axis.reverse_order = True  # areas read top to bottom, as in the table
    for series, key in zip(chart.plots[0].series, RATED):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(rag_style(key, pack.colour_safe)[1])
    _decorate(slide, pack)


def _outlook_cell(row: pd.Series) -> str:
    """'Off track' and the projected figure on a second line; '–' where there is no outlook."""
    word = outlook_label(str(row["outlook"]))
    return f"{word}\n{format_value(row['outlook_value'], row['unit'])}" if word else "–"


def _area_slides(prs: PresentationType, pack: MeetingPack, area: str) -> None:
    table = pack.table(area)
    outlook = f"Outlook to {year_end(pack.month).strftime('%b %Y')}"
    header = ["Indicator", "Latest", "Target", "RAG", "Direction", outlook,
              *(["Whole authority"] if pack.is_locality else [])]
    widths = [4.3, 1.3, 1.3, 1.6, 1.8, 2.2] if not pack.is_locality else [3.4, 1.2, 1.2, 1.6, 1.8, 1.9, 1.4]
    source = pack.rows(area).reset_index(drop=True)
    records = table.to_dict("records")
    rows = [[str(r["Indicator"]), str(r["Latest"]), str(r["Target"]), str(r["RAG"]), str(r["Direction"]),
             _outlook_cell(source.iloc[i]), *([str(r["Whole authority"])] if pack.is_locality else [])]
            for i, r in enumerate(records)]
    pages = _pages(rows, widths, header)
    done = 0
    for number, page in enumerate(pages, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
        more = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        _title(slide, f"{area}{more}: {pack.month_label}, {pack.where}")
        chunk = records[done:done + len(page)]
        styles = {(i, 3): rag_style(r["rag_key"], pack.colour_safe)[1:] for i, r in enumerate(chunk)}
        _table(slide, header, page, widths, styles)
        _speaker_notes(slide, pack, area, pd.DataFrame(chunk), source.iloc[done:done + len(page)])
        _decorate(slide, pack, _footer(pack, area))
        done += len(page)
    _latest_vs_target(prs, pack, area)
    _notes_slides(prs, pack, area)


def _footer(pack: MeetingPack, area: str) -> str:
    withheld = pack.withheld_note(area)
    return f"{pack.as_at} · {pack.where}" + (f" · {withheld}" if withheld else "")


def _latest_vs_target(prs: PresentationType, pack: MeetingPack, area: str) -> None:
    """A slide with a clustered bar of latest against target for the rated indicators of the area's commonest unit."""
    rows = pack.rows(area)
    rated = rows[rows["rag"].astype(str).isin(RATED).to_numpy() & rows["value"].notna().to_numpy()]
    if rated.empty:
        return  # the table already says nothing here is rated
    unit = rated["unit"].mode().iloc[0]
    chosen = rated[(rated["unit"] == unit).to_numpy()]
    number_format = NUMBER_FORMATS.get(unit, "0.0")
    data = CategoryChartData(number_format=number_format)
    data.categories = [_short(name) for name in chosen["name"]]
    data.add_series("Latest", chosen["value"].astype(float).round(2).tolist())
    data.add_series("Target", chosen["target"].astype(float).round(2).tolist())
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    _title(slide, f"{area}: latest against target ({UNIT_WORDS.get(unit, unit)})")
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.4), Inches(1.35), Inches(12.5),
                                   Inches(5.35), data).chart
    _chart_type(chart)
    chart.category_axis.reverse_order = True
    if (chosen[["value", "target"]] >= 0).all().all():
        chart.value_axis.minimum_scale = 0  # a bar must start at zero or it exaggerates the gap
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(BODY_PT)
    plot.data_labels.number_format = number_format
    plot.data_labels.number_format_is_linked = False
    for series, colour in zip(plot.series, ("1D70B8", "B1B4B6")):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(colour)
    _decorate(slide, pack, _footer(pack, area))


def _notes_slides(prs: PresentationType, pack: MeetingPack, area: str) -> None:
    """The area's commentary and actions at BODY_PT, carried over as many slides as they need."""
    widths = [5.0, 3.0, 2.2, 2.3]
    header = ["Commentary or action", "About", "Owner and due", "Status"]
    rows = [[note.text, pack.subject_label(note.subject) + (f" ({note.author})" if note.author else ""), "", ""]
            for note in pack.notes_for(area)]
    rows += [[f"Action: {what}", about, f"{owner}, {due}", status]
             for what, about, owner, due, status in action_rows(pack, area)[1:]]
    if not rows:
        return
    pages = _pages(rows, widths, header)
    for number, page in enumerate(pages, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
        more = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        _title(slide, f"{area}: commentary and actions{more}")
        _table(slide, header, page, widths)
        _decorate(slide, pack, _footer(pack, area))


def _chart_type(chart) -> None:  # noqa: ANN001 - a pptx chart
    """Every word on a chart at BODY_PT, legend at the bottom."""
    chart.has_legend = True
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    chart.legend.font.size = Pt(BODY_PT)
    chart.category_axis.tick_labels.font.size = Pt(BODY_PT)
    chart.value_axis.tick_labels.font.size = Pt(BODY_PT)


def _short(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1].rstrip() + "…"


def _speaker_notes(slide: Slide, pack: MeetingPack, area: str, chunk: pd.DataFrame, rows: pd.DataFrame) -> None:
    """For the presenter: why each indicator is rated as it is, its outlook, and the area's commentary in full."""
    lines = [f"{record['Indicator']}: {record['RAG']} – {record['Why this rating']} {reason}"
             for record, reason in zip(chunk.to_dict("records"), rows["outlook_reason"].fillna(""))]
    lines += [f"Commentary ({pack.subject_label(note.subject)}): {note.text}" for note in pack.notes_for(area)]
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def write_pptx(pack: MeetingPack) -> bytes:
    """The presentation as bytes (16:9)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(Inches(13.333)), Emu(Inches(7.5))
    prs.core_properties.title = pack.title
    prs.core_properties.author = pack.authority
    _title_slide(prs, pack)
    _summary_slides(prs, pack)
    for area in pack.areas:
        _area_slides(prs, pack, area)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
