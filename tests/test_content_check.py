"""`site_build.py check` names file, line and field for every kind of broken page, without a traceback."""

from __future__ import annotations

import pytest
from conftest import make_project

import site_build

# (case, file under content/, text to replace, replacement, text on the expected line, words the message names)
CASES = [
    ("front matter not yaml", "requirements.md", "title: 相关要求", "title: [相关要求", "description:", ["YAML"]),
    ("front matter without title", "requirements.md", "title: 相关要求\n", "", "description:", ["title", "缺少"]),
    ("front matter unknown key", "requirements.md", "title: 相关要求", "title: 相关要求\ntitel: 重复", "titel:",
     ["titel", "title"]),
    ("front matter unclosed", "contact.md", "template: contact.html\n---", "template: contact.html", "---",
     ["front matter", "---"]),
    ("template missing", "contact.md", "template: contact.html", "template: kontakt.html", "template:",
     ["template", "kontakt.html"]),
    ("link to missing page", "activities/index.md", "(xuexi-jiaoyu.md)", "(xuexi.md)", "1. [专题组织",
     ["xuexi.md", "不存在"]),
    ("link to missing anchor", "index.md", "[**通知全文**](notice.md)", "[**通知全文**](notice.md#no-such-part)",
     "[**通知全文**]", ["#no-such-part", "notice.md"]),
    ("missing image", "contact.md", "请于10月15日前", "请于10月15日前![联系图](img/none.png)", "![联系图]",
     ["图片", "img/none.png"]),
    ("image without alt", "contact.md", "请于10月15日前", "请于10月15日前![](notice.md)", "![](notice.md)",
     ["说明文字"]),
    ("script tag", "contact.md", "请于10月15日前", "请于<script>alert(1)</script>10月15日前", "<script>",
     ["<script>"]),
    ("event attribute", "contact.md", "请于10月15日前", "请于<img src=x onerror=alert(1)>10月15日前", "onerror",
     ["onerror="]),
    ("javascript url", "index.md", "[**相关要求**](requirements.md)", "[**相关要求**](javascript:alert(1))",
     "[**相关要求**]", ["javascript"]),
    ("iframe", "contact.md", "请于10月15日前", "请于<iframe src=\"a.html\"></iframe>10月15日前", "<iframe",
     ["<iframe>"]),
    ("snippet section missing", "requirements.md", '"notice.md:requirements"', '"notice.md:requirement"', "--8<--",
     ["requirement", "段落标记"]),
    ("absolute link", "activities/index.md", "(xuexi-jiaoyu.md)", "(/activities/xuexi-jiaoyu/)", "1. [专题组织",
     ["相对链接"]),
    ("link to a url path", "activities/index.md", "(xuexi-jiaoyu.md)", "(xuexi-jiaoyu/)", "1. [专题组织",
     [".md"]),
]


@pytest.mark.parametrize(("case", "file", "replace", "by", "marker", "words"), CASES, ids=[c[0] for c in CASES])
def test_check_names_file_line_and_field(tmp_path, capsys, case, file, replace, by, marker, words):
    project = make_project(tmp_path / "project", copy_content=True)
    page = project / "content" / file
    original = page.read_text(encoding="utf-8")
    assert replace in original
    text = original.replace(replace, by, 1)
    page.write_text(text, encoding="utf-8")
    status = site_build.main(["--config", str(project / "mkdocs.yml"), "check"])
    err = capsys.readouterr().err
    line = _line_of(text, by, marker)
    assert status == 1
    assert f"content/{file}:{line}:" in err, err
    for word in words:
        assert word in err, err
    assert "Traceback" not in err


def _line_of(text: str, changed: str, marker: str) -> int:
    """Line of ``marker``: its occurrence nearest before the changed text, or the first after it."""
    at = text.index(changed) if changed else 0
    before = text.rfind(marker, 0, at + len(changed))
    position = before if before != -1 else text.index(marker)
    return text[:position].count("\n") + 1


def test_real_content_passes(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    assert site_build.main(["--config", str(project / "mkdocs.yml"), "check"]) == 0


def test_problems_in_several_files_are_all_reported_sorted(tmp_path, capsys):
    project = make_project(tmp_path / "project", copy_content=True)
    for name in ("index.md", "contact.md"):
        page = project / "content" / name
        page.write_text(page.read_text(encoding="utf-8") + "\n[坏链接](missing.md)\n", encoding="utf-8")
    assert site_build.main(["--config", str(project / "mkdocs.yml"), "check"]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if "missing.md" in line]
    assert [line.split(":")[0] for line in lines] == ["content/contact.md", "content/index.md"]
