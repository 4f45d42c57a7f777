"""Checks the command-line tools share on --month and --locality: one wording, one rule."""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from core.ingest.mapping import ColumnMapping, mappings_from_json
from core.model import Dataset
from core.store.location import (
    DEFAULT_THRESHOLD,
    configured_url,
    sqlite_path,
    sqlite_threshold,
)
from core.views.suppression import SuppressionPolicy

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


# The exit codes every command shares: other tools rely on them.
EXIT_OK, EXIT_UNUSABLE, EXIT_USAGE = 0, 1, 2


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


def add_mapping_option(parser) -> None:  # noqa: ANN001 - an argparse parser
    parser.add_argument("--mapping", help="a column mapping file (.json, from the Upload page) for a layout "
                        "the reader does not know")


def mapping_argument(path: str | None) -> list[ColumnMapping]:
    """The mappings in a --mapping file (none without the option)."""
    if not path:
        return []
    try:
        return mappings_from_json(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"--mapping {path} cannot be opened: {error.strerror or error}") from error
    except (ValueError, ValidationError) as error:  # JSON or pydantic: the first problem is enough
        first = str(error).strip().splitlines()
        raise UsageError(f"--mapping {path} is not a column mapping file ({' '.join(first[:3])})") from error


UNSUPPRESSED_WARNING = ("WARNING: --unsuppressed: small numbers are NOT withheld. Do not show this output in a "
                        "public meeting or publish it.")


def add_disclosure_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--threshold", type=int, default=None,
                        help="withhold counts below this; may raise, never lower, the deployment's threshold "
                             "(default: the threshold a manager set in the app, else 5)")
    parser.add_argument("--unsuppressed", action="store_true",
                        help="print every figure, small numbers too (with a warning line): not for public use")


def _deployment_threshold() -> int:
    """The threshold a manager set for this deployment. A SQLite store (the default) is read with one plain
    query; only a configured database URL (PostgreSQL) loads the history store, SQLAlchemy and Alembic."""
    if not configured_url():
        return sqlite_threshold(sqlite_path())
    from sqlalchemy.exc import (
        SQLAlchemyError,  # deferred: most deployments never get here
    )

    from core.store.history import deployment_threshold

    try:
        return deployment_threshold()
    except SQLAlchemyError as error:
        raise OSError(str(error)) from error


def disclosure_policy(args: argparse.Namespace) -> SuppressionPolicy:
    """The policy the command withholds by: the deployment's threshold, raised by --threshold, or none."""
    if args.unsuppressed:
        print(UNSUPPRESSED_WARNING, file=sys.stderr)
        return SuppressionPolicy(threshold=1)
    try:
        floor = _deployment_threshold()
    except (sqlite3.Error, OSError) as error:
        floor = DEFAULT_THRESHOLD
        print(f"warning: the history store could not be read ({error}); withholding counts below {floor}",
              file=sys.stderr)
    if args.threshold is not None and args.threshold < floor:
        raise UsageError(f"--threshold {args.threshold} is below this deployment's threshold of {floor}: "
                         "it can be raised, never lowered")
    return SuppressionPolicy(threshold=max(floor, args.threshold or floor), floor=floor)
