"""Content-Security-Policy for built pages: only the site's own origin, plus the theme's own inline code, hashed.

Material writes a few small inline scripts and our theme one inline style (the campaign
colours); rather than allowing every inline script with 'unsafe-inline', each page's
policy lists the SHA-256 of exactly the inline blocks the *theme* wrote into it. Which
those are is computed, not assumed: the theme's part of a page is the page with its
content (the rendered Markdown the theme put into its ``content`` slot) taken out, so a
block is the theme's if it is still there without the content. An inline block that
exists only because of the content, or a theme block that the content swallowed (an
unclosed ``<script>`` or comment in the content joins up with the theme's code after it),
is refused: such a page is never published. The pages' content has already passed the
content policy, which allows no script or style at all; this is the second, independent
line of defence.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from html.parser import HTMLParser

_FIXED = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
#: Script types a browser does not run (data blocks): they need no hash.
_DATA_TYPES = ("application/json", "application/ld+json")


class ForeignInlineCode(ValueError):
    """A page holds inline script or style that its theme did not write; the message says which (Chinese)."""


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


class _InlineBlocks(HTMLParser):
    """Collects the bodies of executable inline scripts and of inline styles, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks: list[tuple[str, str]] = []  # (kind, body)
        self._open: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "").strip().lower()
            self._open = ("data" if kind in _DATA_TYPES else "script", [])
        elif tag == "style":
            self._open = ("style", [])

    def handle_data(self, data):
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if self._open is not None and tag in ("script", "style"):
            kind, parts = self._open
            if kind != "data":
                self.blocks.append((kind, "".join(parts)))
            self._open = None

    def close(self):
        super().close()
        if self._open is not None:  # a block left open runs to the end of the page
            kind, parts = self._open
            if kind != "data":
                self.blocks.append((kind, "".join(parts)))
            self._open = None


def inline_blocks(html: str) -> list[tuple[str, str]]:
    """Return ``(kind, body)`` of every inline script (``"script"``) and style (``"style"``) of ``html``."""
    parser = _InlineBlocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def theme_blocks(html: str, content: str = "") -> list[tuple[str, str]]:
    """Return the inline blocks the theme wrote into ``html``, whose content slot holds ``content``.

    Raises ``ForeignInlineCode`` if the page has an inline block the theme did not write, or
    lacks one the theme wrote (the content has swallowed it).
    """
    blocks = inline_blocks(html)
    if not content:
        return blocks
    theme = inline_blocks(html.replace(content, ""))
    extra = Counter(blocks) - Counter(theme)
    lost = Counter(theme) - Counter(blocks)
    if extra:
        kind, body = next(iter(extra))
        raise ForeignInlineCode(f"页面中有不是网站主题写的内联{'脚本' if kind == 'script' else '样式'}（{body[:60]!r}），"
                                "不能发布")
    if lost:
        raise ForeignInlineCode("页面内容破坏了网站主题的内联脚本或样式（内容中可能有没有结束的 <script>、<style> 或注释），不能发布")
    return theme


def policy(html: str, content: str = "") -> str:
    """Return the policy for ``html``: own origin only, and the hashes of the theme's inline blocks."""
    blocks = theme_blocks(html, content)
    scripts = sorted({_sha256(body) for kind, body in blocks if kind == "script"})
    styles = sorted({_sha256(body) for kind, body in blocks if kind == "style"})
    directives = {**_FIXED, "script-src": " ".join(["'self'", *scripts]), "style-src": " ".join(["'self'", *styles])}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def with_policy(html: str, content: str = "") -> str:
    """Return ``html`` with its CSP ``<meta>`` first in ``<head>`` (after the charset); unchanged if no head.

    ``content`` is what the theme put into the page's content slot (empty for pages with
    none, like 404.html); raises ``ForeignInlineCode`` as ``theme_blocks`` does.
    """
    start = _head_end(html)
    if start is None:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, content)}">'
    return html[:start] + "\n    " + meta + html[start:]


class _HeadStart(HTMLParser):
    """Finds where the CSP goes: right after ``<head>`` and its ``<meta charset>``, if that comes first."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.insert_at: int | None = None
        self._lines: list[int] = []
        self._after_head = False

    def handle_starttag(self, tag, attrs):
        if self.insert_at is not None and not self._after_head:
            return
        if tag == "head" and self.insert_at is None:
            self.insert_at = self._end_of_tag()
            self._after_head = True
            return
        if self._after_head:
            if tag == "meta" and any(name == "charset" for name, _ in attrs):
                self.insert_at = self._end_of_tag()
            self._after_head = False

    handle_startendtag = handle_starttag

    def _end_of_tag(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column + len(self.get_starttag_text())

    def handle_data(self, data):
        if self._after_head and data.strip():
            self._after_head = False

    def locate(self, html: str) -> int | None:
        self._lines = [0]
        for line in html.split("\n"):
            self._lines.append(self._lines[-1] + len(line) + 1)
        self.feed(html)
        self.close()
        return self.insert_at


def _head_end(html: str) -> int | None:
    return _HeadStart().locate(html)
