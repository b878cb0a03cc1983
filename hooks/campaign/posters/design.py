"""A poster design: its colours (screen and print), which face sets which line, and where everything goes.

Layout receives one ``Design`` and takes every visual decision from it, so a design is
data: today ``campaign_design`` makes the one design from the campaign's colours; a design
read from a file would fill the same fields. Sizes are relative (shares of the text
area, or ems of another line), so one design fits every format of its kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.model import Campaign, Cmyk


@dataclass(frozen=True)
class Colour:
    """One colour as screens show it (``#RRGGBB``) and as it prints (CMYK, percent per ink)."""

    screen: str
    cmyk: Cmyk


#: QR codes are printed black ink alone (K100) on unprinted paper, whatever the design.
QR_DARK = Colour("#000000", (0, 0, 0, 100))
QR_LIGHT = Colour("#FFFFFF", (0, 0, 0, 0))


@dataclass(frozen=True)
class LineStyle:
    """How one kind of line is set: the face (a role in ``fonts.FACES``) and the colour (a name in ``Design.colours``)."""

    face: str
    colour: str


@dataclass(frozen=True)
class PosterPlacement:
    """Where title, theme, slogan, 落款 and QR code go on a poster (kind "poster").

    ``header`` and ``footer`` list their parts top to bottom: ``title``, ``theme``,
    ``issuer`` (the 落款), ``caption`` (the QR code's explanation) and ``rule``. The slogan
    takes the space between them. ``unit`` is the title's nominal em as a share of the
    text area's height; other sizes are in units or as noted.
    """

    header: tuple[str, ...] = ("title", "rule", "theme")
    footer: tuple[str, ...] = ("rule", "issuer", "caption")
    qr: str = "right"  # side of the footer the QR code takes: "right" or "left"
    unit: float = 0.052
    title_width: float = 0.92  # share of the text width the title may fill
    theme_size: float = 0.62  # in units
    theme_width: float = 0.86
    issuer_size: float = 0.6  # in units
    caption_size: float = 0.43  # in units
    qr_size: float = 0.10  # share of the text area's height, at most ``qr_width`` of its width
    qr_width: float = 0.24
    rule: float = 0.07  # thickness, in units
    band: float = 0.35  # bands along the top and bottom edges, in units (0: none)
    slogan_width: float = 0.94  # share of the text width the slogan may fill
    line_gap: float = 0.32  # between slogan lines, in slogan ems
    max_lines_per_half: int = 3


@dataclass(frozen=True)
class CoupletPlacement:
    """How a couplet column is set: characters top to bottom on a grid, inside a thin frame."""

    width: float = 0.62  # character em as a share of the column's printed width, at most
    pitch: float = 1.12  # character advance down the column, in ems
    frame: float = 0.04  # inset of the frame line from the trim, as a share of the column width
    frame_line: float = 0.006  # thickness of the frame line, as a share of the column width
    padding: float = 0.5  # between the frame and the first and last character, in ems


@dataclass(frozen=True)
class BannerPlacement:
    """How a banner is set: one line, its em a share of the height, margins in ems."""

    height: float = 0.62
    margin: float = 0.8


@dataclass(frozen=True)
class Design:
    """Everything visual about a poster series, handed to layout as one object.

    ``colours`` are named (``ground``: the background; ``ink``: text, rules and bands);
    ``lines`` maps each line (``title``, ``theme``, ``slogan``, ``issuer``, ``caption``,
    ``banner``) to its face and colour. ``series_break_below``: a slogan whose halves
    cannot fit on one line each at this share of the series' typical size has its long
    halves broken (between words) rather than shrinking the whole series.
    """

    id: str
    colours: dict[str, Colour]
    lines: dict[str, LineStyle]
    poster: PosterPlacement = field(default_factory=PosterPlacement)
    couplet: CoupletPlacement = field(default_factory=CoupletPlacement)
    banner: BannerPlacement = field(default_factory=BannerPlacement)
    series_break_below: float = 0.75

    def colour(self, line: str) -> Colour:
        """Return the colour of a line (``title``, ``slogan``, …)."""
        return self.colours[self.lines[line].colour]


def campaign_design(campaign: Campaign) -> Design:
    """Return the campaign's design: its colours from ``slogans.yaml``, sans for the small lines, serif for slogans."""
    palette = campaign.colors
    return Design(
        id="campaign",
        colours={
            "ground": Colour(palette.primary, palette.primary_cmyk),
            "ink": Colour(palette.accent, palette.accent_cmyk),
        },
        lines={
            "title": LineStyle("sans", "ink"),
            "theme": LineStyle("sans", "ink"),
            "slogan": LineStyle("serif", "ink"),
            "issuer": LineStyle("sans", "ink"),
            "caption": LineStyle("sans", "ink"),
            "banner": LineStyle("sans", "ink"),
        },
    )
