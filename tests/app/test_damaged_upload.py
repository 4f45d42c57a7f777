"""A damaged copy of the sample, uploaded and used, renders every page without an exception."""

from __future__ import annotations

import pytest

from tests.app.harness import ALL_PAGES, visit
from tests.app.test_upload import upload
from tests.core.test_robustness import DAMAGE_TARGETS, _damaged


@pytest.mark.parametrize("seed", [1, 4])
def test_every_page_renders_on_a_damaged_upload(open_app, seed):
    data = _damaged(DAMAGE_TARGETS["sample"], seed, cells=25)
    at = upload(open_app(), f"damaged-{seed}.xlsx", data)
    assert at.button(key="use_upload"), "the damaged sample should still be usable"
    at.button(key="use_upload").click().run()
    assert not at.exception, at.exception[0].value
    for page in (*ALL_PAGES, "whatif", "history"):
        visit(at, page)  # asserts no exception on the page
    localities = at.sidebar.selectbox[1].options
    assert len(localities) > 1, localities
    at.sidebar.selectbox[1].set_value(localities[-1]).run()  # a locality view of the damaged data
    for page in ("overview", "children_in_care", "indicator"):
        visit(at, page)
