"""What every meeting pack holds, gathered once: the public scorecard, the notes and the words.

The Excel, PDF and PowerPoint writers read a MeetingPack and nothing else, so small-number
suppression comes from core.views.public_scorecard exactly as on screen, and the three files say
the same thing in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from core.model import WHOLE_AUTHORITY, Commentary, Dataset, Unit
from core.present.format import format_values
from core.present.labels import RAG_STYLES, direction_label, rag_label
from core.views.overview import rag_counts_by_area
from core.views.public import SPARKLINE_MONTHS, public_scorecard, sparklines
from core.views.suppression import DEFAULT_POLICY, SuppressionPolicy, suppression_note

# A scenario as the What-if page hands it over: an object with .name and .overrides (core.scenario),
# or a plain (name, overrides) pair. overrides: indexed by indicator id; target, band_kind, band_value.
ScenarioLike = Any

RATED = ("green", "amber", "red")


@dataclass(frozen=True)
class MeetingPack:
    """One month, one locality, optionally one what-if scenario: everything the exports print."""

    authority: str
    month: pd.Period
    locality: str
    source_label: str
    produced_by: str | None
    extracted_on: str | None
    illustrative_note: str | None
    suppression_note: str | None
    policy: SuppressionPolicy
    scenario_name: str | None
    view: pd.DataFrame  # core.views.public_scorecard, area order
    sparks: pd.Series  # id -> last 12 months (None where missing or withheld)
    commentary: dict[str, list[Commentary]] = field(default_factory=dict)
    colour_safe: bool = False

    # ---- words shared by every format -----------------------------------------------------------

    @property
    def is_locality(self) -> bool:
        return self.locality != WHOLE_AUTHORITY

    @property
    def month_label(self) -> str:
        return self.month.strftime("%B %Y")

    @property
    def where(self) -> str:
        return self.locality if self.is_locality else "Whole authority"

    @property
    def as_at(self) -> str:
        """Figures are a month-end snapshot: say which month end."""
        return f"Data as at {self.month.end_time.strftime('%d %B %Y').lstrip('0')} (month end)"

    @property
    def title(self) -> str:
        return f"Corporate Parenting scorecard: {self.month_label}, {self.where}"

    @property
    def scenario_banner(self) -> str | None:
        if not self.scenario_name:
            return None
        return f"WHAT-IF SCENARIO '{self.scenario_name}' – not the official targets"

    @property
    def suppression_rule(self) -> str:
        if not self.is_locality:
            return "Whole-authority figures are published in full; small numbers are withheld in locality views only."
        return f"{self.policy.describe()} in locality views (meetings are public)."

    def facts(self) -> list[tuple[str, str]]:
        """The cover / summary lines, label and text, in reading order."""
        lines = [("Authority", self.authority), ("Month", self.month_label), ("Locality", self.where),
                 ("Data source", self.source_label), ("Data as at", self.as_at.removeprefix("Data as at "))]
        if self.extracted_on:
            lines.append(("Extracted", self.extracted_on))
        if self.produced_by:
            lines.append(("Produced by", self.produced_by))
        if self.scenario_banner:
            lines.append(("Targets", self.scenario_banner))
        if self.illustrative_note:
            lines.append(("Illustrative figures", self.illustrative_note))
        lines.append(("Small numbers", self.suppression_rule))
        if self.suppression_note:
            lines.append(("Withheld this month", self.suppression_note))
        return lines

    @property
    def areas(self) -> list[str]:
        return list(pd.unique(self.view["area"]))

    def rows(self, area: str) -> pd.DataFrame:
        return self.view[(self.view["area"] == area).to_numpy()]

    def rag_counts(self) -> pd.DataFrame:
        """Area x RAG key counts (columns: the Rag values), in area order."""
        return rag_counts_by_area(self.view)

    def table(self, area: str) -> pd.DataFrame:
        """The area's rows in words, as the page shows them (display values only: nothing withheld leaks)."""
        return display_table(self.rows(area), self.is_locality)

    def withheld_note(self, area: str) -> str | None:
        """What was withheld on this area's rows, in one sentence (None if nothing or not a locality view)."""
        return suppression_note(self.rows(area), self.policy) if self.is_locality else None

    def notes_for(self, area: str) -> list[Commentary]:
        return self.commentary.get(area, [])

    def trend_points(self, indicator_id: str) -> list[float | None]:
        line = self.sparks.get(indicator_id)
        return line if isinstance(line, list) else []

    def trend_months(self) -> list[pd.Period]:
        """The months the trend points stand for, oldest first."""
        return list(pd.period_range(self.month - (SPARKLINE_MONTHS - 1), self.month, freq="M"))

    def chart_target(self, row: pd.Series) -> float | None:
        """A target line belongs on a chart only where the target applies to what is charted.

        A council-wide count target does not apply to one locality (see core.views.scorecard).
        """
        if pd.isna(row["target"]):
            return None
        if self.is_locality and row["unit"] == Unit.count.value:
            return None
        return float(row["target"])


