"""Build the indicator library the app ships with, from the reference list of published indicators.

Reads data/reference/indicators.csv (one council's published Corporate Parenting indicators) and
data/safeguarding_indicators.csv (the front-door and child-protection measures safeguarding
scorecards add; no reference pack prints them, so their names, units and polarity are stated by
hand from the domain notes), and writes two knowledge tables beside the code, so the app
never needs the reference at run time:
- core/knowledge/indicator_library.csv: id, area, name, unit, good_is, periodicity, arrears_months
- core/knowledge/indicator_name_variants.csv: id, variant (the canonical name, then every label
  the notes quote from other packs, e.g. `000 label: "Number of CIC who are UASC at end of month"`)

    python -m data.build_library            # or: python data/build_library.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

if __package__ in (None, ""):  # run as a script: make `core` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.knowledge import HERE as KNOWLEDGE_DIR  # noqa: E402

DATA_DIR = Path(__file__).resolve().parent
INDICATORS_CSV = DATA_DIR / "reference" / "indicators.csv"
SAFEGUARDING_CSV = DATA_DIR / "safeguarding_indicators.csv"
LIBRARY_CSV = KNOWLEDGE_DIR / "indicator_library.csv"
VARIANTS_CSV = KNOWLEDGE_DIR / "indicator_name_variants.csv"

LIBRARY_COLUMNS = ["id", "area", "name", "unit", "good_is", "periodicity", "arrears_months"]

# A quoted label from another pack: `000 label: "..."` or `001 label: "..."`.
QUOTED_LABEL = re.compile(r"\b\d{3} label:\s*\"(?P<label>[^\"]+)\"")
# Editorial marks the reference adds to a label; they were never printed.
EDITORIAL_MARK = re.compile(r"\s*\[(?:reconstructed|\.\.\.[^\]]*)\]\s*")
# A label the text extraction cut short is no evidence of how the name was printed.
TRUNCATED_MARK = "name truncated"


def read_reference(path: Path = INDICATORS_CSV) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def library_table(reference: pd.DataFrame) -> pd.DataFrame:
    library = reference[LIBRARY_COLUMNS].copy()
    library["arrears_months"] = library["arrears_months"].replace("", "0")
    return library


def name_variants(reference: pd.DataFrame) -> pd.DataFrame:
    """One row per (id, variant): the canonical name first, then the labels quoted in the notes."""
    labels = reference[["id", "notes"]].set_index("id")["notes"].str.extractall(QUOTED_LABEL)["label"]
    labels = labels[~labels.str.contains(TRUNCATED_MARK, regex=False)]
    labels = labels.str.replace(EDITORIAL_MARK, " ", regex=True).str.strip()
    quoted = labels.reset_index(level="match", drop=True).rename("variant").reset_index()
    canonical = reference[["id", "name"]].rename(columns={"name": "variant"})
    variants = pd.concat([canonical, quoted], ignore_index=True)
    variants["variant"] = variants["variant"].str.strip()
    variants = variants[variants["variant"] != ""]
    # Keep the reference order of ids, canonical name first; drop exact repeats.
    order = {ind_id: n for n, ind_id in enumerate(reference["id"])}
    variants = variants.assign(_order=variants["id"].map(order)).sort_values("_order", kind="stable")
    return variants.drop(columns="_order").drop_duplicates(["id", "variant"]).reset_index(drop=True)


def safeguarding_tables(path: Path = SAFEGUARDING_CSV) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The hand-stated safeguarding indicators and their name variants (pipe-separated in the file)."""
    extra = pd.read_csv(path, dtype=str, keep_default_na=False)
    variants = extra.assign(variant=extra["name"] + "|" + extra["variants"])[["id", "variant"]]
    variants = variants.assign(variant=variants["variant"].str.split("|")).explode("variant")
    variants["variant"] = variants["variant"].str.strip()
    return extra[LIBRARY_COLUMNS], variants[variants["variant"] != ""].drop_duplicates().reset_index(drop=True)


def library_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The library and its name variants, as build() writes them."""
    reference = read_reference()
    extra_library, extra_variants = safeguarding_tables()
    library = pd.concat([library_table(reference), extra_library], ignore_index=True)
    variants = pd.concat([name_variants(reference), extra_variants], ignore_index=True)
    return library, variants


def build() -> tuple[pd.DataFrame, pd.DataFrame]:
    library, variants = library_frames()
    library.to_csv(LIBRARY_CSV, index=False, lineterminator="\n")
    variants.to_csv(VARIANTS_CSV, index=False, lineterminator="\n")
    return library, variants


if __name__ == "__main__":
    built_library, built_variants = build()
    print(f"{len(built_library)} indicators -> {LIBRARY_CSV}")
    print(f"{len(built_variants)} name variants -> {VARIANTS_CSV}")
