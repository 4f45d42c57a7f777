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


def fractions_as_percentages(dataset: Dataset, report: ValidationReport) -> Dataset:
    """The dataset with percentage figures typed as fractions of 1 multiplied by 100, each case reported."""
    obs = dataset.observations
    indicators = dataset.indicator_frame()
    percent_ids = indicators.index[indicators["unit"].astype(str) == Unit.percent.value]
    value = obs["value"].to_numpy(dtype="float64", na_value=np.nan)
    candidate = obs["indicator_id"].isin(percent_ids).to_numpy(dtype=bool) & ~np.isnan(value)
    if not candidate.any():
        return dataset
    rows = obs[candidate]
    figures = pd.Series(value[candidate], index=rows.index)
    series = [rows["indicator_id"].astype(object), rows["locality"].astype(object)]
    fraction = figures.between(0, 1)
    whole_series = (fraction.groupby(series).transform("all")
                    & (figures > 0).groupby(series).transform("any")
                    & rows["indicator_id"].isin(_above_one(dataset, indicators, rows, figures)))
    others = figures.where(~fraction)
    low, high = others.groupby(series).transform("min"), others.groupby(series).transform("max")
    lone = (fraction & (figures > 0) & ~whole_series & (low >= MIN_WHOLE_PERCENT)
            & (figures * 100 >= NEAR[0] * low) & (figures * 100 <= NEAR[1] * high))
    scaled = whole_series | lone
    if not scaled.any():
        return dataset
    _report(dataset, rows[whole_series], figures[whole_series], "percent_fractions", report)
    _report(dataset, rows[lone], figures[lone], "percent_fraction_cell", report, low[lone], high[lone])
    out = obs.copy()
    at = scaled.index[scaled.to_numpy()]
    out.loc[at, "value"] = figures[at] * 100
    return dataset.model_copy(update={"observations": out})


def _above_one(dataset: Dataset, indicators: pd.DataFrame, rows: pd.DataFrame, figures: pd.Series) -> set[str]:
    """Percentage indicators with something above 1 to say their figures are out of 100: a target (fixed or in
    force from a month), a benchmark, or a figure of another place."""
    known = indicators[["target", "england", "sn", "region"]].apply(pd.to_numeric, errors="coerce")
    ids = set(known.index[(known > 1).any(axis=1)])
    if dataset.targets is not None and len(dataset.targets):
        targets = dataset.targets
        ids |= set(targets.loc[pd.to_numeric(targets["target"], errors="coerce") > 1, "indicator_id"].astype(str))
    ids |= set(rows.loc[(figures > 1).to_numpy(), "indicator_id"].astype(str))
    return ids


def _report(dataset: Dataset, rows: pd.DataFrame, figures: pd.Series, code: str, report: ValidationReport,
            low: pd.Series | None = None, high: pd.Series | None = None) -> None:
    if rows.empty:
        return
    if code == "percent_fractions":  # one finding a series, at its first cell
        first = ~rows.duplicated(["indicator_id", "locality"])
        rows, figures = rows[first.to_numpy()], figures[first.to_numpy()]
    names = rows["indicator_id"].map(lambda ind: dataset.indicators[ind].name if ind in dataset.indicators else ind)
    for sheet, on_sheet in rows.groupby("sheet", sort=False):
        at = on_sheet.index

        def values(i: int, at: pd.Index = at) -> dict[str, object]:
            row, figure = at[i], float(figures[at[i]])
            place = str(rows.at[row, "locality"])
            said = {"indicator": names[row], "place": "" if place == WHOLE_AUTHORITY else f" ({place})",
                    "figure": f"{figure:g}", "scaled": format_value(figure * 100, Unit.percent),
                    "month": pd.Period(rows.at[row, "period"], freq="M").strftime("%b %Y")}
            if low is not None and high is not None:
                said.update(low=f"{float(low[row]):g}", high=f"{float(high[row]):g}")
            return said

        report.extend(findings_at(code, str(sheet), rows.loc[at, "cell"].astype(str).tolist(), values))
