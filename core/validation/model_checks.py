"""Checks on the loaded model as a whole, after the sheets have been read.

Each check is one small function that adds findings; run_model_checks runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from core.knowledge import indicator_library
from core.model import (
    OTHER_AREA,
    WHOLE_AUTHORITY,
    Dataset,
    GoodIs,
    Indicator,
    Periodicity,
    Unit,
)
from core.present.labels import direction_label, rag_label
from core.rules.direction import direction_of_travel
from core.rules.rag import rate
from core.validation.catalogue import (
    MAX_FINDINGS_PER_RULE,
    counted,
    finding,
    findings_at,
)
from core.validation.findings import Finding
from core.validation.report import ValidationReport


def complete_from_library(scorecard: Dataset, report: ValidationReport) -> Dataset:
    """Fill area, unit, polarity and periodicity an indicator lacks from the library, matched by id."""
    library = indicator_library()
    filled: dict[str, Indicator] = {}
    names: list[str] = []
    for ind_id, indicator in scorecard.indicators.items():
        if ind_id not in library.index:
            filled[ind_id] = indicator
            continue
        known = library.loc[ind_id]
        updates: dict[str, object] = {}
        if indicator.area == OTHER_AREA and known["area"]:
            updates["area"] = known["area"]
        if indicator.unit is None and known["unit"]:
            updates["unit"] = Unit(known["unit"])
        if indicator.good_is is None and known["good_is"]:
            updates["good_is"] = GoodIs(known["good_is"])
        if indicator.periodicity is None and known["periodicity"]:
            updates["periodicity"] = Periodicity(known["periodicity"])
        filled[ind_id] = indicator.model_copy(update=updates) if updates else indicator
        if updates:
            names.append(f"'{indicator.name}' ({', '.join(_FIELD_WORDS.get(field, field) for field in updates)})")
    if names:
        report.add(finding("library_fill_by_id", indicators=counted(len(names), "indicator"),
                           listed="; ".join(names[:20]) + ("..." if len(names) > 20 else "")))
        return scorecard.model_copy(update={"indicators": filled})
    return scorecard


_FIELD_WORDS = {"area": "area", "unit": "unit", "good_is": "Good Is", "periodicity": "periodicity"}

def _name(scorecard: Dataset, indicator_id: str) -> str:
    """An indicator as people know it: its name, never its id."""
    indicator = scorecard.indicators.get(str(indicator_id))
    return indicator.name if indicator is not None else str(indicator_id)


def _unratable(scorecard: Dataset, report: ValidationReport) -> None:
    if scorecard.layout != "template":
        return  # the published-layout reader already names the sheet and cell of each such row
    report.extend(finding("unratable", name=indicator.name, missing=" or ".join(missing))
                  for indicator in scorecard.indicators.values() if (missing := indicator.missing_for_rating()))


def _target_on_neutral(scorecard: Dataset, report: ValidationReport) -> None:
    report.extend(finding("target_on_neutral", name=indicator.name) for indicator in scorecard.indicators.values()
                  if indicator.good_is is GoodIs.neutral and indicator.target is not None)


def _indicators_without_values(scorecard: Dataset, report: ValidationReport) -> None:
    obs = scorecard.observations
    have = set(obs["indicator_id"][obs["value"].notna().to_numpy()].unique())  # one column, not the frame
    quiet = [f"'{ind.name}'" for ind in scorecard.indicators.values() if ind.id not in have]
    if quiet:
        report.add(finding("no_values", indicators=counted(len(quiet), "indicator"),
                           listed=", ".join(quiet[:15]) + ("..." if len(quiet) > 15 else "")))


def latest_month_in_future(scorecard: Dataset, today: date | None = None) -> pd.Period | None:
    """The workbook's latest month when it is after the month of `today` (default: today), else None."""
    latest = scorecard.latest_month
    this_month = pd.Period(today or date.today(), freq="M")
    return latest if latest is not None and latest > this_month else None


def _latest_month_in_future(scorecard: Dataset, report: ValidationReport) -> None:
    future = latest_month_in_future(scorecard)
    if future is not None:
        report.findings.append(finding("latest_month_in_future", month=future.strftime("%B %Y"),
                                       today=date.today().strftime("%B %Y")))


def _authority_not_named(scorecard: Dataset, report: ValidationReport) -> None:
    if not scorecard.about.authority_named:
        report.findings.append(finding("authority_not_named"))


