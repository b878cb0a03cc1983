"""Data-driven text is escaped everywhere it is shown; every page carries a strict CSP."""

from __future__ import annotations

import base64
import hashlib

import pytest
from campaign.site.csp import policy, with_policy
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
