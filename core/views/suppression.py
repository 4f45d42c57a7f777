"""Small-number suppression for public locality views.

Corporate Parenting Boards meet in public and are broadcast. A locality can have 3 children in a
category, and a figure like that, read next to a name and a month, can identify a child. National
statistics replace such counts with `c`; councils withhold counts under 5 (or 10) in public answers.

What this module does, in the order a page needs it:

- **Primary suppression** (locality rows only; council-wide figures are published anyway):
  a count of 1 to threshold-1 is shown as `<5`; a percentage or rate built on such a count, or on a
  group smaller than max(threshold, the indicator's min_denominator), is shown as `c`; an average
  (days, score, ratio) over fewer than threshold children is shown as `c`. 0 identifies no one and
  is shown.
- **Ratings and movements**: a withheld figure is not rated, and the direction of travel is hidden
  when either this month's or last month's figure is withheld (a movement can reveal a small number).
- **Secondary suppression** in a table of localities shown with their total: if exactly one part is
  hidden it could be worked out as total minus the others, so one more part is hidden.
- **A note**: one plain-English sentence for the page saying what was withheld and why.

By default the hidden numbers are also blanked (value, numerator, denominator, previous month and
`gap`), so that nothing downstream (a chart, a sort, a CSV export) can leak them. Any other column
derived from the value must be computed after suppression or dropped from public views.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from core.model import WHOLE_AUTHORITY, Direction, Unit
from core.present.format import format_value
from core.rules.rag import withheld_where_suppressed

WITHHELD = "c"  # national statistics' mark for a confidential figure
PRIMARY = "primary"  # withheld because the figure itself rests on too few children
SECONDARY = "secondary"  # withheld so that a primary one cannot be worked out from the total

# A value built from a count of children (numerator) out of a group (denominator).
_PROPORTION_UNITS = frozenset({Unit.percent.value, Unit.rate_per_10k.value})
# An average over a group of children: only the group size (denominator) matters.
_AVERAGE_UNITS = frozenset({Unit.days.value, Unit.score.value, Unit.ratio.value})
_KNOWN_UNITS = frozenset(u.value for u in Unit)

# Columns of a scorecard frame that may be absent: treated as NA.
SCORECARD_OPTIONAL_COLUMNS: tuple[str, ...] = (
    "value", "previous_value", "numerator", "denominator", "previous_numerator", "previous_denominator",
    "rag", "rag_reason", "direction", "min_denominator",
)
# Columns suppress_scorecard adds.
SCORECARD_ADDED_COLUMNS: tuple[str, ...] = (
    "display_value", "suppressed", "suppression_reason", "suppressed_below",
    "previous_suppressed", "previous_display_value", "unverified_small_numbers",
)
# Columns suppress_breakdown adds.
BREAKDOWN_ADDED_COLUMNS: tuple[str, ...] = (
    "display_value", "suppressed", "suppression_reason", "suppressed_below", "unverified_small_numbers",
)
# Columns that give away this month's value (blanked where it is withheld) ...
_CURRENT_NUMBERS = ("value", "numerator", "denominator", "gap", "published_rag")
# ... and last month's (blanked where the movement is withheld).
_PREVIOUS_NUMBERS = ("previous_value", "previous_numerator", "previous_denominator", "published_direction")


class SuppressionPolicy(BaseModel):
    """How small a number must be before it is withheld from public views. Managers own it."""

    model_config = ConfigDict(frozen=True)

    threshold: int = Field(default=5, ge=1, description="counts of 1 to threshold-1 are withheld; 1 = none")

    @property
    def small_count_label(self) -> str:
        """What a withheld count shows instead of its value, e.g. '<5'."""
        return f"<{self.threshold}"

    @property
    def active(self) -> bool:
        return self.threshold > 1

    def describe(self) -> str:
        """The rule in words, e.g. 'Counts of 1 to 4 are shown as <5'."""
        if not self.active:
            return "No counts are withheld"
        if self.threshold == 2:
            return "Counts of 1 are shown as <2"
        return f"Counts of 1 to {self.threshold - 1} are shown as {self.small_count_label}"

    def legend(self) -> dict[str, str]:
        """What each mark on a public page means, for a key under a table."""
        return {
            self.small_count_label: f"a count of 1 to {self.threshold - 1} children, withheld",
            WITHHELD: f"withheld: built on fewer than {self.threshold} children, or hidden so that such a "
                      "figure cannot be worked out",
        }

    def rag_reason(self, below: int | None = None) -> str:
        return f"Not rated: fewer than {below or self.threshold} children, withheld in public views"


DEFAULT_POLICY = SuppressionPolicy()
SECONDARY_RAG_REASON = "Not rated: withheld in public views so that small numbers cannot be worked out"


# ---- primary suppression: one figure on its own -------------------------------------------------

def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    """A numeric column as float64 with NaN for anything missing (absent column = all NaN)."""
    if column not in frame:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def _units(unit: pd.Series) -> pd.Series:
    """Unit values as plain strings (Unit members, strings or NA in; NA out for anything unknown)."""
    as_text = unit.astype("string")
    return as_text.where(as_text.isin(_KNOWN_UNITS))


def _primary(units: pd.Series, value: pd.Series, numerator: pd.Series, denominator: pd.Series,
             min_denominator: pd.Series, policy: SuppressionPolicy) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Which figures rest on too few children, judged one row at a time.

    Returns (withheld, small_count, below): small_count marks counts shown as '<5'; below is the
    number of children the figure falls short of (the threshold, or a larger min_denominator).
    An unknown unit is judged like a percentage, the cautious reading when we do not know.
    """
    threshold = policy.threshold
    is_count = units.eq(Unit.count.value).fillna(False).astype(bool)
    is_average = units.isin(_AVERAGE_UNITS).fillna(False).astype(bool)
    is_proportion = ~is_count & ~is_average  # percent, rate, or unknown
    floor = min_denominator.fillna(0).clip(lower=threshold)

    def small(count: pd.Series) -> pd.Series:
        return count.gt(0) & count.lt(threshold)

    small_count = is_count & small(value)
    small_numerator = is_proportion & small(numerator)
    small_group = ~is_count & denominator.lt(threshold)
    below_floor = is_proportion & denominator.lt(floor)
    withheld = value.notna() & (small_count | small_numerator | small_group | below_floor) & policy.active
    below = pd.Series(
        np.where(small_count | small_numerator | small_group, threshold, np.where(below_floor, floor, np.nan)),
        index=value.index,
    ).where(withheld).astype("Int64")
    return withheld, small_count & withheld, below


