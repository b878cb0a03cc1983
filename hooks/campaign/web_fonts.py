"""The poster typeface on the web: where its font file is, and a WOFF2 subset of it.

``locate_poster_font`` is the one place that decides which font file the site uses for
slogans (web font) and share cards, so pointing the site at other files touches only it.
``woff2_subset`` is pure: font in, bytes out; caching is the caller's business.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Where vendored poster fonts live, relative to the project root.
FONT_DIR = Path("theme") / "fonts"

#: Role → (vendored file name in ``FONT_DIR``, PostScript name of the face in any other file).
#: Serif Bold is the poster's stand-in for 小标宋 (slogans); Sans Bold sets titles.
POSTER_FACES = {
    "serif": ("NotoSerifCJKsc-Bold-GB2312.otf", "NotoSerifCJKsc-Bold"),
    "sans": ("NotoSansCJKsc-Bold-GB2312.otf", "NotoSansCJKsc-Bold"),
}

#: Extra font files (``os.pathsep``-separated, e.g. a system ``.ttc`` collection) searched after
#: ``FONT_DIR``; faces are picked from them by PostScript name, never by index.
FONT_PATH_ENV = "CAMPAIGN_FONT_PATH"


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


def locate_poster_font(project_dir: Path, role: str, extra_paths: list[str] | None = None) -> FontFace:
    """Return the face to use for ``role`` (``"serif"`` or ``"sans"``).

    Looks for the vendored file in ``<project_dir>/theme/fonts/`` first, then in each file of
    ``extra_paths`` (default: the ``CAMPAIGN_FONT_PATH`` environment variable) for a face with
    the role's PostScript name. Raises ``FontNotFound`` naming what it looked for.
    """
    file_name, postscript_name = POSTER_FACES[role]
    vendored = Path(project_dir) / FONT_DIR / file_name
    if vendored.is_file():
        return FontFace(vendored, 0)
    if extra_paths is None:
        extra_paths = [p for p in os.environ.get(FONT_PATH_ENV, "").split(os.pathsep) if p]
    for candidate in extra_paths:
        index = face_index(Path(candidate), postscript_name)
        if index is not None:
            return FontFace(Path(candidate), index)
    raise FontNotFound(
        f"找不到海报字体：{FONT_DIR / file_name}（{postscript_name}）。"
        f"请放入该字体文件，或用环境变量 {FONT_PATH_ENV} 指定含此字体的文件"
        f"（例如 Debian 软件包 fonts-noto-cjk 中的 NotoSerifCJK-Bold.ttc / NotoSansCJK-Bold.ttc）。"
    )


def face_index(path: Path, postscript_name: str) -> int | None:
    """Return the index of the face named ``postscript_name`` in ``path`` (a font or collection), or ``None``."""
    from fontTools.ttLib import TTCollection, TTFont

    if not path.is_file():
        return None
    with open(path, "rb") as handle:
        is_collection = handle.read(4) == b"ttcf"
    if is_collection:
        fonts = TTCollection(str(path), lazy=True).fonts
    else:
        fonts = [TTFont(str(path), lazy=True)]
    for index, font in enumerate(fonts):
        if font["name"].getDebugName(6) == postscript_name:
            return index
    return None


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
