"""The rule catalogue: every kind of finding, declared once with its level, message and effect on the data.

A reader never writes a finding's words itself: it names a rule and gives the values its message needs,

    findings.append(finding("bad_number", sheet="Indicators", cell="F4", field="target", text="zero",
                            indicator="cic_count"))

so a performance manager can look any message up (`python -m core rules`, the Definitions page), and
each rule has a test that makes it fire (tests/core/validation/). Capping ("and 212 more like this") is
decided here, in cap_findings, which the validation report applies to everything it is given; a reader
with thousands of bad rows uses findings_at, which builds text only for the rows that will be shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from string import Formatter

from core.validation.findings import Finding, Level

MAX_FINDINGS_PER_RULE = 200  # per rule and sheet; the rest are counted in one closing line
PLACEHOLDER = "…"  # how a message template shows the values it is filled with
_LOCATION = {"sheet", "cell"}  # a template may name where the finding is; these come from finding(sheet=, cell=)


class RowEffect(StrEnum):
    """What happens to the data a finding is about: the report's promise that nothing is lost silently."""

    row_not_loaded = "The row is not loaded."
    row_loaded = "The row is loaded as given."
    cell_not_loaded = "This cell is not loaded; the rest of the row is."
    column_not_loaded = "This column is not loaded."
    sheet_not_read = "The sheet is not read."
    nothing_loaded = "Nothing is loaded from this file."
    nothing_dropped = "Nothing is dropped."
    summary = "A summary of rows reported one by one."
    detail_filled = "A missing detail is filled in; nothing is dropped."


@dataclass(frozen=True)
class Rule:
    code: str
    level: Level
    title: str  # a few plain words for the Definitions page and the report's "rule" column
    message: str  # a str.format template; its {names} are the values a reader passes
    effect: RowEffect

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(name for _, name, _, _ in Formatter().parse(self.message) if name)

    def pattern(self) -> str:
        """The message with each value shown as "…": what a manager searches for."""
        return "".join(text + (PLACEHOLDER if name is not None else "")
                       for text, name, _, _ in Formatter().parse(self.message))

    def finding(self, sheet: str = "", cell: str = "", **values: object) -> Finding:
        missing = set(self.placeholders) - _LOCATION - set(values)
        if missing:
            raise KeyError(f"rule {self.code} needs {', '.join(sorted(missing))}")
        return Finding(level=self.level, sheet=sheet, cell=cell, code=self.code,
                       message=self.message.format(sheet=sheet, cell=cell, **values))


RULES: dict[str, Rule] = {}


def declare(code: str, level: Level, title: str, message: str, effect: RowEffect) -> Rule:
    if code in RULES:
        raise ValueError(f"rule {code} is declared twice")
    RULES[code] = Rule(code, level, title, message, effect)
    return RULES[code]


def rule(code: str) -> Rule:
    return RULES[code]


def title_of(code: str) -> str:
    """The rule's title; a code no longer declared (an old stored report) is shown as it was stored."""
    return RULES[code].title if code in RULES else code


def finding(code: str, sheet: str = "", cell: str = "", **values: object) -> Finding:
    """The finding of rule `code` at sheet!cell, its message filled from `values`."""
    return RULES[code].finding(sheet, cell, **values)


def findings_at(code: str, sheet: str, cells: Sequence[str],
                values: Callable[[int], Mapping[str, object]] | None = None) -> list[Finding]:
    """One finding per cell, for a rule that can fire on thousands of rows.

    `values(i)` gives the message values of the i-th cell; it is called only for the cells that will
    be shown, and the rest are carried as one count, so text is never built for a whole column.
    """
    shown = min(len(cells), MAX_FINDINGS_PER_RULE)
    out = [finding(code, sheet, str(cells[i]), **(values(i) if values else {})) for i in range(shown)]
    if len(cells) > shown:
        out.append(_more_like_this(RULES[code].level, code, sheet, len(cells) - shown))
    return out


