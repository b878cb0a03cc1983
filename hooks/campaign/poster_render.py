"""One poster job end to end in memory: layout, draw with the backends, encode every output.

``render_outputs`` returns bytes per file extension and writes nothing; caching and
placing files are ``render_cache``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fonts import PosterFonts
from .layout import PosterLayout, PosterSubject, layout
from .model import Campaign
from .presets import PosterPreset

#: Width of the gallery thumbnails (WebP), made from the ``THUMBNAIL_PRESET`` poster.
THUMBNAIL_WIDTH = 480
THUMBNAIL_PRESET = "square"


@dataclass(frozen=True)
class Rendered:
    """The files of one (subject, preset) job and the facts the download centre shows."""

    files: dict[str, bytes]  # extension → bytes ("thumb.webp" for the gallery thumbnail)
    pixels: tuple[int, int]
    size_mm: tuple[float, float]


def render_outputs(
    subject: PosterSubject, campaign: Campaign, preset: PosterPreset, fonts: PosterFonts, qr_url: str | None
) -> Rendered:
    """Return every output file of ``subject`` in ``preset``, encoded; raises ``CannotFit``."""
    # Imported here: a warm build, which renders nothing, need not load Pillow at all.
    from .poster_files import encode_pdf, encode_png, encode_webp
    from .raster import draw
    from .vector import to_svg

    poster = layout(subject, campaign, preset, fonts, qr_url)
    files: dict[str, bytes] = {}
    image = None
    title = f"{campaign.title} · {subject.text}"
    for ext in preset.outputs:
        if ext in ("png", "pdf") and image is None:
            image = draw(poster, fonts)
        if ext == "png":
            files[ext] = encode_png(image, poster.dpi if preset.is_print else None)
        elif ext == "pdf":
            files[ext] = encode_pdf(image, poster, preset.bleed_mm, title, files.get("png"))
        elif ext == "svg":
            files[ext] = to_svg(poster, fonts, title).encode("utf-8")
        elif ext == "txt":
            files[ext] = (subject.text.replace(" ", "\u3000") + "\n").encode("utf-8")
        else:
            raise ValueError(f"{preset.id}: unknown output {ext}")
    if preset.id == THUMBNAIL_PRESET:
        files["thumb.webp"] = encode_webp(image if image is not None else draw(poster, fonts), THUMBNAIL_WIDTH)
    return Rendered(files, poster.pixels, (round(poster.width_mm, 1), round(poster.height_mm, 1)))


def poster_layout(
    subject: PosterSubject, campaign: Campaign, preset: PosterPreset, fonts: PosterFonts, qr_url: str | None
) -> PosterLayout:
    """Return the layout only (for checks and tests)."""
    return layout(subject, campaign, preset, fonts, qr_url)
