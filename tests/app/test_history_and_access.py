"""Without sign-in the app is one local manager and says so; a manager withdraws from History and sets the
threshold for everyone; History shows who did what in UK local time."""

from __future__ import annotations

import streamlit as st

from core.ingest.load import load_workbook
from core.store import HistoryStore
from tests.app.harness import published_bytes, shown_text, texts, visit
from tests.core.template_fixtures import template_bytes

FEB = template_bytes([{"indicator_id": "cic_count", "month": "2023-02", "value": 418}])


def _keep(store: HistoryStore, data: bytes, name: str) -> int:
    return store.add_upload(data, name, load_workbook(data, name), who="analyst@testshire.gov.uk").upload.id


def _published_store() -> tuple[HistoryStore, int, int]:
    store = HistoryStore.open()  # the test's own store (tests/app/conftest.py)
    first = _keep(store, FEB, "feb.xlsx")
    store.publish(first, who="manager@testshire.gov.uk")
    second = _keep(store, published_bytes(), "published_layout.xlsx")
    store.publish(second, who="manager@testshire.gov.uk")
    return store, first, second


def _table(at, column: str):  # noqa: ANN001, ANN202 - an AppTest; a DataFrame
    return next(frame.value for frame in at.main.dataframe if column in frame.value.columns)


def test_without_sign_in_the_app_is_one_local_manager_and_says_so(open_app) -> None:
    at = open_app()
    assert any("you are the single local manager" in text for text in texts(at.sidebar.caption))
    assert "sign_in" not in [button.key for button in at.sidebar.button]


def test_a_manager_withdraws_a_publication_with_a_reason_and_history_shows_who_did_what(open_app) -> None:
    store, first, second = _published_store()
    at = visit(open_app(), "history")
    at.selectbox(key="replay_pick").set_value(second).run()
    at.text_input(key="withdraw_reason").set_value("wrong month's extract").run()
    at.button(key="withdraw_publication").click().run()
    assert not at.exception, at.exception[0].value
    assert store.upload(second).withdrawn and [r.id for r in store.published()] == [first]
    status = _table(at, "Status").set_index("File")["Status"]
    assert status["published_layout.xlsx"].startswith("withdrawn") and status["feb.xlsx"] == "current"
    audit = _table(at, "Who")
    assert {"uploaded", "published", "withdrew"} <= set(audit["Did"])
    withdrew = audit[audit["Did"] == "withdrew"].iloc[0]
    assert withdrew["Who"] == "local manager" and withdrew["Why"] == "wrong month's extract"
    assert withdrew["When (UK time)"].endswith(("GMT", "BST"))
    at.selectbox(key="replay_pick").set_value(second).run()  # a withdrawn publication can still be replayed
    at.button(key="replay_upload").click().run()
    assert any("REPLAY of the" in text for text in texts(at.sidebar.caption))


def test_a_manager_sets_the_threshold_for_everyone(open_app) -> None:
    at = visit(open_app(), "upload")
    at.number_input(key="deployment_threshold").set_value(8).run()
    at.button(key="set_threshold").click().run()
    assert not at.exception, at.exception[0].value
    assert HistoryStore.open().threshold() == 8
    at = open_app(locality="Purbeck", threshold="6")  # a new session: below the deployment's, so raised to it
    assert at.sidebar.number_input(key="f_threshold").value == 8


def test_a_session_showing_a_replay_is_told_of_a_new_publication_and_switches_in_one_click(open_app) -> None:
    store, first, _ = _published_store()
    at = visit(open_app(), "history")
    at.selectbox(key="replay_pick").set_value(first).run()
    at.button(key="replay_upload").click().run()
    assert any("REPLAY of the" in text for text in texts(at.sidebar.caption))
    newer = _keep(store, template_bytes([{"indicator_id": "cic_count", "month": "2023-04", "value": 410}]), "apr.xlsx")
    store.publish(newer, who="manager@testshire.gov.uk")
    st.cache_data.clear()  # the version is cached for a few seconds; a real session polls past that
    at.run()
    assert any("You are looking at a replay" in text for text in texts(at.sidebar.warning))
    assert any("REPLAY of the" in text for text in texts(at.sidebar.caption))  # not switched without asking
    at.sidebar.button(key="switch_to_published").click().run()
    assert not at.exception, at.exception[0].value
    assert any("Published data, merged from 3 uploads" in text for text in texts(at.sidebar.caption))


def test_in_presenter_mode_the_news_of_a_publication_is_above_the_page(open_app) -> None:
    """Presenter mode puts the sidebar away: the warning and its one-click switch come to the page."""
    store, first, _ = _published_store()
    at = visit(open_app(presenter="1"), "history")
    at.selectbox(key="replay_pick").set_value(first).run()
    at.button(key="replay_upload").click().run()
    newer = _keep(store, template_bytes([{"indicator_id": "cic_count", "month": "2023-04", "value": 410}]), "apr.xlsx")
    store.publish(newer, who="manager@testshire.gov.uk")
    st.cache_data.clear()
    at.run()
    assert any("You are looking at a replay" in text for text in texts(at.main.warning))
    assert not any("You are looking at a replay" in text for text in texts(at.sidebar.warning))
    at.main.button(key="switch_to_published").click().run()
    assert not at.exception, at.exception[0].value


def _as(role, monkeypatch) -> None:  # noqa: ANN001 - a Role; pytest's monkeypatch
    from ui import access

    monkeypatch.setattr(access, "current_role", lambda: role)


