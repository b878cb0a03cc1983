"""What the download centre and slogan pages list: plain data for the templates."""

from __future__ import annotations

from dataclasses import dataclass

from .layout import PosterSubject
from .poster_render import THUMBNAIL_WIDTH
from .presets import PosterPreset
from .render_cache import CachedFile

#: Where every poster file is published in the site.
SITE_DIR = "posters/"
DOWNLOADS_PAGE = "posters/index.md"

_KIND_LABELS = {"png": "PNG 图片", "pdf": "PDF 印刷文件", "svg": "SVG 矢量文件", "txt": "纯文字"}


@dataclass(frozen=True)
class DownloadLink:
    """One downloadable file."""

    label: str  # kind of file, Chinese
    path: str  # site path, e.g. posters/<id>-<format>.png
    size: str  # file size, e.g. 1.2 MB


@dataclass(frozen=True)
class DownloadEntry:
    """One format of one subject: what it is for, how big it is, and its files."""

    preset_id: str
    purpose: str
    dimensions: str  # pixels and / or millimetres, Chinese
    links: tuple[DownloadLink, ...]


@dataclass(frozen=True)
class SubjectDownloads:
    """Every file of one subject (slogan or theme), with its gallery thumbnail."""

    subject: PosterSubject
    thumbnail: str
    thumbnail_size: tuple[int, int]
    entries: tuple[DownloadEntry, ...]


@dataclass(frozen=True)
class Bundle:
    """A ZIP of one format (or all), for the download centre."""

    label: str
    path: str
    size: str


@dataclass(frozen=True)
class Catalogue:
    """Everything the templates show about posters."""

    subjects: tuple[SubjectDownloads, ...]
    bundles: tuple[Bundle, ...]
    contact_sheet: str
    manifest: str

    def for_subject(self, subject_id: str) -> SubjectDownloads | None:
        """Return the downloads of one subject, or ``None``."""
        return next((s for s in self.subjects if s.subject.id == subject_id), None)


def human_size(n: int) -> str:
    """Return a byte count as ``"820 KB"`` / ``"1.2 MB"``."""
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def dimensions(preset: PosterPreset, f: CachedFile) -> str:
    """Return the size shown for a file: pixels, plus millimetres and dpi for print and banners."""
    w, h = f.pixels
    mw, mh = f.size_mm
    if f.ext == "svg":
        return f"{mw / 10:g} × {mh / 10:g} 厘米（矢量，可任意缩放）"
    if f.ext == "txt":
        return "纯文字"
    if preset.is_print:
        return f"{mw:g} × {mh:g} 毫米（含出血 {preset.bleed_mm:g} 毫米），{w} × {h} 像素，{preset.dpi:g} dpi"
    if preset.kind == "banner":
        return f"预览图 {w} × {h} 像素"
    return f"{w} × {h} 像素"


def make_catalogue(files: list[CachedFile], bundles, contact_sheet, presets: tuple[PosterPreset, ...]) -> Catalogue:
    """Return the catalogue of rendered files, subjects in publishing order, formats in table order."""
    order = {p.id: i for i, p in enumerate(presets)}
    subjects: dict[str, list[CachedFile]] = {}
    for f in files:
        subjects.setdefault(f.job.subject.id, []).append(f)
    result = []
    for group in subjects.values():
        thumb = next(f for f in group if f.ext == "thumb.webp")
        by_preset: dict[str, list[CachedFile]] = {}
        for f in group:
            if f.ext != "thumb.webp":
                by_preset.setdefault(f.job.preset.id, []).append(f)
        entries = []
        for preset_id in sorted(by_preset, key=order.__getitem__):
            members = sorted(by_preset[preset_id], key=lambda f: f.job.preset.outputs.index(f.ext))
            preset = members[0].job.preset
            links = tuple(
                DownloadLink(_KIND_LABELS[f.ext], SITE_DIR + f.job.file_name(f.ext), human_size(f.bytes))
                for f in members
            )
            entries.append(
                DownloadEntry(
                    preset.id,
                    preset.purpose,
                    " / ".join(dict.fromkeys(dimensions(preset, f) for f in members if f.ext != "txt")),
                    links,
                )
            )
        entries = tuple(entries)
        thumb_size = (THUMBNAIL_WIDTH, round(thumb.pixels[1] * THUMBNAIL_WIDTH / thumb.pixels[0]))
        result.append(
            SubjectDownloads(group[0].job.subject, SITE_DIR + thumb.job.file_name(thumb.ext), thumb_size, entries)
        )
    labels = {p.id: p.purpose for p in presets}
    bundle_list = tuple(
        Bundle(
            labels.get(b.site_path[len("bundles/") : -len(".zip")], "全部格式、全部口号"),
            SITE_DIR + b.site_path,
            human_size(b.bytes),
        )
        for b in bundles
    )
    return Catalogue(tuple(result), bundle_list, SITE_DIR + contact_sheet.site_path, SITE_DIR + "posters.json")
