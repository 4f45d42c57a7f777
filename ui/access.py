"""Sign-in and roles in the app: Streamlit's st.login (OpenID Connect, .streamlit/secrets.toml [auth]) and
the roles settings file (core.access). Without [auth] the app runs as one local manager and says so.

Every page calls require(capability) first: a page a role cannot use is left out of its navigation
(app.py) and refuses a direct URL here.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from core.access import ROLE_CAPABILITIES, Capability, Role, load_settings, role_for
from ui.literal import literal

LOCAL_MANAGER = "local manager"
ROLE_WORDS = {Role.manager: "manager", Role.viewer: "viewer", Role.public: "public view", Role.nobody: "not signed in"}


def sign_in_configured() -> bool:
    """True when .streamlit/secrets.toml (or --secrets.files) has an [auth] section."""
    try:
        return "auth" in st.secrets
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return False


def signed_in_email() -> str | None:
    if not sign_in_configured() or not st.user.is_logged_in:
        return None
    email = st.user.get("email")
    return str(email) if email else None


def current_role() -> Role:
    if not sign_in_configured():
        return Role.manager  # `make run` on a laptop: one person, who manages their own data
    return role_for(signed_in_email(), load_settings())


def current_person() -> str:
    """Who is acting, for the audit trail: the signed-in email, or the local manager."""
    return signed_in_email() or LOCAL_MANAGER


def can(capability: Capability) -> bool:
    return capability in ROLE_CAPABILITIES[current_role()]


def require(capability: Capability) -> None:
    """Stop the page unless the current role may use it (a direct URL to a page not in the navigation)."""
    if can(capability):
        return
    st.title("Not available")
    role = current_role()
    if role in (Role.public, Role.nobody):
        st.warning("Sign in to use this page.", icon=":material/lock:")
        st.button("Sign in", key="refused_sign_in", on_click=st.login, type="primary")
    else:
        st.warning("This page is for managers. Ask a manager if you need something published or changed.",
                   icon=":material/lock:")
    st.stop()


def sign_in_panel() -> None:
    """In the sidebar: who is signed in, in which role, and the way in or out."""
    if not sign_in_configured():
        st.sidebar.caption(":material/person: No sign-in is configured: you are the single local manager "
                           "on this computer.")
        return
    email = signed_in_email()
    if email:
        st.sidebar.caption(f"Signed in as {literal(email)} ({ROLE_WORDS[current_role()]})")
        st.sidebar.button("Sign out", key="sign_out", on_click=st.logout)
    else:
        st.sidebar.button("Sign in", key="sign_in", on_click=st.login, type="primary")
