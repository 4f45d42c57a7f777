"""How ratings look: word, shape and colour, so RAG is never shown by colour alone.

Pure data shared by the app and the exports (Excel fills, PDF, PowerPoint).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.model import (
    ActionStatus,
    BandKind,
    Direction,
    GoodIs,
    MissingReason,
    Outlook,
    Periodicity,
    Rag,
    Unit,
)


@dataclass(frozen=True)
class RagStyle:
    word: str
    shape: str
    colour: str  # standard palette
    colour_safe: str  # colour-blind-safe palette (Okabe-Ito)
    text_on: str  # readable text colour on the fill

    def label(self) -> str:
        return f"{self.shape} {self.word}"


RAG_STYLES: dict[str, RagStyle] = {
    Rag.green: RagStyle("Green", "●", "#00703c", "#0072b2", "#ffffff"),
    Rag.amber: RagStyle("Amber", "▲", "#f47738", "#e69f00", "#0b0c0c"),
    # Okabe-Ito vermilion darkened from #d55e00 (3.9:1 under white text) to reach 4.5:1, still unlike its orange.
    Rag.red: RagStyle("Red", "■", "#d4351c", "#b24a00", "#ffffff"),
    Rag.not_rated: RagStyle("Not rated", "○", "#b1b4b6", "#b1b4b6", "#0b0c0c"),
    Rag.no_data: RagStyle("No data", "–", "#f3f2f1", "#f3f2f1", "#0b0c0c"),
}

RAG_MEANINGS: dict[str, str] = {
    Rag.green: "In line with or better than target.",
    Rag.amber: "Below target but within the amber band: action in place, likely to improve.",
    Rag.red: "Beyond the amber band: well below expected levels, improvement required.",
    Rag.not_rated: "No target, a neutral indicator shown for context, or withheld (small numbers).",
    Rag.no_data: "No figure for this month (not yet reported, not applicable, or published later).",
}

DIRECTION_LABELS: dict[str, str] = {
    Direction.improving: "↑ Improving",
    Direction.worsening: "↓ Worsening",
    Direction.same: "→ Same",
    Direction.not_comparable: "–",
}
# An amber band's kind as the What-if grid offers it (the stored values are identifiers).
BAND_KIND_LABELS: dict[str, str] = {
    BandKind.absolute: "Width in the unit", BandKind.relative: "% of target",
    BandKind.intervention: "Intervention level",
}
DIRECTION_MEANINGS: dict[str, str] = {
    Direction.improving: "Better than last month (last quarter for a quarterly measure), by the indicator's polarity",
    Direction.worsening: "Worse than last month (last quarter for a quarterly measure), by the indicator's polarity",
    Direction.same: "The same as last month, to 2 decimal places",
    Direction.not_comparable: "No comparison: either month is missing or withheld, the indicator is neutral, or an "
                              "academic-year measure has reset in September",
}

SPC_LABELS: dict[str, str] = {
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neither": "Special cause (neutral indicator)",
    "common_cause": "Common cause variation",
    "too_few_points": "Too few points for SPC",
}

ASSURANCE_LABELS: dict[str, str] = {
    "consistently_passes": "Consistently passes the target",
    "consistently_fails": "Consistently fails the target",
    "variable": "Hit and miss: may or may not meet the target",
    "not_applicable": "No target to assure",
    "too_few_points": "Too few points to assure",
}

OUTLOOK_WORDS: dict[str, str] = {Outlook.on_track: "On track", Outlook.at_risk: "At risk",
                                 Outlook.off_track: "Off track", Outlook.none: "No outlook"}

ACTION_STATUS_LABELS: dict[str, str] = {
    ActionStatus.not_started: "Not started",
    ActionStatus.in_progress: "In progress",
    ActionStatus.done: "Done",
}


UNIT_WORDS: dict[str, str] = {
    Unit.percent: "Percentage",
    Unit.count: "Number",
    Unit.rate_per_10k: "Rate per 10,000 children",
    Unit.days: "Days",
    Unit.score: "Score",
    Unit.ratio: "Ratio",
}

GOOD_IS_WORDS: dict[str, str] = {
    GoodIs.high: "Higher is better",
    GoodIs.low: "Lower is better",
    GoodIs.neutral: "Neither (shown for context)",
}

PERIODICITY_WORDS: dict[str, str] = {
    Periodicity.monthly_snapshot: "Month-end snapshot",
    Periodicity.monthly_flow: "In the month",
    Periodicity.rolling_6m: "Rolling 6 months",
    Periodicity.rolling_12m: "Rolling 12 months",
    Periodicity.academic_ytd: "Academic year to date",
    Periodicity.termly: "Termly",
    Periodicity.annual: "Annual",
}


def unit_words(unit: str | None) -> str:
    return UNIT_WORDS.get(unit, "Not stated") if unit else "Not stated"


def good_is_words(good_is: str | None) -> str:
    return GOOD_IS_WORDS.get(good_is, "Not stated") if good_is else "Not stated"


def periodicity_words(periodicity: str | None) -> str:
    return PERIODICITY_WORDS.get(periodicity, "Not stated") if periodicity else "Not stated"


def rag_label(rag: str) -> str:
    return RAG_STYLES[rag].label() if rag in RAG_STYLES else str(rag)


def rag_colour(rag: str, colour_safe: bool = False) -> str:
    style = RAG_STYLES.get(rag, RAG_STYLES[Rag.not_rated])
    return style.colour_safe if colour_safe else style.colour


def direction_label(direction: str) -> str:
    return DIRECTION_LABELS.get(direction, "–")


# Why a cell holds no number, in the words a reader uses (the stored values are identifiers).
MISSING_REASON_LABELS: dict[str, str] = {
    MissingReason.not_applicable: "Not applicable", MissingReason.not_yet_reported: "Not yet reported",
    MissingReason.published_later: "Published later", MissingReason.suppressed: "Withheld in the source",
    MissingReason.blank: "Left blank",
}

# A finding's level in words, for people (the report's stored value stays "error" / "warning" / "info").
# Keyed by the level's value, not core.validation's Level, so presenting imports nothing of validation.
LEVEL_LABELS: dict[str, str] = {"error": "Error", "warning": "Warning", "info": "Note"}
def outlook_label(outlook: str) -> str:
    """'On track', 'At risk', 'Off track'; '' where there is no outlook (the reason says why)."""
    return "" if outlook == Outlook.none.value else OUTLOOK_WORDS.get(outlook, "")
