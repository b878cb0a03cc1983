"""Bad slogans.yaml stops the build with file, line and field named, and no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from campaign.content.slogans_file import parse_campaign
from campaign.problems import ContentError
from conftest import ROOT, make_project

import site_build

REAL = (ROOT / "slogans.yaml").read_text(encoding="utf-8")

# (case, text to replace in the real file, replacement, text on the expected line, words the message names)
CASES = [
    ("missing half", "halves: [湖北质量, 共创共享]", "halves: [湖北质量]", "halves: [湖北质量]", ["halves", "两半"]),
    ("halves do not join", "halves: [美好生活, 质量相伴]", "halves: [美好生活, 质量同行]", "质量同行", ["halves", "text"]),
    ("empty text", "text: 美好生活 质量相伴", 'text: ""', 'text: ""', ["text", "不能为空"]),
    ("missing text", "    text: 美好生活 质量相伴\n", "", "id: meihaoshenghuo-zhiliang-xiangban", ["text", "缺少"]),
    ("duplicate id", "id: meihaoshenghuo-zhiliang-xiangban", "id: hubei-zhiliang-gongchuang-gongxiang",
     "id: hubei-zhiliang-gongchuang-gongxiang\n    text: 美好生活", ["id", "重复", "第 1 条"]),
    ("duplicate text", "text: 美好生活 质量相伴\n    halves: [美好生活, 质量相伴]",
     "text: 湖北质量 共创共享\n    halves: [湖北质量, 共创共享]", "id: meihaoshenghuo-zhiliang-xiangban", ["text", "重复"]),
    ("unknown slogan key", "    halves: [美好生活, 质量相伴]", "    halves: [美好生活, 质量相伴]\n    txet: 多余",
     "txet: 多余", ["txet", "text"]),
    ("unknown campaign key", "  year: 2020", "  yaer: 2020", "yaer: 2020", ["yaer", "year"]),
    ("id not ascii", "id: meihaoshenghuo-zhiliang-xiangban", "id: 美好生活", "id: 美好生活", ["id", "小写英文字母"]),
    ("year not a number", "year: 2020", "year: 二〇二〇", "year: 二〇二〇", ["campaign.year", "整数"]),
    ("bad email", "email: hb_zlc@163.com", "email: hb_zlc", "email: hb_zlc", ["campaign.contact.email"]),
    ("bad colour", 'primary: "#B71C1C"', "primary: red", "primary: red", ["campaign.colors.primary", "#RRGGBB"]),
    ("low contrast", 'accent: "#FFD54F"', 'accent: "#C62828"', 'accent: "#C62828"', ["campaign.colors.accent", "对比度"]),
    ("yaml syntax", "halves: [湖北质量, 共创共享]", "halves: [湖北质量, 共创共享", "id: gongjian-hubei", ["YAML"]),
    ("halves not a list", "halves: [美好生活, 质量相伴]", "halves: 美好生活 质量相伴", "halves: 美好生活 质量相伴",
     ["halves", "列表"]),
    # Print colours, next to the screen colours
    ("print colour missing", "    accent_cmyk: [0, 15, 80, 0]\n", "", "primary: \"#B71C1C\"", ["accent_cmyk", "缺少", "印刷色值"]),
    ("print colour not four inks", "primary_cmyk: [0, 100, 100, 25]", "primary_cmyk: [0, 100, 100]",
     "primary_cmyk: [0, 100, 100]", ["campaign.colors.primary_cmyk", "四个百分数"]),
    ("print colour over 100 %", "primary_cmyk: [0, 100, 100, 25]", "primary_cmyk: [0, 100, 120, 25]",
     "primary_cmyk: [0, 100, 120, 25]", ["campaign.colors.primary_cmyk", "0 到 100"]),
    ("too much ink", "primary_cmyk: [0, 100, 100, 25]", "primary_cmyk: [60, 100, 100, 60]",
     "primary_cmyk: [60, 100, 100, 60]", ["总墨量", "320%", "300%"]),
    ("four-colour black text", "accent_cmyk: [0, 15, 80, 0]", "accent_cmyk: [60, 40, 40, 100]",
     "accent_cmyk: [60, 40, 40, 100]", ["campaign.colors.accent_cmyk", "四色黑", "[0, 0, 0, 100]"]),
    # The lines staff choose for a slogan
    ("lines do not join", "halves: [美好生活, 质量相伴]", "halves: [美好生活, 质量相伴]\n    lines: [美好生活, 质量同伴]",
     "lines: [美好生活, 质量同伴]", ["lines", "美好生活质量同伴", "不一致"]),
    ("a line across the halves", "halves: [美好生活, 质量相伴]",
     "halves: [美好生活, 质量相伴]\n    lines:\n      - 美好\n      - 生活质量\n      - 相伴", "- 生活质量",
     ["lines", "第 2 行", "跨过"]),
    ("lines not a list", "halves: [美好生活, 质量相伴]", "halves: [美好生活, 质量相伴]\n    lines: 美好生活 质量相伴",
     "lines: 美好生活", ["lines", "列表"]),
    # The print section
    ("unknown print condition", "\nslogans:", "\nprint:\n  output_intent: ISO-COATED\n\nslogans:",
     "output_intent: ISO-COATED", ["print.output_intent", "ISO-COATED", "FOGRA39", "印刷厂"]),
    ("crop marks not yes or no", "\nslogans:", "\nprint:\n  crop_marks: 要\n\nslogans:", "crop_marks: 要",
     ["print.crop_marks", "true 或 false"]),
    ("format of an unknown kind", "\nslogans:",
     "\nprint:\n  formats:\n    - id: zhanban\n      name: 展板\n      size_mm: [900, 1200]\n      kind: banner\n"
     "\nslogans:", "kind: banner", ["第 1 个印刷格式", "kind", "poster", "couplet"]),
    ("format size not two numbers", "\nslogans:",
     "\nprint:\n  formats:\n    - id: zhanban\n      name: 展板\n      size_mm: [900]\n      kind: poster\n"
     "\nslogans:", "size_mm: [900]", ["size_mm", "两个数"]),
    ("format without a name", "\nslogans:",
     "\nprint:\n  formats:\n    - id: zhanban\n      size_mm: [900, 1200]\n      kind: poster\n\nslogans:",
     "- id: zhanban", ["第 1 个印刷格式", "缺少必填字段“name”"]),
    ("format id not ascii", "\nslogans:",
     "\nprint:\n  formats:\n    - id: 展板\n      name: 展板\n      size_mm: [900, 1200]\n      kind: poster\n"
     "\nslogans:", "- id: 展板", ["id", "小写英文字母"]),
    ("stand hides half the format", "\nslogans:",
     "\nprint:\n  formats:\n    - id: zhanban\n      name: 展板\n      size_mm: [900, 1200]\n      kind: poster\n"
     "      hidden_bottom_mm: 700\n\nslogans:", "hidden_bottom_mm: 700", ["hidden_bottom_mm", "一半"]),
    ("a couplet on a stand", "\nslogans:",
     "\nprint:\n  formats:\n    - id: duilian\n      name: 对联\n      size_mm: [500, 2400]\n      kind: couplet\n"
     "      hidden_bottom_mm: 100\n\nslogans:", "hidden_bottom_mm: 100", ["hidden_bottom_mm", "kind: poster"]),
]


# Rules that need the poster fonts and layout: checked by `site_build.py check`, not by the loader alone.
POSTER_CASES = [
    ("character the poster font lacks", "text: 美好生活 质量相伴\n    halves: [美好生活, 质量相伴]",
     "text: 美好生活 质量相伴㐀\n    halves: [美好生活, 质量相伴㐀]", "text: 美好生活 质量相伴㐀",
     ["meihaoshenghuo-zhiliang-xiangban", "㐀", "U+3400"]),
    ("staff lines against GB/T 15834", "text: 美好生活 质量相伴\n    halves: [美好生活, 质量相伴]",
     "text: 美好生活，质量相伴 共享\n    halves: [美好生活，质量相伴, 共享]\n    lines: [美好生活, ，质量相伴, 共享]",
     "lines: [美好生活", ["meihaoshenghuo-zhiliang-xiangban", "lines", "第 2 行", "GB/T 15834", "“，”不能出现在行首"]),
    ("configured format named like a built-in one", "\nslogans:",
     "\nprint:\n  formats:\n    - id: print-a3\n      name: 展板\n      size_mm: [900, 1200]\n      kind: poster\n"
     "\nslogans:", "- id: print-a3", ["print-a3", "内置格式重名"]),
    ("slogan too long for a format", "text: 美好生活 质量相伴\n    halves: [美好生活, 质量相伴]",
     "text: 美好生活 " + "质量相伴" * 8 + "\n    halves: [美好生活, " + "质量相伴" * 8 + "]",
     "text: 美好生活 质量相伴质量", ["meihaoshenghuo-zhiliang-xiangban", "放不下", "couplet-print"]),
]


def mutate(replace: str, by: str) -> str:
    assert replace in REAL
    return REAL.replace(replace, by, 1)


def expected_line(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize(("case", "replace", "by", "marker", "words"), CASES, ids=[c[0] for c in CASES])
def test_loader_names_line_and_field(case, replace, by, marker, words):
    text = mutate(replace, by)
    with pytest.raises(ContentError) as caught:
        parse_campaign(text, "slogans.yaml")
    report = caught.value.report()
    line = expected_line(text, marker)
    assert f"slogans.yaml:{line}:" in report, report
    for word in words:
        assert word in report, report


@pytest.mark.parametrize(("case", "replace", "by", "marker", "words"), CASES + POSTER_CASES,
                         ids=[c[0] for c in CASES + POSTER_CASES])
def test_check_command_fails_with_the_message(tmp_path, capsys, monkeypatch, case, replace, by, marker, words):
    monkeypatch.setenv("CAMPAIGN_POSTERS", "on")  # so that the poster rules are checked too
    text = mutate(replace, by)
    project = make_project(tmp_path / "project", text)
    status = site_build.main(["--config", str(project / "mkdocs.yml"), "check"])
    err = capsys.readouterr().err
    assert status == 1
    assert f"slogans.yaml:{expected_line(text, marker)}:" in err
    for word in words:
        assert word in err, err
    assert "Traceback" not in err


def test_all_problems_are_reported_at_once():
    text = mutate("year: 2020", "year: 二〇二〇")
    text = text.replace("halves: [湖北质量, 共创共享]", "halves: [湖北质量]")
    with pytest.raises(ContentError) as caught:
        parse_campaign(text, "slogans.yaml")
    assert len(caught.value.problems) == 2
    assert [p.line for p in caught.value.problems] == sorted(p.line for p in caught.value.problems)


def test_real_build_stops_without_traceback_and_keeps_nothing_half_written(tmp_path):
    project = make_project(tmp_path / "project", mutate("text: 美好生活 质量相伴", 'text: ""'))
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, str(ROOT / "site_build.py"), "--config", str(project / "mkdocs.yml"), "build",
         "--site-dir", str(site)],
        capture_output=True, text=True, cwd=project,
    )
    assert run.returncode == 1
    assert "slogans.yaml:" in run.stderr and "text" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert not site.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == [".site.lock"]  # the lock only


def test_mkdocs_build_directly_reports_the_same_problem(tmp_path):
    project = make_project(tmp_path / "project", mutate("year: 2020", "yaer: 2020"))
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=project)
    assert run.returncode == 1
    assert "slogans.yaml:5:3:" in run.stderr and "yaer" in run.stderr
    assert "Traceback" not in run.stderr
