"""What a page may contain: the allow-list on rendered HTML, and each refusal traced to the line that made it."""

from __future__ import annotations

import pytest
from campaign.content.html_policy import ALLOWED_ELEMENTS, sanitize
from conftest import build_project, make_project
from html_pages import elements

import site_build

# --- the policy on HTML ------------------------------------------------------------------------

# (case, HTML, words the one finding's message holds)
REFUSED = [
    ("script", "<p>a</p><script>alert(1)</script>", ["<script>"]),
    ("script in svg", "<svg><script>alert(1)</script></svg>", ["<svg>"]),
    ("svg onload", "<svg/onload=alert(1)>", ["<svg>"]),
    ("event handler", "<img src=x.png alt=a onerror=alert(1)>", ["onerror="]),
    ("event handler over lines", "<div\n  class=x\n  onmouseover=\"alert(1)\">t</div>", ["onmouseover="]),
    ("upper-case handler", "<IMG SRC=x.png ALT=a ONERROR=alert(1)>", ["onerror="]),
    ("javascript link", '<a href="javascript:alert(1)">x</a>', ["javascript:"]),
    ("javascript link, entity-encoded", '<a href="&#106;avascript:alert(1)">x</a>', ["javascript:"]),
    ("javascript link, hex entities without semicolons", "<a href=&#x6A&#x61vascript:alert(1)>x</a>", ["javascript:"]),
    ("javascript link split by a newline", '<a href="java\nscript:alert(1)">x</a>', ["javascript:"]),
    ("javascript link with leading space and capitals", '<a href=" JaVaScRiPt:alert(1)">x</a>', ["javascript:"]),
    ("vbscript link", '<a href="vbscript:msgbox(1)">x</a>', ["vbscript:"]),
    ("data link", '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', ["data:"]),
    ("data image", '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="a">', ["data:"]),
    ("foreign image", '<img src="https://example.org/a.png" alt="a">', ["其他网站"]),
    ("protocol-relative image", '<img src="//example.org/a.png" alt="a">', ["其他网站"]),
    ("other scheme", '<a href="file:///etc/passwd">x</a>', ["file:"]),
    ("style block", "<style>body{display:none}</style>", ["<style>"]),
    ("style attribute", '<p style="position:fixed;top:0">x</p>', ["style="]),
    ("iframe", '<iframe src="https://example.org"></iframe>', ["<iframe>"]),
    ("object", '<object data="x.swf"></object>', ["<object>"]),
    ("embed", '<embed src="x.swf">', ["<embed>"]),
    ("form", '<form action="https://example.org"><input name=p></form>', ["<form>", "<input>"]),
    ("base", '<base href="https://example.org/">', ["<base>"]),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=https://example.org">', ["<meta>"]),
    ("link stylesheet", '<link rel="stylesheet" href="x.css">', ["<link>"]),
    ("math", "<math><mtext>x</mtext></math>", ["<math>"]),
    ("textarea", "<textarea><img src=x onerror=alert(1)></textarea>", ["<textarea>"]),
    ("unknown attribute", '<a href="a.md" target="_blank">x</a>', ["target="]),
    ("data attribute", '<div data-md-component="search">x</div>', ["data-md-component="]),
    ("theme id", '<p id="__config">{}</p>', ["__config"]),
    ("twice the same attribute", '<a href="a.md" href="javascript:alert(1)">x</a>', ["两次"]),
]


@pytest.mark.parametrize(("case", "markup", "words"), REFUSED, ids=[c[0] for c in REFUSED])
def test_policy_refuses(case, markup, words):
    result = sanitize(markup)
    messages = " ".join(f.message for f in result.findings)
    assert result.findings, case
    for word in words:
        assert word in messages, messages
    _assert_inert(result.html)


