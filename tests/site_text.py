"""Read built HTML pages as text (what a reader sees), for assertions."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "dt", "dd", "section", "header",
           "article", "nav", "footer", "ol", "ul", "table", "blockquote", "main", "aside"}
_SKIP = {"script", "style", "svg", "template"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def page_text(html: str) -> str:
    """Return the visible text of an HTML page: blocks on their own lines, spaces collapsed."""
    parser = _TextParser()
    parser.feed(html)
    text = "".join(parser.parts)
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class SiteText:
    """The text of each page of a built site, keyed by its path relative to the site root."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.pages = {
            p.relative_to(site_dir).as_posix(): page_text(p.read_text(encoding="utf-8"))
            for p in sorted(site_dir.rglob("*.html"))
        }

    def page(self, path: str) -> str:
        """Return the text of the page at ``path`` (e.g. ``notice/index.html``)."""
        return self.pages[path]

    def everything(self) -> str:
        """Return the text of all pages, one after another."""
        return "\n".join(self.pages.values())

    def content(self, path: str) -> str:
        """Return the text of the page's main article only (no header, navigation or footer)."""
        html = (self.site_dir / path).read_text(encoding="utf-8")
        return page_text(html[html.index("<article"):html.rindex("</article>")])
