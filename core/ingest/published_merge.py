"""Joining what several published sheets say: one indicator per id, one figure per month.

Published packs print the same indicator on a thematic page and again in an appendix. Equal
figures (equal up to the rounding of the coarser printing) are read once (an info says so); different
figures for the same month and locality are a conflict: the first read is kept, with its sheet and cell,
and a warning names both cells.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.ingest.cells import a1
from core.ingest.published_sheet import IndicatorRecord
from core.model import Indicator, conform_observations
from core.validation.catalogue import finding, findings_at
from core.validation.findings import Finding

# Details a later sheet may supply when the first sheet left them blank (or had them from the library).
_MERGED_FIELDS = ("area", "unit", "good_is", "periodicity", "target", "england", "statistical_neighbours", "region")
# Printed details that must agree between sheets; benchmarks differ by vintage and are not compared.
_COMPARED_FIELDS = {"unit": "unit", "good_is": "Good Is", "target": "target"}
_SAME_VALUE_TOLERANCE = 1e-9
_MOST_PLACES = 6


def _printed_places(values: np.ndarray) -> np.ndarray:
    """How many decimal places each figure was printed with (64.5 -> 1, 64.55 -> 2, 437 -> 0; at most 6)."""
    places = np.full(len(values), _MOST_PLACES)
    for candidate in range(_MOST_PLACES - 1, -1, -1):  # the fewest places that give the figure back wins
        places = np.where(np.abs(np.round(values, candidate) - values) <= _SAME_VALUE_TOLERANCE, candidate, places)
    return places


def _same_figure(first: pd.Series, second: pd.Series) -> np.ndarray:
    """Two printings of one figure agree when they differ by no more than rounding to the coarser one's places
    (a thematic page's 64.55 and an appendix's 64.5 are the same figure; 437 and 436 are not)."""
    a, b = first.to_numpy(dtype="float64"), second.to_numpy(dtype="float64")
    coarser = np.minimum(_printed_places(a), _printed_places(b))
    return np.abs(a - b) <= 0.5 * 10.0 ** -coarser.astype("float64") + _SAME_VALUE_TOLERANCE


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(getattr(value, "value", value))


def merge_indicators(records: list[IndicatorRecord]) -> tuple[dict[str, Indicator], list[Finding]]:
    """First record of each id wins; a printed detail replaces a missing or library one."""
    merged: dict[str, Indicator] = {}
    first: dict[str, IndicatorRecord] = {}
    from_library: dict[str, set[str]] = {}
    findings: list[Finding] = []
    for record in records:
        ind_id = record.indicator.id
        if ind_id not in merged:
            merged[ind_id], first[ind_id], from_library[ind_id] = record.indicator, record, set(record.filled)
            continue
        current, updates = merged[ind_id], {}
        for key in _MERGED_FIELDS:
            new, old = getattr(record.indicator, key), getattr(current, key)
            new_printed, old_printed = key not in record.filled, key not in from_library[ind_id]
            if new is None or new == old or (old is not None and old_printed and not new_printed):
                continue
            if old is None or not old_printed:
                updates[key] = new
                if new_printed:
                    from_library[ind_id].discard(key)
            elif key in _COMPARED_FIELDS:
                kept = first[ind_id]
                col = record.columns.get(key, record.columns["name"])
                findings.append(finding(
                    "detail_conflict", sheet=record.sheet, cell=a1(record.row, col), indicator=record.printed_name,
                    field=_COMPARED_FIELDS[key], kept=_shown(old), value=_shown(new), here=f"{record.sheet}!{a1(record.row, col)}",
                    kept_at=f"{kept.sheet}!{a1(kept.row, kept.columns.get(key, kept.columns['name']))}"))
        if updates:
            merged[ind_id] = current.model_copy(update=updates)
    findings.extend(_unmatched_findings(merged, first))
    return merged, findings


def _unmatched_findings(merged: dict[str, Indicator], first: dict[str, IndicatorRecord]) -> list[Finding]:
    findings = []
    for ind_id, indicator in merged.items():
        record = first[ind_id]
        missing = indicator.missing_for_rating()
        if record.library_id is None and missing:
            findings.append(finding("unmatched_indicator", sheet=record.sheet, cell=a1(record.row, record.columns["name"]),
                                    indicator=record.printed_name, missing=" or ".join(missing)))
    return findings


def _repeated_keys(frame: pd.DataFrame) -> np.ndarray:
    """True for each row whose indicator, locality and month an earlier row already has (integer keys:
    hashing three string and period columns of 300,000 rows costs more than the rest of the join)."""
    ids, places, months = (pd.factorize(frame[column])[0].astype(np.int64) + 1
                           for column in ("indicator_id", "locality", "period"))  # 0: a missing key part
    key = (ids * (places.max(initial=0) + 1) + places) * (months.max(initial=0) + 1) + months
    return pd.Series(key).duplicated().to_numpy()


def _with_conflict_notes(kept: pd.DataFrame, conflicts: pd.DataFrame, key: list[str]) -> pd.Series:
    """The kept figures' notes, each kept figure that another sheet contradicts saying so where it is shown:
    which cells differ, never the other figure (which has not been through small-number control)."""
    if conflicts.empty:
        return kept["note"]
    cells = (conflicts["sheet"].astype(str) + "!" + conflicts["cell"].astype(str)).groupby(
        [conflicts[column] for column in key], sort=False).agg(", ".join)
    elsewhere = pd.MultiIndex.from_frame(kept[key]).map(cells.to_dict().get)
    said = pd.Series(np.asarray(elsewhere, dtype=object), index=kept.index)
    words = "a different figure is printed at " + said + "; this one is kept (see the validation report)"
    note = kept["note"].astype(object)
    joined = np.where(note.isna(), words, note.astype(str) + "; " + words)
    return pd.Series(np.where(said.isna(), note, joined), index=kept.index, dtype=object)


def one_spelling_per_place(parts: list[pd.DataFrame]) -> tuple[list[pd.DataFrame], list[Finding]]:
    """Localities that differ only in case or spacing ('Purbeck', 'PURBECK', 'North  Dorset') are one place,
    under the spelling read first; each other spelling is reported where it first appears."""
    first: dict[str, str] = {}  # folded spelling -> the spelling kept
    renamed: dict[str, str] = {}
    findings: list[Finding] = []
    for part in parts:
        for spelling in part["locality"].dropna().unique().tolist():  # the column's own unique: no boxing per row
            kept = first.setdefault(" ".join(spelling.split()).casefold(), spelling)
            if kept != spelling and spelling not in renamed:
                renamed[spelling] = kept
                at = int(np.flatnonzero((part["locality"] == spelling).fillna(False).to_numpy())[0])
                findings.append(finding("locality_spelling", sheet=str(part["sheet"].iat[at]),
                                        cell=str(part["cell"].iat[at]), spelling=spelling, place=kept))
    if not renamed:
        return parts, findings
    return [part.assign(locality=part["locality"].replace(renamed)) for part in parts], findings


def merge_observations(parts: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[Finding]]:
    """One observation per indicator, locality and month: the first figure read, then the first blank."""
    if not parts:
        return conform_observations(pd.DataFrame()), []
    frame = pd.concat(parts, ignore_index=True)
    if not _repeated_keys(frame).any():  # the usual workbook: each figure printed once, nothing to join
        return conform_observations(frame), []
    key = ["indicator_id", "locality", "period"]
    has_value = frame["value"].notna()
    # Reading order, but a figure beats a blank: a page that leaves a month blank loses to one that prints it.
    ranked = frame.assign(_blank=~has_value, _order=np.arange(len(frame))).sort_values(
        ["_blank", "_order"], kind="stable")
    kept_mask = ~ranked.duplicated(key)
    kept_of = ranked.loc[kept_mask, [*key, "value", "sheet", "cell", "_order"]]
    dropped = ranked[~kept_mask].merge(kept_of, on=key, how="left", suffixes=("", "_kept"))

    findings: list[Finding] = []
    both = dropped["value"].notna() & dropped["value_kept"].notna()
    differ = both.to_numpy() & ~_same_figure(dropped["value"].fillna(0), dropped["value_kept"].fillna(0))
    conflicts = dropped[differ].sort_values("_order")
    for sheet, on_sheet in conflicts.groupby("sheet", sort=False):  # one finding per conflicting cell
        rows = on_sheet.reset_index(drop=True)
        findings.extend(findings_at("value_conflict", str(sheet), rows["cell"].tolist(), lambda i, rows=rows: {
            "indicator": rows.at[i, "name"], "month": rows.at[i, "period"].strftime("%b %Y"),
            "locality": rows.at[i, "locality"], "kept_at": f"{rows.at[i, 'sheet_kept']}!{rows.at[i, 'cell_kept']}",
            "kept": rows.at[i, "value_kept"], "here": f"{rows.at[i, 'sheet']}!{rows.at[i, 'cell']}",
            "value": rows.at[i, "value"]}))

    same = (both & ~differ) | (dropped["value"].isna() & dropped["value_kept"].isna())
    repeats = dropped[same].groupby(["sheet", "sheet_kept"], sort=False)["indicator_id"].nunique()
    for (sheet, kept_sheet), count in repeats.items():
        where = "earlier on this sheet" if sheet == kept_sheet else f"on '{kept_sheet}'"
        noun = "indicator" if count == 1 else "indicators"
        findings.append(finding("repeated_rows", sheet=sheet, where=where, indicators=f"{count} {noun}"))

    # A printed direction or status survives from whichever copy printed it.
    kept = ranked[kept_mask].sort_values("_order").reset_index(drop=True)
    kept["note"] = _with_conflict_notes(kept, conflicts, key)
    for column in ("published_direction", "published_rag"):
        printed = ranked.dropna(subset=[column]).drop_duplicates(key)[[*key, column]]
        any_copy = kept[key].merge(printed, on=key, how="left")[column]
        kept[column] = kept[column].fillna(any_copy)
    return conform_observations(kept), findings
