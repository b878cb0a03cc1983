"""Colour arithmetic for the campaign palette (WCAG 2.x relative luminance and contrast)."""

from __future__ import annotations

import re

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")

#: WCAG 2.x / GB/T 37668-2019 minimum contrast for normal text.
MIN_TEXT_CONTRAST = 4.5


def is_hex_color(value: str) -> bool:
    """Return whether ``value`` is a ``#RRGGBB`` colour."""
    return bool(_HEX.match(value))


def rgb(value: str) -> tuple[int, int, int]:
    """Return the (r, g, b) bytes of a ``#RRGGBB`` colour."""
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def relative_luminance(value: str) -> float:
    """Return the WCAG relative luminance (0 black … 1 white) of ``#RRGGBB``."""

    def channel(byte: int) -> float:
        c = byte / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """Return the WCAG contrast ratio (1–21) between two ``#RRGGBB`` colours."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
