"""Item 11 and 9 of issue 11: the authority named where the workbook does not, kept with the upload; a
workbook whose latest month is in the future is checked and usable but never published."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest

from core.ingest.load import load_workbook
from core.model import UNNAMED_AUTHORITY, About
from core.store import (
    HistoryStore,
    PublishRefused,
    future_refusal,
    last_named_authority,
    merged_dataset,
)
from core.validation.catalogue import rule
from core.validation.model_checks import latest_month_in_future
from tests.core.store_fixtures import database  # noqa: F401 - the fixture, on SQLite and PostgreSQL
from tests.core.template_fixtures import template_bytes
from tests.fixtures import build_council_fixtures as fx

QUARTERLY = fx.quarterly_layout().bytes()  # no authority anywhere in it
VALUES = [{"indicator_id": "cic_count", "month": "2023-02", "value": 430},
          {"indicator_id": "cic_count", "month": "2023-03", "value": 425}]


@pytest.fixture
def store(database: str) -> Iterator[HistoryStore]:  # noqa: F811 - pytest's fixture injection
    opened = HistoryStore.open(database)
    yield opened
    opened.dispose()


def _codes(result) -> list[str]:
    return [finding.code for finding in result.report.findings]


def test_a_published_workbook_without_a_name_says_so_and_never_shows_the_placeholder():
    result = load_workbook(QUARTERLY, "q2.xlsx")
    assert result.usable
    assert not result.dataset.about.authority_named
    unnamed = [f for f in result.report.findings if f.code == "authority_not_named"]
    assert [f.message for f in unnamed] == [rule("authority_not_named").message]
    assert "asks for the name" in unnamed[0].message


def test_a_template_whose_about_sheet_omits_the_authority_is_unnamed_too():
    result = load_workbook(template_bytes(VALUES, about=About(month_ending=date(2023, 3, 31))), "t.xlsx")
    assert result.dataset.about.authority == UNNAMED_AUTHORITY and not result.dataset.about.authority_named
    assert "authority_not_named" in _codes(result)
    named = load_workbook(template_bytes(VALUES), "named.xlsx")
    assert named.dataset.about.authority == "Testshire" and "authority_not_named" not in _codes(named)


def test_the_name_given_is_kept_with_the_upload_and_shown_by_the_merged_data(store: HistoryStore):
    result = load_workbook(QUARTERLY, "q2.xlsx").with_authority("  Exampleshire County Council ")
    assert result.dataset.about.authority == "Exampleshire County Council"
    added = store.add_upload(QUARTERLY, "q2.xlsx", result, who="BI")
    assert added.upload.authority == "Exampleshire County Council"
    store.publish(added.upload.id, who="BI", today=date(2022, 12, 1))
    assert merged_dataset(store).about.authority == "Exampleshire County Council"
    assert last_named_authority(store.published()) == "Exampleshire County Council"


def test_a_workbook_that_names_its_authority_keeps_its_own_name():
    result = load_workbook(template_bytes(VALUES), "named.xlsx")
    assert result.with_authority("Somewhere Else").dataset.about.authority == "Testshire"
    assert result.dataset.with_authority("   ").about.authority == "Testshire"  # blank changes nothing


def test_an_upload_kept_unnamed_before_takes_the_name_given_later(store: HistoryStore):
    unnamed = load_workbook(QUARTERLY, "q2.xlsx")
    first = store.add_upload(QUARTERLY, "q2.xlsx", unnamed, who="BI")
    assert first.upload.authority == UNNAMED_AUTHORITY
    again = store.add_upload(QUARTERLY, "q2.xlsx", unnamed.with_authority("Exampleshire"), who="BI")
    assert not again.created and again.upload.authority == "Exampleshire"
    assert store.parts(again.upload.id)["about_json"].count("Exampleshire") == 1


def test_merged_data_of_an_unnamed_latest_upload_shows_the_last_name_given(store: HistoryStore):
    march = load_workbook(template_bytes(VALUES), "march.xlsx")  # names Testshire
    april_bytes = template_bytes([{"indicator_id": "cic_count", "month": "2023-04", "value": 420}],
                                 about=About(month_ending=date(2023, 4, 30)))
    april = load_workbook(april_bytes, "april.xlsx")  # names nobody (kept before the page asked)
    for data, name, result in ((template_bytes(VALUES), "march.xlsx", march), (april_bytes, "april.xlsx", april)):
        store.publish(store.add_upload(data, name, result).upload.id, today=date(2023, 5, 1))
    assert store.published()[-1].authority == UNNAMED_AUTHORITY
    assert merged_dataset(store).about.authority == "Testshire"
    assert last_named_authority([]) == ""


# A Values row typed 2099 for 2023: never loaded, never the current month.
TYPO = template_bytes([*VALUES, {"indicator_id": "cic_count", "month": "2099-12", "value": 425}],
                      about=About(authority="Testshire"))
# An About sheet whose month ending is typed 2099: the rows load, but it cannot be published.
FUTURE = template_bytes(VALUES, about=About(authority="Testshire", month_ending=date(2099, 12, 31)))


def test_a_values_row_after_this_month_is_an_error_for_that_row_and_never_the_current_month():
    result = load_workbook(TYPO, "typo.xlsx")
    assert result.usable and result.dataset.latest_period == pd.Period("2023-03", freq="M")
    found = [f for f in result.report.findings if f.code == "future_month"]
    assert [(f.level.value, f.sheet, f.cell) for f in found] == [("error", "Values", "C4")]
    assert found[0].message.startswith("December 2099 is after ")
    assert found[0].message.endswith(", this month: nobody can have reported a later month yet; this row was "
                                     "not loaded.")
    values = next(count for count in result.report.row_counts if count.sheet == "Values")
    assert (values.read, values.used, values.reported) == (3, 2, 1)


def test_a_values_row_after_the_month_ending_is_not_loaded():
    data = template_bytes([*VALUES, {"indicator_id": "cic_count", "month": "2023-04", "value": 420}],
                          about=About(authority="Testshire", month_ending=date(2023, 3, 31)))
    result = load_workbook(data, "march.xlsx")
    assert result.dataset.latest_period == pd.Period("2023-03", freq="M")
    assert [f.message for f in result.report.findings if f.code == "future_month"] == [
        "April 2023 is after March 2023, the workbook's month ending (About sheet); this row was not loaded."]


def test_a_latest_month_in_the_future_is_reported_when_the_workbook_is_read():
    result = load_workbook(FUTURE, "typo.xlsx")
    assert result.usable  # checked and usable in the session ...
    found = [f for f in result.report.findings if f.code == "latest_month_in_future"]
    assert len(found) == 1
    assert found[0].message.startswith("The latest month this workbook reports is December 2099, after this month")
    assert "cannot be published" in found[0].message
    assert latest_month_in_future(result.dataset, today=date(2100, 1, 5)) is None
    assert latest_month_in_future(result.dataset, today=date(2099, 11, 30)) == pd.Period("2099-12", freq="M")


def test_publishing_refuses_a_workbook_whose_latest_month_is_in_the_future(store: HistoryStore):
    added = store.add_upload(FUTURE, "typo.xlsx", load_workbook(FUTURE, "typo.xlsx"), who="BI")
    with pytest.raises(PublishRefused) as refused:
        store.publish(added.upload.id, who="BI", today=date(2026, 11, 30))
    assert str(refused.value) == ("typo.xlsx cannot be published: its latest month is December 2099, after this "
                                  "month (November 2026). Correct the months in the workbook and upload it again.")
    assert store.published() == [] and store.version() == 0
    assert future_refusal("ok.xlsx", pd.Period("2026-11", freq="M"), today=date(2026, 11, 30)) is None
    assert future_refusal("ok.xlsx", None) is None


def test_a_month_ending_in_the_future_counts_as_the_latest_month():
    data = template_bytes(VALUES, about=About(authority="Testshire", month_ending=date(2099, 3, 31)))
    model = load_workbook(data, "ending.xlsx").dataset
    assert model.latest_month == pd.Period("2099-03", freq="M")
    assert "2099" in future_refusal("ending.xlsx", model.latest_month, today=date(2026, 11, 30)).message


def _pack_heading(path) -> str:
    from openpyxl import load_workbook as open_pack

    return str(open_pack(path).worksheets[0].cell(2, 1).value)


def test_export_names_the_authority_the_workbook_does_not(tmp_path, capsys):
    from core.cli.main import main

    workbook, pack = tmp_path / "q2.xlsx", tmp_path / "pack.xlsx"
    workbook.write_bytes(QUARTERLY)
    assert main(["export", "--format", "xlsx", str(workbook), str(pack), "--authority", "Testshire County Council"]) == 0
    assert _pack_heading(pack).startswith("Testshire County Council · ")
    assert "authority" not in capsys.readouterr().err

    assert main(["export", "--format", "xlsx", str(workbook), str(pack)]) == 0  # still written, with a warning
    warning = capsys.readouterr().err
    assert "does not name its authority" in warning and "give --authority NAME" in warning


def test_export_keeps_the_name_a_workbook_gives_and_says_the_option_is_not_used(tmp_path, capsys):
    from core.cli.main import main

    workbook, pack = tmp_path / "named.xlsx", tmp_path / "pack.xlsx"
    workbook.write_bytes(template_bytes(VALUES))
    assert main(["export", "--format", "xlsx", str(workbook), str(pack), "--authority", "Elsewhere"]) == 0
    assert _pack_heading(pack).startswith("Testshire · ")
    assert "names its authority 'Testshire'; --authority is not used" in capsys.readouterr().err
