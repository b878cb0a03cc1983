"""Poster typesetting: compute every box (glyph, rectangle, QR code) in millimetres, draw nothing.

``layout(subject, setting, campaign, poster_format, fonts, design)`` is pure: the raster
and vector backends only place what it returns. Every visual decision comes from the
``Design``; every size from the space the format leaves (its text area: safe area less
the bands the platform covers) — never from per-slogan constants. The slogan's lines and
size come from the series (``slogan_settings``), so a format's series shares one size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..content.model import Campaign
from .design import QR_DARK, QR_LIGHT, Colour, Design
from .fonts import BitmapFace, Face, PosterFonts
from .formats import LED_MODULE, PosterFormat
from .series import CannotFit, Columns, LinesInBox, Measure, SloganSetting, set_series
from .subjects import PosterSubject

#: Bump when the design changes so every stored poster is rendered again.
LAYOUT_VERSION = 8

_IDEOGRAPHIC_SPACE = "\u3000"
#: The QR code's caption (what scanning it gives).
QR_CAPTION = "扫码查看口号及海报下载"
#: Smallest QR code (quiet zone included): 2 cm on paper; on screens 160 px, four pixels a
#: module for the usual 37-module code, so a phone reads it from a screenshot.
_QR_MIN_MM, _QR_MIN_PX = 20.0, 160
#: LED strips: lit dots are "white", the rest "black" (1-bit images).
LED_ON = Colour("#FFFFFF", (0, 0, 0, 0))
LED_OFF = Colour("#000000", (0, 0, 0, 100))


@dataclass(frozen=True)
class Glyph:
    """One character: face role, em size, left edge of its advance and baseline (mm), colour."""

    char: str
    face: str
    size: float
    x: float
    baseline: float
    fill: Colour


@dataclass(frozen=True)
class Rect:
    """A filled rectangle (mm)."""

    x: float
    y: float
    w: float
    h: float
    fill: Colour


@dataclass(frozen=True)
class QRCode:
    """A QR code including its quiet zone: square at (x, y) of side ``size`` (mm)."""

    x: float
    y: float
    size: float
    modules: tuple[tuple[int, ...], ...]  # 1 = dark, without quiet zone
    border: int  # quiet-zone width in modules
    dark: Colour = QR_DARK
    light: Colour = QR_LIGHT


@dataclass(frozen=True)
class Slot:
    """Where one line of text sits: left edge and top of its box, its width, em size and alignment (mm).

    Reported for every line set, so other renderers can place text exactly where the
    poster engine would; the ``slogan`` slot is the area the slogan's lines are centred in.
    """

    name: str
    x: float
    top: float
    width: float
    size: float
    align: str  # "left" | "centre" | "right"


@dataclass(frozen=True)
class Sheet:
    """One page of a print file, cut from the canvas: its output name and its box with bleed (mm)."""

    output: str  # "pdf", or e.g. "shanglian.pdf" for one couplet column
    x: float
    y: float
    w: float
    h: float
    bleed: float


@dataclass(frozen=True)
class PosterLayout:
    """Everything a backend needs: canvas, colours and boxes, plus what was set (for checks and posters.json)."""

    format_id: str
    width_mm: float
    height_mm: float
    pixels: tuple[int, int]
    dpi: float
    mode: str  # "RGB" or "1"
    background: Colour | None  # None: unprinted paper
    items: tuple[object, ...]
    setting: SloganSetting
    slots: tuple[Slot, ...] = ()
    sheets: tuple[Sheet, ...] = ()
    text_rect_mm: tuple[float, float, float, float] = field(default=(0, 0, 0, 0))  # bounding box of all text


def layout(
    subject: PosterSubject, setting: SloganSetting, campaign: Campaign, poster_format: PosterFormat,
    fonts: PosterFonts, design: Design, qr_url: str | None = None,
) -> PosterLayout:
    """Return the boxes of ``subject`` on ``poster_format`` with its slogan set as ``setting``.

    ``qr_url`` (the slogan page's absolute address) adds a QR code on formats that carry one.
    """
    kind = {"poster": _poster, "couplet": _couplet, "banner": _banner, "led": _led}[poster_format.kind]
    return kind(subject, setting, campaign, poster_format, fonts, design, qr_url if poster_format.qr else None)


def slogan_settings(
    subjects: list[PosterSubject], campaign: Campaign, poster_format: PosterFormat, fonts: PosterFonts,
    design: Design, terms: frozenset[str], with_qr: bool,
) -> tuple[dict[str, SloganSetting], list[CannotFit]]:
    """Return how every subject's slogan is set in ``poster_format`` (the series), and those that cannot fit.

    ``terms`` are the campaign's recurring terms (never broken); ``with_qr`` whether the
    format's posters will carry a QR code (it takes room from the slogan).
    """
    if poster_format.kind in ("banner", "led"):  # one line whose size the strip's height fixes
        return {s.id: SloganSetting((s.text,), _strip_size(poster_format, fonts, design)) for s in subjects}, []
    measure = _measure(campaign, poster_format, fonts, design, terms, with_qr)
    return set_series(subjects, measure, poster_format.id, poster_format.slogan_floor_mm, design.series_break_below)


def _measure(campaign, poster_format, fonts, design, terms, with_qr) -> Measure:
    if poster_format.kind == "couplet":
        width = poster_format.trim_mm[0]
        placement = design.couplet
        return Columns(width * placement.width, poster_format.trim_mm[1], 2 * width * placement.frame,
                       placement.pitch, placement.padding)
    frame = _poster_frame(campaign, poster_format, fonts, design, with_qr)
    _, _, width, height = frame.slogan_box
    placement = design.poster
    return LinesInBox(fonts[design.lines["slogan"].face], width, height, placement.line_gap, terms,
                      placement.max_lines_per_half)


# --- geometry helpers -------------------------------------------------------------------


def _display(text: str) -> str:
    """Return ``text`` with ASCII spaces widened to the ideographic space (one em)."""
    return text.replace(" ", _IDEOGRAPHIC_SPACE)


def _set_line(text: str, face: Face, size: float, x: float, top: float, fill: Colour) -> list[Glyph]:
    """Return the glyphs of one horizontal line whose em box starts at (x, top)."""
    glyphs, baseline = [], top + face.ascent * size
    for char in text:
        if not char.isspace():
            glyphs.append(Glyph(char, face.role, size, x, baseline, fill))
        x += face.advances[char] * size
    return glyphs


def _fill_slot(slot: Slot, text: str, face: Face, fill: Colour) -> list[Glyph]:
    """Return the glyphs of ``text`` set in ``slot`` with its alignment."""
    width = face.width(text, slot.size)
    x = {"left": slot.x, "centre": slot.x + (slot.width - width) / 2, "right": slot.x + slot.width - width}[slot.align]
    return _set_line(text, face, slot.size, x, slot.top, fill)


def _fit(text: str, face: Face, width: float, cap: float) -> float:
    """Return the largest size ≤ ``cap`` at which ``text`` is at most ``width`` wide."""
    return min(cap, width / max(face.width(text, 1.0), 1e-9))


def _text_bounds(items: list[object]) -> tuple[float, float, float, float]:
    glyphs = [g for g in items if isinstance(g, Glyph)]
    left = min(g.x for g in glyphs)
    top = min(g.baseline - 0.88 * g.size for g in glyphs)
    right = max(g.x + g.size for g in glyphs)
    bottom = max(g.baseline + 0.12 * g.size for g in glyphs)
    return left, top, right - left, bottom - top


def _qr(url: str, x: float, y: float, size: float) -> QRCode:
    import segno

    code = segno.make(url, error="m", micro=False)
    modules = tuple(tuple(int(bool(v)) for v in row) for row in code.matrix)
    return QRCode(x, y, size, modules, border=4)  # the quiet zone the QR standard asks for


def _canvas(poster_format: PosterFormat) -> tuple[float, float, tuple[int, int]]:
    width, height = poster_format.canvas_mm()
    return width, height, poster_format.canvas_px()


# --- posters ----------------------------------------------------------------------------


def _header_text(campaign: Campaign, is_theme: bool) -> dict[str, str]:
    """Return the text of each line besides the slogan: title, theme line, 落款 and QR caption.

    The theme's own poster says only 活动主题 above it (its slogan is the theme).
    """
    return {
        "title": f"{campaign.year}年{campaign.title}",
        "theme": "活动主题" if is_theme else f"活动主题：{_display(campaign.theme)}",
        "issuer": campaign.issuer,
        "caption": QR_CAPTION,
    }


@dataclass(frozen=True)
class _Frame:
    """What a poster format holds besides the slogan: line slots, rules and bands, the QR box, the slogan box."""

    slots: dict[str, Slot]
    rects: list[Rect]
    qr_box: tuple[float, float, float] | None  # x, y, side
    slogan_box: tuple[float, float, float, float]  # x, y, width, height


def _poster_frame(campaign: Campaign, poster_format: PosterFormat, fonts: PosterFonts, design: Design,
                  with_qr: bool) -> _Frame:
    """Return the frame of a poster format: the same for every subject, so the series shares one slogan box.

    Lines are as large as their caps and widths allow; a line that would fall below the
    format's legibility floor is left out, never shrunk.
    """
    placement = design.poster
    x, y, width, height = poster_format.text_rect_mm()
    unit = height * placement.unit
    floor = poster_format.text_floor_mm
    # Sized by the longest variant of each line (the slogans' theme line), so every subject shares the frame.
    texts = _header_text(campaign, is_theme=False)
    rule = max(unit * placement.rule, poster_format.mm_per_px)
    gap = unit * 0.45
    slots: dict[str, Slot] = {}
    rects: list[Rect] = []

    def line_size(name: str, size: float, room: float) -> float | None:
        """Return the line's size: the design's, raised to the floor, narrowed to the room; None below the floor."""
        size = _fit(texts[name], fonts[design.lines[name].face], room, max(size, floor))
        return size if size >= floor - 1e-9 else None

    header_sizes = {"title": line_size("title", unit, width * placement.title_width),
                    "theme": line_size("theme", unit * placement.theme_size, width * placement.theme_width)}
    header = [part for part in placement.header if part == "rule" or header_sizes.get(part)]
    if not any(part != "rule" for part in header):  # a rule with no line beside it is a stray line
        header = []
    top = y
    for part in header:
        if part == "rule":
            rects.append(Rect(x, top, width, rule, design.colour("title")))
            top += rule + gap
        else:
            slots[part] = Slot(part, x, top, width, header_sizes[part], "centre")
            top += header_sizes[part] + gap
    header_bottom = top

    # The footer, from the bottom up: the QR code on one side, the 落款 and its caption beside it.
    qr_box = None
    bottom = y + height
    if with_qr:
        smallest = _QR_MIN_MM if poster_format.is_print else _QR_MIN_PX * poster_format.mm_per_px
        side = max(min(height * placement.qr_size, width * placement.qr_width), smallest)
        qr_x = x + width - side if placement.qr == "right" else x
        qr_box = (qr_x, bottom - side, side)
        text_x, text_width, align = (x, width - side - unit, "left") if placement.qr == "right" else (
            x + side + unit, width - side - unit, "right")
    else:
        text_x, text_width, align = x + width * 0.05, width * 0.9, "centre"
    stack = [part for part in placement.footer if part in ("issuer", "caption") and (part != "caption" or with_qr)]
    sizes = {part: line_size(part, unit * {"issuer": placement.issuer_size, "caption": placement.caption_size}[part],
                             text_width) for part in stack}
    stack = [part for part in stack if sizes[part] is not None]
    stack_height = sum(sizes[p] for p in stack) + 0.5 * sum(sizes[p] for p in stack[:-1])
    foot_height = max(stack_height, qr_box[2] if qr_box else 0.0)
    line_top = bottom - foot_height + (foot_height - stack_height) / 2
    for part in stack:
        slots[part] = Slot(part, text_x, line_top, text_width, sizes[part], align)
        line_top += sizes[part] * 1.5
    foot_top = bottom - foot_height
    if "rule" in placement.footer and (stack or qr_box):
        foot_top -= max(unit * 0.6, gap) + rule
        rects.append(Rect(x, foot_top, width, rule, design.colour("issuer")))

    slogan_top, slogan_bottom = header_bottom + unit * 0.45, foot_top - unit * 0.9
    slogan_width = width * placement.slogan_width
    slogan_box = (x + (width - slogan_width) / 2, slogan_top, slogan_width, slogan_bottom - slogan_top)
    return _Frame(slots, rects, qr_box, slogan_box)


def _poster(subject, setting, campaign, poster_format, fonts, design, qr_url) -> PosterLayout:
    placement = design.poster
    canvas_width, canvas_height, pixels = _canvas(poster_format)
    frame = _poster_frame(campaign, poster_format, fonts, design, qr_url is not None)
    texts = _header_text(campaign, subject.is_theme)
    ground, ink = design.colours["ground"], design.colour("slogan")
    items: list[object] = []
    margin = poster_format.paper_margin_mm
    printed = (margin, margin, canvas_width - 2 * margin, canvas_height - 2 * margin)
    if margin:  # office prints: the ground stops where printers stop, the paper stays white around it
        items.append(Rect(*printed, ground))
    # Bands along the top and bottom edges of the printed area, run into the bleed; never into the text area.
    text_top = poster_format.text_rect_mm()[1]
    band = min(poster_format.text_rect_mm()[3] * placement.unit * placement.band, (text_top - printed[1]) * 0.4)
    if band > 0:
        band += poster_format.bleed_mm
        items.append(Rect(printed[0], printed[1], printed[2], band, design.colour("title")))
        items.append(Rect(printed[0], printed[1] + printed[3] - band, printed[2], band, design.colour("title")))
    items += frame.rects
    for name, slot in frame.slots.items():
        items += _fill_slot(slot, texts[name], fonts[design.lines[name].face], design.colour(name))
    if frame.qr_box is not None:
        items.append(_qr(qr_url, *frame.qr_box))

    # The slogan: its lines centred in the slogan box, the block a little above the middle.
    face = fonts[design.lines["slogan"].face]
    size, lines = setting.size_mm, setting.lines
    box_x, box_y, box_width, box_height = frame.slogan_box
    block = len(lines) * size + (len(lines) - 1) * size * placement.line_gap
    top = box_y + (box_height - block) / 2 - (box_height - block) * 0.06
    for line in lines:
        slot = Slot("slogan", box_x, top, box_width, size, "centre")
        items += _fill_slot(slot, line, face, ink)
        top += size * (1 + placement.line_gap)
    sheets = (Sheet("pdf", 0, 0, canvas_width, canvas_height, poster_format.bleed_mm),)
    slots = (*frame.slots.values(), Slot("slogan", box_x, box_y, box_width, size, "centre"))
    return PosterLayout(poster_format.id, canvas_width, canvas_height, pixels, poster_format.dpi, "RGB",
                        None if margin else ground, tuple(items), setting, slots, sheets, _text_bounds(items))


# --- couplets ---------------------------------------------------------------------------


def _couplet(subject, setting, campaign, poster_format, fonts, design, qr_url) -> PosterLayout:
    """Two columns on one canvas, each its own sheet: the first half (上联) right, the second (下联) left.

    A column is the format's width; its length follows the text (the longest half, to
    whole centimetres), so a series at one size has columns of its own lengths.
    """
    placement = design.couplet
    face, ink, ground = fonts[design.lines["slogan"].face], design.colour("slogan"), design.colours["ground"]
    width, bleed, size = poster_format.trim_mm[0], poster_format.bleed_mm, setting.size_mm
    inset, line = width * placement.frame, width * placement.frame_line
    characters = max(len(half) for half in setting.lines)
    length = 10 * math.ceil((2 * inset + size * (characters * placement.pitch + 2 * placement.padding)) / 10 - 1e-9)
    column_width, column_height = width + 2 * bleed, length + 2 * bleed
    gap = width * 0.25
    canvas_width = 2 * column_width + gap
    items: list[object] = []
    sheets = []
    for name, half, left in (("shanglian", setting.lines[0], column_width + gap), ("xialian", setting.lines[1], 0.0)):
        sheets.append(Sheet(f"{name}.pdf", left, 0, column_width, column_height, bleed))
        items.append(Rect(left, 0, column_width, column_height, ground))
        fx, fy, fw, fh = left + bleed + inset, bleed + inset, width - 2 * inset, length - 2 * inset
        items += [Rect(fx, fy, fw, line, ink), Rect(fx, fy + fh - line, fw, line, ink),
                  Rect(fx, fy, line, fh, ink), Rect(fx + fw - line, fy, line, fh, ink)]
        pitch = size * placement.pitch
        first_top = bleed + (length - len(half) * pitch) / 2 + (pitch - size) / 2
        for index, char in enumerate(half):
            advance = face.advances[char] * size
            items.append(Glyph(char, face.role, size, left + bleed + (width - advance) / 2,
                               first_top + index * pitch + face.ascent * size, ink))
    pixels = (round(canvas_width / poster_format.mm_per_px), round(column_height / poster_format.mm_per_px))
    return PosterLayout(poster_format.id, canvas_width, column_height, pixels, poster_format.dpi, "RGB", None,
                        tuple(items), setting, (), tuple(sheets), _text_bounds(items))


# --- strips: banner and LED -------------------------------------------------------------


def _strip_size(poster_format: PosterFormat, fonts: PosterFonts, design: Design) -> float:
    """Return the em (mm) of a strip's text: a share of a banner's height; an LED face's size for its dots."""
    if poster_format.kind == "banner":
        return poster_format.height_mm * design.banner.height
    face = fonts[poster_format.led_face]
    dots = round(poster_format.height_mm / poster_format.mm_per_px)
    if isinstance(face, BitmapFace):
        size_px = face.pixel_size
    else:  # the largest whole-pixel em whose ideographs leave a dot clear at top and bottom
        bottom, top = face.ink_box
        size_px = math.floor((dots - 2) / (top - bottom))
    return size_px * poster_format.mm_per_px


