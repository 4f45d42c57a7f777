"""The numbers of the method and the one settings object: what Making Data Count fixes, and what a council may choose.

Source: NHS England Making Data Count, "SPC charts XmR testing" (checks against the Single Chart Tool v5.0).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

SOURCE = ('NHS England Making Data Count, "SPC charts XmR testing" (the checks any XmR chart must pass '
          "to match the Single Chart Tool v5.0)")

LIMIT_SIGMAS = 2.66  # x the mean moving range = 3 sigma (3 / 1.128), as the Excel tool computes it
NEAR_LIMIT_SIGMAS = LIMIT_SIGMAS * 2 / 3  # the two-sigma line
MIN_POINTS = 13  # the tool shows process limits and signals from 13 points; 12 or fewer: the mean only
NEAR_LIMIT_WINDOW, NEAR_LIMIT_COUNT = 3, 2  # 2 (or 3) of 3 consecutive points beyond the two-sigma line
DECIMALS = 6  # differences rounded before comparing, so float noise never makes a signal

SINGLE_CHART_TOOL_RUN = 6
OLDER_CONVENTION_RUN = 7


class SpcSettings(BaseModel):
    """The run lengths a council may set. Defaults are the Single Chart Tool's; 7 is the older convention."""

    model_config = ConfigDict(frozen=True)

    shift_length: Literal[6, 7] = SINGLE_CHART_TOOL_RUN  # consecutive points on one side of the mean
    trend_length: Literal[6, 7] = SINGLE_CHART_TOOL_RUN  # consecutive points each rising (or each falling)


DEFAULT_SETTINGS = SpcSettings()
