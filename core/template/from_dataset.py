"""A loaded scorecard written back out as a template workbook that load_workbook() reads the same way.

Used to hand a what-if scenario back as a re-uploadable workbook: the same figures, commentary and
About block, with whichever indicator definitions the caller passes (e.g. the scenario's targets).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from core.model import WHOLE_AUTHORITY, Dataset, Indicator, MissingReason
from core.template.contract import write_template

# A blank value is written with a token the reader maps back to the same reason (value_tokens.csv):
# blank never means zero, and the reason must survive the round trip.
MISSING_TOKENS: dict[str, str] = {
    MissingReason.not_applicable.value: "NA",
    MissingReason.not_yet_reported.value: "tbc",
    MissingReason.published_later.value: "Data published later",
    MissingReason.suppressed.value: "c",
}
_PUBLISHED_NOTE = r"(?i)^\s*data (?:published|available|due)\b"


def values_frame(observations: pd.DataFrame) -> pd.DataFrame:
    """The observation table in the template's Values layout (blank locality = whole authority)."""
    missing = observations["value"].isna().to_numpy()
    reason = observations["missing_reason"].astype(object)
    note = observations["note"].astype(object)
    token = reason.map(MISSING_TOKENS).to_numpy(dtype=object)
    # 'Data published September 2023' says when: keep the words themselves as the token
    dated = (reason == MissingReason.published_later.value).to_numpy() & note.astype(str).str.match(
        _PUBLISHED_NOTE).to_numpy()
    token = np.where(dated, note.to_numpy(dtype=object), token)
    value = np.where(missing, token, observations["value"].to_numpy(dtype=object))
    locality = observations["locality"].astype(object)
    return pd.DataFrame({
        "indicator_id": observations["indicator_id"].astype(object).to_numpy(),
        "locality": locality.where(locality != WHOLE_AUTHORITY, None).to_numpy(),
        "month": observations["period"].dt.strftime("%Y-%m").to_numpy(),
        "value": pd.Series(value, dtype=object).where(pd.notna(value), None).to_numpy(),
        "numerator": observations["numerator"].to_numpy(),
        "denominator": observations["denominator"].to_numpy(),
        "note": note.where(note.notna(), None).to_numpy(),
    })


def write_model_template(model: Dataset, target: str | Path | IO[bytes],
                         indicators: Iterable[Indicator] | None = None, notes: str | None = None) -> None:
    """Write `model` as a template workbook; `indicators` replace the model's own definitions when given.

    `notes` is appended to the About sheet's notes (e.g. where the targets came from).
    """
    about = model.about
    if notes:
        about = about.model_copy(update={"notes": f"{about.notes} {notes}" if about.notes else notes})
    write_template(target, about=about,
                   indicators=list(indicators) if indicators is not None else list(model.indicators.values()),
                   values=values_frame(model.observations), commentary=model.commentary, targets=model.targets)
