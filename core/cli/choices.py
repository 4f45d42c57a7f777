"""Checks the command-line tools share on --month and --locality: one wording, one rule."""

from __future__ import annotations

import re

import pandas as pd

from core.model import Dataset

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


class UsageError(ValueError):
    """The command was asked for something it cannot do; str(error) says what (exit code 2)."""


def month_argument(text: str | None) -> pd.Period | None:
    if not text:
        return None
    if not _MONTH.fullmatch(text):
        raise UsageError(f"--month '{text}' is not YYYY-MM")
    return pd.Period(text, freq="M")


def check_choices(model: Dataset, locality: str, month: pd.Period | None) -> None:
    """The locality and month must be in the workbook."""
    if locality not in model.localities:
        raise UsageError(f"locality '{locality}' is not in this workbook; choose from: " + ", ".join(model.localities))
    if month is not None and month not in model.periods:
        raise UsageError(f"this workbook has no figures for {month}; months: "
                         + ", ".join(str(p) for p in model.periods))
