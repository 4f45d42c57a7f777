"""Every text-on-fill pair the app and the packs draw is readable: at least 4.5:1 in both palettes."""

from __future__ import annotations

import pytest

from core.present.contrast import WCAG_AA_TEXT, contrast_ratio
from core.present.labels import RAG_STYLES


def test_the_ratio_matches_known_pairs():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#ffffff", "#d55e00") == pytest.approx(3.87, abs=0.01)  # the old colour-blind red


@pytest.mark.parametrize("palette", ["colour", "colour_safe"])
@pytest.mark.parametrize("rag", list(RAG_STYLES))
def test_every_rag_fill_is_readable_under_its_text(rag: str, palette: str):
    style = RAG_STYLES[rag]
    fill = getattr(style, palette)
    ratio = contrast_ratio(style.text_on, fill)
    assert ratio >= WCAG_AA_TEXT, f"{style.word} in the {palette} palette: {style.text_on} on {fill} is {ratio:.2f}:1"


def test_the_palettes_keep_ratings_apart():
    """Two ratings never share a fill within a palette, so the colour still repeats the word."""
    for palette in ("colour", "colour_safe"):
        fills = [getattr(style, palette) for style in RAG_STYLES.values()]
        assert len(set(fills)) == len(fills), palette
