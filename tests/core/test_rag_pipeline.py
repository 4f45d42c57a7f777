"""The RAG pipeline's steps, each setting a rating and its reason together (core.rules.rag)."""

import numpy as np

from core.model import WHOLE_AUTHORITY
from core.rules.rag import (
    effective_indicators,
    not_rated_where_target_does_not_apply,
    rate_against_target,
    withheld_where_suppressed,
)
from tests.core.engine_fixtures import frame_of, observations
from tests.core.test_rating import COUNT_LOW_ABS30, PCT_HIGH_ABS5


def rated_pair(locality: str) -> object:
    obs = observations([
        {"indicator_id": "count_low", "period": "2023-03", "value": 30.0, "locality": locality},
        {"indicator_id": "pct_high", "period": "2023-03", "value": 62.0, "locality": locality},
    ])
    return rate_against_target(obs, effective_indicators(frame_of(COUNT_LOW_ABS30, PCT_HIGH_ABS5)))


def test_step_one_rates_against_target_with_its_reason() -> None:
    rated = rated_pair(WHOLE_AUTHORITY)
    assert list(rated["rag"].astype(str)) == ["green", "red"]
    assert rated["rag_reason"].iat[0] == "Green: 30 is 390 below the 420 target"
    assert rated["rag_reason"].iat[1].startswith("Red: 62.0% is 8.0 pp below the 70.0% target")


def test_step_two_leaves_a_council_count_target_unrated_in_a_locality_and_says_why() -> None:
    rated = not_rated_where_target_does_not_apply(rated_pair("Purbeck"), "Purbeck")
    assert list(rated["rag"].astype(str)) == ["not_rated", "red"]  # the percentage still compares
    assert rated["rag_reason"].iat[0] == "Not rated: the 420 target is for the whole authority, not one locality"
    assert np.isnan(rated["gap"].iat[0])


def test_step_two_does_nothing_for_the_whole_authority() -> None:
    before = rated_pair(WHOLE_AUTHORITY)
    after = not_rated_where_target_does_not_apply(before, WHOLE_AUTHORITY)
    assert list(after["rag"].astype(str)) == list(before["rag"].astype(str))


def test_step_three_withholds_the_rating_with_the_suppression_reason() -> None:
    rated = withheld_where_suppressed(rated_pair(WHOLE_AUTHORITY), np.array([False, True]),
                                      np.array(["", "Not rated: fewer than 5 children"], dtype=object))
    assert list(rated["rag"].astype(str)) == ["green", "not_rated"]
    assert rated["rag_reason"].iat[1] == "Not rated: fewer than 5 children"
    assert rated["rag_reason"].iat[0].startswith("Green")
