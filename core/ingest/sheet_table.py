"""Finding a table's header row in a raw sheet and naming its columns through the synonym table."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.ingest.cells import KIND_EMPTY
from core.knowledge import header_synonyms
from core.knowledge.text import normalise_header

HEADER_SEARCH_ROWS = 30


@dataclass
class SheetTable:
    """A located table: header row index and field -> column index (zero-based)."""

    sheet: str
    header_row: int
    columns: dict[str, int]
    unknown_headers: dict[int, str] = field(default_factory=dict)

    def body(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows below the header, with fully blank rows dropped (they are not data rows)."""
        below = frame.iloc[self.header_row + 1 :]
        kinds = frame.attrs.get("cell_kinds")
        if isinstance(kinds, np.ndarray) and kinds.shape == frame.shape:  # as read: no NaN, None for empty
            return below[(kinds[self.header_row + 1 :] != KIND_EMPTY).any(axis=1)]
        return below.dropna(how="all")


def locate_table(sheet: str, frame: pd.DataFrame, wanted: set[str], required: set[str]) -> SheetTable | None:
    """The first row in the top of the sheet whose headers name every required field."""
    synonyms = header_synonyms()
    for row in range(min(HEADER_SEARCH_ROWS, len(frame))):
        columns: dict[str, int] = {}
        unknown: dict[int, str] = {}
        for col, raw in enumerate(frame.iloc[row].tolist()):
            text = normalise_header(raw)
            if not text:
                continue
            field_name = synonyms.get(text)
            if field_name in wanted and field_name not in columns:
                columns[field_name] = col
            else:
                unknown[col] = str(raw)
        if required <= columns.keys():
            return SheetTable(sheet=sheet, header_row=row, columns=columns, unknown_headers=unknown)
    return None
