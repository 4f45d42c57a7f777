"""Workbook text is shown literally: the escaping helper, and the pages that use it."""

from __future__ import annotations

import re

import pytest

from ui.literal import WORD_JOINER, chart_text, literal

HOSTILE = ["- a list\n# a heading\n1. ordered\n> quote", "![](http://evil.example/x.png)", "[link](http://evil.example)", "<img src=http://evil.example/y.png>",
           ":red[alarm]", "$x^2$", "**bold** _it_ `code` # head ~~s~~ | a | :material/home: &lt; \\"]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_markup_character_is_escaped_and_nothing_else_changes(text: str) -> None:
    escaped = literal(text)
    bare = re.sub(r"\\.", "", escaped)
    assert not re.search(r"[\[\]<>$:*_`~|^]", bare)  # no inline mark left bare
    assert not re.search(r"(?m)^\s*([#\-+=>]|\d+[.)])", bare)  # nor a line-start mark
    assert not re.search(r"&#?\w+;", bare)  # nor an entity
    shown = re.sub(r"\\(.)", r"\1", escaped)  # what Markdown's unescaping gives back
    assert shown.replace(WORD_JOINER, "") == text  # exactly the text, with an invisible joiner at most


@pytest.mark.parametrize(("text", "shown"), [
    ("see http://evil.example/x", "see http\u2060://evil.example/x"),
    ("www.evil.example", "www\u2060.evil.example"), ("HTTPS://evil.example", "HTTPS\u2060://evil.example"),
    ("ask bi@council.example", "ask bi@\u2060council.example"),
])
def test_a_bare_address_is_not_made_a_link(text: str, shown: str) -> None:
    """GitHub-flavoured Markdown links bare addresses after escapes are undone: a word joiner breaks them."""
    assert re.sub(r"\\(.)", r"\1", literal(text)) == shown


def test_plain_words_pass_unchanged_and_none_is_blank() -> None:
    assert literal("Care leavers in suitable accommodation") == "Care leavers in suitable accommodation"
    # hyphens, dots and brackets mean nothing inside a line: left alone, so a widget's accessible name
    # (Streamlit reads the raw label) has no backslashes in it
    assert literal("Oct-23 goal (E, H)") == "Oct-23 goal (E, H)" and literal("No. of CiC") == "No. of CiC"
    assert literal(None) == ""


def test_chart_labels_show_tags_as_text() -> None:
    assert chart_text("<img src=http://evil.example/y.png> & <b>x</b>") == (
        "&lt;img src=http://evil.example/y.png&gt; &amp; &lt;b&gt;x&lt;/b&gt;")
