"""The observation table: one row per indicator x locality x month, with where each figure came from.

Observations travel as a pandas DataFrame whose columns are fixed by OBSERVATION_COLUMNS: validating
30,000 rows one model at a time would cost more than reading the workbook.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

# Observation table: one row per indicator x locality x month. The order is the contract.
OBSERVATION_COLUMNS: dict[str, str] = {
    "indicator_id": "string",
    "locality": "string",  # WHOLE_AUTHORITY for council-wide figures
    "period": "period[M]",
    "value": "float64",  # NaN when missing; see missing_reason
    "numerator": "float64",
    "denominator": "float64",
    "missing_reason": "string",  # MissingReason value or <NA>
    "note": "string",  # raw text beside a number ('Provisional', '14% Oct') or the text that replaced it
    "published_direction": "string",  # Direction value as printed, or <NA>
    "published_rag": "string",  # Rag value as printed, or <NA>
    "sheet": "string",
    "cell": "string",  # A1 reference of the value cell
    "source": "string",  # upload / file name
}


def _as_dtype(series: pd.Series, dtype: str) -> pd.Series:
    """series.astype(dtype); text held as Python objects goes to a string column through Arrow, which
    converts 300,000 cells several times faster than pandas' element-by-element astype."""
    if dtype == "string" and series.dtype == object:
        try:
            arrow = pa.array(series.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
        except (pa.ArrowTypeError, pa.ArrowInvalid):  # numbers or other objects among the text: let pandas say
            return series.astype(dtype)
        return pd.Series(pd.array(arrow, dtype="string"), index=series.index)
    return series.astype(dtype)


def conform(frame: pd.DataFrame, spec: dict[str, str]) -> pd.DataFrame:
    """Give a frame exactly the columns and dtypes of `spec` (missing columns become NA)."""
    columns: dict[str, pd.Series] = {}
    for column, dtype in spec.items():
        if column in frame:
            series = frame[column].reset_index(drop=True)
            columns[column] = series if str(series.dtype) == dtype else _as_dtype(series, dtype)
        else:
            columns[column] = pd.Series(None, index=range(len(frame)), dtype=dtype)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))


def conform_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a frame exactly the observation columns and dtypes (missing columns become NA)."""
    return conform(frame, OBSERVATION_COLUMNS)
