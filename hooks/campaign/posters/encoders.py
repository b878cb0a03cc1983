"""Deterministic encoders: the same image always gives the same bytes (no dates, no host data).

PNG carries only the image and its resolution; PDF is written here (a single page at
the true physical size, with TrimBox and BleedBox) because Pillow's PDF writer stamps
the current time; WebP has no metadata.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import TYPE_CHECKING

from .layout import PosterLayout

if TYPE_CHECKING:  # Pillow is loaded only when something is encoded (warm builds skip it)
    from PIL import Image

#: Bump when any encoder setting changes, so cached files are re-encoded.
ENCODER_VERSION = 2

PNG_COMPRESS_LEVEL = 6  # palette posters: level 6 is ~0.1 s for A3 and half the size of level 1
PDF_COMPRESS_LEVEL = 6
WEBP_QUALITY = 82


def encode_png(image: Image.Image, dpi: float | None = None) -> bytes:
    """Return ``image`` as PNG bytes, with a pHYs resolution chunk when ``dpi`` is given."""
    out = io.BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(out, "PNG", compress_level=PNG_COMPRESS_LEVEL, optimize=False, **extra)
    return out.getvalue()


def encode_webp(image: Image.Image, width: int) -> bytes:
    """Return a WebP thumbnail of ``image`` scaled to ``width`` pixels wide (no metadata)."""
    from PIL import Image

    rgb = image.convert("RGB")
    height = round(rgb.height * width / rgb.width)
    small = rgb.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    out = io.BytesIO()
    small.save(out, "WEBP", quality=WEBP_QUALITY, method=4, exact=False)
    return out.getvalue()


def png_image_data(png: bytes) -> tuple[int, int, bytes, bytes] | None:
    """Return (width, height, palette, zlib data) of an 8-bit, non-interlaced palette PNG, else ``None``.

    PDF's FlateDecode with PNG predictors reads that zlib data as it is, so a PDF can
    carry the very pixels of the PNG without compressing them a second time.
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, header, palette, chunks = 8, None, None, []
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            chunks.append(body)
    if header is None or palette is None or header[2:4] != (8, 3) or header[6] != 0:
        return None
    return header[0], header[1], palette, b"".join(chunks)


def encode_pdf(
    image: Image.Image, poster: PosterLayout, bleed_mm: float, title: str, png: bytes | None = None
) -> bytes:
    """Return a one-page PDF holding ``image`` at the poster's physical size.

    The MediaBox and BleedBox are the full canvas; the TrimBox is inset by ``bleed_mm``
    so print shops cut where the designer meant. Palette images stay indexed (lossless);
    given the image's own palette ``png``, its compressed rows are reused as they are.
    """
    pt = 72 / 25.4
    w, h = poster.width_mm * pt, poster.height_mm * pt
    b = bleed_mm * pt
    reused = png_image_data(png) if png is not None and image.mode == "P" else None
    params = ""
    if reused is not None and reused[:2] == image.size:
        _, _, palette, data = reused
        colour_space = f"[/Indexed /DeviceRGB {len(palette) // 3 - 1} <{palette.hex().upper()}>]"
        params = f"/DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns {image.width} >> "
    elif image.mode == "P":
        palette = bytes(image.getpalette()[: 256 * 3]).ljust(256 * 3, b"\0")
        colour_space = f"[/Indexed /DeviceRGB 255 <{palette.hex().upper()}>]"
        data = zlib.compress(image.tobytes(), PDF_COMPRESS_LEVEL)
    else:
        image = image.convert("RGB")
        colour_space = "/DeviceRGB"
        data = zlib.compress(image.tobytes(), PDF_COMPRESS_LEVEL)
    content = f"q {w:.4f} 0 0 {h:.4f} 0 0 cm /Im0 Do Q\n".encode()
    title_hex = ("FEFF" + title.encode("utf-16-be").hex().upper()) if title else ""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.4f} {h:.4f}] /BleedBox [0 0 {w:.4f} {h:.4f}] "
            f"/TrimBox [{b:.4f} {b:.4f} {w - b:.4f} {h - b:.4f}] "
            "/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
        ).encode(),
        (
            f"<< /Type /XObject /Subtype /Image /Width {image.width} /Height {image.height} "
            f"/ColorSpace {colour_space} /BitsPerComponent 8 /Filter /FlateDecode {params}/Length {len(data)} >>\nstream\n"
        ).encode()
        + data
        + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"endstream",
        f"<< /Title <{title_hex}> /Producer (campaign poster engine) >>".encode(),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()
