"""What the download centre and slogan pages list: plain data for the templates."""

from __future__ import annotations

from dataclasses import dataclass

from .bundles import SiteFile
from .design import Design
from .formats import PosterFormat
from .render import PREVIEW_WIDTHS, PREVIEWS, PosterFile, preview_name
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
    """One format of one subject in one design: what it is for, how big it is, and its files."""

    format_id: str
    purpose: str
    dimensions: str  # pixels and / or millimetres, Chinese
    links: tuple[DownloadLink, ...]


@dataclass(frozen=True)
class DesignInfo:
    """A design as the site names it: id, Chinese name and description."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Preview:
    """A poster's preview: WebP files by width (for ``srcset``), the smallest as ``src``, and its size."""

    srcset: tuple[tuple[str, int], ...]  # (site path, width in pixels)
    width: int
    height: int

    @property
    def src(self) -> str:
        return self.srcset[0][0]


@dataclass(frozen=True)
class DesignDownloads:
    """Every file of one subject in one design, with its preview."""

    design: DesignInfo
    preview: Preview
    entries: tuple[DownloadEntry, ...]


@dataclass(frozen=True)
class SubjectDownloads:
    """Every file of one subject (slogan or theme), design by design (the default design first)."""

    subject: PosterSubject
    designs: tuple[DesignDownloads, ...]

    @property
    def entries(self) -> tuple[DownloadEntry, ...]:
        """Return the default design's downloads."""
        return self.designs[0].entries


@dataclass(frozen=True)
class Bundle:
    """A ZIP of one format (or all) in one design, for the download centre."""

    label: str
    path: str
    size: str


@dataclass(frozen=True)
class DesignProducts:
    """What the download centre offers of one design besides single files: its bundles and contact sheet."""

    design: DesignInfo
    bundles: tuple[Bundle, ...]
    contact_sheet: str


@dataclass(frozen=True)
class Catalogue:
    """Everything the templates show about posters: the designs, every subject's files, bundles, the manifest."""

    designs: tuple[DesignProducts, ...]
    subjects: tuple[SubjectDownloads, ...]
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


def design_info(design: Design) -> DesignInfo:
    """Return what the site shows of a design."""
    return DesignInfo(design.id, design.name, design.description)


def _entries(members: list[PosterFile], order: dict[str, int]) -> tuple[DownloadEntry, ...]:
    by_format: dict[str, list[PosterFile]] = {}
    for f in members:
        if f.name not in PREVIEWS:
            by_format.setdefault(f.job.poster_format.id, []).append(f)
    entries = []
    for format_id in sorted(by_format, key=order.__getitem__):
        files = by_format[format_id]  # already in the format's output order
        poster_format = files[0].job.poster_format
        links = tuple(DownloadLink(_KIND_LABELS[f.name], SITE_DIR + f.job.file_name(f.name), human_size(f.stored.bytes))
                      for f in files)
        shown = " / ".join(dict.fromkeys(dimensions(poster_format, f) for f in files if not f.name.endswith("txt")))
        entries.append(DownloadEntry(poster_format.id, poster_format.purpose, shown, links))
    return tuple(entries)


def _preview(members: list[PosterFile]) -> Preview:
    by_name = {f.name: f for f in members if f.name in PREVIEWS}
    first = by_name[preview_name(PREVIEW_WIDTHS[0])]
    width = PREVIEW_WIDTHS[0]
    srcset = tuple((SITE_DIR + by_name[preview_name(w)].job.file_name(preview_name(w)), w) for w in PREVIEW_WIDTHS)
    return Preview(srcset, width, round(first.pixels[1] * width / first.pixels[0]))


def make_catalogue(files: list[PosterFile], bundles: list[SiteFile], sheets: list[SiteFile],
                   formats: tuple[PosterFormat, ...], designs: tuple[Design, ...]) -> Catalogue:
    """Return the catalogue of rendered files: subjects in publishing order, designs in their order, formats in
    table order."""
    order = {f.id: i for i, f in enumerate(formats)}
    infos = {d.id: design_info(d) for d in designs}
    groups: dict[str, dict[str, list[PosterFile]]] = {}
    for f in files:
        groups.setdefault(f.job.subject.id, {}).setdefault(f.job.design.id, []).append(f)
    subjects = []
    for by_design in groups.values():
        subject = next(iter(by_design.values()))[0].job.subject
        subjects.append(SubjectDownloads(subject, tuple(
            DesignDownloads(infos[d.id], _preview(by_design[d.id]), _entries(by_design[d.id], order))
            for d in designs if d.id in by_design)))
    labels = {f.id: f.purpose for f in formats}
    products = []
    for design in designs:
        mine = tuple(Bundle(labels.get(b.format_id, "全部格式、全部口号"), SITE_DIR + b.site_path,
                            human_size(b.stored.bytes)) for b in bundles if b.design == design.id)
        sheet = next(SITE_DIR + s.site_path for s in sheets if s.design == design.id)
        products.append(DesignProducts(infos[design.id], mine, sheet))
    return Catalogue(tuple(products), tuple(subjects), SITE_DIR + "posters.json")
