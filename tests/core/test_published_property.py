"""Property: on any published-layout sheet, every data row the reader reads is used or reported."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.ingest.published_layout import read_published_sheets

NAMES = ["Rate of CIC as at end of month", "No. of children who became CIC", "Profile", "Care Leavers",
         "Some measure nobody knows", "Foster carer households available"]
CELLS = st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False), st.sampled_from(
    ["NA", "n/a", "tbc", "12%", "15% (14% Oct)", "25.4% (Provisional)", "1e309", "44 - 57", "▲", "▼", "", " ",
     "decrease from Q1", "not available until November", "Improving", "x"]))
HEADERS = st.sampled_from(["Good Is", "Target", "Eng AV", "SN AV", "Unit", "Jul 22", "Aug 22", "Q1 Target 2022/23",
                           "Q1 Intervention Level 2022/23", "Q1 Outturn 2022/23", "Comments", "Trend",
                           "Direction of Performance", "Oct 98", None, "Sep 22 actual"])


@st.composite
def published_sheets(draw: st.DrawFn) -> pd.DataFrame:
    width = draw(st.integers(3, 8))
    header = ["Measure", "Jun 22", "Jul 22", *draw(st.lists(HEADERS, min_size=width - 3, max_size=width - 3))]
    band = [None, *draw(st.lists(st.sampled_from([None, "Benchmarking 19/20", "Current Target"]),
                                 min_size=width - 1, max_size=width - 1))]
    rows = [band, header] if draw(st.booleans()) else [header]
    for _ in range(draw(st.integers(0, 12))):
        name = draw(st.one_of(st.none(), st.sampled_from(NAMES)))
        rows.append([name, *draw(st.lists(CELLS, min_size=width - 1, max_size=width - 1))])
        if draw(st.integers(0, 5)) == 0:
            rows.append(list(header))  # the header repeated down the sheet
    return pd.DataFrame(np.array(rows, dtype=object), dtype=object)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(published_sheets())
def test_rows_read_are_used_or_reported(frame):
    result = read_published_sheets({"Sheet": frame}, "random.xlsx", latest_allowed=pd.Period("2024-03", "M"))
    assert result.rows_read == result.rows_used + result.rows_reported
