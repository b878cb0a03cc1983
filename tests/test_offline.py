"""No built page makes a request to any host but the site's own."""

from __future__ import annotations

import re

import pytest
from html_pages import elements

# Attributes that make the browser fetch something, by element.
_FETCHING = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "form": ["action"],
}
_FETCHING_LINK_RELS = {"stylesheet", "preconnect", "preload", "prefetch", "dns-prefetch", "icon", "manifest",
                       "modulepreload", "apple-touch-icon"}
_ABSOLUTE = re.compile(r"^\s*(https?:)?//", re.I)
# Hosts that serve scripts, styles or fonts to pages: none may appear in our JS.
_CDN_HOSTS = re.compile(
    r"https?://[^\s\"'`]*(unpkg\.com|jsdelivr\.net|cdnjs\.|googleapis\.com|gstatic\.com|bootcdn|staticfile|"
    r"cloudflare\.com|polyfill\.io)[^\s\"'`]*", re.I)
# CDN addresses in Material's bundle that our pages never reach, kept visible here on purpose:
# - the mermaid loader runs only for a mermaid diagram, which this site cannot produce
#   (no mermaid fence is configured);
# - the ResizeObserver polyfill is fetched only when ResizeObserver is missing, and our
#   pages load a local copy before the bundle (test_resize_observer_polyfill_is_served_locally).
_UNREACHABLE = {"https://unpkg.com/mermaid@11/dist/mermaid.min.js", "https://unpkg.com/resize-observer-polyfill"}


def fetched_urls(html: str) -> list[str]:
    """Return every address a browser would fetch while loading ``html`` (attributes and inline styles)."""
    urls = []
    for element in elements(html):
        names = list(_FETCHING.get(element.tag, []))
        if element.tag == "link" and set((element.get("rel") or "").split()) & _FETCHING_LINK_RELS:
            names.append("href")
        if element.tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            names.append("content")
        urls += [element.get(name) for name in names if element.get(name)]
        urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", element.get("style") or "")
    return urls


def test_html_loads_nothing_from_other_hosts(built_site):
    offenders = []
    for page in built_site.rglob("*.html"):
        offenders += [(page.name, url) for url in fetched_urls(page.read_text(encoding="utf-8"))
                      if _ABSOLUTE.match(url) or "url=http" in url.lower()]
    assert offenders == []


def test_css_loads_nothing_from_other_hosts(built_site):
    offenders = []
    for sheet in built_site.rglob("*.css"):
        css = sheet.read_text(encoding="utf-8")
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css) + re.findall(r"@import\s+['\"]([^'\"]+)", css)
        offenders += [(sheet.name, u) for u in urls if _ABSOLUTE.match(u)]
    assert offenders == []


def test_javascript_names_no_cdn(built_site):
    offenders = []
    for script in built_site.rglob("*.js"):
        urls = {m.group(0) for m in _CDN_HOSTS.finditer(script.read_text(encoding="utf-8"))} - _UNREACHABLE
        if urls:
            offenders.append((script.name, sorted(urls)))
    assert offenders == []


def test_resize_observer_polyfill_is_served_locally(built_site):
    # Material fetches this polyfill from a CDN when the browser lacks ResizeObserver;
    # our pages load a local copy first, so that fetch never happens.
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/vendor/resize-observer-polyfill.js"' in html
    assert (built_site / "assets" / "vendor" / "resize-observer-polyfill.js").stat().st_size > 10_000
    assert html.index("resize-observer-polyfill.js") < html.index("assets/javascripts/bundle.")


@pytest.mark.parametrize("page", ["index.html", "notice/index.html", "404.html"])
def test_no_web_fonts(built_site, page):
    html = (built_site / page).read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
