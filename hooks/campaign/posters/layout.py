"""Poster typesetting: compute every box (glyph, rectangle, QR code) in millimetres, draw nothing.

``layout(subject, setting, campaign, poster_format, fonts, design)`` is pure: the raster
and vector backends only place what it returns. Every visual decision comes from the
``Design``; every size from the space the format leaves (its text area: safe area less
the bands the platform covers) — never from per-slogan constants. The slogan's lines and
size come from the series (``slogan_settings``), so a format's series shares one size.

The 落款 (``issuer``) has a slot of its own in every poster format: reserved at the
design's size whatever the text, so a series for many offices shares one slogan box, and
reported (``PosterLayout.slot("issuer")``) so another renderer — the browser page that
sets an office's name — can fill it exactly as this engine would (see ``IssuerLine``).
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
LAYOUT_VERSION = 10  # 10: glyph origins on whole pixels by raster.glyph_origin; empty slots keep their colours

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
    """Where one line of text sits: the left edge and top of its box, its width, em size and alignment (mm).

    Reported for every line set, so other renderers can place text exactly where the
    poster engine would; the ``slogan`` slot is the area the slogan's lines are centred in.
    A line is set at ``size`` or, if its text is wider than ``width`` at that size, at the
    size that makes it exactly ``width`` wide — never below ``min_size`` (the format's
    legibility floor: a text that would need less does not fit). A line set smaller than
    ``size`` keeps the middle of the box: its em box starts ``(size - set size) / 2``
    below ``top``, and its baseline is ``ascent`` of its em below that (``ascent`` in ems,
    the face's). ``face`` is a role of ``fonts.FACES``; ``colour`` its colour, and
    ``ground`` the colour it is set on (what lies under the box).
    """

    name: str
    x: float
    top: float
    width: float
    size: float
    align: str  # "left" | "centre" | "right"
    face: str = ""
    colour: Colour | None = None
    ground: Colour | None = None
    min_size: float = 0.0
    ascent: float = 0.0

    def size_for(self, text: str, face: Face) -> float | None:
        """Return the em at which ``text`` is set in this slot, or ``None`` if it would fall below ``min_size``."""
        size = min(self.size, self.width / max(face.width(text, 1.0), 1e-9))
        return size if size >= self.min_size - 1e-9 else None


def slot_data(slot: Slot, dpi: float) -> dict:
    """Return a slot as plain JSON data for another renderer (a page's script): millimetres and pixels at ``dpi``.

    Keys: ``name``, ``align``, ``face``, ``colour`` and ``ground`` (``#RRGGBB``), ``ascent`` (em),
    and ``x``, ``top``, ``width``, ``size``, ``min_size`` in ``mm`` and in ``px``. See ``Slot`` for how a
    text is set in it. Numbers are not rounded: JSON keeps every bit of a float, so a script that
    repeats the engine's arithmetic on the ``mm`` values gets the engine's numbers.
    """
    per_px = dpi / 25.4
    lengths = {"x": slot.x, "top": slot.top, "width": slot.width, "size": slot.size, "min_size": slot.min_size}
    return {
        "name": slot.name,
        "align": slot.align,
        "face": slot.face,
        "colour": slot.colour.screen if slot.colour else None,
        "ground": slot.ground.screen if slot.ground else None,
        "ascent": slot.ascent,
        "mm": lengths,
        "px": {key: value * per_px for key, value in lengths.items()},
    }


@dataclass(frozen=True)
class IssuerLine:
    """What a poster's 落款 line holds when it is not the campaign's own issuer.

    ``layout(…, issuer=IssuerLine("某某局"))`` sets that text in the 落款 slot (an office's
    poster); ``IssuerLine(None)`` keeps the slot but sets nothing (the browser page fills
    it). Without ``issuer`` the campaign's issuer is set, and a format whose slot is too
    narrow for it at its legibility floor has no 落款 line at all (the site's posters).
    """

    text: str | None


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
    issuer: str | None = None  # the 落款 text set, if any

    def slot(self, name: str) -> Slot | None:
        """Return the slot of line ``name`` (``issuer``: the 落款), or ``None`` if the layout has none."""
        return next((s for s in self.slots if s.name == name), None)


def layout(
    subject: PosterSubject, setting: SloganSetting, campaign: Campaign, poster_format: PosterFormat,
    fonts: PosterFonts, design: Design, qr_url: str | None = None, issuer: IssuerLine | None = None,
) -> PosterLayout:
    """Return the boxes of ``subject`` on ``poster_format`` with its slogan set as ``setting``.

    ``qr_url`` (the slogan page's absolute address) adds a QR code on formats that carry
    one. ``issuer``: see ``IssuerLine`` (``setting`` must come from ``slogan_settings``
    with the same ``issuer_slot``). Refuses (``ValueError``) an issuer text too long for
    its slot.
    """
    kind = {"poster": _poster, "couplet": _couplet, "banner": _banner, "led": _led}[poster_format.kind]
    return kind(subject, setting, campaign, poster_format, fonts, design, qr_url if poster_format.qr else None,
                issuer)


def slogan_settings(
    subjects: list[PosterSubject], campaign: Campaign, poster_format: PosterFormat, fonts: PosterFonts,
    design: Design, terms: frozenset[str], with_qr: bool, issuer_slot: bool | None = None,
) -> tuple[dict[str, SloganSetting], list[CannotFit]]:
    """Return how every subject's slogan is set in ``poster_format`` (the series), and those that cannot fit.

    ``terms`` are the campaign's recurring terms (never broken); ``with_qr`` whether the
    format's posters will carry a QR code (it takes room from the slogan); ``issuer_slot``
    whether they keep a 落款 slot (``None``: if the campaign's issuer fits, as the site's do).
    """
    if poster_format.kind in ("banner", "led"):  # one line whose size the strip's height fixes
        return {s.id: SloganSetting((s.text,), _strip_size(poster_format, fonts, design)) for s in subjects}, []
    measure = _measure(campaign, poster_format, fonts, design, terms, with_qr, issuer_slot)
    return set_series(subjects, measure, poster_format.id, poster_format.slogan_floor_mm, design.series_break_below)


def issuer_slot(campaign: Campaign, poster_format: PosterFormat, fonts: PosterFonts, design: Design,
                with_qr: bool) -> Slot | None:
    """Return the 落款 slot a poster format keeps for any issuer text (``None`` for strips and couplets)."""
    if poster_format.kind != "poster":
        return None
    return _poster_frame(campaign, poster_format, fonts, design, with_qr, True).slots.get("issuer")


def campaign_issuer_fits(campaign: Campaign, poster_format: PosterFormat, fonts: PosterFonts, design: Design,
                         with_qr: bool) -> bool:
    """Return whether the campaign's own issuer fits the format's 落款 slot at or above the legibility floor."""
    slot = issuer_slot(campaign, poster_format, fonts, design, with_qr)
    return slot is not None and slot.size_for(campaign.issuer, fonts[slot.face]) is not None


def _measure(campaign, poster_format, fonts, design, terms, with_qr, issuer_slot) -> Measure:
    if poster_format.kind == "couplet":
        width = poster_format.trim_mm[0]
        placement = design.couplet
        return Columns(width * placement.width, poster_format.trim_mm[1], 2 * width * placement.frame,
                       placement.pitch, placement.padding)
    if issuer_slot is None:
        issuer_slot = campaign_issuer_fits(campaign, poster_format, fonts, design, with_qr)
    frame = _poster_frame(campaign, poster_format, fonts, design, with_qr, issuer_slot)
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


def _fill_slot(slot: Slot, text: str, face: Face, fill: Colour, size: float | None = None) -> list[Glyph]:
    """Return the glyphs of ``text`` set in ``slot`` with its alignment, at ``size`` (default: the slot's).

    A smaller size keeps the middle of the slot's box (see ``Slot``).
    """
    size = slot.size if size is None else size
    width = face.width(text, size)
    x = {"left": slot.x, "centre": slot.x + (slot.width - width) / 2, "right": slot.x + slot.width - width}[slot.align]
    return _set_line(text, face, size, x, slot.top + (slot.size - size) / 2, fill)


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
    """What a poster format holds besides the slogan: line slots, rules, the QR box, the slogan box.

    ``header_bottom`` and ``footer_top`` bound the header's and footer's lines (panels run
    from the printed edge to just past them).
    """

    slots: dict[str, Slot]
    rects: list[Rect]
    qr_box: tuple[float, float, float] | None  # x, y, side
    slogan_box: tuple[float, float, float, float]  # x, y, width, height
    header_bottom: float
    footer_top: float


def _rules(part: str, x: float, top: float, width: float, rule: float, gap: float, colour: Colour) -> list[Rect]:
    """Return a rule, or a double rule (thick above thin, as under the red header of a GB/T 9704 letter)."""
    if part == "rule":
        return [Rect(x, top, width, rule, colour)]
    thin = max(rule / 3, rule * 0.2)
    return [Rect(x, top, width, rule, colour), Rect(x, top + rule + rule * 0.6, width, thin, colour)]


def _rule_height(part: str, rule: float) -> float:
    return rule if part == "rule" else rule * (1 + 0.6) + max(rule / 3, rule * 0.2)


def _poster_frame(campaign: Campaign, poster_format: PosterFormat, fonts: PosterFonts, design: Design,
                  with_qr: bool, issuer_slot: bool) -> _Frame:
    """Return the frame of a poster format: the same for every subject, so the series shares one slogan box.

    Lines are as large as their caps and widths allow; a title or theme line that would
    fall below the format's legibility floor is left out, never shrunk. The 落款 slot, if
    kept, is reserved at the design's size whatever text it will hold.
    """
    placement = design.poster
    x, y, width, height = poster_format.text_rect_mm()
    unit = height * placement.unit
    floor = poster_format.text_floor_mm
    # Sized by the longest variant of each line (the slogans' theme line), so every subject shares the frame.
    texts = _header_text(campaign, is_theme=False)
    rule = max(unit * placement.rule, poster_format.mm_per_px)
    gap = unit * 0.45
    ground = design.named(placement.ground)
    panels = {shape.edge: design.named(shape.colour) for shape in placement.shapes if shape.kind == "panel"}
    slots: dict[str, Slot] = {}
    rects: list[Rect] = []

    def line_size(name: str, size: float, room: float) -> float | None:
        """Return the line's size: the design's, raised to the floor, narrowed to the room; None below the floor."""
        size = _fit(texts[name], fonts[design.lines[name].face], room, max(size, floor))
        return size if size >= floor - 1e-9 else None

    def slot(name: str, left: float, top: float, room: float, size: float, align: str, under: str) -> Slot:
        style = design.lines[name]
        return Slot(name, left, top, room, size, align, style.face, design.colour(name), panels.get(under, ground),
                    floor, fonts[style.face].ascent)

    header_sizes = {"title": line_size("title", unit, width * placement.title_width),
                    "theme": line_size("theme", unit * placement.theme_size, width * placement.theme_width)}
    header = [part for part in placement.header if "rule" in part or header_sizes.get(part)]
    if not any("rule" not in part for part in header):  # a rule with no line beside it is a stray line
        header = []
    top = y
    for part in header:
        if "rule" in part:
            rects += _rules(part, x, top, width, rule, gap, design.named(placement.rule_colour))
            top += _rule_height(part, rule) + gap
        else:
            slots[part] = slot(part, x, top, width, header_sizes[part], "centre", "header")
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
    stack = [part for part in placement.footer
             if (part == "issuer" and issuer_slot) or (part == "caption" and with_qr)]
    sizes = {"issuer": max(unit * placement.issuer_size, floor)} if "issuer" in stack else {}
    if "caption" in stack:
        sizes["caption"] = line_size("caption", unit * placement.caption_size, text_width)
    stack = [part for part in stack if sizes[part] is not None]
    stack_height = sum(sizes[p] for p in stack) + 0.5 * sum(sizes[p] for p in stack[:-1])
    foot_height = max(stack_height, qr_box[2] if qr_box else 0.0)
    line_top = bottom - foot_height + (foot_height - stack_height) / 2
    for part in stack:
        slots[part] = slot(part, text_x, line_top, text_width, sizes[part], align, "footer")
        line_top += sizes[part] * 1.5
    foot_top = bottom - foot_height
    rules = [part for part in placement.footer if "rule" in part] if (stack or qr_box) else []
    for part in reversed(rules):
        foot_top -= max(unit * 0.6, gap) + _rule_height(part, rule)
        rects += _rules(part, x, foot_top, width, rule, gap, design.named(placement.rule_colour))

    slogan_top, slogan_bottom = header_bottom + unit * 0.45, foot_top - unit * 0.9
    slogan_width = width * placement.slogan_width
    slogan_box = (x + (width - slogan_width) / 2, slogan_top, slogan_width, slogan_bottom - slogan_top)
    return _Frame(slots, rects, qr_box, slogan_box, header_bottom, foot_top)


def _shapes(poster_format: PosterFormat, design: Design, frame: _Frame,
            printed: tuple[float, float, float, float]) -> list[Rect]:
    """Return the design's background shapes as rectangles, none entering the text area (bands, frames).

    Bands run along the top or bottom of the printed area into the bleed, their depth at
    most 0.4 of the margin above the text area; a frame's line lies within half the
    narrowest margin; panels run from the printed edge to half a unit past their lines.
    """
    placement = design.poster
    text_x, text_top, text_width, text_height = poster_format.text_rect_mm()
    unit = text_height * placement.unit
    bleed = poster_format.bleed_mm
    px, py, pw, ph = printed
    rects: list[Rect] = []
    for shape in placement.shapes:
        colour = design.named(shape.colour)
        if shape.kind == "band":
            depth = min(text_height * placement.unit * shape.depth, (text_top - py) * 0.4)
            if depth <= 0:
                continue
            depth += bleed if not poster_format.paper_margin_mm else 0
            top = py if shape.edge == "top" else py + ph - depth
            rects.append(Rect(px, top, pw, depth, colour))
        elif shape.kind == "frame":
            margins = (text_x - px, text_top - py, px + pw - text_x - text_width, py + ph - text_top - text_height)
            margins = [m - (bleed if not poster_format.paper_margin_mm else 0) for m in margins]
            line = max(unit * shape.width, poster_format.mm_per_px)
            inset = min(unit * shape.inset, min(margins) / 2 - line)
            if inset < 0:
                continue
            edge = 0 if poster_format.paper_margin_mm else bleed
            fx, fy, fw, fh = px + edge + inset, py + edge + inset, pw - 2 * (edge + inset), ph - 2 * (edge + inset)
            rects += [Rect(fx, fy, fw, line, colour), Rect(fx, fy + fh - line, fw, line, colour),
                      Rect(fx, fy + line, line, fh - 2 * line, colour),
                      Rect(fx + fw - line, fy + line, line, fh - 2 * line, colour)]
        elif shape.edge == "header":
            rects.append(Rect(px, py, pw, frame.header_bottom - py, colour))
        else:
            top = frame.footer_top - unit * 0.5
            rects.append(Rect(px, top, pw, py + ph - top, colour))
    return rects


def _poster(subject, setting, campaign, poster_format, fonts, design, qr_url, issuer) -> PosterLayout:
    placement = design.poster
    canvas_width, canvas_height, pixels = _canvas(poster_format)
    with_qr = qr_url is not None
    if issuer is None:  # the site: the campaign's issuer where it fits, no 落款 line where it does not
        slot_kept = campaign_issuer_fits(campaign, poster_format, fonts, design, with_qr)
        issuer_text = campaign.issuer if slot_kept else None
    else:
        slot_kept, issuer_text = True, issuer.text
    frame = _poster_frame(campaign, poster_format, fonts, design, with_qr, slot_kept)
    texts = _header_text(campaign, subject.is_theme)
    ground, ink = design.named(placement.ground), design.colour("slogan")
    items: list[object] = []
    margin = poster_format.paper_margin_mm
    printed = (margin, margin, canvas_width - 2 * margin, canvas_height - 2 * margin)
    if margin:  # office prints: the ground stops where printers stop, the paper stays white around it
        items.append(Rect(*printed, ground))
    items += _shapes(poster_format, design, frame, printed)
    items += frame.rects
    for name, slot in frame.slots.items():
        if name == "issuer":
            continue
        items += _fill_slot(slot, texts[name], fonts[slot.face], slot.colour)
    if issuer_text is not None:
        slot = frame.slots["issuer"]
        size = slot.size_for(issuer_text, fonts[slot.face])
        if size is None:
            raise ValueError(f"{poster_format.id}: 落款“{issuer_text}”在 {slot.width:.1f} 毫米宽的位置放不下")
        items += _fill_slot(slot, issuer_text, fonts[slot.face], slot.colour, size)
    if frame.qr_box is not None:
        items.append(_qr(qr_url, *frame.qr_box))

    # The slogan: its lines centred in the slogan box, the block a little above the middle.
    face = fonts[design.lines["slogan"].face]
    size, lines = setting.size_mm, setting.lines
    box_x, box_y, box_width, box_height = frame.slogan_box
    block = len(lines) * size + (len(lines) - 1) * size * placement.line_gap
    top = box_y + (box_height - block) / 2 - (box_height - block) * 0.06
    for line in lines:
        line_slot = Slot("slogan", box_x, top, box_width, size, "centre")
        items += _fill_slot(line_slot, line, face, ink)
        top += size * (1 + placement.line_gap)
    sheets = (Sheet("pdf", 0, 0, canvas_width, canvas_height, poster_format.bleed_mm),)
    slogan = Slot("slogan", box_x, box_y, box_width, size, "centre", design.lines["slogan"].face, ink, ground,
                  size, face.ascent)
    slots = (*frame.slots.values(), slogan)
    return PosterLayout(poster_format.id, canvas_width, canvas_height, pixels, poster_format.dpi, "RGB",
                        None if margin else ground, tuple(items), setting, slots, sheets, _text_bounds(items),
                        issuer_text)


# --- couplets ---------------------------------------------------------------------------


def _couplet(subject, setting, campaign, poster_format, fonts, design, qr_url, issuer) -> PosterLayout:
    """Two columns on one canvas, each its own sheet: the first half (上联) right, the second (下联) left.

    A column is the format's width; its length follows the text (the longest half, to
    whole centimetres), so a series at one size has columns of its own lengths.
    """
    placement = design.couplet
    face, ink, ground = fonts[placement.face], design.named(placement.ink), design.named(placement.ground)
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


def _banner(subject, setting, campaign, poster_format, fonts, design, qr_url, issuer) -> PosterLayout:
    """One line on cloth: the slogan, then the 落款 smaller on the same baseline at its right end, as banners
    are hung (``issuer_size`` of the slogan's em, ``issuer_gap`` ems after it; none if the design sets 0)."""
    placement = design.banner
    face, ink, ground = fonts[placement.face], design.named(placement.ink), design.named(placement.ground)
    height, size = poster_format.height_mm, setting.size_mm
    characters, text_width = _strip_line(subject, face, size, size)
    issuer_text = (issuer.text if issuer is not None else campaign.issuer) if placement.issuer_size else None
    issuer_size = size * placement.issuer_size
    issuer_width = face.width(issuer_text, issuer_size) + size * placement.issuer_gap if issuer_text else 0.0
    pixels = (round((text_width + issuer_width + 2 * size * placement.margin) / poster_format.mm_per_px),
              round(height / poster_format.mm_per_px))
    width = pixels[0] * poster_format.mm_per_px
    left = (width - text_width - issuer_width) / 2
    baseline = (height - size) / 2 + face.ascent * size
    items = _place_strip(characters, face, size, left, baseline, size, ink)
    slots = ()
    if issuer_text:
        slot = Slot("issuer", left + text_width + size * placement.issuer_gap, baseline - face.ascent * issuer_size,
                    face.width(issuer_text, issuer_size), issuer_size, "left", placement.face, ink, ground,
                    issuer_size, face.ascent)
        items += _fill_slot(slot, issuer_text, face, ink)
        slots = (slot,)
    return PosterLayout(poster_format.id, width, height, pixels, poster_format.dpi, "RGB", ground, tuple(items),
                        setting, slots, (), _text_bounds(items), issuer_text)


def _led(subject, setting, campaign, poster_format, fonts, design, qr_url, issuer) -> PosterLayout:
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
