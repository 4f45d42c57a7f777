"""The meeting pack as an Excel workbook: Summary, one sheet per area, Legend.

Every string goes through _put, which stores it as text so Excel never evaluates it: indicator
names and commentary are typed by people, and a cell such as '=HYPERLINK(...)' must stay words.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.exports.pack import (
    FRACTION_COUNT_FORMAT,
    NUMBER_FORMATS,
    OUTLOOK_COLUMN,
    MeetingPack,
    action_rows,
    outlook_meanings,
    rag_style,
)
from core.model import Rag, Unit
from core.present.labels import DIRECTION_LABELS, RAG_MEANINGS

# Characters that make a spreadsheet treat a typed cell as a formula (OWASP CSV-injection list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BANNER_FILL = "FFDD00"  # the scenario banner: yellow with black text, readable in print and on screen
HEADER_FILL = "0B0C0C"
THIN = Side(style="thin", color="B1B4B6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
COLUMN_WIDTHS = {"Indicator": 48, "Latest": 13, "Last month": 13, "Target": 13, "RAG": 13, "Direction": 14,
                 "Whole authority": 15, "England": 17, "Stat. neighbours": 17, OUTLOOK_COLUMN: 30, "Why this rating": 60}
DIRECTION_MEANINGS = {
    "improving": "Better than last month, through the indicator's polarity (says nothing about the target).",
    "worsening": "Worse than last month, through the indicator's polarity.",
    "same": "Equal to last month at 2 decimals.",
    "not_comparable": "Not compared: a month is missing or withheld, the indicator is neutral, or the measure reset.",
}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _put(ws: Worksheet, row: int, column: int, value: object, *, bold: bool = False, fill: str | None = None,
         colour: str | None = None, size: float | None = None, wrap: bool = True, border: bool = False) -> Cell:
    """Write one cell; strings are always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would store '=...' as a formula
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True  # and Excel keeps it text even when the cell is edited
    else:
        cell.value = value
    cell.font = Font(bold=bold, color=colour, size=size)
    if fill:
        cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
    if wrap:
        cell.alignment = WRAP
    if border:
        cell.border = BORDER
    return cell


def _number_format(unit: object, value: float, aside: str = "") -> str:
    """The unit's number format; words beside the figure (a benchmark's year, 'whole authority' on a locality's
    council-wide target) ride along as literal text, so the cell stays a number."""
    shape = FRACTION_COUNT_FORMAT if unit == Unit.count.value and not float(value).is_integer() else (
        NUMBER_FORMATS.get(str(unit), "General"))
    if not aside:
        return shape
    return shape + '" (' + aside.replace('"', "") + ')"'


