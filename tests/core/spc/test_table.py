import math

import pandas as pd

from core.model import Indicator
from core.rules.spc import series_values, spc_points, spc_table
from tests.core.engine_fixtures import frame_of, monthly, observations
from tests.core.spc.series import ALTERNATING_9_11

INDICATORS = frame_of(Indicator(id="high_pass", name="a", unit="percent", good_is="high", target=4),
                      Indicator(id="low_fail", name="f", unit="percent", good_is="low", target=4))


def test_table_verdict_comes_from_the_latest_point_up_to_the_month():
    spike_in_middle = [9.0, 11.0] * 6 + [20.0] + [9.0, 11.0] * 6
    rows = monthly("high_pass", "2022-01", spike_in_middle) + monthly("high_pass", "2024-02", [None, 30.0])
    obs = observations(rows)
    points = spc_points(series_values(obs, "high_pass", "Whole authority", "2024-01"), "high")
    assert points["beyond_limit"].tolist() == [False] * 12 + [True] + [False] * 12
    table = spc_table(obs, INDICATORS, month=pd.Period("2024-01", freq="M"))
    assert table[["n_points", "spc_signal"]].values.tolist() == [[25, "common_cause"]]
    # 2024-02 is missing and left out; 2024-03's 30 is far beyond the limit
    latest = spc_table(obs, INDICATORS)
    assert latest[["n_points", "spc_signal"]].values.tolist() == [[26, "special_cause_improvement"]]


def test_table_has_one_row_per_indicator_and_locality():
    rows = (monthly("high_pass", "2022-01", ALTERNATING_9_11, locality="North")
            + monthly("high_pass", "2022-01", ALTERNATING_9_11[:5], locality="South")
            + monthly("low_fail", "2022-01", ALTERNATING_9_11[:3], locality="North"))
    table = spc_table(observations(rows), INDICATORS)
    counts = {(r.indicator_id, r.locality): r.n_points for r in table.itertuples()}
    assert counts == {("high_pass", "North"): 14, ("high_pass", "South"): 5, ("low_fail", "North"): 3}
    assert table.set_index("locality").loc["South", "mean"] == 9.8  # 9, 11, 9, 11, 9: the mean is given below 13 points
    assert math.isnan(table.set_index("locality").loc["South", "ucl"])
