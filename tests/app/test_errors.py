"""No traceback reaches a viewer: an unexpected error in a page shows one plain sentence, and the
server log gets the trace."""

from __future__ import annotations

import logging
import tomllib

import pytest

import ui.tables
from tests.app.harness import ROOT, new_app
from ui.errors import PLAIN_SENTENCE


def test_the_shipped_configuration_shows_no_error_details() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_an_unexpected_error_in_a_page_shows_one_sentence_and_is_logged_with_its_trace(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("internal detail: /srv/app/secret.py line 12")

    monkeypatch.setattr(ui.tables, "rag_legend", broken)  # the Definitions page draws the legend
    at = new_app().run()
    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        at.switch_page("pages/definitions.py").run()
    assert not at.exception  # nothing reached Streamlit's own error box
    assert [e.value for e in at.error] == [PLAIN_SENTENCE]
    assert "internal detail" not in " ".join(str(m.value) for m in at.markdown)
    logged = [r for r in caplog.records if r.name == "ui.errors"]
    assert len(logged) == 1 and "Definitions" in logged[0].getMessage()
    assert "internal detail: /srv/app/secret.py" in logged[0].exc_text  # the trace, on the server
