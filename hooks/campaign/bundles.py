"""What the download centre offers besides single posters: ZIP bundles, a contact sheet, posters.json.

Every product is reproducible: ZIP entries in a fixed order with a fixed date and
permissions, the contact sheet drawn from the thumbnails, ``posters.json`` canonical.
Products are cached by a hash of their inputs like the posters themselves.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .colors import rgb
from .fonts import PosterFonts
from .model import Campaign
from .render_cache import CachedFile, PosterCache, canonical_json, write_atomic

BUNDLE_VERSION = 1
#: Date stamped on every ZIP entry (the ZIP format's epoch, as reproducible-build tools use),
#: so bundles never change by themselves.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_STORED = {"png", "pdf", "webp"}  # already compressed


@dataclass(frozen=True)
class SiteFile:
    """A file published under ``posters/``: its site path and where the build copies it from."""

    site_path: str
    source: Path
    bytes: int
    sha256: str


def zip_bundle(members: list[tuple[str, Path]], dest: Path) -> None:
    """Write a ZIP of ``(name in archive, file)`` members to ``dest``: sorted, fixed dates, streamed.

    Members are copied in chunks (bundles of a thousand A3 posters do not fit in memory);
    the archive is written to a temp file and moved into place.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for name, path in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            ext = name.rsplit(".", 1)[-1]
            info.compress_type = zipfile.ZIP_STORED if ext in _STORED else zipfile.ZIP_DEFLATED
            info.file_size = path.stat().st_size
            with path.open("rb") as source, archive.open(info, "w", force_zip64=info.file_size > 2**31) as target:
                shutil.copyfileobj(source, target, 1 << 20)
    os.replace(tmp, dest)


def _cached_product(cache: PosterCache, material: object, ext: str, make) -> Path:
    """Return the cache path of a product keyed by ``material``; ``make(path)`` writes it if absent."""
    key = hashlib.sha256(canonical_json({"v": BUNDLE_VERSION, "m": material}).encode("utf-8")).hexdigest()
    path = cache.object_path(key, ext)
    if not path.exists():
        make(path)
    return path


def _site_file(site_path: str, path: Path) -> SiteFile:
    """Return a published product with its size and sha256 (kept beside it, computed once)."""
    sidecar = path.with_name(path.name + ".sha256")
    size = path.stat().st_size
    try:
        recorded_size, digest = sidecar.read_text(encoding="ascii").split()
        if int(recorded_size) == size:
            return SiteFile(site_path, path, size, digest)
    except (FileNotFoundError, ValueError):
        pass
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    write_atomic(sidecar, f"{size} {sha.hexdigest()}\n".encode("ascii"))
    return SiteFile(site_path, path, size, sha.hexdigest())


def build_bundles(files: list[CachedFile], cache: PosterCache, preset_ids: list[str]) -> list[SiteFile]:
    """Return one ZIP per format (``bundles/<format>.zip``) and ``bundles/all.zip`` with everything."""
    posters = [f for f in files if f.ext != "thumb.webp"]
    products = []
    groups = [(pid, [(f.job.file_name(f.ext), f) for f in posters if f.job.preset.id == pid]) for pid in preset_ids]
    groups.append(("all", [(f"{f.job.preset.id}/{f.job.file_name(f.ext)}", f) for f in posters]))
    for name, members in groups:
        material = sorted((arc, f.sha256) for arc, f in members)
        path = _cached_product(
            cache, material, "zip", lambda dest, m=members: zip_bundle([(arc, f.path) for arc, f in m], dest)
        )
        products.append(_site_file(f"bundles/{name}.zip", path))
    return products


def contact_sheet(
    thumbnails: list[tuple[str, Path]], campaign: Campaign, fonts: PosterFonts, cache: PosterCache
) -> SiteFile:
    """Return ``contact-sheet.png``: every subject's square poster in a grid under a title."""
    material = {
        "thumbs": [(name, hashlib.sha256(p.read_bytes()).hexdigest()) for name, p in thumbnails],
        "title": campaign.title,
        "year": campaign.year,
        "colors": [campaign.colors.primary, campaign.colors.accent],
        "fonts": fonts.digest(),
    }
    return _site_file(
        "contact-sheet.png",
        _cached_product(
            cache, material, "png", lambda dest: write_atomic(dest, _draw_sheet(thumbnails, campaign, fonts))
        ),
    )


def _draw_sheet(thumbnails: list[tuple[str, Path]], campaign: Campaign, fonts: PosterFonts) -> bytes:
    from PIL import Image, ImageDraw, ImageFont  # only when the sheet changes

    from .poster_files import encode_png

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
    font = ImageFont.truetype(fonts["sans"].path, 44)
    canvas.text(
        (width / 2, header / 2 + 8),
        f"{campaign.year}年{campaign.title} · 口号海报一览",
        font=font,
        fill=rgb(campaign.colors.accent),
        anchor="mm",
    )
    for i, (_, path) in enumerate(thumbnails):
        with Image.open(path) as thumb:
            tile = thumb.convert("RGB").resize((cell, cell), Image.Resampling.LANCZOS)
        x = gap + (i % columns) * (cell + gap)
        y = header + (i // columns) * (cell + gap)
        canvas.rectangle((x - 2, y - 2, x + cell + 1, y + cell + 1), fill=rgb(campaign.colors.accent))
        sheet.paste(tile, (x, y))
    return encode_png(sheet)


def posters_json(files: list[CachedFile], bundles: list[SiteFile], prefix: str) -> bytes:
    """Return ``posters.json``: every poster file (id, text, format, path, size, bytes, sha256) and bundle."""
    entries = []
    for f in files:
        if f.ext == "thumb.webp":
            continue
        entry = {
            "slogan": f.job.subject.id,
            "text": f.job.subject.text,
            "format": f.job.preset.id,
            "path": f"{prefix}{f.job.file_name(f.ext)}",
            "type": f.ext,
            "bytes": f.bytes,
            "sha256": f.sha256,
        }
        if f.ext in ("png", "pdf"):
            entry["pixels"] = list(f.pixels)
        if f.job.preset.is_print or f.ext == "svg":
            entry["mm"] = list(f.size_mm)
        if f.ext == "png" and f.job.preset.is_print:
            entry["dpi"] = f.job.preset.dpi
        entries.append(entry)
    data = {
        "files": entries,
        "bundles": [{"path": f"{prefix}{b.site_path}", "bytes": b.bytes, "sha256": b.sha256} for b in bundles],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
