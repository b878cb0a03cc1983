"""Read YAML keeping each value's position, and check shapes with messages for staff.

PyYAML's node tree carries a start mark for every value; validating the nodes
(rather than the plain Python objects) lets every message name file, line and column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from ..problems import ContentError, ContentProblem

T = TypeVar("T")

_KIND_NAMES = {str: "文字", int: "整数", float: "数字", bool: "是/否值（true 或 false）", list: "列表", dict: "键值表"}
#: Published ids (addresses and file names): lower-case ASCII words joined by hyphens.
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80


def is_published_id(value: str) -> bool:
    """Return whether ``value`` may be a published id: lower-case ASCII words and hyphens, not too long."""
    return bool(_ID.match(value)) and len(value) <= MAX_ID_LENGTH


def read_data_file(path: Path, shown: str, what: str) -> str:
    """Return the text of a data file; ``ContentError`` (Chinese, at ``shown``:1:1) if it is missing or not UTF-8.

    ``what`` names the file for staff, e.g. “活动数据文件 slogans.yaml”.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([ContentProblem(shown, 1, 1, f"找不到{what}")]) from None
    except UnicodeDecodeError as err:
        raise ContentError([ContentProblem(shown, 1, 1, f"文件不是 UTF-8 编码：{err.reason}")]) from None


