"""Editors' HTML comments (``<!-- 请勿改动文字和标点 -->``) stay in the sources and never reach a page.

Python-Markdown passes raw HTML, comments included, into its output. ``DropComments`` is a
Python-Markdown extension that removes them from every render: the pages, and the blog's
excerpts, which Material renders with its own Markdown instance. It keeps the one comment
the blog needs, the excerpt separator ``<!-- more -->`` (Material cuts the rendered HTML
there); ``without_excerpt_separator`` then removes it from the post's own page.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

#: Where a post's excerpt ends (Material blog's ``post_excerpt_separator``, its default).
EXCERPT_SEPARATOR = "<!-- more -->"
# After raw_html has pasted raw HTML back, a literal "<!--" can only open a comment written in
# the source: text and code spans are escaped to "&lt;!--". So a regex is exact here.
_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)


class _DropComments(Postprocessor):
    def run(self, text: str) -> str:
        if "<!--" not in text:
            return text
        return _COMMENT.sub(lambda m: m.group(0) if m.group(0).rstrip("\n") == EXCERPT_SEPARATOR else "", text)


class DropComments(Extension):
    """Remove ``<!-- … -->`` from Markdown's HTML output, except the excerpt separator."""

    def extendMarkdown(self, md: Markdown) -> None:
        # Priority 25: after raw_html (30). Dropping a comment before raw_html would leave an empty
        # <p></p> where it stood, because a comment counts as a block of HTML and "" does not.
        md.postprocessors.register(_DropComments(md), "campaign_drop_comments", 25)


def without_excerpt_separator(html: str) -> str:
    """Return a rendered page without the excerpt separator (kept for the blog's excerpts)."""
    return html.replace(EXCERPT_SEPARATOR + "\n", "").replace(EXCERPT_SEPARATOR, "")
