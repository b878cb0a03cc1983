"""Raster backend: draw a ``PosterLayout`` with Pillow, at the output size, no I/O besides fonts.

Text is drawn glyph by glyph at the positions layout computed, at the target pixel size
(no supersampling of the whole canvas), so large print formats cost little more than
filling their pixels. Bitmap faces are pasted dot for dot.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from ..content.colors import rgb
from .design import Colour
from .fonts import BitmapFace, PosterFonts
from .layout import Glyph, PosterLayout, QRCode, Rect


def draw(poster: PosterLayout, fonts: PosterFonts) -> Image.Image:
    """Return the poster as an image of exactly ``poster.pixels``.

    Posters use a ground and one ink plus the QR code's black and white, so they are drawn
    as a palette image: grey levels 0…253 blend ground into ink (anti-aliasing), 254 and
    255 are the QR code's light and dark. That keeps A3 at 300 dpi cheap to encode. LED
    strips are 1-bit. Refuses (``ValueError``) layouts on unprinted paper or with more than
    one ink colour: those are print-only and go to the PDF writer.
    """
    if poster.background is None:
        raise ValueError(f"{poster.format_id}: a layout on unprinted paper is drawn as PDF only")
    scale = poster.dpi / 25.4  # px per mm
    inks = {i.fill for i in poster.items if isinstance(i, (Rect, Glyph))} - {poster.background}
    if len(inks) > 1:
        raise ValueError(f"{poster.format_id}: one ink colour expected, got {sorted(c.screen for c in inks)}")
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
            x0, y0 = round(item.x * scale), round(item.y * scale)
            x1, y1 = round((item.x + item.w) * scale), round((item.y + item.h) * scale)
            canvas.rectangle((x0, y0, max(x0, x1 - 1), max(y0, y1 - 1)), fill=ink(item.fill))
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
                canvas.text((item.x * scale, item.baseline * scale), item.char, font=font, fill=ink(item.fill),
                            anchor="ls")
    if mode == "1":
        return image
    image = image.point(_LEVELS)
    codes = [i for i in poster.items if isinstance(i, QRCode)]
    image.putpalette(_palette(poster.background, ink_colour, codes[0] if codes else None))
    canvas = ImageDraw.Draw(image)
    for code in codes:
        _draw_qr(canvas, code, scale)
    return image


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
