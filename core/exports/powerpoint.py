"""The meeting pack as PowerPoint: title, summary, and per area a native table and a native chart.

Tables and charts are PowerPoint's own (not pictures), so officers can edit them before the
meeting. Only figures shown on screen go into a chart's data: withheld ones are already blank.
"""

from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.table import _Cell
from pptx.util import Emu, Inches, Pt

from core.exports.pack import RATED, MeetingPack, rag_style
from core.model import Unit

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ROWS_PER_SLIDE = 10  # more and the names no longer read on a projector
TITLE_ONLY, BLANK = 5, 6  # layouts of python-pptx's default template
INK, WHITE, GREY, BANNER = "0B0C0C", "FFFFFF", "505A5F", "FFDD00"
NAME_LENGTH = 32  # chart category labels
VALUE_FORMATS = {Unit.percent.value: '0.0"%"', Unit.days.value: "#,##0", Unit.count.value: "#,##0"}
UNIT_WORDS = {Unit.percent.value: "%", Unit.rate_per_10k.value: "per 10,000", Unit.days.value: "days",
              Unit.count.value: "number", Unit.score.value: "score", Unit.ratio.value: "ratio"}


def _text(frame, text: str, size: float, bold: bool = False, colour: str = INK) -> None:  # noqa: ANN001
    """Replace a text frame's text with one run in the given look."""
    frame.text = ""
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    run.font.color.rgb = RGBColor.from_string(colour)


def _fill_cell(cell: _Cell, text: str, size: float = 10, bold: bool = False, fill: str | None = None,
               colour: str = INK) -> None:
    _text(cell.text_frame, text, size, bold, colour)
    cell.margin_left = cell.margin_right = Inches(0.05)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    if fill:
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(fill)


def _textbox(slide: Slide, left: float, top: float, width: float, height: float, text: str, size: float,
             bold: bool = False, colour: str = INK):  # noqa: ANN202 - a pptx shape
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    box.text_frame.word_wrap = True
    _text(box.text_frame, text, size, bold, colour)
    return box


def _decorate(slide: Slide, pack: MeetingPack, footer: str | None = None) -> None:
    """The banner (on every slide while a scenario is active) and the as-at footer."""
    if pack.scenario_banner:
        banner = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(13.333), Inches(0.35))
        banner.fill.solid()
        banner.fill.fore_color.rgb = RGBColor.from_string(BANNER)
        banner.line.fill.background()
        _text(banner.text_frame, pack.scenario_banner, 12, bold=True)
        banner.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    text = footer or f"{pack.authority} · {pack.month_label} · {pack.where} · {pack.as_at}"
    _textbox(slide, 0.4, 6.85, 12.5, 0.55, text, 9, colour=GREY)


def _title(slide: Slide, text: str) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.4), Inches(0.45), Inches(12.5), Inches(0.8)
    _text(title.text_frame, text, 26, bold=True)
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT


def _title_slide(prs: PresentationType, pack: MeetingPack) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    _textbox(slide, 0.6, 0.8, 12, 0.8, "Corporate Parenting performance scorecard", 32, bold=True)
    _textbox(slide, 0.6, 1.7, 12, 0.6, f"{pack.authority} · {pack.month_label} · {pack.where}", 20, colour=GREY)
    top = 2.6
    if pack.scenario_banner:
        box = _textbox(slide, 0.6, top, 12, 0.5, pack.scenario_banner, 16, bold=True)
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor.from_string(BANNER)
        top += 0.7
    lines = [(label, text) for label, text in pack.facts() if label not in ("Authority", "Month", "Targets")]
    box = _textbox(slide, 0.6, top, 12, 3.8, "", 12)
    frame = box.text_frame
    for i, (label, text) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        for part, bold in ((f"{label}: ", True), (text, False)):
            run = paragraph.add_run()
            run.text, run.font.size, run.font.bold = part, Pt(13), bold
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    _decorate(slide, pack)


