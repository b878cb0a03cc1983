"""The poster typeface on the web: a WOFF2 subset of a poster face holding just the characters asked for.

``woff2_subset`` is pure: face in, bytes out; keeping the result is the store's business.
"""

from __future__ import annotations

import io

from ..posters.fonts import Face

#: Where the slogans' web font is published (``theme/assets/slogan-font.css`` points at it).
SLOGAN_FONT = "assets/fonts/slogans.woff2"
#: Bump when the subset settings change, so stored web fonts are made again.
WEB_FONT_VERSION = 2


def woff2_subset(face: Face, characters: str) -> bytes:
    """Return a WOFF2 font holding only the glyphs of ``characters`` (plus .notdef) from ``face``.

    Hinting is dropped (large headline text does not need it); the ``head`` dates are the
    source font's, so the same input gives the same bytes. Refuses (``ValueError``)
    characters the face cannot draw, so the page never falls back mid-slogan silently.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    wanted = sorted({c for c in characters if not c.isspace()})
    missing = face.missing("".join(wanted))
    if missing:
        raise ValueError(f"{face.file_name} 中没有这些字：{missing}")
    font = TTFont(io.BytesIO(face.data), lazy=False, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = ["kern", "palt", "locl"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep copyright and licence-relevant names
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in wanted])
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()
