"""The campaign as typed, validated objects: what every other module receives."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Contact:
    """The contact person the notice names."""

    name: str
    phone: str
    email: str

    @property
    def phone_uri(self) -> str:
        """Return the ``tel:`` URI of the phone number (digits and a leading + only)."""
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")

    @property
    def email_uri(self) -> str:
        """Return the ``mailto:`` URI of the e-mail address."""
        return f"mailto:{self.email}"


#: A print colour: cyan, magenta, yellow and black ink in percent (0–100 each).
Cmyk = tuple[float, float, float, float]


@dataclass(frozen=True)
class Palette:
    """Campaign colours: ``primary`` backgrounds, ``accent`` text on them.

    Each as ``#RRGGBB`` for screens and as CMYK percentages for print; print colours are
    declared, never converted from the screen ones.
    """

    primary: str
    accent: str
    primary_cmyk: Cmyk
    accent_cmyk: Cmyk


@dataclass(frozen=True)
class PrintFormatConfig:
    """A print format an office added in ``slogans.yaml``: its board, lightbox or banner."""

    id: str
    name: str  # what it is, shown on the download page
    size_mm: tuple[float, float]  # trimmed width and height (couplets: width and longest length)
    bleed_mm: float
    kind: str  # "poster" or "couplet"
    hidden_bottom_mm: float = 0.0  # covered by a stand or frame: no text there
    #: Line of the entry in slogans.yaml, for messages (not part of its identity).
    line: int = field(default=1, compare=False)


@dataclass(frozen=True)
class PrintSettings:
    """How print files are made: the print condition they declare, crop marks, and formats added in configuration."""

    output_intent: str = "JC200103"  # a registered print condition (ICC characterization data registry)
    crop_marks: bool = False
    formats: tuple[PrintFormatConfig, ...] = ()


@dataclass(frozen=True)
class Slogan:
    """One slogan of the attachment: its published id, text and its two halves."""

    id: str
    text: str
    halves: tuple[str, str]
    number: int  # 1-based position in the attachment
    #: The lines staff chose for posters (top to bottom), overriding the line breaker; None: automatic.
    lines: tuple[str, ...] | None = None
    #: Line of its ``text`` in slogans.yaml, for messages (not part of its identity).
    line: int = field(default=1, compare=False)
    #: Line of its ``lines`` field in slogans.yaml (the ``text`` line when there is none).
    lines_line: int = field(default=1, compare=False)
    #: Line of its ``id`` in slogans.yaml, for messages about what the id names.
    id_line: int = field(default=1, compare=False)

    @property
    def page_path(self) -> str:
        """Return the path of this slogan's page, relative to the docs dir."""
        return f"slogans/{self.id}.md"


@dataclass(frozen=True)
class Campaign:
    """Everything the site and posters know about one campaign, from ``slogans.yaml``."""

    title: str
    year: int
    theme: str
    issuer: str
    document_number: str
    attachment_title: str
    contact: Contact
    colors: Palette
    slogans: tuple[Slogan, ...]
    printing: PrintSettings = PrintSettings()
    #: Line of each ``campaign.<field>`` in slogans.yaml, for messages (not part of its identity).
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, name: str) -> int:
        """Return the line of ``campaign.<name>`` in slogans.yaml (1 when unknown)."""
        return self.lines.get(name, 1)

    def slogan(self, slogan_id: str) -> Slogan | None:
        """Return the slogan with this id, or ``None``."""
        return next((s for s in self.slogans if s.id == slogan_id), None)


@dataclass(frozen=True)
class Unit:
    """An office that hangs the posters under its own name (the 落款), from a units file."""

    id: str  # ASCII, part of its folder and file names
    name: str  # as it appears on the 落款
    short_name: str | None = None  # for formats too small for the full name
    #: Line and column of its ``name`` in the units file, for messages (not part of its identity).
    line: int = field(default=1, compare=False)
    column: int = field(default=1, compare=False)
    #: Line and column of its ``short_name`` (of its ``name`` when it has none).
    short_line: int = field(default=1, compare=False)
    short_column: int = field(default=1, compare=False)