def test_a_viewer_gets_no_figure_that_has_not_been_through_small_number_control(open_app, monkeypatch) -> None:
    """The workbook as uploaded, the figures earlier editions gave and the names of drafts are a manager's."""
    from core.access import Role

    store, _, _ = _published_store()  # the second edition restates February's 418 children in care as 444
    draft = _keep(store, template_bytes([{"indicator_id": "cic_count", "month": "2023-04", "value": 3}]),
                  "DRAFT_restructure.xlsx")
    assert not store.upload(draft).published
    _as(Role.viewer, monkeypatch)
    at = visit(open_app(), "history")
    assert not at.exception, at.exception[0].value
    assert not any("as uploaded" in button.proto.label for button in at.get("download_button"))
    restated = _table(at, "Restated in")
    assert "Restatement" not in restated.columns and "No. of CIC at end of month" in set(restated["Indicator"])
    assert not restated.astype(str).apply(lambda column: column.str.contains("418")).any().any()
    audit = _table(at, "Who")
    assert "uploaded" not in set(audit["Did"]) and "DRAFT_restructure.xlsx" not in set(audit["What"])

    _as(Role.manager, monkeypatch)
    at = visit(open_app(), "history")
    assert any("as uploaded" in button.proto.label for button in at.get("download_button"))
    restated = _table(at, "Restated in")
    assert restated["Restatement"].str.contains("418").any()  # a manager checks the figures themselves
    assert "DRAFT_restructure.xlsx" in set(_table(at, "Who")["What"])


def test_the_indicator_page_says_a_month_was_restated_without_the_earlier_figure(open_app) -> None:
    """The earlier figure never went through this edition's disclosure decision: no public page gives it."""
    _published_store()
    at = open_app("indicator", id="cic_count")
    assert not at.exception, at.exception[0].value
    notes = [shown_text(text) for text in texts(at.caption) if text.startswith("Restated:")]
    assert notes and all("418" not in note for note in notes)
    assert any(note.startswith("Restated: Feb 23: restated in the ") for note in notes), notes


def test_the_audit_trail_names_an_indicator_not_its_id() -> None:
    from datetime import datetime

    from core.store import AuditEvent
    from ui.publishing import audit_table

    event = AuditEvent(at=datetime(2026, 11, 30, 12), who="m@testshire.gov.uk", action="marked a process change",
                       what="cic_rate from 2022-10", detail="New definition")
    row = audit_table([event], {"cic_rate": "Rate of CIC as at end of month"}).iloc[0]
    assert row["What"] == "Rate of CIC as at end of month from 2022-10"
    assert row["When (UK time)"].endswith("GMT")


def _bnb(month: str, whole: int, north: int, south: int) -> bytes:
    return template_bytes([{"indicator_id": "cl_bnb_count", "month": month, "locality": place, "value": value}
                           for place, value in (("", whole), ("North", north), ("South", south))])


def test_a_restated_month_never_gives_away_a_figure_an_earlier_broadcast_withheld() -> None:
    """June's edition showed the whole authority's 10 and withheld North 6 and South 4. July restates June as
    11, 6 and 5: none under 5, but shown beside June's broadcast they would give South's 4 (10 - 6) away."""
    from core.store import merged_dataset
    from core.views.public import locality_breakdown
    from core.views.suppression import SuppressionPolicy, decide_disclosure
    from ui.publishing import record_public_view

    store = HistoryStore.open()
    june = _keep(store, _bnb("2023-06", 10, 6, 4), "june.xlsx")
    store.publish(june, who="manager@testshire.gov.uk")
    assert record_public_view(store) == 2  # North and South, June 2023

    def shown(model) -> dict[str, str]:  # noqa: ANN001 - a Dataset
        table = locality_breakdown(model, "cl_bnb_count", "2023-06", decide_disclosure(model, SuppressionPolicy()))
        return dict(zip(table["locality"], table["display_value"]))

    assert shown(merged_dataset(store)) == {"Whole authority": "10", "North": "c", "South": "c"}
    july = _keep(store, _bnb("2023-06", 11, 6, 5), "july.xlsx")
    store.publish(july, who="manager@testshire.gov.uk")
    record_public_view(store)
    assert shown(merged_dataset(store)) == {"Whole authority": "11", "North": "c", "South": "c"}
    alone = load_workbook(_bnb("2023-06", 11, 6, 5), "july.xlsx").dataset  # the same workbook on its own
    assert shown(alone) == {"Whole authority": "11", "North": "6", "South": "5"}


def test_a_viewer_is_not_offered_the_what_if_workbook_which_carries_every_figure(open_app, monkeypatch) -> None:
    """The scenario as a template workbook holds the Values sheet whole, small numbers included (a viewer could
    download 1,838 of the sample's 1,841 withheld figures): a manager's file. The targets CSV is anyone's."""
    from core.access import Role

    _as(Role.viewer, monkeypatch)
    at = visit(open_app(), "whatif")
    assert not at.exception, at.exception[0].value
    keys = [button.proto.id for button in at.get("download_button")]
    assert any("whatif_csv" in key for key in keys) and not any("whatif_xlsx" in key for key in keys), keys
    _as(Role.manager, monkeypatch)
    at = visit(open_app(), "whatif")
    assert any("whatif_xlsx" in button.proto.id for button in at.get("download_button"))
