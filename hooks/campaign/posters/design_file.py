"""Read the poster designs: one YAML file per design in ``theme/designs/``, checked like ``slogans.yaml``.

Adding a design means adding a file; its name (without ``.yaml``) is the design's id. A
mistake is reported with file, line and column in Chinese, and every design is checked
as staff would see it: colours have a screen and a print value (or name the campaign's
own, ``campaign.primary`` / ``campaign.accent``), text is legible on what lies under it
(WCAG 4.5:1), print ink stays within what presses accept, and couplets are red.
README (“海报设计”) describes the fields.
"""

from __future__ import annotations

import colorsys
from pathlib import Path

import yaml

from ..content.colors import MIN_TEXT_CONTRAST, contrast_ratio, is_hex_color, rgb
from ..content.located_yaml import NodeReader, is_published_id, read_data_file, read_document
from ..content.model import Palette
from ..content.slogans_file import read_cmyk
from ..problems import ContentError, ContentProblem, display_path
from .design import (
    FOOTER_PARTS,
    HEADER_PARTS,
    POSTER_LINES,
    BannerPlacement,
    Colour,
    CoupletPlacement,
    Design,
    LineStyle,
    PosterPlacement,
    Shape,
)

#: The folder of design files inside the theme folder.
DESIGNS_FOLDER = "designs"
#: Faces a design may give a line (the bitmap LED face draws only 16-dot strips).
LINE_FACES = {"sans": "思源黑体 Bold", "serif": "思源宋体 Bold", "sans-regular": "思源黑体 Regular"}
#: Colours a design may take from ``slogans.yaml``: name → (screen field, print field).
CAMPAIGN_COLOURS = {"campaign.primary": ("primary", "primary_cmyk"), "campaign.accent": ("accent", "accent_cmyk")}

_TOP = {"name": "设计名称", "order": "排列顺序（数字小的在前，第一个是网站默认的设计）", "colors": "颜色",
        "poster": "海报的排版", "couplet": "竖幅对联", "banner": "布标横幅"}
_TOP_OPTIONAL = {"description": "一句说明", "series_break_below": "长句断行的界限"}
_COLOUR = {"screen": "屏幕色 #RRGGBB", "cmyk": "印刷色 [C, M, Y, K]"}
_POSTER = {"ground": "底色", "lines": "每一行的字体和颜色", "header": "口号上方的各部分", "footer": "口号下方的各部分"}
_LINE = {"face": "字体", "color": "颜色"}
_LINE_NAMES = {"title": "标题", "theme": "活动主题", "slogan": "口号", "issuer": "落款", "caption": "二维码说明"}
_PART_NAMES = {"title": "标题", "theme": "活动主题", "issuer": "落款", "caption": "二维码说明", "rule": "分隔线",
               "double-rule": "上粗下细的双线"}
_SHAPE_KINDS = {"band": ("top", "bottom"), "frame": None, "panel": ("header", "footer")}
_SHAPE_FIELDS = {"band": "沿上边或下边的色带（top 或 bottom）", "frame": "边框（距印刷区边缘的距离）",
                 "panel": "衬在标题区或落款区下的色块（header 或 footer）", "depth": "色带的宽度", "width": "边框线的粗细",
                 "color": "颜色"}
#: Numeric fields of each part: name → (Chinese, smallest, largest); defaults are the dataclasses'.
_POSTER_NUMBERS = {
    "unit": ("字号单位（标题字号占文字区高度的比例）", 0.02, 0.1),
    "title_width": ("标题最多占文字区宽度的比例", 0.3, 1.0), "theme_size": ("主题行字号（单位）", 0.3, 1.0),
    "theme_width": ("主题行最多占的宽度比例", 0.3, 1.0), "issuer_size": ("落款字号（单位）", 0.3, 1.0),
    "caption_size": ("二维码说明字号（单位）", 0.3, 1.0), "qr_size": ("二维码边长占文字区高度的比例", 0.05, 0.3),
    "qr_width": ("二维码最多占文字区宽度的比例", 0.1, 0.4), "rule": ("分隔线粗细（单位）", 0.01, 0.5),
    "slogan_width": ("口号最多占文字区宽度的比例", 0.5, 1.0), "line_gap": ("口号行距（口号字号的倍数）", 0.0, 1.0),
    "max_lines_per_half": ("每半句最多几行", 1, 4),
}
_COUPLET_NUMBERS = {
    "width": ("字号最多占联宽的比例", 0.3, 0.9), "pitch": ("字距（字号的倍数）", 1.0, 1.6),
    "frame": ("边框距裁切线（联宽的比例）", 0.0, 0.15), "frame_line": ("边框线粗细（联宽的比例）", 0.0, 0.02),
    "padding": ("边框与首尾字的距离（字号的倍数）", 0.2, 2.0),
}
_BANNER_NUMBERS = {"height": ("字号占横幅高度的比例", 0.3, 0.85), "margin": ("两端留白（字号的倍数）", 0.2, 3.0),
                   "issuer_size": ("落款字号（口号字号的倍数，0 为不加落款）", 0.0, 0.6),
                   "issuer_gap": ("落款与口号的距离（口号字号的倍数）", 0.5, 4.0)}
