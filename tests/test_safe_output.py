"""Data-driven text is escaped everywhere it is shown; every page carries a strict CSP."""

from __future__ import annotations

import base64
import hashlib

import pytest
from campaign.site.csp import ForeignInlineCode, policy, with_policy
from conftest import ROOT, build_site, make_project
from html_pages import elements

PAYLOAD = "<img src=x onerror=alert(1)>"
SLOGAN = f"{PAYLOAD} 第二半"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The real project with the payload as a slogan and as a page title in front matter (posters off)."""
    real = (ROOT / "slogans.yaml").read_text(encoding="utf-8")
    entry = f"  - id: xss-test\n    text: '{SLOGAN}'\n    halves: ['{PAYLOAD}', 第二半]\n"
    tmp = tmp_path_factory.mktemp("hostile")
    project = make_project(tmp / "project", real + entry, copy_content=True)
    contact = project / "content" / "contact.md"
    contact.write_text(contact.read_text(encoding="utf-8").replace("title: 联系方式", f"title: '{PAYLOAD}'"),
                       encoding="utf-8")
    return build_site(project / "mkdocs.yml", tmp / "site")


def test_payload_never_appears_as_markup(hostile_site):
    raw = [p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html")
           if PAYLOAD in p.read_text(encoding="utf-8")]
    assert raw == []


@pytest.mark.parametrize("page", ["slogans/xss-test/index.html", "slogans/index.html", "contact/index.html",
                                  "index.html"])
def test_payload_is_shown_as_text(hostile_site, page):
    html = (hostile_site / page).read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_escaped_title_in_html_title(hostile_site):
    html = (hostile_site / "slogans/xss-test/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;img src=x onerror=alert(1)&gt;" in html
    assert elements(html, "title")[0].text.startswith(PAYLOAD)


def test_every_page_has_a_csp_meta_before_any_script(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        meta = html.find('<meta http-equiv="Content-Security-Policy"')
        assert meta != -1, page
        assert meta < html.find("<script"), page


def test_csp_allows_only_own_origin_and_hashed_inline_code(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    content = elements(html, "meta", http_equiv="Content-Security-Policy")[0].get("content")
    directives = dict(part.strip().split(" ", 1) for part in content.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    for name in ("script-src", "style-src"):
        sources = directives[name].split()
        assert sources[0] == "'self'"
        assert all(s.startswith("'sha256-") for s in sources[1:]), sources
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    assert "http" not in content


def test_policy_hashes_exactly_the_inline_blocks():
    html = "<html><head><meta charset=utf-8><script>a()</script><script src=x.js></script>" \
           "<script type=\"application/json\">{}</script><style>p{}</style></head></html>"
    text = policy(html)
    assert text.count("'sha256-") == 2  # one script, one style; not the JSON block or the external script
    expected = base64.b64encode(hashlib.sha256(b"a()").digest()).decode()
    assert f"'sha256-{expected}'" in text
    changed = with_policy(html)
    assert changed.index("Content-Security-Policy") < changed.index("<script>")


def test_search_index_carries_no_markup(hostile_site):
    """Material shows titles and texts of results as HTML: only its own bare tags may be markup there."""
    import json

    from campaign.site.search_index import KEPT_TAGS

    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for field in ("title", "text"):
            for element in elements(doc[field]):
                assert element.tag in KEPT_TAGS and not element.attrs, (doc["location"], doc[field])
    titles = [doc["title"].replace("\u200b", "") for doc in index["docs"] if doc["location"] == "slogans/xss-test/"]
    assert titles == ["&lt;img src=x onerror=alert(1)&gt; 第二半"]


@pytest.mark.parametrize(("index_title", "raw", "expected"), [
    ("\"><img src=x onerror=alert(1)> \u200b第二\u200b半", "\"><img src=x onerror=alert(1)> 第二半",
     "\"&gt;&lt;img src=x onerror=alert(1)&gt; \u200b第二\u200b半"),  # the unescaped front matter title: exact text
    ("<code>a &lt; b</code>", "标题", "<code>a &lt; b</code>"),  # Material's own markup stays
    ("<p onclick=x>a</p><svg/onload=x>", "标题", "&lt;p onclick=x&gt;a</p>&lt;svg/onload=x&gt;"),  # anything else is text
])
def test_plain_index(index_title, raw, expected):
    from campaign.site.search_index import plain_index

    index = {"config": {"lang": ["zh"]}, "docs": [{"location": "a/", "title": index_title, "text": ""}]}
    assert plain_index(index, {"a/": raw})["docs"][0]["title"] == expected


def test_policy_hashes_only_the_theme_blocks():
    theme = "<html><head><meta charset=utf-8><script>theme()</script><style>p{}</style></head><body><article>CONTENT" \
            "</article><script>after()</script></body></html>"
    page = theme.replace("CONTENT", "<p>正文</p>")
    text = policy(page, "<p>正文</p>")
    assert text.count("'sha256-") == 3
    for content in ("<script>evil()</script>", "<style>body{display:none}</style>"):
        with pytest.raises(ForeignInlineCode, match="不是网站主题写的"):
            policy(theme.replace("CONTENT", content), content)
    swallowing = "<script>"  # an unclosed script in the content runs on into the theme's next block
    with pytest.raises(ForeignInlineCode):
        policy(theme.replace("CONTENT", swallowing), swallowing)


def test_built_pages_allow_exactly_their_theme_blocks(built_site):
    """The hashes in each page's policy are those of the inline blocks outside its content, and nothing else."""
    from campaign.site.csp import _sha256, inline_blocks

    for path in [built_site / "index.html", built_site / "notice" / "index.html", built_site / "404.html"]:
        html = path.read_text(encoding="utf-8")
        content = elements(html, "meta", http_equiv="Content-Security-Policy")[0].get("content")
        directives = dict(part.strip().split(" ", 1) for part in content.split(";"))
        declared = set(directives["script-src"].split()[1:]) | set(directives["style-src"].split()[1:])
        assert declared == {_sha256(body) for _kind, body in inline_blocks(html)}, path


def test_a_page_whose_content_brings_inline_code_is_not_published(tmp_path, monkeypatch):
    """The second line of defence: with the content policy made to let <script> through (in the check and in the
    build), the CSP step still refuses the script that came with the content, and nothing is published."""
    from campaign.content import html_policy
    from conftest import build_project
    from mkdocs.exceptions import Abort

    monkeypatch.setattr(html_policy, "ALLOWED_ELEMENTS", html_policy.ALLOWED_ELEMENTS | {"script"})
    project = make_project(tmp_path / "project", copy_content=True)
    page = project / "content" / "contact.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    with pytest.raises(Abort):
        build_project(project, tmp_path / "site")
    assert not (tmp_path / "site").exists()