def cap_findings(findings: list[Finding], limit: int = MAX_FINDINGS_PER_RULE) -> list[Finding]:
    """At most `limit` findings per rule and sheet, then one line saying how many more there were.

    Idempotent: a closing line already present (from findings_at or an earlier cap) is counted, not kept,
    so capping what has been capped gives the same list.
    """
    kept: dict[tuple[str, str], int] = {}
    extra: dict[tuple[str, str], int] = {}
    level: dict[tuple[str, str], Level] = {}
    last: dict[tuple[str, str], int] = {}  # the closing line follows the last finding shown
    out: list[Finding] = []
    for item in findings:
        key = (item.code, item.sheet)
        level.setdefault(key, item.level)
        if item.more:
            extra[key] = extra.get(key, 0) + item.more
            last.setdefault(key, len(out) - 1)
        elif kept.get(key, 0) < limit:
            kept[key] = kept.get(key, 0) + 1
            out.append(item)
            last[key] = len(out) - 1
        else:
            extra[key] = extra.get(key, 0) + 1
    closing: dict[int, list[Finding]] = {}
    for key, count in extra.items():
        closing.setdefault(last[key], []).append(_more_like_this(level[key], *key, count))
    result = list(closing.get(-1, []))
    for index, item in enumerate(out):
        result.append(item)
        result.extend(closing.get(index, []))
    return result


def _more_like_this(level: Level, code: str, sheet: str, count: int) -> Finding:
    return Finding(level=level, sheet=sheet, code=code, more=count,
                   message=f"and {count:,} more like this ({title_of(code)}).")


def counted(number: int, noun: str) -> str:
    """A message value such as "1 indicator" or "3 indicators"."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def find_rules(text: str) -> list[Rule]:
    """The rules a search means: a whole message as the report gave it (its values filled in), a closing
    "and N more like this (title)" line, or a few words of a title or message."""
    wanted = " ".join(text.split()).lower()
    if not wanted:
        return list(RULES.values())
    whole = [r for r in RULES.values() if _message_pattern(r).fullmatch(wanted)]
    if whole:  # "{problem}; this row was not loaded." matches much: the rule with most fixed words wins
        return [max(whole, key=lambda r: len(r.pattern()) - r.pattern().count(PLACEHOLDER))]
    return [r for r in RULES.values() if wanted in f"{r.title} {r.pattern()}".lower() or r.title.lower() in wanted]


@cache
def _message_pattern(r: Rule) -> re.Pattern[str]:
    """The rule's message as a regular expression: each value may be any text."""
    parts = [re.escape(" ".join(text.split()).lower()) + (".*" if name is not None else "")
             for text, name, _, _ in Formatter().parse(r.message)]
    return re.compile("".join(parts), re.DOTALL)


def catalogue_records() -> list[dict[str, str]]:
    """The catalogue as rows: code, level, title, message (with "…" for values) and effect."""
    return [{"code": r.code, "level": r.level.value, "title": r.title, "message": r.pattern(),
             "effect": r.effect.value} for r in RULES.values()]


# ---- the catalogue -------------------------------------------------------------------------------
# One declaration per rule, grouped by the stage that raises it. Keep messages in a manager's words:
# say what is wrong, where, and what was done with the data.
E, W, I = Level.error, Level.warning, Level.info
Effect = RowEffect

# Reading the file (core.ingest.container, core.ingest.load)
declare("empty_file", E, "File is empty", "{file} is empty (0 bytes).", Effect.nothing_loaded)
declare("file_too_large", E, "File is far too large",
        "{file} is {size_mb} MB, far larger than a scorecard workbook (the limit is {limit_mb} MB). "
        "Remove pictures or unused sheets and try again.", Effect.nothing_loaded)
declare("password_protected", E, "File has a password",
        "{file} is password-protected. Save a copy without a password and upload that.", Effect.nothing_loaded)
declare("not_a_workbook", E, "File is not an Excel workbook",
        "{file} is not an Excel workbook. Upload the scorecard as .xlsx (a CSV, PDF or Word file cannot be read).",
        Effect.nothing_loaded)
declare("other_office_file", E, "File is another kind of Office file",
        "{file} is not an Excel workbook (it looks like another kind of Office file). Upload the scorecard as .xlsx.",
        Effect.nothing_loaded)
declare("damaged_file", E, "File is damaged", "{file} is damaged: it is not a complete workbook.",
        Effect.nothing_loaded)
declare("unpacks_too_large", E, "File unpacks far too large",
        "{file} unpacks to more than {limit_mb} MB: far too large.", Effect.nothing_loaded)
declare("unreadable_workbook", E, "Workbook cannot be read",
        "{file} could not be read as an Excel workbook: it is damaged or not what its name says. Open it in "
        "Excel, save it as .xlsx and upload it again.", Effect.nothing_loaded)