ALLOWED = [
    "<p>文字 <strong>加粗</strong> <em>强调</em> <code>a &lt; b</code></p>",
    '<p><a href="notice.md#yi">链接</a> <a href="https://www.samr.gov.cn/">总局</a> <a href="tel:02712345">电话</a></p>',
    '<div class="grid cards"><ul><li><p>项</p></li></ul></div>',
    '<table><thead><tr><th align="center">甲</th></tr></thead><tbody><tr><td align="right">1</td></tr></tbody></table>',
    '<details open><summary>说明</summary><p>内容</p></details>',
    '<p><img src="img/photo.jpg" alt="活动现场" width="300"></p>',
    '<h2 id="huodong-zhuti">活动主题</h2><blockquote><p>引文</p></blockquote><hr>',
    '<p><abbr title="国家市场监督管理总局">总局</abbr> H<sub>2</sub>O x<sup>2</sup></p>',
]


@pytest.mark.parametrize("markup", ALLOWED)
def test_policy_keeps_ordinary_markup_unchanged(markup):
    result = sanitize(markup)
    assert result.findings == []
    assert result.html == markup


@pytest.mark.parametrize("markup", [
    "<img/src=x.png/onerror=alert(1) alt=a>",  # browsers read src="x.png/onerror=alert(1)": an address, no handler
    '<a href="x"<img src=x onerror=alert(1)>',
    "<p>a</p><!-- <script>alert(1)</script> -->",
    "<p>x</p><![CDATA[<script>alert(1)</script>]]>",
    "<scr\x00ipt>alert(1)</script>",
    "<!-- unclosed <script>alert(1)</script>",
    '<a href="a.md" title=\'"><img src=x onerror=alert(1)>\'>x</a>',
])
def test_what_is_published_is_what_was_read(markup):
    """Whatever the quirk of the input, the re-written HTML holds only allowed elements and attributes."""
    _assert_inert(sanitize(markup).html)


def _assert_inert(markup: str) -> None:
    for element in elements(markup):
        assert element.tag in ALLOWED_ELEMENTS, markup
        for name, value in element.attrs.items():
            assert not name.startswith("on") and name != "style", markup
            assert not (value or "").strip().lower().startswith(("javascript:", "vbscript:", "data:")), markup


# --- the check: hostile and careless pages, each refused at the line that made it ---------------

