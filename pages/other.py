"""Other indicators: those in areas no page claims (unmatched names from a published layout)."""

from core.access import Capability
from ui.access import require
from ui.area_page import render_area_page
from ui.shell import require_shell

require_shell()
require(Capability.view_scorecard)

render_area_page("Other")
