"""Poster typesetting: compute every box (glyph, rule, QR code) in millimetres, draw nothing.

``layout(subject, campaign, preset, fonts)`` is pure: the raster and vector backends only
place what it returns. Font sizes come from the space available (the preset's safe area),
never from per-slogan constants; a slogan that cannot fit at the preset's minimum size
raises ``CannotFit``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .fonts import FaceMetrics, PosterFonts
from .linebreak import split_options
from .model import Campaign, Slogan
from .presets import PosterPreset

#: Bump when the design changes so every cached poster is rendered again.
LAYOUT_VERSION = 5

#: Id of the poster of the campaign theme (refused as a slogan id).
THEME_ID = "huodong-zhuti"

_LINE_GAP = 0.32  # slogan line gap, in slogan ems
_SLOGAN_WIDTH = 0.94  # share of the safe width the slogan may use
_SPLIT_GAIN = 1.6  # break inside a half only if the slogan grows by this factor
_IDEOGRAPHIC_SPACE = "\u3000"


@dataclass(frozen=True)
class PosterSubject:
    """What a poster says: a slogan, or the campaign theme treated like one."""

    id: str
    text: str
    halves: tuple[str, ...]
    is_theme: bool = False


def slogan_subject(slogan: Slogan) -> PosterSubject:
    """Return the poster subject of a slogan."""
    return PosterSubject(slogan.id, slogan.text, tuple(slogan.halves))


def theme_subject(campaign: Campaign) -> PosterSubject:
    """Return the poster subject of the campaign theme (halves split at its space)."""
    return PosterSubject(THEME_ID, campaign.theme, tuple(campaign.theme.split()), is_theme=True)


def poster_subjects(campaign: Campaign) -> list[PosterSubject]:
    """Return every subject that gets posters: the theme first, then the slogans in order."""
    return [theme_subject(campaign)] + [slogan_subject(s) for s in campaign.slogans]


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

    preset_id: str
    width_mm: float
    height_mm: float
    pixels: tuple[int, int]
    dpi: float
    mode: str  # "RGB" or "1"
    background: str
    items: tuple[object, ...]
    slogan_lines: tuple[str, ...]
    slogan_size_mm: float
    text_rect_mm: tuple[float, float, float, float] = field(default=(0, 0, 0, 0))  # bounding box of all text


class CannotFit(Exception):
    """The subject cannot be set in the preset at or above its minimum size."""

    def __init__(self, subject_id: str, preset_id: str, detail: str):
        self.subject_id, self.preset_id, self.detail = subject_id, preset_id, detail
        super().__init__(f"{subject_id} / {preset_id}: {detail}")


def layout(
    subject: PosterSubject, campaign: Campaign, preset: PosterPreset, fonts: PosterFonts, qr_url: str | None = None
) -> PosterLayout:
    """Return the boxes of ``subject`` on ``preset``; raises ``CannotFit`` if it cannot be set.

    ``qr_url`` (the slogan page's absolute address) adds a QR code on presets that carry one.
    """
    kind = {"poster": _poster, "couplet": _couplet, "banner": _banner, "led": _led}[preset.kind]
    return kind(subject, campaign, preset, fonts, qr_url if preset.qr else None)


# --- geometry helpers -------------------------------------------------------------------


def _display(text: str) -> str:
    """Return ``text`` with ASCII spaces widened to the ideographic space (one em)."""
    return text.replace(" ", _IDEOGRAPHIC_SPACE)


def _set_line(text: str, face: FaceMetrics, size: float, x: float, top: float, fill: str) -> list[Glyph]:
    """Return the glyphs of one horizontal line whose em box starts at (x, top)."""
    glyphs, baseline = [], top + face.ascent * size
    for char in text:
        if not char.isspace():
            glyphs.append(Glyph(char, face.role, size, x, baseline, fill))
        x += face.advances[char] * size
    return glyphs


def _centred(text: str, face: FaceMetrics, size: float, cx: float, top: float, fill: str) -> list[Glyph]:
    return _set_line(text, face, size, cx - face.width(text, size) / 2, top, fill)


def _fit(text: str, face: FaceMetrics, width: float, cap: float) -> float:
    """Return the largest size ≤ ``cap`` at which ``text`` is at most ``width`` wide."""
    return min(cap, width / max(face.width(text, 1.0), 1e-9))


def _text_bounds(items: list[object]) -> tuple[float, float, float, float]:
    glyphs = [g for g in items if isinstance(g, Glyph)]
    x0 = min(g.x for g in glyphs)
    y0 = min(g.baseline - 0.88 * g.size for g in glyphs)
    x1 = max(g.x + g.size for g in glyphs)
    y1 = max(g.baseline + 0.12 * g.size for g in glyphs)
    return x0, y0, x1 - x0, y1 - y0


def _qr(url: str, x: float, y: float, size: float) -> QRCode:
    import segno

    code = segno.make(url, error="m", micro=False)
    modules = tuple(tuple(int(bool(v)) for v in row) for row in code.matrix)
    return QRCode(x, y, size, modules, border=4)  # the quiet zone the QR standard asks for


def _canvas(preset: PosterPreset) -> tuple[float, float, tuple[int, int]]:
    w, h = preset.canvas_mm()
    return w, h, preset.canvas_px()


# --- the formats ------------------------------------------------------------------------


def _header_text(subject: PosterSubject, campaign: Campaign) -> tuple[str, str]:
    title = f"{campaign.year}年{campaign.title}"
    second = "活动主题" if subject.is_theme else f"活动主题：{_display(campaign.theme)}"
    return title, second


def _poster(subject, campaign, preset, fonts, qr_url) -> PosterLayout:
    sans, serif = fonts["sans"], fonts["serif"]
    primary, accent = campaign.colors.primary, campaign.colors.accent
    cw, ch, px = _canvas(preset)
    sx, sy, sw, sh = preset.safe_rect_mm()
    items: list[object] = []

    # Header: campaign title and year, a rule, the theme.
    title, second = _header_text(subject, campaign)
    floor = preset.min_text_px * preset.mm_per_px  # small screens: keep secondary lines legible
    t = _fit(title, sans, sw * 0.92, max(sh * 0.052, floor * 1.5))
    th = _fit(second, sans, sw * 0.86, max(t * 0.62, floor))
    y = sy
    items += _centred(title, sans, t, sx + sw / 2, y, accent)
    y += t * 1.45
    rule = max(t * 0.07, preset.mm_per_px)
    items.append(Rect(sx, y, sw, rule, accent))
    y += rule + t * 0.45
    items += _centred(second, sans, th, sx + sw / 2, y, accent)
    header_bottom = y + th

    # Foot: the issuing office, with the QR code to the slogan's page when there is one.
    issuer = campaign.issuer
    if qr_url:
        q = min(sh * 0.10, sw * 0.24)
        f = _fit(issuer, sans, sw - q - t, t * 0.6)
        caption = "扫码查看口号及海报下载"
        c = _fit(caption, sans, sw - q - t, f * 0.72)
        foot_top = sy + sh - q
        items.append(_qr(qr_url, sx + sw - q, foot_top, q))
        block = f + f * 0.5 + c
        top = foot_top + (q - block) / 2
        items += _set_line(issuer, sans, f, sx, top, accent)
        items += _set_line(caption, sans, c, sx, top + f * 1.5, accent)
    else:
        f = _fit(issuer, sans, sw * 0.9, max(t * 0.6, floor))
        foot_top = sy + sh - f
        items += _centred(issuer, sans, f, sx + sw / 2, foot_top, accent)
    foot_rule = foot_top - max(t * 0.6, f * 0.8) - rule
    items.append(Rect(sx, foot_rule, sw, rule, accent))

    # The slogan, as large as the space between header and foot allows.
    gap = t * 0.9
    top, bottom = header_bottom + gap, foot_rule - gap
    lines, s = _fit_slogan(subject, serif, sw * _SLOGAN_WIDTH, bottom - top, preset)
    block = len(lines) * s + (len(lines) - 1) * s * _LINE_GAP
    y = top + (bottom - top - block) / 2 - (bottom - top - block) * 0.06
    for line in lines:
        items += _centred(line, serif, s, sx + sw / 2, y, accent)
        y += s * (1 + _LINE_GAP)

    # Gold bands at the top and bottom edges, run into the bleed.
    band = preset.bleed_mm + min(t * 0.35, (sy - preset.bleed_mm) * 0.4)
    items.insert(0, Rect(0, 0, cw, band, accent))
    items.insert(1, Rect(0, ch - band, cw, band, accent))
    if preset.pixels and preset.pixels[0] > preset.pixels[1] * 1.5:
        # Wide covers: thin rules mark the central square that the 1:1 crop keeps.
        side = (cw - ch) / 2
        items.insert(2, Rect(side - rule * 2, 0, rule, ch, accent))
        items.insert(3, Rect(cw - side + rule, 0, rule, ch, accent))
    return PosterLayout(
        preset.id, cw, ch, px, preset.dpi, "RGB", primary, tuple(items), tuple(lines), s, _text_bounds(items)
    )


def _fit_slogan(
    subject: PosterSubject, face: FaceMetrics, width: float, height: float, preset: PosterPreset
) -> tuple[list[str], float]:
    """Return the slogan's lines and the largest em size at which they fill ``width`` × ``height``.

    Each half goes on its own line. A half is broken further (by words, GB/T 15834) only
    when it is too long for the width: when breaking lets the slogan grow by at least
    ``_SPLIT_GAIN``, or when whole halves cannot reach the preset's minimum size.
    Raises ``CannotFit`` when even the minimum size does not fit.
    """
    minimum = preset.min_slogan_px * preset.mm_per_px
    options = [_half_options(half, face) for half in subject.halves]
    best_whole, best_split = None, None
    for combo in itertools.product(*(sorted(o.items()) for o in options)):
        lines = [line for _, (split, _) in combo for line in split]
        widest = max(w for _, (_, w) in combo)
        size = min(width / widest, height / (len(lines) + (len(lines) - 1) * _LINE_GAP))
        candidate = (size, -len(lines), lines)
        if all(n == 1 for n, _ in combo):
            best_whole = candidate
        elif best_split is None or candidate[:2] > best_split[:2]:
            best_split = candidate
    chosen = best_whole
    if best_split is not None and (best_split[0] >= best_whole[0] * _SPLIT_GAIN or best_whole[0] < minimum):
        chosen = best_split
    if chosen[0] < minimum - 1e-9:
        raise CannotFit(subject.id, preset.id, f"minimum {preset.min_slogan_px:g} px")
    return chosen[2], chosen[0]


_HALF_OPTIONS: dict[tuple[str, str], dict[int, tuple[list[str], float]]] = {}


def _half_options(half: str, face: FaceMetrics) -> dict[int, tuple[list[str], float]]:
    """Return line count → (best lines, widest line in ems) for one half (memoised per face)."""
    key = (half, face.sha256)
    if key not in _HALF_OPTIONS:
        options = split_options(half, lambda line: face.width(line, 1.0))
        _HALF_OPTIONS[key] = {n: (lines, max(face.width(line, 1.0) for line in lines)) for n, lines in options.items()}
    return _HALF_OPTIONS[key]


def _couplet(subject, campaign, preset, fonts, qr_url) -> PosterLayout:
    sans, serif = fonts["sans"], fonts["serif"]
    primary, accent = campaign.colors.primary, campaign.colors.accent
    cw, ch, px = _canvas(preset)
    sx, sy, sw, sh = preset.safe_rect_mm()
    items: list[object] = []
    title, _ = _header_text(subject, campaign)
    t = _fit(title, sans, sw * 0.9, sh * 0.028)
    items += _centred(title, sans, t, sx + sw / 2, sy, accent)
    rule = max(t * 0.07, preset.mm_per_px)
    items.append(Rect(sx, sy + t * 1.5, sw, rule, accent))
    f = _fit(campaign.issuer, sans, sw * 0.9, t * 0.75)
    items += _centred(campaign.issuer, sans, f, sx + sw / 2, sy + sh - f, accent)
    items.append(Rect(sx, sy + sh - f * 2.1 - rule, sw, rule, accent))

    # Two columns on a character grid: first half on the right, second on the left.
    top, bottom = sy + t * 1.5 + rule + t * 1.4, sy + sh - f * 2.1 - rule - t * 1.4
    n = max(len(h) for h in subject.halves)
    pitch, pad, col_gap = 1.12, 0.3, 0.9  # in ems
    s = min(sw / (2 * (1 + 2 * pad) + col_gap), (bottom - top) / (n * pitch + 2 * pad))
    if s < preset.min_slogan_px * preset.mm_per_px or len(subject.halves) != 2:
        raise CannotFit(subject.id, preset.id, f"minimum {preset.min_slogan_px:g} px")
    col_w = s * (1 + 2 * pad)
    pair_w = 2 * col_w + col_gap * s
    block_h = n * pitch * s + 2 * pad * s
    y0 = top + (bottom - top - block_h) / 2
    right_x = sx + (sw + pair_w) / 2 - col_w
    left_x = sx + (sw - pair_w) / 2
    line = max(s * 0.03, preset.mm_per_px)
    for col_x, half in ((right_x, subject.halves[0]), (left_x, subject.halves[1])):
        items += [
            Rect(col_x, y0, col_w, line, accent),
            Rect(col_x, y0 + block_h - line, col_w, line, accent),
            Rect(col_x, y0, line, block_h, accent),
            Rect(col_x + col_w - line, y0, line, block_h, accent),
        ]
        for i, char in enumerate(half):
            cell_top = y0 + pad * s + i * pitch * s + (pitch - 1) * s / 2
            adv = serif.advances[char] * s
            items.append(Glyph(char, serif.role, s, col_x + (col_w - adv) / 2, cell_top + serif.ascent * s, accent))
    band = min(t * 0.5, sy * 0.4)
    items.insert(0, Rect(0, 0, cw, band, accent))
    items.insert(1, Rect(0, ch - band, cw, band, accent))
    return PosterLayout(
        preset.id, cw, ch, px, preset.dpi, "RGB", primary, tuple(items), tuple(subject.halves), s, _text_bounds(items)
    )


def _strip(subject, preset, face, fill, background, mode, em_share, margin_em) -> PosterLayout:
    """Return a one-line strip of fixed height whose length follows the text (banner, LED)."""
    h = preset.height_mm
    s = h * em_share
    margin, gap = s * margin_em, s
    widths = [face.width(half, s) for half in subject.halves]
    w = 2 * margin + sum(widths) + gap * (len(widths) - 1)
    px = (round(w / preset.mm_per_px), round(h / preset.mm_per_px))
    w = px[0] * preset.mm_per_px
    x = (w - sum(widths) - gap * (len(widths) - 1)) / 2
    top = (h - s) / 2
    items: list[object] = []
    for half, width in zip(subject.halves, widths, strict=True):
        items += _set_line(half, face, s, x, top, fill)
        x += width + gap
    return PosterLayout(
        preset.id, w, h, px, preset.dpi, mode, background, tuple(items), tuple(subject.halves), s, _text_bounds(items)
    )


def _banner(subject, campaign, preset, fonts, qr_url) -> PosterLayout:
    return _strip(subject, preset, fonts["sans"], campaign.colors.accent, campaign.colors.primary, "RGB", 0.62, 0.8)


def _led(subject, campaign, preset, fonts, qr_url) -> PosterLayout:
    return _strip(subject, preset, fonts["sans"], "#FFFFFF", "#000000", "1", 1.0, 0.5)
