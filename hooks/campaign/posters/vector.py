"""Vector backend: a ``PosterLayout`` as SVG with every glyph converted to outlines.

Print shops open the file without our fonts and scale it to any banner length. Sizes
are in millimetres (``width="…mm"``); numbers are rounded so output is reproducible.
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import quoteattr

from .fonts import Face, PosterFonts
from .layout import Glyph, PosterLayout, QRCode, Rect


@lru_cache(maxsize=4096)
def _glyph_path(face: Face, char: str) -> str:
    """Return the SVG path data of ``char`` in font units (y up)."""
    from fontTools.pens.svgPathPen import SVGPathPen

    glyphs, cmap, _ = face.outlines()
    pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.1f}".rstrip("0").rstrip("."))
    glyphs[cmap[ord(char)]].draw(pen)
    return pen.getCommands()


def _n(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def to_svg(poster: PosterLayout, fonts: PosterFonts, title: str) -> str:
    """Return the poster as an SVG document in millimetres, text as outlines (no fonts needed)."""
    width, height = _n(poster.width_mm), _n(poster.height_mm)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" viewBox="0 0 {width} {height}">',
        f"<title>{_escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{poster.background.screen}"/>',
    ]
    for item in poster.items:
        if isinstance(item, Rect):
            parts.append(
                f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" height="{_n(item.h)}" fill="{item.fill.screen}"/>'
            )
        elif isinstance(item, Glyph):
            face = fonts[item.face]
            scale = item.size / face.outlines()[2]
            parts.append(
                f'<path transform="translate({_n(item.x)} {_n(item.baseline)}) scale({scale:.6f} {-scale:.6f})" '
                f'fill="{item.fill.screen}" d={quoteattr(_glyph_path(face, item.char))}/>'
            )
        elif isinstance(item, QRCode):
            raise ValueError("the banner carries no QR code")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
