"""What every session's first page needs, done once when the server starts (serve.py), not on a request.

A new server otherwise makes its first visitor wait for the imports (the pack writers' above all), the
workbook parse, the first page's views and plotly's first figure. The caches filled here are the ones the pages read
(st.cache_data keyed on the same arguments), so the first request finds them ready.
"""

from __future__ import annotations

import logging
import time

import pandas as pd

from core.exports import FORMAT_KEYS, export_format
from core.model import WHOLE_AUTHORITY, Dataset
from core.rules.spc import spc_points
from core.views.public import indicator_history

# What app.py and pages import, loaded here once rather than on a first request:
from ui import area_page, exports, literal, look, presenter, shell  # noqa: F401
from ui.cached import warm_views
from ui.charts import rag_history_figure, trend_figure
from ui.publishing import (
    STORE_FAILURES,
    deployment_threshold,
    latest_notes_version,
    latest_version,
    merged_model,
    published_as_of,
    viewing_policy,
)
from ui.state import digest, published_digest, sample_bytes, sample_result

_log = logging.getLogger(__name__)


def _current_data() -> tuple[Dataset, str]:
    """The data a new session shows: the published merge, else the embedded sample (as ui.state decides)."""
    try:
        version = latest_version()
        if published_as_of(version):
            return merged_model(version, latest_notes_version()), published_digest(version)
    except STORE_FAILURES as error:
        _log.warning("history store unavailable at start-up: %s", error)
    return sample_result().dataset, digest(sample_bytes())


def _draw_once(model: Dataset, month: str, history: pd.DataFrame) -> None:
    """Plotly builds its validators and encoders on a process's first figure: build one of each kind now."""
    rag_history_figure(history)
    indicator = next(iter(model.indicators.values()))
    points = indicator_history(model, indicator.id, WHOLE_AUTHORITY, month)
    values = points.set_index("period")["value"]
    spc = spc_points(values, indicator.good_is.value if indicator.good_is else None) if values.notna().any() else None
    trend_figure(points, spc, indicator, indicator.target).to_json()


def warm_start() -> float:
    """Parse the current data and build the first page's views; returns the seconds it took."""
    started = time.perf_counter()
    model, source_digest = _current_data()
    month = str(model.latest_period if model.latest_period is not None else pd.Period(model.periods[-1], freq="M"))
    history = warm_views(model, source_digest, month, WHOLE_AUTHORITY, viewing_policy(deployment_threshold()))
    _draw_once(model, month, history)
    for key in FORMAT_KEYS:  # every page names its packs: the writers (openpyxl, reportlab, python-pptx) load once
        export_format(key)
    seconds = time.perf_counter() - started
    _log.info("warmed the first page's data and views in %.2f s", seconds)
    return seconds
