"""Deterministic encoders: the same image or text always gives the same bytes (no dates, no host data).

PNG carries only the image and its resolution; BMP is the 1-bit Windows bitmap LED
controllers read; WebP has no metadata; LED text is written as UTF-8 and as GBK with
Windows line ends. Print PDFs are vector and written by ``pdf``.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is loaded only when something is encoded (warm builds skip it)
    from PIL import Image

#: Bump when any encoder setting changes, so cached files are re-encoded.
ENCODER_VERSION = 4
#: The date reproducible products carry where a format demands one (ZIP entries, PDF dates):
#: the ZIP format's epoch, as reproducible-build tools use, so nothing changes by itself.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)

PNG_COMPRESS_LEVEL = 6  # palette posters: level 6 is ~0.1 s for A3 and half the size of level 1
WEBP_QUALITY = 82


def encode_png(image: Image.Image, dpi: float | None = None) -> bytes:
    """Return ``image`` as PNG bytes, with a pHYs resolution chunk when ``dpi`` is given."""
    out = io.BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(out, "PNG", compress_level=PNG_COMPRESS_LEVEL, optimize=False, **extra)
    return out.getvalue()


def encode_bmp(image: Image.Image) -> bytes:
    """Return a 1-bit image as an uncompressed 1-bit-per-pixel BMP (what LED strip controllers import).

    Refuses (``ValueError``) images that are not 1-bit.
    """
    if image.mode != "1":
        raise ValueError(f"BMP for LED controllers is 1-bit; got mode {image.mode}")
    out = io.BytesIO()
    image.save(out, "BMP")
    return out.getvalue()


def encode_webp(image: Image.Image, width: int) -> bytes:
    """Return a WebP thumbnail of ``image`` scaled to ``width`` pixels wide (no metadata; as it is if it is that wide)."""
    from PIL import Image

    rgb = image.convert("RGB")
    height = round(rgb.height * width / rgb.width)
    small = rgb if rgb.width == width else rgb.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    out = io.BytesIO()
    small.save(out, "WEBP", quality=WEBP_QUALITY, method=4, exact=False)
    return out.getvalue()


def encode_lossless_webp(image: Image.Image) -> bytes:
    """Return ``image`` as lossless RGB WebP at full size (no metadata): every pixel as drawn.

    Fast settings (method 1): for the 定制落款 page's backgrounds, one per slogan, design and
    format, which the browser draws the 落款 onto; they are a third smaller than the PNG.
    """
    out = io.BytesIO()
    image.convert("RGB").save(out, "WEBP", lossless=True, quality=0, method=1, exact=True)
    return out.getvalue()


def encode_led_text(text: str, encoding: str) -> bytes:
    """Return a slogan as one line for LED controllers: halves a full-width space apart, CRLF, no BOM.

    ``encoding`` is ``"utf-8"`` or ``"gbk"`` (many controllers' Windows software reads only
    GBK; Python's ``gb2312`` codec would refuse — and ·). Raises ``UnicodeEncodeError``
    for a character the encoding lacks (the content check refuses those first).
    """
    return (text.replace(" ", "\u3000") + "\r\n").encode(encoding)
