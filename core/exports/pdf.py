"""The meeting pack as a PDF: cover, key, then per area a table, small trend charts and commentary.

Drawn by reportlab with a font shipped beside this module (the RAG shapes and arrows need glyphs
the PDF base fonts lack), so it needs no browser, network or system font.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.exports.pack import (
    OUTLOOK_COLUMN,
    MeetingPack,
    action_rows,
    outlook_meanings,
    rag_style,
)
from core.exports.pdf_charts import trend_drawing
from core.model import Rag
from core.present.labels import DIRECTION_LABELS, RAG_MEANINGS

PDF_MIME = "application/pdf"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, BOLD = "PackSans", "PackSans-Bold"
PAGE = landscape(A4)
MARGIN = 12 * mm
BODY_WIDTH = PAGE[0] - 2 * MARGIN
INK = colors.HexColor("#0b0c0c")
GREY = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
BANNER = colors.HexColor("#ffdd00")
CHART_COLUMNS = 6
DIRECTION_MEANINGS = {
    "improving": "Better than last month, through the indicator's polarity. Says nothing about the target.",
    "worsening": "Worse than last month, through the indicator's polarity.",
    "same": "Equal to last month at 2 decimals.",
    "not_comparable": "Not compared: a month missing or withheld, a neutral indicator, or a measure that reset.",
}
# Table column widths in mm; "Why this rating" takes what is left.
COLUMN_MM = {"Indicator": 56, "Latest": 15, "Last month": 15, "Target": 15, "RAG": 19, "Direction": 20,
             OUTLOOK_COLUMN: 33, "Whole authority": 18, "England": 21, "Stat. neighbours": 21}
ACTION_MM = [110, 60, 40, 25, 25]  # Action, About, Owner, Due, Status


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSansCondensed.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSansCondensed-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _style(name: str, size: float, bold: bool = False, colour: colors.Color = INK, **extra: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD if bold else FONT, fontSize=size, leading=size * 1.25,
                          textColor=colour, alignment=TA_LEFT, **extra)


class _Styles:
    def __init__(self) -> None:
        self.title = _style("title", 22, bold=True, spaceAfter=4 * mm)
        self.subtitle = _style("subtitle", 13, colour=GREY, spaceAfter=6 * mm)
        self.h1 = _style("h1", 15, bold=True, spaceAfter=1.5 * mm)
        self.h2 = _style("h2", 11, bold=True, spaceBefore=3 * mm, spaceAfter=1.5 * mm, keepWithNext=1)
        self.body = _style("body", 9.5)
        self.small = _style("small", 8, colour=GREY)
        self.cell = _style("cell", 7.5)
        self.cell_bold = _style("cell_bold", 7.5, bold=True)
        self.head = _style("head", 7.5, bold=True, colour=colors.white)
        self.chart_name = _style("chart_name", 6.5)
        self.banner = _style("banner", 11, bold=True)


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: reportlab reads markup, so user text and '<5' are escaped."""
    return Paragraph(escape(str(text)), style)


def _box(text: str, style: ParagraphStyle, fill: colors.Color, border: colors.Color | None = None) -> Table:
    box = Table([[_p(text, style)]], colWidths=[BODY_WIDTH])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), fill),
                             ("BOX", (0, 0), (-1, -1), 1, border or fill),
                             ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return box


def _grid(data: list[list[object]], widths: list[float], extra: list[tuple] | None = None) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), INK),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *(extra or []),
    ]))
    return table


