"""The words of the domain: units, polarity, periodicity, ratings, directions, why a value is missing."""

from __future__ import annotations

from enum import StrEnum

WHOLE_AUTHORITY = "Whole authority"
OTHER_AREA = "Other"


class Unit(StrEnum):
    percent = "percent"
    count = "count"
    rate_per_10k = "rate_per_10k"
    days = "days"
    score = "score"
    ratio = "ratio"


NEVER_NEGATIVE_UNITS = frozenset({Unit.count, Unit.percent, Unit.rate_per_10k, Unit.days})  # a score may go below 0


class GoodIs(StrEnum):
    high = "high"
    low = "low"
    neutral = "neutral"


class Periodicity(StrEnum):
    monthly_snapshot = "monthly_snapshot"
    monthly_flow = "monthly_flow"
    rolling_6m = "rolling_6m"
    rolling_12m = "rolling_12m"
    academic_ytd = "academic_ytd"
    termly = "termly"
    quarterly = "quarterly"  # a financial-year quarter, dated by its last month
    annual = "annual"


class BandKind(StrEnum):
    """How far from target an indicator may sit before it turns red."""

    absolute = "absolute"  # e.g. 5 percentage points, 3 days
    relative = "relative"  # a percentage of the target (0 width at a target of 0)
    intervention = "intervention"  # an explicit intervention level (value, not width)


class Rag(StrEnum):
    green = "green"
    amber = "amber"
    red = "red"
    not_rated = "not_rated"
    no_data = "no_data"


class Direction(StrEnum):
    improving = "improving"
    worsening = "worsening"
    same = "same"
    not_comparable = "not_comparable"


class MissingReason(StrEnum):
    """Why a cell holds no number. Blank never means zero."""

    not_applicable = "not_applicable"  # NA, '-', school holidays
    not_yet_reported = "not_yet_reported"  # in arrears, tbc
    published_later = "published_later"  # 'Data published September 2023'
    suppressed = "suppressed"  # 'c', '<5' in the source
    blank = "blank"  # empty cell, nothing said


class Outlook(StrEnum):
    """Where an indicator's recent run leads by the year end, against its target (core.rules.outlook)."""

    on_track = "on_track"
    at_risk = "at_risk"
    off_track = "off_track"
    none = "none"  # no outlook: the reason says why
