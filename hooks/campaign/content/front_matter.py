"""Front matter: split off a page's YAML header exactly as MkDocs does, and check it against a schema.

A ``PageSchema`` lists the keys a kind of page may set, each with its Chinese label and a
reader that checks its value; ``PAGE_SCHEMA`` is the one for ordinary pages. Every key
Material reads that a page may set is typed here, so a value Material cannot use (``hide: 5``)
is an error with its line, not a crash in a template. Another kind of page (news posts) adds
its own schema and chooses it by path through ``check_pages(schema_for=...)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from ..problems import ContentProblem
from .located_yaml import NodeReader, parse_yaml

#: The front matter pattern of MkDocs (``mkdocs.utils.meta.YAML_RE``): a page's header is what MkDocs says it is.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
#: Longest page title: the share card sets it in at most three lines, and the navigation shows it whole.
MAX_TITLE = 60
MAX_DESCRIPTION = 300
#: What ``hide`` may list (Material hides these parts of a page).
HIDE_PARTS = ("navigation", "toc", "footer", "path", "tags", "feedback")
#: Invisible characters no page text needs; bidirectional overrides can make text read differently than it is.
_INVISIBLE = {chr(c) for c in range(0x20) if chr(c) not in "\t\n"} | {chr(c) for c in range(0x7F, 0xA0)} | set(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class FieldContext:
    """What a field reader may need to know: the templates pages may name, the theme's icons, page statuses."""

    templates: frozenset[str] = frozenset()
    icons: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()


Reader = Callable[[NodeReader, yaml.Node, str, FieldContext], object]


@dataclass(frozen=True)
class PageSchema:
    """The front matter one kind of page may have: required and optional keys (key → label) and their readers."""

    required: dict[str, str]
    optional: dict[str, str]
    readers: dict[str, Reader] = field(default_factory=dict)

    def read(self, root: yaml.Node | None, reader: NodeReader, context: FieldContext) -> dict[str, object]:
        """Return the checked values of the front matter ``root``; problems go to ``reader``."""
        if root is None:
            reader.problem(None, "front matter 是空的：至少要写 title: 页面标题")
            return {}
        table = reader.mapping(root, "front matter ", self.required, self.optional)
        if not table:
            return {}
        values = {}
        for key, node in table.items():
            label = {**self.required, **self.optional}[key]
            read = self.readers.get(key, read_text)
            values[key] = read(reader, node, f"front matter 的字段“{key}”（{label}）", context)
        return values


def read_text(reader: NodeReader, node: yaml.Node, where: str, context: FieldContext, limit: int = 0) -> str | None:
    """Return one line of text without invisible control characters (and at most ``limit`` characters)."""
    value = reader.text(node, where)
    if value is None:
        return None
    bad = sorted({c for c in value if c in _INVISIBLE})
    if bad:
        reader.problem(node, f"{where}中有不可见的控制字符 {'、'.join(f'U+{ord(c):04X}' for c in bad)}，请删除")
        return None
    if limit and len(value) > limit:
        reader.problem(node, f"{where}太长：{len(value)} 个字，最多 {limit} 个字")
        return None
    return value


def read_title(reader, node, where, context) -> str | None:
    return read_text(reader, node, where, context, MAX_TITLE)


def read_description(reader, node, where, context) -> str | None:
    return read_text(reader, node, where, context, MAX_DESCRIPTION)


def _one_of(reader, node, where, context, allowed, refusal) -> str | None:
    """Return the text if it is one of ``allowed``; otherwise report ``refusal(text)``."""
    name = read_text(reader, node, where, context)
    if name is not None and name not in allowed:
        reader.problem(node, refusal(name))
        return None
    return name


def read_template(reader, node, where, context) -> str | None:
    return _one_of(reader, node, where, context, context.templates, lambda name:
                   f"{where}指定的模板“{name}”不存在或不能用于内容页面；可用：{'、'.join(sorted(context.templates))}")


def read_hide(reader, node, where, context) -> list[str] | None:
    items = reader.sequence(node, where)
    if items is None:
        return None
    parts = []
    for item in items:
        part = reader.text(item, f"{where}的一项")
        if part is not None and part not in HIDE_PARTS:
            reader.problem(item, f"{where}只能列出 {'、'.join(HIDE_PARTS)}，不能是“{part}”")
            part = None
        parts.append(part)
    return None if None in parts else parts


