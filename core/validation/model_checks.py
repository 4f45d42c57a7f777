"""Checks on the loaded model as a whole, after the sheets have been read.

Each check is one small function that adds findings; run_model_checks runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable

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
from core.rules.direction import direction_of_travel
from core.rules.rag import rate
from core.validation.findings import Level
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
            names.append(f"{ind_id} ({', '.join(updates)})")
    if names:
        report.add(Level.info, f"{len(names)} indicators took missing details from the indicator library: "
                   + "; ".join(names[:20]) + ("..." if len(names) > 20 else ""), code="library_fill")
        return scorecard.model_copy(update={"indicators": filled})
    return scorecard


def _unratable(scorecard: Dataset, report: ValidationReport) -> None:
    if scorecard.layout != "template":
        return  # the published-layout reader already names the sheet and cell of each such row
    for indicator in scorecard.indicators.values():
        missing = indicator.missing_for_rating()
        if missing:
            report.add(Level.warning, f"'{indicator.name}' ({indicator.id}) has no {' or '.join(missing)}: "
                       "it is shown but not rated.", code="unratable")


def _target_on_neutral(scorecard: Dataset, report: ValidationReport) -> None:
    for indicator in scorecard.indicators.values():
        if indicator.good_is is GoodIs.neutral and indicator.target is not None:
            report.add(Level.info, f"'{indicator.name}' has a target but its Good Is is neutral, so it is not "
                       "rated. Set Good Is to high or low to rate it.", code="target_on_neutral")


def _indicators_without_values(scorecard: Dataset, report: ValidationReport) -> None:
    have = set(scorecard.observations.loc[scorecard.observations["value"].notna(), "indicator_id"].unique())
    quiet = [ind.id for ind in scorecard.indicators.values() if ind.id not in have]
    if quiet:
        report.add(Level.info, f"{len(quiet)} indicators have no figures in this workbook: "
                   + ", ".join(quiet[:15]) + ("..." if len(quiet) > 15 else ""), code="no_values")


def _months_after_month_ending(scorecard: Dataset, report: ValidationReport) -> None:
    ending = scorecard.about.month_ending
    if ending is None:
        return
    last = pd.Period(ending, freq="M")
    obs = scorecard.observations
    late = obs[(obs["period"] > last) & obs["value"].notna()]
    if len(late):
        first = late.iloc[0]
        report.add(Level.warning, f"{len(late)} values are for months after the workbook's month ending "
                   f"({last.strftime('%b %Y')}), e.g. {first['indicator_id']} {first['period']}.",
                   sheet=str(first["sheet"]), cell=str(first["cell"]), code="future_month")


def _locality_sums(scorecard: Dataset, report: ValidationReport) -> None:
    """For counts, the localities should add up to the whole authority: say where they do not."""
    obs = scorecard.observations
    counts = [i.id for i in scorecard.indicators.values() if i.unit is Unit.count]
    data = obs[obs["indicator_id"].isin(counts) & obs["value"].notna()]
    parts = data[data["locality"] != WHOLE_AUTHORITY]
    if parts.empty:
        return
    n_localities = parts["locality"].nunique()
    # Group on integer keys (indicator code, month ordinal): much cheaper than on strings and periods.
    codes, ids = pd.factorize(data["indicator_id"])
    key = codes.astype("int64") * 100_000 + data["period"].array.asi8
    part = (data["locality"] != WHOLE_AUTHORITY).to_numpy()
    sums = pd.Series(data["value"].to_numpy()[part]).groupby(key[part]).agg(["sum", "count"])
    whole = data[~part].set_axis(key[~part])
    joined = sums.join(whole[["indicator_id", "period", "value", "sheet", "cell"]], how="inner")
    off = joined[(joined["count"] == n_localities) & ((joined["sum"] - joined["value"]).abs() > 1e-9)]
    for _, row in off.head(50).iterrows():
        report.add(Level.warning, f"the localities of '{row['indicator_id']}' add up to {row['sum']:g} in "
                   f"{row['period']} but the "
                   f"whole-authority figure is {row['value']:g}. Both are shown as given.",
                   sheet=str(row["sheet"]), cell=str(row["cell"]), code="locality_sum")


def _published_disagreements(scorecard: Dataset, report: ValidationReport) -> None:
    """Where the workbook printed its own direction or RAG, say where ours differs (both are kept)."""
    obs = scorecard.observations
    printed = obs["published_direction"].notna() | obs["published_rag"].notna()
    if not printed.any():
        return
    indicators = scorecard.indicator_frame()
    rated = rate(direction_of_travel(obs, indicators), indicators, targets=scorecard.targets)
    rows = rated[printed.to_numpy()]
    for kind, published, computed in (("direction of travel", "published_direction", "direction"),
                                      ("RAG status", "published_rag", "rag")):
        differ = rows[published].notna() & (rows[published].astype(str) != rows[computed].astype(str))
        for row in rows[differ.to_numpy()].head(50).itertuples():
            report.add(Level.warning, f"the workbook says {kind} '{getattr(row, published)}' for "
                       f"'{row.indicator_id}' in {row.period}, but by the rules it is '{getattr(row, computed)}'. "
                       "Both are kept; the computed one is shown.", sheet=str(row.sheet), cell=str(row.cell),
                       code="published_disagrees")


MODEL_CHECKS: list[Callable[[Dataset, ValidationReport], None]] = [
    _unratable,
    _target_on_neutral,
    _indicators_without_values,
    _months_after_month_ending,
    _locality_sums,
    _published_disagreements,
]


def run_model_checks(scorecard: Dataset, report: ValidationReport) -> None:
    for check in MODEL_CHECKS:
        check(scorecard, report)
