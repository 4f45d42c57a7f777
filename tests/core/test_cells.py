import math
from datetime import datetime

import pandas as pd
import pytest

from core.ingest.cells import a1, column_letter, parse_month, parse_values
from core.knowledge.text import normalise_header


@pytest.mark.parametrize("raw,value,reason,note", [
    (437, 437.0, None, None),
    ("12.5%", 12.5, None, None),
    ("22.0", 22.0, None, None),
    ("25.4% (Provisional)", 25.4, None, "Provisional"),
    ("15% (14% Oct)", 15.0, None, "14% Oct"),
    ("1,234", 1234.0, None, None),
    ("1 245", 1245.0, None, None),  # thousands grouped by a space, a no-break space or a narrow one
    ("1\u00a0245", 1245.0, None, None),
    ("1\u202f245", 1245.0, None, None),
    ("45 days", 45.0, None, "days"),
    ("57.6 per 10,000", 57.6, None, "per 10,000"),  # a unit with figures in it is a unit, not more figures
    ("16.1 per 10k", 16.1, None, "per 10k"),
    ("45 days (Q3)", 45.0, None, "days (Q3)"),  # figures in brackets after the words are a note too
    ("4 children (2 new)", 4.0, None, "children (2 new)"),
    ("12% - provisional", 12.0, None, "provisional"),
    ("12 ▲", 12.0, None, "▲"),
    ("56.7%*", 56.7, None, "*"),  # a footnote mark
    ("(3)", -3.0, None, None),  # an accountant's negative
    ("(1,234.5)", -1234.5, None, None),
    ("NA", None, "not_applicable", "NA"),
    ("n/a", None, "not_applicable", "n/a"),
    ("-", None, "not_applicable", "-"),
    ("tbc", None, "not_yet_reported", "tbc"),
    ("Data published September 2023", None, "published_later", "Data published September 2023"),
    ("c", None, "suppressed", "c"),
    ("[c]", None, "suppressed", "[c]"),  # the government statistics symbols
    ("[x]", None, "not_yet_reported", "[x]"),
    ("..", None, "not_yet_reported", ".."),
    ("[z]", None, "not_applicable", "[z]"),
    (None, None, "blank", None),
])
def test_parse_values(raw, value, reason, note):
    row = parse_values(pd.Series([raw], dtype=object)).iloc[0]
    assert (math.isnan(row["value"]) if value is None else row["value"] == value)
    assert (pd.isna(row["missing_reason"]) if reason is None else row["missing_reason"] == reason)
    assert (pd.isna(row["note"]) if note is None else row["note"] == note)
    assert pd.isna(row["problem"])


@pytest.mark.parametrize("raw,problem", [
    ("twelve", "'twelve' is not a number"),
    # a figure followed by more figures is not a figure with a note (each was read as its first number)
    ("29/50", "'29/50' is not a number (one figure is needed: the percentage, or the numerator and denominator "
              "in columns of their own)"),
    ("3 of 4", "'3 of 4' is not a number (one figure is needed: the percentage, or the numerator and denominator "
               "in columns of their own)"),
    ("01/03/2023", "'01/03/2023' is not a number"),
    ("12-15", "'12-15' is not a number"),
    ("4O7", "'4O7' is not a number"),  # a letter O typed for a zero
    ("1,23", "'1,23' is not a number (a decimal comma? write it with a point, e.g. 64.5)"),
    ("64,5", "'64,5' is not a number (a decimal comma? write it with a point, e.g. 64.5)"),  # was read as 645
    ("8,2%", "'8,2%' is not a number (a decimal comma? write it with a point, e.g. 64.5)"),
    (datetime(2023, 1, 1), "is a date, not a number"),
    (True, "is TRUE/FALSE, not a number"),
])
def test_parse_values_problems(raw, problem):
    row = parse_values(pd.Series([raw], dtype=object)).iloc[0]
    assert row["problem"] == problem and math.isnan(row["value"])


@pytest.mark.parametrize("raw,expected", [
    (datetime(2022, 10, 31), "2022-10"), ("Oct 22", "2022-10"), ("Oct-22", "2022-10"), ("Jan 23", "2023-01"),
    ("October 2022", "2022-10"), ("Sept 22", "2022-09"), ("2022-10", "2022-10"), ("10/2022", "2022-10"),
    ("Q1 22/23", "2022-06"), ("Q2 22/23", "2022-09"), ("Q3 2022/23", "2022-12"), ("Q4 2022-23", "2023-03"),
])
def test_parse_month(raw, expected):
    assert str(parse_month(raw)) == expected


@pytest.mark.parametrize("raw", ["Target", "Good Is", "", None, 2022, "Q5 22/23", "Smarch 22", pd.NaT])
def test_not_months(raw):
    assert parse_month(raw) is None


def test_a1_and_headers():
    assert a1(0, 0) == "A1" and a1(13, 3) == "D14" and column_letter(26) == "AA" and column_letter(701) == "ZZ"
    assert normalise_header(" Good + SN ") == "good + sn"
    assert normalise_header("England Av.") == "england av"
    assert normalise_header("Health & Emotional Wellbeing") == "health and emotional wellbeing"