_SEARCH = {"exclude": "不出现在搜索结果中（true 或 false）", "boost": "搜索结果中的权重（数字）"}


def read_search(reader, node, where, context) -> dict | None:
    table = reader.mapping(node, where, {}, _SEARCH)
    if table is None:
        return None
    values: dict[str, object] = {}
    if "exclude" in table:
        values["exclude"] = reader.boolean(table["exclude"], f"{where}中的“exclude”")
    if "boost" in table:
        boost = reader.number(table["boost"], f"{where}中的“boost”")
        if boost is not None and not 0 < boost <= 1000:
            reader.problem(table["boost"], f"{where}中的“boost”应当在 0 到 1000 之间，实际是 {boost:g}")
            boost = None
        values["boost"] = boost
    return None if None in values.values() else values


def read_icon(reader, node, where, context) -> str | None:
    return _one_of(reader, node, where, context, context.icons,
                   lambda name: f"{where}：主题中没有图标“{name}”（写法如 material/home）")


def read_status(reader, node, where, context) -> str | None:
    return _one_of(reader, node, where, context, context.statuses,
                   lambda name: f"{where}只能是 {'、'.join(sorted(context.statuses))}，不能是“{name}”")


#: The front matter of an ordinary page.
PAGE_SCHEMA = PageSchema(
    required={"title": "页面标题"},
    optional={
        "description": "页面摘要（搜索引擎和分享卡片使用）",
        "template": "页面模板",
        "hide": "隐藏导航或目录",
        "search": "搜索设置",
        "icon": "图标",
        "status": "页面状态",
    },
    readers={"title": read_title, "description": read_description, "template": read_template, "hide": read_hide,
             "search": read_search, "icon": read_icon, "status": read_status},
)


@dataclass
class SplitPage:
    """A page's source as MkDocs reads it: the front matter's text and the body, and the body's first line."""

    front_matter: str | None
    front_matter_line: int  # line of the first front matter line (after ---)
    body: str
    body_line: int


def split_page(text: str) -> SplitPage:
    """Return ``text`` (newlines already ``\\n``) split as MkDocs splits it; no front matter if MkDocs sees none."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return SplitPage(None, 1, text, 1)
    body = text[match.end():].lstrip("\n")
    return SplitPage(match.group(1), 2, body, text[: len(text) - len(body)].count("\n") + 1)


def check_front_matter(split: SplitPage, text: str, shown: str, schema: PageSchema,
                       context: FieldContext) -> tuple[dict[str, object], list[ContentProblem], dict[str, yaml.Node]]:
    """Return the checked front matter values, the problems, and the node of each key (for later messages)."""
    if split.front_matter is None:
        if text.startswith("---"):
            return {}, [ContentProblem(shown, 1, 1, "front matter 没有结束：缺少第二个 --- 行（它后面还要换行）")], {}
        return {}, [ContentProblem(shown, 1, 1, "页面开头缺少 front matter（以 --- 开始和结束，至少写明 title: 页面标题）")], {}
    # The leading newline keeps YAML's line numbers equal to the file's (the front matter starts on line 2).
    root, problems = parse_yaml("\n" + split.front_matter, shown)
    if problems:
        return {}, problems, {}
    reader = NodeReader(shown)
    values = schema.read(root, reader, context)
    nodes = {key_node.value: value_node for key_node, value_node in root.value} if isinstance(
        root, yaml.MappingNode) else {}
    return values, reader.problems, nodes


def invisible_characters(text: str, first_line: int, shown: str) -> list[ContentProblem]:
    """Return one problem per line of ``text`` holding invisible control characters (``first_line`` = its line)."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        for column, char in enumerate(line, start=1):
            if char in _INVISIBLE or unicodedata.category(char) == "Cs":
                problems.append(ContentProblem(shown, number, column,
                                               f"这一行有不可见的控制字符 U+{ord(char):04X}，请删除它（常见于从网页或文档中复制的文字）"))
                break
    return problems
