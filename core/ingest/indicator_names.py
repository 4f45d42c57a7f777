"""Recognising a printed indicator name as a known indicator, and what the library knows about it.

Published scorecards reword and truncate names between editions ("No. of" / "Number of", "CIC" /
"Children in Care", "(one month in arrears)" appended, a long name cut short). Names are folded
through knowledge/name_abbreviations.csv, then compared with every known variant
(knowledge/indicator_name_variants.csv, built by data/build_library.py):

- an exact folded match always wins;
- otherwise the best of: difflib similarity, token overlap, a truncated name that is the start of a
  variant, or a variant found whole inside a longer name;
- below THRESHOLD, or two ids within AMBIGUITY_MARGIN of each other, is no match: a wrong match
  would give an indicator someone else's polarity, which is worse than giving it none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

import pandas as pd

from core.ingest.cells import per_distinct
from core.knowledge import HERE, indicator_library
from core.model import OTHER_AREA, GoodIs, Indicator, Periodicity, Unit

THRESHOLD = 0.85
AMBIGUITY_MARGIN = 0.02
TRUNCATED_SCORE = 0.95  # the printed name is the start of a variant
# A whole variant inside a longer printed name scores by how much of the name it covers, so the
# longer of two nested variants wins ("... against foster carers that were substantiated").
CONTAINS_BASE, CONTAINS_PER_COVERAGE = 0.80, 0.15
MIN_PARTIAL_CHARS = 18  # shorter fragments ("number cic") say too little to match on their own

_NUMBER = re.compile(r"\b\d+\b")

MATCH_COLUMNS = {"library_id": "string", "score": "float64", "matched_variant": "string"}


@cache
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    table = pd.read_csv(HERE / "name_abbreviations.csv", dtype=str, keep_default_na=False)
    means = dict(zip(table["text"], table["means"]))
    # Longest phrase first, so "children in care" is replaced before any word inside it.
    alternation = "|".join(re.escape(text) for text in sorted(means, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b"), means


_NOT_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


def fold_name(name: str) -> str:
    """Fold one name for comparison: case, punctuation, '&', '%', '+', abbreviations, filler words."""
    pattern, means = _abbreviations()
    folded = name.lower().replace("&", " and ").replace("%", " percent ").replace("+", " plus ")
    folded = pattern.sub(lambda match: means[match.group(0)], _NOT_LETTER_OR_DIGIT.sub(" ", folded).strip())
    return _SPACES.sub(" ", folded).strip()


def normalise_names(names: pd.Series) -> pd.Series:
    """fold_name of each name (NA stays NA), once per distinct name: a sheet prints each name on many rows."""
    return pd.Series(per_distinct(names, lambda name: fold_name(str(name))), index=names.index, dtype="string")


@cache
def name_variants() -> pd.DataFrame:
    """id, variant and its folded form; empty when the library has not been built."""
    path = HERE / "indicator_name_variants.csv"
    if not path.exists():
        return pd.DataFrame({"id": [], "variant": [], "folded": []}, dtype="string")
    variants = pd.read_csv(path, dtype="string", keep_default_na=False)
    variants["folded"] = normalise_names(variants["variant"])
    return variants[variants["folded"] != ""].reset_index(drop=True)


@cache
def _exact_lookup() -> dict[str, tuple[str, ...]]:
    """Folded variant -> the ids it names (more than one id means the text is ambiguous)."""
    variants = name_variants()
    grouped = variants.groupby("folded", sort=False)["id"].unique()
    return {folded: tuple(ids) for folded, ids in grouped.items()}


@dataclass(frozen=True)
class _Words:
    """A folded name with its word and number sets, worked out once (a library variant is compared
    with every unknown name of every upload)."""

    text: str
    words: frozenset[str]
    numbers: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Words:
        return cls(text, frozenset(text.split()), frozenset(_NUMBER.findall(text)))


@cache
def _variant_words() -> tuple[tuple[str, str, _Words], ...]:
    """(id, variant as printed, folded words) for every library variant."""
    variants = name_variants()
    return tuple((str(ind_id), str(variant), _Words.of(str(folded)))
                 for ind_id, variant, folded in zip(variants["id"], variants["variant"], variants["folded"]))


def _tokens_overlap(a: _Words, b: _Words) -> float:
    """Dice coefficient of the two word sets: robust to words moved or added."""
    if not a.words or not b.words:
        return 0.0
    return 2 * len(a.words & b.words) / (len(a.words) + len(b.words))


def _numbers_disagree(a: _Words, b: _Words) -> bool:
    """'Key Stage 2' against 'Key Stage 1': each side has a number the other lacks."""
    return bool(a.numbers - b.numbers) and bool(b.numbers - a.numbers)


def _similarity(name: _Words, variant: _Words, matcher: SequenceMatcher) -> float:
    if _numbers_disagree(name, variant):
        # Whole-text similarity cannot see that one digit changes the measure: only the partial
        # routes, which need every word in order, may match.
        return _partial_score(name.text, variant.text)
    score = max(_tokens_overlap(name, variant), _partial_score(name.text, variant.text))
    floor = THRESHOLD - AMBIGUITY_MARGIN
    # quick_ratio is an upper bound of ratio: skip the expensive call when it cannot matter.
    if score < 1.0 and matcher.real_quick_ratio() >= floor and matcher.quick_ratio() >= floor:
        score = max(score, matcher.ratio())
    return score


def _partial_score(name: str, variant: str) -> float:
    score = 0.0
    if len(name) >= MIN_PARTIAL_CHARS and variant.startswith(name):
        score = max(score, TRUNCATED_SCORE)
    if len(variant) >= MIN_PARTIAL_CHARS and f" {variant} " in f" {name} ":
        score = max(score, CONTAINS_BASE + CONTAINS_PER_COVERAGE * len(variant) / len(name))
    return score


@lru_cache(maxsize=4096)  # names repeat across uploads; bounded, since they come from users' files
def _match_folded(name: str) -> tuple[str | None, float, str | None]:
    """(id, score, variant) for one folded name; id None when nothing matches or two ids tie."""
    if not name:
        return None, float("nan"), None
    variants = name_variants()
    exact = _exact_lookup().get(name)
    if exact is not None:
        if len(exact) > 1:
            return None, float("nan"), None
        first = variants.loc[(variants["folded"] == name) & (variants["id"] == exact[0]), "variant"].iloc[0]
        return exact[0], 1.0, str(first)
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(name)  # difflib caches the second sequence: the printed name is reused
    best: dict[str, tuple[float, str]] = {}
    words = _Words.of(name)
    for ind_id, variant, folded in _variant_words():
        matcher.set_seq1(folded.text)
        score = _similarity(words, folded, matcher)
        if score > best.get(ind_id, (-1.0, ""))[0]:
            best[ind_id] = (score, variant)
    ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)
    if not ranked or ranked[0][1][0] < THRESHOLD:
        return None, float("nan"), None
    if len(ranked) > 1 and ranked[0][1][0] - ranked[1][1][0] < AMBIGUITY_MARGIN:
        return None, float("nan"), None
    top_id, (top_score, top_variant) = ranked[0]
    return top_id, round(top_score, 4), top_variant


def match_indicator_names(names: pd.Series) -> pd.DataFrame:
    """library_id, score (1.0 = exact) and matched_variant for each name; NA where nothing matches.

    Folding is vectorised; matching runs once per distinct folded name (a scorecard has ~100).
    """
    codes, distinct = pd.factorize(normalise_names(names).fillna("").to_numpy(dtype=object))
    matches = [_match_folded(name) for name in distinct]
    return pd.DataFrame({column: pd.array([match[at] for match in matches] or [], dtype=dtype).take(codes)
                         for at, (column, dtype) in enumerate(MATCH_COLUMNS.items())}, index=names.index)


@cache  # Indicator is frozen: one shared instance per id is safe
def library_indicator(indicator_id: str) -> Indicator:
    """What the library knows about one indicator: area, name, unit, polarity, periodicity, arrears.

    Raises KeyError for an id the library does not hold.
    """
    row = indicator_library().loc[indicator_id]
    return Indicator(
        id=indicator_id,
        area=row["area"] or OTHER_AREA,
        name=row["name"],
        unit=Unit(row["unit"]) if row["unit"] else None,
        good_is=GoodIs(row["good_is"]) if row["good_is"] else None,
        periodicity=Periodicity(row["periodicity"]) if row["periodicity"] else None,
        arrears_months=int(row.get("arrears_months") or 0),
    )
