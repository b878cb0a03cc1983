"""Vector print PDFs with the structure of PDF/X-1a:2001, written here (about 150 lines, no dependency).

One sheet of a ``PosterLayout`` becomes one page: text as glyph outlines (no fonts to
embed or miss), rectangles and QR modules as paths, every colour in DeviceCMYK from the
CMYK values the design declares (no RGB, no images, no transparency). The file carries
what a print shop's preflight looks for: ``%PDF-1.3``, ``GTS_PDFXVersion`` and
``GTS_PDFXConformance``, ``/Trapped /False``, an output intent naming a registered print
condition, TrimBox and BleedBox, optional crop marks outside the bleed, and a document ID
computed from the content with fixed dates, so the same poster gives the same bytes.

Why hand-written: the drawing is a dozen path operators; of the libraries that draw,
reportlab adds an unembedded Helvetica to every page (fails PDF/X) and fpdf2 has no
TrimBox or PDF/X keys, while pikepdf and pypdf would only replace the ~30 lines that
serialise objects. pypdf, qpdf, poppler and Ghostscript check the output in the tests.
"""

from __future__ import annotations

import hashlib
import zlib
from functools import lru_cache

from ..content.model import PrintSettings
from ..content.print_section import OUTPUT_INTENTS
from .design import Colour
from .encoders import FIXED_DATE
from .fonts import Face, PosterFonts
from .layout import Glyph, PosterLayout, QRCode, Rect, Sheet

PT_PER_MM = 72 / 25.4
PDF_COMPRESS_LEVEL = 9
#: Crop marks: gap between the bleed edge and the mark, its length (mm) and line width (pt).
MARK_OFFSET_MM, MARK_LENGTH_MM, MARK_LINE_PT = 2.0, 5.0, 0.25
#: Registration colour for crop marks: on every plate, as print shops expect.
_REGISTRATION = Colour("#000000", (100, 100, 100, 100))
_PRODUCER = "campaign poster engine"
#: CreationDate and ModDate: the fixed date reproducible builds use (the ZIP epoch), not the clock.
_DATE = "D:{:04d}{:02d}{:02d}{:02d}{:02d}{:02d}Z".format(*FIXED_DATE)