_STRIP = {"ground": "底色", "ink": "文字颜色", "face": "字体"}


def designs_dir(theme_dir: Path) -> Path:
    """Return the folder of the design files inside a theme folder (``custom_dir``)."""
    return Path(theme_dir) / DESIGNS_FOLDER


def load_designs(theme_dir: Path, palette: Palette | None, *, root: Path | None = None) -> tuple[Design, ...]:
    """Return every design of ``theme_dir/designs/``, in their ``order``.

    ``palette`` gives the colours a design takes from ``slogans.yaml`` (``None`` when that
    file could not be read: such colours are then not checked). Raises ``ContentError``
    with every problem of every file (file:line:column, Chinese): none at all, a file that
    is not ``.yaml``, a name that cannot be an id, two designs with one ``order``.
    """
    folder = designs_dir(theme_dir)
    shown_folder = display_path(folder, root)
    paths = sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []
    problems: list[ContentProblem] = []
    designs: list[Design] = []
    for path in paths:
        shown = display_path(path, root)
        if path.suffix != ".yaml" or not path.is_file():
            problems.append(ContentProblem(shown, 1, 1, f"{shown_folder}/ 中只能放海报设计文件（.yaml），请移走或改名"))
            continue
        if not is_published_id(path.stem):
            problems.append(ContentProblem(shown, 1, 1, f"设计文件名“{path.name}”不能用作设计的编号：只能用小写英文字母、"
                                                       "数字和连字符（如 baidi.yaml），它会出现在海报文件名里"))
            continue
        try:
            designs.append(parse_design(read_data_file(path, shown, f"海报设计文件 {path.name}"), path.stem, shown,
                                        palette))
        except ContentError as err:
            problems += err.problems
    if not paths:
        problems.append(ContentProblem(shown_folder, 1, 1, f"{shown_folder}/ 中没有海报设计文件：至少需要一个（*.yaml），"
                                                           "请从代码仓库恢复"))
    seen: dict[int, Design] = {}
    for design in designs:
        if design.order in seen:
            problems.append(ContentProblem(design.source, 1, 1, f"设计的“order”（{design.order}）与 "
                                                                f"{seen[design.order].source} 相同：请给每个设计一个不同的数字"))
        seen.setdefault(design.order, design)
    if problems:
        raise ContentError(problems)
    return tuple(sorted(designs, key=lambda d: d.order))


def parse_design(text: str, design_id: str, path: str, palette: Palette | None) -> Design:
    """Return the design in the YAML ``text`` (``path`` in messages); ``ContentError`` with every problem."""
    return read_document(text, path, "设计文件是空的",
                         lambda reader, root: _DesignReader(reader, palette).design(root, design_id))