def _sheet_title(name: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique regardless of case."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip().strip("'")[:31] or "Area"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _heading(ws: Worksheet, pack: MeetingPack, title: str, span: int) -> int:
    """Title, the as-at line and any banner at the top of a sheet; returns the next free row."""
    _put(ws, 1, 1, title, bold=True, size=14, wrap=False)
    _put(ws, 2, 1, f"{pack.authority} · {pack.month_label} · {pack.where} · {pack.as_at}", wrap=False)
    row = 3
    if pack.scenario_banner:
        _put(ws, row, 1, pack.scenario_banner, bold=True, fill=BANNER_FILL, wrap=False)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        row += 1
    if pack.illustrative_note:
        _put(ws, row, 1, f"Illustrative figures. {pack.illustrative_note}", bold=True, wrap=False)
        row += 1
    return row + 1


def _summary(ws: Worksheet, pack: MeetingPack) -> None:
    ws.title = "Summary"
    ws.column_dimensions["A"].width = 30
    for column in "BCDEFG":
        ws.column_dimensions[column].width = 14
    row = _heading(ws, pack, pack.title, 7)
    for label, text in pack.facts():
        _put(ws, row, 1, label, bold=True)
        _put(ws, row, 2, text, fill=BANNER_FILL if label == "Targets" else None, bold=label == "Targets")
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
        ws.row_dimensions[row].height = 15 * max(1, len(text) // 95 + 1)
        row += 1

    row += 1
    _put(ws, row, 1, "Ratings by area", bold=True, size=12, wrap=False)
    row += 1
    counts = pack.rag_counts()
    _put(ws, row, 1, "Area", bold=True, fill=HEADER_FILL, colour="FFFFFF", border=True)
    for offset, key in enumerate(counts.columns, start=2):
        label, fill, text = rag_style(key, pack.colour_safe)
        _put(ws, row, offset, label, bold=True, fill=fill, colour=text, border=True)
    _put(ws, row, len(counts.columns) + 2, "Total", bold=True, fill=HEADER_FILL, colour="FFFFFF", border=True)
    for area, numbers in counts.iterrows():
        row += 1
        _put(ws, row, 1, str(area), border=True)
        for offset, n in enumerate(numbers.tolist(), start=2):
            _put(ws, row, offset, int(n), border=True)
        _put(ws, row, len(counts.columns) + 2, int(numbers.sum()), border=True)
    row += 1
    _put(ws, row, 1, "All areas", bold=True, border=True)
    for offset, n in enumerate(counts.sum().tolist(), start=2):
        _put(ws, row, offset, int(n), bold=True, border=True)
    _put(ws, row, len(counts.columns) + 2, int(counts.to_numpy().sum()), bold=True, border=True)
    row += 2
    _put(ws, row, 1, "RAG applies only where a target exists. See the Legend sheet for what each mark means.",
         wrap=False)


def _area_sheet(ws: Worksheet, pack: MeetingPack, area: str) -> None:
    table = pack.table(area)
    columns = [c for c in table.columns if c not in ("id", "rag_key")]
    row = _heading(ws, pack, f"{area}: {pack.month_label}, {pack.where}", len(columns))
    header_row = row
    for offset, name in enumerate(columns, start=1):
        _put(ws, row, offset, name, bold=True, fill=HEADER_FILL, colour="FFFFFF", border=True)
        ws.column_dimensions[get_column_letter(offset)].width = COLUMN_WIDTHS.get(name, 14)
    rag_column = columns.index("RAG") + 1
    figures = pack.figures(area)
    for at, record in enumerate(table.itertuples(index=False)):
        row += 1
        values = dict(zip(table.columns, record))
        for offset, name in enumerate(columns, start=1):
            number = figures[name].iat[at] if name in figures else float("nan")
            if number == number:  # a figure that may be shown: a number Excel can sum, in the unit's format
                cell = _put(ws, row, offset, float(number), border=True)
                aside = figures[f"{name} aside"].iat[at] if f"{name} aside" in figures else ""
                cell.number_format = _number_format(figures["unit"].iat[at], number, aside)
            else:  # withheld ('c', '<5'), missing ('no data') or words
                _put(ws, row, offset, str(values[name]), border=True)
        label, fill, text = rag_style(values["rag_key"], pack.colour_safe)
        _put(ws, row, rag_column, label, bold=True, fill=fill, colour=text, border=True)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    row += 2
    _put(ws, row, 1, "Commentary", bold=True, size=12, wrap=False)
    notes = pack.notes_for(area)
    if not notes:
        row += 1
        _put(ws, row, 1, f"No commentary for {area} this month.", wrap=False)
    for note in notes:
        row += 1
        author = f" ({note.author})" if note.author else ""
        _put(ws, row, 1, f"{pack.subject_label(note.subject)}{author}", bold=True)
        _put(ws, row, 2, note.text)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(columns))
        ws.row_dimensions[row].height = 15 * max(1, len(note.text) // 150 + 1)
    row = _actions(ws, pack, area, row + 2)
    withheld = pack.withheld_note(area)
    if withheld:
        row += 2
        _put(ws, row, 1, withheld, wrap=False)
    row += 2
    _put(ws, row, 1, pack.as_at, wrap=False)


def _actions(ws: Worksheet, pack: MeetingPack, area: str, row: int) -> int:
    """The actions agreed for the area this month, one row each; returns the last row written."""
    _put(ws, row, 1, "Actions", bold=True, size=12, wrap=False)
    rows = action_rows(pack, area)
    if not rows:
        row += 1
        _put(ws, row, 1, f"No actions recorded for {area} this month.", wrap=False)
        return row
    row += 1
    for offset, name in enumerate(rows[0], start=1):
        _put(ws, row, offset, name, bold=True, fill=HEADER_FILL, colour="FFFFFF", border=True)
    for values in rows[1:]:
        row += 1
        for offset, value in enumerate(values, start=1):
            _put(ws, row, offset, value, border=True)
    return row


def _legend(ws: Worksheet, pack: MeetingPack) -> None:
    ws.title = "Legend"
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100
    row = _heading(ws, pack, "Legend", 2)
    _put(ws, row, 1, "Rating (RAG)", bold=True, size=12, wrap=False)
    for key in Rag:
        row += 1
        label, fill, text = rag_style(key.value, pack.colour_safe)
        _put(ws, row, 1, label, bold=True, fill=fill, colour=text, border=True)
        _put(ws, row, 2, RAG_MEANINGS[key], border=True)
    row += 2
    _put(ws, row, 1, "Direction of travel", bold=True, size=12, wrap=False)
    for key, label in DIRECTION_LABELS.items():
        row += 1
        _put(ws, row, 1, label, border=True)
        _put(ws, row, 2, DIRECTION_MEANINGS[str(key)], border=True)
    row += 2
    _put(ws, row, 1, f"Year-end outlook (to {pack.outlook_month_label})", bold=True, size=12, wrap=False)
    for label, meaning in outlook_meanings():
        row += 1
        _put(ws, row, 1, label, border=True)
        _put(ws, row, 2, meaning, border=True)
    row += 2
    _put(ws, row, 1, "Small numbers", bold=True, size=12, wrap=False)
    row += 1
    _put(ws, row, 1, "Rule", border=True)
    _put(ws, row, 2, pack.suppression_rule, border=True)
    for mark, meaning in pack.policy.legend().items():  # the whole authority withholds small counts too
        row += 1
        _put(ws, row, 1, mark, border=True)
        _put(ws, row, 2, meaning, border=True)
    row += 2
    _put(ws, row, 1, "Benchmarks", bold=True, size=12, wrap=False)
    row += 1
    _put(ws, row, 2, "England and statistical-neighbour figures come from annual national returns and are a "
                     "year or more older than the local figures; their year is shown in brackets.")
    row += 2
    _put(ws, row, 1, pack.as_at, wrap=False)


def write_xlsx(pack: MeetingPack) -> bytes:
    """The workbook as bytes."""
    workbook = Workbook()
    _summary(workbook.active, pack)
    taken = {"summary", "legend"}
    for area in pack.areas:
        _area_sheet(workbook.create_sheet(_sheet_title(area, taken)), pack, area)
    _legend(workbook.create_sheet(), pack)
    workbook.properties.title = pack.title
    workbook.properties.creator = "Corporate Parenting scorecard explorer"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