def _num(value: float) -> str:
    """Return ``value`` with at most 4 decimals and no trailing zeros (never ``-0``)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _cmyk(colour: Colour) -> str:
    return " ".join(_num(v / 100) for v in colour.cmyk)


def _text_string(text: str) -> str:
    """Return a PDF text string: printable ASCII as a literal, anything else as UTF-16BE hex with BOM."""
    if all(32 <= ord(ch) < 127 for ch in text):
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


@lru_cache(maxsize=8192)
def glyph_path(face: Face, char: str) -> str:
    """Return the outline of ``char`` as PDF path operators in font units (y up), filled non-zero (``f``)."""
    from fontTools.pens.basePen import BasePen

    glyphs, cmap, _ = face.outlines()
    operators: list[str] = []

    class PdfPen(BasePen):
        def _moveTo(self, point):
            operators.append(f"{_num(point[0])} {_num(point[1])} m")

        def _lineTo(self, point):
            operators.append(f"{_num(point[0])} {_num(point[1])} l")

        def _curveToOne(self, p1, p2, p3):
            operators.append(" ".join(_num(v) for v in (*p1, *p2, *p3)) + " c")

        def _closePath(self):
            operators.append("h")

    glyphs[cmap[ord(char)]].draw(PdfPen(glyphs))  # quadratic curves, if any, become cubics
    return "\n".join(operators) + "\nf" if operators else ""


def _inside(item: object, sheet: Sheet) -> bool:
    if isinstance(item, Glyph):
        x, y, w, h = item.x, item.baseline - item.size, item.size, item.size
    else:
        x, y, w, h = item.x, item.y, getattr(item, "w", getattr(item, "size", 0)), getattr(item, "h",
                                                                                      getattr(item, "size", 0))
    return x < sheet.x + sheet.w and x + w > sheet.x and y < sheet.y + sheet.h and y + h > sheet.y


def _qr_operators(code: QRCode) -> list[str]:
    """Return the code as a light square and one path of dark runs (one ``re`` per run of a row)."""
    module = code.size / (len(code.modules) + 2 * code.border)
    ops = [f"{_cmyk(code.light)} k", f"{_num(code.x)} {_num(code.y)} {_num(code.size)} {_num(code.size)} re f",
           f"{_cmyk(code.dark)} k"]
    for r, row in enumerate(code.modules):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            x, y = code.x + (start + code.border) * module, code.y + (r + code.border) * module
            ops.append(f"{_num(x)} {_num(y)} {_num((c - start) * module)} {_num(module)} re")
    ops.append("f")
    return ops


def _crop_marks(sheet: Sheet) -> list[str]:
    """Return crop marks at the four trim corners, outside the bleed (sheet coordinates, mm, y down)."""
    b, w, h = sheet.bleed, sheet.w, sheet.h
    ops = [f"{_cmyk(_REGISTRATION)} K", f"{_num(MARK_LINE_PT / PT_PER_MM)} w"]
    for trim_x in (b, w - b):
        for edge, direction in ((0, -1), (h, 1)):
            start = edge + direction * MARK_OFFSET_MM
            ops.append(f"{_num(trim_x)} {_num(start)} m {_num(trim_x)} {_num(start + direction * MARK_LENGTH_MM)} l")
    for trim_y in (b, h - b):
        for edge, direction in ((0, -1), (w, 1)):
            start = edge + direction * MARK_OFFSET_MM
            ops.append(f"{_num(start)} {_num(trim_y)} m {_num(start + direction * MARK_LENGTH_MM)} {_num(trim_y)} l")
    ops.append("S")
    return ops


def _content_stream(poster: PosterLayout, sheet: Sheet, fonts: PosterFonts, margin: float) -> bytes:
    """Return the page's drawing operators: the sheet's items in millimetres, y down, ``margin`` mm inside the MediaBox."""
    ops = [f"{_num(PT_PER_MM)} 0 0 {_num(-PT_PER_MM)} {_num(margin * PT_PER_MM)} "
           f"{_num((margin + sheet.h) * PT_PER_MM)} cm", f"1 0 0 1 {_num(-sheet.x)} {_num(-sheet.y)} cm"]
    if poster.background is not None:
        ops.append(f"{_cmyk(poster.background)} k {_num(sheet.x)} {_num(sheet.y)} {_num(sheet.w)} {_num(sheet.h)} re f")
    current = None
    for item in poster.items:
        if not _inside(item, sheet):
            continue
        if isinstance(item, QRCode):
            ops += _qr_operators(item)
            current = item.dark
            continue
        if item.fill != current:
            ops.append(f"{_cmyk(item.fill)} k")
            current = item.fill
        if isinstance(item, Rect):
            ops.append(f"{_num(item.x)} {_num(item.y)} {_num(item.w)} {_num(item.h)} re f")
        elif isinstance(item, Glyph):
            face = fonts[item.face]
            path = glyph_path(face, item.char)
            if path:
                scale = item.size / face.outlines()[2]
                ops.append(f"q {_num(scale)} 0 0 {_num(-scale)} {_num(item.x)} {_num(item.baseline)} cm\n{path}\nQ")
        else:
            raise ValueError(f"cannot draw {type(item).__name__}")
    if margin:  # crop marks, in the sheet's own coordinates
        ops += [f"1 0 0 1 {_num(sheet.x)} {_num(sheet.y)} cm", *_crop_marks(sheet)]
    return "\n".join(ops).encode("ascii")


def write_pdf(poster: PosterLayout, sheet: Sheet, fonts: PosterFonts, printing: PrintSettings, title: str) -> bytes:
    """Return one sheet of ``poster`` as a one-page PDF/X-1a:2001-structured file.

    The BleedBox is the sheet; the TrimBox is inset by its bleed; with crop marks the
    MediaBox grows to hold them outside the bleed. Refuses (``ValueError``) items it cannot draw.
    """
    margin = MARK_OFFSET_MM + MARK_LENGTH_MM + 1.0 if printing.crop_marks else 0.0
    content = zlib.compress(_content_stream(poster, sheet, fonts, margin), PDF_COMPRESS_LEVEL)

    def box(inset: float) -> str:
        low, right, top = (margin + inset) * PT_PER_MM, (margin + sheet.w - inset) * PT_PER_MM, (
            margin + sheet.h - inset) * PT_PER_MM
        return f"[{_num(low)} {_num(low)} {_num(right)} {_num(top)}]"

    media = f"[0 0 {_num((sheet.w + 2 * margin) * PT_PER_MM)} {_num((sheet.h + 2 * margin) * PT_PER_MM)}]"
    intent = printing.output_intent
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OutputIntents [6 0 R] >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox {media} /BleedBox {box(0)} /TrimBox {box(sheet.bleed)} "
         "/Resources << >> /Contents 4 0 R >>").encode(),
        f"<< /Filter /FlateDecode /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        (f"<< /Title {_text_string(title)} /Producer {_text_string(_PRODUCER)} /CreationDate ({_DATE}) "
         f"/ModDate ({_DATE}) /Trapped /False /GTS_PDFXVersion (PDF/X-1:2001) "
         "/GTS_PDFXConformance (PDF/X-1a:2001) >>").encode(),
        (f"<< /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier {_text_string(intent)} "
         f"/RegistryName (http://www.color.org) /Info {_text_string(OUTPUT_INTENTS[intent])} >>").encode(),
    ]
    out = bytearray(b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    file_id = hashlib.md5(bytes(out)).hexdigest().upper()  # the content decides the ID  # noqa: S324
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 5 0 R /ID [<{file_id}> <{file_id}>] >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)