def _summary_slide(prs: PresentationType, pack: MeetingPack) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    _title(slide, f"Ratings by area: {pack.month_label}, {pack.where}")
    counts = pack.rag_counts()
    shape = slide.shapes.add_table(len(counts) + 1, len(counts.columns) + 2, Inches(0.4), Inches(1.4),
                                   Inches(7.4), Inches(0.32 * (len(counts) + 1)))
    table = shape.table
    table.columns[0].width = Inches(2.6)
    for c in range(1, len(counts.columns) + 2):
        table.columns[c].width = Inches(0.8)
    _fill_cell(table.cell(0, 0), "Area", 10, True, INK, WHITE)
    for c, key in enumerate(counts.columns, start=1):
        label, fill, text = rag_style(key, pack.colour_safe)
        _fill_cell(table.cell(0, c), label, 9, True, fill, text)
    _fill_cell(table.cell(0, len(counts.columns) + 1), "Total", 10, True, INK, WHITE)
    for r, (area, numbers) in enumerate(counts.iterrows(), start=1):
        _fill_cell(table.cell(r, 0), str(area), 10)
        for c, n in enumerate([*numbers.tolist(), int(numbers.sum())], start=1):
            _fill_cell(table.cell(r, c), str(int(n)), 10, bold=c == len(counts.columns) + 1)

    data = CategoryChartData()
    data.categories = [str(area) for area in counts.index]
    for key in RATED:
        data.add_series(rag_style(key)[0], [int(n) for n in counts[key]])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, Inches(8.1), Inches(1.4), Inches(4.9), Inches(5.3),
                                   data)
    chart = frame.chart
    _legend(chart)
    chart.has_title = True
    _text(chart.chart_title.text_frame, "Rated indicators by area", 12, bold=True)
    chart.category_axis.reverse_order = True  # areas read top to bottom, as in the table
    chart.category_axis.tick_labels.font.size = Pt(9)
    chart.value_axis.tick_labels.font.size = Pt(9)
    for series, key in zip(chart.plots[0].series, RATED):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(rag_style(key, pack.colour_safe)[1])
    _textbox(slide, 0.4, 1.6 + 0.32 * (len(counts) + 1), 7.4, 0.8,
             "RAG applies only where a target exists. ○ Not rated: no target, a neutral indicator, or withheld "
             "(small numbers). – No data: no figure this month.", 10, colour=GREY)
    _decorate(slide, pack)