# (case, file under content/, text added at its end, line of the problem counted from the first added line,
#  words of the message)
PAGES = [
    ("unclosed code fence", "contact.md", "```\n\n<script>alert(1)</script>\n", 3, ["<script>"]),
    ("fence closed too early", "contact.md", "```\ncode\n```\n<script>alert(1)</script>\n", 4, ["<script>"]),
    ("event handler over lines", "contact.md", "<div\n  class=\"x\"\n  onclick=\"alert(1)\">t</div>\n", 3,
     ["onclick="]),
    ("reference link to javascript", "contact.md", "[联系我们][r]\n\n[r]: javascript:alert(1)\n", 3,
     ["javascript:"]),
    ("reference link, entity-encoded", "contact.md", "[联系我们][r]\n\n[r]: &#x6A;avascript:alert(1)\n", 3,
     ["javascript:"]),
    ("inline link, entity-encoded", "contact.md", "[联系我们](&#106;avascript:alert(1))\n", 1, ["javascript:"]),
    ("raw link, entity-encoded", "contact.md", '<a href="&#106;avascript:alert(1)">x</a>\n', 1, ["javascript:"]),
    ("attribute list handler", "contact.md", "## 标题 {: onclick=\"alert(1)\" }\n", 1, ["onclick="]),
    ("attribute list href", "contact.md", "[x](notice.md){: href=\"javascript:alert(1)\" }\n", 1,
     ["javascript:"]),
    ("style block", "contact.md", "<style>\nbody { display: none }\n</style>\n", 1, ["<style>"]),
    ("meta refresh", "contact.md", '<meta http-equiv="refresh" content="0;url=https://example.org">\n', 1,
     ["<meta>"]),
    ("base", "contact.md", '<base href="https://example.org/">\n', 1, ["<base>"]),
    ("form", "contact.md", '<form action="https://example.org/">\n<input name="p">\n</form>\n', 1, ["<form>"]),
    ("svg", "contact.md", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>\n', 1, ["<svg>"]),
    ("markdown in html", "contact.md", '<div markdown>\n\n<span onclick="alert(1)">x</span>\n\n</div>\n', 3,
     ["onclick="]),
    ("data image", "contact.md", "![图](data:image/png;base64,iVBORw0KGgo=)\n", 1, ["data:"]),
    ("image from another site", "contact.md", "![图](https://example.org/a.png)\n", 1, ["其他网站"]),
    ("raw image without alt", "contact.md", '<img src="notice.md">\n', 1, ["说明文字"]),
    ("reference link to a missing page", "contact.md", "[通知][n]\n\n[n]: nonexistent.md\n", 3,
     ["nonexistent.md", "不存在"]),
    ("raw link to a missing page", "contact.md", '<a href="nonexistent.md">x</a>\n', 1, ["nonexistent.md"]),
    ("link out of content", "contact.md", "[x](../slogans.yaml)\n", 1, ["content/ 之外"]),
    ("invisible control character", "contact.md", "文字\x02wzxhzdk:0\x03\n", 1, ["U+0002"]),
    ("bidirectional override", "contact.md", "文字\u202e字文\n", 1, ["U+202E"]),
    ("block snippet of a missing file", "contact.md", "--8<--\nmissing.md\n--8<--\n", 2, ["missing.md", "不存在"]),
    ("inline snippet of a missing file", "contact.md", '--8<-- "missing.md"\n', 1, ["missing.md"]),
    ("snippet out of content", "contact.md", '--8<-- "../slogans.yaml"\n', 1, ["slogans.yaml"]),
    ("snippet of a missing section", "requirements.md", '--8<-- "notice.md:nosuch"\n', 1, ["nosuch", "段落标记"]),
]


@pytest.mark.parametrize(("case", "file", "added", "line", "words"), PAGES, ids=[c[0] for c in PAGES])
def test_check_refuses_at_the_line(tmp_path, capsys, case, file, added, line, words):
    project = make_project(tmp_path / "project", copy_content=True)
    page = project / "content" / file
    original = page.read_text(encoding="utf-8")
    page.write_text(original.rstrip("\n") + "\n\n" + added, encoding="utf-8")
    first_added = original.rstrip("\n").count("\n") + 3
    status = site_build.main(["--config", str(project / "mkdocs.yml"), "check"])
    err = capsys.readouterr().err
    assert status == 1, err
    assert f"content/{file}:{first_added + line - 1}:" in err, err
    for word in words:
        assert word in err, err
    assert "Traceback" not in err


def test_snippet_of_a_text_file_is_refused_where_the_script_is(tmp_path, capsys):
    """A block snippet of a non-Markdown file: refused as a snippet, and its script found in that file."""
    project = make_project(tmp_path / "project", copy_content=True)
    (project / "content" / "note.txt").write_text("说明\n\n<script>alert(1)</script>\n", encoding="utf-8")
    page = project / "content" / "contact.md"
    text = page.read_text(encoding="utf-8") + "\n--8<--\nnote.txt\n--8<--\n"
    page.write_text(text, encoding="utf-8")
    status = site_build.main(["--config", str(project / "mkdocs.yml"), "check"])
    err = capsys.readouterr().err
    assert status == 1
    assert "content/note.txt:3:1: 页面中不能使用 <script> 标签" in err, err
    assert "content/contact.md" in err and "note.txt" in err and ".md 页面" in err, err


def test_a_refused_page_is_not_published(tmp_path):
    project = make_project(tmp_path / "project", copy_content=True)
    page = project / "content" / "contact.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n```\n\n<script>alert(1)</script>\n", encoding="utf-8")
    site = tmp_path / "site"
    assert site_build.main(["--config", str(project / "mkdocs.yml"), "build", "--site-dir", str(site)]) == 1
    assert not site.exists()


def test_table_alignment_is_an_attribute_the_policy_allows(tmp_path):
    project = make_project(tmp_path / "project", copy_content=True)
    page = project / "content" / "contact.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n| 甲 | 乙 |\n|:--:|--:|\n| 1 | 2 |\n", encoding="utf-8")
    build_project(project, tmp_path / "site")
    cells = elements((tmp_path / "site" / "contact" / "index.html").read_text(encoding="utf-8"), "th")
    assert [c.get("align") for c in cells] == ["center", "right"]
    assert all(c.get("style") is None for c in cells)

