"""Accessibility statement: how accessible the app is, what is known not to be, and what to do about it."""


from ui.accessibility import render_statement
from ui.shell import require_shell

require_shell()
render_statement()