def _cover(pack: MeetingPack, s: _Styles) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, 10 * mm), _p("Corporate Parenting performance scorecard", s.title),
                             _p(f"{pack.authority} · {pack.month_label} · {pack.where}", s.subtitle)]
    if pack.scenario_banner:
        story += [_box(pack.scenario_banner, s.banner, BANNER, INK), Spacer(1, 4 * mm)]
    if pack.illustrative_note:
        story += [_box(f"Illustrative figures. {pack.illustrative_note}", s.body, colors.HexColor("#fff7bf"),
                       colors.HexColor("#f47738")), Spacer(1, 4 * mm)]
    facts = [[_p(label, s.cell_bold), _p(text, s.body)] for label, text in pack.facts()]
    table = Table(facts, colWidths=[45 * mm, BODY_WIDTH - 45 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return [*story, table, PageBreak()]


def _key(pack: MeetingPack, s: _Styles) -> list[Flowable]:
    rag_rows: list[list[object]] = [[_p("Rating", s.head), _p("Meaning", s.head)]]
    fills = []
    for row, key in enumerate(Rag, start=1):
        label, fill, text = rag_style(key.value, pack.colour_safe)
        rag_rows.append([_p(label, _style(f"k{row}", 8.5, bold=True, colour=colors.HexColor(f"#{text}"))),
                         _p(RAG_MEANINGS[key], s.body)])
        fills.append(("BACKGROUND", (0, row), (0, row), colors.HexColor(f"#{fill}")))
    direction_rows: list[list[object]] = [[_p("Direction of travel", s.head), _p("Meaning", s.head)]]
    direction_rows += [[_p(label, s.cell_bold), _p(DIRECTION_MEANINGS[str(key)], s.body)]
                       for key, label in DIRECTION_LABELS.items()]
    story: list[Flowable] = [
        Spacer(1, 6 * mm), _p("Key", s.h1),
        _p("RAG applies only where a target exists. Every rating is shown as a shape and a word, never by colour "
           "alone.", s.body), Spacer(1, 2 * mm),
        _grid(rag_rows, [30 * mm, 150 * mm], fills), Spacer(1, 3 * mm),
        _grid(direction_rows, [30 * mm, 150 * mm]), Spacer(1, 3 * mm),
    ]
    marks: list[list[object]] = [[_p("Small numbers", s.head), _p("Meaning", s.head)],
                                 [_p("Rule", s.cell_bold), _p(pack.suppression_rule, s.body)]]
    marks += [[_p(mark, s.cell_bold), _p(meaning, s.body)] for mark, meaning in pack.policy.legend().items()]
    outlook: list[list[object]] = [[_p(f"Year-end outlook (to {pack.outlook_month_label})", s.head),
                                    _p("Meaning", s.head)]]
    outlook += [[_p(label, s.cell_bold), _p(meaning, s.body)] for label, meaning in outlook_meanings()]
    story += [_grid(outlook, [30 * mm, 150 * mm]), Spacer(1, 3 * mm)]
    story += [_grid(marks, [30 * mm, 150 * mm]), Spacer(1, 2 * mm),
              _p("England and statistical-neighbour (SN) figures come from annual national returns and are a year "
                 "or more older than the local figures; their year is shown in brackets.", s.small)]
    return [*_summary(pack, s), CondPageBreak(110 * mm), *story, PageBreak()]


def _summary(pack: MeetingPack, s: _Styles) -> list[Flowable]:
    counts = pack.rag_counts()
    header: list[object] = [_p("Area", s.head)]
    extra = []
    for column, key in enumerate(counts.columns, start=1):
        label, fill, text = rag_style(key, pack.colour_safe)
        header.append(_p(label, _style(f"h{column}", 7.5, bold=True, colour=colors.HexColor(f"#{text}"))))
        extra.append(("BACKGROUND", (column, 0), (column, 0), colors.HexColor(f"#{fill}")))
    rows = [header + [_p("Total", s.head)]]
    rows += [[_p(area, s.cell), *[_p(int(n), s.cell) for n in numbers], _p(int(numbers.sum()), s.cell_bold)]
             for area, numbers in counts.iterrows()]
    widths = [60 * mm] + [22 * mm] * (len(counts.columns) + 1)
    return [_p("Ratings by area", s.h1), _grid(rows, widths, extra)]


def _area(pack: MeetingPack, area: str, s: _Styles) -> list[Flowable]:
    table = pack.table(area)
    columns = [c for c in table.columns if c not in ("id", "rag_key")]
    fixed = sum(COLUMN_MM.get(c, 0) for c in columns) * mm
    widths = [COLUMN_MM[c] * mm if c in COLUMN_MM else BODY_WIDTH - fixed for c in columns]
    rows: list[list[object]] = [[_p(c, s.head) for c in columns]]
    extra = []
    rag_at = columns.index("RAG")
    for row, record in enumerate(table.to_dict("records"), start=1):
        label, fill, text = rag_style(record["rag_key"], pack.colour_safe)
        cells: list[object] = [_p(record[c], s.cell) for c in columns]
        cells[rag_at] = _p(label, _style(f"r{row}", 7.5, bold=True, colour=colors.HexColor(f"#{text}")))
        rows.append(cells)
        extra.append(("BACKGROUND", (rag_at, row), (rag_at, row), colors.HexColor(f"#{fill}")))

    counts = pack.rows(area)["rag"].astype(str).value_counts()
    tally = " · ".join(f"{rag_style(k.value)[0]} {counts.get(k.value, 0)}" for k in Rag)
    story: list[Flowable] = [_p(area, s.h1), _p(f"{pack.month_label} · {pack.where} · {tally}", s.small),
                             Spacer(1, 2 * mm), _grid(rows, widths, extra)]
    withheld = pack.withheld_note(area)
    if withheld:  # under the table whose c it explains (at the end of the section it could land alone on a page)
        story += [Spacer(1, 1.5 * mm), _p(withheld, s.small)]
    story += _commentary(pack, area, s)  # before the charts: the Board reads what is being done first
    story += _actions(pack, area, s)
    story += _charts(pack, area, s)
    return [*story, PageBreak()]


def _charts(pack: MeetingPack, area: str, s: _Styles) -> list[Flowable]:
    months = pack.trend_months()
    first, last = months[0].strftime("%b %y"), months[-1].strftime("%b %y")
    width = BODY_WIDTH / CHART_COLUMNS
    cells: list[list[Flowable]] = []
    nothing = 0
    for _, row in pack.rows(area).iterrows():
        drawing = trend_drawing(pack.trend_points(row["id"]), first, last, pack.chart_target(row),
                                width - 12, 22 * mm, FONT)
        if drawing is None:
            nothing += 1
            continue
        cells.append([_p(f"{row['name']} · {row['display_value']}", s.chart_name), drawing])
    # One group per row of charts, so a row, not the whole grid, moves to the next page. The heading and
    # caption stay with the first row and the closing line with the last: neither may start a page alone.
    groups: list[list[Flowable]] = []
    for i in range(0, len(cells), CHART_COLUMNS):
        row = cells[i:i + CHART_COLUMNS]
        row += [[]] * (CHART_COLUMNS - len(row))
        table = Table([row], colWidths=[width] * CHART_COLUMNS, hAlign="LEFT")
        # a gutter between charts: a long name wraps inside its own chart's width, never up to the next one
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 9)]))
        groups.append([table])
    if groups:
        caption = f"Monthly figures {first} to {last}; the dashed line is the target where one applies."
        groups[0][:0] = [_p("Last 12 months", s.h2), _p(f"{caption} Withheld months are left as gaps.", s.small)]
    if nothing:
        note = _p(f"{nothing} indicator{'s have' if nothing > 1 else ' has'} no figure to draw in the last "
                  "12 months (not reported, or withheld).", s.small)
        groups[-1:] = [[*groups[-1], note]] if groups else [[note]]
    return [KeepTogether(group) for group in groups]


