"""Who may do what: roles from a small settings file, capabilities per role as data. No Streamlit here.

Sign-in itself is Streamlit's (st.login, OpenID Connect, configured in .streamlit/secrets.toml [auth]);
this package only turns a signed-in email (or none) into a role, and a role into what it may do.
"""

from core.access.roles import (
    ROLE_CAPABILITIES,
    ROLES_FILE_ENV,
    AccessSettings,
    Capability,
    Role,
    load_settings,
    role_for,
)

__all__ = ["ROLES_FILE_ENV", "ROLE_CAPABILITIES", "AccessSettings", "Capability", "Role", "load_settings", "role_for"]
