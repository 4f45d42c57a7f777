"""Reading one published sheet: sort its rows (indicator, area heading, name row, neither), build its
indicators with the library's help, and melt its period columns into observations and targets.

Every table of the sheet is first laid into one body: a column per thing read (a field, a period and
what it holds, a commentary column), whatever column each table printed it in, so a sheet whose
header repeats a thousand times costs one pass, not a thousand. Rows are classified with vectorised
masks; period cells are parsed in one parse_values call. Only indicator construction loops, once per
distinct indicator row.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.ingest.cells import (
    KIND_EMPTY,
    KIND_NUMBER,
    KIND_TEXT,
    a1,
    a1_column,
    column_letter,
    parse_value,
    parse_values,
    per_distinct,
    sheet_cell_kinds,
    strings_by_code,
)
from core.ingest.indicator_names import library_indicator, match_indicator_names
from core.ingest.published_header import (
    PublishedTable,
    header_field,
    months_in_order,
    period_not_read,
)
from core.knowledge import area_synonyms, text_targets, unit_from_name
from core.knowledge.text import normalise_header
from core.knowledge.value_synonyms import canonical_value, words_understood
from core.model import (
    NEVER_NEGATIVE_UNITS,
    OTHER_AREA,
    WHOLE_AUTHORITY,
    Benchmark,
    Commentary,
    GoodIs,
    Indicator,
    Periodicity,
    Unit,
    conform_targets,
)
from core.validation.catalogue import counted, finding, findings_at
from core.validation.findings import Finding
from core.validation.report import RowCount

MAX_SLUG_CHARS = 60
FILL_WORDS = {"area": "area", "unit": "unit", "good_is": "polarity", "periodicity": "periodicity"}
_ENUM_FIELDS = {"unit": "unit", "good_is": "Good Is", "periodicity": "periodicity"}
_NUMBER_FIELDS = {"target": "target", "intervention_level": "intervention level", "england": "England average",
                  "sn": "statistical neighbour average", "region": "regional average"}
_BENCHMARK_OF = {"england": "england", "sn": "statistical_neighbours", "region": "region"}
_THRESHOLD_FIELDS = frozenset({"target", "intervention_level"})
_WORD_FIELDS = {"published_direction": ("direction", "direction of travel"), "published_rag": ("rag", "status")}
# "1. Profile", "Section 2: Placement", "Care Leavers (17-25)": the area is the words in between.
_HEADING_NUMBER = r"^(?:section|part|area)?\s*\d+[.):]?\s*"
_HEADING_PARENTHESIS = r"\s*\([^)]*\)\s*$"
# A benchmark printed as the range of the good and outstanding neighbours: '44 - 57', '80-91', '12% to 15%'.
_RANGE = re.compile(r"^\s*(?P<low>\d+(?:\.\d+)?)\s*%?\s*(?:-|–|—|to)\s*(?P<high>\d+(?:\.\d+)?)\s*%?\s*$")
_QUARTER_REF = re.compile(r"^q(?P<q>[1-4])$")
# A target printed with its comparison: '>=85%', '≥ 85', 'at least 85%', '< 10%', 'no more than 10'.
_COMPARISON = re.compile(r"^\s*(?:>=|=>|≥|>|<=|=<|≤|<|at least|no less than|not less than|minimum(?: of)?|"
                         r"no more than|not more than|at most|maximum(?: of)?)\s*", re.IGNORECASE)

NAME = ("field", "name")


@dataclass
class IndicatorRecord:
    """One indicator row as read, with where it came from and what the library filled in."""

    indicator: Indicator
    sheet: str
    row: int
    columns: dict[str, int]
    printed_name: str
    library_id: str | None
    library_score: float  # 1.0 for an exact (folded) match, NaN when nothing matched
    filled: frozenset[str]  # indicator fields taken from the library (or defaulted, for area)


@dataclass
class SheetRead:
    sheet: str
    records: list[IndicatorRecord]
    observations: pd.DataFrame  # observation columns plus "name" (the printed indicator name)
    findings: list[Finding] = field(default_factory=list)
    count: RowCount | None = None
    targets: pd.DataFrame = field(default_factory=lambda: conform_targets(pd.DataFrame()))
    commentary: list[Commentary] = field(default_factory=list)


def area_name(text: object) -> str | None:
    """The canonical area a heading or sheet name means, None when it is no known area."""
    if not isinstance(text, str):
        return None
    lookup = area_synonyms()
    folded = normalise_header(text)
    trimmed = re.sub(_HEADING_PARENTHESIS, "", re.sub(_HEADING_NUMBER, "", folded))
    return lookup.get(folded) or lookup.get(trimmed)


def area_names(texts: pd.Series) -> pd.Series:
    """area_name of each cell, NA when it is no known area."""
    return map_distinct(texts, area_name, "string")


def slug_of(name: str) -> str:
    """An id for a name the library does not know: letters, digits and _; long names get a hash."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if len(base) > MAX_SLUG_CHARS:
        base = f"{base[:MAX_SLUG_CHARS].rstrip('_')}_{zlib.crc32(name.encode()):08x}"
    return base or "indicator"


def map_distinct(raw: pd.Series | np.ndarray, work: Callable[[object], object], dtype: str,
                 absent: object = None) -> pd.Series:
    """per_distinct as a Series of `dtype` (a locality sheet prints each name, heading and detail on every row)."""
    return pd.Series(per_distinct(raw, work, absent), dtype=dtype)


def _is_rating_word(cell: object) -> bool:
    """'Green', 'Amber', 'Red' spelt out (not a lone 'G', which could be anything): a RAG key's row."""
    text = str(cell).strip()
    return len(text) > 1 and canonical_value("rag", text) is not None


_DASHES = ("-", "–", "—", "−")  # hyphen, en dash, em dash, minus sign