declare("no_data", E, "Every sheet is empty", "{file} has no data: every sheet is empty.", Effect.nothing_loaded)
declare("cannot_open", E, "File cannot be opened", "{file} cannot be opened: {reason}.", Effect.nothing_loaded)
# What to do with a layout the readers do not know: the column-mapping step (ui/mapping.py, --mapping).
_MAP_IT = ("If the workbook is laid out another way, say once on the Upload page which column holds what: the "
           "mapping is kept for next month's workbook (and the command line takes it as --mapping FILE).")
declare("no_indicators_read", E, "No indicator could be read",
        "No indicator could be read. Use the template (download it from the Upload page) or a published "
        "scorecard whose header row has an indicator column and month columns. " + _MAP_IT, Effect.nothing_loaded)
declare("no_values_read", E, "No value could be read",
        "Indicators were found but not one value could be read, so there is nothing to show.",
        Effect.nothing_loaded)

# The template layout: About, Indicators, Values and Commentary sheets (core.ingest.template_layout)
_NO_HEADER = ("the {sheet} sheet has no header row naming the {wanted} columns (row 1 holds {row_one}); "
              "none of its {rows} rows was loaded.")
declare("extra_sheet", I, "Sheet not part of the template",
        "Sheet '{sheet}' is not part of the template and was not read.", Effect.sheet_not_read)
declare("no_header", E, "Sheet has no header row", _NO_HEADER, Effect.sheet_not_read)
declare("no_commentary_header", W, "Commentary sheet has no header row", _NO_HEADER, Effect.sheet_not_read)
declare("no_about", W, "No About sheet",
        "There is no About sheet: the authority name and month are unknown.", Effect.nothing_dropped)
declare("about_date", W, "About date is not a date", "{field} '{text}' is not a date; it was ignored.",
        Effect.cell_not_loaded)
declare("duplicate_indicator", W, "Indicator listed twice",
        "indicator id '{indicator}' appears twice; this row was not loaded.", Effect.row_not_loaded)
declare("indicator_incomplete", W, "Indicator without id or name",
        "this indicator row has no {missing}; it was not loaded.", Effect.row_not_loaded)
declare("indicator_invalid", W, "Indicator detail not allowed",
        "indicator '{indicator}': {field} {problem}; this row was not loaded.", Effect.row_not_loaded)
declare("bad_choice", W, "Word not recognised",
        "{field} '{text}' is not recognised for '{indicator}' (words understood include {choices}); it was ignored.",
        Effect.cell_not_loaded)
declare("bad_number", W, "Detail is not a number",
        "{field} '{text}' is not a number for '{indicator}'; it was ignored.", Effect.cell_not_loaded)
declare("unknown_area", I, "Area not a standard area",
        "area '{area}' is not a standard area; '{indicator}' is listed under it as given.", Effect.row_loaded)
declare("bad_band", W, "Amber band incomplete",
        "the amber band for '{indicator}' needs both a kind (absolute, relative, intervention) and a value; "
        "the default band applies.", Effect.cell_not_loaded)
declare("negative_band", W, "Amber band negative",
        "the amber band for '{indicator}' cannot be negative; the default band applies.", Effect.cell_not_loaded)
declare("no_indicator_id", W, "Value without an indicator id",
        "no indicator id; this row was not loaded.", Effect.row_not_loaded)
declare("unknown_indicator", W, "Value for an unlisted indicator",
        "indicator '{indicator}' is not on the Indicators sheet; this row was not loaded.", Effect.row_not_loaded)
declare("bad_month", W, "Month not understood",
        "'{text}' is not a month (use a date or YYYY-MM); this row was not loaded.", Effect.row_not_loaded)
declare("bad_value", W, "Value not understood", "{problem}; this row was not loaded.", Effect.row_not_loaded)
declare("unknown_locality", W, "Locality not on the About sheet",
        "locality '{locality}' is not in the About sheet's list ({localities}); this row was not loaded.",
        Effect.row_not_loaded)
declare("locality_list", W, "Localities missing from the About sheet",
        "{rows:,} Values rows name localities missing from the About sheet's list ({localities}): {named}. "
        "If the list is wrong, correct it on the About sheet and upload again.", Effect.summary)
declare("duplicate_row", W, "Second value for the same month",
        "a second value for '{indicator}', {locality}, {month} (first given in row {first_row}); "
        "this row was not loaded.", Effect.row_not_loaded)
