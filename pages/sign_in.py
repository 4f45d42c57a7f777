"""Sign in: the only page when the settings show nothing to visitors who are not signed in."""

import streamlit as st

from ui.shell import require_shell

require_shell()

st.title("Corporate Parenting scorecard")
st.write("Sign in with your council account to see the scorecard.")
st.button("Sign in", key="sign_in_page", on_click=st.login, type="primary")
