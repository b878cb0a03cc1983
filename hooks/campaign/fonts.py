"""Poster fonts: the vendored subsets, how they are made, what they can draw and how wide text is.

Posters are drawn with font files kept in ``theme/fonts/`` (Noto Sans/Serif CJK SC Bold,
SIL Open Font License), subset to GB 2312 plus ASCII and full-width punctuation so a
fresh clone renders posters without any system font. ``write_subsets`` regenerates them
reproducibly from the upstream collections; ``coverage_problems`` refuses slogans the
subsets cannot draw, before anything is rendered.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import Campaign
from .problems import ContentProblem

log = logging.getLogger("mkdocs.plugins.campaign.posters")

def theme_fonts(theme_dir: Path) -> Path:
    """Return the folder of the vendored poster fonts inside a theme folder (``custom_dir``)."""
    return Path(theme_dir) / "fonts"


#: Where the vendored subsets live in this project, relative to its root.
FONT_DIR = theme_fonts(Path("theme"))


@dataclass(frozen=True)
class FaceSpec:
    """One vendored face: its role on the poster, upstream PostScript name and subset file name."""

    role: str
    postscript_name: str
    file_name: str


#: Sans for the campaign title, theme and foot; serif (the usual stand-in for 小标宋) for slogans.
FACES = (
    FaceSpec("sans", "NotoSansCJKsc-Bold", "NotoSansCJKsc-Bold-GB2312.otf"),
    FaceSpec("serif", "NotoSerifCJKsc-Bold", "NotoSerifCJKsc-Bold-GB2312.otf"),
)

#: OpenType features kept in the subsets (vertical forms for upright columns, kerning, widths).
_KEEP_FEATURES = ["kern", "palt", "halt", "vert", "vrt2", "vkrn", "vpal", "locl", "ccmp"]


def subset_characters() -> str:
    """Return the characters the subsets cover, sorted by code point.

    GB 2312 (every character Python's ``gb2312`` codec decodes), printable ASCII, the
    ideographic space and CJK punctuation block, and the full-width forms block.
    """
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars.update(chr(c) for c in range(0x3000, 0x3040))
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))
    chars.update("“”‘’—…·")
    return "".join(sorted(chars))


def find_face(source: Path, postscript_name: str):
    """Return the ``TTFont`` in ``source`` (a .ttc/.otc collection or single font) with this PostScript name.

    Faces are picked by their name table, never by index. Returns ``None`` if absent.
    """
    from fontTools.ttLib import TTCollection, TTFont

    with open(source, "rb") as handle:
        is_collection = handle.read(4) == b"ttcf"
    fonts = (
        TTCollection(str(source), recalcTimestamp=False).fonts
        if is_collection
        else [TTFont(str(source), recalcTimestamp=False)]
    )
    for font in fonts:
        if font["name"].getDebugName(6) == postscript_name:
            return font
    return None


def write_subsets(sources: list[Path], font_dir: Path) -> list[Path]:
    """Write every face of ``FACES`` found in ``sources`` as a subset into ``font_dir``.

    Output is byte-reproducible: the ``head`` timestamps are kept from the source, never
    set to now. Returns the written paths; raises ``LookupError`` naming faces found in
    no source, before writing anything.
    """
    from fontTools import subset

    font_dir.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.layout_features = _KEEP_FEATURES
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["DSIG"]
    unicodes = [ord(c) for c in subset_characters()]
    found = {
        face.postscript_name: next(
            (f for f in (find_face(s, face.postscript_name) for s in sources) if f is not None), None
        )
        for face in FACES
    }
    missing = [name for name, font in found.items() if font is None]
    if missing:  # before any work: all faces or nothing
        raise LookupError("faces not found in the given sources: " + ", ".join(missing))
    written = []
    for face in FACES:
        font = found[face.postscript_name]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        dest = font_dir / face.file_name
        tmp = dest.with_suffix(".tmp")
        font.recalcTimestamp = False
        font.save(str(tmp))
        tmp.replace(dest)
        written.append(dest)
    return written


@dataclass
class FaceMetrics:
    """What layout needs from one face: advance widths (in em), em-box ascent, file hash."""

    role: str
    path: str
    sha256: str
    advances: dict[str, float] = field(repr=False)
    ascent: float  # top of the ideographic em box above the baseline, in em
    descent: float  # bottom of the em box below the baseline, in em (positive)

    def width(self, text: str, size: float) -> float:
        """Return the advance width of ``text`` set at ``size`` (same unit as ``size``)."""
        return sum(self.advances[c] for c in text) * size

    def covers(self, char: str) -> bool:
        """Return whether the face has a glyph for ``char``."""
        return char in self.advances


@dataclass
class PosterFonts:
    """The poster faces by role, loaded from the vendored subsets."""

    faces: dict[str, FaceMetrics]

    def __getitem__(self, role: str) -> FaceMetrics:
        return self.faces[role]

    def digest(self) -> dict[str, str]:
        """Return role → sha256 of the font file, for cache keys."""
        return {role: face.sha256 for role, face in sorted(self.faces.items())}


def load_fonts(font_dir: Path, cache_dir: Path | None = None) -> PosterFonts:
    """Return the metrics of every face in ``FACES`` read from ``font_dir``.

    With ``cache_dir``, metrics are kept there as JSON named by the font file's sha256, so
    later builds skip parsing the font. Raises ``FileNotFoundError`` naming a missing file
    (run ``site_build.py fonts``).
    """
    faces = {}
    for face in FACES:
        path = font_dir / face.file_name
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        stored = cache_dir / f"font-metrics-{sha256}.json" if cache_dir else None
        metrics = None
        if stored is not None and stored.exists():
            try:
                metrics = json.loads(stored.read_text(encoding="utf-8"))
            except ValueError as err:
                log.warning("Font metrics cache %s cannot be read (%s); reading the font", stored, err)
        if metrics is None:
            metrics = _read_metrics(path)
            if stored is not None:
                stored.parent.mkdir(parents=True, exist_ok=True)
                tmp = stored.with_name(f".{stored.name}.{os.getpid()}.tmp")
                tmp.write_text(json.dumps(metrics, ensure_ascii=False), encoding="utf-8")
                os.replace(tmp, stored)
        faces[face.role] = FaceMetrics(role=face.role, path=str(path), sha256=sha256, **metrics)
    return PosterFonts(faces)


def _read_metrics(path: Path) -> dict:
    """Return advances (em) per character and the em box of the font at ``path``."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    upm = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    os2 = font["OS/2"]
    metrics = {
        "advances": {chr(code): hmtx[name][0] / upm for code, name in sorted(font.getBestCmap().items())},
        "ascent": os2.sTypoAscender / upm,
        "descent": -os2.sTypoDescender / upm,
    }
    font.close()
    return metrics


def coverage_problems(
    campaign: Campaign, fonts: PosterFonts, yaml_path: str, yaml_text: str | None = None
) -> list[ContentProblem]:
    """Return one problem per character of campaign text that a poster face cannot draw.

    Each names the slogan id, the character and its code point, at the slogan's ``text``
    line in ``slogans.yaml`` when ``yaml_text`` is given. Spaces are layout, not glyphs.
    """
    lines = _text_lines(yaml_text) if yaml_text else {}
    problems = []
    checks = [
        ("campaign", "theme", campaign.theme),
        ("campaign", "title", campaign.title),
        ("campaign", "issuer", campaign.issuer),
    ]
    checks += [(s.id, "text", s.text) for s in campaign.slogans]
    for owner, key, text in checks:
        for char in dict.fromkeys(text):
            if char == " ":
                continue
            missing = [f.role for f in fonts.faces.values() if not f.covers(char)]
            if missing:
                where = "活动信息" if owner == "campaign" else f"口号 {owner} "
                line = lines.get((owner, key), 1)
                problems.append(
                    ContentProblem(
                        yaml_path,
                        line,
                        1,
                        f"{where}的字段“{key}”含有海报字体无法显示的字符“{char}”（U+{ord(char):04X}），"
                        "请改用 GB 2312 范围内的常用字",
                    )
                )
    return problems


def _text_lines(yaml_text: str) -> dict[tuple[str, str], int]:
    """Return (slogan id or "campaign", field) → 1-based line of that field in ``slogans.yaml``."""
    lines: dict[tuple[str, str], int] = {}
    try:
        root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value in root.value:
        if key_node.value == "campaign" and isinstance(value, yaml.MappingNode):
            for k, v in value.value:
                lines[("campaign", k.value)] = v.start_mark.line + 1
        if key_node.value == "slogans" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if isinstance(item, yaml.MappingNode):
                    table = {k.value: v for k, v in item.value}
                    if "id" in table and "text" in table:
                        lines[(table["id"].value, "text")] = table["text"].start_mark.line + 1
    return lines
