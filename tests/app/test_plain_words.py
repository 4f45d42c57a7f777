"""Plain words on every screen: no internal id, enum value (snake_case) or `None` in anything a page shows.

Every page is rendered with the embedded sample and again with an uploaded published-layout workbook;
every element's text is read back (titles, markdown, captions, metrics, alerts, labels, options, links,
and every cell and column name of every table), and any snake_case word or `None` fails the test.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from pandas.io.formats.style import Styler
from streamlit.testing.v1 import AppTest

from tests.app.harness import ALL_PAGES, XLSX_MIME, published_bytes, visit

# A snake_case word (cl_eet_oc3_pct, not_comparable, rate_per_10k) or None; a file's own name
# (published_layout.xlsx) is the user's word and is shown as given.
INTERNAL = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?!\.[a-z])|\bNone\b|\bnan\b")
_TEXT_FIELDS = ("value", "label", "body", "help", "placeholder", "options", "icon")
_ICON = re.compile(r":material/[a-z0-9_]+:")  # an icon's name, drawn as the icon


# Widgets whose value is the chosen option itself (an id), shown through their formatted options.
_CHOICE_WIDGETS = {"selectbox", "multiselect", "radio", "select_slider", "button_group"}


def _frame_texts(frame: pd.DataFrame, columns: list[str], with_index: bool) -> list[str]:
    """Column names and cells a table shows: only its shown columns (column_order), its index only if shown."""
    frame = frame.reset_index() if with_index and not isinstance(frame.index, pd.RangeIndex) else frame
    if columns:
        frame = frame[[c for c in columns if c in frame.columns]]
    cells = frame.astype(object).to_numpy().ravel()
    return [str(c) for c in frame.columns] + [str(v) for v in cells if v is not None and not (
        isinstance(v, float) and v != v)]


def _texts(value: object, columns: list[str] | None = None, with_index: bool = False) -> list[str]:
    if isinstance(value, Styler):
        value = value.data
    if isinstance(value, pd.DataFrame):
        return _frame_texts(value, columns or [], with_index)
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _texts(item)]
    return [value] if isinstance(value, str) else []


def _grid_shows_none(node, columns: list[str]) -> bool:  # noqa: ANN001 - an AppTest tree node
    """A grid (st.dataframe, st.data_editor) draws a missing cell as the word None unless given a placeholder."""
    proto = getattr(node, "proto", None)
    fields = getattr(getattr(proto, "DESCRIPTOR", None), "fields_by_name", {})
    field = fields.get("placeholder")
    if field is None or not field.has_presence or proto.HasField("placeholder"):  # not a grid, or one with it
        return False
    try:
        frame = node.value
    except Exception:  # noqa: BLE001 - an element AppTest cannot read back
        return False
    frame = frame.data if isinstance(frame, Styler) else frame
    if not isinstance(frame, pd.DataFrame):
        return False
    shown = frame[[c for c in columns if c in frame.columns]] if columns else frame
    return bool(shown.isna().to_numpy().any())


def shown_texts(at: AppTest) -> list[str]:
    """Every piece of text the page sent, from every element of the main area and the sidebar."""
    texts: list[str] = []

    def walk(node) -> None:  # noqa: ANN001 - an AppTest tree node
        columns = list(getattr(getattr(node, "proto", None), "column_order", []) or [])
        if _grid_shows_none(node, columns):
            texts.append("None (a missing cell of a grid without a placeholder)")
        for field in _TEXT_FIELDS:
            if field == "value" and getattr(node, "type", "") in _CHOICE_WIDGETS:
                continue
            try:
                value = getattr(node, field)
            except Exception:  # noqa: BLE001 - an element type without that field (or one AppTest cannot read)
                continue
            texts.extend(_ICON.sub("", text) for text in _texts(value, columns, getattr(node, "type", "") == "table"))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    walk(at.sidebar)
    return texts


def internal_words(at: AppTest) -> dict[str, str]:
    return {match: text[:120] for text in shown_texts(at) for match in INTERNAL.findall(text)}


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_of_the_sample_speaks_plainly(open_app, page):
    at = open_app(page)
    assert shown_texts(at), "nothing read back from the page"
    assert internal_words(at) == {}


def test_every_page_of_an_uploaded_published_workbook_speaks_plainly(open_app):
    at = open_app("upload")
    at.file_uploader(key="workbook_upload").set_value(("published_layout.xlsx", published_bytes(), XLSX_MIME)).run()
    assert not internal_words(at), internal_words(at)  # the validation report itself
    at.button(key="use_upload").run()
    for page in ALL_PAGES:
        visit(at, page)
        assert internal_words(at) == {}, page
    at.query_params["locality"] = "Whole authority"


def test_the_check_finds_an_internal_word():
    """The detector itself: ids, enum values and None are caught; plain words and file names are not."""
    assert INTERNAL.findall("cl_eet_oc3_pct is not_comparable at 5 per rate_per_10k; None") == [
        "cl_eet_oc3_pct", "not_comparable", "rate_per_10k", "None"]
    assert INTERNAL.findall("Read published_layout.xlsx: 12.5% per 10,000, well-being") == []


def test_a_withheld_figures_indicator_page_speaks_plainly(open_app):
    """Purbeck's children adopted (2, withheld): no 'nan' where the series words are withheld with the figure."""
    at = open_app("indicator", id="adopt_adopted_12m", locality="Purbeck")
    assert internal_words(at) == {}
    assert any("are not shown while its figure is withheld" in str(text.value) for text in at.markdown)
