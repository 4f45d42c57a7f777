"""Percentages typed as fractions of 1: a cell formatted as a percentage in Excel shows 88.1% but holds 0.881.

The reader sees the number, not the format, so a pathway-plan figure of 88.1% arrived as 0.9% and was rated
Red against its 85% target. Two cases are read as fractions, each with a warning naming the cells:

- every figure of a series (one indicator in one place) lies between 0 and 1 while the indicator's target,
  benchmark or another place's figures are above 1: the whole series is a fraction of 1;
- one figure between 0 and 1 sits among figures of 5 or more, and a hundred times it falls among them.

Anything else between 0 and 1 stays as typed: 0.5% is a percentage a council can report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.model import WHOLE_AUTHORITY, Dataset, Unit
from core.present.format import format_value
from core.validation.catalogue import findings_at
from core.validation.report import ValidationReport

MIN_WHOLE_PERCENT = 5.0  # a figure among others of at least this is a whole percentage, not a fraction
NEAR = (0.5, 1.5)  # a hundred times a lone fraction must fall within this share of its series' range
SAME_SCALE = 4.0  # a series read as fractions must land within this factor of what the indicator is known by


def fractions_as_percentages(dataset: Dataset, report: ValidationReport) -> Dataset:
    """The dataset with percentage figures typed as fractions of 1 multiplied by 100, each case reported."""
    obs = dataset.observations
    percent_ids = [ind_id for ind_id, ind in dataset.indicators.items() if ind.unit is Unit.percent]
    value = obs["value"].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        if not percent_ids or not ((value > 0) & (value <= 1)).any():  # the usual workbook: nothing to look at
            return dataset
    # One integer per series (indicator x place), from the columns' codes: reductions by bincount, and no copy of
    # the 13-column table until a row is to be reported.
    all_ind_at, ind_ids = pd.factorize(obs["indicator_id"])
    all_place_at, _ = pd.factorize(obs["locality"])
    is_percent = np.append(np.isin(np.asarray(ind_ids, dtype=object), list(percent_ids)), False)[all_ind_at]
    candidate = is_percent & ~np.isnan(value)
    if not candidate.any():  # figures between 0 and 1, but none of a percentage
        return dataset
    index = obs.index[candidate]
    figures = value[candidate]
    ind_at, place_at = all_ind_at[candidate], all_place_at[candidate]
    series, _ = pd.factorize(ind_at.astype("int64") * (int(all_place_at.max()) + 2) + place_at)
    size = int(series.max()) + 1
    fraction = (figures >= 0) & (figures <= 1)
    count = np.bincount(series, minlength=size)
    all_fractions = (np.bincount(series, weights=fraction, minlength=size) == count) & (
        np.bincount(series, weights=figures > 0, minlength=size) > 0)
    # A whole series is out of 100 only when something of the same indicator out of 100 is near a hundred times it:
    # a series at 0.5-0.8 beside a target of 2 is 0.5-0.8%, not 50-80%.
    reference_low, reference_high = _references(dataset, ind_ids, ind_at, figures)
    middle = pd.Series(figures).groupby(series).median().reindex(range(size)).to_numpy()[series] * 100
    with np.errstate(invalid="ignore"):
        near = (middle >= reference_low[ind_at] / SAME_SCALE) & (middle <= reference_high[ind_at] * SAME_SCALE)
    whole_series = all_fractions[series] & near
    # A figure its own numerator and denominator give as typed (1 of 200 as 0.5) is a percentage already.
    numerator = obs["numerator"].to_numpy(dtype="float64", na_value=np.nan)[candidate]
    denominator = obs["denominator"].to_numpy(dtype="float64", na_value=np.nan)[candidate]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = numerator / denominator
        as_typed = np.abs(figures - 100 * share) < np.abs(figures - share)
    typed_series = np.bincount(series, weights=as_typed, minlength=size) > 0
    whole_series &= ~typed_series[series]
    whole_figures = pd.Series(np.where(fraction, np.nan, figures))
    low = whole_figures.groupby(series).min().reindex(range(size)).to_numpy()[series]
    high = whole_figures.groupby(series).max().reindex(range(size)).to_numpy()[series]
    with np.errstate(invalid="ignore"):
        lone = (fraction & (figures > 0) & ~whole_series & ~as_typed & (low >= MIN_WHOLE_PERCENT)
                & (figures * 100 >= NEAR[0] * low) & (figures * 100 <= NEAR[1] * high))
    scaled = whole_series | lone
    if not scaled.any():
        return dataset
    positions = np.flatnonzero(candidate)  # each candidate's row in obs
    _report(dataset, obs, "percent_fractions", report, positions[whole_series], figures[whole_series],
            series[whole_series])
    _report(dataset, obs, "percent_fraction_cell", report, positions[lone], figures[lone], series[lone],
            low[lone], high[lone])
    out = obs.copy()
    out.loc[index[scaled], "value"] = figures[scaled] * 100
    return dataset.model_copy(update={"observations": out})


def _references(dataset: Dataset, ind_ids: pd.Index, ind_at: np.ndarray,
                figures: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per indicator (in ind_ids' order), the lowest and highest figure out of 100 that it is known by: its target
    (fixed or in force from a month), its benchmarks, and the middle of its figures above 1 in any place. Only
    references of at least MIN_WHOLE_PERCENT count; NaN where there is none."""
    known: dict[str, list[float]] = {str(ind_id): [] for ind_id in np.asarray(ind_ids, dtype=object)}
    for ind_id, ind in dataset.indicators.items():
        if ind_id in known:
            marks = (ind.england, ind.statistical_neighbours, ind.region)
            known[ind_id] += [ind.target or 0, *(mark.value or mark.high or 0 for mark in marks if mark is not None)]
    if dataset.targets is not None and len(dataset.targets):
        targets = dataset.targets
        for ind_id, target in zip(targets["indicator_id"].astype(str), pd.to_numeric(targets["target"],
                                                                                      errors="coerce")):
            if ind_id in known and target == target:
                known[ind_id].append(float(target))
    above = pd.Series(np.where(figures > 1, figures, np.nan)).groupby(ind_at).median()
    for at, middle in above.dropna().items():
        known[str(np.asarray(ind_ids, dtype=object)[at])].append(float(middle))
    low = np.array([min((v for v in values if v >= MIN_WHOLE_PERCENT), default=np.nan) for values in known.values()])
    high = np.array([max((v for v in values if v >= MIN_WHOLE_PERCENT), default=np.nan) for values in known.values()])
    return low, high