def parse_yaml(text: str, path: str) -> tuple[yaml.Node | None, list[ContentProblem]]:
    """Return the document's root node, or ``None`` and the parser's complaint with its position."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(filter(None, [err.context, err.problem]))
        return None, [ContentProblem(path, line, column, f"YAML 格式错误，无法读取：{detail}")]
    except yaml.reader.ReaderError as err:  # a character YAML refuses (NUL, other control characters)
        line, column = position_of(text, err.position)
        return None, [ContentProblem(path, line, column,
                                     f"文件中有 YAML 不允许的不可见字符 U+{err.character:04X}，请删除它（常见于从网页或文档中复制的文字）")]
    except yaml.YAMLError as err:  # errors without a mark
        return None, [ContentProblem(path, 1, 1, f"YAML 格式错误，无法读取：{err}")]


def read_document(text: str, path: str, empty: str, read: Callable[[NodeReader, yaml.Node], T | None]) -> T:
    """Return ``read(reader, root)`` for the YAML document ``text`` (``path`` in messages).

    Raises ``ContentError`` with every problem: the parser's, ``empty`` for a file with no document,
    and whatever ``read`` reported through the reader (or an empty list when it returned ``None``).
    """
    root, problems = parse_yaml(text, path)
    if problems:
        raise ContentError(problems)
    reader = NodeReader(path)
    if root is None:
        reader.problem(None, empty)
        raise ContentError(reader.problems)
    value = read(reader, root)
    if reader.problems or value is None:
        raise ContentError(reader.problems)
    return value


def position_of(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of character ``offset`` of ``text``."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


@dataclass
class NodeReader:
    """Turns YAML nodes into checked Python values, collecting problems instead of raising."""

    path: str
    problems: list[ContentProblem] = field(default_factory=list)

    def problem(self, node: yaml.Node | None, message: str) -> None:
        """Record a problem located at ``node`` (or at the top of the file)."""
        mark = node.start_mark if node is not None else None
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.problems.append(ContentProblem(self.path, line, column, message))

    def mapping(
        self, node: yaml.Node, where: str, required: dict[str, str], optional: dict[str, str] | None = None
    ) -> dict[str, yaml.Node] | None:
        """Return a key → node table for a mapping with exactly the allowed keys.

        ``required`` and ``optional`` map each key to its Chinese description. Refuses
        (records a problem and returns ``None``) anything that is not a mapping; reports
        duplicate keys, unknown keys (with a suggestion) and missing required keys.
        """
        optional = optional or {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{where}应当是键值表（“键: 值”的形式），实际是{self.kind_of(node)}")
            return None
        allowed = {**required, **optional}
        table: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.problem(key_node, f"{where}的键必须是文字")
            elif key in table:
                self.problem(key_node, f"{where}中的字段“{key}”重复出现")
            elif key not in allowed:
                near = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
                hint = f"，是否想写“{near[0]}”？" if near else f"；可用的字段：{'、'.join(allowed)}"
                self.problem(key_node, f"{where}中有未知字段“{key}”{hint}")
            else:
                table[key] = value_node
        for key, label in required.items():
            if key not in table:
                self.problem(node, f"{where}缺少必填字段“{key}”（{label}）")
        return table

    def text(self, node: yaml.Node, where: str, *, single_line: bool = True) -> str | None:
        """Return a non-empty string with no surrounding spaces; refuse anything else."""
        value = self.scalar(node, where, str)
        if value is None:
            return None
        if not value.strip():
            self.problem(node, f"{where}不能为空")
            return None
        if value != value.strip():
            self.problem(node, f"{where}的开头或结尾有多余的空格")
            return None
        if single_line and ("\n" in value or "\r" in value):
            self.problem(node, f"{where}只能写一行")
            return None
        return value

    def identifier(self, node: yaml.Node, where: str) -> str | None:
        """Return a published id (lower-case ASCII words and hyphens, as in addresses and file names)."""
        value = self.text(node, where)
        if value is not None and not is_published_id(value):
            self.problem(node, f"{where}只能用小写英文字母、数字和连字符（如 hubei-zhiliang），"
                               f"不超过 {MAX_ID_LENGTH} 个字符，实际是 {value}")
            return None
        return value

    def integer(self, node: yaml.Node, where: str) -> int | None:
        """Return an integer scalar (YAML ``7``, not ``"7"``)."""
        return self.scalar(node, where, int)

    def boolean(self, node: yaml.Node, where: str) -> bool | None:
        """Return a YAML boolean (``true``/``false``)."""
        return self.scalar(node, where, bool)

    def number(self, node: yaml.Node, where: str) -> float | None:
        """Return an integer or decimal number (not a boolean, not text)."""
        value = self.construct(node) if isinstance(node, yaml.ScalarNode) else _NOT_SCALAR
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
            return float(value)
        self.problem(node, f"{where}应当是数字，实际是{self.kind_of(node)}")
        return None

    def numbers(self, node: yaml.Node, where: str, count: int, shape: str) -> list[float] | None:
        """Return a list of exactly ``count`` numbers (``shape`` says what they are, for the message)."""
        items = self.sequence(node, where)
        if items is None:
            return None
        if len(items) != count:
            self.problem(node, f"{where}应当是{shape}，实际有 {len(items)} 项")
            return None
        values = [self.number(item, where) for item in items]
        return None if None in values else values

    def sequence(self, node: yaml.Node, where: str, *, empty: str | None = None) -> list[yaml.Node] | None:
        """Return the item nodes of a list; refuse anything else, and an empty list with the message ``empty``."""
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where}应当是列表（每项以“- ”开头），实际是{self.kind_of(node)}")
            return None
        if empty is not None and not node.value:
            self.problem(node, empty)
            return None
        return list(node.value)

    def scalar(self, node: yaml.Node, where: str, kind: type) -> object | None:
        """Return the value of a scalar node if it has the Python type ``kind``."""
        value = self.construct(node) if isinstance(node, yaml.ScalarNode) else _NOT_SCALAR
        if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
            return value
        if value is None and kind is str:
            self.problem(node, f"{where}不能为空")
        else:
            self.problem(node, f"{where}应当是{_KIND_NAMES[kind]}，实际是{self.kind_of(node)}")
        return None

    def kind_of(self, node: yaml.Node) -> str:
        """Describe a node's type in Chinese for messages."""
        if isinstance(node, yaml.MappingNode):
            return "键值表"
        if isinstance(node, yaml.SequenceNode):
            return "列表"
        value = self.construct(node)
        if value is _BAD:
            return f"无法识别的值（{node.value}）"
        if value is None:
            return "空值"
        if isinstance(value, bool):
            return f"是/否值（{node.value}）"
        for kind, name in _KIND_NAMES.items():
            if kind is bool:
                continue
            if isinstance(value, kind):
                return f"{name}（{node.value}）"
        return f"{type(value).__name__}（{node.value}）"

    def construct(self, node: yaml.Node) -> object:
        """Build the plain value of a scalar node with YAML's safe rules (``_BAD`` if it cannot)."""
        try:
            return SafeConstructor().construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError):
            return _BAD


class _Marker:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NOT_SCALAR = _Marker("not-a-scalar")
_BAD = _Marker("unreadable")
