"""RAG: every rating is decided here, by a short pipeline of named steps.

    1. rate_against_target            green / amber / red against target and amber band (no_data, not_rated
                                      where there is no value, target, polarity or unit)
    2. not_rated_where_target_does_not_apply   a council-wide count target is not held against a locality
    3. withheld_where_suppressed      a figure withheld in public views is not rated (core.views.suppression
                                      decides which figures; this step says what that does to the rating)

Each step sets the rating and its reason together (set_rating), so a reason always explains the rating
shown. core.views.scorecard runs steps 1 and 2; core.views.suppression runs step 3.

rate() is the hot path of the what-if page (30,000 rows re-rated per keystroke), so it works on
numpy arrays gathered once per indicator; rag_reasons() builds the words and is meant for the
rows being shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.model import (
    DEFAULT_AMBER_BAND,
    WHOLE_AUTHORITY,
    BandKind,
    GoodIs,
    MissingReason,
    Rag,
    Unit,
    check_bands,
)
from core.model.scenario import OVERRIDE_COLUMNS
from core.model.targets import targets_in_force
from core.present.format import format_values, format_widths
from core.rules.polarity import indicator_positions, polarity_sign

RAG_CATEGORIES = [r.value for r in Rag]
DECIMALS = 6  # differences are rounded to this many places before comparing, to drop float noise

# rag codes are positions in RAG_CATEGORIES
_GREEN, _AMBER, _RED, _NOT_RATED, _NO_DATA = range(len(RAG_CATEGORIES))


def effective_indicators(indicators: pd.DataFrame, overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """The indicator frame with what-if targets and bands applied; NaN in an override keeps the official value.

    A missing band (kind or width) falls back to DEFAULT_AMBER_BAND, the one place the default lives.
    """
    effective = indicators.copy()
    if overrides is not None and len(overrides):
        unknown = set(overrides.columns) - set(OVERRIDE_COLUMNS)
        if unknown:
            raise ValueError(f"overrides can only set {', '.join(OVERRIDE_COLUMNS)}; got {', '.join(sorted(unknown))}")
        known = overrides.loc[overrides.index.isin(effective.index)]
        for column in OVERRIDE_COLUMNS:
            if column in known:
                given = known[column].dropna()
                effective.loc[given.index, column] = given.to_numpy()
    missing_band = effective["band_kind"].isna() | effective["band_value"].isna()
    effective.loc[missing_band, "band_kind"] = DEFAULT_AMBER_BAND.kind.value
    effective.loc[missing_band, "band_value"] = DEFAULT_AMBER_BAND.value
    effective["target"] = effective["target"].astype("float64")
    effective["band_value"] = effective["band_value"].astype("float64")
    check_bands(effective.index, effective["band_kind"], effective["band_value"])
    return effective



def amber_widths(target: np.ndarray, band_kind: np.ndarray, band_value: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """How far on the worse side of target (in the value's unit) a value may sit and still be amber.

    Relative bands are a percentage of |target|, so a target of 0 has no amber band at all. An
    intervention level on the wrong side of the target also leaves no amber band.
    """
    return _widths(target, band_kind_codes(band_kind), band_value, sign)


_ABSOLUTE, _RELATIVE, _INTERVENTION = range(3)  # band kinds as small integers, for the hot path


def band_kind_codes(band_kind: np.ndarray | pd.Series) -> np.ndarray:
    kinds = pd.Series(np.asarray(band_kind, dtype=object), dtype=object)
    kinds = kinds.where(kinds.notna(), None).to_numpy(dtype=object)  # NA compares as neither kind
    return np.select([kinds == BandKind.absolute.value, kinds == BandKind.relative.value],
                     [_ABSOLUTE, _RELATIVE], _INTERVENTION).astype(np.int8)


def _widths(target: np.ndarray, kind_code: np.ndarray, band_value: np.ndarray, sign: np.ndarray) -> np.ndarray:
    absolute = band_value
    relative = np.abs(target) * band_value / 100.0
    intervention = np.maximum(sign * (target - band_value), 0.0)
    return np.select([kind_code == _ABSOLUTE, kind_code == _RELATIVE], [absolute, relative], intervention)


def dated_targets(targets: pd.DataFrame, overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """The dated targets with what-if overrides on top: a what-if target (or band) holds for every month."""
    if overrides is None or not len(overrides) or targets.empty:
        return targets
    out = targets.copy()
    for override, columns in (("target", ["target", "target_text"]), ("band_kind", ["band_kind", "band_value"])):
        if override in overrides:
            moved = overrides.index[overrides[override].notna()]
            out.loc[out["indicator_id"].isin(moved), columns] = pd.NA
    return out


def rate(observations: pd.DataFrame, indicators: pd.DataFrame, overrides: pd.DataFrame | None = None,
         targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """The observations with target, band_kind, band_value, unit, good_is, rag and gap added.

    gap is the signed distance to target, positive = better (NaN when not rated). rag is a
    categorical of Rag values. A missing value is no_data whatever else is true of the indicator.
    `targets` (Dataset.targets) are the targets in force from a month: each row is rated against the
    one in force in its own month, what-if overrides on top.
    """
    dated = None if targets is None else dated_targets(targets, overrides)
    return rate_against(observations, effective_indicators(indicators, overrides), dated)


def rate_against(observations: pd.DataFrame, effective: pd.DataFrame,
                 targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """rate() with an indicator frame that effective_indicators() has already prepared."""
    # Gather per-indicator columns to observation rows once; -1 (an indicator not in the list) picks the blank.
    row_of = indicator_positions(effective.index, observations["indicator_id"])

    def gather(per_indicator: np.ndarray, blank: object) -> np.ndarray:
        return np.concatenate([per_indicator, np.array([blank], dtype=per_indicator.dtype)])[row_of]

    row_sign = gather(polarity_sign(effective["good_is"]), 0.0)
    row_target = gather(effective["target"].to_numpy(dtype="float64"), np.nan)
    row_kind_code = gather(band_kind_codes(effective["band_kind"]), _INTERVENTION)
    row_band = gather(effective["band_value"].to_numpy(dtype="float64"), np.nan)
    words = effective["target_text"] if "target_text" in effective else pd.Series(None, index=effective.index)
    row_words = gather(words.astype(object).where(words.notna(), None).to_numpy(dtype=object), None)
    row_has_unit = gather(effective["unit"].notna().to_numpy(dtype=bool), False)
    dated = banded = None
    if targets is not None and len(targets):  # each row against the target in force in its month
        found = targets_in_force(observations[["indicator_id", "period"]], targets)
        dated, banded = found["dated"].to_numpy(), found["banded"].to_numpy()
        row_target = np.where(dated, found["target"].to_numpy(dtype="float64"), row_target)
        row_words = np.where(dated, found["target_text"].astype(object).where(found["target_text"].notna(), None)
                             .to_numpy(dtype=object), row_words)
        row_kind_code = np.where(banded, band_kind_codes(found["band_kind"]), row_kind_code)
        row_band = np.where(banded, found["band_value"].to_numpy(dtype="float64"), row_band)
    row_width = _widths(row_target, row_kind_code, row_band, row_sign)
    ratable = (row_sign != 0) & ~np.isnan(row_target) & row_has_unit
    value = observations["value"].to_numpy(dtype="float64", na_value=np.nan)
    gap = np.round(row_sign * (value - row_target), DECIMALS)
    codes = np.select(
        [np.isnan(value), ~ratable, gap >= 0, np.round(gap + row_width, DECIMALS) >= 0],
        [_NO_DATA, _NOT_RATED, _GREEN, _AMBER],
        _RED,
    )
    row_kind = gather(effective["band_kind"].to_numpy(dtype=object), None)
    if banded is not None:
        row_kind = np.where(banded, found["band_kind"].to_numpy(dtype=object), row_kind)
    unit = gather(effective["unit"].to_numpy(dtype=object), None)
    rated = observations.copy(deep=False)
    rated["target"] = row_target
    rated["band_kind"] = pd.Series(row_kind, index=rated.index, dtype=object)
    rated["band_value"] = row_band
    rated["target_text"] = pd.Series(row_words, index=rated.index, dtype=object)
    rated["unit"] = pd.Series(unit, index=rated.index, dtype=object)
    rated["good_is"] = pd.Series(gather(effective["good_is"].to_numpy(dtype=object), None), index=rated.index,
                                 dtype=object)
    rated["rag"] = pd.Categorical.from_codes(codes, categories=RAG_CATEGORIES)
    rated["gap"] = np.where(codes <= _RED, gap, np.nan)
    return rated


# ---- the words -----------------------------------------------------------------------------------

NO_DATA_WORDS = {
    MissingReason.not_applicable.value: "not applicable",
    MissingReason.not_yet_reported.value: "not yet reported",
    MissingReason.published_later.value: "published later",
    MissingReason.suppressed.value: "suppressed (small number)",
    MissingReason.blank.value: "blank cell",
}
NO_VALUE_WORDS = "no value for this month"


@dataclass(frozen=True)
class _ReasonInputs:
    """The columns reasons are built from, as numpy arrays (object arrays hold None for missing)."""

    value: np.ndarray
    target: np.ndarray
    band_kind: np.ndarray
    band_value: np.ndarray
    unit: np.ndarray
    good_is: np.ndarray
    rag: np.ndarray
    missing_reason: np.ndarray
    note: np.ndarray
    target_text: np.ndarray

    @classmethod
    def of(cls, rated: pd.DataFrame) -> _ReasonInputs:
        def text(column: str) -> np.ndarray:
            if column not in rated:
                return np.full(len(rated), None, dtype=object)
            values = rated[column]
            return values.astype(object).where(values.notna(), None).to_numpy(dtype=object)

        return cls(value=rated["value"].to_numpy(dtype="float64", na_value=np.nan),
                   target=rated["target"].to_numpy(dtype="float64", na_value=np.nan),
                   band_kind=text("band_kind"), band_value=rated["band_value"].to_numpy(dtype="float64"),
                   unit=text("unit"), good_is=text("good_is"), rag=text("rag"),
                   missing_reason=text("missing_reason"), note=text("note"), target_text=text("target_text"))

    def rows(self, chosen: np.ndarray) -> _ReasonInputs:
        return _ReasonInputs(**{name: getattr(self, name)[chosen] for name in self.__dataclass_fields__})


def _no_data_reasons(rows: _ReasonInputs) -> np.ndarray:
    words = pd.Series(rows.missing_reason, dtype=object).map(NO_DATA_WORDS).fillna(NO_VALUE_WORDS)
    words = words.to_numpy(dtype=object)
    # 'Data published September 2023' says when: worth keeping
    with_note = (rows.missing_reason == MissingReason.published_later.value) & pd.notna(rows.note)
    words[with_note] = words[with_note] + " (" + rows.note[with_note].astype(str) + ")"
    return "No data: " + words


def _not_rated_reasons(rows: _ReasonInputs) -> np.ndarray:
    in_words = np.isnan(rows.target) & pd.notna(rows.target_text)
    words = "Not rated: the target is in words ('" + rows.target_text.astype(str) + "')"
    return np.select(
        [rows.good_is == GoodIs.neutral.value, in_words, np.isnan(rows.target),
         (rows.good_is != GoodIs.high.value) & (rows.good_is != GoodIs.low.value), pd.isna(rows.unit)],
        ["Not rated: neutral indicator (shown for context)", words, "Not rated: no target",
         "Not rated: polarity unknown", "Not rated: unit unknown"],
        "Not rated",
    ).astype(object)


def _band_words(rows: _ReasonInputs) -> np.ndarray:
    """The amber band in brackets, as it applied to each row."""
    sign = polarity_sign(rows.good_is)
    width = amber_widths(rows.target, rows.band_kind, rows.band_value, sign)
    percent = np.frompyfunc("{:g}% of target".format, 1, 1)(rows.band_value)
    level = format_values(rows.band_value, rows.unit)
    absolute = "(amber band " + format_widths(rows.band_value, rows.unit) + ")"
    relative = "(amber band " + percent + " = " + format_widths(width, rows.unit) + ")"
    relative_at_zero = "(amber band " + percent + ", which is 0 at a target of 0)"
    towards = np.where(sign > 0, "down to", "up to").astype(object)
    intervention = "(amber band " + towards + " the " + level + " intervention level)"
    wrong_side = "(intervention level " + level + " is not worse than the target, so no amber band)"
    is_relative = rows.band_kind == BandKind.relative.value
    return np.select(
        [rows.band_kind == BandKind.absolute.value, is_relative & (np.round(rows.target, DECIMALS) == 0),
         is_relative, (rows.band_kind == BandKind.intervention.value) & (np.round(width, DECIMALS) <= 0)],
        [absolute, relative_at_zero, relative, wrong_side],
        intervention,
    )


def _scored_reasons(rows: _ReasonInputs) -> np.ndarray:
    difference = rows.value - rows.target
    label = np.array([r.capitalize() for r in RAG_CATEGORIES], dtype=object)[
        pd.Categorical(rows.rag, categories=RAG_CATEGORIES).codes]
    lead = label + ": " + format_values(rows.value, rows.unit) + " is "
    target_words = " the " + format_values(rows.target, rows.unit) + " target"
    side = np.where(difference > 0, " above", " below").astype(object)
    reasons = np.where(np.round(difference, DECIMALS) == 0,
                       lead + "at" + target_words,
                       lead + format_widths(np.abs(difference), rows.unit) + side + target_words)
    not_green = rows.rag != Rag.green.value
    reasons[not_green] = reasons[not_green] + " " + _band_words(rows.rows(not_green))
    return reasons


def rag_reasons(rated: pd.DataFrame) -> pd.Series:
    """One line in words for each rated row, e.g. 'Red: 61.5% is 8.5 pp below the 70.0% target (amber band 5.0 pp)'.

    Builds strings, so call it on the rows being shown rather than the whole table when that is large.
    """
    inputs = _ReasonInputs.of(rated)
    reasons = np.full(len(rated), "", dtype=object)
    scored = np.isin(inputs.rag, [Rag.green.value, Rag.amber.value, Rag.red.value])
    for chosen, build in ((inputs.rag == Rag.no_data.value, _no_data_reasons),
                          (inputs.rag == Rag.not_rated.value, _not_rated_reasons),
                          (scored, _scored_reasons)):
        if chosen.any():
            reasons[chosen] = build(inputs.rows(chosen))
    return pd.Series(reasons, index=rated.index, dtype=object)


# ---- the pipeline steps --------------------------------------------------------------------------

def set_rating(rated: pd.DataFrame, where: np.ndarray, rag: Rag, reasons: object) -> pd.DataFrame:
    """The rating and its reason, set together where `where` holds (gap cleared: nothing was scored)."""
    where = np.asarray(where, dtype=bool)
    if not where.any():
        return rated
    out = rated.copy()
    codes = pd.Categorical(out["rag"], categories=RAG_CATEGORIES)
    out["rag"] = pd.Categorical(np.where(where, rag.value, codes.astype(object)), categories=RAG_CATEGORIES)
    reasons = np.broadcast_to(np.asarray(reasons, dtype=object), (len(out),))
    out["rag_reason"] = np.where(where, reasons, out["rag_reason"].to_numpy(dtype=object))
    if "gap" in out:
        out["gap"] = np.where(where, np.nan, out["gap"].to_numpy(dtype="float64"))
    return out


def rate_against_target(rows: pd.DataFrame, effective: pd.DataFrame,
                        targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Step 1: rag, gap and rag_reason for each row against the target and amber band in force in its month."""
    rated = rate_against(rows, effective, targets)
    rated["rag_reason"] = rag_reasons(rated)
    return rated


def not_rated_where_target_does_not_apply(rated: pd.DataFrame, locality: str) -> pd.DataFrame:
    """Step 2: a count target ('no more than 420 children in care') is set for the whole authority.

    Held against one locality's count it would call every locality green, so in a locality view counts
    are shown with their direction but not rated. Percentages, rates and averages compare.
    """
    council_count = ~target_applies(rated, locality)
    reasons = ("Not rated: the " + format_values(rated["target"], rated["unit"])
               + " target is for the whole authority, not one locality")
    return set_rating(rated, council_count, Rag.not_rated, reasons)


def council_wide_targets(frame: pd.DataFrame, locality: str | None = None) -> np.ndarray:
    """True where a row's target is a count for the whole authority and the row is a locality's: the target is
    not that locality's (a locality of 39 children is not 'under' a council's target of 420). Without
    `locality`, each row's own locality column says whose it is."""
    in_locality = (np.full(len(frame), locality != WHOLE_AUTHORITY) if locality is not None
                   else frame["locality"].ne(WHOLE_AUTHORITY).fillna(False).to_numpy(dtype=bool))
    return (in_locality & (frame["unit"] == Unit.count.value).fillna(False).to_numpy(dtype=bool)
            & frame["target"].notna().to_numpy())


def target_applies(rated: pd.DataFrame, locality: str) -> np.ndarray:
    """False where step 2 holds: the row has a figure and its target is a council-wide count."""
    return ~(council_wide_targets(rated, locality) & rated["value"].notna().to_numpy())


def withheld_where_suppressed(rated: pd.DataFrame, withheld: np.ndarray, reasons: object) -> pd.DataFrame:
    """Step 3: a figure withheld in public views is not rated; `reasons` says why it was withheld."""
    return set_rating(rated, withheld, Rag.not_rated, reasons)