declare("bad_numerator", W, "Numerator not understood", "{problem}; the numerator was left blank.",
        Effect.cell_not_loaded)
declare("bad_denominator", W, "Denominator not understood", "{problem}; the denominator was left blank.",
        Effect.cell_not_loaded)
declare("numerator_over_denominator", W, "Numerator larger than denominator",
        "the numerator is larger than the denominator; it was loaded, please check it.", Effect.row_loaded)
declare("percent_over_100", W, "Percentage over 100",
        "'{indicator}' is a percentage but the value is {value:g} (over 100); it was loaded, please check it.",
        Effect.row_loaded)
declare("percent_on_count", W, "Percentage given for a count",
        "'{indicator}' is a count but the cell holds '{text}', a percentage; it was loaded as {value:g}, please check it.",
        Effect.row_loaded)
declare("negative_value", W, "Negative value that cannot be negative",
        "'{indicator}' cannot be negative but the value is {value:g}; it was loaded, please check it.",
        Effect.row_loaded)
declare("commentary_incomplete", W, "Commentary incomplete",
        "this commentary has no {missing}; it was not loaded.", Effect.row_not_loaded)
declare("commentary_subject", I, "Commentary subject unknown",
        "commentary subject '{subject}' is neither an area nor an indicator id; it is shown under Other.",
        Effect.row_loaded)

# The published layout: indicator rows and month columns (core.ingest.published_*)
declare("sheet_not_read", I, "Sheet without a scorecard table",
        "Sheet '{sheet}' has no table with an indicator column and month columns; it was not read.",
        Effect.sheet_not_read)
declare("months_by_place", E, "Months repeated under place headings",
        "The table whose header ends on row {row} repeats its months under {bands}: figures laid out by place "
        "across the columns are not read, because reading one group would show one place's figures as another's. "
        "Give each place a row of its own (a Locality column) and upload again.", Effect.sheet_not_read)
declare("no_published_table", E, "No scorecard table found",
        "No sheet has a table whose header row names an indicator column and at least two month columns "
        "(sheets looked at: {sheets}). " + _MAP_IT, Effect.nothing_loaded)
declare("no_indicator_name", W, "Figures without an indicator name",
        "this row has figures but no indicator name; it was not loaded.", Effect.row_not_loaded)
declare("key_row", I, "A row of the RAG key",
        "'{text}' starts a row of the RAG key, not an indicator; it was not loaded.", Effect.row_not_loaded)
declare("stray_text", I, "Text that is neither heading nor indicator",
        "'{text}' has no figures and is neither a known area heading nor a known indicator; it was not loaded.",
        Effect.row_not_loaded)
declare("duplicate_month", W, "Month column repeated",
        "column {column} repeats the month {month} of column {first_column}; its values were not loaded.",
        Effect.column_not_loaded)
declare("months_out_of_order", I, "Month columns out of order",
        "the month columns are not in order ({months}); each was read by its own header.", Effect.nothing_dropped)
declare("bad_printed_word", I, "Printed direction or status not recognised",
        "{field} '{text}' for '{indicator}' is not a known {field}; it was ignored.", Effect.cell_not_loaded)
declare("bad_month_cell", W, "Monthly figure not understood",
        "{problem}; this month was not loaded for '{indicator}'", Effect.cell_not_loaded)
declare("library_fill", I, "Details taken from the indicator library",
        "{indicators} took {details} from the indicator library.", Effect.detail_filled)
declare("library_match", I, "Indicator name matched despite other wording",
        "{names} matched the indicator library despite different wording: {listed}.", Effect.nothing_dropped)
declare("detail_conflict", W, "Sheets disagree on a detail",
        "'{indicator}': {field} conflict: {kept_at} says {kept}, {here} says {value}; the first is kept.",
        Effect.cell_not_loaded)
declare("unmatched_indicator", W, "Unknown indicator cannot be rated",
        "'{indicator}' has no {missing} and matches no known indicator: it is shown but not rated.",
        Effect.row_loaded)
declare("sheet_place", I, "Sheet about one place",
        "'{text}': every figure on this sheet is read as {place}'s (the sheet has no Locality column).",
        Effect.row_loaded)
declare("locality_spelling", W, "Same place spelt two ways",
        "the locality '{spelling}' is read as '{place}', the same place spelt another way (case or spaces); "
        "its figures are that place's.", Effect.row_loaded)
