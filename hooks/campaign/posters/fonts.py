"""Poster fonts: the vendored faces, read once per build, and what layout and drawing need of them.

Posters, share cards and the slogans' web font all use the font files kept in
``theme/fonts/`` (Noto Sans/Serif CJK SC Bold, SIL Open Font License, subset to GB 2312
by ``font_subsets``), so a fresh clone needs no system font. ``load_fonts`` reads each
file once; everything else works from the ``Face`` it returns (its bytes, their SHA-256
and its metrics), so no step opens a font file again.
"""

from __future__ import annotations

import hashlib
import io
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
    """One vendored face: its role on the poster, upstream PostScript name and subset file name."""

    role: str
    postscript_name: str
    file_name: str


#: Sans for the campaign title, theme and foot; serif (the usual stand-in for 小标宋) for slogans.
FACES = (
    FaceSpec("sans", "NotoSansCJKsc-Bold", "NotoSansCJKsc-Bold-GB2312.otf"),
    FaceSpec("serif", "NotoSerifCJKsc-Bold", "NotoSerifCJKsc-Bold-GB2312.otf"),
)

#: Bump when the metrics read from a font change shape, so stored metrics are read again.
_METRICS_VERSION = 3  # 3: the whole file is verified (every table present, checksums right)


class FontError(Exception):
    """A poster font file is missing or damaged; the message says which and what to do (Chinese)."""


@dataclass(frozen=True)
class Face:
    """One poster face: its role, the font file's bytes (read once), their SHA-256 and its metrics.

    Two faces are equal when role and bytes are; the bytes travel to worker processes with it.
    """

    role: str
    file_name: str
    sha256: str
    data: bytes = field(repr=False, compare=False)
    advances: dict[str, float] = field(repr=False, compare=False)  # per character, in em
    ascent: float = field(compare=False)  # top of the ideographic em box above the baseline, in em

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


@lru_cache(maxsize=128)
def _pillow_font(face: Face, size: float):
    from PIL import ImageFont

    return ImageFont.truetype(io.BytesIO(face.data), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=8)
def _outline_font(face: Face):
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(face.data), lazy=True)
    return font.getGlyphSet(), font.getBestCmap(), font["head"].unitsPerEm


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
            raise FontError(f"缺少海报字体文件 {path}（{spec.postscript_name}）：请运行 "
                            "python site_build.py fonts --source … 重新生成") from None
        except OSError as err:
            raise FontError(f"海报字体文件 {path} 无法读取：{err.strerror}") from None
        sha256 = hashlib.sha256(data).hexdigest()

        def read(data=data, path=path):
            return {}, _read_metrics(data, path)

        if store is None:
            metrics = read()[1]
        else:
            metrics = store.get_or_make(digest({"font-metrics": sha256, "version": _METRICS_VERSION}), read).facts
        faces[spec.role] = Face(spec.role, spec.file_name, sha256, data, metrics["advances"], metrics["ascent"])
    return PosterFonts(faces)


def _read_metrics(data: bytes, path: Path) -> dict:
    """Return advances (em) per character and the em box of a font; ``FontError`` if it is damaged."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.sfnt import calcChecksum

    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        for tag, entry in font.reader.tables.items():  # every table whole and as its checksum says
            table = font.reader[tag]
            if tag == "head":  # its checksum is taken with checkSumAdjustment as zero
                table = table[:8] + b"\0\0\0\0" + table[12:]
            if calcChecksum(table) != entry.checkSum:
                raise ValueError(f"checksum of table {tag}")
        upm = font["head"].unitsPerEm
        hmtx = font["hmtx"].metrics
        return {
            "advances": {chr(code): hmtx[name][0] / upm for code, name in sorted(font.getBestCmap().items())},
            "ascent": font["OS/2"].sTypoAscender / upm,
        }
    except Exception as err:  # fontTools raises many kinds of error on a damaged file; each means the same here
        raise FontError(f"海报字体文件 {path} 已损坏，无法读取（{type(err).__name__}）：请从代码仓库恢复它，"
                        "或运行 python site_build.py fonts --source … 重新生成") from None


def coverage_problems(campaign: Campaign, fonts: PosterFonts, yaml_path: str) -> list[ContentProblem]:
    """Return one problem per character of campaign text that a poster face cannot draw.

    Each names the field or slogan id, the character and its code point, at that text's
    line in ``slogans.yaml``. Spaces are layout, not glyphs.
    """
    checks = [(f"活动信息的字段“{name}”", campaign.line_of(name), getattr(campaign, name))
              for name in ("theme", "title", "issuer")]
    checks += [(f"口号 {s.id} 的字段“text”", s.line, s.text) for s in campaign.slogans]
    problems = []
    for where, line, text in checks:
        for char in dict.fromkeys(text):
            if not char.isspace() and any(not face.covers(char) for face in fonts.faces.values()):
                problems.append(ContentProblem(
                    yaml_path, line, 1,
                    f"{where}含有海报字体无法显示的字符“{char}”（U+{ord(char):04X}），请改用 GB 2312 范围内的常用字"))
    return problems
