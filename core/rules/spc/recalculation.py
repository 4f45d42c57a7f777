"""Recalculation: a month a manager marked as a process change starts a new section of the chart.

Each section gets its own mean and limits (the Single Chart Tool's "recalculation"); the rules that
need several points (shift, trend, two of three) still run across the break, each point judged
against its own section's lines, as the tool does. A mark holds for the indicator in every locality.
"""

from __future__ import annotations

import numpy as np

from core.rules.spc.arrays import dense_codes

_MONTH_SPAN = 1_000_000  # months per indicator in the combined key: no two indicators' keys can touch

DESCRIPTION = ("**Recalculation.** A manager can mark a month where the process changed (a redefinition, a new "
               "service). The mean and process limits are worked out again from that month, separately for each "
               "section, and the chart breaks its lines there. Shifts, trends and two-of-three can run across the "
               "break, each point judged against its own section's lines. Target assurance uses the latest section.")


def section_codes(series: np.ndarray, indicator_codes: np.ndarray, months: np.ndarray,
                  marked_indicator_codes: np.ndarray, marked_months: np.ndarray) -> np.ndarray:
    """Per point (sorted by series, then month), a 0, 1, 2... code of its section.

    A section ends where the series ends or where a marked month of the point's indicator is reached:
    the marked month itself is the first month of the new section.
    """
    point_keys = indicator_codes.astype(np.int64) * _MONTH_SPAN + (months + _MONTH_SPAN // 2)
    mark_keys = np.sort(marked_indicator_codes.astype(np.int64) * _MONTH_SPAN + (marked_months + _MONTH_SPAN // 2))
    # marks at or before each point; within one indicator it steps up exactly when a mark is passed
    marks_passed = np.searchsorted(mark_keys, point_keys, side="right")
    starts = np.ones(len(series), dtype=bool)
    starts[1:] = (series[1:] != series[:-1]) | (marks_passed[1:] != marks_passed[:-1])
    return dense_codes(starts)
