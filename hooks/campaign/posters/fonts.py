"""Poster fonts: the vendored faces, read once per build, and what layout and drawing need of them.

Posters, share cards, LED strips and the slogans' web font all use the font files kept in
``theme/fonts/``, so a fresh clone needs no system font:

* outline faces (``Face``): Noto Sans CJK SC Bold and Regular, Noto Serif CJK SC Bold (SIL
  Open Font License), subset to GB 2312 by ``font_subsets``;
* one bitmap face (``BitmapFace``): WenQuanYi Bitmap Song at its 15-pixel design (GPL-2 with
  the font embedding exception), kept as a 1-bit glyph sheet for 16-dot LED strips.

``load_fonts`` reads each file once; everything else works from the faces it returns
(their bytes, their SHA-256 and their metrics), so no step opens a font file again.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..content.model import Campaign
from ..problems import ContentProblem
from ..store import Store, digest


def theme_fonts(theme_dir: Path) -> Path:
    """Return the folder of the vendored poster fonts inside a theme folder (``custom_dir``)."""
    return Path(theme_dir) / "fonts"


@dataclass(frozen=True)
class FaceSpec:
    """One vendored face: its role, upstream name and the file kept in ``theme/fonts/``.

    ``name`` is the PostScript name of an outline face, or the family name of a bitmap
    face, whose design size is ``pixel_size``.
    """

    role: str
    name: str
    file_name: str
    pixel_size: int | None = None

    @property
    def is_bitmap(self) -> bool:
        return self.pixel_size is not None


#: Sans for the campaign title, theme and foot; serif (the usual stand-in for 小标宋) for
#: slogans; sans Regular for 32-dot LED strips (Bold clogs at 1 bit); the bitmap face for
#: 16-dot LED strips (no outline face stays legible at 14 dots).
FACES = (
    FaceSpec("sans", "NotoSansCJKsc-Bold", "NotoSansCJKsc-Bold-GB2312.otf"),
    FaceSpec("serif", "NotoSerifCJKsc-Bold", "NotoSerifCJKsc-Bold-GB2312.otf"),
    FaceSpec("sans-regular", "NotoSansCJKsc-Regular", "NotoSansCJKsc-Regular-GB2312.otf"),
    FaceSpec("bitmap-15", "WenQuanYi Bitmap Song", "WenQuanYi-Bitmap-Song-15px-GB2312.png", pixel_size=15),
)

#: Bump when the metrics read from a font change shape, so stored metrics are read again.
_METRICS_VERSION = 5  # 3: the whole file is verified (every table present, checksums right); 5: ink boxes, bitmaps
#: Key of the bitmap face's metadata in its glyph sheet (a PNG text chunk).
BITMAP_METADATA = "campaign-bitmap-font"


class FontError(Exception):
    """A poster font file is missing or damaged; the message says which and what to do (Chinese)."""


def is_ideograph(char: str) -> bool:
    """Return whether ``char`` is a CJK unified ideograph (the characters whose ink box places LED text)."""
    return 0x4E00 <= ord(char) <= 0x9FFF


@dataclass(frozen=True)
class Face:
    """One outline face: its role, the font file's bytes (read once), their SHA-256 and its metrics.

    Two faces are equal when role and bytes are; the bytes travel to worker processes with it.
    """

    role: str
    file_name: str
    sha256: str
    data: bytes = field(repr=False, compare=False)
    advances: dict[str, float] = field(repr=False, compare=False)  # per character, in em
    ascent: float = field(compare=False)  # top of the ideographic em box above the baseline, in em
    #: (bottom, top) of the box every ideograph's ink stays in, in em above the baseline: an outline
    #: face's ideographic em box (CJK faces draw inside it), a bitmap face's measured rows.
    ink_box: tuple[float, float] = field(compare=False)

    def width(self, text: str, size: float) -> float:
        """Return the advance width of ``text`` set at ``size`` (same unit as ``size``)."""
        return sum(self.advances[c] for c in text) * size

    def covers(self, char: str) -> bool:
        """Return whether the face has a glyph for ``char``."""
        return char in self.advances

    def missing(self, text: str) -> str:
        """Return the characters of ``text`` (spaces aside) the face cannot draw, once each, in order."""
        return "".join(dict.fromkeys(c for c in text if not c.isspace() and not self.covers(c)))

    def pillow(self, size: float):
        """Return a Pillow font of this face at ``size`` pixels (cached per process)."""
        return _pillow_font(self, round(size, 2))

    def outlines(self):
        """Return ``(glyph set, cmap, units per em)`` for drawing outlines (cached per process)."""
        return _outline_font(self)


@dataclass(frozen=True)
class BitmapFace(Face):
    """A bitmap face: glyphs are drawn dot for dot at ``pixel_size``, never scaled.

    ``advances`` and ``ascent`` are in ems of ``pixel_size`` like an outline face's, so layout
    treats both alike; ``ink_box`` is measured on the dots.
    """

    pixel_size: int = 0

    def mask(self, char: str):
        """Return the 1-bit image of ``char``: its advance wide, ascent + descent high (cached per process)."""
        return _bitmap_glyph(self, char)

    def pillow(self, size: float):
        raise TypeError(f"{self.file_name} is a bitmap face: draw its masks at {self.pixel_size} px")

    def outlines(self):
        raise TypeError(f"{self.file_name} is a bitmap face: it has no outlines")


@lru_cache(maxsize=128)
def _pillow_font(face: Face, size: float):
    from PIL import ImageFont

    return ImageFont.truetype(io.BytesIO(face.data), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=8)
def _outline_font(face: Face):
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(face.data), lazy=True)
    return font.getGlyphSet(), font.getBestCmap(), font["head"].unitsPerEm


@lru_cache(maxsize=2)
def _glyph_sheet(face: BitmapFace):
    from PIL import Image

    with Image.open(io.BytesIO(face.data)) as sheet:
        sheet.load()
        return sheet.convert("1"), json.loads(sheet.text[BITMAP_METADATA])


@lru_cache(maxsize=8192)
def _bitmap_glyph(face: BitmapFace, char: str):
    sheet, meta = _glyph_sheet(face)
    index = meta["characters"].index(char)
    cell_width, cell_height = meta["cell"]
    left = (index % meta["columns"]) * cell_width
    top = (index // meta["columns"]) * cell_height
    return sheet.crop((left, top, left + meta["advances"][index], top + cell_height))


@dataclass(frozen=True)
class PosterFonts:
    """The poster faces by role."""

    faces: dict[str, Face]

    def __getitem__(self, role: str) -> Face:
        return self.faces[role]

    def digest(self) -> dict[str, str]:
        """Return role → SHA-256 of the font file, for cache keys."""
        return {role: face.sha256 for role, face in sorted(self.faces.items())}


def load_fonts(font_dir: Path, store: Store | None = None) -> PosterFonts:
    """Return every face of ``FACES`` read from ``font_dir``, each file read exactly once.

    Metrics are kept in ``store`` (when given) under the file's SHA-256, so later builds
    skip parsing the font. Raises ``FontError`` naming a missing or damaged file.
    """
    faces = {}
    for spec in FACES:
        path = Path(font_dir) / spec.file_name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise FontError(f"缺少海报字体文件 {path}（{spec.name}）：请运行 "
                            "python site_build.py fonts --source … 重新生成") from None
        except OSError as err:
            raise FontError(f"海报字体文件 {path} 无法读取：{err.strerror}") from None
        sha256 = hashlib.sha256(data).hexdigest()

        def read(data=data, path=path, spec=spec):
            return {}, _read_metrics(data, path, spec)

        if store is None:
            metrics = read()[1]
        else:
            metrics = store.get_or_make(digest({"font-metrics": sha256, "version": _METRICS_VERSION}), read).facts
        ink_box = tuple(metrics["ink_box"])
        if spec.is_bitmap:
            faces[spec.role] = BitmapFace(spec.role, spec.file_name, sha256, data, metrics["advances"],
                                          metrics["ascent"], ink_box, spec.pixel_size)
        else:
            faces[spec.role] = Face(spec.role, spec.file_name, sha256, data, metrics["advances"], metrics["ascent"],
                                    ink_box)
    return PosterFonts(faces)


def _read_metrics(data: bytes, path: Path, spec: FaceSpec) -> dict:
    """Return advances (em) per character, the ascent and the ideographs' ink box of a face.

    Raises ``FontError`` if the file is damaged.
    """
    try:
        return _bitmap_metrics(data, spec) if spec.is_bitmap else _outline_metrics(data, spec)
    except Exception as err:  # fontTools and Pillow raise many kinds of error on a damaged file; each means the same
        raise FontError(f"海报字体文件 {path} 已损坏，无法读取（{type(err).__name__}）：请从代码仓库恢复它，"
                        "或运行 python site_build.py fonts --source … 重新生成") from None


def _outline_metrics(data: bytes, spec: FaceSpec) -> dict:
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.sfnt import calcChecksum

    font = TTFont(io.BytesIO(data), lazy=True)
    for tag, entry in font.reader.tables.items():  # every table whole and as its checksum says
        table = font.reader[tag]
        if tag == "head":  # its checksum is taken with checkSumAdjustment as zero
            table = table[:8] + b"\0\0\0\0" + table[12:]
        if calcChecksum(table) != entry.checkSum:
            raise ValueError(f"checksum of table {tag}")
    upm = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    typo = font["OS/2"]
    return {
        "advances": {chr(code): hmtx[name][0] / upm for code, name in sorted(font.getBestCmap().items())},
        "ascent": typo.sTypoAscender / upm,
        "ink_box": [typo.sTypoDescender / upm, typo.sTypoAscender / upm],  # the ideographic em box
    }


def _bitmap_metrics(data: bytes, spec: FaceSpec) -> dict:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as sheet:
        sheet.load()  # every pixel decoded: a truncated or altered sheet fails here
        meta = json.loads(sheet.text[BITMAP_METADATA])
    size = meta["pixel_size"]
    if size != spec.pixel_size or meta["family"] != spec.name:
        raise ValueError(f"expected {spec.name} at {spec.pixel_size} px, found {meta['family']} at {size} px")
    bottom, top = meta["ink_rows"]  # rows below / above the baseline that ideographs ink, in pixels
    return {
        "advances": {char: advance / size for char, advance in zip(meta["characters"], meta["advances"], strict=True)},
        "ascent": meta["ascent"] / size,
        "ink_box": [bottom / size, top / size],
    }


def coverage_problems(campaign: Campaign, fonts: PosterFonts, yaml_path: str) -> list[ContentProblem]:
    """Return one problem per character of campaign text that a poster face cannot draw or GBK cannot encode.

    Each names the field or slogan id, the character and its code point, at that text's
    line in ``slogans.yaml``. Spaces are layout, not glyphs. The slogans and the theme are
    also written as GBK text for LED controllers, so a character outside GBK is refused.
    """
    checks = [(f"活动信息的字段“{name}”", campaign.line_of(name), getattr(campaign, name), name == "theme")
              for name in ("theme", "title", "issuer")]
    checks += [(f"口号 {s.id} 的字段“text”", s.line, s.text, True) for s in campaign.slogans]
    problems = []
    for where, line, text, on_led in checks:
        for char in dict.fromkeys(text):
            if char.isspace():
                continue
            if any(not face.covers(char) for face in fonts.faces.values()):
                problems.append(ContentProblem(
                    yaml_path, line, 1,
                    f"{where}含有海报字体无法显示的字符“{char}”（U+{ord(char):04X}），请改用 GB 2312 范围内的常用字"))
            elif on_led and not _gbk(char):
                problems.append(ContentProblem(
                    yaml_path, line, 1,
                    f"{where}含有 GBK 编码中没有的字符“{char}”（U+{ord(char):04X}）：LED 显示屏的控制软件读不出来，请换一个字符"))
    return problems


def _gbk(char: str) -> bool:
    try:
        char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True
