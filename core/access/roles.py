"""Roles from the deployment's settings file (.streamlit/roles.toml, or $SCORECARD_ROLES_FILE).

    managers = ["head.of.performance@council.gov.uk"]   # emails
    manager_domains = []                                   # e.g. ["bi.council.gov.uk"]: everyone at that domain
    signed_out = "public"                                  # "public": the public view; "nothing": sign in first

Everyone else who signs in is a viewer. Without sign-in configured the app runs as one local manager.
"""

from __future__ import annotations

import os
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

ROLES_FILE_ENV = "SCORECARD_ROLES_FILE"
DEFAULT_ROLES_FILE = Path(__file__).resolve().parents[2] / ".streamlit" / "roles.toml"


class Role(StrEnum):
    manager = "manager"
    viewer = "viewer"  # signed in, not a manager
    public = "public"  # not signed in, and the settings show the public view
    nobody = "nobody"  # not signed in, and the settings show nothing


class Capability(StrEnum):
    view_scorecard = "view_scorecard"
    try_whatif = "try_whatif"  # privately: a scenario is this session's own
    view_history = "view_history"
    upload = "upload"
    publish = "publish"
    withdraw = "withdraw"
    set_threshold = "set_threshold"
    write_commentary = "write_commentary"
    mark_process_changes = "mark_process_changes"
    # the workbook as uploaded, and the figures earlier editions gave: neither has been through disclosure control
    view_source = "view_source"


_VIEWER = frozenset({Capability.view_scorecard, Capability.try_whatif, Capability.view_history})
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.manager: frozenset(Capability),
    Role.viewer: _VIEWER,
    Role.public: frozenset({Capability.view_scorecard}),
    Role.nobody: frozenset(),
}


class AccessSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    managers: list[str] = []
    manager_domains: list[str] = []
    signed_out: Literal["public", "nothing"] = "public"

    @field_validator("managers", "manager_domains")
    @classmethod
    def _lower(cls, values: list[str]) -> list[str]:
        return [v.strip().lower().lstrip("@") for v in values if v.strip()]


def load_settings(path: str | Path | None = None) -> AccessSettings:
    """The settings file ($SCORECARD_ROLES_FILE, else .streamlit/roles.toml); defaults when there is none."""
    chosen = Path(path or os.environ.get(ROLES_FILE_ENV, "").strip() or DEFAULT_ROLES_FILE)
    if not chosen.exists():
        return AccessSettings()
    with chosen.open("rb") as handle:
        return AccessSettings.model_validate(tomllib.load(handle))


def role_for(email: str | None, settings: AccessSettings) -> Role:
    """A signed-in email's role (None: not signed in)."""
    if not email:
        return Role.public if settings.signed_out == "public" else Role.nobody
    address = email.strip().lower()
    domain = address.rpartition("@")[2]
    if address in settings.managers or domain in settings.manager_domains:
        return Role.manager
    return Role.viewer
