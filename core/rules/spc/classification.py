"""From rule hits to one verdict per point: improvement, concern, neither, common cause or too few points.

Each rule flags a point on a side: the high or low side of the mean for a single point, a shift
and two-of-three; the direction of travel for a trend. Through the indicator's polarity the high
side is an improvement (good is high) or a concern (good is low); a neutral indicator's flagged
points are special cause with no judgement.

Conflicting signals: the trend is the only rule that can cross the mean, so one point can be flagged
as an improvement by one rule and as a concern by another. We follow the Single Chart Tool: such a
point is shown as an IMPROVEMENT. (NHSRplotthedots instead applies a hierarchy of rules, beyond a
limit, then trend, then two-of-three, then shift; we do not.)
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np


class SpcSignal(StrEnum):
    special_cause_improvement = "special_cause_improvement"
    special_cause_concern = "special_cause_concern"
    special_cause_neither = "special_cause_neither"
    common_cause = "common_cause"
    too_few_points = "too_few_points"


DESCRIPTION = ("**Conflicting signals.** A trend can cross the mean, so one point can be an improvement by one "
               "rule and a concern by another. As in the Single Chart Tool, such a point is shown as an "
               "improvement. (NHSRplotthedots ranks the rules instead; this app does not.)")


def classify(high: np.ndarray, low: np.ndarray, polarity: np.ndarray, enough: np.ndarray) -> np.ndarray:
    """Per point, an SpcSignal value. high / low: some rule flags the point on that side.

    polarity: +1 good is high, -1 good is low, 0 neutral. enough: the point's section has limits.
    """
    improvement = ((polarity > 0) & high) | ((polarity < 0) & low)
    return np.select(
        [~enough, ~(high | low), polarity == 0, improvement],  # improvement before concern: the conflict rule
        [SpcSignal.too_few_points.value, SpcSignal.common_cause.value, SpcSignal.special_cause_neither.value,
         SpcSignal.special_cause_improvement.value],
        SpcSignal.special_cause_concern.value,
    )
