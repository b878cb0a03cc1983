"""A poster design: its colours (screen and print), shapes, which face sets which line, and where everything goes.

Layout receives one ``Design`` and takes every visual decision from it. Designs are data:
each is a file in ``theme/designs/`` read by ``design_file.load_designs``; this module
only says what a design holds. Sizes are relative (shares of the text area, or ems of
another line), so one design fits every format of its kind.

The parts, by kind of format:

* ``poster``: the ground colour, the face and colour of each line (``title``, ``theme``,
  ``slogan``, ``issuer`` — the 落款 — and ``caption``, the QR code's explanation), the
  header and footer parts top to bottom, the rule colour, and background ``shapes``
  (bands along the top and bottom edges, a frame line, panels behind header or footer),
  all drawn as vector rectangles;
* ``couplet``: ground, ink and face of the columns (always red paper: see design_file);
* ``banner``: ground (the cloth), ink and face, and how large the 落款 at its end is;
* LED strips are lit dots and take nothing from a design.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..content.model import Cmyk


@dataclass(frozen=True)
class Colour:
    """One colour as screens show it (``#RRGGBB``) and as it prints (CMYK, percent per ink)."""

    screen: str
    cmyk: Cmyk


#: QR codes are printed black ink alone (K100) on unprinted paper, whatever the design.
QR_DARK = Colour("#000000", (0, 0, 0, 100))
QR_LIGHT = Colour("#FFFFFF", (0, 0, 0, 0))

#: The lines of a poster, in the words of the design files.
POSTER_LINES = ("title", "theme", "slogan", "issuer", "caption")
#: Parts a header or footer may list; the slogan takes the space between them.
HEADER_PARTS = ("title", "theme", "rule", "double-rule")
FOOTER_PARTS = ("issuer", "caption", "rule", "double-rule")


@dataclass(frozen=True)
class LineStyle:
    """How one kind of line is set: the face (a role in ``fonts.FACES``) and the colour (a name in ``Design.colours``)."""

    face: str
    colour: str


@dataclass(frozen=True)
class Shape:
    """A background shape of a poster, drawn under the text as vector rectangles.

    ``kind`` is ``band`` (along the ``edge`` "top" or "bottom" of the printed area, into
    the bleed, ``depth`` units deep), ``frame`` (a line ``width`` units thick, ``inset``
    units inside the printed area's edges) or ``panel`` (behind the ``edge`` "header" or
    "footer": from the printed edge to just past those lines, full width). Bands and
    frames stay in the margin outside the text area, however deep the design asks.
    """

    kind: str
    colour: str
    edge: str = ""
    depth: float = 0.0
    inset: float = 0.0
    width: float = 0.0


@dataclass(frozen=True)
class PosterPlacement:
    """Where title, theme, slogan, 落款 and QR code go on a poster (kind "poster"), and what lies under them.

    ``header`` and ``footer`` list their parts top to bottom (``HEADER_PARTS``,
    ``FOOTER_PARTS``). ``unit`` is the title's nominal em as a share of the text area's
    height; other sizes are in units or as noted.
    """

    ground: str = "ground"  # a name in Design.colours
    rule_colour: str = "ink"
    shapes: tuple[Shape, ...] = ()
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
    slogan_width: float = 0.94  # share of the text width the slogan may fill
    line_gap: float = 0.32  # between slogan lines, in slogan ems
    max_lines_per_half: int = 3


@dataclass(frozen=True)
class CoupletPlacement:
    """How a couplet column is set: characters top to bottom on a grid, inside a thin frame."""

    ground: str = "ground"
    ink: str = "ink"
    face: str = "serif"
    width: float = 0.62  # character em as a share of the column's printed width, at most
    pitch: float = 1.12  # character advance down the column, in ems
    frame: float = 0.04  # inset of the frame line from the trim, as a share of the column width
    frame_line: float = 0.006  # thickness of the frame line, as a share of the column width
    padding: float = 0.5  # between the frame and the first and last character, in ems


@dataclass(frozen=True)
class BannerPlacement:
    """How a cloth banner is set: the cloth's colour, one line whose em is a share of the height, margins in ems,
    and the 落款 after the slogan at ``issuer_size`` of its em, ``issuer_gap`` ems after it (0: no 落款)."""

    ground: str = "ground"
    ink: str = "ink"
    face: str = "sans"
    height: float = 0.62
    margin: float = 0.8
    issuer_size: float = 0.4
    issuer_gap: float = 1.5


@dataclass(frozen=True)
class Design:
    """Everything visual about a poster series, handed to layout as one object.

    ``id`` is the design file's name (published in file names and ``posters.json``);
    ``name`` and ``description`` are shown on the site (Chinese); designs are listed by
    ``order`` and the first is the site's default. ``colours`` are named; ``lines`` maps
    each poster line to its face and colour. ``series_break_below``: a slogan whose
    halves cannot fit on one line each at this share of the series' typical size has its
    long halves broken (between words) rather than shrinking the whole series.
    ``source``: the file and the line of each field, for messages (not part of the design).
    """

    id: str
    colours: dict[str, Colour]
    lines: dict[str, LineStyle]
    name: str = ""
    description: str = ""
    order: int = 0
    poster: PosterPlacement = field(default_factory=PosterPlacement)
    couplet: CoupletPlacement = field(default_factory=CoupletPlacement)
    banner: BannerPlacement = field(default_factory=BannerPlacement)
    series_break_below: float = 0.75
    source: str = field(default="", compare=False)

    def colour(self, line: str) -> Colour:
        """Return the colour of a poster line (``title``, ``slogan``, …)."""
        return self.colours[self.lines[line].colour]

    def named(self, name: str) -> Colour:
        """Return the colour called ``name`` in this design."""
        return self.colours[name]

    def visual(self, kind: str) -> dict:
        """Return what a format of ``kind`` takes from this design (for cache keys): nothing for LED strips.

        Name, description and order are not visual: renaming a design renders nothing again.
        """
        if kind == "led":
            return {}
        if kind == "poster":
            return {"part": asdict(self.poster), "lines": {k: asdict(v) for k, v in sorted(self.lines.items())},
                    "colours": {k: asdict(v) for k, v in sorted(self.colours.items())},
                    "series_break_below": self.series_break_below}
        part = self.couplet if kind == "couplet" else self.banner
        # By value, not by name: designs whose couplets look alike share their files.
        data = {k: v for k, v in asdict(part).items() if k not in ("ground", "ink")}
        return {"part": data, "ground": asdict(self.named(part.ground)), "ink": asdict(self.named(part.ink)),
                "series_break_below": self.series_break_below}


def design_data(design: Design) -> dict:
    """Return a design as plain JSON data (for pages and scripts): id, name, colours, lines and placements."""
    return {
        "id": design.id,
        "name": design.name,
        "description": design.description,
        "order": design.order,
        "colours": {name: {"screen": c.screen, "cmyk": list(c.cmyk)} for name, c in design.colours.items()},
        "lines": {name: asdict(style) for name, style in design.lines.items()},
        "poster": asdict(design.poster),
        "couplet": asdict(design.couplet),
        "banner": asdict(design.banner),
        "series_break_below": design.series_break_below,
    }
