"""WCAG 2 contrast ratios: how readable text of one colour is on a fill of another (4.5:1 for normal text)."""

from __future__ import annotations

WCAG_AA_TEXT = 4.5


def relative_luminance(colour: str) -> float:
    """The WCAG relative luminance of a '#rrggbb' colour (0 black .. 1 white)."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) != 6:
        raise ValueError(f"expected a colour as #rrggbb, got {colour!r}")
    channels = [int(hex_digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(text: str, fill: str) -> float:
    """(lighter + 0.05) / (darker + 0.05): 1 for the same colour, 21 for black on white."""
    lighter, darker = sorted((relative_luminance(text), relative_luminance(fill)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