declare("value_conflict", W, "Sheets disagree on a figure",
        "conflict for '{indicator}', {month}, {locality}: {kept_at} says {kept:g}, {here} says {value:g}; "
        "the first is kept.", Effect.cell_not_loaded)
declare("repeated_rows", I, "Same figures printed twice",
        "the same figures as {where} appear again for {indicators}; they were read once.", Effect.nothing_dropped)

# Checks on the loaded data as a whole (core.validation.model_checks)
declare("library_fill_by_id", I, "Details taken from the indicator library, by id",
        "{indicators} took missing details from the indicator library: {listed}", Effect.detail_filled)
declare("unratable", W, "Indicator cannot be rated",
        "'{name}' has no {missing}: it is shown but not rated.", Effect.row_loaded)
declare("target_on_neutral", I, "Target on a neutral indicator",
        "'{name}' has a target but its Good Is is neutral, so it is not rated. Set Good Is to high or low to "
        "rate it.", Effect.row_loaded)
declare("no_values", I, "Indicators without figures",
        "{indicators} with no figures in this workbook: {listed}", Effect.nothing_dropped)
declare("future_month", E, "Month after the latest a workbook can hold",
        "{month} is after {latest}, {why}; this row was not loaded.", Effect.row_not_loaded)
declare("percent_fractions", W, "Percentages typed as fractions of 1",
        "every figure of '{indicator}'{place} is between 0 and 1 (e.g. {figure} in {month}), but its target, benchmark "
        "or other figures are out of 100: they were read as fractions of 1 ({figure} as {scaled}). If Excel shows them "
        "as percentages, that is right; type them as numbers out of 100 to be sure.", Effect.row_loaded)
declare("percent_fraction_cell", W, "Percentage typed as a fraction of 1",
        "{figure} for '{indicator}'{place} in {month} sits among figures of {low} to {high}: it was read as {scaled} "
        "(a fraction of 1). Check the cell's format in Excel.", Effect.row_loaded)
declare("locality_sum", W, "Localities do not add up",
        "the localities of '{indicator}' add up to {total:g} in {month} but the whole-authority figure is "
        "{value:g}. Both are shown as given.", Effect.row_loaded)
declare("published_disagrees", W, "Printed rating differs from the rules",
        "the workbook says {kind} '{printed}' for '{indicator}' in {month}, but by the rules it is '{computed}'. "
        "Both are kept; the computed one is shown.", Effect.row_loaded)
declare("latest_month_in_future", W, "Latest month is in the future",
        "The latest month this workbook reports is {month}, after this month ({today}): it can be checked and used "
        "in this session, but it cannot be published until its months are right.", Effect.nothing_dropped)
declare("authority_not_named", I, "Authority not named",
        "The workbook does not say which authority it is for: the Upload page asks for the name, and keeps it "
        "with the upload.", Effect.nothing_dropped)

# Published layouts beyond one header row: bands, period columns, text cells (core.ingest.published_*)
declare("figures_without_header", W, "Figures under no header",
        "column {column} holds figures ({cells}) but its header {header} is blank; they were not loaded. Give the "
        "column its month (or what it holds) and upload again.", Effect.cell_not_loaded)
declare("period_column_not_read", W, "Month column not read",
        "{where} '{text}' names {month}, but the other words do not say what the column holds in words the reader "
        "knows; its figures were not loaded. Head it with the month alone (or the month and Target, Numerator...), "
        "or say on the Upload page what the column holds.", Effect.column_not_loaded)
declare("header_not_used", I, "Header cell not used",
        "{where} '{text}': not used (not a period, a period with what it holds, or a column the reader knows).",
        Effect.column_not_loaded)
declare("name_row_joined", I, "Name and figures on separate rows",
        "'{name}' is on a row of its own and its figures on row {figures_row} beneath it (name cell blank): "
        "read as one indicator.", Effect.row_loaded)
declare("period_impossible", E, "Impossible month in a header",
        "column {column}: '{text}' reads as {month}, {why}; this column was not loaded.", Effect.column_not_loaded)
declare("polarity_inferred", I, "Polarity inferred from the thresholds",
        "'{name}' has no Good Is column and matches no known indicator: {polarity} is taken as better because {how}.",
        Effect.row_loaded)
declare("text_target_read", I, "Target written in words, rated",
        "'{name}' {month}: the target '{text}' is read as {figure}, the figure for {reference}.",
        Effect.row_loaded)
