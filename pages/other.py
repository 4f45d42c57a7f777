"""Other indicators: those in areas no page claims (unmatched names from a published layout)."""

from ui.area_page import render_area_page
from ui.shell import require_shell

require_shell()

render_area_page("Other")
