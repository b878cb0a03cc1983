"""The optional units file: offices with their 落款, validated like slogans.yaml (file:line:column, Chinese)."""

from __future__ import annotations

import pytest
from campaign.content.units_file import load_units, parse_units
from campaign.problems import ContentError
from conftest import FIXTURES

EXAMPLE = (FIXTURES / "units.yaml").read_text(encoding="utf-8")


def test_the_example_loads_in_order_with_lines():
    units = load_units(FIXTURES / "units.yaml", root=FIXTURES)
    assert [u.id for u in units] == ["shili-shi-zhiqiangban", "shili-xian-shichang-jianguanju", "shili-sheng-mouting"]
    assert units[0].short_name == "示例市质强办" and units[1].short_name is None
    assert units[0].line == EXAMPLE.splitlines().index("    name: 示例市质量强市工作领导小组办公室") + 1


CASES = [
    ("bad id", "id: shili-sheng-mouting", "id: 示例", "id: 示例", ["id", "小写英文字母"]),
    ("duplicate id", "id: shili-sheng-mouting", "id: shili-shi-zhiqiangban", "  - id: shili-shi-zhiqiangban\n    name: 示例省",
     ["重复", "shili-shi-zhiqiangban"]),
    ("duplicate name", "name: 示例省某某厅", "name: 示例县市场监督管理局", "  - id: shili-sheng-mouting",
     ["name", "重复"]),
    ("missing name", "    name: 示例县市场监督管理局\n", "", "  - id: shili-xian-shichang-jianguanju",
     ["缺少必填字段", "name"]),
    ("typo", "short_name: 示例市质强办", "shortname: 示例市质强办", "shortname", ["shortname", "short_name"]),
    ("short name not shorter", "short_name: 示例市质强办", "short_name: 示例市质量强市工作领导小组办公室（简称）",
     "short_name: 示例市质量强市", ["简称", "短"]),
    ("two lines", "name: 示例省某某厅", "name: \"示例省\\n某某厅\"", "name: \"示例省", ["一行"]),
    ("no units", EXAMPLE[EXAMPLE.index("  - id: shili-shi"):], "", "units:", ["units", "列表"]),
    ("empty list", EXAMPLE[EXAMPLE.index("  - id: shili-shi"):], "  []\n", "  []", ["至少要有一个单位"]),
]


@pytest.mark.parametrize(("case", "old", "new", "marker", "words"), CASES, ids=[c[0] for c in CASES])
def test_mistakes_name_line_and_field(case, old, new, marker, words):
    assert old in EXAMPLE
    text = EXAMPLE.replace(old, new, 1)
    with pytest.raises(ContentError) as caught:
        parse_units(text, "units.yaml")
    report = caught.value.report()
    line = text[: text.index(marker)].count("\n") + 1
    assert f"units.yaml:{line}:" in report, report
    for word in words:
        assert word in report, report


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ContentError, match="找不到单位列表文件 units.yaml"):
        load_units(tmp_path / "units.yaml", root=tmp_path)
