"""Adoption: the rated indicators of its areas, with commentary."""

from ui.area_page import render_area_page
from ui.shell import require_shell

require_shell()

render_area_page("Adoption")
