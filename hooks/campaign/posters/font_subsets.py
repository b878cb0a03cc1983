"""Making the vendored poster fonts: GB 2312 subsets of Noto Sans/Serif CJK SC Bold.

Used by ``site_build.py fonts`` only; builds read the subsets through ``fonts``.
"""

from __future__ import annotations

from pathlib import Path

from ..store import write_atomic
from .fonts import FACES

#: OpenType features kept in the subsets (vertical forms for upright columns, kerning, widths).
_KEEP_FEATURES = ["kern", "palt", "halt", "vert", "vrt2", "vkrn", "vpal", "locl", "ccmp"]


def subset_characters() -> str:
    """Return the characters the subsets cover, sorted by code point.

    GB 2312 (every character Python's ``gb2312`` codec decodes), printable ASCII, the
    ideographic space and CJK punctuation block, and the full-width forms block.
    """
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars.update(chr(c) for c in range(0x3000, 0x3040))
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))
    chars.update("“”‘’—…·")
    return "".join(sorted(chars))


def find_face(source: Path, postscript_name: str):
    """Return the ``TTFont`` in ``source`` (a .ttc/.otc collection or single font) with this PostScript name.

    Faces are picked by their name table, never by index. Returns ``None`` if absent.
    """
    from fontTools.ttLib import TTCollection, TTFont

    with open(source, "rb") as handle:
        is_collection = handle.read(4) == b"ttcf"
    fonts = (
        TTCollection(str(source), recalcTimestamp=False).fonts
        if is_collection
        else [TTFont(str(source), recalcTimestamp=False)]
    )
    for font in fonts:
        if font["name"].getDebugName(6) == postscript_name:
            return font
    return None


def write_subsets(sources: list[Path], font_dir: Path) -> list[Path]:
    """Write every face of ``FACES`` found in ``sources`` as a subset into ``font_dir``.

    Output is byte-reproducible: the ``head`` timestamps are kept from the source, never
    set to now. Returns the written paths; raises ``LookupError`` naming faces found in
    no source, before writing anything.
    """
    from fontTools import subset

    options = subset.Options()
    options.layout_features = _KEEP_FEATURES
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["DSIG"]
    unicodes = [ord(c) for c in subset_characters()]
    found = {
        face.postscript_name: next(
            (f for f in (find_face(s, face.postscript_name) for s in sources) if f is not None), None
        )
        for face in FACES
    }
    missing = [name for name, font in found.items() if font is None]
    if missing:  # before any work: all faces or nothing
        raise LookupError("faces not found in the given sources: " + ", ".join(missing))
    written = []
    for face in FACES:
        font = found[face.postscript_name]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        font.recalcTimestamp = False
        dest = font_dir / face.file_name
        write_atomic(dest, lambda temporary, font=font: font.save(str(temporary)))
        written.append(dest)
    return written
