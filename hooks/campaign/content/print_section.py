"""The optional ``print:`` section of ``slogans.yaml``: print condition, crop marks, formats an office adds.

Read with the same located-YAML reader as the rest of the file, so every mistake is
reported with its line and field. What the formats do is the poster engine's business;
here they are only checked for shape.
"""

from __future__ import annotations

import yaml

from .located_yaml import NodeReader
from .model import PrintFormatConfig, PrintSettings

#: Print conditions of the ICC characterization data registry that a PDF/X file may name
#: without embedding a profile: identifier → the condition's name (written into the PDF).
OUTPUT_INTENTS = {
    "JC200103": "Japan Color 2001 Coated",
    "JC200104": "Japan Color 2001 Uncoated",
    "FOGRA39": "Coated FOGRA39 (ISO 12647-2:2004)",
    "FOGRA51": "PSO Coated v3 (FOGRA51)",
    "FOGRA52": "PSO Uncoated v3 (FOGRA52)",
    "CGATS TR 001": "SWOP (CGATS TR 001)",
    "GRACoL2006_Coated1v2": "GRACoL 2006 Coated #1",
}
#: Kinds of format an office may add: a poster of any size, or a pair of couplet columns.
FORMAT_KINDS = {"poster": "海报（标题、主题、口号、落款）", "couplet": "竖幅对联（每半句一列，上联在右）"}

_SECTION = {"output_intent": "印刷条件（ICC 注册名）", "crop_marks": "是否加裁切线", "formats": "单位自己的印刷格式"}
_FORMAT = {"id": "格式编号", "name": "名称", "size_mm": "成品尺寸（毫米）", "kind": "类型"}
_FORMAT_OPTIONAL = {"bleed_mm": "出血（毫米）", "hidden_bottom_mm": "底部被遮住的高度（毫米）"}
_SIZE_RANGE = (50.0, 10000.0)
_BLEED_RANGE = (0.0, 20.0)
DEFAULT_BLEED_MM = 3.0


def read_print_section(reader: NodeReader, node: yaml.Node) -> PrintSettings | None:
    """Return the print settings of the ``print:`` section; ``None`` (with problems recorded) if it is wrong."""
    table = reader.mapping(node, "“print”（印刷设置）", {}, _SECTION)
    if table is None:
        return None
    settings = PrintSettings()
    ok = True
    if "output_intent" in table:
        value_node = table["output_intent"]
        intent = reader.text(value_node, "字段“print.output_intent”（印刷条件）")
        if intent is not None and intent not in OUTPUT_INTENTS:
            known = "、".join(OUTPUT_INTENTS)
            reader.problem(value_node, f"字段“print.output_intent”（印刷条件）“{intent}”不是已登记的印刷条件；"
                                       f"可用：{known}（请问印刷厂用哪一种）")
            intent = None
        ok &= intent is not None
        settings = PrintSettings(intent or settings.output_intent, settings.crop_marks, settings.formats)
    if "crop_marks" in table:
        marks = reader.boolean(table["crop_marks"], "字段“print.crop_marks”（是否加裁切线）")
        ok &= marks is not None
        settings = PrintSettings(settings.output_intent, bool(marks), settings.formats)
    if "formats" in table:
        formats = _formats(reader, table["formats"])
        ok &= formats is not None
        settings = PrintSettings(settings.output_intent, settings.crop_marks, formats or ())
    return settings if ok else None


def _formats(reader: NodeReader, node: yaml.Node) -> tuple[PrintFormatConfig, ...] | None:
    items = reader.sequence(node, "字段“print.formats”（单位自己的印刷格式）")
    if items is None:
        return None
    formats, seen, complete = [], {}, True
    for number, item in enumerate(items, start=1):
        entry = _format(reader, item, number)
        if entry is None:
            complete = False
            continue
        if entry.id in seen:
            reader.problem(item, f"第 {number} 个印刷格式的字段“id”与第 {seen[entry.id]} 个重复：{entry.id}")
            complete = False
        seen.setdefault(entry.id, number)
        formats.append(entry)
    return tuple(formats) if complete else None


def _format(reader: NodeReader, node: yaml.Node, number: int) -> PrintFormatConfig | None:
    where = f"第 {number} 个印刷格式"
    table = reader.mapping(node, where, _FORMAT, _FORMAT_OPTIONAL)
    if table is None or set(_FORMAT) - set(table):
        return None
    format_id = reader.identifier(table["id"], f"{where}的字段“id”")
    name = reader.text(table["name"], f"{where}的字段“name”")
    kind = reader.text(table["kind"], f"{where}的字段“kind”")
    if kind is not None and kind not in FORMAT_KINDS:
        choices = "；".join(f"{k}：{v}" for k, v in FORMAT_KINDS.items())
        reader.problem(table["kind"], f"{where}的字段“kind”只能是 {' 或 '.join(FORMAT_KINDS)}（{choices}），实际是 {kind}")
        kind = None
    size = _size(reader, table["size_mm"], f"{where}的字段“size_mm”")
    bleed = _bounded(reader, table.get("bleed_mm"), f"{where}的字段“bleed_mm”", _BLEED_RANGE, DEFAULT_BLEED_MM)
    hidden = _bounded(reader, table.get("hidden_bottom_mm"), f"{where}的字段“hidden_bottom_mm”",
                      (0.0, _SIZE_RANGE[1]), 0.0)
    if kind == "couplet" and hidden:
        reader.problem(table["hidden_bottom_mm"], f"{where}的字段“hidden_bottom_mm”只用于 kind: poster：对联按字数定长度，没有底座")
        hidden = None
    elif size is not None and hidden is not None and hidden >= size[1] / 2:
        reader.problem(table["hidden_bottom_mm"],
                       f"{where}的字段“hidden_bottom_mm”（{hidden:g} 毫米）超过了成品高度的一半，海报放不下文字")
        hidden = None
    values = (format_id, name, kind, size, bleed, hidden)
    if None in values:
        return None
    return PrintFormatConfig(format_id, name, size, bleed, kind, hidden, line=node.start_mark.line + 1)


def _size(reader: NodeReader, node: yaml.Node, where: str) -> tuple[float, float] | None:
    values = reader.numbers(node, where, 2, "宽和高两个数（毫米），如 [900, 1200]")
    if values is None:
        return None
    low, high = _SIZE_RANGE
    if not all(low <= v <= high for v in values):
        reader.problem(node, f"{where}的宽和高应当在 {low:g} 到 {high:g} 毫米之间，实际是 {values[0]:g}×{values[1]:g}")
        return None
    return values[0], values[1]


def _bounded(reader: NodeReader, node: yaml.Node | None, where: str, bounds: tuple[float, float],
             default: float) -> float | None:
    if node is None:
        return default
    value = reader.number(node, where)
    if value is not None and not bounds[0] <= value <= bounds[1]:
        reader.problem(node, f"{where}应当在 {bounds[0]:g} 到 {bounds[1]:g} 毫米之间，实际是 {value:g}")
        return None
    return value
