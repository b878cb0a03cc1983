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
        foot_size, foot_lines = fit_text(spec.tagline, text_face, inner, 60, 1, 44)
        draw.text((_MARGIN, height - 150), foot_lines[0], font=text_face.pillow(foot_size), fill=spec.foreground)
    issuer = text_face.pillow(28)
    draw.text((_MARGIN, height - 88), spec.issuer, font=issuer, fill=spec.foreground)

    top, bottom = 170, height - 180
    size, lines = fit_text(spec.title, title_face, inner, bottom - top, _TITLE_MAX_LINES, 84)
    font = title_face.pillow(size)
    pitch = round(size * 1.3)
    y = top + (bottom - top - pitch * len(lines)) // 2
    for line in lines:
        draw.text((_MARGIN, y), line, font=font, fill=spec.foreground)
        y += pitch
    return image


def card_png(image: Image.Image) -> bytes:
    """Return ``image`` as optimised PNG bytes."""
    import io

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
