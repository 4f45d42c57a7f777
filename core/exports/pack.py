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

from core.model import WHOLE_AUTHORITY, Action, Commentary, Dataset, Unit
from core.present.format import (
    PROVISIONAL_MARK,
    benchmark_text,
    benchmark_years,
    format_targets,
    format_values,
)
from core.present.labels import (
    ACTION_STATUS_LABELS,
    RAG_STYLES,
    direction_label,
    outlook_label,
    rag_label,
)
from core.rules.outlook import MIN_POINTS as OUTLOOK_MIN_POINTS
from core.rules.outlook import OUTLOOK_MONTHS, year_end
from core.rules.rag import council_wide_targets
from core.views.overview import rag_counts_by_area
from core.views.public import SPARKLINE_MONTHS, public_scorecard, sparklines
from core.views.suppression import (
    DEFAULT_POLICY,
    SuppressionPolicy,
    decide_disclosure,
    suppression_note,
)

# A scenario as the What-if page hands it over: an object with .name and .overrides (core.scenario),
# or a plain (name, overrides) pair. overrides: indexed by indicator id; target, band_kind, band_value.
ScenarioLike = Any

RATED = ("green", "amber", "red")
OUTLOOK_COLUMN = "Year-end outlook"
# How a figure of each unit is shown as a number in a spreadsheet or chart (percentages are held as 61.5, not
# 0.615, as the workbooks hold them). Counts with a fraction get one decimal.
NUMBER_FORMATS = {Unit.percent.value: '0.0"%"', Unit.count.value: "#,##0", Unit.rate_per_10k.value: "0.0",
                  Unit.days.value: '#,##0" days"', Unit.score.value: "General", Unit.ratio.value: "0.00"}
FRACTION_COUNT_FORMAT = "#,##0.0"
# The display columns that hold a figure, and the view column with that figure as a number.
FIGURE_COLUMNS = {"Latest": "value", "Last month": "previous_value", "Target": "target",
                  "Whole authority": "authority_value", "England": "england", "Stat. neighbours": "sn"}


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
    actions: dict[str, list[Action]] = field(default_factory=dict)
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
        return (f"{self.policy.describe()}, for the whole authority and every locality alike, with any figure "
                "that would let one be worked out; zeros are shown (meetings are public).")

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
        """What was withheld on this area's rows, in one sentence (None if nothing was)."""
        return suppression_note(self.rows(area), self.policy)

    def notes_for(self, area: str) -> list[Commentary]:
        return self.commentary.get(area, [])

    def actions_for(self, area: str) -> list[Action]:
        return self.actions.get(area, [])

    def subject_label(self, subject: str) -> str:
        """What a note is about, in words: the indicator's name for an indicator id, else the area."""
        names = dict(zip(self.view["id"], self.view["name"]))
        return str(names.get(subject, subject))

    @property
    def outlook_month_label(self) -> str:
        return year_end(self.month).strftime("%B %Y")

    def figures(self, area: str) -> pd.DataFrame:
        """The figures behind the area's display table as numbers (NaN where withheld or missing), with the
        unit and the words beside a figure: the benchmarks' years ('England aside', 'Stat. neighbours aside')
        and 'whole authority' beside a locality's council-wide target ('Target aside')."""
        rows = self.rows(area).reset_index(drop=True)
        shown = display_table(rows, self.is_locality)
        numbers = pd.DataFrame({column: pd.to_numeric(rows[source], errors="coerce") if source in rows
                                else np.nan for column, source in FIGURE_COLUMNS.items() if column in shown})
        # a figure shown with words ('25.4% (provisional)', 'decrease from Q1 (449)') goes out as those words
        with_words = {"Latest": shown["Latest"].astype(str).str.endswith(PROVISIONAL_MARK),
                      "Target": rows["target_text"].notna() if "target_text" in rows else None}
        for column, worded in with_words.items():
            if worded is not None and column in numbers:
                numbers[column] = numbers[column].mask(worded.to_numpy(dtype=bool))
        return numbers.assign(unit=rows["unit"].to_numpy(), **{
            f"{column} aside": benchmark_years(rows[f"{source}_year"]).to_numpy()
            for column, source in (("England", "england"), ("Stat. neighbours", "sn"))},
            **{"Target aside": np.where(council_wide_targets(rows), "council", "")})

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
        if pd.isna(row["target"]) or council_wide_targets(row.to_frame().T, self.locality)[0]:
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
        "Target": format_targets(view["target"], view["unit"], view.get("target_text"),  # words verbatim
                                 council_wide_targets(view)),
        "RAG": rag.map(rag_label).to_numpy(),
        "Direction": view["direction"].astype(str).map(direction_label).to_numpy(),
        OUTLOOK_COLUMN: outlook_text(view),
    })
    if locality_view:
        table["Whole authority"] = view["authority_display_value"].fillna("").to_numpy()
    table["England"] = benchmark_text(view["england"], view["england_year"], view["unit"],
                                      view["england_range"]).to_numpy()
    table["Stat. neighbours"] = benchmark_text(view["sn"], view["sn_year"], view["unit"], view["sn_range"]).to_numpy()
    table["Why this rating"] = view["rag_reason"].fillna("").to_numpy()
    return table