declare("text_target_not_rated", W, "Target written in words, not rated",
        "'{name}' {month}: the target '{text}' is kept as written but not rated: {reason}.", Effect.row_loaded)
declare("unit_from_name", I, "Unit read from the indicator's name",
        "{count} had no unit column and no library match, so the unit was read from the name "
        "(a name starting '%' is a percentage, 'Number of' a count): {names}.", Effect.row_loaded)

# Reading a sheet through a manager's column mapping (core.ingest.mapped_sheet)
declare("mapping_applied", I, "Read with a saved column mapping",
        "this sheet was read with the column mapping saved for its layout (header in row {row}; {mapped} of "
        "{headers} header cells mapped).", Effect.nothing_dropped)
declare("mapping_layout_changed", I, "Saved column mapping does not fit",
        "a column mapping is saved for a sheet called '{sheet_name}', but this sheet's header differs from the "
        "one it was made for; it was not applied. Map the columns again on the Upload page.",
        Effect.nothing_dropped)
declare("mapping_column_unused", I, "Column not used by the mapping",
        "'{header}': not used ({why}).", Effect.column_not_loaded)

# The template's optional Targets sheet (core.ingest.template_layout): targets in force from a month
declare("no_targets_header", W, "Targets sheet has no header row", _NO_HEADER, Effect.sheet_not_read)
declare("targets_unknown_indicator", W, "Target for an unknown indicator",
        "indicator '{indicator}' is not on the Indicators sheet; this target was not loaded.", Effect.row_not_loaded)
declare("targets_bad_month", W, "Target without a month",
        "'{text}' is not a month (use a date or YYYY-MM); this target was not loaded.", Effect.row_not_loaded)
declare("targets_duplicate", W, "Two targets from the same month",
        "a second target for '{indicator}' from {month} (the first is in row {first}); this row was not loaded.",
        Effect.row_not_loaded)
declare("targets_bad_band", W, "Target's amber band unusable",
        "the amber band for '{indicator}' from {month} {why}; the indicator's own band applies.", Effect.row_loaded)
declare("targets_in_words", I, "Target given in words",
        "the target for '{indicator}' from {month} is words ('{text}'), not a number: it is shown and not rated.",
        Effect.row_loaded)

# Bounded reading: cell positions checked before any cell is read (core.ingest.container, sheet_bounds)
declare("far_cell", W, "Cell far outside the table",
        "Cell {far_cell} is far outside this sheet's table (which ends at {table_end}), after a long run of empty "
        "rows or columns; it was not read. Delete it in Excel if it is not needed.", Effect.cell_not_loaded)
declare("hidden_sheet", W, "Hidden sheet not read",
        "Sheet '{sheet}' is hidden in the workbook, so it was not read: hidden sheets usually hold workings or "
        "earlier figures. Unhide it in Excel and upload again if it holds scorecard figures.", Effect.sheet_not_read)
declare("formula_not_saved", W, "Formula with no saved result",
        "this cell holds a formula whose result was never saved (the workbook was written by a program and not "
        "saved in Excel since), so it was read as empty. Open the workbook in Excel, save it and upload it again.",
        Effect.cell_not_loaded)
declare("sheet_too_large", E, "Sheet too large to read",
        "Sheet {sheet_name} was not read: its cells reach {cell_name}, {area:,} cells from A1, far more than a scorecard "
        "sheet (the limit is {limit:,}).", Effect.sheet_not_read)
declare("too_many_cells", E, "Workbook has far too many cells",
        "{file} has more than {limit:,} cells, far more than a scorecard workbook: it is not read.",
        Effect.nothing_loaded)
declare("sheets_too_large_in_all", E, "Sheets far too large together",
        "{file} was not read: its sheets reach {area:,} cells from A1 between them, far more than a scorecard "
        "workbook (the limit is {limit:,}). Delete sheets or cells that are not needed and upload it again.",
        Effect.nothing_loaded)
declare("read_refused", E, "Workbook too costly to read",
        "{file} could not be read: {reason}. Open it in Excel, save it as .xlsx and upload it again.",
        Effect.nothing_loaded)

# Publishing (core.store)
declare("publish_future_refused", E, "Publishing refused: a month in the future",
        "{file} cannot be published: its latest month is {month}, after this month ({today}). Correct the months "
        "in the workbook and upload it again.", Effect.nothing_dropped)
