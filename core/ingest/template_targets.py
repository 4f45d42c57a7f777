"""The template's optional Targets sheet: an indicator's target and band in force from a month.

One row per change (indicator_id, from_month, target, amber band kind and value, or an intervention
level). Rows are few (a handful of changes a year), so each is checked on its own and every problem
names its cell. Without the sheet an indicator's target is the one on the Indicators sheet, from the start.
"""

from __future__ import annotations

import pandas as pd
from pydantic import ValidationError

from core.ingest.cells import a1, parse_month, parse_values
from core.ingest.sheet_table import locate_table
from core.knowledge.value_synonyms import canonical_value
from core.model import AmberBand, BandKind, Indicator, conform_targets
from core.validation.catalogue import finding
from core.validation.findings import Finding
from core.validation.report import RowCount

TARGETS_COLUMNS = ["indicator_id", "from_month", "target", "amber_band_kind", "amber_band_value",
                   "intervention_level"]
_NUMBERS = ("target", "amber_band_value", "intervention_level")


def read_targets(sheet: str, frame: pd.DataFrame, indicators: dict[str, Indicator], findings: list[Finding],
                 counts: list[RowCount]) -> pd.DataFrame | None:
    """TARGET_COLUMNS rows from the sheet; None when it has no header naming indicator_id and from_month."""
    table = locate_table(sheet, frame, set(TARGETS_COLUMNS), {"indicator_id", "from_month"})
    if table is None:
        return None
    body = table.body(frame)
    cols = table.columns
    parsed = {name: parse_values(body[cols[name]].astype(object)) for name in _NUMBERS if name in cols}
    count = RowCount(sheet=sheet, read=len(body))
    rows: list[dict[str, object]] = []
    first_row: dict[tuple[str, pd.Period], int] = {}
    for position, row in enumerate(body.index):  # a handful of rows: a message per problem cell
        def cell(name: str) -> object:
            return body.at[row, cols[name]] if name in cols else None

        def where(name: str) -> str:
            return a1(int(row), cols.get(name, cols["indicator_id"]))

        ind_id = str(cell("indicator_id") or "").strip()
        month = parse_month(cell("from_month"))
        if ind_id not in indicators:
            findings.append(finding("targets_unknown_indicator", sheet=sheet, cell=where("indicator_id"),
                                    indicator=ind_id))
        elif month is None:
            findings.append(finding("targets_bad_month", sheet=sheet, cell=where("from_month"),
                                    text=str(cell("from_month") or "")))
        elif (ind_id, month) in first_row:
            findings.append(finding("targets_duplicate", sheet=sheet, cell=where("from_month"), indicator=ind_id,
                                    month=month.strftime("%b %Y"), first=first_row[(ind_id, month)] + 1))
        else:
            first_row[(ind_id, month)] = int(row)
            rows.append(_target_row(sheet, row, position, ind_id, month, parsed, cell, where, findings))
            continue
        count.reported += 1
    count.used = len(rows)
    counts.append(count)
    return conform_targets(pd.DataFrame(rows))


def _number(parsed: dict[str, pd.DataFrame], name: str, position: int) -> float | None:
    if name not in parsed:
        return None
    value = parsed[name]["value"].iat[position]
    return None if value != value else float(value)


def _target_row(sheet: str, row: int, position: int, ind_id: str, month: pd.Period,
                parsed: dict[str, pd.DataFrame], cell, where, findings: list[Finding]) -> dict[str, object]:
    shown_month = month.strftime("%b %Y")
    target = _number(parsed, "target", position)
    words = None
    if target is None and "target" in parsed and parsed["target"]["problem"].iat[position] is not None:
        words = str(cell("target")).strip()  # a target in words is kept verbatim, as published
        findings.append(finding("targets_in_words", sheet=sheet, cell=where("target"), indicator=ind_id,
                                month=shown_month, text=words[:80]))
    band = _band(cell, parsed, position)
    if isinstance(band, str):
        findings.append(finding("targets_bad_band", sheet=sheet, cell=where("amber_band_kind"), indicator=ind_id,
                                month=shown_month, why=band))
        band = None
    return {"indicator_id": ind_id, "from_period": month, "target": target, "target_text": words,
            "band_kind": band.kind.value if band else None, "band_value": band.value if band else None,
            "sheet": sheet, "cell": where("target")}


def _band(cell, parsed: dict[str, pd.DataFrame], position: int) -> AmberBand | str | None:
    """The row's band, None when it gives none, or what is wrong with it in words."""
    level = _number(parsed, "intervention_level", position)
    kind_text, width = cell("amber_band_kind"), _number(parsed, "amber_band_value", position)
    if level is not None and kind_text is None:
        return AmberBand(kind=BandKind.intervention, value=level)
    if kind_text is None and width is None:
        return None
    kind = canonical_value("amber_band_kind", kind_text) if kind_text is not None else None
    if kind is None or width is None:
        return "needs both a kind (absolute, relative, intervention) and a value"
    try:
        return AmberBand(kind=kind, value=width)
    except ValidationError:
        return "cannot be negative"
