"""What the download centre offers besides single posters: ZIP bundles, a contact sheet, posters.json.

Every product is reproducible: ZIP entries in a fixed order with a fixed date and
permissions, the contact sheet drawn from the thumbnails, ``posters.json`` canonical.
Bundles and the contact sheet are kept in the store under the hashes of their inputs.
"""

from __future__ import annotations

import json
import math
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..content.colors import rgb
from ..content.model import Campaign
from ..store import Store, StoredFile, digest
from .encoders import FIXED_DATE
from .fonts import PosterFonts
from .render import THUMBNAIL, PosterFile

BUNDLE_VERSION = 3
_STORED = {"png", "pdf", "webp"}  # already compressed


@dataclass(frozen=True)
class SiteFile:
    """A product published under ``posters/``: its site path and the stored file it is copied from."""

    site_path: str
    stored: StoredFile


def zip_bundle(members: list[tuple[str, Path]], dest: Path) -> None:
    """Write a ZIP of ``(name in archive, file)`` members to ``dest``: sorted, fixed dates, streamed.

    Members are copied in chunks (bundles of a thousand A3 posters do not fit in memory).
    """
    with zipfile.ZipFile(dest, "w") as archive:
        for name, path in sorted(members):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)  # so bundles never change by themselves
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            ext = name.rsplit(".", 1)[-1]
            info.compress_type = zipfile.ZIP_STORED if ext in _STORED else zipfile.ZIP_DEFLATED
            info.file_size = path.stat().st_size
            with path.open("rb") as source, archive.open(info, "w", force_zip64=info.file_size > 2**31) as target:
                shutil.copyfileobj(source, target, 1 << 20)


def build_bundles(files: list[PosterFile], store: Store, format_ids: list[str]) -> list[SiteFile]:
    """Return one ZIP per format (``bundles/<format>.zip``) and ``bundles/all.zip`` with everything."""
    posters = [f for f in files if f.name != THUMBNAIL]
    groups = [(fid, [(f.job.file_name(f.name), f) for f in posters if f.job.poster_format.id == fid])
              for fid in format_ids]
    groups.append(("all", [(f"{f.job.poster_format.id}/{f.job.file_name(f.name)}", f) for f in posters]))
    products = []
    for name, members in groups:
        key = digest({"bundle": BUNDLE_VERSION, "members": sorted((arc, f.stored.sha256) for arc, f in members)})

        def make(members=members):
            return {"zip": lambda dest: zip_bundle([(arc, f.stored.path) for arc, f in members], dest)}, {}

        products.append(SiteFile(f"bundles/{name}.zip", store.get_or_make(key, make).files["zip"]))
    return products


def contact_sheet(thumbnails: list[PosterFile], campaign: Campaign, fonts: PosterFonts, store: Store) -> SiteFile:
    """Return ``contact-sheet.png``: every subject's square poster in a grid under a title."""
    key = digest({
        "sheet": BUNDLE_VERSION,
        "thumbs": [(f.job.subject.id, f.stored.sha256) for f in thumbnails],
        "title": campaign.title,
        "year": campaign.year,
        "colors": [campaign.colors.primary, campaign.colors.accent],
        "fonts": fonts.digest(),
    })
    entry = store.get_or_make(key, lambda: ({"png": _draw_sheet([f.stored.path for f in thumbnails], campaign,
                                                                 fonts)}, {}))
    return SiteFile("contact-sheet.png", entry.files["png"])


def _draw_sheet(thumbnails: list[Path], campaign: Campaign, fonts: PosterFonts) -> bytes:
    from PIL import Image, ImageDraw  # only when the sheet changes

    from .encoders import encode_png

    # Five columns for a campaign's worth of slogans; a squarer, finer grid for many more.
    columns = max(5, math.ceil(math.sqrt(len(thumbnails))))
    cell = min(300, 4000 // columns)
    gap = max(4, cell // 15)
    rows = -(-len(thumbnails) // columns)
    header = 110
    width = columns * cell + (columns + 1) * gap
    height = header + rows * (cell + gap) + gap
    sheet = Image.new("RGB", (width, height), rgb(campaign.colors.primary))
    canvas = ImageDraw.Draw(sheet)
    canvas.text(
        (width / 2, header / 2 + 8),
        f"{campaign.year}年{campaign.title} · 口号海报一览",
        font=fonts["sans"].pillow(44),
        fill=rgb(campaign.colors.accent),
        anchor="mm",
    )
    for index, path in enumerate(thumbnails):
        with Image.open(path) as thumb:
            tile = thumb.convert("RGB").resize((cell, cell), Image.Resampling.LANCZOS)
        x = gap + (index % columns) * (cell + gap)
        y = header + (index // columns) * (cell + gap)
        canvas.rectangle((x - 2, y - 2, x + cell + 1, y + cell + 1), fill=rgb(campaign.colors.accent))
        sheet.paste(tile, (x, y))
    return encode_png(sheet)


def posters_json(files: list[PosterFile], bundles: list[SiteFile], prefix: str) -> bytes:
    """Return ``posters.json``: every poster file and bundle, with what was set.

    Each file: slogan id, text, format, path, type, bytes, sha256; ``pixels`` for images,
    ``mm`` for print files and banners (the page with bleed), ``dpi`` for print PNGs; and
    how the slogan was set: ``lines`` (top to bottom; for columns, from the right),
    ``slogan_size_mm`` and ``slogan_size_px`` (its em; px on the format's pixel grid).
    """
    entries = []
    for f in files:
        if f.name == THUMBNAIL:
            continue
        poster_format, setting = f.job.poster_format, f.job.setting
        entry = {
            "slogan": f.job.subject.id,
            "text": f.job.subject.text,
            "format": poster_format.id,
            "path": f"{prefix}{f.job.file_name(f.name)}",
            "type": f.name,
            "bytes": f.stored.bytes,
            "sha256": f.stored.sha256,
            "lines": list(setting.lines),
            "slogan_size_mm": round(setting.size_mm, 2),
            "slogan_size_px": round(setting.size_mm / poster_format.mm_per_px, 1),
        }
        if f.name in ("png", "bmp"):
            entry["pixels"] = list(f.pixels)
        if poster_format.is_print or f.name == "svg":
            entry["mm"] = list(f.size_mm)
        if f.name == "png" and poster_format.is_print:
            entry["dpi"] = poster_format.dpi
        entries.append(entry)
    data = {
        "files": entries,
        "bundles": [{"path": f"{prefix}{b.site_path}", "bytes": b.stored.bytes, "sha256": b.stored.sha256}
                    for b in bundles],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
