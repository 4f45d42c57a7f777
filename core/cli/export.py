"""`python -m core export`: a meeting pack from the command line, as the app's download buttons make it.

  python -m core export --format xlsx|pdf|pptx WORKBOOK OUT [--month YYYY-MM] [--locality NAME]
                        [--scenario FILE] [--threshold N] [--unsuppressed] [--mapping FILE] [--authority NAME]

--authority NAME: the council's name for a workbook that does not give it (the Upload page asks the same);
a name the workbook gives is kept.

Exit 0 written, 1 the workbook is unusable, 2 a usage error (bad month, locality, scenario file or OUT).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.cli.choices import (
    EXIT_OK,
    EXIT_UNUSABLE,
    EXIT_USAGE,
    UsageError,
    add_disclosure_arguments,
    add_mapping_option,
    check_choices,
    disclosure_policy,
    mapping_argument,
    month_argument,
)
from core.ingest.load import load_path
from core.model import WHOLE_AUTHORITY, Dataset

# core.exports.FORMAT_KEYS, spelled here so that building the parser does not import the pack writers
# (every command builds it; tests/core/test_cli.py keeps the two equal).
EXPORT_FORMATS = ("xlsx", "pdf", "pptx")


def add_export_parser(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="write a meeting pack (Excel, PDF or PowerPoint)")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS, dest="format")
    export.add_argument("workbook")
    export.add_argument("out")
    export.add_argument("--month", help="YYYY-MM (default: the latest month with data)")
    export.add_argument("--locality", default=WHOLE_AUTHORITY, help="default: the whole authority")
    export.add_argument("--scenario", help="a what-if scenario file (.csv from the What-if page, or a template .xlsx)")
    add_disclosure_arguments(export)
    add_mapping_option(export)
    export.add_argument("--authority", help="the council's name, for a workbook that does not give it")


def named_authority(model: Dataset, given: str | None) -> tuple[Dataset, str | None]:
    """The data under the authority's name, and a warning line when the pack cannot say whose it is or
    when --authority is not used (the workbook's own name is kept, as on the Upload page)."""
    given = (given or "").strip()
    if model.about.authority_named:
        if given and given != model.about.authority:
            return model, f"warning: the workbook names its authority '{model.about.authority}'; --authority is not used"
        return model, None
    if given:
        return model.with_authority(given), None
    return model, ("warning: the workbook does not name its authority, so the pack cannot say whose it is; "
                   "give --authority NAME")


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def run_export(args: argparse.Namespace) -> int:
    # The pack writers and the scenario reader load only for this command: `check` and `scorecard` start faster.
    from core.exports import build_export
    from core.ingest.scenario_file import read_scenario_file

    try:
        month = month_argument(args.month)
        mappings = mapping_argument(args.mapping)
        policy = disclosure_policy(args)
    except UsageError as problem:
        return _usage(str(problem))
    out = Path(args.out)
    if not out.parent.is_dir():
        return _usage(f"cannot write {out}: folder {out.parent} does not exist")
    scenario = None
    if args.scenario:
        try:
            scenario = read_scenario_file(args.scenario)
        except (ValueError, OSError) as problem:  # pydantic's ValidationError is a ValueError too
            return _usage(f"scenario {args.scenario}: {problem}")

    result = load_path(args.workbook, mappings)
    if not result.usable:
        print(result.report.text(), file=sys.stderr)
        return EXIT_UNUSABLE
    model, warning = named_authority(result.dataset, args.authority)
    if warning:
        print(warning, file=sys.stderr)
    try:
        check_choices(model, args.locality, month)
    except UsageError as problem:
        return _usage(str(problem))
    month = month or model.latest_period
    if scenario is not None:
        unmatched = scenario.unmatched_ids(model)
        if unmatched:  # a scenario made on another edition: say what is ignored, rate with the rest
            print(f"warning: the scenario names indicators this workbook does not have, ignored: "
                  f"{', '.join(unmatched)}", file=sys.stderr)

    data = build_export(args.format, model, month, args.locality, policy,
                        scenario if scenario is not None and not scenario.is_empty else None)
    try:
        out.write_bytes(data)
    except OSError as error:
        return _usage(f"cannot write {out}: {error.strerror or error}")
    print(f"wrote {out}")
    return EXIT_OK
