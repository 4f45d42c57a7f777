"""The history store: keep, draft, publish, merge, restate, replay; concurrent publishes.

Every test runs on SQLite and on PostgreSQL (tests/core/store_fixtures.py).
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select

from core.ingest.load import SAMPLE_WORKBOOK, load_workbook
from core.model import WHOLE_AUTHORITY, About, Commentary, Indicator, conform_targets
from core.store import (
    Added,
    HistoryStore,
    NothingPublished,
    ProcessChange,
    UnusableUpload,
    merged_dataset,
    replay_dataset,
    restatements,
)
from core.store.history import DRAFT_DAYS_ENV, draft_max_age
from core.store.schema import drafts, observations, publications, uploads
from core.views.scorecard import build_scorecard
from tests.core.store_fixtures import (
    assert_current_rows_are_the_winners,
    warn_without_postgresql,
)
from tests.core.template_fixtures import INDICATORS, template_bytes

warn_without_postgresql()


def keep(store: HistoryStore, data: bytes, name: str, **who_and_token: object) -> Added:
    """Parse as the app does, then keep: the store never parses."""
    return store.add_upload(data, name, load_workbook(data, name), **who_and_token)




def _about(month_ending: date) -> About:
    return About(authority="Testshire", month_ending=month_ending, localities=["North", "South"])


def _with_target(indicator_id: str, target: float) -> list[Indicator]:
    return [ind.model_copy(update={"target": target}) if ind.id == indicator_id else ind for ind in INDICATORS]


FEB = template_bytes(
    [
        {"indicator_id": "cic_count", "month": "2022-12", "value": 430},
        {"indicator_id": "cic_count", "month": "2023-01", "value": 425},
        {"indicator_id": "cic_count", "month": "2023-02", "value": 418},
        {"indicator_id": "hew_dental_pct", "month": "2023-01", "value": 50.0},
        {"indicator_id": "hew_dental_pct", "month": "2023-02", "value": 52.0},
        {"indicator_id": "cl_bnb_count", "month": "2023-02", "value": 1},
    ],
    indicators=_with_target("cic_count", 420),
    about=_about(date(2023, 2, 28)),
    commentary=[Commentary(subject="Profile", period="2023-02", text="February words.", author="BI")],
)
MAR = template_bytes(
    [
        {"indicator_id": "cic_count", "month": "2023-01", "value": 425},
        {"indicator_id": "cic_count", "month": "2023-02", "value": 418},
        {"indicator_id": "cic_count", "month": "2023-03", "value": 415},
        {"indicator_id": "hew_dental_pct", "month": "2023-01", "value": 48.5},  # restates January
        {"indicator_id": "hew_dental_pct", "month": "2023-02", "value": None, "note": "tbc"},  # blank: no restatement
        {"indicator_id": "hew_dental_pct", "month": "2023-03", "value": 55.0},
        {"indicator_id": "cl_bnb_count", "month": "2023-03", "value": 0},
    ],
    indicators=_with_target("cic_count", 410),  # the board lowered the target in March
    about=_about(date(2023, 3, 31)),
    commentary=[Commentary(subject="Profile", period="2023-03", text="March words.", author="BI")],
)


def _value(model, indicator_id: str, month: str, locality: str = WHOLE_AUTHORITY) -> float:
    obs = model.observations
    hit = obs[(obs["indicator_id"] == indicator_id) & (obs["locality"] == locality)
              & (obs["period"] == pd.Period(month, freq="M"))]
    assert len(hit) == 1, hit
    return float(hit["value"].iloc[0])


def _publish(store: HistoryStore, data: bytes, name: str, who: str = "BI team") -> int:
    upload_id = keep(store, data, name, who=who).upload.id
    store.publish(upload_id, who=who)
    return upload_id


def test_an_upload_is_kept_with_its_facts_and_identical_bytes_are_not_duplicated(store: HistoryStore) -> None:
    first = keep(store, FEB, "feb.xlsx", who="Performance team", draft_token="session-a")
    assert first.created
    record = first.upload
    assert (record.file_name, record.authority, record.month_ending, record.layout, record.uploaded_by) == (
        "feb.xlsx", "Testshire", date(2023, 2, 28), "template", "Performance team")
    assert len(record.checksum) == 64 and record.label == "February 2023 upload"
    assert store.content(record.id) == FEB  # the bytes themselves: a re-check reads exactly this file
    assert store.report(record.id).usable

    again = keep(store, FEB, "feb (copy).xlsx", who="someone else", draft_token="session-b")
    assert not again.created and again.upload.id == record.id
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(uploads)).scalar_one() == 1
        stored_rows = conn.execute(select(func.count()).select_from(observations)).scalar_one()
    assert stored_rows == record.observation_count == len(load_workbook(FEB, "feb.xlsx").dataset.observations)


def test_a_workbook_with_nothing_usable_is_not_kept(store: HistoryStore) -> None:
    with pytest.raises(UnusableUpload):
        keep(store, b"not a workbook", "notes.xlsx", draft_token="session-a")
    assert store.drafts("session-a") == []


def test_a_draft_is_seen_only_by_its_session_until_published(store: HistoryStore) -> None:
    upload_id = keep(store, FEB, "feb.xlsx", draft_token="session-a").upload.id
    assert [r.id for r in store.drafts("session-a")] == [upload_id]
    assert store.drafts("session-b") == []
    assert store.published() == [] and store.version() == 0
    with pytest.raises(NothingPublished):
        merged_dataset(store)

    published = store.publish(upload_id, who="Head of performance")
    assert published.published and published.published_by == "Head of performance"
    assert store.drafts("session-a") == []  # no longer a draft: everyone has it
    assert [r.id for r in store.published()] == [upload_id]
    assert merged_dataset(store).about.month_ending == date(2023, 2, 28)


def test_publishing_switches_the_current_data_and_republishing_changes_nothing(store: HistoryStore) -> None:
    feb = _publish(store, FEB, "feb.xlsx")
    assert merged_dataset(store).indicators["cic_count"].target == 420
    version = store.version()
    store.publish(feb)
    assert store.version() == version  # publishing twice is not a second publication

    _publish(store, MAR, "mar.xlsx")
    current = merged_dataset(store)
    assert current.about.month_ending == date(2023, 3, 31)
    assert current.indicators["cic_count"].target == 410
    assert current.source_name == "mar.xlsx"
    assert store.version() > version


def test_publishing_an_older_edition_later_fills_history_but_does_not_roll_back(store: HistoryStore) -> None:
    _publish(store, MAR, "mar.xlsx")
    _publish(store, FEB, "feb.xlsx")  # last year's papers, published afterwards to fill the trend
    current = merged_dataset(store)
    assert current.about.month_ending == date(2023, 3, 31) and current.indicators["cic_count"].target == 410
    assert _value(current, "cic_count", "2022-12") == 430  # only February's workbook had December
    assert _value(current, "hew_dental_pct", "2023-01") == 48.5  # March is the later edition


def test_the_merged_series_spans_every_published_upload(store: HistoryStore) -> None:
    _publish(store, FEB, "feb.xlsx")
    _publish(store, MAR, "mar.xlsx")
    current = merged_dataset(store)
    cic = current.observations[current.observations["indicator_id"] == "cic_count"]
    assert [str(p) for p in sorted(cic["period"])] == ["2022-12", "2023-01", "2023-02", "2023-03"]
    assert cic.set_index(cic["period"].astype(str))["source"].to_dict() == {
        "2022-12": "feb.xlsx", "2023-01": "mar.xlsx", "2023-02": "mar.xlsx", "2023-03": "mar.xlsx"}
    # March left February blank ('tbc'): a later blank never hides the number already published
    assert _value(current, "hew_dental_pct", "2023-02") == 52.0
    assert [c.text for c in current.commentary] == ["February words.", "March words."]
    card = build_scorecard(current, "2023-03").set_index("id")
    assert card.loc["cic_count", "direction"] == "improving"  # 418 -> 415, good is low


def test_a_restatement_keeps_both_values_and_uses_the_latest(store: HistoryStore) -> None:
    feb = _publish(store, FEB, "feb.xlsx")
    mar = _publish(store, MAR, "mar.xlsx")
    assert _value(merged_dataset(store), "hew_dental_pct", "2023-01") == 48.5
    found = restatements(store)
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["indicator_id"], row["locality"], row["period"]) == ("hew_dental_pct", WHOLE_AUTHORITY, "2023-01")
    assert (row["old_value"], row["new_value"]) == (50.0, 48.5)
    assert (row["old_upload"], row["new_upload"], row["new_upload_id"]) == ("feb.xlsx", "mar.xlsx", mar)
    assert row["text"] == "Jan 23: 50.0% -> 48.5%, restated in the March 2023 upload"
    assert restatements(store, "cic_count").empty
    assert len(restatements(store, "hew_dental_pct")) == 1
    assert restatements(store, upload_id=feb).empty  # nothing had been restated when February was current
    assert _value(replay_dataset(store, feb), "hew_dental_pct", "2023-01") == 50.0  # the old figure is kept


def test_a_replay_shows_the_figures_targets_ratings_and_commentary_of_then(store: HistoryStore) -> None:
    feb = _publish(store, FEB, "feb.xlsx")
    _publish(store, MAR, "mar.xlsx")
    then = replay_dataset(store, feb)
    assert then.about.month_ending == date(2023, 2, 28)
    assert then.indicators["cic_count"].target == 420
    assert then.latest_period == pd.Period("2023-02", freq="M")
    assert _value(then, "hew_dental_pct", "2023-01") == 50.0
    assert [c.text for c in then.commentary] == ["February words."]
    then_card = build_scorecard(then, "2023-02").set_index("id")
    now_card = build_scorecard(merged_dataset(store), "2023-02").set_index("id")
    assert then_card.loc["cic_count", "rag"] == "green"  # 418 against February's target of 420
    assert now_card.loc["cic_count", "rag"] != "green"  # against March's 410 the same month is not
    with pytest.raises(KeyError):
        replay_dataset(store, 9999)
    draft = keep(store, template_bytes([{"indicator_id": "cic_count", "month": "2023-04", "value": 1}]),
                 "apr.xlsx", draft_token="session-a").upload.id
    with pytest.raises(KeyError):
        replay_dataset(store, draft)  # a draft was never presented to anyone


def test_a_replay_never_changes_when_more_is_published(store: HistoryStore) -> None:
    feb = _publish(store, FEB, "feb.xlsx")
    before = replay_dataset(store, feb).observations
    _publish(store, MAR, "mar.xlsx")
    pd.testing.assert_frame_equal(replay_dataset(store, feb).observations, before)


def _edition(month: int) -> bytes:
    return template_bytes(
        [{"indicator_id": "cic_count", "month": f"2022-{m:02d}", "value": 400 + month} for m in range(1, month + 1)],
        about=_about(pd.Period(f"2022-{month:02d}", freq="M").end_time.date()),
    )


def test_concurrent_publishes_leave_a_consistent_store(store: HistoryStore) -> None:
    editions = {month: _edition(month) for month in range(1, 7)}
    parsed = {month: load_workbook(data, f"2022-{month:02d}.xlsx") for month, data in editions.items()}
    url = store.engine.url.render_as_string(hide_password=False)
    jobs = [(month, editions[month]) for month in editions] + [(6, editions[6])] * 4  # one file, five publishers
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def publish(month: int, data: bytes, index: int) -> None:
        # Half the publishers share the store, half open their own: several app instances at once.
        own = HistoryStore.open(url) if index % 2 else store
        try:
            start.wait(timeout=30)
            added = own.add_upload(data, f"2022-{month:02d}.xlsx", parsed[month], who=f"publisher {index}",
                                   draft_token=f"session-{index}")
            own.publish(added.upload.id, who=f"publisher {index}")
        except BaseException as error:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(error)
        finally:
            if own is not store:
                own.dispose()

    threads = [threading.Thread(target=publish, args=(month, data, index)) for index, (month, data) in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a publisher hung"
    assert errors == []

    published = store.published()
    assert sorted(r.edition for r in published) == [f"2022-{m:02d}" for m in range(1, 7)]  # each once
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(uploads)).scalar_one() == 6
        assert conn.execute(select(func.count()).select_from(publications)).scalar_one() == 6
        per_upload = dict(conn.execute(select(observations.c.upload_id, func.count())
                                       .group_by(observations.c.upload_id)).all())
    assert per_upload == {r.id: r.observation_count for r in published}  # no upload half-written
    assert store.version() == max(r.publication_id for r in published)
    assert all(store.drafts(f"session-{index}") == [] for index in range(len(jobs)))
    assert_current_rows_are_the_winners(store)  # publications serialised: none missed another's rows
    current = merged_dataset(store)
    assert current.about.month_ending == date(2022, 6, 30)
    assert _value(current, "cic_count", "2022-01") == 406  # the June edition restated every month
    assert len(restatements(store, "cic_count")) == 15  # Jan restated 5 times, Feb 4, ... May once


def test_process_change_marks_are_kept_replaced_and_removed(store: HistoryStore) -> None:
    store.mark_process_change(ProcessChange(indicator_id="cic_rate", period=pd.Period("2023-04", freq="M"),
                                            reason=" New service ", marked_by="PM"))
    store.mark_process_change(ProcessChange(indicator_id="cic_rate", period="2023-04", reason="Redefined"))
    store.mark_process_change(ProcessChange(indicator_id="ehcp", period="2022-09", reason="New return"))
    marks = store.process_changes()
    assert marks[["indicator_id", "reason"]].values.tolist() == [["cic_rate", "Redefined"], ["ehcp", "New return"]]
    assert marks["period"].tolist() == [pd.Period("2023-04", freq="M"), pd.Period("2022-09", freq="M")]
    store.remove_process_change("cic_rate", "2023-04")
    assert store.process_changes()["indicator_id"].tolist() == ["ehcp"]


@pytest.mark.parametrize("fields", [{"reason": "  "}, {"period": "2023-13"}, {"indicator_id": ""}])
def test_a_process_change_needs_an_indicator_a_month_and_a_reason(fields: dict) -> None:
    with pytest.raises(ValueError):
        ProcessChange(**({"indicator_id": "a", "period": "2023-04", "reason": "r"} | fields))


def test_marks_reach_the_scorecard_as_input() -> None:
    rows = [{"indicator_id": "cic_rate", "period": pd.Period("2022-05", freq="M")}]
    model = load_workbook(SAMPLE_WORKBOOK.read_bytes(), "sample.xlsx").dataset  # cic_rate: 12 months to 2023-03
    marked = build_scorecard(model, process_changes=pd.DataFrame(rows)).set_index("id")
    plain = build_scorecard(model).set_index("id")
    assert (marked.loc["cic_rate", "spc_points"], plain.loc["cic_rate", "spc_points"]) == (11, 12)
    assert marked.drop(index="cic_rate")["spc_points"].equals(plain.drop(index="cic_rate")["spc_points"])
def test_a_session_learns_nothing_of_another_sessions_draft(store: HistoryStore) -> None:
    mine = keep(store, FEB, "secret plan v3.xlsx", who="Alice", draft_token="session-a").upload
    assert store.find(FEB, "session-a").file_name == "secret plan v3.xlsx"
    assert store.find(FEB, "session-b") is None and store.find(FEB) is None  # not even that it exists

    theirs = keep(store, FEB, "feb.xlsx", who="Bob", draft_token="session-b")
    assert (theirs.upload.file_name, theirs.upload.uploaded_by) == ("feb.xlsx", "Bob")
    assert theirs.upload.uploaded_at >= mine.uploaded_at
    assert [(r.file_name, r.uploaded_by) for r in store.drafts("session-b")] == [("feb.xlsx", "Bob")]
    assert [(r.file_name, r.uploaded_by) for r in store.drafts("session-a")] == [("secret plan v3.xlsx", "Alice")]

    published = store.publish(theirs.upload.id, who="Bob", draft_token="session-b")
    assert (published.file_name, published.uploaded_by) == ("feb.xlsx", "Bob")  # the publisher's own
    current = merged_dataset(store)
    assert current.source_name == "feb.xlsx" and set(current.observations["source"]) == {"feb.xlsx"}
    assert store.find(FEB, "session-c").file_name == "feb.xlsx"  # published: everyone may know


def test_drafts_older_than_the_set_age_are_removed_and_publications_never(store: HistoryStore) -> None:
    old_draft = keep(store, FEB, "feb.xlsx", draft_token="session-a").upload.id
    published = _publish(store, MAR, "mar.xlsx")
    long_ago = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=40)
    with store.engine.begin() as conn:  # both were uploaded 40 days ago
        conn.execute(uploads.update().values(uploaded_at=long_ago))
        conn.execute(drafts.update().values(claimed_at=long_ago))
    assert store.remove_old_drafts(timedelta(days=41)) == 0  # not yet that old
    fresh = keep(store, _edition(1), "jan.xlsx", draft_token="session-b").upload.id  # tidies up (30 days)
    assert store.upload(old_draft) is None and store.drafts("session-a") == []
    assert store.upload(published) is not None and store.upload(fresh) is not None
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(observations)
                            .where(observations.c.upload_id == old_draft)).scalar_one() == 0
    assert store.remove_old_drafts(timedelta(days=30)) == 0


def test_the_draft_age_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert draft_max_age() == timedelta(days=30)
    monkeypatch.setenv(DRAFT_DAYS_ENV, "7")
    assert draft_max_age() == timedelta(days=7)


# ---- withdrawal, the deployment's threshold, the audit trail ---------------------------------------------

def test_a_withdrawn_publication_is_no_longer_current_but_stays_replayable(store: HistoryStore) -> None:
    feb = _publish(store, FEB, "feb.xlsx")
    mar = _publish(store, MAR, "mar.xlsx")
    before = store.version()
    with pytest.raises(ValueError, match="say why"):
        store.withdraw(mar, who="manager@testshire.gov.uk", reason="  ")
    withdrawn = store.withdraw(mar, who="manager@testshire.gov.uk", reason="wrong month's extract")
    assert withdrawn.withdrawn and withdrawn.withdrawn_reason == "wrong month's extract"
    assert store.version() > before  # open sessions polling the version learn of it
    assert [r.id for r in store.published()] == [feb]  # the current data is February's again
    assert merged_dataset(store).about.month_ending == date(2023, 2, 28)
    assert [(r.id, r.withdrawn) for r in store.publications()] == [(feb, False), (mar, True)]
    replayed = replay_dataset(store, mar)  # as it was shown before it was withdrawn
    assert replayed.about.month_ending == date(2023, 3, 31) and replayed.source_name == "mar.xlsx"
    store.withdraw(mar, who="someone else", reason="again")  # the first withdrawal stands
    assert store.upload(mar).withdrawn_by == "manager@testshire.gov.uk"


def test_the_threshold_belongs_to_the_deployment_and_every_change_is_recorded(store: HistoryStore) -> None:
    assert store.threshold() == 5
    version = store.version()
    with pytest.raises(ValueError, match="2 or more"):
        store.set_threshold(1, who="manager@testshire.gov.uk")
    assert store.set_threshold(10, who="manager@testshire.gov.uk") == 10
    assert store.version() > version
    assert HistoryStore(store.engine).threshold() == 10  # another instance on the same store reads it


def test_the_audit_trail_says_who_did_what(store: HistoryStore) -> None:
    upload_id = keep(store, FEB, "feb.xlsx", who="analyst@testshire.gov.uk").upload.id
    store.publish(upload_id, who="manager@testshire.gov.uk")
    store.withdraw(upload_id, who="head@testshire.gov.uk", reason="figures restated")
    store.set_threshold(6, who="manager@testshire.gov.uk")
    store.mark_process_change(ProcessChange(indicator_id="cic_rate", period="2023-04", reason="new service",
                                            marked_by="manager@testshire.gov.uk"))
    events = {(e.who, e.action, e.what, e.detail) for e in store.audit()}
    assert events == {
        ("analyst@testshire.gov.uk", "uploaded", "feb.xlsx", ""),
        ("manager@testshire.gov.uk", "published", "feb.xlsx", ""),
        ("head@testshire.gov.uk", "withdrew", "feb.xlsx", "figures restated"),
        ("manager@testshire.gov.uk", "set the threshold", "withhold counts below 6", ""),
        ("manager@testshire.gov.uk", "marked a process change", "cic_rate from 2023-04", "new service"),
    }
    times = [e.at for e in store.audit()]
    assert times == sorted(times, reverse=True)


def test_current_rows_follow_every_publication_in_any_order(store: HistoryStore) -> None:
    editions = [_edition(3), FEB, _edition(1), MAR, _edition(6), _edition(2)]  # out of order, restating, blanks
    for number, data in enumerate(editions):
        _publish(store, data, f"edition {number}.xlsx")
        assert_current_rows_are_the_winners(store)
    assert not store.current_observations([indicator.id for indicator in INDICATORS]).empty
    _publish(store, MAR, "mar again.xlsx")  # publishing again changes nothing
    assert_current_rows_are_the_winners(store)
    keep(store, _edition(9), "draft.xlsx", draft_token="session-a")  # a draft is never current
    assert_current_rows_are_the_winners(store)
    by_name = {record.file_name: record.id for record in store.published()}
    for name in ("edition 4.xlsx", "edition 3.xlsx", "edition 0.xlsx"):  # the latest, a restater, the first
        store.withdraw(by_name[name], who="manager", reason="wrong extract")
        assert_current_rows_are_the_winners(store)  # each key won again among the publications left
    assert _value(merged_dataset(store), "cic_count", "2022-01") == 402  # edition 2's figure, edition 6 withdrawn


def _words_and_targets(month: int, words: dict[tuple[str, str], list[str]], targets: dict[str, float]) -> bytes:
    """An edition of month `month` with these notes per (subject, month) and these targets from each month."""
    return template_bytes(
        [{"indicator_id": "cic_count", "month": f"2023-{month:02d}", "value": 400 + month}],
        about=_about(date(2023, month, 28)),
        commentary=[Commentary(subject=subject, period=period, text=text, author=f"author {month}")
                    for (subject, period), texts in words.items() for text in texts],
        targets=conform_targets(pd.DataFrame({
            "indicator_id": ["cic_count"] * len(targets), "from_period": pd.PeriodIndex(list(targets), freq="M"),
            "target": list(targets.values())})),
    )


def _edition_rule(editions: list[bytes]) -> tuple[list[Commentary], pd.DataFrame]:
    """What the shared view must hold, worked out in Python from the workbooks in edition order: each
    subject and month keeps the notes of the latest edition with any (placed where it first appeared),
    each indicator and month a target is set from keeps the latest edition's."""
    chosen: dict[tuple[str, str], list[Commentary]] = {}
    for data in editions:
        by_key: dict[tuple[str, str], list[Commentary]] = {}
        for note in load_workbook(data, "edition.xlsx").dataset.commentary:
            by_key.setdefault((note.subject, note.period), []).append(note)
        chosen.update(by_key)
    targets = pd.concat([load_workbook(data, "edition.xlsx").dataset.targets for data in editions])
    latest = targets.drop_duplicates(["indicator_id", "from_period"], keep="last")
    return [note for notes in chosen.values() for note in notes], conform_targets(latest)


