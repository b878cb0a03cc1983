"""Share cards: the 1200×630 image chat apps and social sites show for a shared page.

``card_spec`` says what a card holds; ``render_share_card`` draws it with the poster
fonts and returns a Pillow image (no file I/O). Sizes are derived from the space
available, so any page title fits.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from PIL import Image, ImageDraw

from ..posters.fonts import Face
from ..posters.linebreak import break_slogan
from ..store import digest

#: Open Graph's recommended size (also what WeChat and Weibo crop from).
CARD_SIZE = (1200, 630)
#: Bump when the drawing changes, so cached cards are redrawn.
LAYOUT_VERSION = 2

_MARGIN = 72
_TITLE_MAX_LINES = 3
#: The box the page title is set in (left, top, right, bottom) and the largest title size.
_TITLE_BOX = (_MARGIN, 170, CARD_SIZE[0] - _MARGIN, CARD_SIZE[1] - 180)
_TITLE_LARGEST = 84
#: The tagline's box: one line, at most this size.
_TAGLINE_HEIGHT, _TAGLINE_LARGEST = 60, 44


@dataclass(frozen=True)
class CardSpec:
    """What one card shows: the page title big; campaign name, tagline and issuer small; campaign colours."""

    title: str
    campaign_title: str
    tagline: str  # the campaign theme, or "" for none
    issuer: str
    background: str  # "#RRGGBB"
    foreground: str  # "#RRGGBB", text on the background

    def key(self, *faces: Face) -> str:
        """Return the store key of this card drawn with ``faces``."""
        return digest({"share-card": asdict(self), "fonts": [f.sha256 for f in faces], "layout": LAYOUT_VERSION})


def fit_text(text: str, face: Face, width: int, height: int, max_lines: int, largest: int) -> tuple[int, list[str]]:
    """Return the largest font size (≤ ``largest``) and the lines at which ``text`` fits the box.

    Lines break as on the posters (``linebreak``): at the text's own spaces first, then at
    words, always obeying the GB/T 15834 punctuation rules. Refuses (``ValueError``) text
    that cannot fit even at the smallest size.
    """
    for size in range(largest, 11, -2):
        font = face.pillow(size)
        if font.getlength(text.replace(" ", "")) > width * max_lines or round(size * 1.3) > height:
            continue  # no way of breaking the lines can fit it at this size

        def fits(line: str, font=font) -> bool:
            return font.getlength(line) <= width

        lines = [text] if fits(text) else break_slogan(tuple(text.split()), fits, max_lines)
        if lines and len(lines) <= max_lines and round(size * 1.3) * len(lines) <= height:
            return size, lines
    raise ValueError(f"text does not fit a {width}×{height} box: {text!r}")


def render_share_card(spec: CardSpec, title_face: Face, text_face: Face) -> Image.Image:
    """Return the card for ``spec`` as an RGB image of ``CARD_SIZE``.

    Layout: campaign name on top, a rule in the foreground colour, the page title as large as
    fits in up to three lines, and the tagline (if any) and issuer along the bottom.
    """
    width, height = CARD_SIZE
    inner = width - 2 * _MARGIN
    image = Image.new("RGB", CARD_SIZE, spec.background)
    draw = ImageDraw.Draw(image)

    head = text_face.pillow(40)
    draw.text((_MARGIN, 64), spec.campaign_title, font=head, fill=spec.foreground)
    draw.rectangle((_MARGIN, 132, width - _MARGIN, 137), fill=spec.foreground)

    if spec.tagline:
        foot_size, foot_lines = fit_text(spec.tagline, text_face, inner, _TAGLINE_HEIGHT, 1, _TAGLINE_LARGEST)
        draw.text((_MARGIN, height - 150), foot_lines[0], font=text_face.pillow(foot_size), fill=spec.foreground)
    issuer = text_face.pillow(28)
    draw.text((_MARGIN, height - 88), spec.issuer, font=issuer, fill=spec.foreground)

    _left, top, _right, bottom = _TITLE_BOX
    size, lines = fit_text(spec.title, title_face, inner, bottom - top, _TITLE_MAX_LINES, _TITLE_LARGEST)
    font = title_face.pillow(size)
    pitch = round(size * 1.3)
    y = top + (bottom - top - pitch * len(lines)) // 2
    for line in lines:
        draw.text((_MARGIN, y), line, font=font, fill=spec.foreground)
        y += pitch
    return image


def card_problems(spec: CardSpec, title_face: Face, text_face: Face) -> list[str]:
    """Return why the card of ``spec`` cannot be drawn (Chinese): characters the faces lack, text that cannot fit.

    Empty when ``render_share_card`` will succeed; nothing is drawn.
    """
    missing = title_face.missing(spec.title) + text_face.missing(spec.campaign_title + spec.tagline + spec.issuer)
    if missing:
        return [f"分享卡片使用的海报字体中没有这些字：{missing}（请改用 GB 2312 范围内的常用字，不要用表情符号）"]
    problems = []
    left, top, right, bottom = _TITLE_BOX
    try:
        fit_text(spec.title, title_face, right - left, bottom - top, _TITLE_MAX_LINES, _TITLE_LARGEST)
    except ValueError:
        problems.append(f"“{spec.title}”太长，分享卡片上最多三行也放不下，请缩短")
    if spec.tagline:
        try:
            fit_text(spec.tagline, text_face, right - left, _TAGLINE_HEIGHT, 1, _TAGLINE_LARGEST)
        except ValueError:
            problems.append(f"活动主题“{spec.tagline}”太长，分享卡片底部一行放不下，请缩短")
    return problems


def card_png(image: Image.Image) -> bytes:
    """Return ``image`` as optimised PNG bytes."""
    import io

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
