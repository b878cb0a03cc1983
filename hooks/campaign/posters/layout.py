"""Poster typesetting: compute every box (glyph, rule, QR code) in millimetres, draw nothing.

``layout(subject, campaign, poster_format, fonts)`` is pure: the raster and vector
backends only place what it returns. Font sizes come from the space available (the
format's safe area), never from per-slogan constants; a slogan that cannot fit at the
format's minimum size raises ``CannotFit``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache

from ..content.model import Campaign
from .fonts import Face, PosterFonts
from .formats import PosterFormat
from .linebreak import split_options
from .subjects import PosterSubject

#: Bump when the design changes so every stored poster is rendered again.
LAYOUT_VERSION = 5

_LINE_GAP = 0.32  # slogan line gap, in slogan ems
_SLOGAN_WIDTH = 0.94  # share of the safe width the slogan may use
_SPLIT_GAIN = 1.6  # break inside a half only if the slogan grows by this factor
_IDEOGRAPHIC_SPACE = "\u3000"


@dataclass(frozen=True)
class Glyph:
    """One character: face role, em size, left edge of its advance and baseline (mm)."""

    char: str
    face: str
    size: float
    x: float
    baseline: float
    fill: str


@dataclass(frozen=True)
class Rect:
    """A filled rectangle (mm)."""

    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class QRCode:
    """A QR code including its quiet zone: square at (x, y) of side ``size`` (mm)."""

    x: float
    y: float
    size: float
    modules: tuple[tuple[int, ...], ...]  # 1 = dark, without quiet zone
    border: int  # quiet-zone width in modules
    dark: str = "#000000"
    light: str = "#FFFFFF"


@dataclass(frozen=True)
class PosterLayout:
    """Everything a backend needs: canvas, colours and boxes, plus facts for checks."""

    format_id: str
    width_mm: float
    height_mm: float
    pixels: tuple[int, int]
    dpi: float
    mode: str  # "RGB" or "1"
    background: str
    items: tuple[object, ...]
    slogan_size_mm: float
    text_rect_mm: tuple[float, float, float, float] = field(default=(0, 0, 0, 0))  # bounding box of all text


class CannotFit(Exception):
    """The subject cannot be set in the format at or above its minimum size."""

    def __init__(self, subject_id: str, format_id: str, detail: str):
        self.subject_id, self.format_id, self.detail = subject_id, format_id, detail
        super().__init__(f"{subject_id} / {format_id}: {detail}")


def layout(
    subject: PosterSubject, campaign: Campaign, poster_format: PosterFormat, fonts: PosterFonts,
    qr_url: str | None = None,
) -> PosterLayout:
    """Return the boxes of ``subject`` on ``poster_format``; raises ``CannotFit`` if it cannot be set.

    ``qr_url`` (the slogan page's absolute address) adds a QR code on formats that carry one.
    """
    kind = {"poster": _poster, "couplet": _couplet, "banner": _banner, "led": _led}[poster_format.kind]
    return kind(subject, campaign, poster_format, fonts, qr_url if poster_format.qr else None)


# --- geometry helpers -------------------------------------------------------------------


def _display(text: str) -> str:
    """Return ``text`` with ASCII spaces widened to the ideographic space (one em)."""
    return text.replace(" ", _IDEOGRAPHIC_SPACE)


def _set_line(text: str, face: Face, size: float, x: float, top: float, fill: str) -> list[Glyph]:
    """Return the glyphs of one horizontal line whose em box starts at (x, top)."""
    glyphs, baseline = [], top + face.ascent * size
    for char in text:
        if not char.isspace():
            glyphs.append(Glyph(char, face.role, size, x, baseline, fill))
        x += face.advances[char] * size
    return glyphs


def _centred(text: str, face: Face, size: float, centre_x: float, top: float, fill: str) -> list[Glyph]:
    return _set_line(text, face, size, centre_x - face.width(text, size) / 2, top, fill)


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


# --- the formats ------------------------------------------------------------------------


def _header_text(subject: PosterSubject, campaign: Campaign) -> tuple[str, str]:
    title = f"{campaign.year}年{campaign.title}"
    second = "活动主题" if subject.is_theme else f"活动主题：{_display(campaign.theme)}"
    return title, second


def _poster(subject, campaign, poster_format, fonts, qr_url) -> PosterLayout:
    sans, serif = fonts["sans"], fonts["serif"]
    primary, accent = campaign.colors.primary, campaign.colors.accent
    canvas_width, canvas_height = poster_format.canvas_mm()
    safe_x, safe_y, safe_width, safe_height = poster_format.safe_rect_mm()
    centre_x = safe_x + safe_width / 2
    items: list[object] = []

    # Header: campaign title and year, a rule, the theme.
    title, second = _header_text(subject, campaign)
    floor = poster_format.min_text_px * poster_format.mm_per_px  # small screens: keep secondary lines legible
    title_size = _fit(title, sans, safe_width * 0.92, max(safe_height * 0.052, floor * 1.5))
    theme_size = _fit(second, sans, safe_width * 0.86, max(title_size * 0.62, floor))
    y = safe_y
    items += _centred(title, sans, title_size, centre_x, y, accent)
    y += title_size * 1.45
    rule = max(title_size * 0.07, poster_format.mm_per_px)
    items.append(Rect(safe_x, y, safe_width, rule, accent))
    y += rule + title_size * 0.45
    items += _centred(second, sans, theme_size, centre_x, y, accent)
    header_bottom = y + theme_size

    # Foot: the issuing office, with the QR code to the slogan's page when there is one.
    issuer = campaign.issuer
    if qr_url:
        qr_size = min(safe_height * 0.10, safe_width * 0.24)
        issuer_size = _fit(issuer, sans, safe_width - qr_size - title_size, title_size * 0.6)
        caption = "扫码查看口号及海报下载"
        caption_size = _fit(caption, sans, safe_width - qr_size - title_size, issuer_size * 0.72)
        foot_top = safe_y + safe_height - qr_size
        items.append(_qr(qr_url, safe_x + safe_width - qr_size, foot_top, qr_size))
        block = issuer_size + issuer_size * 0.5 + caption_size
        top = foot_top + (qr_size - block) / 2
        items += _set_line(issuer, sans, issuer_size, safe_x, top, accent)
        items += _set_line(caption, sans, caption_size, safe_x, top + issuer_size * 1.5, accent)
    else:
        issuer_size = _fit(issuer, sans, safe_width * 0.9, max(title_size * 0.6, floor))
        foot_top = safe_y + safe_height - issuer_size
        items += _centred(issuer, sans, issuer_size, centre_x, foot_top, accent)
    foot_rule = foot_top - max(title_size * 0.6, issuer_size * 0.8) - rule
    items.append(Rect(safe_x, foot_rule, safe_width, rule, accent))

    # The slogan, as large as the space between header and foot allows.
    gap = title_size * 0.9
    top, bottom = header_bottom + gap, foot_rule - gap
    lines, slogan_size = _fit_slogan(subject, serif, safe_width * _SLOGAN_WIDTH, bottom - top, poster_format)
    block = len(lines) * slogan_size + (len(lines) - 1) * slogan_size * _LINE_GAP
    y = top + (bottom - top - block) / 2 - (bottom - top - block) * 0.06
    for line in lines:
        items += _centred(line, serif, slogan_size, centre_x, y, accent)
        y += slogan_size * (1 + _LINE_GAP)

    # Gold bands at the top and bottom edges, run into the bleed.
    band = poster_format.bleed_mm + min(title_size * 0.35, (safe_y - poster_format.bleed_mm) * 0.4)
    items.insert(0, Rect(0, 0, canvas_width, band, accent))
    items.insert(1, Rect(0, canvas_height - band, canvas_width, band, accent))
    if poster_format.pixels and poster_format.pixels[0] > poster_format.pixels[1] * 1.5:
        # Wide covers: thin rules mark the central square that the 1:1 crop keeps.
        side = (canvas_width - canvas_height) / 2
        items.insert(2, Rect(side - rule * 2, 0, rule, canvas_height, accent))
        items.insert(3, Rect(canvas_width - side + rule, 0, rule, canvas_height, accent))
    return PosterLayout(poster_format.id, canvas_width, canvas_height, poster_format.canvas_px(), poster_format.dpi,
                        "RGB", primary, tuple(items), slogan_size, _text_bounds(items))


def _fit_slogan(
    subject: PosterSubject, face: Face, width: float, height: float, poster_format: PosterFormat
) -> tuple[list[str], float]:
    """Return the slogan's lines and the largest em size at which they fill ``width`` × ``height``.

    Each half goes on its own line. A half is broken further (by words, GB/T 15834) only
    when it is too long for the width: when breaking lets the slogan grow by at least
    ``_SPLIT_GAIN``, or when whole halves cannot reach the format's minimum size.
    Raises ``CannotFit`` when even the minimum size does not fit.
    """
    minimum = poster_format.min_slogan_px * poster_format.mm_per_px
    options = [_half_options(half, face) for half in subject.halves]
    best_whole, best_split = None, None
    for combo in itertools.product(*(sorted(o.items()) for o in options)):
        lines = [line for _, (split, _) in combo for line in split]
        widest = max(w for _, (_, w) in combo)
        size = min(width / widest, height / (len(lines) + (len(lines) - 1) * _LINE_GAP))
        candidate = (size, -len(lines), lines)
        if all(count == 1 for count, _ in combo):
            best_whole = candidate
        elif best_split is None or candidate[:2] > best_split[:2]:
            best_split = candidate
    chosen = best_whole
    if best_split is not None and (best_split[0] >= best_whole[0] * _SPLIT_GAIN or best_whole[0] < minimum):
        chosen = best_split
    if chosen[0] < minimum - 1e-9:
        raise CannotFit(subject.id, poster_format.id, f"minimum {poster_format.min_slogan_px:g} px")
    return chosen[2], chosen[0]


@lru_cache(maxsize=1024)
def _half_options(half: str, face: Face) -> dict[int, tuple[list[str], float]]:
    """Return line count → (best lines, widest line in ems) for one half."""
    options = split_options(half, lambda line: face.width(line, 1.0))
    return {count: (lines, max(face.width(line, 1.0) for line in lines)) for count, lines in options.items()}


def _couplet(subject, campaign, poster_format, fonts, qr_url) -> PosterLayout:
    sans, serif = fonts["sans"], fonts["serif"]
    primary, accent = campaign.colors.primary, campaign.colors.accent
    canvas_width, canvas_height = poster_format.canvas_mm()
    safe_x, safe_y, safe_width, safe_height = poster_format.safe_rect_mm()
    centre_x = safe_x + safe_width / 2
    items: list[object] = []
    title, _ = _header_text(subject, campaign)
    title_size = _fit(title, sans, safe_width * 0.9, safe_height * 0.028)
    items += _centred(title, sans, title_size, centre_x, safe_y, accent)
    rule = max(title_size * 0.07, poster_format.mm_per_px)
    items.append(Rect(safe_x, safe_y + title_size * 1.5, safe_width, rule, accent))
    issuer_size = _fit(campaign.issuer, sans, safe_width * 0.9, title_size * 0.75)
    items += _centred(campaign.issuer, sans, issuer_size, centre_x, safe_y + safe_height - issuer_size, accent)
    items.append(Rect(safe_x, safe_y + safe_height - issuer_size * 2.1 - rule, safe_width, rule, accent))

    # Two columns on a character grid: first half on the right, second on the left.
    top = safe_y + title_size * 1.5 + rule + title_size * 1.4
    bottom = safe_y + safe_height - issuer_size * 2.1 - rule - title_size * 1.4
    characters = max(len(half) for half in subject.halves)
    pitch, padding, column_gap = 1.12, 0.3, 0.9  # in ems
    size = min(safe_width / (2 * (1 + 2 * padding) + column_gap),
               (bottom - top) / (characters * pitch + 2 * padding))
    if size < poster_format.min_slogan_px * poster_format.mm_per_px or len(subject.halves) != 2:
        raise CannotFit(subject.id, poster_format.id, f"minimum {poster_format.min_slogan_px:g} px")
    column_width = size * (1 + 2 * padding)
    pair_width = 2 * column_width + column_gap * size
    block_height = characters * pitch * size + 2 * padding * size
    block_top = top + (bottom - top - block_height) / 2
    right_x = safe_x + (safe_width + pair_width) / 2 - column_width
    left_x = safe_x + (safe_width - pair_width) / 2
    line = max(size * 0.03, poster_format.mm_per_px)
    for column_x, half in ((right_x, subject.halves[0]), (left_x, subject.halves[1])):
        items += [
            Rect(column_x, block_top, column_width, line, accent),
            Rect(column_x, block_top + block_height - line, column_width, line, accent),
            Rect(column_x, block_top, line, block_height, accent),
            Rect(column_x + column_width - line, block_top, line, block_height, accent),
        ]
        for index, char in enumerate(half):
            cell_top = block_top + padding * size + index * pitch * size + (pitch - 1) * size / 2
            advance = serif.advances[char] * size
            items.append(Glyph(char, serif.role, size, column_x + (column_width - advance) / 2,
                               cell_top + serif.ascent * size, accent))
    band = min(title_size * 0.5, safe_y * 0.4)
    items.insert(0, Rect(0, 0, canvas_width, band, accent))
    items.insert(1, Rect(0, canvas_height - band, canvas_width, band, accent))
    return PosterLayout(poster_format.id, canvas_width, canvas_height, poster_format.canvas_px(), poster_format.dpi,
                        "RGB", primary, tuple(items), size, _text_bounds(items))


def _strip(subject, poster_format, face, fill, background, mode, em_share, margin_em) -> PosterLayout:
    """Return a one-line strip of fixed height whose length follows the text (banner, LED)."""
    height = poster_format.height_mm
    size = height * em_share
    margin, gap = size * margin_em, size
    widths = [face.width(half, size) for half in subject.halves]
    width = 2 * margin + sum(widths) + gap * (len(widths) - 1)
    pixels = (round(width / poster_format.mm_per_px), round(height / poster_format.mm_per_px))
    width = pixels[0] * poster_format.mm_per_px
    x = (width - sum(widths) - gap * (len(widths) - 1)) / 2
    top = (height - size) / 2
    items: list[object] = []
    for half, half_width in zip(subject.halves, widths, strict=True):
        items += _set_line(half, face, size, x, top, fill)
        x += half_width + gap
    return PosterLayout(poster_format.id, width, height, pixels, poster_format.dpi, mode, background, tuple(items),
                        size, _text_bounds(items))


def _banner(subject, campaign, poster_format, fonts, qr_url) -> PosterLayout:
    return _strip(subject, poster_format, fonts["sans"], campaign.colors.accent, campaign.colors.primary, "RGB",
                  0.62, 0.8)


def _led(subject, campaign, poster_format, fonts, qr_url) -> PosterLayout:
    return _strip(subject, poster_format, fonts["sans"], "#FFFFFF", "#000000", "1", 1.0, 0.5)
