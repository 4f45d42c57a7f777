"""Hand-worked series shared by the SPC tests: each is explained where it is used."""

import numpy as np
import pandas as pd


def as_series(values: list[float], start: str = "2022-01") -> pd.Series:
    return pd.Series(values, index=pd.period_range(start, periods=len(values), freq="M"), dtype="float64")


def one_series(length: int) -> np.ndarray:
    return np.zeros(length, dtype=np.int64)


ALTERNATING_9_11 = [9.0, 11.0] * 7  # 14 points, mean 10, every moving range 2: limits 10 +/- 5.32
