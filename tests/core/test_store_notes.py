"""Commentary and actions written in the app: private drafts, published with the upload, replayed as written."""

from __future__ import annotations

from datetime import date

import pytest

from core.model import Action, ActionStatus, Commentary
from core.store import HistoryStore, merged_dataset, replay_dataset
from tests.core.test_store import FEB, MAR, _publish, keep

NOTE = Commentary(subject="Profile", period="2023-02", text="Entries to care fell for a third month.",
                  author="Head of service")
ACTION = Action(subject="hew_dental_pct", period="2023-02", what="Book dental checks for the 12 overdue",
                owner="Health team", due=date(2023, 4, 30), status=ActionStatus.in_progress, author="Manager")


def test_a_drafts_notes_stay_private_until_the_upload_is_published(store: HistoryStore) -> None:
    upload_id = keep(store, FEB, "feb.xlsx", draft_token="session-a").upload.id
    store.add_note(upload_id, NOTE, "session-a")
    store.add_note(upload_id, ACTION, "session-a")
    mine = store.notes([upload_id], token="session-a")
    assert (mine.commentary, mine.actions) == ([NOTE], [ACTION])
    assert store.notes([upload_id], token="session-b").commentary == []  # another session sees nothing
    assert store.notes_version() == 0

    store.publish(upload_id, who="BI", draft_token="session-a")
    everyone = merged_dataset(store)
    assert NOTE in everyone.commentary and "February words." in [c.text for c in everyone.commentary]
    assert everyone.actions == [ACTION]
    assert store.notes_version() == 2


def test_publishing_without_the_writers_token_leaves_their_notes_private(store: HistoryStore) -> None:
    upload_id = keep(store, FEB, "feb.xlsx", draft_token="session-a").upload.id
    store.add_note(upload_id, NOTE, "session-a")
    store.publish(upload_id, who="someone else")  # a different session published the same file
    assert merged_dataset(store).commentary == [c for c in merged_dataset(store).commentary if c != NOTE]
    assert store.publish_notes(upload_id, "session-a") == 1
    assert NOTE in merged_dataset(store).commentary


def test_a_note_written_on_published_data_is_published_at_once(store: HistoryStore) -> None:
    upload_id = _publish(store, FEB, "feb.xlsx")
    store.add_note(upload_id, ACTION, "session-b")
    assert merged_dataset(store).actions == [ACTION]
    assert store.publish_notes(upload_id, "session-b") == 0  # nothing left to publish


def test_a_replay_shows_the_notes_as_written_then(store: HistoryStore) -> None:
    feb = _publish(store, FEB, "feb.xlsx")
    store.add_note(feb, NOTE, "session-a")  # published at once: part of the February scorecard
    mar = _publish(store, MAR, "mar.xlsx")
    late = ACTION.model_copy(update={"what": "Written after March was published"})
    store.add_note(feb, late, "session-a")
    then = replay_dataset(store, feb)
    assert NOTE in then.commentary and then.actions == []  # the late note came after the next edition
    assert late in merged_dataset(store).actions  # the current data has it
    assert late in replay_dataset(store, mar).actions  # March is still the newest: its replay is the present


def test_an_action_needs_what_who_and_when() -> None:
    with pytest.raises(ValueError, match="what"):
        Action(subject="Profile", period="2023-02", what="  ", owner="A", due=date(2023, 1, 1))
    with pytest.raises(ValueError, match="due"):
        Action(subject="Profile", period="2023-02", what="Do it", owner="A")
