"""Raster backend: draw a ``PosterLayout`` with Pillow, at the output size, no I/O besides fonts.

Text is drawn glyph by glyph at the positions layout computed, at the target pixel size
(no supersampling of the whole canvas), so large print formats cost little more than
filling their pixels. Each glyph's origin goes on a whole pixel by one written rule
(``glyph_origin``), the rule the 定制落款 page's script follows too, so the browser sets an
office's name on exactly the pixels this module would. Bitmap faces are pasted dot for dot.
"""

from __future__ import annotations

import math
from dataclasses import replace

from PIL import Image, ImageDraw

from ..content.colors import rgb
from .design import Colour
from .fonts import BitmapFace, PosterFonts
from .layout import Glyph, PosterLayout, QRCode, Rect


def at_width(poster: PosterLayout, width: int) -> PosterLayout:
    """Return ``poster`` to be drawn ``width`` pixels wide (a preview): the same boxes at a lower resolution."""
    scale = width / poster.pixels[0]
    return replace(poster, dpi=poster.dpi * scale, pixels=(width, round(poster.pixels[1] * scale)))


def glyph_origin(x_px: float, baseline_px: float) -> tuple[int, int]:
    """Return the whole pixel a glyph's origin (left edge of its advance, baseline) is drawn at.

    The nearest pixel; exactly halfway goes right and up: ``x = floor(x + 0.5)``,
    ``baseline = ceil(baseline - 0.5)``. Pillow would snap a fractional position itself, by a
    rule of its own that differs near the halves; passing it whole pixels makes the rule this
    one, which ``theme/assets/luokuan.js`` repeats.
    """
    return math.floor(x_px + 0.5), math.ceil(baseline_px - 0.5)


def _inks(poster: PosterLayout) -> set[Colour]:
    """Return every colour drawn on the ground: shapes, text and the colours of the text slots.

    The slots count even when empty, so a poster whose 落款 slot is left blank (for the
    browser to fill) is drawn with the same colours, hence the same pixels, as the one with it filled.
    """
    drawn = {i.fill for i in poster.items if isinstance(i, (Rect, Glyph))}
    return (drawn | {s.colour for s in poster.slots if s.colour is not None}) - {poster.background}


def draw(poster: PosterLayout, fonts: PosterFonts) -> Image.Image:
    """Return the poster as an image of exactly ``poster.pixels``.

    Posters are drawn as palette images, which keeps A3 at 300 dpi cheap to encode. With a
    ground and one ink (text, rules and bands alike) grey levels 0…253 blend ground into
    ink (anti-aliasing); a design with more colours gets one solid entry per colour and a
    ramp per pair of (colour under a line, colour of its text) — see ``_draw_inks``.
    Entries 254 and 255 are the QR code's light and dark. LED strips are 1-bit. Refuses
    (``ValueError``) layouts on unprinted paper (print-only: they go to the PDF writer)
    and text straddling the edge of a shape (its anti-aliasing would blend into the wrong colour).
    """
    if poster.background is None:
        raise ValueError(f"{poster.format_id}: a layout on unprinted paper is drawn as PDF only")
    scale = poster.dpi / 25.4  # px per mm
    inks = _inks(poster)
    if poster.mode != "1" and len(inks) > 1:
        return _draw_inks(poster, fonts, scale)
    ink_colour = next(iter(inks), poster.background)
    mode = "1" if poster.mode == "1" else "L"
    image = Image.new(mode, poster.pixels, 0)
    full = 1 if mode == "1" else 255

    def ink(colour: Colour) -> int:
        return 0 if colour == poster.background else full

    canvas = ImageDraw.Draw(image)
    canvas.fontmode = "1" if mode == "1" else "L"
    for item in poster.items:
        if isinstance(item, Rect):
            _rect(canvas, item, scale, ink(item.fill))
        elif isinstance(item, Glyph):
            face = fonts[item.face]
            if isinstance(face, BitmapFace):
                if round(item.size * scale) != face.pixel_size:
                    raise ValueError(f"{face.file_name} is drawn at {face.pixel_size} px only")
                mask = face.mask(item.char)
                top = round(item.baseline * scale) - round(face.ascent * face.pixel_size)
                image.paste(ink(item.fill), (round(item.x * scale), top), mask)
            else:
                font = face.pillow(item.size * scale)
                canvas.text(glyph_origin(item.x * scale, item.baseline * scale), item.char, font=font,
                            fill=ink(item.fill), anchor="ls")
    if mode == "1":
        return image
    image = image.point(_LEVELS)
    codes = [i for i in poster.items if isinstance(i, QRCode)]
    image.putpalette(_palette(poster.background, ink_colour, codes[0] if codes else None))
    _draw_codes(image, codes, scale)
    return image


