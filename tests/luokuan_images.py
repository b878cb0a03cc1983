"""How the tests compare a 落款 set by the browser with the same 落款 set by the poster engine (Pillow).

The measure, for two renders of one poster with one name:

* **outside the 落款** (its glyphs' cells, below) the two images are identical, pixel for pixel: the page
  draws the build's background unchanged;
* **each glyph** of the 落款, in its cell (its advance × the em box, 2 px around, from the engine's
  layout): Σ|browser − engine| / Σ engine over the cell, with colours projected onto the slot's
  ground → ink axis (0 = ground, 255 = ink), is at most ``GLYPH_THRESHOLD`` — the share of the ink
  that differs. Two rasterisers (FreeType under Pillow, Skia over FreeType in Chromium) disagree on
  edge anti-aliasing by about 4 % of the ink; a glyph one pixel off differs by 50 % and more;
* the **ink box** (coverage ≥ 128) of the whole 落款 is within ``BOX_TOLERANCE`` px on every side;
* the **best shift**: moving the browser's 落款 by whole pixels (±3 in x and y) fits the engine's
  best at (0, 0).

Plain Pillow: no array library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from campaign.posters.layout import Glyph, PosterLayout
from campaign.posters.raster import glyph_origin
from PIL import Image, ImageChops, ImageStat

GLYPH_THRESHOLD = 0.20
BOX_TOLERANCE = 1
SHIFT_RANGE = 3


@dataclass(frozen=True)
class Comparison:
    """What the measure found: pixels differing outside the 落款, the worst glyph, the ink box's offset, the best shift."""

    outside: int  # pixels that differ outside the 落款's cells
    worst_glyph: float  # largest Σ|Δ| / Σ ink of a glyph cell
    worst_char: str
    box_offset: int  # largest difference of the ink boxes' edges, px
    shift: tuple[int, int]

    @property
    def same(self) -> bool:
        return (self.outside == 0 and self.worst_glyph <= GLYPH_THRESHOLD and self.box_offset <= BOX_TOLERANCE
                and self.shift == (0, 0))

    def __str__(self) -> str:
        return (f"outside the 落款: {self.outside} px differ; worst glyph “{self.worst_char}” {self.worst_glyph:.3f} "
                f"(≤ {GLYPH_THRESHOLD}); ink box {self.box_offset} px off (≤ {BOX_TOLERANCE}); best shift {self.shift}")


def issuer_glyphs(with_name: PosterLayout, without: PosterLayout) -> list[Glyph]:
    """Return the 落款's glyphs: those of the layout with the name that the layout without it lacks."""
    others = set(without.items)
    return [item for item in with_name.items if isinstance(item, Glyph) and item not in others]


def glyph_cells(glyphs: list[Glyph], advances: dict[str, float], ascent: float, dpi: float) -> list[tuple]:
    """Return each glyph's cell in pixels: from its origin (as the raster draws it) its advance wide, its em high, 2 px around."""
    scale = dpi / 25.4
    cells = []
    for glyph in glyphs:
        x, baseline = glyph_origin(glyph.x * scale, glyph.baseline * scale)
        size = glyph.size * scale
        cells.append((glyph.char, x - 2, math.floor(baseline - ascent * size) - 2,
                      math.ceil(x + advances[glyph.char] * size) + 2, math.ceil(baseline + (1 - ascent) * size) + 2))
    return cells


def coverage(image: Image.Image, ground: str, ink: str) -> Image.Image:
    """Return ``image`` (RGB) as coverage: each pixel projected onto the ground → ink axis, 0 … 255."""
    g = [int(ground[i:i + 2], 16) for i in (1, 3, 5)]
    k = [int(ink[i:i + 2], 16) for i in (1, 3, 5)]
    axis = [b - a for a, b in zip(g, k, strict=True)]
    norm = sum(a * a for a in axis)
    weights = [255 * a / norm for a in axis]
    offset = -sum(w * a for w, a in zip(weights, g, strict=True))
    return image.convert("L", (*weights, offset))


def _sum(image: Image.Image) -> float:
    return ImageStat.Stat(image).sum[0]


def compare(engine: Image.Image, browser: Image.Image, cells: list[tuple], ground: str, ink: str) -> Comparison:
    """Return the measure (see the module) of ``browser`` against ``engine`` (both RGB, one size)."""
    assert engine.size == browser.size and engine.mode == browser.mode == "RGB"
    left = min(c[1] for c in cells)
    top = min(c[2] for c in cells)
    right = max(c[3] for c in cells)
    bottom = max(c[4] for c in cells)
    outside = ImageChops.difference(engine, browser).convert("L").point(lambda v: 255 if v else 0)
    mask = Image.new("L", engine.size, 255)
    for _, x0, y0, x1, y1 in cells:
        mask.paste(0, (x0, y0, x1, y1))
    differing = ImageChops.multiply(outside, mask)
    outside_count = round(_sum(differing) / 255)

    box = (left - SHIFT_RANGE, top - SHIFT_RANGE, right + SHIFT_RANGE, bottom + SHIFT_RANGE)
    wanted = coverage(engine.crop(box), ground, ink)
    got = coverage(browser.crop(box), ground, ink)
    worst, worst_char = 0.0, ""
    for char, x0, y0, x1, y1 in cells:
        cell = (x0 - box[0], y0 - box[1], x1 - box[0], y1 - box[1])
        ink_sum = _sum(wanted.crop(cell))
        share = _sum(ImageChops.difference(wanted.crop(cell), got.crop(cell))) / max(1.0, ink_sum)
        if share > worst:
            worst, worst_char = share, char
    solid_wanted = wanted.point(lambda v: 255 if v >= 128 else 0).getbbox()
    solid_got = got.point(lambda v: 255 if v >= 128 else 0).getbbox()
    offset = max(abs(a - b) for a, b in zip(solid_wanted, solid_got, strict=True)) if solid_got else 10 ** 6
    inner = (SHIFT_RANGE, SHIFT_RANGE, wanted.width - SHIFT_RANGE, wanted.height - SHIFT_RANGE)
    fits = {}
    for dy in range(-SHIFT_RANGE, SHIFT_RANGE + 1):
        for dx in range(-SHIFT_RANGE, SHIFT_RANGE + 1):
            moved = got.crop((inner[0] + dx, inner[1] + dy, inner[2] + dx, inner[3] + dy))
            fits[(dx, dy)] = _sum(ImageChops.difference(wanted.crop(inner), moved))
    shift = min(fits, key=lambda d: (fits[d], abs(d[0]) + abs(d[1])))
    return Comparison(outside_count, worst, worst_char, offset, shift)
