"""Load and validate a units file (``units.yaml``): the offices that each get posters with their own 落款.

The file is optional and absent by default: the campaign's offices are not listed in the
notice, so the project never ships a list of them. An example is in tests/fixtures/.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..problems import display_path
from .located_yaml import NodeReader, read_data_file, read_document
from .model import Unit

FILE_NAME = "units.yaml"

_TOP = {"units": "单位列表"}
_UNIT = {"id": "文件夹和文件名用的英文编号", "name": "落款中的单位名称"}
_UNIT_OPTIONAL = {"short_name": "小尺寸海报用的简称"}


def load_units(path: Path | str, *, root: Path | None = None) -> tuple[Unit, ...]:
    """Return the units listed in ``path``; ``ContentError`` with every problem (file, line, column, field)."""
    path = Path(path)
    shown = display_path(path, root)
    return parse_units(read_data_file(path, shown, f"单位列表文件 {path.name}"), shown)


def parse_units(text: str, path: str = FILE_NAME) -> tuple[Unit, ...]:
    """Return the units in the YAML ``text`` (``path`` is used in messages)."""
    return read_document(text, path, "文件是空的：需要“units”单位列表", _read_units)


def _read_units(reader: NodeReader, root: yaml.Node) -> tuple[Unit, ...] | None:
    top = reader.mapping(root, "文件顶层", _TOP)
    return _units(reader, top["units"]) if top and "units" in top else None


def _units(reader: NodeReader, node: yaml.Node) -> tuple[Unit, ...] | None:
    items = reader.sequence(node, "“units”（单位列表）", empty="“units”（单位列表）至少要有一个单位")
    if items is None:
        return None
    units, seen_ids, seen_names = [], {}, {}
    for number, item in enumerate(items, start=1):
        unit = _unit(reader, item, number)
        if unit is None:
            continue
        for seen, value, key in ((seen_ids, unit.id, "id"), (seen_names, unit.name, "name")):
            if value in seen:
                reader.problem(item, f"第 {number} 个单位的字段“{key}”与第 {seen[value]} 个重复：{value}")
            seen.setdefault(value, number)
        units.append(unit)
    return tuple(units)


def _unit(reader: NodeReader, node: yaml.Node, number: int) -> Unit | None:
    where = f"第 {number} 个单位"
    table = reader.mapping(node, where, _UNIT, _UNIT_OPTIONAL)
    if table is None:
        return None
    unit_id = reader.identifier(table["id"], f"{where}的字段“id”") if "id" in table else None
    name = reader.text(table["name"], f"{where}的字段“name”（落款）") if "name" in table else None
    short = reader.text(table["short_name"], f"{where}的字段“short_name”（简称）") if "short_name" in table else None
    if name is not None and short is not None and len(short) >= len(name):
        reader.problem(table["short_name"], f"{where}的字段“short_name”（简称）应当比单位全称短：{short}")
        return None
    if unit_id is None or name is None or ("short_name" in table and short is None):
        return None
    name_mark = table["name"].start_mark
    short_mark = table["short_name"].start_mark if "short_name" in table else name_mark
    return Unit(unit_id, name, short, line=name_mark.line + 1, column=name_mark.column + 1,
                short_line=short_mark.line + 1, short_column=short_mark.column + 1)
