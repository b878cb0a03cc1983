"""Load and validate ``slogans.yaml``: the campaign's data and its slogans.

``load_campaign`` is the one way in; everything else receives a ``Campaign``.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..problems import display_path
from .colors import MIN_TEXT_CONTRAST, contrast_ratio, is_hex_color
from .located_yaml import NodeReader, read_data_file, read_document
from .model import Campaign, Cmyk, Contact, Palette, PrintSettings, Slogan
from .print_section import read_print_section

FILE_NAME = "slogans.yaml"

_TOP = {"campaign": "活动信息", "slogans": "口号列表"}
_TOP_OPTIONAL = {"print": "印刷设置"}
_CAMPAIGN = {
    "title": "活动名称",
    "year": "年份",
    "theme": "活动主题",
    "issuer": "发文机关",
    "document_number": "发文字号",
    "attachment_title": "口号附件的标题",
    "contact": "联系方式",
    "colors": "配色",
}
_CONTACT = {"name": "联系人", "phone": "电话", "email": "邮箱"}
_COLORS = {
    "primary": "主色（背景）",
    "accent": "强调色（主色上的文字）",
    "primary_cmyk": "主色的印刷色值 [C, M, Y, K]",
    "accent_cmyk": "强调色的印刷色值 [C, M, Y, K]",
}
_SLOGAN = {"id": "网址和文件名用的英文编号", "text": "口号全文", "halves": "口号的前后两半"}
_SLOGAN_OPTIONAL = {"lines": "海报上的分行（从上到下）"}
#: Most ink a press lays down at one spot (DOMAIN: print shops ask for 250–300 %).
MAX_TOTAL_INK = 300
#: A text colour with this much black counts as black text, which must be black ink alone (K100).
_BLACK_TEXT_K = 85

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,}[0-9]$")
#: Longest half of a slogan (or of the theme) and longest other campaign text, in characters. Far above any real
#: slogan; the exact limits of each poster format and the share cards are checked by the poster and card checks.
#: These only keep line breaking (which tries every way of breaking a half) quick.
MAX_HALF = 40
MAX_FIELD = 60


def load_campaign(path: Path | str, *, root: Path | None = None) -> Campaign:
    """Return the validated campaign in ``path``.

    Raises ``ContentError`` listing every problem (file, line, column, field) when the
    file is missing, is not valid YAML, or breaks any rule of the schema.
    """
    path = Path(path)
    shown = display_path(path, root)
    return parse_campaign(read_data_file(path, shown, f"活动数据文件 {FILE_NAME}"), shown)


def parse_campaign(text: str, path: str = FILE_NAME) -> Campaign:
    """Return the validated campaign in the YAML ``text`` (``path`` is used in messages)."""
    return read_document(text, path, "文件是空的：需要“campaign”和“slogans”两部分", _campaign)


def _campaign(reader: NodeReader, root: yaml.Node) -> Campaign | None:
    top = reader.mapping(root, "文件顶层", _TOP, _TOP_OPTIONAL)
    if top is None:
        return None
    info = reader.mapping(top["campaign"], "“campaign”（活动信息）", _CAMPAIGN) if "campaign" in top else None
    slogans = _slogans(reader, top["slogans"]) if "slogans" in top else None
    printing = read_print_section(reader, top["print"]) if "print" in top else PrintSettings()
    if info is None:
        return None
    fields = {key: _field(reader, key, node) for key, node in info.items()}
    if None in fields.values() or set(fields) != set(_CAMPAIGN) or slogans is None or printing is None:
        return None
    lines = {key: node.start_mark.line + 1 for key, node in info.items()}
    return Campaign(**fields, slogans=slogans, printing=printing, lines=lines)


def _field(reader: NodeReader, key: str, node: yaml.Node) -> object | None:
    where = f"字段“campaign.{key}”（{_CAMPAIGN[key]}）"
    if key == "year":
        year = reader.integer(node, where)
        if year is not None and not 1900 <= year <= 2999:
            reader.problem(node, f"{where}应当是四位年份，实际是 {year}")
            return None
        return year
    if key == "contact":
        return _contact(reader, node)
    if key == "colors":
        return _colors(reader, node)
    value = reader.text(node, where)
    if value is not None and key == "theme" and any(len(part) > MAX_HALF for part in value.split()):
        reader.problem(node, f"{where}太长：空格隔开的每一半最多 {MAX_HALF} 个字")
        return None
    if value is not None and len(value) > MAX_FIELD:
        reader.problem(node, f"{where}太长：{len(value)} 个字，最多 {MAX_FIELD} 个字")
        return None
    return value


def _contact(reader: NodeReader, node: yaml.Node) -> Contact | None:
    table = reader.mapping(node, "“campaign.contact”（联系方式）", _CONTACT)
    if table is None:
        return None
    values = {k: reader.text(n, f"字段“campaign.contact.{k}”（{_CONTACT[k]}）") for k, n in table.items()}
    if values.get("phone") and not _PHONE.match(values["phone"]):
        reader.problem(table["phone"], f"字段“campaign.contact.phone”（电话）不像电话号码：{values['phone']}")
        return None
    if values.get("email") and not _EMAIL.match(values["email"]):
        reader.problem(table["email"], f"字段“campaign.contact.email”（邮箱）不像邮箱地址：{values['email']}")
        return None
    if set(values) != set(_CONTACT) or None in values.values():
        return None
    return Contact(**values)


def _colors(reader: NodeReader, node: yaml.Node) -> Palette | None:
    table = reader.mapping(node, "“campaign.colors”（配色）", _COLORS)
    if table is None:
        return None
    values = {}
    for key, value_node in table.items():
        where = f"字段“campaign.colors.{key}”（{_COLORS[key]}）"
        if key.endswith("_cmyk"):
            values[key] = read_cmyk(reader, value_node, where, is_text=key == "accent_cmyk")
            continue
        value = reader.text(value_node, where)
        if value is not None and not is_hex_color(value):
            reader.problem(value_node, f"{where}应当写成 #RRGGBB 形式的颜色，例如 \"#B71C1C\"，实际是 {value}")
            value = None
        values[key] = value
    if set(values) != set(_COLORS) or None in values.values():
        return None
    ratio = contrast_ratio(values["primary"], values["accent"])
    if ratio < MIN_TEXT_CONTRAST:
        reader.problem(
            table["accent"],
            f"字段“campaign.colors.accent”（强调色）与主色的对比度只有 {ratio:.2f}:1，"
            f"文字至少需要 {MIN_TEXT_CONTRAST}:1 才看得清，请换深一些的主色或亮一些的强调色",
        )
        return None
    return Palette(**values)


def read_cmyk(reader: NodeReader, node: yaml.Node, where: str, *, is_text: bool) -> Cmyk | None:
    """Return a CMYK colour written ``[C, M, Y, K]`` in percent; refuse impossible ink and four-colour black text.

    Shared by ``slogans.yaml``'s colours and the poster design files (``where`` names the field).
    """
    values = reader.numbers(node, where, 4, "青、品红、黄、黑四个百分数，如 [0, 100, 100, 25]")
    if values is None:
        return None
    if not all(0 <= v <= 100 for v in values):
        reader.problem(node, f"{where}的每个数都应当在 0 到 100 之间（百分数），实际是 {_percentages(values)}")
        return None
    if sum(values) > MAX_TOTAL_INK:
        reader.problem(node, f"{where}的总墨量是 {sum(values):g}%，超过了印刷厂通常接受的 {MAX_TOTAL_INK}%，"
                             "纸张会吸墨过多、难以干燥，请减少青、品红、黄的用量")
        return None
    cyan, magenta, yellow, black = values
    if is_text and black >= _BLACK_TEXT_K and (cyan or magenta or yellow):
        reader.problem(node, f"{where}是四色黑 {_percentages(values)}：黑色文字只能用单色黑 [0, 0, 0, 100]，"
                             "四色叠印的细小笔画在套印稍有偏差时会出现彩色毛边")
        return None
    return cyan, magenta, yellow, black


def _percentages(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


def _slogans(reader: NodeReader, node: yaml.Node) -> tuple[Slogan, ...] | None:
    items = reader.sequence(node, "“slogans”（口号列表）", empty="“slogans”（口号列表）至少要有一条口号")
    if items is None:
        return None
    slogans: list[Slogan] = []
    seen_ids: dict[str, int] = {}
    seen_texts: dict[str, int] = {}
    complete = True
    for number, item in enumerate(items, start=1):
        slogan = _slogan(reader, item, number)
        if slogan is None:
            complete = False
            continue
        if slogan.id in seen_ids:
            reader.problem(item, f"第 {number} 条口号的字段“id”与第 {seen_ids[slogan.id]} 条重复：{slogan.id}")
            complete = False
        if slogan.text in seen_texts:
            reader.problem(item, f"第 {number} 条口号的字段“text”与第 {seen_texts[slogan.text]} 条重复：{slogan.text}")
            complete = False
        seen_ids.setdefault(slogan.id, number)
        seen_texts.setdefault(slogan.text, number)
        slogans.append(slogan)
    return tuple(slogans) if complete else None


def _slogan(reader: NodeReader, node: yaml.Node, number: int) -> Slogan | None:
    where = f"第 {number} 条口号"
    table = reader.mapping(node, where, _SLOGAN, _SLOGAN_OPTIONAL)
    if table is None:
        return None
    slogan_id = reader.identifier(table["id"], f"{where}的字段“id”") if "id" in table else None
    text = reader.text(table["text"], f"{where}的字段“text”") if "text" in table else None
    halves = _halves(reader, table["halves"], where) if "halves" in table else None
    if text is not None and halves is not None and " ".join(halves) != text:
        reader.problem(
            table["halves"],
            f"{where}的字段“halves”用一个空格连起来是“{' '.join(halves)}”，与字段“text”“{text}”不一致",
        )
        return None
    if slogan_id is None or text is None or halves is None:
        return None
    lines = _lines(reader, table["lines"], where, halves) if "lines" in table else None
    if "lines" in table and lines is None:
        return None
    text_line = table["text"].start_mark.line + 1
    lines_line = table["lines"].start_mark.line + 1 if "lines" in table else text_line
    return Slogan(id=slogan_id, text=text, halves=halves, number=number, lines=lines, line=text_line,
                  lines_line=lines_line, id_line=table["id"].start_mark.line + 1)


def _lines(reader: NodeReader, node: yaml.Node, where: str, halves: tuple[str, str]) -> tuple[str, ...] | None:
    """Return the poster lines staff chose: they must join to the halves exactly, each line inside one half."""
    items = reader.sequence(node, f"{where}的字段“lines”", empty=f"{where}的字段“lines”至少要有一行")
    if items is None:
        return None
    lines = [reader.text(item, f"{where}的字段“lines”第 {i} 行") for i, item in enumerate(items, start=1)]
    if None in lines:
        return None
    joined, whole = "".join(lines), "".join(halves)
    if joined != whole:
        reader.problem(node, f"{where}的字段“lines”连起来是“{joined}”，与口号去掉中间空格后的“{whole}”不一致："
                             "分行只能换行，不能增删改字")
        return None
    position = 0
    for number, (line, item) in enumerate(zip(lines, items, strict=True), start=1):
        if position < len(halves[0]) < position + len(line):
            reader.problem(item, f"{where}的字段“lines”第 {number} 行“{line}”跨过了前后两半的分界"
                                 f"（“{halves[0]}”之后）：每一行只能属于前一半或后一半")
            return None
        position += len(line)
    return tuple(lines)


def _halves(reader: NodeReader, node: yaml.Node, where: str) -> tuple[str, str] | None:
    items = reader.sequence(node, f"{where}的字段“halves”")
    if items is None:
        return None
    if len(items) != 2:
        reader.problem(node, f"{where}的字段“halves”应当正好有前后两半，实际有 {len(items)} 项")
        return None
    halves = [reader.text(item, f"{where}的字段“halves”第 {i} 项") for i, item in enumerate(items, start=1)]
    for i, (item, half) in enumerate(zip(items, halves, strict=True), start=1):
        if half is not None and len(half) > MAX_HALF:
            reader.problem(item, f"{where}的字段“halves”第 {i} 项太长：{len(half)} 个字，每一半最多 {MAX_HALF} 个字"
                                 "（海报和分享卡片都放不下更长的半句）")
            halves[i - 1] = None
    if None in halves:
        return None
    return halves[0], halves[1]
