"""`check` is the build's own front half: what makes `build` fail is found by `check`, in Chinese, at its line.

The examples the issue found (each passed `check` and failed `build`, several with a trace), a
table of front matter values Material cannot use, product paths written twice, and a property
test: for broken inputs made up of random careless and hostile edits, `check` fails exactly
when `build` fails, and a failing build is a reported error, never a crash.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import MINI, build_project, edit_slogan, make_project
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

import site_build

LONG_HALF = "质量" * 20  # forty characters: as long as a half may be, far too long for a share card's three lines


def run(project: Path, capsys, *args: str) -> tuple[int, str]:
    status = site_build.main(["--config", str(project / "mkdocs.yml"), *args])
    return status, capsys.readouterr().err


def set_front_matter(project: Path, page: str, lines: str) -> None:
    path = project / "content" / page
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\n" + lines + "\n", 1), encoding="utf-8")


# (case, edit of a project copy, the "file:line:" the problem is reported at, words of the message)
EXAMPLES = [
    ("hide is a number", lambda p: set_front_matter(p, "contact.md", "hide: 5"), "content/contact.md:2:",
     ["hide", "列表"]),
    ("search is a number", lambda p: set_front_matter(p, "contact.md", "search: 5"), "content/contact.md:2:",
     ["search", "键值表"]),
    ("emoji in a page title", lambda p: (p / "content/contact.md").write_text(
        (p / "content/contact.md").read_text(encoding="utf-8").replace("title: 联系方式", "title: 联系方式😀"),
        encoding="utf-8"), "content/contact.md:2:", ["😀", "分享卡片"]),
    ("200-character slogan, posters off", lambda p: edit_slogan(p, "美好生活 质量相伴", "美好生活 " + "质量相伴" * 49),
     "slogans.yaml:76:", ["太长", "分享卡片"]),
    ("ids whose poster files collide", lambda p: (
        edit_slogan_id(p, "meihaoshenghuo-zhiliang-xiangban", "hubei"),
        edit_slogan_id(p, "hubei-zhiliang-gongchuang-gongxiang", "hubei-wechat")), "slogans.yaml:", ["hubei-wechat-square"]),
    ("block snippet of a missing file", lambda p: append(p, "contact.md", "\n--8<--\nmissing.md\n--8<--\n"),
     "content/contact.md:", ["missing.md"]),
    ("slogan id index", lambda p: edit_slogan_id(p, "meihaoshenghuo-zhiliang-xiangban", "index"), "slogans.yaml:74:",
     ["口号总览页", "slogans/index.html"]),
    ("slogan id of the theme's posters", lambda p: edit_slogan_id(p, "meihaoshenghuo-zhiliang-xiangban",
                                                                  "huodong-zhuti"), "slogans.yaml:", ["活动主题的海报"]),
    ("page named in nav removed", lambda p: (p / "content" / "contact.md").unlink(), "mkdocs.yml:", ["contact.md"]),
    ("page where a generated page goes", lambda p: (p / "content" / "posters").mkdir() or (
        p / "content/posters/index.md").write_text("---\ntitle: 海报\n---\n\n正文\n", encoding="utf-8"),
     "content/posters/index.md:1:", ["海报下载页"]),
    ("two pages at one address", lambda p: (p / "content" / "contact").mkdir() or (
        p / "content/contact/index.md").write_text("---\ntitle: 另一个\n---\n\n正文\n", encoding="utf-8"),
     "content/contact/index.md:1:", ["contact/index.html"]),
    ("picture that would replace a theme file", lambda p: (p / "content/assets/images").mkdir(parents=True) or (
        p / "content/assets/images/favicon.png").write_bytes(b"x"), "content/assets/images/favicon.png:1:",
     ["网站主题的文件"]),
    ("template of a generated page", lambda p: set_front_matter(p, "requirements.md", "template: slogan.html"),
     "content/requirements.md:2:", ["slogan.html"]),
]


def edit_slogan_id(project: Path, old: str, new: str) -> None:
    data = project / "slogans.yaml"
    text = data.read_text(encoding="utf-8")
    assert f"id: {old}\n" in text
    data.write_text(text.replace(f"id: {old}\n", f"id: {new}\n"), encoding="utf-8")


def append(project: Path, page: str, text: str) -> None:
    path = project / "content" / page
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(("case", "edit", "where", "words"), EXAMPLES, ids=[c[0] for c in EXAMPLES])
def test_what_fails_the_build_fails_the_check(tmp_path, capsys, case, edit, where, words):
    project = make_project(tmp_path / "project", copy_content=True)
    edit(project)
    status, err = run(project, capsys, "check")
    assert status == 1, err
    assert any(line.startswith(where) for line in err.splitlines()), err
    for word in words:
        assert word in err, err
    site = tmp_path / "site"
    status, err = run(project, capsys, "build", "--strict", "--site-dir", str(site))
    assert status == 1 and not site.exists()
    assert "Traceback" not in err


# (case, front matter lines, words of the message)
FRONT_MATTER = [
    ("hide lists an unknown part", "hide:\n  - menu", ["navigation"]),
    ("hide lists a number", "hide:\n  - 5", ["文字"]),
    ("search exclude not a yes or no", "search:\n  exclude: maybe", ["exclude", "是/否"]),
    ("search boost not a number", "search:\n  boost: high", ["boost", "数字"]),
    ("search boost out of range", "search:\n  boost: -1", ["boost", "0 到 1000"]),
    ("search unknown key", "search:\n  exclud: true", ["exclud", "exclude"]),
    ("icon the theme lacks", "icon: material/no-such-icon", ["图标"]),
    ("icon not text", "icon: [a]", ["icon", "文字"]),
    ("status the theme lacks", "status: secret", ["status", "new"]),
    ("description a list", "description: [a, b]", ["description", "文字"]),
    ("title too long", "title: " + "很长的标题" * 13, ["title", "太长"]),
    ("title with a control character", 'title: "联系\\x07方式"', ["U+0007"]),
    ("template of Material's blog", "template: blog.html", ["blog.html"]),
]


@pytest.mark.parametrize(("case", "lines", "words"), FRONT_MATTER, ids=[c[0] for c in FRONT_MATTER])
def test_front_matter_values_material_cannot_use(tmp_path, capsys, case, lines, words):
    project = make_project(tmp_path / "project", copy_content=True)
    page = project / "content" / "contact.md"
    text = page.read_text(encoding="utf-8")
    if lines.startswith("title:"):
        text = re.sub(r"^title: .*$", lambda m: lines, text, count=1, flags=re.M)
    else:
        text = text.replace("---\n", "---\n" + lines + "\n", 1)
    page.write_text(text, encoding="utf-8")
    status, err = run(project, capsys, "check")
    assert status == 1
    assert re.search(r"^content/contact\.md:[2-4]:\d+: ", err, re.M), err
    for word in words:
        assert word in err, err


def test_front_matter_material_can_use_passes(tmp_path, capsys):
    project = make_project(tmp_path / "project", copy_content=True)
    set_front_matter(project, "contact.md", "hide:\n  - toc\n  - footer\nsearch:\n  boost: 2\nicon: material/phone\n"
                                            "status: new")
    status, err = run(project, capsys, "check")
    assert status == 0, err
    build_project(project, tmp_path / "site")


def test_a_byte_order_mark_is_read_as_mkdocs_reads_it(tmp_path, capsys):
    project = make_project(tmp_path / "project", copy_content=True)
    page = project / "content" / "contact.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes().replace(b"\n", b"\r\n"))
    status, err = run(project, capsys, "check")
    assert status == 0, err


# --- the property: check fails exactly when build fails ---------------------------------------

#: Edits a careless or hostile contributor makes to the small campaign: (name, file, how).
#: Some are harmless, so that many generated inputs pass and are really built.
_PAGE = "---\ntitle: {title}\n{extra}---\n\n{body}\n"
EDITS = {
    "fine page": ("content/about.md", _PAGE.format(title="关于", extra="", body="正文，[首页](index.md)。")),
    "fine table": ("content/table.md", _PAGE.format(title="表格", extra="", body="| 甲 | 乙 |\n|:-:|--:|\n| 1 | 2 |")),
    "fine details": ("content/more.md", _PAGE.format(title="更多", extra="hide:\n  - toc\n",
                                                      body="<details><summary>说明</summary>内容</details>")),
    "fine snippet": ("content/part.md", _PAGE.format(title="片段", extra="", body='--8<-- "index.md"')),
    "fine picture": ("content/img/a.png", b"\x89PNG\r\n\x1a\n"),
    "hide number": ("content/h.md", _PAGE.format(title="隐藏", extra="hide: 5\n", body="x")),
    "search number": ("content/s.md", _PAGE.format(title="搜索", extra="search: 5\n", body="x")),
    "emoji title": ("content/e.md", _PAGE.format(title="标题😀", extra="", body="x")),
    "unclosed fence": ("content/f.md", _PAGE.format(title="代码", extra="", body="```\n\n<script>alert(1)</script>")),
    "reference javascript": ("content/r.md", _PAGE.format(title="引用", extra="",
                                                          body="[x][r]\n\n[r]: &#106;avascript:alert(1)")),
    "style block": ("content/st.md", _PAGE.format(title="样式", extra="", body="<style>p{}</style>")),
    "missing block snippet": ("content/m.md", _PAGE.format(title="引用", extra="", body="--8<--\nnone.md\n--8<--")),
    "missing link": ("content/l.md", _PAGE.format(title="链接", extra="", body="[x](none.md)")),
    "missing reference link": ("content/rl.md", _PAGE.format(title="链接", extra="", body="[x][n]\n\n[n]: none.md")),
    "no front matter": ("content/n.md", "正文"),
    "unclosed front matter": ("content/u.md", "---\ntitle: x\n"),
    "front matter list": ("content/fl.md", "---\n- a\n---\n\nx\n"),
    "html file": ("content/x.html", "<script>alert(1)</script>"),
    "svg file": ("content/x.svg", "<svg onload='alert(1)'/>"),
    "page clash": ("content/index/index.md", _PAGE.format(title="首页二", extra="", body="x")),
    "slogans page": ("content/slogans/index.md", _PAGE.format(title="口号", extra="", body="x")),
    "not utf-8": ("content/g.md", "---\ntitle: 国标\n---\n\n正文\n".encode("gb18030")),
    "index id": ("slogans.yaml", ("id: ceshi-kouhao-er", "id: index")),
    "colliding ids": ("slogans.yaml", ("id: ceshi-kouhao-er", "id: ceshi-kouhao-yi-wechat")),
    "long slogan": ("slogans.yaml", ("测试口号第二 内容不同", f"测试口号第二 {LONG_HALF}")),
    "nul in slogans": ("slogans.yaml", ("内容不同]", "内容不同]\x00")),
    "loop": ("content/loop", "->.."),
    "link out": ("content/out.txt", "->/etc/hostname"),
}


def apply(project: Path, name: str) -> None:
    file, change = EDITS[name]
    path = project / file
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(change, tuple):
        old, new = change
        text = path.read_text(encoding="utf-8")
        text = text.replace(old, new) if old != "测试口号第二 内容不同" else text.replace(
            f"text: {old}", f"text: {new}").replace("halves: [测试口号第二, 内容不同]", f"halves: [测试口号第二, {LONG_HALF}]")
        path.write_text(text, encoding="utf-8")
    elif isinstance(change, str) and change.startswith("->"):
        path.symlink_to(change[2:])
    elif isinstance(change, bytes):
        path.write_bytes(change)
    else:
        path.write_text(change, encoding="utf-8")


def builds(project: Path, site: Path) -> bool:
    """Return whether a strict build of ``project`` succeeds; any failure other than MkDocs' reported abort fails the test."""
    try:
        build_project(project, site)
    except Abort:
        return False
    return True


