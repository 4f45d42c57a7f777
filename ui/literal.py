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

# Every ASCII punctuation mark Markdown, Streamlit's directives (:red[..], :material/..:) or its LaTeX
# give a meaning to; CommonMark shows any backslash-escaped punctuation as the mark itself.
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~=&^])")


# GitHub-flavoured Markdown turns a bare address (http://..., www...., name@host) into a link after escapes
# are resolved, so escaping cannot stop it: an invisible word joiner after the scheme (or the @) does.
_AUTOLINK = re.compile(r"(?i)(?:https?|ftp|www|mailto|xmpp)(?=[:.])|@")
WORD_JOINER = "\u2060"


def literal(text: object) -> str:
    """`text` as Markdown source that displays exactly `text` (a bare address shown, not made a link)."""
    plain = _AUTOLINK.sub(lambda found: found.group(0) + WORD_JOINER, "" if text is None else str(text))
    return _MARKUP.sub(r"\\\1", plain)


def literal_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame for st.table, which renders every cell, label and index entry as Markdown: each shown as typed."""
    shown = frame.map(literal).rename(columns=literal)
    shown.index = shown.index.map(literal).rename(None if frame.index.name is None else literal(frame.index.name))
    return shown


def chart_text(text: object) -> str:
    """`text` for a Plotly title, legend, annotation or hover label: its HTML-like tags shown, not applied."""
    return html.escape("" if text is None else str(text), quote=False)
