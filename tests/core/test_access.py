"""Roles come from the settings file; capabilities per role are data."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from core.access import (
    ROLE_CAPABILITIES,
    AccessSettings,
    Capability,
    Role,
    load_settings,
    role_for,
)


def test_managers_by_email_or_domain_everyone_else_a_viewer() -> None:
    settings = AccessSettings(managers=["Head@Council.gov.uk"], manager_domains=["@bi.council.gov.uk"])
    assert role_for("head@council.gov.uk", settings) is Role.manager
    assert role_for("analyst@bi.council.gov.uk", settings) is Role.manager
    assert role_for("councillor@council.gov.uk", settings) is Role.viewer
    assert role_for("someone@evil-bi.council.gov.uk", settings) is Role.viewer  # a domain is matched whole


def test_signed_out_sees_the_public_view_or_nothing() -> None:
    assert role_for(None, AccessSettings()) is Role.public
    assert role_for(None, AccessSettings(signed_out="nothing")) is Role.nobody


def test_only_managers_upload_publish_withdraw_and_set_the_threshold() -> None:
    managing = {Capability.upload, Capability.publish, Capability.withdraw, Capability.set_threshold,
                Capability.write_commentary, Capability.mark_process_changes}
    assert managing <= ROLE_CAPABILITIES[Role.manager]
    for role in (Role.viewer, Role.public, Role.nobody):
        assert not managing & ROLE_CAPABILITIES[role]
    assert Capability.try_whatif in ROLE_CAPABILITIES[Role.viewer]
    assert ROLE_CAPABILITIES[Role.public] == {Capability.view_scorecard} and not ROLE_CAPABILITIES[Role.nobody]


def test_the_settings_file_is_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text('managers = ["a@b.uk"]\nsigned_out = "nothing"\n')
    assert load_settings(path) == AccessSettings(managers=["a@b.uk"], signed_out="nothing")
    path.write_text('signed_out = "everyone"\n')
    with pytest.raises(ValidationError):
        load_settings(path)
    assert load_settings(tmp_path / "missing.toml") == AccessSettings()
    assert load_settings(Path(__file__).resolve().parents[2] / ".streamlit" / "roles.toml") == AccessSettings()