def _commentary(pack: MeetingPack, area: str, s: _Styles) -> list[Flowable]:
    notes = pack.notes_for(area)
    story: list[Flowable] = [_p("Commentary", s.h2)]
    if not notes:
        return [*story, _p(f"No commentary for {area} this month.", s.small)]
    for note in notes:
        author = f" ({note.author})" if note.author else ""
        story.append(Paragraph(f"<b>{escape(pack.subject_label(note.subject))}{escape(author)}:</b> "
                               f"{escape(note.text)}", s.body))
        story.append(Spacer(1, 1.5 * mm))
    return story


def _actions(pack: MeetingPack, area: str, s: _Styles) -> list[Flowable]:
    rows = action_rows(pack, area)
    if not rows:
        return [_p("Actions", s.h2), _p(f"No actions recorded for {area} this month.", s.small)]
    cells: list[list[object]] = [[_p(name, s.head) for name in rows[0]]]
    cells += [[_p(value, s.cell) for value in values] for values in rows[1:]]
    return [_p("Actions", s.h2), _grid(cells, [width * mm for width in ACTION_MM])]


def _decorate(pack: MeetingPack):  # noqa: ANN202 - reportlab's page callback
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        width, height = PAGE
        if pack.scenario_banner:  # on every page: a printed page must not pass for the official targets
            canvas.setFillColor(BANNER)
            canvas.rect(0, height - 8 * mm, width, 8 * mm, stroke=0, fill=1)
            canvas.setFillColor(INK)
            canvas.setFont(BOLD, 9)
            canvas.drawCentredString(width / 2, height - 5.5 * mm, pack.scenario_banner)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, 6 * mm, f"{pack.authority} · {pack.month_label} · {pack.where} · {pack.as_at}")
        canvas.drawRightString(width - MARGIN, 6 * mm, f"Page {doc.page}")
        canvas.restoreState()
    return draw


def write_pdf(pack: MeetingPack) -> bytes:
    """The PDF as bytes."""
    _register_fonts()
    styles = _Styles()
    story = [*_cover(pack, styles), *_key(pack, styles)]
    for area in pack.areas:
        story += _area(pack, area, styles)
    story.pop()  # no blank page after the last area
    buffer = io.BytesIO()
    top = MARGIN + (6 * mm if pack.scenario_banner else 0)
    doc = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=top,
                            bottomMargin=MARGIN, title=pack.title, author=pack.authority,
                            subject="Corporate Parenting performance scorecard")
    decorate = _decorate(pack)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
