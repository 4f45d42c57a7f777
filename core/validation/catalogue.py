"""The rule catalogue: every kind of finding, declared once with its level, message and effect on the data.

A reader never writes a finding's words itself: it names a rule and gives the values its message needs,

    findings.append(finding("bad_number", sheet="Values", cell="D7", text="12,5"))

so a performance manager can look any message up (`python -m core rules`, the Definitions page), and
each rule has a test that makes it fire (tests/core/validation/). Capping ("and 212 more like this") is
done once, in cap_findings, which the validation report applies to everything it is given.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from string import Formatter

from core.validation.findings import Finding, Level

MAX_FINDINGS_PER_RULE = 200  # per rule and sheet; the rest are counted in one closing line


class RowEffect(StrEnum):
    """What happens to the data a finding is about: the report's promise that nothing is lost silently."""

    row_not_loaded = "The row is not loaded."
    row_loaded = "The row is loaded."
    cell_not_loaded = "This cell is not loaded; the rest of the row is."
    column_not_loaded = "This column is not loaded."
    sheet_not_read = "The sheet is not read."
    nothing_loaded = "Nothing is loaded from this file."
    workbook_note = "Nothing is dropped: a note on the workbook as a whole."


@dataclass(frozen=True)
class Rule:
    code: str
    level: Level
    title: str  # a few plain words for the Definitions page
    message: str  # a str.format template; its {names} are the values a reader passes
    effect: RowEffect

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(name for _, name, _, _ in Formatter().parse(self.message) if name)

    def finding(self, sheet: str = "", cell: str = "", **values: object) -> Finding:
        missing = set(self.placeholders) - set(values)
        if missing:
            raise KeyError(f"rule {self.code} needs {', '.join(sorted(missing))}")
        return Finding(level=self.level, sheet=sheet, cell=cell, message=self.message.format(**values),
                       code=self.code)


RULES: dict[str, Rule] = {}


def declare(code: str, level: Level, title: str, message: str, effect: RowEffect) -> Rule:
    if code in RULES:
        raise ValueError(f"rule {code} is declared twice")
    RULES[code] = Rule(code, level, title, message, effect)
    return RULES[code]


def rule(code: str) -> Rule:
    return RULES[code]


def finding(code: str, sheet: str = "", cell: str = "", **values: object) -> Finding:
    """The finding of rule `code` at sheet!cell, its message filled from `values`."""
    return RULES[code].finding(sheet, cell, **values)


def cap_findings(findings: list[Finding], limit: int = MAX_FINDINGS_PER_RULE) -> list[Finding]:
    """At most `limit` findings per rule and sheet, then one line saying how many more there were."""
    seen: Counter[tuple[str, str]] = Counter()
    kept: list[Finding] = []
    for item in findings:
        key = (item.code, item.sheet)
        seen[key] += 1
        if seen[key] <= limit:
            kept.append(item)
    for (code, sheet), total in seen.items():
        if total > limit:
            level = next(f.level for f in findings if f.code == code and f.sheet == sheet)
            kept.append(Finding(level=level, sheet=sheet, code=code,
                                message=f"and {total - limit:,} more like this ({_title(code)})."))
    return kept


def _title(code: str) -> str:
    return RULES[code].title if code in RULES else code


# ---- the catalogue -------------------------------------------------------------------------------
# One declaration per rule, grouped by the stage that raises it. Keep messages in a manager's words:
# say what is wrong, where, and what was done with the data.

# Reading the file (core.ingest.container)
declare("unreadable", Level.error, "File cannot be read", "{reason}", RowEffect.nothing_loaded)

# Reading a published layout (core.ingest.published_*): multi-row headers, period columns, text cells
declare("header_not_used", Level.info, "Header cell not used",
        "{where} '{text}': not used (not a period, a period with what it holds, or a column the reader knows).",
        RowEffect.column_not_loaded)
declare("name_row_joined", Level.info, "Name and figures on separate rows",
        "'{name}' is on a row of its own and its figures on row {figures_row} beneath it (name cell blank): "
        "read as one indicator.", RowEffect.row_loaded)
declare("period_impossible", Level.error, "Impossible month in a header",
        "column {column}: '{text}' reads as {month}, {why}; this column was not loaded.", RowEffect.column_not_loaded)
declare("polarity_inferred", Level.info, "Polarity inferred from the thresholds",
        "'{name}' has no Good Is column and matches no known indicator: {polarity} is taken as better because {how}.",
        RowEffect.row_loaded)
declare("text_target_read", Level.info, "Target written in words, rated",
        "'{name}' {month}: the target '{text}' is read as {figure}, the figure for {reference}.",
        RowEffect.row_loaded)
declare("text_target_not_rated", Level.warning, "Target written in words, not rated",
        "'{name}' {month}: the target '{text}' is kept as written but not rated: {reason}.", RowEffect.row_loaded)
declare("unit_from_name", Level.info, "Unit read from the indicator's name",
        "{count} had no unit column and no library match, so the unit was read from the name "
        "(a name starting '%' is a percentage, 'Number of' a count): {names}.", RowEffect.row_loaded)
declare("far_cell", Level.warning, "Cell far outside the table",
        "Cell {far_cell} is far outside this sheet's table (which ends at {table_end}), after a long run of empty "
        "rows or columns; it was not read. Delete it in Excel if it is not needed.", RowEffect.cell_not_loaded)
declare("sheet_too_large", Level.error, "Sheet too large to read",
        "Sheet {sheet_name} was not read: its cells reach {cell_name}, {area:,} cells from A1, far more than a scorecard "
        "sheet (the limit is {limit:,}).", RowEffect.sheet_not_read)
declare("too_many_cells", Level.error, "Workbook has far too many cells",
        "{file} has more than {limit:,} cells, far more than a scorecard workbook: it is not read.",
        RowEffect.nothing_loaded)
declare("read_refused", Level.error, "Workbook too costly to read",
        "{file} could not be read: {reason}. Open it in Excel, save it as .xlsx and upload it again.",
        RowEffect.nothing_loaded)
