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
from .design import Design
from .encoders import FIXED_DATE
from .fonts import PosterFonts
from .render import PREVIEWS, PosterFile, preview_name

BUNDLE_VERSION = 4
_STORED = {"png", "pdf", "webp"}  # already compressed


@dataclass(frozen=True)
class SiteFile:
    """A product published under ``posters/``: its site path, the stored file it is copied from, its design."""

    site_path: str
    stored: StoredFile
    design: str = ""  # the design's id ("" for files of no one design)
    format_id: str = ""  # the format a bundle holds ("" for all formats, or not a bundle)


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


def bundle_path(name: str, design_label: str) -> str:
    """Return the site path of a bundle: ``bundles/<format or all>[-<design>].zip`` (no design id for the default)."""
    return f"bundles/{name}{'-' + design_label if design_label else ''}.zip"


def contact_sheet_path(design_label: str) -> str:
    """Return the site path of a design's contact sheet: ``contact-sheet[-<design>].png``."""
    return f"contact-sheet{'-' + design_label if design_label else ''}.png"


def build_bundles(files: list[PosterFile], store: Store, format_ids: list[str]) -> list[SiteFile]:
    """Return, per design, one ZIP per format (``bundles/<format>[-<design>].zip``) and one with everything
    (``bundles/all[-<design>].zip``, a folder per format); designs in the order their files come."""
    posters = [f for f in files if f.name not in PREVIEWS]
    designs = list(dict.fromkeys((f.job.design.id, f.job.design_label) for f in posters))
    products = []
    for design_id, label in designs:
        mine = [f for f in posters if f.job.design.id == design_id]
        groups = [(fid, [(f.job.file_name(f.name), f) for f in mine if f.job.poster_format.id == fid])
                  for fid in format_ids]
        groups.append(("all", [(f"{f.job.poster_format.id}/{f.job.file_name(f.name)}", f) for f in mine]))
        for name, members in groups:
            products.append(SiteFile(bundle_path(name, label), bundle(members, store), design_id,
                                     "" if name == "all" else name))
    return products


def bundle(members: list[tuple[str, PosterFile]], store: Store) -> StoredFile:
    """Return the stored ZIP of ``(name in archive, file)`` members, made once per set of members."""
    key = digest({"bundle": BUNDLE_VERSION, "members": sorted((arc, f.stored.sha256) for arc, f in members)})

    def make():
        return {"zip": lambda dest: zip_bundle([(arc, f.stored.path) for arc, f in members], dest)}, {}

    return store.get_or_make(key, make).files["zip"]


def contact_sheet(previews: list[PosterFile], campaign: Campaign, design: Design, design_label: str,
                  fonts: PosterFonts, store: Store) -> SiteFile:
    """Return a design's contact sheet: every subject's A4 poster in a grid under a title, in the design's colours."""
    ground, ink = design.named(design.poster.ground), design.colour("title")
    key = digest({
        "sheet": BUNDLE_VERSION,
        "previews": [(f.job.subject.id, f.stored.sha256) for f in previews],
        "title": campaign.title,
        "year": campaign.year,
        "design": design.name,
        "colors": [ground.screen, ink.screen],
        "fonts": fonts.digest(),
    })
    entry = store.get_or_make(key, lambda: ({"png": _draw_sheet(
        [f.stored.path for f in previews], f"{campaign.year}年{campaign.title} · 口号海报一览（{design.name}）",
        ground.screen, ink.screen, fonts)}, {}))
    return SiteFile(contact_sheet_path(design_label), entry.files["png"], design.id)


def _draw_sheet(previews: list[Path], title: str, ground: str, ink: str, fonts: PosterFonts) -> bytes:
    from PIL import Image, ImageDraw  # only when the sheet changes

    from .encoders import encode_png

    # Five columns for a campaign's worth of slogans; a squarer, finer grid for many more.
    columns = max(5, math.ceil(math.sqrt(len(previews))))
    cell = min(240, 4000 // columns)
    gap = max(4, cell // 12)
    rows = -(-len(previews) // columns)
    header = 110
    tiles = []
    for path in previews:
        with Image.open(path) as preview:
            tile = preview.convert("RGB")
            tiles.append(tile.resize((cell, round(tile.height * cell / tile.width)), Image.Resampling.LANCZOS))
    cell_height = max((t.height for t in tiles), default=cell)
    width = columns * cell + (columns + 1) * gap
    height = header + rows * (cell_height + gap) + gap
    sheet = Image.new("RGB", (width, height), rgb(ground))
    canvas = ImageDraw.Draw(sheet)
    canvas.text((width / 2, header / 2 + 8), title, font=fonts["sans"].pillow(40), fill=rgb(ink), anchor="mm")
    for index, tile in enumerate(tiles):
        x = gap + (index % columns) * (cell + gap)
        y = header + (index // columns) * (cell_height + gap)
        canvas.rectangle((x - 1, y - 1, x + tile.width, y + tile.height), fill=rgb(ink))
        sheet.paste(tile, (x, y))
    return encode_png(sheet)


#: The preview the contact sheets are made of.
SHEET_PREVIEW = preview_name(240)


def manifest_entry(f: PosterFile, path: str) -> dict:
    """Return one file's entry of ``posters.json`` (and of the offices' ``manifest.json``), at ``path``."""
    poster_format, setting = f.job.poster_format, f.job.setting
    entry = {
        "slogan": f.job.subject.id,
        "text": f.job.subject.text,
        "design": f.job.design.id,
        "format": poster_format.id,
        "path": path,
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
    return entry


def canonical_manifest(data: dict) -> bytes:
    """Return a manifest as the bytes every build writes for it (sorted keys, one space indent, UTF-8)."""
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def posters_json(files: list[PosterFile], bundles: list[SiteFile], prefix: str) -> bytes:
    """Return ``posters.json``: every poster file and bundle, with what was set.

    Each file: slogan id, text, design (the design file's id), format, path, type, bytes,
    sha256; ``pixels`` for images, ``mm`` for print files and banners (the page with
    bleed), ``dpi`` for print PNGs; and how the slogan was set: ``lines`` (top to bottom;
    for columns, from the right), ``slogan_size_mm`` and ``slogan_size_px`` (its em; px on
    the format's pixel grid). Each bundle: path, design, format ("" for all), bytes, sha256.
    """
    entries = [manifest_entry(f, f"{prefix}{f.job.file_name(f.name)}") for f in files if f.name not in PREVIEWS]
    data = {
        "files": entries,
        "bundles": [{"path": f"{prefix}{b.site_path}", "design": b.design, "format": b.format_id,
                     "bytes": b.stored.bytes, "sha256": b.stored.sha256} for b in bundles],
    }
    return canonical_manifest(data)
