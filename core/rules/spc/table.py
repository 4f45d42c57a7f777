"""One SPC row per indicator x locality series: the scorecard's SPC verdict and target assurance."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.rules.polarity import per_row, polarity_sign
from core.rules.series_keys import month_numbers
from core.rules.spc.assurance import assurance
from core.rules.spc.points import classified_points
from core.rules.spc.recalculation import section_codes
from core.rules.spc.settings import DEFAULT_SETTINGS, SpcSettings

PROCESS_CHANGE_COLUMNS = ["indicator_id", "period"]


def series_values(observations: pd.DataFrame, indicator_id: str, locality: str,
                  month: pd.Period | None = None) -> pd.Series:
    """The values of one indicator in one locality, indexed by month, up to and including `month`."""
    rows = (observations["indicator_id"] == indicator_id) & (observations["locality"] == locality)
    if month is not None:
        rows &= observations["period"] <= pd.Period(month, freq="M")
    chosen = observations.loc[rows.fillna(False).to_numpy(), ["period", "value"]]
    return chosen.set_index("period")["value"].astype("float64").sort_index()


def spc_table(observations: pd.DataFrame, indicators: pd.DataFrame, month: pd.Period | None = None,
              settings: SpcSettings = DEFAULT_SETTINGS, process_changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per indicator x locality series with a value up to `month` (default: all months).

    process_changes: marked months (columns indicator_id, period), each starting a new section.
    Columns: indicator_id, locality, n_points (in the latest section), mean, lcl, ucl (of that
    section), spc_signal (of the latest point), assurance (against the indicator's target in `indicators`).
    """
    chosen = observations["value"].notna()
    if month is not None:
        chosen &= observations["period"] <= pd.Period(month, freq="M")
    chosen = chosen.to_numpy()
    # work on codes and arrays; names are looked up only for the one row kept per series
    indicator_codes, indicator_ids = pd.factorize(observations["indicator_id"].to_numpy()[chosen])
    locality_codes, localities = pd.factorize(observations["locality"].to_numpy()[chosen], use_na_sentinel=False)
    series = indicator_codes.astype(np.int64) * (len(localities) + 1) + locality_codes
    months = month_numbers(observations["period"])[chosen]
    order = np.lexsort((months, series))
    series, indicator_codes, locality_codes, months = (series[order], indicator_codes[order], locality_codes[order],
                                                       months[order])
    values = observations["value"].to_numpy(dtype="float64", na_value=np.nan)[chosen][order]

    indicator_ids = pd.Index(indicator_ids, dtype=object)
    marked_codes, marked_months = _marks(process_changes, indicator_ids)
    sections = section_codes(series, indicator_codes, months, marked_codes, marked_months)
    good_is, target = per_row(indicators, indicator_ids, "good_is", "target", blank=np.nan)
    polarity_of_indicator = polarity_sign(good_is)
    points = classified_points(values, series, sections, polarity_of_indicator[indicator_codes], settings)
    last = np.ones(len(series), dtype=bool)
    last[:-1] = series[1:] != series[:-1]
    latest = {name: column[last] for name, column in points.items()}
    table = pd.DataFrame({
        "indicator_id": indicator_ids.to_numpy()[indicator_codes[last]],
        "locality": np.asarray(localities, dtype=object)[locality_codes[last]],
        "n_points": latest["n_points"],
        "mean": latest["mean"],
        "lcl": latest["lcl"],
        "ucl": latest["ucl"],
        "spc_signal": latest["point_type"],
    })
    table["assurance"] = assurance(latest["n_points"], latest["lcl"], latest["ucl"],
                                   target.astype("float64")[indicator_codes[last]],
                                   polarity_of_indicator[indicator_codes[last]])
    return table


def _marks(process_changes: pd.DataFrame | None, indicator_ids: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """(indicator code, month number) of each mark on an indicator in this table."""
    if process_changes is None or not len(process_changes):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = indicator_ids.get_indexer(process_changes["indicator_id"])
    kept = codes >= 0
    return codes[kept].astype(np.int64), month_numbers(process_changes["period"])[kept]
