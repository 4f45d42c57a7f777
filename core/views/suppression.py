"""Small-number suppression for public views, decided once per table and read by every view.

Corporate Parenting Boards meet in public and are broadcast. A locality can have 3 children in a
category, and a figure like that, read next to a name and a month, can identify a child.

decide_disclosure(model, policy) decides, for every indicator x month table (the whole authority and
every locality), which figures are withheld: primary (the figure rests on too few children) and
complementary (so that no withheld figure can be worked out from everything shown anywhere); see
core.disclosure for the policy and the attacker it is checked against. The view functions then only
*read* that decision:

- suppress_scorecard: one month's rated scorecard for one place. Withheld figures show `c`, are not
  rated (RAG pipeline step 3), and their numbers are blanked (value, counts, gap, last month's figure
  where last month's table withheld it); no direction is shown where either month is withheld.
- Views over other months (sparklines, the indicator history) and other places (the locality
  comparison) look up the same decision for each figure they show.
- suppression_note: one plain-English sentence for the page.

Every withheld figure shows the same mark and the same reason, whatever withheld it: telling a
small count apart from one withheld to protect it would tell an attacker which is small.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.disclosure import protect
from core.knowledge import group_sizes
from core.model import WHOLE_AUTHORITY, Dataset, Direction, Outlook, Unit
from core.present.format import format_value, mark_provisional
from core.rules.direction import compared_periods
from core.rules.outlook import OUTLOOK_FIGURES
from core.rules.rag import withheld_where_suppressed

WITHHELD = "c"  # national statistics' mark for a confidential figure
PRIMARY = "primary"  # withheld because the figure itself rests on too few children
SECONDARY = "secondary"  # withheld so that a primary one cannot be worked out
WITHHELD_RAG_REASON = "Not rated: withheld in public views (small numbers)"
WITHHELD_OUTLOOK_REASON = "No outlook: this month's figure is withheld in public views (small numbers)"

_PROPORTION_UNITS = frozenset({Unit.percent.value, Unit.rate_per_10k.value})
_AVERAGE_UNITS = frozenset({Unit.days.value, Unit.score.value, Unit.ratio.value})
_KNOWN_UNITS = frozenset(u.value for u in Unit)
CELL_KEY = ["indicator_id", "locality", "period"]
DECISION_COLUMNS = ["withheld", "reason", "unverified"]

# Columns suppress_scorecard adds.
SCORECARD_ADDED_COLUMNS: tuple[str, ...] = (
    "display_value", "suppressed", "suppression_reason", "previous_suppressed", "previous_display_value",
    "unverified_small_numbers",
)
# Columns that give away this month's value (blanked where it is withheld) ...
_CURRENT_NUMBERS = ("value", "numerator", "denominator", "gap", "published_rag")
# ... and last month's (blanked where last month's figure or this month's is withheld).
_PREVIOUS_NUMBERS = ("previous_value", "previous_numerator", "previous_denominator", "published_direction")
# Words about the series that a withheld figure's own value drives: not shown beside a withheld figure.
_SERIES_WORDS = ("spc_signal", "assurance", "trend_6m", "trend_12m", "slope_6m", "slope_12m")


class SuppressionPolicy(BaseModel):
    """How small a number must be before it is withheld from public views. The deployment's manager sets it."""

    model_config = ConfigDict(frozen=True)

    threshold: int = Field(default=5, ge=1, description="counts of 1 to threshold-1 are withheld; 1 = none")
    # A viewer may raise the deployment's threshold for themselves. What the deployment's threshold withholds then
    # stays withheld: the second pass that protects a withheld figure can pick other places at another threshold,
    # and two views side by side would give a figure away by subtraction.
    floor: int | None = Field(default=None, ge=1, description="the deployment's threshold, when this one raises it")

    @model_validator(mode="after")
    def _never_below_the_floor(self) -> SuppressionPolicy:
        if self.floor is not None and self.threshold < self.floor:
            raise ValueError(f"threshold {self.threshold} is below the deployment's {self.floor}: it may only be raised")
        return self

    @property
    def active(self) -> bool:
        return self.threshold > 1

    def describe(self) -> str:
        """The rule in words, e.g. 'Counts of 1 to 4 children are withheld (shown as c)'."""
        if not self.active:
            return "No counts are withheld"
        small = "1" if self.threshold == 2 else f"1 to {self.threshold - 1}"
        return f"Counts of {small} children are withheld (shown as {WITHHELD})"

    def legend(self) -> dict[str, str]:
        """What each mark on a public page means, for a key under a table."""
        return {WITHHELD: f"withheld: a count of 1 to {self.threshold - 1} children (or a figure built on one, or "
                          "a percentage that leaves out that few), "
                          "or a figure withheld so that such a count cannot be worked out. Zeros are shown."}

    def rag_reason(self) -> str:
        return WITHHELD_RAG_REASON