def _unverified(units: pd.Series, value: pd.Series, numerator: pd.Series, denominator: pd.Series,
                shown: pd.Series) -> pd.Series:
    """Shown figures whose small numbers could not be checked (no numerator or denominator given)."""
    is_average = units.isin(_AVERAGE_UNITS).fillna(False).astype(bool)
    is_proportion = units.isin(_PROPORTION_UNITS).fillna(False).astype(bool)
    unknown = units.isna()
    cannot_check = (
        (is_proportion & numerator.isna() & denominator.isna())
        | (is_average & denominator.isna())
        | unknown
    )
    return shown & value.notna() & cannot_check


def _display(value: pd.Series, units: pd.Series, withheld: pd.Series, small_count: pd.Series,
             policy: SuppressionPolicy) -> pd.Series:
    # format_value is the one formatter every page shares; it is scalar, so this is a map over at
    # most one scorecard's rows (or one table of localities).
    formatted = pd.Series(
        list(map(format_value, value.to_numpy(), units.to_numpy(dtype=object, na_value=None))),
        index=value.index, dtype="string",
    )
    marks = pd.Series(np.where(small_count, policy.small_count_label, WITHHELD), index=value.index, dtype="string")
    return formatted.where(~withheld, marks)


_NUMERIC_COLUMNS = frozenset({
    "value", "previous_value", "numerator", "denominator", "previous_numerator", "previous_denominator",
    "min_denominator",
})


