"""The domain vocabulary: indicators, bands, benchmarks, observations and the validated Dataset.

Every stage after reading speaks in these types; this package imports nothing else of core.
"""

from core.model.dataset import Dataset
from core.model.indicator import (
    DEFAULT_AMBER_BAND,
    INDICATOR_FRAME_COLUMNS,
    UNNAMED_AUTHORITY,
    About,
    AmberBand,
    Benchmark,
    Commentary,
    Indicator,
    check_bands,
    indicator_fields,
    indicators_to_frame,
)
from core.model.notes import Action, ActionStatus
from core.model.observations import OBSERVATION_COLUMNS, conform_observations
from core.model.targets import TARGET_COLUMNS, conform_targets
from core.model.vocabulary import (
    NEVER_NEGATIVE_UNITS,
    OTHER_AREA,
    WHOLE_AUTHORITY,
    BandKind,
    Direction,
    GoodIs,
    MissingReason,
    Outlook,
    Periodicity,
    Rag,
    Unit,
)

__all__ = [
    "DEFAULT_AMBER_BAND", "INDICATOR_FRAME_COLUMNS", "NEVER_NEGATIVE_UNITS", "OBSERVATION_COLUMNS", "OTHER_AREA", "WHOLE_AUTHORITY",
    "About", "Action", "ActionStatus", "AmberBand", "BandKind", "Benchmark", "Commentary", "Dataset", "Direction",
    "GoodIs", "Indicator", "MissingReason", "Outlook", "Periodicity", "Rag", "TARGET_COLUMNS", "UNNAMED_AUTHORITY", "Unit", "check_bands",
    "conform_observations", "conform_targets", "indicator_fields", "indicators_to_frame",
]