def _locality_sums(scorecard: Dataset, report: ValidationReport) -> None:
    """For counts, the localities should add up to the whole authority: say where they do not."""
    obs = scorecard.observations
    counts = [i.id for i in scorecard.indicators.values() if i.unit is Unit.count]
    # Masks and integer keys first, rows last: filtering the whole table would copy every text column.
    codes, ids = pd.factorize(obs["indicator_id"])
    is_count = ids.isin(counts)[np.maximum(codes, 0)] & (codes >= 0)
    at = np.flatnonzero(is_count & obs["value"].notna().to_numpy())
    part = (obs["locality"].take(at) != WHOLE_AUTHORITY).to_numpy(dtype=bool)
    if not part.any():
        return
    n_localities = obs["locality"].take(at[part]).nunique()
    # Group on integer keys (indicator code, month ordinal): much cheaper than on strings and periods.
    key = codes[at].astype("int64") * 100_000 + obs["period"].array.asi8[at]
    sums = pd.Series(obs["value"].to_numpy()[at[part]]).groupby(key[part]).agg(["sum", "count"])
    whole = obs[["indicator_id", "period", "value", "sheet", "cell"]].take(at[~part]).set_axis(key[~part])
    joined = sums.join(whole, how="inner")
    off = joined[(joined["count"] == n_localities) & ((joined["sum"] - joined["value"]).abs() > 1e-9)]
    report.extend(_per_sheet("locality_sum", off, lambda row: {
        "indicator": _name(scorecard, row["indicator_id"]), "total": row["sum"], "value": row["value"],
        "month": pd.Period(row["period"], freq="M").strftime("%b %Y")}))


def _published_disagreements(scorecard: Dataset, report: ValidationReport) -> None:
    """Where the workbook printed its own direction or RAG, say where ours differs (both are kept)."""
    obs = scorecard.observations
    printed = obs["published_direction"].notna() | obs["published_rag"].notna()
    if not printed.any():
        return
    indicators = scorecard.indicator_frame()
    # Only the series that printed something need rating (with their history, for the direction).
    series = ["indicator_id", "locality"]
    id_codes, _ = pd.factorize(obs[series[0]])
    locality_codes, localities = pd.factorize(obs[series[1]])
    series_code = id_codes.astype("int64") * (len(localities) + 1) + locality_codes
    in_series = np.isin(series_code, np.unique(series_code[printed.to_numpy()]))
    obs = obs[in_series]
    rated = rate(direction_of_travel(obs, indicators), indicators, targets=scorecard.targets)
    rows = rated[printed.to_numpy()[in_series]]
    names = {ind_id: indicator.name for ind_id, indicator in scorecard.indicators.items()}
    for kind, published, computed, label in (("direction of travel", "published_direction", "direction", direction_label),
                                             ("RAG status", "published_rag", "rag", rag_label)):
        differ = rows[published].notna() & (rows[published].astype(str) != rows[computed].astype(str))
        shown = rows.loc[differ.to_numpy(), ["sheet", "cell", "indicator_id", "period", published, computed]]
        report.extend(_per_sheet("published_disagrees", shown, lambda row: {
            "kind": kind, "printed": label(row[published]), "indicator": names[row["indicator_id"]],
            "month": row["period"].strftime("%b %Y"), "computed": label(row[computed])}))


def _per_sheet(code: str, rows: pd.DataFrame, values: Callable[[dict[str, object]], dict[str, object]]) -> list[Finding]:
    """One finding per row, each at its sheet and cell; message values are built only for the rows the
    report will list (findings_at), so a check that fires on thousands of rows stays cheap."""
    sheets, cells = rows["sheet"].astype(str).to_numpy(), rows["cell"].astype(str).to_numpy()
    out: list[Finding] = []
    for sheet in pd.unique(sheets):
        at = np.flatnonzero(sheets == sheet)
        listed = rows.iloc[at[:MAX_FINDINGS_PER_RULE]].to_dict("records")  # findings_at lists no more than these
        out.extend(findings_at(code, sheet, cells[at], lambda i, listed=listed: values(listed[i])))
    return out


MODEL_CHECKS: list[Callable[[Dataset, ValidationReport], None]] = [
    _unratable,
    _target_on_neutral,
    _indicators_without_values,
    _locality_sums,
    _published_disagreements,
    _latest_month_in_future,
    _authority_not_named,
]


def run_model_checks(scorecard: Dataset, report: ValidationReport) -> None:
    for check in MODEL_CHECKS:
        check(scorecard, report)
