"""Pages run inside app.py from one AppTest run to the next.

AppTest sets PagesManager.uses_pages_directory back to None before every run, so in a project with
a pages/ folder each run after a switch_page starts under Streamlit's legacy pages/ routing, and a
page whose URL path is its file name (overview, education, indicator, definitions, ...) is run on its
own, without app.py: no sidebar, then KeyError 'f_month'. ui/shell.require_shell() must send every
such run back through app.py (a guard keyed on a per-session marker did it only on the first run).
"""

from __future__ import annotations

from tests.app.harness import TITLES, new_app, sidebar_labels, title


def test_pages_keep_the_shell_from_one_run_to_the_next():
    at = new_app().run()
    for page in ("education", "indicator", "definitions", "overview", "upload", "adoption"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, f"{page}: {at.exception[0].value}"
        assert title(at) == TITLES[page]
        assert sidebar_labels(at) == ["Month", "Locality"], f"{page} ran without app.py"