DEFAULT_POLICY = SuppressionPolicy()


# ---- the decision: once per indicator x month table ------------------------------------------------

@dataclass(frozen=True)
class Disclosure:
    """Which figures of a model are withheld under a policy: one row per (indicator_id, locality, period)."""

    policy: SuppressionPolicy
    cells: pd.DataFrame  # indexed by CELL_KEY; DECISION_COLUMNS

    def lookup(self, indicator_ids: object, localities: object, periods: object) -> pd.DataFrame:
        """DECISION_COLUMNS for each (id, locality, period) given (arrays or scalars, broadcast); not found:
        not withheld (there is no figure to show)."""
        ids, places, months = np.broadcast_arrays(np.asarray(indicator_ids, dtype=object),
                                                  np.asarray(localities, dtype=object),
                                                  np.asarray(periods, dtype=object))
        wanted = pd.MultiIndex.from_arrays([ids.ravel(), places.ravel(),
                                            pd.PeriodIndex(list(months.ravel()), freq="M")], names=CELL_KEY)
        found = self.cells.reindex(wanted)
        return pd.DataFrame({
            "withheld": found["withheld"].fillna(False).to_numpy(dtype=bool),
            "reason": found["reason"].astype("string").to_numpy(),
            "unverified": found["unverified"].fillna(False).to_numpy(dtype=bool),
        })