def _report(dataset: Dataset, obs: pd.DataFrame, code: str, report: ValidationReport, at: np.ndarray,
            figures: np.ndarray, series: np.ndarray, low: np.ndarray | None = None,
            high: np.ndarray | None = None) -> None:
    """One finding per flagged cell (`at`: rows of obs, with their figures, series and ranges), or per series for
    a whole series, by sheet; message values are built only for the findings shown (findings_at)."""
    keep = ~pd.Series(series).duplicated().to_numpy() if code == "percent_fractions" else np.ones(len(at), bool)
    at, figures = at[keep], figures[keep]
    low, high = (low[keep], high[keep]) if low is not None and high is not None else (None, None)
    if not len(at):
        return
    where = obs[["sheet", "cell"]].iloc[at]
    ids, places, periods = obs["indicator_id"].array, obs["locality"].array, obs["period"].array
    sheets, cells = where["sheet"].astype(str).to_numpy(), where["cell"].astype(str).to_numpy()
    for sheet in dict.fromkeys(sheets):
        mine = np.flatnonzero(sheets == sheet)

        def values(i: int, mine: np.ndarray = mine) -> dict[str, object]:
            k = int(mine[i])
            position, figure = int(at[k]), float(figures[k])
            ind, place = str(ids[position]), str(places[position])
            said = {"indicator": dataset.indicators[ind].name if ind in dataset.indicators else ind,
                    "place": "" if place == WHOLE_AUTHORITY else f" ({place})", "figure": f"{figure:g}",
                    "scaled": format_value(figure * 100, Unit.percent),
                    "month": pd.Period(periods[position], freq="M").strftime("%b %Y")}
            if low is not None and high is not None:
                said.update(low=f"{float(low[k]):g}", high=f"{float(high[k]):g}")
            return said

        report.extend(findings_at(code, sheet, cells[mine].tolist(), values))