def _area_slides(prs: PresentationType, pack: MeetingPack, area: str) -> None:
    table = pack.table(area)
    columns = ["Indicator", "Latest", "Target", "RAG", "Direction", *(["Whole authority"] if pack.is_locality else [])]
    widths = {"Indicator": 3.6 if pack.is_locality else 4.5, "Latest": 0.95, "Target": 0.95, "RAG": 1.2,
              "Direction": 1.25, "Whole authority": 0.95}
    slides = max(1, -(-len(table) // ROWS_PER_SLIDE))
    per_slide = -(-len(table) // slides)  # balanced: 17 rows make 9 + 8, not 10 + 7
    chunks = [table.iloc[i:i + per_slide] for i in range(0, max(len(table), 1), per_slide)]
    for number, chunk in enumerate(chunks, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
        more = f" ({number} of {len(chunks)})" if len(chunks) > 1 else ""
        _title(slide, f"{area}{more}: {pack.month_label}, {pack.where}")
        shape = slide.shapes.add_table(len(chunk) + 1, len(columns), Inches(0.4), Inches(1.4),
                                       Inches(sum(widths[c] for c in columns)), Inches(0.3 * (len(chunk) + 1)))
        grid = shape.table
        for c, name in enumerate(columns):
            grid.columns[c].width = Inches(widths[name])
            _fill_cell(grid.cell(0, c), name, 10, True, INK, WHITE)
        for r, record in enumerate(chunk.to_dict("records"), start=1):
            for c, name in enumerate(columns):
                _fill_cell(grid.cell(r, c), str(record[name]), 10)
            label, fill, text = rag_style(record["rag_key"], pack.colour_safe)
            _fill_cell(grid.cell(r, columns.index("RAG")), label, 10, True, fill, text)
        if number == 1:
            _latest_vs_target(slide, pack, area)
        _speaker_notes(slide, pack, area, chunk)
        _decorate(slide, pack, _footer(pack, area))


def _footer(pack: MeetingPack, area: str) -> str:
    withheld = pack.withheld_note(area)
    return f"{pack.as_at} · {pack.where}" + (f" · {withheld}" if withheld else "")


def _latest_vs_target(slide: Slide, pack: MeetingPack, area: str) -> None:
    """A clustered bar of latest against target for the rated indicators of the area's commonest unit."""
    rows = pack.rows(area)
    rated = rows[rows["rag"].astype(str).isin(RATED).to_numpy() & rows["value"].notna().to_numpy()]
    left, top, width = Inches(9.0), Inches(1.4), Inches(4.0)
    if rated.empty:
        _textbox(slide, 9.0, 1.4, 4.0, 1.0, "No indicator in this area is rated against a target this month, "
                                             "so there is no latest-against-target chart.", 11, colour=GREY)
    else:
        unit = rated["unit"].mode().iloc[0]
        chosen = rated[(rated["unit"] == unit).to_numpy()]
        data = CategoryChartData(number_format=VALUE_FORMATS.get(unit, "0.0"))
        data.categories = [_short(name) for name in chosen["name"]]
        data.add_series("Latest", chosen["value"].astype(float).round(2).tolist())
        data.add_series("Target", chosen["target"].astype(float).round(2).tolist())
        chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, Inches(3.8), data).chart
        chart.has_title = True
        _text(chart.chart_title.text_frame, f"Latest against target ({UNIT_WORDS.get(unit, unit)})", 12, bold=True)
        _legend(chart)
        chart.category_axis.reverse_order = True
        chart.category_axis.tick_labels.font.size = Pt(7)
        chart.value_axis.tick_labels.font.size = Pt(8)
        if (chosen[["value", "target"]] >= 0).all().all():
            chart.value_axis.minimum_scale = 0  # a bar must start at zero or it exaggerates the gap
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.font.size = Pt(8)
        plot.data_labels.number_format = VALUE_FORMATS.get(unit, "0.0")
        plot.data_labels.number_format_is_linked = False
        for series, colour in zip(plot.series, ("1D70B8", "B1B4B6")):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = RGBColor.from_string(colour)
    notes = pack.notes_for(area)
    if notes:
        text = " ".join(note.text for note in notes)
        box = _textbox(slide, 9.0, 5.3, 4.0, 1.6, f"Commentary: {text}", 10)
        box.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE


def _legend(chart) -> None:  # noqa: ANN001 - a pptx chart
    chart.has_legend = True
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    chart.legend.font.size = Pt(10)


def _short(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1].rstrip() + "…"


def _speaker_notes(slide: Slide, pack: MeetingPack, area: str, chunk: pd.DataFrame) -> None:
    """For the presenter: why each indicator is rated as it is, and the area's commentary in full."""
    lines = [f"{record['Indicator']}: {record['RAG']} – {record['Why this rating']}"
             for record in chunk.to_dict("records")]
    lines += [f"Commentary ({note.subject}): {note.text}" for note in pack.notes_for(area)]
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def write_pptx(pack: MeetingPack) -> bytes:
    """The presentation as bytes (16:9)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(Inches(13.333)), Emu(Inches(7.5))
    prs.core_properties.title = pack.title
    prs.core_properties.author = pack.authority
    _title_slide(prs, pack)
    _summary_slide(prs, pack)
    for area in pack.areas:
        _area_slides(prs, pack, area)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()