def _unit_classes(units: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    text = units.astype("string").where(units.astype("string").isin(_KNOWN_UNITS))
    is_count = text.eq(Unit.count.value).fillna(False).to_numpy(dtype=bool)
    is_average = text.isin(_AVERAGE_UNITS).fillna(False).to_numpy(dtype=bool)
    # percentages, rates and anything of unknown unit: judged as a proportion, the cautious reading
    return is_count, ~is_count & ~is_average, is_average


def decide_disclosure(model: Dataset, policy: SuppressionPolicy = DEFAULT_POLICY,
                      months: pd.PeriodIndex | None = None) -> Disclosure:
    """Every figure of the model, withheld or not, decided per indicator x month table (see core.disclosure).

    `months`: decide only these months' tables (a view of a few months need not decide all of them); each
    table is decided on its own figures, so a month's decision is the same either way.
    """
    obs = model.observations
    keep = obs["period"].notna().to_numpy(dtype=bool, copy=True)
    if months is not None:
        keep &= obs["period"].isin(months).to_numpy(dtype=bool)
    obs = obs[keep].drop_duplicates(CELL_KEY)  # the row every view shows
    indicators = model.indicator_frame()
    # Each indicator's facts looked up once per indicator, then spread to its rows by position.
    indicator_at, ids = pd.factorize(obs["indicator_id"])
    facts = indicators.reindex(pd.Index(ids, dtype=object))
    unit = pd.Series(_spread(facts["unit"], indicator_at), index=obs.index)
    floor_given = pd.to_numeric(pd.Series(_spread(facts["min_denominator"], indicator_at), index=obs.index),
                                errors="coerce")
    is_count, is_proportion, is_average = _unit_classes(unit)
    value, numerator, denominator = (obs[c].to_numpy(dtype="float64", na_value=np.nan)
                                     for c in ("value", "numerator", "denominator"))
    denominator = _with_group_sizes(obs, value, denominator, is_average | is_proportion)
    t = policy.threshold
    floor = np.maximum(floor_given.fillna(0).to_numpy(dtype="float64"), t)

    def small(count: np.ndarray) -> np.ndarray:
        return (count >= 1) & (count < t)

    counted = _counted(value, numerator, denominator, unit)  # the numerator, or worked out from the percentage
    left_out = denominator - counted  # 14 of 15 in suitable homes, shown as 93.3%, tells everyone 1 is not
    primary = (~np.isnan(value) & policy.active & (
        (is_count & small(value))
        | (is_proportion & (small(counted) | small(left_out) | (denominator < floor)))
        | (is_average & (denominator < t))
        | _withheld_before(obs, model.withheld_before))) | _withheld_at_floor(model, policy, months, obs)
    cells = pd.DataFrame({
        "table": _table_numbers(indicator_at, obs["period"]),
        "locality": obs["locality"].astype("string").fillna(WHOLE_AUTHORITY).to_numpy(),
        "is_total": obs["locality"].eq(WHOLE_AUTHORITY).fillna(False).to_numpy(dtype=bool),
        "count": np.where(is_count, value, np.where(is_proportion, counted, np.nan)), "primary": primary,
    })
    cells["additive"] = _additive(cells, ~np.isnan(value), is_average) & policy.active
    decided = protect(cells, t)
    complementary = decided["complementary"].to_numpy(dtype=bool, copy=True)
    # The children a proportion leaves out add up across the places too (7 left out in all, 6 in the places
    # shown: the withheld place leaves out 1). Protected the same way, starting from everything withheld so far.
    if (is_proportion & ~np.isnan(left_out)).any():
        outside = cells.assign(count=np.where(is_proportion, left_out, np.nan), primary=decided["withheld"])
        outside["additive"] = _additive(outside, ~np.isnan(value), is_average) & policy.active
        decided = protect(outside, t)
        complementary |= decided["complementary"].to_numpy(dtype=bool)
    withheld = decided["withheld"].to_numpy(dtype=bool)
    # A figure whose small numbers could not be checked: a proportion without its count, an average without its group.
    unverified = ~withheld & ~np.isnan(value) & (
        (is_proportion & np.isnan(numerator) & np.isnan(denominator))
        | (is_average & np.isnan(denominator)) | unit.isna().to_numpy())
    reason = np.where(complementary, SECONDARY, np.where(withheld, PRIMARY, None))
    frame = pd.DataFrame({"withheld": withheld, "reason": pd.array(reason, dtype="string"),
                          "unverified": unverified},
                         index=pd.MultiIndex.from_arrays([obs["indicator_id"].astype(object),
                                                          obs["locality"].astype(object),
                                                          pd.PeriodIndex(obs["period"], freq="M")], names=CELL_KEY))
    return Disclosure(policy=policy, cells=frame)


_PER = {Unit.percent.value: 100.0, Unit.rate_per_10k.value: 10_000.0}  # a proportion's figure is out of this


def _withheld_at_floor(model: Dataset, policy: SuppressionPolicy, months: pd.PeriodIndex | None,
                       obs: pd.DataFrame) -> np.ndarray:
    """The cells the deployment's own threshold withholds, when the policy raises it (see SuppressionPolicy.floor)."""
    if policy.floor is None or not 1 < policy.floor < policy.threshold:
        return np.zeros(len(obs), dtype=bool)
    at_floor = decide_disclosure(model, SuppressionPolicy(threshold=policy.floor), months).cells["withheld"]
    keys = pd.MultiIndex.from_arrays([obs["indicator_id"].astype(object), obs["locality"].astype(object),
                                      pd.PeriodIndex(obs["period"], freq="M")], names=CELL_KEY)
    return at_floor.reindex(keys).fillna(False).to_numpy(dtype=bool)


def _counted(value: np.ndarray, numerator: np.ndarray, denominator: np.ndarray, unit: pd.Series) -> np.ndarray:
    """The children a proportion counts: its numerator, or, where the workbook gives only the figure and its
    group, the share of the group (1 of 15, shown as 6.7%, is 1 child however it is given; a rate of 3.0 per
    10,000 in a population of 10,000 is 3 children)."""
    per = unit.astype(object).map(_PER).to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        from_figure = np.round(denominator * value / per)
    return np.where(np.isnan(numerator), from_figure, numerator)


def _withheld_before(obs: pd.DataFrame, before: pd.DataFrame | None) -> np.ndarray:
    """Cells an earlier publication's public view withheld. Meetings are broadcast: beside that earlier view,
    a figure shown now (the same month, restated) could give a figure withheld then away by subtraction."""
    if before is None or not len(before) or not len(obs):
        return np.zeros(len(obs), dtype=bool)
    keys = pd.MultiIndex.from_arrays([before["indicator_id"].astype(str), before["locality"].astype(str),
                                      pd.PeriodIndex(before["period"], freq="M")])
    rows = pd.MultiIndex.from_arrays([obs["indicator_id"].astype(str), obs["locality"].astype(str),
                                      pd.PeriodIndex(obs["period"], freq="M")])
    return rows.isin(keys)


def _with_group_sizes(obs: pd.DataFrame, value: np.ndarray, denominator: np.ndarray,
                     over_a_group: np.ndarray) -> np.ndarray:
    """An average's or percentage's group size where the workbook gives none: the figure of the count indicator
    it is over (knowledge/group_sizes.csv), in the same place and month; still unknown where that is."""
    links = group_sizes()
    needs = over_a_group & np.isnan(denominator) & obs["indicator_id"].isin(list(links)).to_numpy(dtype=bool)
    if not needs.any():
        return denominator
    counts = pd.Series(value, index=pd.MultiIndex.from_arrays(
        [obs["indicator_id"].astype(object), obs["locality"].astype(object), obs["period"]]))
    asked = obs[needs]
    wanted = pd.MultiIndex.from_arrays([asked["indicator_id"].astype(object).map(links),
                                        asked["locality"].astype(object), asked["period"]])
    filled = denominator.copy()
    filled[needs] = counts.reindex(wanted).to_numpy(dtype="float64", na_value=np.nan)
    return filled


def _spread(per_indicator: pd.Series, indicator_at: np.ndarray) -> np.ndarray:
    """The per-indicator values at each row's indicator position (None where the row has no indicator id)."""
    values = np.append(per_indicator.to_numpy(dtype=object), None)
    return values[indicator_at]  # position -1 (no id) takes the None appended last


def _table_numbers(indicator_at: np.ndarray, periods: pd.Series) -> np.ndarray:
    """One number per (indicator, month) table, in order of first appearance, from the two columns' codes
    (no tuple per row, as a factorised MultiIndex would build)."""
    period_at, months = pd.factorize(periods)
    return pd.factorize(indicator_at.astype("int64") * (len(months) + 1) + period_at)[0]


def _additive(cells: pd.DataFrame, has_value: np.ndarray, is_average: np.ndarray) -> np.ndarray:
    """Tables whose parts add up to a known whole-authority figure: counts, and proportions with every count given."""
    known = cells["count"].notna().to_numpy()
    table = cells["table"].to_numpy()
    size = int(table.max()) + 1 if len(table) else 0

    def any_in_table(flags: np.ndarray) -> np.ndarray:
        return np.bincount(table, weights=flags.astype("float64"), minlength=size)[table] > 0

    total_known = any_in_table(cells["is_total"].to_numpy(dtype=bool) & known)
    part_known = any_in_table(~cells["is_total"].to_numpy(dtype=bool) & known)
    count_missing = any_in_table(has_value & ~known & ~is_average)
    return ~is_average & total_known & part_known & ~count_missing


# ---- reading the decision in a view ----------------------------------------------------------------

def display_values(value: pd.Series | np.ndarray, units: pd.Series | np.ndarray, withheld: np.ndarray) -> np.ndarray:
    """Each figure formatted as every page shows it, or `c` where withheld."""
    formatted = np.array(list(map(format_value, np.asarray(value, dtype="float64"),
                                  pd.Series(units, dtype=object).where(pd.notna(units), None))), dtype=object)
    return np.where(withheld, WITHHELD, formatted)


def _blank(frame: pd.DataFrame, columns: tuple[str, ...], mask: np.ndarray) -> None:
    for column in columns:
        if column in frame:
            frame[column] = frame[column].mask(mask)


def _set_where(series: pd.Series, mask: np.ndarray, value: str) -> pd.Series:
    """series with value where mask, keeping a categorical a categorical."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        if value not in series.cat.categories:
            series = series.cat.add_categories([value])
        return series.where(~mask, value)
    return series.astype(object).where(~mask, value)


def suppress_scorecard(card: pd.DataFrame, disclosure: Disclosure, locality: str, month: pd.Period | str,
                       *, redact: bool = True) -> pd.DataFrame:
    """A rated scorecard (core.views.scorecard.build_scorecard) for one locality and month, made safe.

    Adds SCORECARD_ADDED_COLUMNS, rates withheld rows as not rated, hides their movement and, with
    redact, blanks their numbers.
    """
    month = pd.Period(month, freq="M")
    out = card.copy()
    now = disclosure.lookup(out["id"].to_numpy(dtype=object), locality, month)
    # the period 'last month' shows and the direction compares with: last quarter for a quarterly measure
    periodicity = out["periodicity"] if "periodicity" in out else np.full(len(out), None, dtype=object)
    before = disclosure.lookup(out["id"].to_numpy(dtype=object), locality, compared_periods(periodicity, month))
    withheld, previous_withheld = now["withheld"].to_numpy(), before["withheld"].to_numpy()
    units = out["unit"] if "unit" in out else pd.Series(None, index=out.index, dtype=object)
    previous = out["previous_value"] if "previous_value" in out else pd.Series(np.nan, index=out.index)
    out["display_value"] = mark_provisional(display_values(out["value"], units, withheld), out.get("note"),
                                            out["value"].notna().to_numpy() & ~withheld)
    out["suppressed"] = withheld
    out["suppression_reason"] = pd.array(now["reason"].to_numpy(), dtype="string")
    out["previous_suppressed"] = previous_withheld
    # Last month is hidden too when this month is: together they would show the movement.
    out["previous_display_value"] = display_values(previous, units, (previous_withheld | withheld)
                                                   & previous.notna().to_numpy())
    out["unverified_small_numbers"] = now["unverified"].to_numpy() & (locality != WHOLE_AUTHORITY)
    out = withheld_where_suppressed(out, withheld, WITHHELD_RAG_REASON)  # RAG pipeline step 3
    if "direction" in out:
        out["direction"] = _set_where(out["direction"], withheld | previous_withheld, Direction.not_comparable.value)
    if "outlook" in out:  # projected from the months that may be shown, it would speak past the withheld ones
        out["outlook"] = _set_where(out["outlook"], withheld, Outlook.none.value)
        if "outlook_reason" in out:
            out["outlook_reason"] = _set_where(out["outlook_reason"], withheld, WITHHELD_OUTLOOK_REASON)
        _blank(out, tuple(OUTLOOK_FIGURES), withheld)
    if redact:
        _blank(out, _CURRENT_NUMBERS + _SERIES_WORDS, withheld)
        _blank(out, _PREVIOUS_NUMBERS, withheld | previous_withheld)
    return out


# ---- the sentence under the table ------------------------------------------------------------------

def _counts(frame: pd.DataFrame) -> dict[str, int]:
    withheld = frame["suppressed"].fillna(False).astype(bool)
    previous_only = (frame["previous_suppressed"].fillna(False).astype(bool) & ~withheld
                     if "previous_suppressed" in frame else pd.Series(False, index=frame.index))
    return {"withheld": int(withheld.sum()), "previous": int(previous_only.sum())}


def suppression_note(frame_or_counts: pd.DataFrame | Mapping[str, int],
                     policy: SuppressionPolicy = DEFAULT_POLICY) -> str | None:
    """One plain-English sentence for the page saying what was withheld and why; None if nothing was.

    Takes a frame from suppress_scorecard (or any frame with `suppressed`), or counts such as
    {'withheld': 3, 'previous': 0}. It never says which withheld figures are the small ones.
    """
    counts = _counts(frame_or_counts) if isinstance(frame_or_counts, pd.DataFrame) else dict(frame_or_counts)
    withheld, previous = counts.get("withheld", 0), counts.get("previous", 0)
    if withheld + previous == 0:
        return None
    clauses: list[str] = []
    if withheld:
        figures = "1 figure is" if withheld == 1 else f"{withheld} figures are"
        clauses.append(f"{figures} withheld (shown as {WITHHELD}): counts of fewer than {policy.threshold} "
                       "children, and figures that would let such a count be worked out")
    if previous:
        clauses.append(f"{'1 movement' if previous == 1 else f'{previous} movements'} from last month "
                       f"{'is' if previous == 1 else 'are'} hidden because last month's figure was withheld")
    sentence = "; ".join(clauses)
    return f"{sentence[0].upper()}{sentence[1:]}. Meetings are public."
