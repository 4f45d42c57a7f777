"""Text from a workbook or a file name, shown exactly as typed: never Markdown, HTML or LaTeX.

Most Streamlit elements (markdown, captions, alerts, titles, metric and widget labels, tooltips, toasts,
expander labels) render their text as Markdown: a workbook carrying `![](http://host/x.png)` would make
every viewer's browser fetch that address, and links, `:red[...]` and `$...$` would render. Every
piece of workbook text on a page goes through literal() on its way into such an element (st.dataframe
shows cells as plain text already), and through chart_text() into a Plotly label.
"""

from __future__ import annotations

import html
import re

import pandas as pd

# Marks that build something anywhere in a line: emphasis, code, links and images ([), HTML (<), LaTeX ($),
# Streamlit's directives and shortcodes (:red[..], :material/..:), strikethrough, tables. CommonMark shows any
# backslash-escaped punctuation as the mark itself.
_INLINE = re.compile(r"([\\`*_{}\[\]<>$:~|^])")
# Marks that only mean something at the start of a line (headings, lists, quotes, setext underlines, ordered
# lists) or as an entity (&amp;): escaped only there, so "Oct-23", "No. of" and "(A)" keep their plain text,
# which is also what a widget's accessible name (its raw label) reads out.
_LINE_START = re.compile(r"(?m)^(\s*)([#\-+=>]|\d+(?=[.)]))")
_ENTITY = re.compile(r"&(?=#?\w+;)")


# GitHub-flavoured Markdown turns a bare address (http://..., www...., name@host) into a link after escapes
# are resolved, so escaping cannot stop it: an invisible word joiner after the scheme (or the @) does.
_AUTOLINK = re.compile(r"(?i)(?:https?|ftp|www|mailto|xmpp)(?=[:.])|@")
WORD_JOINER = "\u2060"


def literal(text: object) -> str:
    """`text` as Markdown source that displays exactly `text` (a bare address shown, not made a link)."""
    plain = _AUTOLINK.sub(lambda found: found.group(0) + WORD_JOINER, "" if text is None else str(text))
    escaped = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", plain))
    # at a line start: escape the mark itself, or the dot or bracket after an ordered list's number
    return _LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)),
                           escaped)


def literal_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame for st.table, which renders every cell, label and index entry as Markdown: each shown as typed."""
    shown = frame.map(literal).rename(columns=literal)
    shown.index = shown.index.map(literal).rename(None if frame.index.name is None else literal(frame.index.name))
    return shown


def chart_text(text: object) -> str:
    """`text` for a Plotly title, legend, annotation or hover label: its HTML-like tags shown, not applied."""
    return html.escape("" if text is None else str(text), quote=False)
