"""Statistical process control as NHS England's Making Data Count defines it: an XmR chart and its rules.

One module per job: settings (the numbers and the one SpcSettings object), limits, recalculation (process
changes start new sections), the four rules (beyond_limit, shift, trend, two_of_three), classification
(one verdict per point, conflicts resolved), assurance; points (one series, for charts) and table (one
row per series, for the scorecard) run them over many series at once as array work.
"""

from core.rules.spc import beyond_limit, shift, trend, two_of_three
from core.rules.spc import limits as limits_module
from core.rules.spc.assurance import DESCRIPTION as ASSURANCE_DESCRIPTION
from core.rules.spc.assurance import Assurance, assurance
from core.rules.spc.beyond_limit import rule_beyond_limit
from core.rules.spc.classification import DESCRIPTION as CONFLICT_DESCRIPTION
from core.rules.spc.classification import SpcSignal
from core.rules.spc.points import spc_points
from core.rules.spc.recalculation import DESCRIPTION as RECALCULATION_DESCRIPTION
from core.rules.spc.settings import (
    DEFAULT_SETTINGS,
    LIMIT_SIGMAS,
    MIN_POINTS,
    NEAR_LIMIT_SIGMAS,
    SOURCE,
    SpcSettings,
)
from core.rules.spc.shift import rule_shift
from core.rules.spc.table import PROCESS_CHANGE_COLUMNS, series_values, spc_table
from core.rules.spc.trend import rule_trend
from core.rules.spc.two_of_three import rule_two_of_three


def method_description(settings: SpcSettings = DEFAULT_SETTINGS) -> dict[str, object]:
    """The method in plain words, for the Definitions page: every number comes from the code that uses it."""
    return {
        "source": SOURCE,
        "limits": limits_module.DESCRIPTION,
        "rules": [rule.describe(settings) for rule in (beyond_limit, shift, trend, two_of_three)],
        "conflicts": CONFLICT_DESCRIPTION,
        "assurance": ASSURANCE_DESCRIPTION,
        "recalculation": RECALCULATION_DESCRIPTION,
    }


__all__ = [
    "DEFAULT_SETTINGS", "LIMIT_SIGMAS", "MIN_POINTS", "NEAR_LIMIT_SIGMAS", "PROCESS_CHANGE_COLUMNS", "SOURCE",
    "Assurance", "SpcSettings", "SpcSignal", "assurance", "method_description", "rule_beyond_limit", "rule_shift",
    "rule_trend", "rule_two_of_three", "series_values", "spc_points", "spc_table",
]