def display_table(view: pd.DataFrame, locality_view: bool) -> pd.DataFrame:
    """One row per indicator in words: RAG as shape + word, direction as arrow + word, benchmarks with year."""
    rag = view["rag"].astype(str)
    table = pd.DataFrame({
        "id": view["id"].to_numpy(),
        "rag_key": rag.to_numpy(),
        "Indicator": view["name"].to_numpy(),
        "Latest": view["display_value"].to_numpy(),
        "Last month": view["previous_display_value"].fillna("no data").to_numpy(),
        "Target": np.where(view["target"].notna(), format_values(view["target"], view["unit"]), "none"),
        "RAG": rag.map(rag_label).to_numpy(),
        "Direction": view["direction"].astype(str).map(direction_label).to_numpy(),
    })
    if locality_view:
        table["Whole authority"] = view["authority_display_value"].fillna("").to_numpy()
    table["England"] = _benchmark_text(view["england"], view["england_year"], view["unit"], view["england_range"])
    table["Stat. neighbours"] = _benchmark_text(view["sn"], view["sn_year"], view["unit"], view["sn_range"])
    table["Why this rating"] = view["rag_reason"].fillna("").to_numpy()
    return table


def _benchmark_text(values: pd.Series, years: pd.Series, units: pd.Series, ranges: pd.Series) -> np.ndarray:
    # a range ('44 - 57', good and outstanding neighbours) is shown as printed, never averaged
    text = pd.Series(format_values(values, units), index=values.index).where(values.notna(), ranges.fillna(""))
    # a year may carry its own remark, '2021/22 (inferred)': keep one pair of brackets
    year = years.fillna("").astype(str).str.replace(r"\s*\((.*)\)\s*$", r", \1", regex=True)
    return text.where(text.eq("") | year.eq(""), text + " (" + year + ")").to_numpy()


def scenario_parts(scenario: ScenarioLike | None) -> tuple[str | None, pd.DataFrame | None]:
    """(name, overrides) from a core.scenario.Scenario-like object or a (name, overrides) pair."""
    if scenario is None:
        return None, None
    if isinstance(scenario, tuple):
        name, overrides = scenario
    else:
        name, overrides = getattr(scenario, "name"), getattr(scenario, "overrides")
    return (str(name) if name else "Unnamed scenario"), overrides


def build_pack(model: Dataset, month: pd.Period | str | None = None, locality: str = WHOLE_AUTHORITY,
               policy: SuppressionPolicy = DEFAULT_POLICY, scenario: ScenarioLike | None = None,
               source_label: str | None = None, colour_safe: bool = False) -> MeetingPack:
    """Everything a meeting pack prints, through the same public view the pages use."""
    month = pd.Period(month if month is not None else model.latest_period, freq="M")
    scenario_name, overrides = scenario_parts(scenario)
    view = public_scorecard(model, month, locality, policy, overrides).reset_index(drop=True)
    about = model.about
    is_locality = locality != WHOLE_AUTHORITY
    return MeetingPack(
        authority=about.authority,
        month=month,
        locality=locality,
        source_label=source_label or model.source_name or "workbook",
        produced_by=about.produced_by,
        extracted_on=about.extracted_on.strftime("%d %B %Y").lstrip("0") if about.extracted_on else None,
        illustrative_note=about.locality_note if is_locality else None,
        suppression_note=suppression_note(view, policy) if is_locality else None,
        policy=policy,
        scenario_name=scenario_name,
        view=view,
        sparks=sparklines(model, month, locality, policy),
        commentary=_commentary_by_area(model, view, str(month)),
        colour_safe=colour_safe,
    )


def _commentary_by_area(model: Dataset, view: pd.DataFrame, month: str) -> dict[str, list[Commentary]]:
    """The month's notes for each area: about the area itself or one of its indicators (as the pages show)."""
    area_of = dict(zip(view["id"], view["area"]))
    areas = set(view["area"])
    by_area: dict[str, list[Commentary]] = {}
    for note in model.commentary:
        if note.period != month:
            continue
        area = note.subject if note.subject in areas else area_of.get(note.subject)
        if area is not None:
            by_area.setdefault(area, []).append(note)
    return by_area


def rag_style(rag: str, colour_safe: bool = False) -> tuple[str, str, str]:
    """(label, fill hex without '#', text hex without '#') for a RAG key."""
    style = RAG_STYLES.get(rag, RAG_STYLES["not_rated"])
    fill = style.colour_safe if colour_safe else style.colour
    return style.label(), fill.lstrip("#"), style.text_on.lstrip("#")
