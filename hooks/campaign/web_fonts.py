"""The poster typeface on the web: where its font file is, and a WOFF2 subset of it.

``locate_poster_font`` is the one place that decides which font file the site uses for
slogans (web font) and share cards, so pointing the site at other files touches only it.
``woff2_subset`` is pure: font in, bytes out; caching is the caller's business.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .fonts import FACES


class FontNotFound(Exception):
    """No usable font file for a role: the build must stop rather than draw empty boxes."""


@dataclass(frozen=True)
class FontFace:
    """One face in a font file: ``index`` is its position in a ``.ttc`` collection (0 otherwise)."""

    path: Path
    index: int = 0

    def digest(self) -> str:
        """Return a SHA-256 of the file and index, for cache keys (computed once per file version)."""
        stat = self.path.stat()
        return _file_digest(str(self.path), self.index, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=16)
def _file_digest(path: str, index: int, size: int, mtime_ns: int) -> str:
    sha = hashlib.sha256(f"{index}:".encode())
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def locate_poster_font(font_dir: Path, role: str) -> FontFace:
    """Return the vendored poster face for ``role`` (``"serif"`` or ``"sans"``, from ``fonts.FACES``).

    Raises ``FontNotFound`` naming the missing file and how to regenerate it.
    """
    spec = next(face for face in FACES if face.role == role)
    vendored = Path(font_dir) / spec.file_name
    if not vendored.is_file():
        raise FontNotFound(f"找不到海报字体：{vendored}（{spec.postscript_name}）。"
                           f"请运行 python site_build.py fonts --source … 重新生成。")
    return FontFace(vendored, 0)


@lru_cache(maxsize=8)
def _code_points(face: FontFace) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(face.path), fontNumber=face.index, lazy=True).getBestCmap())


def missing_characters(face: FontFace, text: str) -> str:
    """Return the characters of ``text`` (spaces aside) that ``face`` has no glyph for, in order, once each."""
    code_points = _code_points(face)
    return "".join(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in code_points))


def woff2_subset(face: FontFace, characters: str) -> bytes:
    """Return a WOFF2 font holding only the glyphs of ``characters`` (plus .notdef) from ``face``.

    Hinting is dropped (large headline text does not need it). Refuses (``ValueError``)
    characters the face cannot draw, so the page never falls back mid-slogan silently.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    wanted = sorted({c for c in characters if not c.isspace()})
    missing = missing_characters(face, "".join(wanted))
    if missing:
        raise ValueError(f"{face.path.name} 中没有这些字：{missing}")
    font = TTFont(str(face.path), fontNumber=face.index, lazy=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = ["kern", "palt", "locl"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep copyright and licence-relevant names
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in wanted])
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()