class _DesignReader:
    """Reads one design file's nodes, recording every problem; colours are checked once all are known."""

    def __init__(self, reader: NodeReader, palette: Palette | None):
        self.reader = reader
        self.palette = palette
        self.colours: dict[str, Colour] = {}
        self.line_nodes: dict[str, yaml.Node] = {}
        self.from_campaign: set[str] = set()  # colour names taken from slogans.yaml (unknown if it failed)

    def design(self, root: yaml.Node, design_id: str) -> Design | None:
        reader = self.reader
        top = reader.mapping(root, "设计文件顶层", _TOP, _TOP_OPTIONAL)
        if top is None:
            return None
        name = reader.text(top["name"], "字段“name”（设计名称）") if "name" in top else None
        description = reader.text(top["description"], "字段“description”（说明）") if "description" in top else ""
        order = reader.integer(top["order"], "字段“order”（排列顺序）") if "order" in top else None
        series = self.number(top, "series_break_below", ("长句断行的界限", 0.5, 1.0), 0.75, "")
        if "colors" in top:
            self.read_colours(top["colors"])
        poster = self.poster(top["poster"]) if "poster" in top and self.colours else None
        couplet = self.strip(top["couplet"], "couplet", CoupletPlacement, _COUPLET_NUMBERS) if (
            "couplet" in top and self.colours) else None
        banner = self.strip(top["banner"], "banner", BannerPlacement, _BANNER_NUMBERS) if (
            "banner" in top and self.colours) else None
        if None in (name, description, order, series, poster, couplet, banner) or reader.problems:
            return None
        placement, lines = poster
        return Design(design_id, dict(self.colours), lines, name, description, order, placement, couplet, banner,
                      series, source=reader.path)

    # --- colours -----------------------------------------------------------------------------

    def read_colours(self, node: yaml.Node) -> None:
        reader = self.reader
        if not isinstance(node, yaml.MappingNode) or not node.value:
            reader.problem(node, "字段“colors”（颜色）应当是键值表，每种颜色一项，如 red: {screen: \"#C8161D\", "
                                 "cmyk: [0, 100, 100, 10]}")
            return
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
            where = f"颜色“{name}”"
            if not name or not name.replace("-", "").isalnum() or not name.isascii():
                reader.problem(key_node, f"颜色的名字只能用英文字母、数字和连字符，实际是 {name or '（空）'}")
                continue
            if name in self.colours or name in self.from_campaign:
                reader.problem(key_node, f"{where}重复出现")
                continue
            if isinstance(value_node, yaml.ScalarNode) and value_node.value in CAMPAIGN_COLOURS:
                self.from_campaign.add(name)
                if self.palette is not None:
                    screen, cmyk = CAMPAIGN_COLOURS[value_node.value]
                    self.colours[name] = Colour(getattr(self.palette, screen), getattr(self.palette, cmyk))
                continue
            table = reader.mapping(value_node, f"{where}（写成 {{screen: \"#RRGGBB\", cmyk: [C, M, Y, K]}}，"
                                               f"或 {' / '.join(CAMPAIGN_COLOURS)}）", _COLOUR)
            if table is None or set(table) != set(_COLOUR):
                continue
            screen = reader.text(table["screen"], f"{where}的屏幕色“screen”")
            if screen is not None and not is_hex_color(screen):
                reader.problem(table["screen"], f"{where}的屏幕色“screen”应当写成 #RRGGBB 形式，例如 \"#C8161D\"，"
                                                f"实际是 {screen}")
                screen = None
            cmyk = read_cmyk(reader, table["cmyk"], f"{where}的印刷色“cmyk”", is_text=True)
            if screen is not None and cmyk is not None:
                self.colours[name] = Colour(screen, cmyk)
        if self.palette is None and self.from_campaign:  # slogans.yaml failed and said so: a stand-in keeps reading
            for name in self.from_campaign:
                self.colours.setdefault(name, Colour("#000000", (0, 0, 0, 100)))

    def colour_name(self, node: yaml.Node, where: str) -> str | None:
        value = self.reader.text(node, where)
        if value is None:
            return None
        if value not in self.colours:
            known = "、".join(sorted(self.colours))
            self.reader.problem(node, f"{where}“{value}”不在本文件的 colors 中；可用：{known}")
            return None
        return value

    def legible(self, ink: str, ground: str, node: yaml.Node, where: str) -> None:
        """Record a problem if text in ``ink`` on ``ground`` falls below WCAG's 4.5:1 (not for campaign stand-ins)."""
        if self.palette is None and {ink, ground} & self.from_campaign:
            return
        ratio = contrast_ratio(self.colours[ink].screen, self.colours[ground].screen)
        if ratio < MIN_TEXT_CONTRAST:
            self.reader.problem(node, f"{where}“{ink}”与它下面的“{ground}”对比度只有 {ratio:.2f}:1，文字至少需要 "
                                      f"{MIN_TEXT_CONTRAST}:1 才看得清（GB/T 37668），请换一种颜色")

    # --- parts -------------------------------------------------------------------------------

    def number(self, table: dict[str, yaml.Node], key: str, spec: tuple[str, float, float], default: float,
               part: str) -> float | None:
        if key not in table:
            return default
        label, low, high = spec
        where = f"字段“{part}{key}”（{label}）"
        if isinstance(default, int) and not isinstance(default, bool):
            value = self.reader.integer(table[key], where)
        else:
            value = self.reader.number(table[key], where)
        if value is not None and not low <= value <= high:
            self.reader.problem(table[key], f"{where}应当在 {low:g} 到 {high:g} 之间，实际是 {value:g}")
            return None
        return value

    def numbers(self, table: dict[str, yaml.Node], specs: dict, defaults: object, part: str) -> dict | None:
        values = {key: self.number(table, key, spec, getattr(defaults, key), part) for key, spec in specs.items()}
        return None if None in values.values() else values

    def poster(self, node: yaml.Node) -> tuple[PosterPlacement, dict[str, LineStyle]] | None:
        reader = self.reader
        optional = {"rule_color": "分隔线的颜色", "qr": "二维码在落款的哪一边（left 或 right）", "shapes": "背景图形",
                    **{k: v[0] for k, v in _POSTER_NUMBERS.items()}}
        table = reader.mapping(node, "“poster”（海报）", _POSTER, optional)
        if table is None or not set(_POSTER) <= set(table):
            return None
        ground = self.colour_name(table["ground"], "“poster.ground”（底色）")
        rule = self.colour_name(table["rule_color"], "“poster.rule_color”（分隔线的颜色）") if (
            "rule_color" in table) else ground
        qr = reader.text(table["qr"], "“poster.qr”") if "qr" in table else "right"
        if qr is not None and qr not in ("left", "right"):
            reader.problem(table["qr"], f"“poster.qr”（二维码的位置）只能是 left 或 right，实际是 {qr}")
            qr = None
        header = self.parts(table["header"], "header", HEADER_PARTS)
        footer = self.parts(table["footer"], "footer", FOOTER_PARTS)
        if footer is not None and "issuer" not in footer:
            reader.problem(table["footer"], "“poster.footer”（口号下方）必须有 issuer（落款）：每张海报都有落款")
            footer = None
        shapes = self.shapes(table["shapes"]) if "shapes" in table else ()
        lines = self.lines(table["lines"])
        numbers = self.numbers(table, _POSTER_NUMBERS, PosterPlacement, "poster.")
        if None in (ground, rule, qr, header, footer, shapes, lines, numbers):
            return None
        panels = {s.edge: s.colour for s in shapes if s.kind == "panel"}
        for line in POSTER_LINES:
            under = panels.get("header") if line in header else panels.get("footer") if line in footer else None
            self.legible(lines[line].colour, under or ground, self.line_nodes[line],
                         f"“poster.lines.{line}”（{_LINE_NAMES[line]}）的颜色")
        placement = PosterPlacement(ground=ground, rule_colour=rule, shapes=shapes, header=header, footer=footer,
                                    qr=qr, **numbers)
        return placement, lines

    def parts(self, node: yaml.Node, which: str, allowed: tuple[str, ...]) -> tuple[str, ...] | None:
        reader = self.reader
        where = f"“poster.{which}”（{'口号上方' if which == 'header' else '口号下方'}，从上到下）"
        items = reader.sequence(node, where)
        if items is None:
            return None
        parts = []
        for item in items:
            value = reader.text(item, where)
            if value is None:
                return None
            if value not in allowed:
                names = "、".join(f"{p}（{_PART_NAMES[p]}）" for p in allowed)
                reader.problem(item, f"{where}中不能有“{value}”；可用：{names}")
                return None
            if value in parts and "rule" not in value:
                reader.problem(item, f"{where}中的“{value}”出现了两次")
                return None
            parts.append(value)
        return tuple(parts)

    def lines(self, node: yaml.Node) -> dict[str, LineStyle] | None:
        reader = self.reader
        table = reader.mapping(node, "“poster.lines”（每一行的字体和颜色）", _LINE_NAMES)
        if table is None or set(table) != set(_LINE_NAMES):
            return None
        styles, self.line_nodes = {}, {}
        for line, line_node in table.items():
            where = f"“poster.lines.{line}”（{_LINE_NAMES[line]}）"
            entry = reader.mapping(line_node, where, _LINE)
            if entry is None or set(entry) != set(_LINE):
                continue
            face = self.face(entry["face"], f"{where}的字体")
            colour = self.colour_name(entry["color"], f"{where}的颜色")
            if face is not None and colour is not None:
                styles[line] = LineStyle(face, colour)
                self.line_nodes[line] = entry["color"]
        return styles if len(styles) == len(_LINE_NAMES) else None

    def face(self, node: yaml.Node, where: str) -> str | None:
        value = self.reader.text(node, where)
        if value is not None and value not in LINE_FACES:
            faces = "、".join(f"{k}（{v}）" for k, v in LINE_FACES.items())
            self.reader.problem(node, f"{where}只能是 {faces}，实际是 {value}")
            return None
        return value

    def shapes(self, node: yaml.Node) -> tuple[Shape, ...] | None:
        reader = self.reader
        items = reader.sequence(node, "“poster.shapes”（背景图形）")
        if items is None:
            return None
        shapes = []
        for number, item in enumerate(items, start=1):
            where = f"第 {number} 个背景图形"
            table = reader.mapping(item, where, {"color": "颜色"}, {k: v for k, v in _SHAPE_FIELDS.items()
                                                                    if k != "color"})
            if table is None:
                return None
            kinds = [k for k in _SHAPE_KINDS if k in table]
            if len(kinds) != 1:
                reader.problem(item, f"{where}应当正好是 band（色带）、frame（边框）、panel（色块）中的一种")
                return None
            kind = kinds[0]
            extra = {"band": {"depth"}, "frame": {"width"}, "panel": set()}[kind]
            stray = set(table) - {kind, "color"} - extra
            if stray:
                reader.problem(table[sorted(stray)[0]], f"{where}（{kind}）不用字段“{sorted(stray)[0]}”")
                return None
            colour = self.colour_name(table["color"], f"{where}的颜色")
            fields: dict[str, object] = {}
            if _SHAPE_KINDS[kind] is None:  # frame: its inset
                fields["inset"] = self.number(table, "frame", ("边框距印刷区边缘（单位）", 0.0, 3.0), 0.0, "")
                fields["width"] = self.number(table, "width", ("边框线粗细（单位）", 0.01, 0.5), 0.06, "")
            else:
                edge = reader.text(table[kind], f"{where}的“{kind}”")
                if edge is not None and edge not in _SHAPE_KINDS[kind]:
                    reader.problem(table[kind], f"{where}的“{kind}”只能是 {' 或 '.join(_SHAPE_KINDS[kind])}，实际是 {edge}")
                    edge = None
                fields["edge"] = edge
                if kind == "band":
                    fields["depth"] = self.number(table, "depth", ("色带宽度（单位）", 0.05, 3.0), 0.35, "")
            if colour is None or None in fields.values():
                return None
            shapes.append(Shape(kind, colour, **fields))
        if len([s for s in shapes if s.kind == "panel"]) != len({s.edge for s in shapes if s.kind == "panel"}):
            reader.problem(node, "“poster.shapes”中 header 或 footer 的色块只能各有一个")
            return None
        return tuple(shapes)

    def strip(self, node: yaml.Node, part: str, kind: type, specs: dict):
        reader = self.reader
        label = {"couplet": "竖幅对联", "banner": "布标横幅"}[part]
        table = reader.mapping(node, f"“{part}”（{label}）", _STRIP, {k: v[0] for k, v in specs.items()})
        if table is None or not set(_STRIP) <= set(table):
            return None
        ground = self.colour_name(table["ground"], f"“{part}.ground”（底色）")
        ink = self.colour_name(table["ink"], f"“{part}.ink”（文字颜色）")
        face = self.face(table["face"], f"“{part}.face”（字体）")
        numbers = self.numbers(table, specs, kind, f"{part}.")
        if None in (ground, ink, face, numbers):
            return None
        self.legible(ink, ground, table["ink"], f"“{part}.ink”（{label}的文字颜色）")
        if part == "couplet" and not (self.palette is None and ground in self.from_campaign) and not _is_red(
                self.colours[ground].screen):
            reader.problem(table["ground"], f"“couplet.ground”（对联的底色）“{ground}”（{self.colours[ground].screen}）"
                                            "不是红色：对联只用红纸，白色、蓝色、黄色、绿色的对联是丧事用的")
            return None
        return kind(ground=ground, ink=ink, face=face, **numbers)


def _is_red(screen: str) -> bool:
    """Return whether a ``#RRGGBB`` colour reads as red: hue within 20° of red, saturated, not dark."""
    hue, saturation, value = colorsys.rgb_to_hsv(*(c / 255 for c in rgb(screen)))
    return (hue <= 20 / 360 or hue >= 340 / 360) and saturation >= 0.5 and value >= 0.35