def _rect(canvas: ImageDraw.ImageDraw, item: Rect, scale: float, fill: int) -> None:
    """Fill a rectangle snapped to whole pixels (edges rounded, never less than one pixel)."""
    x0, y0 = round(item.x * scale), round(item.y * scale)
    x1, y1 = round((item.x + item.w) * scale), round((item.y + item.h) * scale)
    canvas.rectangle((x0, y0, max(x0, x1 - 1), max(y0, y1 - 1)), fill=fill)


def _draw_codes(image: Image.Image, codes: list[QRCode], scale: float) -> None:
    canvas = ImageDraw.Draw(image)
    for code in codes:
        count = len(code.modules) + 2 * code.border
        if code.size * scale >= count:
            _draw_qr(canvas, code, scale)
        else:  # a preview too small for whole-pixel modules: the code's picture, shrunk into its box
            modules = Image.new("L", (count, count), _QR_LIGHT)
            modules.putdata([_QR_DARK if (0 <= r - code.border < len(code.modules) and 0 <= c - code.border < len(
                code.modules) and code.modules[r - code.border][c - code.border]) else _QR_LIGHT
                for r in range(count) for c in range(count)])
            side = max(1, round(code.size * scale))
            image.paste(modules.resize((side, side), Image.Resampling.NEAREST),
                        (round(code.x * scale), round(code.y * scale)))


def _under(glyph: Glyph, rects: list[Rect], background: Colour) -> Colour:
    """Return the colour under a glyph's em box: the last rectangle that holds it, else the ground.

    Refuses (``ValueError``) a glyph that only partly lies on a rectangle.
    """
    x, y, w, h = glyph.x, glyph.baseline - 0.88 * glyph.size, glyph.size, glyph.size
    for rect in reversed(rects):
        if x < rect.x + rect.w and rect.x < x + w and y < rect.y + rect.h and rect.y < y + h:
            if rect.x <= x and rect.y <= y and x + w <= rect.x + rect.w and y + h <= rect.y + rect.h:
                return rect.fill
            raise ValueError(f"“{glyph.char}” straddles the edge of a {rect.fill.screen} shape")
    return background


