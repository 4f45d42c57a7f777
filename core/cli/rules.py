"""`python -m core rules`: the rule catalogue, so anyone can look up a message the report gave them.

  python -m core rules [--json]

Text: one block per rule (level and title, the message with "…" for its values, what happens to the data).
JSON: a list of {"code", "level", "title", "message", "effect"}.
"""

from __future__ import annotations

import argparse
import json

from core.cli.choices import EXIT_OK
from core.present.labels import LEVEL_LABELS
from core.validation.catalogue import catalogue_records


def add_rules_parser(commands: argparse._SubParsersAction) -> None:
    rules = commands.add_parser("rules", help="list every validation rule: level, title, message and effect")
    rules.add_argument("--json", action="store_true")


def run_rules(args: argparse.Namespace) -> int:
    records = catalogue_records()
    if args.json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return EXIT_OK
    for record in records:
        print(f"{LEVEL_LABELS[record['level']].upper():8} {record['title']}")
        print(f"         {record['message']}")
        print(f"         {record['effect']}")
        print()
    return EXIT_OK