def _with_missing_columns(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """A copy of frame with any absent columns added as missing (NaN for numbers, NA for words)."""
    out = frame.copy()
    for column in columns:
        if column not in out:
            out[column] = (pd.Series(np.nan, index=out.index, dtype="float64") if column in _NUMERIC_COLUMNS
                           else pd.Series(pd.NA, index=out.index, dtype=object))
    return out


def _set_where(series: pd.Series, mask: pd.Series, value: str) -> pd.Series:
    """series with value where mask, keeping a categorical a categorical."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        if value not in series.cat.categories:
            series = series.cat.add_categories([value])
        return series.where(~mask, value)
    return series.astype(object).where(~mask, value)


def _blank(frame: pd.DataFrame, columns: tuple[str, ...], mask: pd.Series) -> None:
    for column in columns:
        if column in frame:
            frame[column] = frame[column].mask(mask)


# ---- a scorecard: many indicators, one locality, one month ---------------------------------------

def suppress_scorecard(frame: pd.DataFrame, policy: SuppressionPolicy = DEFAULT_POLICY,
                       locality: str | None = None, *, redact: bool = True) -> pd.DataFrame:
    """A scorecard frame made safe for a public view.

    frame: one row per indicator with unit, value, previous_value, numerator, denominator,
    previous_numerator, previous_denominator, rag, rag_reason, direction, min_denominator (any
    missing are treated as NA). locality: the locality every row belongs to; None reads a
    `locality` column instead. Adds SCORECARD_ADDED_COLUMNS, marks withheld rows not rated and hides
    their movement (see apply_to_ratings), and with redact blanks the withheld numbers.
    """
    out = _with_missing_columns(frame, SCORECARD_OPTIONAL_COLUMNS)
    if locality is None and "locality" not in out:
        raise ValueError("say which locality the scorecard is for, or give it a locality column")
    where = out["locality"] if locality is None else pd.Series(locality, index=out.index)
    in_locality = where.ne(WHOLE_AUTHORITY).fillna(True).astype(bool)  # unknown locality: be careful

    units = _units(out["unit"]) if "unit" in out else pd.Series(pd.NA, index=out.index, dtype="string")
    min_denominator = _numbers(out, "min_denominator")
    value, numerator, denominator = (_numbers(out, c) for c in ("value", "numerator", "denominator"))
    previous, previous_numerator, previous_denominator = (
        _numbers(out, c) for c in ("previous_value", "previous_numerator", "previous_denominator"))

    withheld, small_count, below = _primary(units, value, numerator, denominator, min_denominator, policy)
    withheld &= in_locality
    previous_withheld, previous_small, _ = _primary(
        units, previous, previous_numerator, previous_denominator, min_denominator, policy)
    previous_withheld &= in_locality

    out["display_value"] = _display(value, units, withheld, small_count & withheld, policy)
    out["suppressed"] = withheld
    out["suppression_reason"] = pd.Series(pd.NA, index=out.index, dtype="string").mask(withheld, PRIMARY)
    out["suppressed_below"] = below.where(withheld)
    out["previous_suppressed"] = previous_withheld
    # Last month is hidden too when this month is: together they would show the movement.
    out["previous_display_value"] = _display(
        previous, units, (previous_withheld | withheld) & previous.notna(),
        previous_small & previous_withheld, policy)
    out["unverified_small_numbers"] = _unverified(units, value, numerator, denominator, in_locality & ~withheld)

    out = apply_to_ratings(out, policy)
    if redact:
        _blank(out, _CURRENT_NUMBERS, withheld)
        _blank(out, _PREVIOUS_NUMBERS, withheld | previous_withheld)
    return out


def apply_to_ratings(frame: pd.DataFrame, policy: SuppressionPolicy = DEFAULT_POLICY) -> pd.DataFrame:
    """Withheld figures are not rated, and no movement is shown where either month is withheld.

    Reads `suppressed` (required), `previous_suppressed`, `suppression_reason` and `suppressed_below`
    (optional); sets rag, rag_reason and direction (created if absent). Returns a copy.
    """
    out = _with_missing_columns(frame, ("rag", "rag_reason", "direction"))
    withheld = out["suppressed"].fillna(False).astype(bool)
    previous_withheld = (out["previous_suppressed"].fillna(False).astype(bool)
                         if "previous_suppressed" in out else pd.Series(False, index=out.index))
    secondary = (out["suppression_reason"].eq(SECONDARY).fillna(False).astype(bool)
                 if "suppression_reason" in out else pd.Series(False, index=out.index))
    below = (out["suppressed_below"].astype("Int64").fillna(policy.threshold)
             if "suppressed_below" in out else pd.Series(policy.threshold, index=out.index))

    reasons = pd.Series("Not rated: fewer than ", index=out.index) + below.astype(str) + (
        " children, withheld in public views")
    reasons = reasons.where(~secondary, SECONDARY_RAG_REASON)
    out = withheld_where_suppressed(out, withheld.to_numpy(), reasons.to_numpy(dtype=object))  # RAG step 3
    out["direction"] = _set_where(out["direction"], withheld | previous_withheld, Direction.not_comparable.value)
    return out


# ---- a breakdown: one indicator and month, every locality and the total ---------------------------

def suppress_breakdown(parts: pd.DataFrame, total_value: float | None, unit: Unit | str | None,
                       policy: SuppressionPolicy = DEFAULT_POLICY, min_denominator: float | None = None,
                       *, redact: bool = True) -> pd.DataFrame:
    """The locality comparison table made safe for a public view.

    parts: one row per locality with locality, value, numerator, denominator (the last two may be
    absent). A WHOLE_AUTHORITY row, if included, is shown and never counted as a part. total_value:
    the whole-authority figure shown with the parts. Adds BREAKDOWN_ADDED_COLUMNS; suppression_reason
    is 'primary', 'secondary' or NA. Row order is kept.

    Secondary rule, for counts and for the numerators of percentages and rates: if exactly one part
    is withheld, it is total minus the others, so the smallest other non-zero part is withheld too
    (ties: first by locality name; a zero only if nothing else is left). If the total itself is
    fewer than the threshold, every part is withheld. Averages are not additive and get no
    secondary suppression.
    """
    out = _with_missing_columns(parts, ("value", "numerator", "denominator"))
    is_part = out["locality"].ne(WHOLE_AUTHORITY).fillna(True).astype(bool)
    known = _units(pd.Series([unit], dtype=object)).iloc[0]
    unit_text = None if pd.isna(known) else str(known)
    units = pd.Series(unit_text, index=out.index, dtype="string")
    value, numerator, denominator = (_numbers(out, c) for c in ("value", "numerator", "denominator"))
    floors = pd.Series(np.nan if min_denominator is None else float(min_denominator), index=out.index)

    primary, small_count, below = _primary(units, value, numerator, denominator, floors, policy)
    primary &= is_part
    secondary = _secondary(out["locality"], value, numerator, total_value, unit_text, primary,
                           is_part & value.notna(), policy)

    withheld = primary | secondary
    out["display_value"] = _display(value, units, withheld, small_count & primary, policy)
    out["suppressed"] = withheld
    out["suppression_reason"] = (pd.Series(pd.NA, index=out.index, dtype="string")
                                 .mask(secondary, SECONDARY).mask(primary, PRIMARY))
    out["suppressed_below"] = below.where(primary)
    out["unverified_small_numbers"] = _unverified(units, value, numerator, denominator, is_part & ~withheld)
    if redact:
        _blank(out, ("value", "numerator", "denominator"), withheld)
    return out


def _secondary(locality: pd.Series, value: pd.Series, numerator: pd.Series, total_value: float | None,
               unit: str | None, primary: pd.Series, candidate: pd.Series,
               policy: SuppressionPolicy) -> pd.Series:
    """The parts to withhold so the primary ones cannot be worked out from the total."""
    none = pd.Series(False, index=value.index)
    if unit == Unit.count.value:
        additive = value
        total = value[candidate].sum() if pd.isna(total_value) else float(total_value)
    elif unit in _PROPORTION_UNITS:
        additive = numerator  # the children counted; the percentage itself does not add up
        total = additive[candidate].sum() if additive[candidate].notna().all() else np.nan
    else:
        return none
    if not policy.active:
        return none
    if 0 < total < policy.threshold:
        return candidate & ~primary
    if int(primary.sum()) != 1:
        return none

    others = candidate & ~primary & additive.notna()
    non_zero = others & additive.gt(0)
    pool = non_zero if non_zero.any() else others
    if not pool.any():
        return none
    ranked = pd.DataFrame({"additive": additive[pool], "locality": locality[pool].astype("string")})
    chosen = ranked.sort_values(["additive", "locality"], kind="stable").index[0]
    return none | (value.index == chosen)


# ---- the sentence under the table ------------------------------------------------------------------

def _counts(frame: pd.DataFrame) -> dict[str, int]:
    reason = (frame["suppression_reason"] if "suppression_reason" in frame
              else pd.Series(pd.NA, index=frame.index, dtype="string"))
    withheld = frame["suppressed"].fillna(False).astype(bool)
    previous_only = (frame["previous_suppressed"].fillna(False).astype(bool) & ~withheld
                     if "previous_suppressed" in frame else pd.Series(False, index=frame.index))
    below = frame["suppressed_below"] if "suppressed_below" in frame else pd.Series(dtype="Int64")
    return {
        PRIMARY: int((withheld & reason.ne(SECONDARY).fillna(True)).sum()),
        SECONDARY: int((withheld & reason.eq(SECONDARY).fillna(False)).sum()),
        "previous": int(previous_only.sum()),
        "largest_below": int(below.max()) if below.notna().any() else 0,
    }


def _figures(n: int) -> str:
    return "1 figure is" if n == 1 else f"{n} figures are"


def suppression_note(frame_or_counts: pd.DataFrame | Mapping[str, int],
                     policy: SuppressionPolicy = DEFAULT_POLICY) -> str | None:
    """One plain-English sentence for the page saying what was withheld and why; None if nothing was.

    Takes a frame from suppress_scorecard / suppress_breakdown, or counts such as
    {'primary': 3, 'secondary': 1, 'previous': 0}.
    """
    counts = _counts(frame_or_counts) if isinstance(frame_or_counts, pd.DataFrame) else dict(frame_or_counts)
    primary, secondary = counts.get(PRIMARY, 0), counts.get(SECONDARY, 0)
    previous, largest_below = counts.get("previous", 0), counts.get("largest_below", 0)
    if primary + secondary + previous == 0:
        return None

    t = policy.threshold
    clauses: list[str] = []
    if primary:
        count_words = "it counts" if primary == 1 else "they count"
        # a min_denominator above the threshold withholds figures on more than t children too
        bigger_groups = ("" if largest_below <= t else " or rests on a group too small to publish"
                         if primary == 1 else " or rest on groups too small to publish")
        clauses.append(f"{_figures(primary)} withheld because {count_words} fewer than {t} children"
                       f"{bigger_groups} (shown as {policy.small_count_label} or {WITHHELD})")
    if secondary:
        clauses.append(f"{secondary} more {'is' if secondary == 1 else 'are'} withheld so the hidden ones "
                       "cannot be worked out from the total" if primary else
                       f"{_figures(secondary)} withheld so that small numbers cannot be worked out from the total")
    if previous:
        clauses.append(f"{'1 movement' if previous == 1 else f'{previous} movements'} from last month "
                       f"{'is' if previous == 1 else 'are'} hidden because last month's figure was withheld")
    sentence = "; ".join(clauses)
    return f"{sentence[0].upper()}{sentence[1:]}. Meetings are public."