_counter = iter(range(10**9))


FINE = sorted(name for name in EDITS if name.startswith("fine"))
BROKEN = sorted(name for name in EDITS if not name.startswith("fine"))
#: Some harmless edits, and half the time one or two breaking ones: about half the inputs are really built.
inputs = st.tuples(st.sets(st.sampled_from(FINE), max_size=3),
                   st.one_of(st.just(set()), st.sets(st.sampled_from(BROKEN), min_size=1, max_size=2)))


def every_edit_alone(test):
    """Try each edit on its own first (hypothesis' explicit examples), then random combinations."""
    for name in sorted(EDITS, reverse=True):
        test = example(({name}, set()) if name in FINE else (set(), {name}))(test)
    return test


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@every_edit_alone
@given(inputs)
def test_check_fails_exactly_when_build_fails(tmp_path, capsys, edits):
    edits = edits[0] | edits[1]
    where = tmp_path / f"example-{next(_counter)}"
    project = make_project(where / "project", campaign=MINI, copy_content=True)
    for name in sorted(edits):
        apply(project, name)
    status, err = run(project, capsys, "check")
    assert "Traceback" not in err
    built = builds(project, where / "site")
    event("check and build pass" if built else "check and build fail")
    assert (status == 0) == built, (sorted(edits), err)
    assert built == (where / "site").is_dir()
    shutil.rmtree(where, ignore_errors=True)
