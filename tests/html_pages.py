"""The one HTML reader of the tests: elements with their attributes and text, a page's visible text, a site's pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "dt", "dd", "section", "header",
           "article", "nav", "footer", "ol", "ul", "table", "blockquote", "main", "aside"}
_SKIP = {"script", "style", "svg", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    """One element of a page: tag, attributes, and the text inside it (blocks on their own lines)."""

    tag: str
    attrs: dict[str, str | None]
    parts: list[str] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        """Return the element's visible text, spaces collapsed, one line per block."""
        lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.document = Element("#document", {})
        self.elements: list[Element] = []
        self.open: list[Element] = [self.document]
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._write("\n")
        if tag not in _VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._write("\n")
        for index in range(len(self.open) - 1, 0, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if not self.skipping:
            self._write(data)

    def _write(self, text: str) -> None:
        for element in self.open:
            element.parts.append(text)


def read_html(html: str) -> tuple[Element, list[Element]]:
    """Return the document (its ``text`` is the page's visible text) and every element in document order."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.document, reader.elements


def elements(html: str, tag: str | None = None, **attrs: str) -> list[Element]:
    """Return the elements of ``html`` with this tag (any tag if ``None``) whose attributes have these values.

    Attribute names use ``_`` for ``-`` (``http_equiv="refresh"``); ``class_`` matches one class.
    """
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}

    def matches(element: Element) -> bool:
        for name, value in wanted.items():
            actual = element.attrs.get(name)
            if name == "class":
                if value not in (actual or "").split():
                    return False
            elif actual != value:
                return False
        return True

    return [e for e in read_html(html)[1] if (tag is None or e.tag == tag) and matches(e)]


def page_text(html: str) -> str:
    """Return the visible text of an HTML page: blocks on their own lines, spaces collapsed."""
    return read_html(html)[0].text


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
        return elements(html, "article")[0].text
