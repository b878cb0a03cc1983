"""What the download centre and slogan pages list: plain data for the templates."""

from __future__ import annotations

from dataclasses import dataclass

from .bundles import SiteFile
from .formats import PosterFormat
from .render import THUMBNAIL, THUMBNAIL_WIDTH, PosterFile
from .subjects import PosterSubject

#: Where every poster file is published in the site.
SITE_DIR = "posters/"

_KIND_LABELS = {
    "png": "PNG 图片",
    "pdf": "PDF 印刷文件（CMYK 矢量）",
    "shanglian.pdf": "上联 PDF（挂右边）",
    "xialian.pdf": "下联 PDF（挂左边）",
    "svg": "SVG 矢量文件",
    "bmp": "BMP 点阵图（1 位）",
    "txt": "纯文字（UTF-8）",
    "gbk.txt": "纯文字（GBK）",
}


@dataclass(frozen=True)
class DownloadLink:
    """One downloadable file."""

    label: str  # kind of file, Chinese
    path: str  # site path, e.g. posters/<id>-<format>.png
    size: str  # file size, e.g. 1.2 MB


@dataclass(frozen=True)
class DownloadEntry:
    """One format of one subject: what it is for, how big it is, and its files."""

    format_id: str
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


def dimensions(poster_format: PosterFormat, f: PosterFile) -> str:
    """Return the size shown for a file: pixels, plus millimetres and dpi for print and banners."""
    width_px, height_px = f.pixels
    width_mm, height_mm = f.size_mm
    if f.name == "svg":
        return f"{width_mm / 10:g} × {height_mm / 10:g} 厘米（矢量，可任意缩放）"
    if f.name.endswith("txt"):
        return "纯文字"
    if f.name.endswith("pdf"):
        bleed = f"含出血 {poster_format.bleed_mm:g} 毫米" if poster_format.bleed_mm else "无出血"
        return f"{width_mm:g} × {height_mm:g} 毫米（{bleed}）"
    if poster_format.is_print:
        return f"{width_px} × {height_px} 像素，{poster_format.dpi:g} dpi"
    if poster_format.kind == "banner":
        return f"预览图 {width_px} × {height_px} 像素"
    return f"{width_px} × {height_px} 像素"


def make_catalogue(files: list[PosterFile], bundles: list[SiteFile], contact_sheet: SiteFile,
                   formats: tuple[PosterFormat, ...]) -> Catalogue:
    """Return the catalogue of rendered files, subjects in publishing order, formats in table order."""
    order = {f.id: i for i, f in enumerate(formats)}
    subjects: dict[str, list[PosterFile]] = {}
    for f in files:
        subjects.setdefault(f.job.subject.id, []).append(f)
    result = []
    for group in subjects.values():
        thumb = next(f for f in group if f.name == THUMBNAIL)
        by_format: dict[str, list[PosterFile]] = {}
        for f in group:
            if f.name != THUMBNAIL:
                by_format.setdefault(f.job.poster_format.id, []).append(f)
        entries = []
        for format_id in sorted(by_format, key=order.__getitem__):
            members = by_format[format_id]  # already in the format's output order
            poster_format = members[0].job.poster_format
            links = tuple(
                DownloadLink(_KIND_LABELS[f.name], SITE_DIR + f.job.file_name(f.name), human_size(f.stored.bytes))
                for f in members
            )
            shown = " / ".join(dict.fromkeys(dimensions(poster_format, f) for f in members
                                             if not f.name.endswith("txt")))
            entries.append(DownloadEntry(poster_format.id, poster_format.purpose, shown, links))
        thumb_size = (THUMBNAIL_WIDTH, round(thumb.pixels[1] * THUMBNAIL_WIDTH / thumb.pixels[0]))
        result.append(
            SubjectDownloads(group[0].job.subject, SITE_DIR + thumb.job.file_name(thumb.name), thumb_size,
                             tuple(entries))
        )
    labels = {f.id: f.purpose for f in formats}
    bundle_list = tuple(
        Bundle(
            labels.get(b.site_path[len("bundles/") : -len(".zip")], "全部格式、全部口号"),
            SITE_DIR + b.site_path,
            human_size(b.stored.bytes),
        )
        for b in bundles
    )
    return Catalogue(tuple(result), bundle_list, SITE_DIR + contact_sheet.site_path, SITE_DIR + "posters.json")
