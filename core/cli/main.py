"""Command line: a stable contract other tools rely on.

  python -m core check WORKBOOK [--json] [--mapping FILE]   exit 0 usable, 1 nothing usable, 2 usage error
  python -m core scorecard WORKBOOK [--month YYYY-MM] [--locality NAME] [--json] [--mapping FILE] [--threshold N]
                           [--unsuppressed]
  python -m core template OUT.xlsx
  python -m core export --format xlsx|pdf|pptx WORKBOOK OUT [--month] [--locality] [--scenario FILE] [--mapping FILE]
                        [--authority NAME]
  python -m core rules [--json]                 every validation rule: level, title, message, effect

--mapping FILE: a column mapping saved from the Upload page, for a sheet layout the reader does not know.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys

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
from core.cli.export import add_export_parser, run_export
from core.cli.rules import add_rules_parser, run_rules
from core.ingest.load import load_path
from core.model import WHOLE_AUTHORITY


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse already exits 2; keep its message short
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m core", description="Corporate Parenting scorecard tools.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = commands.add_parser("check", help="validate a workbook and list what was found")
    check.add_argument("workbook")
    check.add_argument("--json", action="store_true")
    add_mapping_option(check)
    card = commands.add_parser("scorecard", help="the rated scorecard for one month and locality")
    card.add_argument("workbook")
    card.add_argument("--month", help="YYYY-MM (default: the latest month with data)")
    card.add_argument("--locality", default=WHOLE_AUTHORITY, help="default: the whole authority")
    card.add_argument("--json", action="store_true")
    add_mapping_option(card)
    add_disclosure_arguments(card)
    template = commands.add_parser("template", help="write the blank template workbook")
    template.add_argument("out")
    add_export_parser(commands)
    add_rules_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):  # `... | head` should end quietly, as other command-line tools do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return _check(args)
    if args.command == "scorecard":
        return _scorecard(args)
    if args.command == "export":
        return run_export(args)
    if args.command == "rules":
        return run_rules(args)
    return _template(args)


def _check(args: argparse.Namespace) -> int:
    try:
        mappings = mapping_argument(args.mapping)
    except UsageError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    result = load_path(args.workbook, mappings)
    print(result.report.json_text() if args.json else result.report.text())
    return EXIT_OK if result.usable else EXIT_UNUSABLE


def _scorecard(args: argparse.Namespace) -> int:
    from core.present.labels import direction_label, rag_label
    from core.views.public import public_scorecard
    from core.views.scorecard import scorecard_records

    try:
        month = month_argument(args.month)
        policy = disclosure_policy(args)
        result = load_path(args.workbook, mapping_argument(args.mapping))
        if not result.usable:
            print(result.report.text(), file=sys.stderr)
            return EXIT_UNUSABLE
        scorecard = result.dataset
        check_choices(scorecard, args.locality, month)
    except UsageError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    frame = public_scorecard(scorecard, month, args.locality, policy)  # withheld exactly as on screen
    if args.json:
        print(json.dumps(scorecard_records(frame), indent=2))
        return EXIT_OK
    shown_month = month if month is not None else scorecard.latest_period
    print(f"Scorecard for {shown_month:%B %Y}, {args.locality}")  # which month was chosen, when none was asked
    for row in frame.itertuples():  # one printed line per indicator, in words (--json gives the stored values)
        where = " ".join(f"{row.area} / {row.name}".split())  # a line break typed in a name stays off the output
        print(f"{rag_label(row.rag):11} {direction_label(row.direction):11} {row.display_value:>14}  {where}")
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from core.template.contract import write_template

    write_template(args.out)
    print(f"wrote {args.out}")
    return EXIT_OK