def _draw_inks(poster: PosterLayout, fonts: PosterFonts, scale: float) -> Image.Image:
    """Draw a poster of several colours as palette indices (deterministic, no quantising).

    Solid colours (ground, shapes, rules) each get an entry and are filled as they are;
    each line of text is drawn as coverage into a small mask and mapped onto the ramp of
    its (colour under it, text colour) pair — ``(254 - solids) // pairs`` levels, at most
    128 — so anti-aliased edges blend into what they are drawn on. The pairs of the text
    slots count even when a slot is empty (see ``_inks``).
    """
    rects = [i for i in poster.items if isinstance(i, Rect)]
    glyphs = [i for i in poster.items if isinstance(i, Glyph)]
    solids = list(dict.fromkeys([poster.background] + [r.fill for r in rects]))
    lines: dict[tuple[Colour, Colour, float], list[Glyph]] = {}
    for glyph in glyphs:
        lines.setdefault((_under(glyph, rects, poster.background), glyph.fill, round(glyph.baseline, 6)),
                         []).append(glyph)
    pairs = list(dict.fromkeys([(under, fill) for under, fill, _ in lines]
                               + [(s.ground, s.colour) for s in poster.slots if s.colour is not None and s.ground]))
    solids += [fill for _, fill in pairs if fill not in solids]
    index = {colour: i for i, colour in enumerate(solids)}
    levels = min(128, (254 - len(solids)) // max(1, len(pairs)))
    if levels < 8:
        raise ValueError(f"{poster.format_id}: too many colours for one palette ({len(solids)} solid, {len(pairs)} pairs)")
    starts = {pair: len(solids) + n * levels for n, pair in enumerate(pairs)}

    image = Image.new("L", poster.pixels, index[poster.background])
    canvas = ImageDraw.Draw(image)
    for rect in rects:
        _rect(canvas, rect, scale, index[rect.fill])
    for (under, fill, _), members in lines.items():
        start, size = starts[(under, fill)], max(g.size for g in members) * scale
        left = max(0, int(min(g.x for g in members) * scale - size * 0.25))
        top = max(0, int(members[0].baseline * scale - size * 1.25))
        right = min(poster.pixels[0], int(max(g.x for g in members) * scale + size * 1.5) + 1)
        bottom = min(poster.pixels[1], int(members[0].baseline * scale + size * 0.5) + 1)
        mask = Image.new("L", (right - left, bottom - top), 0)
        drawing = ImageDraw.Draw(mask)
        drawing.fontmode = "L"
        for glyph in members:
            font = fonts[glyph.face].pillow(glyph.size * scale)
            x, y = glyph_origin(glyph.x * scale, glyph.baseline * scale)
            drawing.text((x - left, y - top), glyph.char, font=font, fill=255, anchor="ls")
        ramp = [index[under]] + [start + max(0, round(v * levels / 255) - 1) if round(v * levels / 255) else index[under]
                                 for v in range(1, 256)]
        image.paste(mask.point(ramp), (left, top), mask.point(_COVERED))
    entries: list[int] = []
    for colour in solids:
        entries += rgb(colour.screen)
    for under, fill in pairs:
        (r0, g0, b0), (r1, g1, b1) = rgb(under.screen), rgb(fill.screen)
        for level in range(1, levels + 1):
            a = level / levels
            entries += [round(r0 + (r1 - r0) * a), round(g0 + (g1 - g0) * a), round(b0 + (b1 - b0) * a)]
    entries += [0] * (254 * 3 - len(entries))
    codes = [i for i in poster.items if isinstance(i, QRCode)]
    light, dark = (codes[0].light.screen, codes[0].dark.screen) if codes else ("#FFFFFF", "#000000")
    image.putpalette(entries + list(rgb(light)) + list(rgb(dark)))
    _draw_codes(image, codes, scale)
    return image


#: Pixels a line's mask covers at all (pasted), as opposed to the mask's empty margin (left alone).
_COVERED = [0] + [255] * 255


#: Map 0…255 coverage onto palette indices 0…253 (254, 255 are the QR colours).
_LEVELS = [round(i * 253 / 255) for i in range(256)]
_QR_LIGHT, _QR_DARK = 254, 255


def _palette(background: Colour, ink: Colour, code: QRCode | None) -> list[int]:
    """Return the 256-entry RGB palette: background → ink in 254 steps, then QR light and dark."""
    (r0, g0, b0), (r1, g1, b1) = rgb(background.screen), rgb(ink.screen)
    entries = []
    for i in range(254):
        a = i / 253
        entries += [round(r0 + (r1 - r0) * a), round(g0 + (g1 - g0) * a), round(b0 + (b1 - b0) * a)]
    light, dark = (code.light.screen, code.dark.screen) if code else ("#FFFFFF", "#000000")
    return entries + list(rgb(light)) + list(rgb(dark))


def _draw_qr(canvas: ImageDraw.ImageDraw, code: QRCode, scale: float) -> None:
    """Draw the code with whole-pixel modules (crisp edges), centred in its box."""
    count = len(code.modules) + 2 * code.border
    box = code.size * scale
    module = max(1, int(box // count))
    x0 = round(code.x * scale + (box - module * count) / 2)
    y0 = round(code.y * scale + (box - module * count) / 2)
    canvas.rectangle(
        (
            round(code.x * scale),
            round(code.y * scale),
            round(code.x * scale + box) - 1,
            round(code.y * scale + box) - 1,
        ),
        fill=_QR_LIGHT,
    )
    for r, row in enumerate(code.modules):
        for c, dark in enumerate(row):
            if dark:
                x = x0 + (c + code.border) * module
                y = y0 + (r + code.border) * module
                canvas.rectangle((x, y, x + module - 1, y + module - 1), fill=_QR_DARK)
