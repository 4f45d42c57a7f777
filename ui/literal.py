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

# Every ASCII punctuation mark Markdown, Streamlit's directives (:red[..], :material/..:) or its LaTeX
# give a meaning to; CommonMark shows any backslash-escaped punctuation as the mark itself.
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~=&^])")


def literal(text: object) -> str:
    """`text` as Markdown source that displays exactly `text`."""
    return _MARKUP.sub(r"\\\1", "" if text is None else str(text))


def chart_text(text: object) -> str:
    """`text` for a Plotly title, legend, annotation or hover label: its HTML-like tags shown, not applied."""
    return html.escape("" if text is None else str(text), quote=False)
