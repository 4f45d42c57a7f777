"""Safeguarding: the rated indicators of its areas, with commentary."""

from core.access import Capability
from ui.access import require
from ui.area_page import render_area_page
from ui.shell import require_shell

require_shell()
require(Capability.view_scorecard)

render_area_page("Safeguarding")
