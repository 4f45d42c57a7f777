"""The template workbook: the documented contract between a BI team and this product.

Sheets (names matter, column order does not; headers are matched through header_synonyms.csv):
- Indicators: one row per indicator (TEMPLATE_COLUMNS["Indicators"]).
- Values: long format, one row per indicator x locality x month; blank locality = whole authority.
- Commentary: subject (area or indicator id), month, text, author.
- Targets (optional): a target and band in force from a month, one row per change.
- About: two columns, field and value (authority, month ending, produced by, extracted on,
  localities as a comma-separated list, locality note).
- Instructions: prose for people; never read back.

`python -m core template OUT.xlsx` writes an empty one through write_template().
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO

import pandas as pd

from core.model import (
    About,
    BandKind,
    Commentary,
    GoodIs,
    Indicator,
    Periodicity,
    Unit,
    indicator_fields,
)

TEMPLATE_COLUMNS: dict[str, list[str]] = {
    "Indicators": [
        "id", "area", "name", "unit", "good_is", "target", "amber_band_kind", "amber_band_value",
        "england", "england_year", "sn", "sn_year", "region", "region_year",
        "periodicity", "arrears_months", "min_denominator", "definition",
    ],
    "Values": ["indicator_id", "locality", "month", "value", "numerator", "denominator", "note"],
    "Commentary": ["subject", "month", "text", "author"],
    "Targets": ["indicator_id", "from_month", "target", "amber_band_kind", "amber_band_value", "intervention_level"],
}
ABOUT_FIELDS = {
    "authority": "Authority",
    "month_ending": "Month ending",
    "produced_by": "Produced by",
    "extracted_on": "Extracted on",
    "localities": "Localities",
    "locality_note": "Locality note",
    "notes": "Notes",
}
TEMPLATE_SHEETS = ["Instructions", "About", "Indicators", "Values", "Commentary", "Targets"]


def _choices(enum: type) -> str:
    return ", ".join(member.value for member in enum)


INSTRUCTIONS: list[tuple[str, str]] = [
    ("Corporate Parenting scorecard: template workbook", ""),
    ("", "Fill the sheets below and upload the workbook. Column order does not matter; keep the headers."),
    ("About", "Field / value pairs. Localities: comma-separated list of locality names."),
    ("Indicators", "One row per indicator. id: short code, letters, digits, _ . - only."),
    ("  unit", _choices(Unit)),
    ("  good_is", _choices(GoodIs) + " (neutral: shown, never rated)"),
    ("  target", "Number in the unit of the indicator (percentages 0-100). Blank = no target, not rated. 0 is a real target."),
    ("  amber_band_kind", _choices(BandKind) + ". absolute: width in the unit (5 = 5 pp); relative: % of target; "
     "intervention: the level beyond which the indicator is red. Blank = the product default (10% of target)."),
    ("  amber_band_value", "The width, the percentage, or the intervention level."),
    ("  england / sn / region", "Benchmarks, with their year in the *_year column (e.g. 2021/22)."),
    ("  periodicity", _choices(Periodicity)),
    ("  arrears_months", "How many months late the figure usually arrives (health data: 1-2)."),
    ("  min_denominator", "Below this many children a percentage is not shown for a locality."),
    ("Values", "One row per indicator x locality x month. Blank locality = whole authority. "
     "month: a date or YYYY-MM. value: a number; or leave blank and say why in note (NA, tbc, ...)."),
    ("  numerator / denominator", "Optional counts behind a percentage or rate; used for small-number suppression."),
    ("Commentary", "subject: an area name or an indicator id; month: YYYY-MM; text; author."),
    ("Targets", "Optional: a target that changes during the year. One row per change: indicator_id, from_month "
     "(YYYY-MM), the target in force from that month, and its amber band (kind and value) or intervention_level. "
     "Earlier months keep the Indicators sheet's target. Leave the sheet empty when targets do not change."),
]


def _about_rows(about: About) -> list[tuple[str, object]]:
    values = about.model_dump()
    rows = []
    for key, label in ABOUT_FIELDS.items():
        value = values.get(key)
        if key == "localities":
            value = ", ".join(value or [])
        rows.append((label, value if value not in (None, "") else None))
    return rows


def indicators_to_template_frame(indicators: Iterable[Indicator]) -> pd.DataFrame:
    """The Indicators sheet: the band only where the indicator declares one (blank = product default)."""
    rows = [{**indicator_fields(ind),
             "amber_band_kind": ind.amber_band.kind.value if ind.amber_band else None,
             "amber_band_value": ind.amber_band.value if ind.amber_band else None} for ind in indicators]
    return pd.DataFrame(rows, columns=TEMPLATE_COLUMNS["Indicators"])


def commentary_to_frame(commentary: Iterable[Commentary]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"subject": c.subject, "month": c.period, "text": c.text, "author": c.author} for c in commentary],
        columns=TEMPLATE_COLUMNS["Commentary"],
    )


def targets_to_frame(targets: pd.DataFrame | None) -> pd.DataFrame:
    """The Targets sheet from TARGET_COLUMNS rows (a target in words is written as its words)."""
    if targets is None or targets.empty:
        return pd.DataFrame(columns=TEMPLATE_COLUMNS["Targets"])
    level = targets["band_kind"] == BandKind.intervention.value
    return pd.DataFrame({
        "indicator_id": targets["indicator_id"], "from_month": targets["from_period"].dt.strftime("%Y-%m"),
        "target": targets["target"].astype(object).where(targets["target"].notna(), targets["target_text"]),
        "amber_band_kind": targets["band_kind"].where(~level), "amber_band_value": targets["band_value"].where(~level),
        "intervention_level": targets["band_value"].where(level),
    }, columns=TEMPLATE_COLUMNS["Targets"])


def write_template(
    target: str | Path | IO[bytes],
    about: About | None = None,
    indicators: Iterable[Indicator] = (),
    values: pd.DataFrame | None = None,
    commentary: Iterable[Commentary] = (),
    targets: pd.DataFrame | None = None,
) -> None:
    """Write a template workbook; empty sheets with headers when given nothing.

    `values` has the Values columns (month as 'YYYY-MM' text or a date; locality blank for the
    whole authority). User text is written as text, never as a formula.
    """
    about = about or About()
    values_frame = (values if values is not None else pd.DataFrame()).reindex(
        columns=TEMPLATE_COLUMNS["Values"]
    )
    sheets = {
        "Instructions": pd.DataFrame(INSTRUCTIONS, columns=["Topic", "Guidance"]),
        "About": pd.DataFrame(_about_rows(about), columns=["Field", "Value"]),
        "Indicators": indicators_to_template_frame(indicators),
        "Values": values_frame,
        "Commentary": commentary_to_frame(commentary),
        "Targets": targets_to_frame(targets),
    }
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for name in TEMPLATE_SHEETS:
            sheets[name].to_excel(writer, sheet_name=name, index=False)
        for name in TEMPLATE_SHEETS:
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for column in sheet.columns:
                width = max(len(str(c.value)) if c.value is not None else 0 for c in column[:200])
                sheet.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 80)
            _neutralise_formulas(sheet)


def _neutralise_formulas(sheet) -> None:  # noqa: ANN001 - openpyxl worksheet
    """Text that starts with = + - @ is stored as text: a workbook we write never runs user text."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@"):
                cell.data_type = "s"