def _strip_line(subject: PosterSubject, face: Face, size: float, gap: float) -> tuple[list[str | None], float]:
    """Return the characters of both halves with ``None`` for the gap between them, and their width."""
    characters: list[str | None] = []
    for index, half in enumerate(subject.halves):
        if index:
            characters.append(None)
        characters += list(half)
    width = sum(gap if c is None else face.advances[c] * size for c in characters)
    return characters, width


def _banner(subject, setting, campaign, poster_format, fonts, design, qr_url) -> PosterLayout:
    face, ink, ground = fonts[design.lines["banner"].face], design.colour("banner"), design.colours["ground"]
    height, size = poster_format.height_mm, setting.size_mm
    characters, text_width = _strip_line(subject, face, size, size)
    pixels = (round((text_width + 2 * size * design.banner.margin) / poster_format.mm_per_px),
              round(height / poster_format.mm_per_px))
    width = pixels[0] * poster_format.mm_per_px
    items = _place_strip(characters, face, size, (width - text_width) / 2, (height - size) / 2 + face.ascent * size,
                         size, ink)
    return PosterLayout(poster_format.id, width, height, pixels, poster_format.dpi, "RGB", ground, tuple(items),
                        setting, (), (), _text_bounds(items))


def _led(subject, setting, campaign, poster_format, fonts, design, qr_url) -> PosterLayout:
    """One line of lit dots: whole P10 modules wide, the ideographs' ink centred with a dot clear above and below."""
    face = fonts[poster_format.led_face]
    per_px = poster_format.mm_per_px
    dots = round(poster_format.height_mm / per_px)
    size_px = round(setting.size_mm / per_px)
    characters, text_width = _strip_line(subject, face, size_px, size_px)
    module = LED_MODULE[0]
    width_px = module * math.ceil((text_width + size_px) / module)  # at least half an em each side
    bottom, top = face.ink_box
    clear = math.floor((dots - (top - bottom) * size_px) / 2)
    baseline = round(clear + top * size_px)
    items = _place_strip(characters, face, size_px, round((width_px - text_width) / 2), baseline, size_px, LED_ON)
    items = [Glyph(g.char, g.face, g.size * per_px, g.x * per_px, g.baseline * per_px, g.fill) for g in items]
    return PosterLayout(poster_format.id, width_px * per_px, dots * per_px, (width_px, dots), poster_format.dpi, "1",
                        LED_OFF, tuple(items), setting, (), (), _text_bounds(items))


def _place_strip(characters: list[str | None], face: Face, size: float, x: float, baseline: float, gap: float,
                 fill: Colour) -> list[Glyph]:
    glyphs = []
    for char in characters:
        if char is None:
            x += gap
            continue
        glyphs.append(Glyph(char, face.role, size, x, baseline, fill))
        x += face.advances[char] * size
    return glyphs