def _locality_name(cell: object) -> str:
    """A locality cell as a place: blank, or a word for the whole (value_synonyms' locality: 'Total', 'All
    localities', 'Whole authority'), is the whole authority; anything else is the place as printed."""
    text = str(cell).strip()
    if not text or canonical_value("locality", text) == "whole_authority":
        return WHOLE_AUTHORITY
    return text


def _blank(values: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """True where a cell holds nothing (None, NaN or only whitespace); each distinct text is checked once."""
    blank = pd.isna(values)
    flat = values.ravel()
    text_at = np.flatnonzero(kinds.ravel() == KIND_TEXT)
    if len(text_at):
        codes, distinct = pd.factorize(flat[text_at])
        empty = np.array([not text.strip() for text in distinct], dtype=bool)
        blank.ravel()[text_at] = empty[codes]
    return blank


def on_distinct(raw: pd.Series | np.ndarray, work: Callable[[pd.Series], pd.Series | pd.DataFrame]
                ) -> pd.Series | pd.DataFrame:
    """work(raw), computed once per distinct cell: a locality sheet repeats each detail, name and heading on
    every locality row (80 rows an indicator), so text work per distinct value keeps ingest linear in cells."""
    values = raw.to_numpy(dtype=object) if isinstance(raw, pd.Series) else np.asarray(raw, dtype=object)
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    done = work(pd.Series(distinct, dtype=object))
    return done.take(codes).reset_index(drop=True)


def _number_or_range(raw: object) -> tuple[float, str | None, str | None]:
    """(figure, problem, printed range) of a detail cell: a range ('44 - 57') keeps its text and no figure."""
    if isinstance(raw, str) and _RANGE.match(raw):
        return np.nan, None, raw.strip()
    value, _, _, problem = parse_value(raw)
    return value, problem, None


def _threshold(raw: object) -> tuple[float, str | None, str | None]:
    """(figure, problem, None) of a target or intervention level: '>=85%', 'at least 85%' and '< 10%' are the
    figure (the comparison is what a target means anyway); a range is one figure too many, and is reported."""
    if isinstance(raw, str):
        if _RANGE.match(raw):
            return np.nan, "is a range, not one figure", None
        compared = _COMPARISON.match(raw)
        if compared and compared.end() < len(raw):
            raw = raw[compared.end():]
    value, _, _, problem = parse_value(raw)
    return value, problem, None


class _SheetBody:
    """The rows beneath every table header of one sheet, in one frame keyed by what each column holds."""

    def __init__(self, frame: pd.DataFrame, tables: list[PublishedTable]) -> None:
        keys: dict[tuple, int] = {}
        per_table: list[dict[tuple, int]] = []
        for table in tables:
            mapping: dict[tuple, int] = {("field", name): col for name, col in table.fields.items()}
            # free text about one period ('Q1 Comments 2022/23') is keyed by its header and period, the rest by
            # what the column holds and its period
            mapping.update({("text", pc.header, pc.period) if pc.holds == "commentary" else ("period", pc.period, pc.holds):
                            col for col, pc in table.period_columns.items()})
            mapping.update({("text", label): col for col, label in table.commentary.items()})
            per_table.append(mapping)
            for key in mapping:
                keys.setdefault(key, len(keys))
        row_ranges = [np.arange(table.header_row + 1, table.end_row) for table in tables]
        self.rows = np.concatenate(row_ranges) if row_ranges else np.array([], dtype=np.int64)
        self.table_of = np.concatenate([np.full(len(r), i) for i, r in enumerate(row_ranges)]) if row_ranges else (
            np.array([], dtype=np.int64))
        cells = frame.to_numpy(dtype=object)
        kinds = sheet_cell_kinds(frame)
        self.values = np.full((len(self.rows), len(keys)), None, dtype=object)
        self.kinds = np.full((len(self.rows), len(keys)), KIND_EMPTY, dtype=np.int8)
        self.source_col = np.full((len(self.rows), len(keys)), -1, dtype=np.int64)
        start = 0
        for mapping, rows in zip(per_table, row_ranges):
            at = slice(start, start + len(rows))
            key_idx = np.array([keys[key] for key in mapping], dtype=np.int64)
            cols = np.array(list(mapping.values()), dtype=np.int64)
            self.values[at, key_idx] = cells[rows][:, cols]
            self.kinds[at, key_idx] = kinds[rows][:, cols]
            self.source_col[at, key_idx] = cols
            start += len(rows)
        self.keys = keys
        self.tables = tables
        self.blank = _blank(self.values, self.kinds)

    def column(self, key: tuple) -> np.ndarray:
        return self.values[:, self.keys[key]] if key in self.keys else np.full(len(self.rows), None, dtype=object)

    def has(self, key: tuple) -> bool:
        return key in self.keys

    def cells(self, positions: np.ndarray, key: tuple) -> np.ndarray:
        """A1 references of one keyed column at some body positions."""
        cols = self.source_col[positions, self.keys[key]]
        letters = np.array([column_letter(int(c)) for c in range(int(cols.max(initial=0)) + 1)], dtype=object)
        return letters[np.maximum(cols, 0)] + (self.rows[positions] + 1).astype(str).astype(object)

    def period_keys(self, holds: str) -> list[tuple]:
        return sorted((key for key in self.keys if key[0] == "period" and key[2] == holds), key=lambda k: k[1])

    @property
    def text_keys(self) -> list[tuple]:
        return [key for key in self.keys if key[0] == "text"]


class _SheetReader:
    def __init__(self, frame: pd.DataFrame, tables: list[PublishedTable], sheet_area: str | None,
                 sheet_place: str = WHOLE_AUTHORITY) -> None:
        self.sheet = tables[0].sheet
        self.sheet_area = sheet_area
        self.sheet_place = sheet_place  # the place every row is about, where the sheet has no Locality column
        self.findings: list[Finding] = []
        body = self.body = _SheetBody(frame, tables)
        name_k = body.keys[NAME]
        self.names = pd.Series(body.values[:, name_k], dtype=object).astype("string").str.strip()
        has_name = ~body.blank[:, name_k]
        others = np.ones(len(body.keys), dtype=bool)
        others[name_k] = False
        has_other = (~body.blank[:, others]).any(axis=1) if others.any() else np.zeros(len(body.rows), dtype=bool)
        self.data_row = has_name | has_other
        heading_area = area_names(self.names)
        name_only = has_name & ~has_other
        # A name on a row of its own with its figures on the row beneath (name cell blank): one indicator.
        above = np.r_[False, name_only[:-1]] & np.r_[False, body.rows[1:] == body.rows[:-1] + 1] & np.r_[
            False, body.table_of[1:] == body.table_of[:-1]]
        self.joined = ~has_name & has_other & above & np.r_[False, heading_area.isna().to_numpy()[:-1]]
        self.name_row_joined = np.r_[self.joined[1:], False]
        names = self.names.to_numpy(dtype=object).copy()
        names[self.joined] = names[np.flatnonzero(self.joined) - 1]
        self.names = pd.Series(names, dtype="string")
        has_name = has_name | self.joined
        matched = on_distinct(self.names.where(pd.Series(has_name)), match_indicator_names)
        self.library_id = matched["library_id"].reset_index(drop=True)
        self.score = matched["score"].reset_index(drop=True)
        is_heading = name_only & heading_area.notna().to_numpy()
        unmatched = self.library_id.isna().to_numpy()
        self.is_heading = is_heading
        # 'Green | On or better than target': a row of the RAG key printed under the table, never an indicator
        self.is_key = has_name & map_distinct(self.names, _is_rating_word, "boolean").fillna(False).to_numpy(dtype=bool)
        self.is_indicator = ((has_name & has_other) | (name_only & ~is_heading & ~unmatched & ~self.name_row_joined)
                             ) & ~self.is_key
        self.is_stray_text = name_only & ~is_heading & unmatched & ~self.name_row_joined & ~self.is_key
        self.is_nameless = ~has_name & has_other
        self.row_area = self._row_areas(heading_area)
        self._report_rows()

    # ---- rows ----------------------------------------------------------------------------------

    def _row_areas(self, heading_area: pd.Series) -> pd.Series:
        """Area of each row: its own Area cell, else the heading above, else the sheet's area."""
        default = self.sheet_area or ""
        context = pd.Series(pd.NA, index=range(len(self.body.rows)), dtype="string")
        context[self.is_heading] = heading_area[self.is_heading]
        context[self.is_stray_text] = default  # an unknown heading ends the previous area
        context = context.ffill().fillna(default).replace("", pd.NA)
        if not self.body.has(("field", "area")):
            return context
        raw = pd.Series(self.body.column(("field", "area")), dtype=object).astype("string").str.strip()
        raw = raw.replace("", pd.NA)
        return area_names(raw).fillna(raw).fillna(context)

    def _report_rows(self) -> None:
        body = self.body
        nameless = np.flatnonzero(self.is_nameless)
        self.findings.extend(findings_at("no_indicator_name", self.sheet, body.cells(nameless, NAME).tolist()))
        key = np.flatnonzero(self.is_key)
        key_text = self.names[key].tolist()
        self.findings.extend(findings_at("key_row", self.sheet, body.cells(key, NAME).tolist(),
                                         lambda i: {"text": key_text[i]}))
        stray = np.flatnonzero(self.is_stray_text)
        stray_text = self.names[stray].str.slice(0, 80).tolist()
        self.findings.extend(findings_at("stray_text", self.sheet, body.cells(stray, NAME).tolist(),
                                         lambda i: {"text": stray_text[i]}))
        joined = np.flatnonzero(self.joined)
        joined_names, figure_rows = self.names[joined].tolist(), body.rows[joined]
        self.findings.extend(findings_at("name_row_joined", self.sheet, body.cells(joined - 1, NAME).tolist(),
                                         lambda i: {"name": str(joined_names[i])[:80],
                                                    "figures_row": int(figure_rows[i]) + 1}))

    # ---- indicators ----------------------------------------------------------------------------

    def _details(self, field_name: str, positions: np.ndarray) -> tuple[pd.Series, np.ndarray]:
        raw = pd.Series(self.body.column(("field", field_name))[positions], dtype=object)
        return raw, self.body.blank[positions, self.body.keys[("field", field_name)]]

    def _enum(self, field_name: str, positions: np.ndarray, names: pd.Series) -> pd.Series:
        if not self.body.has(("field", field_name)):
            return pd.Series(pd.NA, index=range(len(positions)), dtype="string")
        raw, blank = self._details(field_name, positions)
        canonical = map_distinct(raw, lambda text: canonical_value(field_name, text), "string")
        text = raw.astype(str).str.strip()
        if field_name == "good_is" and text.eq("+").any():  # beside '+' (higher is better), a dash is its minus
            canonical = canonical.mask(text.isin(_DASHES).to_numpy(), GoodIs.low.value)
        unknown = (~blank & canonical.isna().to_numpy())
        label = _ENUM_FIELDS[field_name]
        self._flag("bad_choice", positions[unknown], field_name, label, raw[unknown], names[unknown],
                   choices=words_understood(field_name))
        return canonical

    def _number(self, field_name: str, positions: np.ndarray, names: pd.Series) -> tuple[pd.Series, pd.Series]:
        """(figure, printed range) of a numeric detail column; a range keeps its text, the figure is NaN."""
        if not self.body.has(("field", field_name)):
            return pd.Series(np.nan, index=range(len(positions))), pd.Series(None, index=range(len(positions)))
        raw, _ = self._details(field_name, positions)
        codes, distinct = pd.factorize(raw.to_numpy(dtype=object))  # each distinct detail parsed once
        parse = _threshold if field_name in _THRESHOLD_FIELDS else _number_or_range
        parsed = [*(parse(cell) for cell in distinct), (np.nan, None, None)]  # -1 (empty) picks the last
        codes = np.where(codes < 0, len(distinct), codes)
        value, problem, printed = (np.array([part[i] for part in parsed], dtype=dtype)[codes]
                                   for i, dtype in enumerate(("float64", object, object)))
        bad = pd.notna(problem)
        if bad.any():
            self._flag("bad_number", positions[bad], field_name, _NUMBER_FIELDS[field_name], raw[bad], names[bad])
        return pd.Series(value), pd.Series(printed, dtype=object)

    def _words(self, field_name: str, positions: np.ndarray, names: pd.Series) -> pd.Series:
        """Printed direction of travel or RAG status, as the canonical word (NA when blank or unknown)."""
        if not self.body.has(("field", field_name)):
            return pd.Series(pd.NA, index=range(len(positions)), dtype="string")
        vocabulary, label = _WORD_FIELDS[field_name]
        raw, blank = self._details(field_name, positions)
        canonical = map_distinct(raw, lambda text: canonical_value(vocabulary, text), "string")
        unknown = ~blank & canonical.isna().to_numpy()
        self._flag("bad_printed_word", positions[unknown], field_name, label, raw[unknown], names[unknown])
        return canonical

    def _flag(self, code: str, positions: np.ndarray, field_name: str, label: str, raw: pd.Series,
              names: pd.Series, **same_for_all: str) -> None:
        """One finding per flagged detail cell of the indicator rows, quoting the cell and the indicator."""
        texts, indicators = raw.astype(str).tolist(), list(names)
        self.findings.extend(findings_at(code, self.sheet, self.body.cells(positions, ("field", field_name)).tolist(),
                                         lambda i: {"field": label, "text": texts[i], "indicator": indicators[i],
                                                    **same_for_all}))

    def indicator_rows(self) -> pd.DataFrame:
        """One row per indicator row: id, printed name, locality, area and the row's own details."""
        positions = np.flatnonzero(self.is_indicator)
        names = self.names[positions].reset_index(drop=True)
        library_id = self.library_id[positions].reset_index(drop=True)
        rows = pd.DataFrame({"position": positions, "row": self.body.rows[positions], "name": names,
                             "library_id": library_id, "score": self.score[positions].reset_index(drop=True),
                             "id": library_id.fillna(map_distinct(names, slug_of, "string")),
                             "area": self.row_area[positions].reset_index(drop=True),
                             "quarterly": np.array([table.quarterly for table in self.body.tables],
                                                   dtype=bool)[self.body.table_of[positions]]})
        if self.body.has(("field", "locality")):
            locality = pd.Series(self.body.column(("field", "locality"))[positions], dtype=object)
            rows["locality"] = map_distinct(locality, _locality_name, "string", absent=WHOLE_AUTHORITY)
        else:
            rows["locality"] = self.sheet_place
        for field_name in _ENUM_FIELDS:
            rows[field_name] = self._enum(field_name, positions, names)
        for field_name in _NUMBER_FIELDS:
            rows[field_name], rows[f"{field_name}_range"] = self._number(field_name, positions, names)
        for field_name in _WORD_FIELDS:
            rows[field_name] = self._words(field_name, positions, names)
        return rows

    def records(self, rows: pd.DataFrame) -> list[IndicatorRecord]:
        """One record per distinct indicator row: locality rows repeating the same details build one."""
        detail_columns = ["id", "name", "area", *_ENUM_FIELDS, *_NUMBER_FIELDS,
                          *(f"{key}_range" for key in _NUMBER_FIELDS), "quarterly"]
        distinct = rows.drop_duplicates(subset=detail_columns)
        records = []
        for details in distinct.to_dict("records"):  # one per distinct indicator row
            table = self.body.tables[int(self.body.table_of[details["position"]])]
            records.append(self._record(details, table))
        return records

    def _record(self, details: dict, table: PublishedTable) -> IndicatorRecord:
        years = table.field_years
        fields: dict[str, object] = {"id": details["id"], "name": details["name"]}
        given = {key: details[key] for key in ("area", *_ENUM_FIELDS) if not pd.isna(details[key])}
        fields.update(given)
        if details["quarterly"] and "periodicity" not in given:
            fields["periodicity"] = Periodicity.quarterly
            given["periodicity"] = Periodicity.quarterly
        if not pd.isna(details["target"]):
            fields["target"] = float(details["target"])
        for bench, key in _BENCHMARK_OF.items():
            printed = details[f"{bench}_range"]
            if isinstance(printed, str):
                match = _RANGE.match(printed)
                fields[key] = Benchmark(low=float(match["low"]), high=float(match["high"]), printed=printed,
                                        year=years.get(bench))
            elif not pd.isna(details[bench]):
                fields[key] = Benchmark(value=float(details[bench]), year=years.get(bench))
        filled: set[str] = set()
        library_id = None if pd.isna(details["library_id"]) else str(details["library_id"])
        if library_id is not None:
            known = library_indicator(library_id)
            for key in FILL_WORDS:
                if key not in given and getattr(known, key) is not None:
                    fields[key] = getattr(known, key)
                    filled.add(key)
            fields["arrears_months"] = known.arrears_months
        if "area" not in fields:
            fields["area"] = OTHER_AREA
            filled.add("area")
        if "unit" not in fields:
            unit = _unit_from_name(str(details["name"]))
            if unit is not None:
                fields["unit"] = unit
                filled.update({"unit", "unit_from_name"})
        columns = {name: col for name, col in table.fields.items()}
        return IndicatorRecord(
            indicator=Indicator(**fields), sheet=self.sheet, row=int(details["row"]), columns=columns,
            printed_name=str(details["name"]), library_id=library_id, library_score=float(details["score"]),
            filled=frozenset(filled))

    # ---- period cells --------------------------------------------------------------------------

    def period_cells(self, rows: pd.DataFrame, holds: str) -> pd.DataFrame:
        """The period block of the indicator rows for what the columns hold, melted: one row per cell.

        "row_code" numbers the indicator rows; the text columns are built per row and spread by it.
        """
        keys = self.body.period_keys(holds)
        positions = rows["position"].to_numpy(dtype=np.int64)
        n_rows, n_periods = len(positions), len(keys)
        key_idx = np.array([self.body.keys[key] for key in keys], dtype=np.int64)
        block = self.body.values[np.ix_(positions, key_idx)] if n_periods else np.empty((n_rows, 0), dtype=object)
        cols = self.body.source_col[np.ix_(positions, key_idx)] if n_periods else block.astype(np.int64)
        keep = (cols >= 0).ravel()
        row_code = np.repeat(np.arange(n_rows), n_periods)[keep]
        sheet_rows = rows["row"].to_numpy(dtype="int64")[row_code]
        ordinals = np.array([key[1].ordinal for key in keys], dtype="int64")

        def spread(column: str) -> pd.api.extensions.ExtensionArray:
            return strings_by_code(rows[column].to_numpy(dtype=object), row_code)

        return pd.DataFrame({
            "indicator_id": spread("id"), "name": spread("name"), "locality": spread("locality"),
            "ordinal": np.tile(ordinals, n_rows)[keep],
            "raw": block.ravel()[keep],
            "kind": (self.body.kinds[np.ix_(positions, key_idx)] if n_periods
                     else np.empty((n_rows, 0), dtype=np.int8)).ravel()[keep],
            "row": sheet_rows,
            "row_code": row_code,
            "cell": a1_column(sheet_rows, cols.ravel()[keep]),
        })

    def commentary(self, rows: pd.DataFrame) -> list[Commentary]:
        """Free-text columns (reason, actions, comments) as commentary on the indicator: a column that names
        its period ('Q1 Comments 2022/23') for that period (a quarter's last month), the others for the
        table's latest period, the month the row's figures lead up to."""
        keys = self.body.text_keys
        if not keys:
            return []
        positions = rows["position"].to_numpy(dtype=np.int64)
        key_idx = np.array([self.body.keys[key] for key in keys], dtype=np.int64)
        written_at, key_at = np.nonzero(~self.body.blank[np.ix_(positions, key_idx)])
        latest = [max(table.months.values()).strftime("%Y-%m") for table in self.body.tables]
        ids = rows["id"].to_numpy(dtype=object)
        periods = [key[2].strftime("%Y-%m") if len(key) > 2 else None for key in keys]
        return [Commentary(subject=str(ids[r]), period=periods[k] or latest[int(self.body.table_of[positions[r]])],
                           text=f"{keys[k][1]}: {str(self.body.values[positions[r], key_idx[k]]).strip()}")
                for r, k in zip(written_at.tolist(), key_at.tolist())]  # only the cells that hold text


def read_sheet(sheet: str, frame: pd.DataFrame, tables: list[PublishedTable], source: str) -> SheetRead:
    sheet_area = area_name(sheet)
    place = _titled_place(frame, tables)
    reader = _SheetReader(frame, tables, sheet_area, place[1] if place else WHOLE_AUTHORITY)
    findings = reader.findings
    if place:
        findings.append(finding("sheet_place", sheet=sheet, cell=place[0], text=place[2], place=place[1]))
    for table in tables:
        _report_header(table, findings)
    _report_unheaded_figures(sheet, frame, tables, findings)
    rows = reader.indicator_rows()
    records = reader.records(rows)
    count = RowCount(sheet=sheet, read=int(reader.data_row.sum()),
                     used=int((reader.is_indicator | reader.is_heading | reader.name_row_joined).sum()),
                     reported=int((reader.is_nameless | reader.is_stray_text | reader.is_key).sum()))
    units = {record.indicator.id: record.indicator.unit for record in records}
    values = reader.period_cells(rows, "value")
    observations = _observations(sheet, values, rows, units, source, findings)
    observations = _with_counts(observations, reader, rows, findings)
    targets = _targets(sheet, reader, rows, observations, findings)
    records = _with_targets(records, targets, findings)
    findings.extend(_library_findings(sheet, records))
    return SheetRead(sheet=sheet, records=records, observations=observations, findings=findings, count=count,
                     targets=targets, commentary=reader.commentary(rows))


def _report_header(table: PublishedTable, findings: list[Finding]) -> None:
    sheet, row = table.sheet, table.header_row
    for col, first in table.duplicate_months.items():
        findings.append(finding("duplicate_month", sheet=sheet, cell=a1(row, col), column=column_letter(col),
                                month=table.months[first].strftime("%b %Y"), first_column=column_letter(first)))
    if not months_in_order(list(table.months.values())):
        shown = ", ".join(period.strftime("%b %Y") for period in table.months.values())
        findings.append(finding("months_out_of_order", sheet=sheet, cell=a1(row, min(table.months)), months=shown))
    periods = {cell: period_not_read(text) for cell, text in table.unused_cells.items()}
    unused = [(cell, text) for cell, text in table.unused_cells.items() if periods[cell] is None]
    findings.extend(findings_at("header_not_used", sheet, [cell for cell, _ in unused],
                                lambda i: {"where": unused[i][0], "text": unused[i][1][:80]}))
    months = [(cell, text, periods[cell]) for cell, text in table.unused_cells.items() if periods[cell] is not None]
    findings.extend(findings_at("period_column_not_read", sheet, [cell for cell, _, _ in months], lambda i: {
        "where": months[i][0], "text": months[i][1][:80], "month": months[i][2].strftime("%B %Y")}))


# 'Locality: Chesil', 'Locality - Purbeck': a title naming the one place a sheet is about
_TITLED = re.compile(r"^\s*(?P<word>[^:\-–]{3,30}?)\s*[:\-–]\s*(?P<place>\S.{0,60}?)\s*$")


def _titled_place(frame: pd.DataFrame, tables: list[PublishedTable]) -> tuple[str, str, str] | None:
    """(cell, place, text) when one title row above the sheet's tables names its locality; None otherwise (the rows
    are the whole authority's unless a Locality column says otherwise). Only a plain place name counts ('Locality:
    see notes', 'Locality: n/a' are notes), and only one title: a sheet with a titled table per place is not
    read as one place."""
    if any(table.fields.get("locality") is not None for table in tables):
        return None
    found: list[tuple[str, str, str]] = []
    for table in tables:
        top = max(table.first_header_row, 0)
        above = frame.iloc[max(top - TITLE_ROWS, 0):top].to_numpy(dtype=object)
        for (row, col), text in np.ndenumerate(above):
            titled = _TITLED.match(text) if isinstance(text, str) else None
            if titled and header_field(titled["word"])[0] == "locality":
                found.append((a1(row + max(top - TITLE_ROWS, 0), col), titled["place"], text.strip()[:80]))
    if len(found) != 1 or not _PLACE_NAME.fullmatch(found[0][1]) or _token_reason_of(found[0][1]):
        return None
    cell, place, text = found[0]
    return cell, _locality_name(place), text


# a place as councils name their localities: words of letters, with spaces, hyphens, apostrophes or '&'
_PLACE_NAME = re.compile(r"[^\W\d_]+(?:[ '&-]+[^\W\d_]+){0,3}")
TITLE_ROWS = 5  # a sheet's title sits in the few rows above its table


def _token_reason_of(text: str) -> bool:
    """True for a word that means no value ('n/a', 'tbc', 'none') or points elsewhere ('see notes')."""
    folded = text.strip().lower()
    return parse_value(folded)[1] is not None or bool(re.search(r"\b(?:see|note|notes|none|various|all)\b", folded))


def _report_unheaded_figures(sheet: str, frame: pd.DataFrame, tables: list[PublishedTable],
                             findings: list[Finding]) -> None:
    """Figures in a column whose header cells are all blank: no table reads them, and nothing else would say so
    (a header the reader did not understand is reported as not used)."""
    kinds = sheet_cell_kinds(frame)
    read = np.zeros(frame.shape[1], dtype=bool)
    for table in tables:
        read[table.columns] = True
        read[list(table.period_columns)] = True
    for table in tables:
        header = kinds[max(table.first_header_row, 0):table.header_row + 1] != KIND_EMPTY
        body = kinds[table.header_row + 1:table.end_row] == KIND_NUMBER
        right_of_name = np.arange(frame.shape[1]) > table.name_col  # to its left: row numbers and references
        for col in np.flatnonzero(body.any(axis=0) & ~header.any(axis=0) & ~read & right_of_name).tolist():
            rows = np.flatnonzero(body[:, col]) + table.header_row + 1
            first, last = a1(int(rows[0]), col), a1(int(rows[-1]), col)
            findings.append(finding("figures_without_header", sheet=sheet, cell=first, column=column_letter(col),
                                    cells=first if first == last else f"{first}:{last}",
                                    header=a1(table.header_row, col)))


def _observations(sheet: str, cells: pd.DataFrame, rows: pd.DataFrame, units: dict[str, Unit | None],
                  source: str, findings: list[Finding]) -> pd.DataFrame:
    """The sheet's figures (cells: period_cells of `rows`, the indicator rows), checked and parsed."""
    parsed = parse_values(cells["raw"], cells["kind"].to_numpy())  # the one parse of the sheet's period cells
    problem = parsed["problem"]
    bad = problem.notna().to_numpy()
    if bad.any():
        raw_text = cells["raw"][bad].astype(str)
        problems = problem[bad].where(problem[bad].str.startswith("'"), "'" + raw_text + "' " + problem[bad])
        problem_texts, bad_names = problems.tolist(), cells["name"][bad].tolist()
        findings.extend(findings_at("bad_month_cell", sheet, cells["cell"][bad].tolist(),
                                    lambda i: {"problem": problem_texts[i], "indicator": bad_names[i]}))

    value = parsed["value"]

    def flag(code: str, at: np.ndarray, **values: Callable[[int], object]) -> None:  # at: a mask of the cells
        names, figures = cells["name"][at].tolist(), value[at].tolist()
        findings.extend(findings_at(code, sheet, cells["cell"][at].tolist(), lambda i: {
            "indicator": names[i], "value": figures[i], **{key: get(i) for key, get in values.items()}}))

    # each cell's unit, looked up once per distinct indicator (the three checks below each ask for some units)
    id_codes, distinct_ids = pd.factorize(cells["indicator_id"].to_numpy(dtype=object))
    cell_unit = np.array([units.get(ind_id) for ind_id in distinct_ids] + [None], dtype=object)[id_codes]

    def of_unit(wanted: set[Unit] | frozenset[Unit]) -> np.ndarray:
        return np.isin(cell_unit, list(wanted))

    figure = value.to_numpy()
    with np.errstate(invalid="ignore"):
        flag("percent_over_100", of_unit({Unit.percent}) & (figure > 100))
        flag("negative_value", of_unit(NEVER_NEGATIVE_UNITS) & (figure < 0))
    # '8.2%' in a row of counts: the figure is loaded, but a count is never a percentage
    text = cells["kind"].to_numpy() == KIND_TEXT
    with_sign = np.zeros(len(cells), dtype=bool)
    with_sign[text] = per_distinct(cells["raw"].to_numpy(dtype=object)[text], lambda cell: "%" in str(cell)).astype(bool)
    signed = of_unit({Unit.count}) & with_sign & ~np.isnan(figure)
    raw_signed = cells["raw"].to_numpy(dtype=object)[signed]
    flag("percent_on_count", signed, text=lambda i: str(raw_signed[i]).strip()[:40])

    # The printed direction and status describe the row's latest month with a figure (else its last month).
    ordinal = cells["ordinal"].to_numpy(dtype="int64")
    row_code = cells["row_code"].to_numpy()
    has_value = value.notna().to_numpy()
    latest_any = _per_row_max(row_code, ordinal)
    latest_figure = _per_row_max(row_code[has_value], ordinal[has_value], len(latest_any))
    latest = np.where(latest_figure == _NONE, latest_any, latest_figure)
    at_latest = ordinal == latest[row_code]
    latest_code = np.where(at_latest, row_code, len(rows))

    observations = pd.DataFrame({
        "indicator_id": cells["indicator_id"],
        "locality": cells["locality"],
        "period": pd.PeriodIndex.from_ordinals(ordinal, freq="M"),
        "value": value,
        "numerator": np.nan,
        "denominator": np.nan,
        "missing_reason": parsed["missing_reason"].where(value.isna()),
        "note": parsed["note"],
        # only the row's latest month carries what the row printed: its other months point at a blank
        "published_direction": strings_by_code([*rows["published_direction"], None], latest_code),
        "published_rag": strings_by_code([*rows["published_rag"], None], latest_code),
        "sheet": strings_by_code([sheet], np.zeros(len(cells), dtype=np.int32)),
        "cell": cells["cell"],
        "source": strings_by_code([source], np.zeros(len(cells), dtype=np.int32)),
        "name": cells["name"],
    })
    if bad.any():
        observations = observations[~bad]
    return observations.reset_index(drop=True)


_NONE = np.iinfo(np.int64).min


def _per_row_max(row_code: np.ndarray, ordinal: np.ndarray, n_rows: int | None = None) -> np.ndarray:
    """The largest ordinal of each indicator row (_NONE for a row with none)."""
    n_rows = int(row_code.max(initial=-1)) + 1 if n_rows is None else n_rows
    out = np.full(n_rows, _NONE, dtype=np.int64)
    np.maximum.at(out, row_code, ordinal)
    return out


def _attribute_values(sheet: str, cells: pd.DataFrame, label: str, findings: list[Finding]) -> pd.DataFrame:
    """Parsed figures of target / intervention / numerator columns, keyed by indicator, locality and period."""
    parsed = parse_values(cells["raw"])
    out = cells.assign(number=parsed["value"].to_numpy(), reason=parsed["missing_reason"].to_numpy(),
                       problem=parsed["problem"].to_numpy(), text=parsed["note"].to_numpy())
    bad = out["problem"].notna() & (label != "target")  # a target in words is read below
    bad_raw, bad_names = out["raw"][bad].astype(str).tolist(), out["name"][bad].tolist()
    findings.extend(findings_at("bad_number", sheet, out["cell"][bad].tolist(),
                                lambda i: {"field": label, "text": bad_raw[i], "indicator": bad_names[i]}))
    return out


def _with_counts(observations: pd.DataFrame, reader: _SheetReader, rows: pd.DataFrame,
                 findings: list[Finding]) -> pd.DataFrame:
    """Numerator and denominator columns ('Sep 22 numerator') onto the figure of the same month."""
    key = ["indicator_id", "locality", "period"]
    for holds in ("numerator", "denominator"):
        if not reader.body.period_keys(holds):
            continue
        cells = _attribute_values(reader.sheet, reader.period_cells(rows, holds), holds, findings)
        cells["period"] = pd.PeriodIndex.from_ordinals(cells["ordinal"].to_numpy(dtype="int64"), freq="M")
        counts = cells.drop_duplicates(key).set_index(key)["number"]
        observations[holds] = counts.reindex(pd.MultiIndex.from_frame(observations[key])).to_numpy()
    return observations


def _targets(sheet: str, reader: _SheetReader, rows: pd.DataFrame, observations: pd.DataFrame,
             findings: list[Finding]) -> pd.DataFrame:
    """Per-period targets and intervention levels (TARGET_COLUMNS), the whole authority's row of each."""
    council = rows[rows["locality"] == WHOLE_AUTHORITY]
    parts = {}
    for holds in ("target", "intervention"):
        if reader.body.period_keys(holds):
            cells = _attribute_values(sheet, reader.period_cells(council, holds), holds, findings)
            parts[holds] = cells.drop_duplicates(["indicator_id", "ordinal"]).set_index(["indicator_id", "ordinal"])
    if not parts:
        return conform_targets(pd.DataFrame())
    index = parts["target"].index if "target" in parts else parts["intervention"].index
    if len(parts) == 2:
        index = parts["target"].index.union(parts["intervention"].index)
    target = parts["target"].reindex(index) if "target" in parts else None
    level = parts["intervention"].reindex(index) if "intervention" in parts else None
    frame = pd.DataFrame(index=index).reset_index()
    frame["from_period"] = pd.PeriodIndex.from_ordinals(frame["ordinal"].to_numpy(dtype="int64"), freq="M")
    frame["target"] = target["number"].to_numpy() if target is not None else np.nan
    frame["target_text"] = (target["raw"].where(target["problem"].notna()).to_numpy() if target is not None
                            else None)
    frame["band_value"] = level["number"].to_numpy() if level is not None else np.nan
    frame["band_kind"] = np.where(frame["band_value"].notna(), "intervention", None)
    cell_of_target = target["cell"].to_numpy() if target is not None else np.full(len(frame), None)
    cell_of_level = level["cell"].to_numpy() if level is not None else np.full(len(frame), None)
    frame["cell"] = np.where(pd.notna(cell_of_target), cell_of_target, cell_of_level)
    frame["name"] = (target if target is not None else level)["name"].to_numpy()
    frame["sheet"] = sheet
    frame = _resolve_text_targets(sheet, frame, observations, findings)
    given = frame["target"].notna() | frame["band_value"].notna() | frame["target_text"].notna()
    return frame[given].pipe(conform_targets).assign(name=frame.loc[given, "name"].to_numpy(),
                                                      text_good_is=frame.loc[given, "text_good_is"].to_numpy())


def _resolve_text_targets(sheet: str, frame: pd.DataFrame, observations: pd.DataFrame,
                          findings: list[Finding]) -> pd.DataFrame:
    """'decrease from Q1': the figure of the period it names, with the polarity its words give.

    Targets written as words that name no period ('improve', 'maintain') are kept verbatim and not rated.
    """
    frame["text_good_is"] = None
    texts = frame["target_text"].notna()
    if not texts.any():
        return frame
    patterns = [(re.compile(pattern), good_is) for pattern, good_is in text_targets()]
    council = observations[observations["locality"] == WHOLE_AUTHORITY]
    figure = council.dropna(subset=["value"]).drop_duplicates(["indicator_id", "period"]).set_index(
        ["indicator_id", "period"])["value"]
    for at in np.flatnonzero(texts.to_numpy()):  # a handful of worded targets a sheet
        row = frame.iloc[at]
        text = " ".join(str(row["target_text"]).lower().split())
        period = row["from_period"]
        found = next(((m, good_is) for pattern, good_is in patterns if (m := pattern.match(text))), None)
        reference = _referenced_period(found[0]["ref"], period) if found else None
        number = figure.get((row["indicator_id"], reference), np.nan) if reference is not None else np.nan
        if found and not np.isnan(number):
            frame.loc[frame.index[at], ["target", "text_good_is"]] = [float(number), found[1]]
            findings.append(finding("text_target_read", sheet=sheet, cell=row["cell"], text=row["target_text"],
                                    name=row["name"], month=period.strftime("%b %Y"),
                                    figure=f"{number:g}", reference=reference.strftime("%b %Y")))
        else:
            why = ("it names no period to compare with" if not found
                   else f"there is no figure for {reference.strftime('%b %Y')} to compare with")
            findings.append(finding("text_target_not_rated", sheet=sheet, cell=row["cell"], text=row["target_text"],
                                    name=row["name"], month=period.strftime("%b %Y"), reason=why))
    return frame


def _referenced_period(reference: str, period: pd.Period) -> pd.Period | None:
    quarter = _QUARTER_REF.match(reference)
    if quarter:  # a quarter of the same financial year (April to March)
        start_year = period.year if period.month >= 4 else period.year - 1
        q = int(quarter["q"])
        return pd.Period(year=start_year + (1 if q == 4 else 0), month={1: 6, 2: 9, 3: 12, 4: 3}[q], freq="M")
    steps = {"last month": 1, "previous month": 1, "last quarter": 3, "previous quarter": 3}
    return period - steps[reference] if reference in steps else None


def _with_targets(records: list[IndicatorRecord], targets: pd.DataFrame,
                  findings: list[Finding]) -> list[IndicatorRecord]:
    """Until the model holds targets by period, each indicator carries the latest period's target and
    intervention level; polarity comes from the thresholds where the sheet and library give none."""
    if targets.empty:
        return records
    latest = targets.sort_values("from_period").groupby("indicator_id").tail(1).set_index("indicator_id")
    updated = []
    for record in records:
        ind = record.indicator
        if ind.id not in latest.index:
            updated.append(record)
            continue
        row = latest.loc[ind.id]
        update: dict[str, object] = {"target": None if pd.isna(row["target"]) else float(row["target"])}
        if not pd.isna(row["band_value"]):
            update["amber_band"] = {"kind": "intervention", "value": float(row["band_value"])}
        good_is, how = _inferred_polarity(ind, row)
        if good_is is not None:
            update["good_is"] = good_is
            findings.append(finding("polarity_inferred", sheet=record.sheet, cell=str(row["cell"]), name=ind.name,
                                    polarity="higher" if good_is is GoodIs.high else "lower", how=how))
        indicator = Indicator.model_validate({**ind.model_dump(), **update})
        filled = record.filled - ({"good_is"} if good_is is not None else set())
        updated.append(IndicatorRecord(indicator=indicator, sheet=record.sheet, row=record.row, columns=record.columns,
                                       printed_name=record.printed_name, library_id=record.library_id,
                                       library_score=record.library_score, filled=frozenset(filled)))
    return updated


def _inferred_polarity(ind: Indicator, row: pd.Series) -> tuple[GoodIs | None, str]:
    """With no Good Is column and no library match: intervention level below target means higher is better."""
    if ind.good_is is not None:
        return None, ""
    target, level = row["target"], row["band_value"]
    if not pd.isna(target) and not pd.isna(level) and target != level:
        good_is = GoodIs.high if level < target else GoodIs.low
        side = "below" if level < target else "above"
        return good_is, f"the intervention level {level:g} is {side} the target {target:g} ({row['cell']} and beside it)"
    if isinstance(row.get("text_good_is"), str):
        return GoodIs(row["text_good_is"]), f"the target '{row['target_text']}' ({row['cell']})"
    return None, ""


def _unit_from_name(name: str) -> Unit | None:
    folded = " ".join(name.lower().split())
    return next((Unit(unit) for pattern, unit in unit_from_name() if re.search(pattern, folded)), None)


def _library_findings(sheet: str, records: list[IndicatorRecord]) -> list[Finding]:
    """Per sheet: what the library filled in, and which names it matched despite other wording."""
    findings: list[Finding] = []
    filled: dict[str, set[str]] = {}
    reworded: dict[str, str] = {}
    from_name = sorted({record.printed_name for record in records if "unit_from_name" in record.filled})
    for record in records:
        if record.library_id is not None and record.filled:
            filled.setdefault(record.indicator.id, set()).update(record.filled)
        if record.library_id is not None and record.library_score < 1.0:
            reworded.setdefault(record.library_id, record.printed_name)
    if filled:
        kinds = set().union(*filled.values())
        words = "/".join(FILL_WORDS[key] for key in FILL_WORDS if key in kinds)
        findings.append(finding("library_fill", sheet=sheet, indicators=counted(len(filled), "indicator"),
                                details=words))
    if from_name:
        findings.append(finding("unit_from_name", sheet=sheet, count=counted(len(from_name), "indicator"),
                                names="; ".join(f"'{name}'" for name in from_name[:20])))
    if reworded:
        listed = "; ".join(f"'{printed}' as '{library_indicator(ind_id).name}'"
                           for ind_id, printed in list(reworded.items())[:20])
        findings.append(finding("library_match", sheet=sheet, names=counted(len(reworded), "indicator name"),
                                listed=f"{listed}{'...' if len(reworded) > 20 else ''}"))
    return findings