def test_commentary_and_targets_are_chosen_in_the_query_as_the_edition_rule_says(store: HistoryStore) -> None:
    jan = _words_and_targets(1, {("Profile", "2023-01"): ["Jan a", "Jan b"], ("cic_count", "2023-01"): ["Jan c"]},
                             {"2023-01": 400})
    feb = _words_and_targets(2, {("cic_count", "2023-01"): ["Feb restates Jan"], ("Profile", "2023-02"): ["Feb"]},
                             {"2023-01": 405, "2023-02": 398})
    # March writes about its own month first: February's words still come first, where they first appeared
    mar = _words_and_targets(3, {("Profile", "2023-03"): ["Mar"],
                                 ("Profile", "2023-02"): ["Mar on Feb", "Mar on Feb again"]}, {"2023-02": 390})
    ids = {}
    for name, data in (("feb", feb), ("mar", mar), ("jan", jan)):  # published out of edition order
        ids[name] = _publish(store, data, f"{name}.xlsx")
    commentary, targets = _edition_rule([jan, feb, mar])
    merged = merged_dataset(store)
    assert merged.commentary == commentary
    assert [note.text for note in merged.commentary] == [
        "Jan a", "Jan b", "Feb restates Jan", "Mar on Feb", "Mar on Feb again", "Mar"]
    pd.testing.assert_frame_equal(merged.targets, targets)
    assert merged.targets["target"].tolist() == [405.0, 390.0]

    replayed = replay_dataset(store, ids["feb"])  # as it stood then: January was not yet published
    commentary, targets = _edition_rule([feb])
    assert replayed.commentary == commentary
    pd.testing.assert_frame_equal(replayed.targets, targets)

    store.withdraw(ids["mar"], who="manager", reason="wrong extract")
    commentary, targets = _edition_rule([jan, feb])
    merged = merged_dataset(store)
    assert merged.commentary == commentary and [n.text for n in merged.commentary] == ["Jan a", "Jan b",
                                                                                       "Feb restates Jan", "Feb"]
    pd.testing.assert_frame_equal(merged.targets, targets)
