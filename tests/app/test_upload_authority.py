"""Upload & check asks for the authority a workbook does not name, keeps it, and refuses to publish a future month."""

from __future__ import annotations

from datetime import date

from core.model import UNNAMED_AUTHORITY, About
from tests.app.harness import published_bytes, texts, visit
from tests.app.test_upload import upload
from tests.core.template_fixtures import template_bytes
from tests.fixtures import build_council_fixtures as fx
from ui.literal import literal

QUARTERLY = fx.quarterly_layout().bytes()


def _every_caption(at) -> str:
    return " ".join([*texts(at.main.caption), *texts(at.sidebar.caption), *texts(at.success), *texts(at.markdown)])


def test_an_unnamed_workbook_is_used_only_once_its_authority_is_named(open_app):
    at = upload(open_app(), "q2.xlsx", QUARTERLY)
    assert "Authority not named in the workbook" in " ".join(texts(at.success))
    asked = at.text_input(key="upload_authority")
    assert asked.value == ""  # nothing published yet: nothing to offer
    assert at.button(key="use_upload").disabled and at.button(key="publish_upload").disabled
    assert any("Name the authority" in text for text in texts(at.warning))
    asked.set_value("Exampleshire County Council").run()
    assert not at.button(key="use_upload").disabled
    at.button(key="use_upload").click().run()
    assert not at.exception, at.exception[0].value
    for page in ("children_in_care", "overview", "upload"):
        visit(at, page)
        shown = _every_caption(at)
        assert UNNAMED_AUTHORITY not in shown, page
    visit(at, "children_in_care")
    assert "Exampleshire County Council" in at.main.caption[0].value


def test_the_name_is_prefilled_from_the_last_publication_and_kept_when_published(open_app):
    at = upload(open_app(), "published_layout.xlsx", published_bytes())  # names Dorset Council
    at.button(key="publish_upload").click().run()
    assert not at.exception, at.exception[0].value
    at = upload(at, "q2.xlsx", QUARTERLY)
    assert at.text_input(key="upload_authority").value == "Dorset Council"
    at.button(key="publish_upload").click().run()
    assert not at.exception, at.exception[0].value
    visit(at, "upload")
    editions = [frame.value for frame in at.dataframe if "Authority" in frame.value.columns][0]
    assert set(editions["Authority"]) == {"Dorset Council"}


def test_a_workbook_with_a_future_month_can_be_used_but_not_published(open_app):
    future = template_bytes([{"indicator_id": "cic_count", "month": "2023-03", "value": 425}],  # month ending typed 2099
                            about=About(authority="Testshire", month_ending=date(2099, 12, 31)))
    at = upload(open_app(), "typo.xlsx", future)
    refusal = [text for text in texts(at.warning) if "cannot be published" in text]
    # the warning's Markdown source: the file name and the rest shown literally (escaped), never as markup
    assert refusal and refusal[0].startswith(literal("typo.xlsx cannot be published: its latest month is December 2099"))
    assert at.button(key="publish_upload").disabled
    assert not at.button(key="use_upload").disabled