def action_rows(pack: MeetingPack, area: str) -> list[list[object]]:
    """The area's actions as a header row and one row of words per action ([] when there are none)."""
    actions = pack.actions_for(area)
    if not actions:
        return []
    header = ["Action", "About", "Owner", "Due", "Status"]
    return [header, *([action.what, pack.subject_label(action.subject), action.owner,
                       action.due.strftime("%d %b %Y").lstrip("0"), ACTION_STATUS_LABELS[action.status]]
                      for action in actions)]


def outlook_meanings() -> list[tuple[str, str]]:
    """The outlook words and what they mean, for a key (the method is core.rules.outlook's docstring)."""
    method = (f"The least-squares trend of the last {OUTLOOK_MONTHS} months (at least {OUTLOOK_MIN_POINTS} "
              "figures) carried on to the end of March, with a band of the usual month-to-month spread "
              "(the XmR process-limit width about the trend).")
    return [("Method", method),
            ("On track", "The whole band is at or better than the target."),
            ("At risk", "The band runs across the target: it may or may not be met."),
            ("Off track", "The whole band is worse than the target."),
            ("–", "No outlook: no target, a neutral indicator, an annual or academic-year measure, or too few "
                  "figures.")]


def outlook_text(view: pd.DataFrame) -> np.ndarray:
    """'Off track: 65.0% (62.8% to 67.2%)'; '–' where there is no outlook."""
    words = view["outlook"].astype(str).map(outlook_label)
    units = view["unit"]
    figure = (format_values(view["outlook_value"].round(2), units) + " (" + format_values(view["outlook_low"].round(2), units)
              + " to " + format_values(view["outlook_high"].round(2), units) + ")")
    return np.where(words.eq("").to_numpy(), "–", words.to_numpy(dtype=object) + ": " + figure)


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
    disclosure = decide_disclosure(model, policy)  # once: the scorecard and the sparklines read the same decision
    view = public_scorecard(model, month, locality, disclosure, overrides).reset_index(drop=True)
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
        suppression_note=suppression_note(view, policy),
        policy=policy,
        scenario_name=scenario_name,
        view=view,
        sparks=sparklines(model, month, locality, disclosure),
        commentary=_by_area(model.commentary, view, str(month)),
        actions=_by_area(model.actions, view, str(month)),
        colour_safe=colour_safe,
    )


def _by_area(notes: list, view: pd.DataFrame, month: str) -> dict[str, list]:
    """The month's notes (commentary or actions) for each area: about the area or one of its indicators."""
    area_of = dict(zip(view["id"], view["area"]))
    areas = set(view["area"])
    by_area: dict[str, list] = {}
    for note in notes:
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
