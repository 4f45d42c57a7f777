"""Shared pieces of the AppTests: where the app is, how to open it on a page, how to read its tables.

Every test builds its own AppTest (nothing is shared between tests but file bytes read once).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from ui.literal import WORD_JOINER

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PUBLISHED = ROOT / "tests" / "fixtures" / "published_layout.xlsx"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

AREA_PAGES = ("children_in_care", "care_leavers", "education", "adoption", "fostering", "safeguarding")
CONDITIONAL_PAGES = {"other", "sign_in"}  # other: when some indicator is in no known area; sign_in: signed out, nothing shown
# Every page app.py registers (a new page is tested as soon as it is added); the ten below must be among them.
ALL_PAGES = tuple(dict.fromkeys(
    page for page in re.findall(r"""st\.Page\(\s*["']pages/(\w+)\.py["']""", APP.read_text(encoding="utf-8"))
    if page not in CONDITIONAL_PAGES))
TITLES = {
    "overview": "Corporate Parenting scorecard",
    "children_in_care": "Children in care",
    "care_leavers": "Care leavers",
    "education": "Education",
    "adoption": "Adoption",
    "fostering": "Fostering",
    "safeguarding": "Safeguarding",
    "indicator": "Indicator detail",
    "upload": "Upload & check",
    "definitions": "Definitions",
}
SUPPRESSION_NOTE = "withheld (shown as c)"


class ServedPagesManager(PagesManager):
    """Page routing as on a running server: once app.py's st.navigation has run, legacy routing is off.

    AppTest turns Streamlit's legacy pages/ routing back on before every run (app_test.py resets
    PagesManager.uses_pages_directory, and this project has a pages/ folder). ui/shell.require_shell()
    then reruns the page through app.py, which keeps the page but drops that run's button clicks
    ('Use this workbook' would never take). A server does that rerun at most once, on its very first
    request; test_shell.py covers it under plain AppTest, the browser tests on a fresh server.
    """

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - PagesManager's own signature
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@cache
def published_bytes() -> bytes:
    return PUBLISHED.read_bytes()


def new_app(**query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query)
    return at


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, f"{page}: {at.exception[0].value}\n{''.join(at.exception[0].stack_trace)}"
    return at


def title(at: AppTest) -> str:
    return at.title[0].value if len(at.title) else ""


_ESCAPED = re.compile(r"\\(.)")
_BADGE = re.compile(r"<span[^>]*>(.*?)</span>")
_DETAILS = {"Last month ": "Last month", "Last 12 months ": "Last 12 months", "Whole authority ": "Whole authority",
            "England ": "England",
            "Statistical neighbours ": "Stat. neighbours", "Why this rating: ": "Why this rating"}


def shown_text(markdown: str) -> str:
    """What a markdown element reads as on screen: escapes undone, a RAG badge as its words."""
    return _ESCAPED.sub(r"\1", _BADGE.sub(r"\1", markdown))


def _cells(row_block) -> list:  # noqa: ANN001 - an AppTest Block
    """The cells of one row of the area table: the columns block's columns, in order."""
    columns = next((child for child in row_block.children.values() if child.type == "flex_container"), None)
    if columns is None:
        return []
    return [next(iter(column.children.values()), None) for column in columns.children.values()]


def _details(caption: str) -> dict[str, str]:
    """The line under a row, 'Last month 444 · England 70.0% (2021/22) · Why this rating: ...', by label."""
    found = {}
    for part in shown_text(caption).split(" · "):
        label = next((label for label in _DETAILS if part.startswith(label)), None)
        if label:
            found[_DETAILS[label]] = part.removeprefix(label)
    return found


def scorecard_tables(at: AppTest) -> list[pd.DataFrame]:
    """The rated tables of an area page (one per area), read back from the rows the page drew.

    Each table is a header row of column titles, then one row per indicator: its name as a link to the
    indicator, the essentials, and a caption beneath with last month, the last 12 months, benchmarks, why.
    """
    tables: list[list[dict]] = []
    titles: list[str] = []
    for block in at.main.children.values():
        if block.type != "flex_container":
            continue
        cells = _cells(block)
        if cells and cells[0] is not None and cells[0].type == "markdown" and cells[0].value.startswith("**"):
            titles = [cell.value.strip("*") for cell in cells]
            tables.append([])
        elif cells and cells[0] is not None and cells[0].type == "page_link" and titles:
            row = {title: shown_text(cell.value) for title, cell in zip(titles, cells, strict=True)}
            row["id"] = cells[0].proto.query_string.removeprefix("id=")
            caption = next(child for child in block.children.values() if child.type == "caption")
            tables[-1].append({**row, **_details(caption.value)})
    return [pd.DataFrame(rows) for rows in tables if rows]


def scorecard_rows(at: AppTest) -> pd.DataFrame:
    tables = scorecard_tables(at)
    assert tables, f"no scorecard table on {title(at)!r}"
    return pd.concat(tables, ignore_index=True)


def indicator_names(at: AppTest) -> list[str]:
    tables = scorecard_tables(at)
    return pd.concat(tables)["Indicator"].tolist() if tables else []


def figure(at: AppTest, indicator: str, column: str = "Latest") -> str:
    rows = scorecard_rows(at)
    match = rows.loc[rows["Indicator"] == indicator, column]
    assert len(match) == 1, f"{indicator!r} is on {title(at)!r} {len(match)} times"
    return str(match.iloc[0])


def is_withheld(text: object) -> bool:
    text = str(text)
    return text == "c" or (text.startswith("<") and text[1:].isdigit())


def sidebar_labels(at: AppTest) -> list[str]:
    return [box.label for box in at.sidebar.selectbox]


def texts(elements) -> list[str]:  # noqa: ANN001 - an AppTest ElementList
    return [str(e.value) for e in elements]


def shown(elements) -> str:  # noqa: ANN001 - an AppTest ElementList
    """What a reader sees of Markdown elements given ui.literal text: escapes undone, word joiners dropped."""
    return re.sub(r"\\(.)", r"\1", " ".join(texts(elements))).replace(WORD_JOINER, "")
