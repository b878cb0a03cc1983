"""Making the vendored poster fonts from their upstream files, byte for byte reproducibly.

Outline faces (Noto Sans/Serif CJK SC) become GB 2312 subsets in OpenType; the bitmap face
(WenQuanYi Bitmap Song, 15-pixel design, from Debian's ``xfonts-wqy``) becomes a 1-bit
glyph sheet: a PNG holding one cell per character, with the characters, advances and
ascent in a text chunk. Used by ``site_build.py fonts`` only; builds read the results
through ``fonts``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from ..store import write_atomic
from .fonts import BITMAP_METADATA, FACES, FaceSpec, is_ideograph

#: OpenType features kept in the subsets (vertical forms for upright columns, kerning, widths).
_KEEP_FEATURES = ["kern", "palt", "halt", "vert", "vrt2", "vkrn", "vpal", "locl", "ccmp"]
#: Cells per row of a bitmap glyph sheet.
_SHEET_COLUMNS = 64


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
        magic = handle.read(4)
    if magic not in (b"ttcf", b"OTTO", b"\x00\x01\x00\x00", b"true"):
        return None
    fonts = (
        TTCollection(str(source), recalcTimestamp=False).fonts
        if magic == b"ttcf"
        else [TTFont(str(source), recalcTimestamp=False)]
    )
    for font in fonts:
        if font["name"].getDebugName(6) == postscript_name:
            return font
    return None


def find_bitmap_face(source: Path, spec: FaceSpec):
    """Return a Pillow font of ``source`` if it is a PCF bitmap font of ``spec``'s family and pixel size, else ``None``."""
    from PIL import ImageFont

    with open(source, "rb") as handle:
        if handle.read(4) != b"\x01fcp":  # PCF; Debian ships the files uncompressed
            return None
    try:
        font = ImageFont.truetype(str(source), spec.pixel_size)
    except OSError:  # FreeType refuses a pixel size the file has no strike for
        return None
    return font if font.getname()[0] == spec.name else None


def write_subsets(sources: list[Path], font_dir: Path) -> list[Path]:
    """Write every face of ``FACES`` found in ``sources`` into ``font_dir``: subsets and the glyph sheet.

    Output is byte-reproducible: the ``head`` timestamps are kept from the source, never
    set to now, and the glyph sheet holds nothing but pixels and metrics. Returns the
    written paths; raises ``LookupError`` naming faces found in no source, before writing anything.
    """
    found = {}
    for spec in FACES:
        finder = find_bitmap_face if spec.is_bitmap else (lambda source, spec: find_face(source, spec.name))
        found[spec.role] = next((f for f in (finder(s, spec) for s in sources) if f is not None), None)
    missing = [spec.name for spec in FACES if found[spec.role] is None]
    if missing:  # before any work: all faces or nothing
        raise LookupError("faces not found in the given sources: " + ", ".join(missing))
    written = []
    for spec in FACES:
        dest = font_dir / spec.file_name
        if spec.is_bitmap:
            write_atomic(dest, glyph_sheet(found[spec.role], spec))
        else:
            write_atomic(dest, lambda temporary, font=found[spec.role]: _subset(font).save(str(temporary)))
        written.append(dest)
    return written


def _subset(font):
    from fontTools import subset

    options = subset.Options()
    options.layout_features = _KEEP_FEATURES
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in subset_characters()])
    subsetter.subset(font)
    font.recalcTimestamp = False
    return font


def glyph_sheet(font, spec: FaceSpec) -> bytes:
    """Return the 1-bit glyph sheet (PNG) of a bitmap font for every subset character it has.

    Each character gets a cell of the widest advance by ascent + descent rows, drawn at
    the baseline; the text chunk records characters, advances, ascent and the rows the
    ideographs ink (``ink_rows``: lowest and highest, relative to the baseline).
    """
    from PIL import Image, ImageDraw, PngImagePlugin

    ascent, descent = font.getmetrics()
    characters = [c for c in subset_characters() if _has_glyph(font, c)]
    advances = [round(font.getlength(c)) for c in characters]
    cell_width, cell_height = max(advances), ascent + descent
    rows = -(-len(characters) // _SHEET_COLUMNS)
    sheet = Image.new("1", (_SHEET_COLUMNS * cell_width, rows * cell_height), 0)
    canvas = ImageDraw.Draw(sheet)
    canvas.fontmode = "1"
    lowest, highest = 0, 0
    for index, char in enumerate(characters):
        left, top = (index % _SHEET_COLUMNS) * cell_width, (index // _SHEET_COLUMNS) * cell_height
        canvas.text((left, top + ascent), char, font=font, fill=1, anchor="ls")
        if is_ideograph(char):
            box = sheet.crop((left, top, left + cell_width, top + cell_height)).getbbox()
            if box:  # rows above the baseline are positive
                highest, lowest = max(highest, ascent - box[1]), min(lowest, ascent - box[3])
    meta = {
        "family": spec.name,
        "pixel_size": spec.pixel_size,
        "ascent": ascent,
        "descent": descent,
        "cell": [cell_width, cell_height],
        "columns": _SHEET_COLUMNS,
        "ink_rows": [lowest, highest],
        "characters": "".join(characters),
        "advances": advances,
    }
    info = PngImagePlugin.PngInfo()
    info.add_itxt(BITMAP_METADATA, json.dumps(meta, ensure_ascii=False, separators=(",", ":")), zip=True)
    out = io.BytesIO()
    sheet.save(out, "PNG", pnginfo=info, optimize=True)
    return out.getvalue()


def _has_glyph(font, char: str) -> bool:
    """Return whether a bitmap font draws ``char`` (FreeType draws a missing one as the font's blank default glyph)."""
    from PIL import Image, ImageDraw

    if char in (" ", "\u3000"):
        return True
    ascent, descent = font.getmetrics()
    probe = Image.new("1", (2 * (ascent + descent), ascent + descent), 0)
    canvas = ImageDraw.Draw(probe)
    canvas.fontmode = "1"
    canvas.text((0, ascent), char, font=font, fill=1, anchor="ls")
    return probe.getbbox() is not None
