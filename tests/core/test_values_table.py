"""The indicator page's values table: plain words where a figure is blank, nothing where the workbook said nothing."""

from __future__ import annotations

import pandas as pd

from core.model import MissingReason
from core.present.provenance import VALUES_TABLE_HEADINGS, values_table


def test_blank_reasons_are_words_and_absent_text_is_empty() -> None:
    history = pd.DataFrame({
        "period": pd.PeriodIndex(["2023-01", "2023-02", "2023-03"], freq="M"),
        "value": [12.0, float("nan"), float("nan")], "display_value": ["12", "–", "–"],
        "missing_reason": pd.array([pd.NA, MissingReason.not_yet_reported.value, MissingReason.blank.value],
                                   dtype="string"),
        "note": pd.array([pd.NA, "tbc", pd.NA], dtype="string"),
        "sheet": ["Values"] * 3, "cell": ["D2", "D3", "D4"], "source": ["march.xlsx"] * 3,
    })
    table = values_table(history)
    assert list(table.columns) == list(VALUES_TABLE_HEADINGS.values())
    assert table["Month"].tolist() == ["Jan 2023", "Feb 2023", "Mar 2023"]
    assert table["Why blank"].tolist() == ["", "Not yet reported", "Left blank"]
    assert table["Note"].tolist() == ["", "tbc", ""]
    assert not table.isna().any().any()
    assert "None" not in table.to_string() and "<NA>" not in table.to_string()


def test_every_reason_a_figure_can_be_blank_has_words() -> None:
    history = pd.DataFrame({"period": pd.PeriodIndex(["2023-01"] * len(MissingReason), freq="M"),
                            "display_value": "–", "missing_reason": [reason.value for reason in MissingReason],
                            "note": None, "sheet": None, "cell": None, "source": None})
    words = values_table(history)["Why blank"]
    assert words.str.len().gt(0).all() and not words.str.contains("_").any()
