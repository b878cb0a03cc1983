"""What a shared or indexed page says about itself: its description and card image path."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser

#: Longest description; search engines and chat apps cut around here for Chinese text.
MAX_DESCRIPTION = 120


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._depth += 1
            self.paragraphs.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self._depth = max(0, self._depth - 1)

    def handle_data(self, data):
        if self._depth:
            self.paragraphs[-1] += data


def first_paragraph(html: str) -> str:
    """Return the text of the first non-empty paragraph of ``html`` (spaces collapsed), or ``""``."""
    parser = _Paragraphs()
    parser.feed(html)
    return next((re.sub(r"\s+", " ", p).strip() for p in parser.paragraphs if p.strip()), "")


def shorten(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """Return ``text`` cut to ``limit`` characters, ending with "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip("，、；：,;: ") + "…"


def page_description(explicit: str | None, title: str, content_html: str, fallback: str) -> str:
    """Return the page's description: its own ``description``, else title and first paragraph, else ``fallback``."""
    if explicit and explicit.strip():
        return explicit.strip()
    lead = first_paragraph(content_html)
    if lead and lead != title:
        return shorten(f"{title}：{lead}" if title else lead)
    return shorten(f"{title}：{fallback}" if title and title != fallback else fallback)


def card_path(page_url: str) -> str:
    """Return the site-relative path of a page's share card, from the page's URL (``""`` = home).

    ASCII addresses keep their words (``activities/xuexi/`` → ``activities--xuexi.png``); an address
    with other characters (a page named in Chinese) gets a short hash of itself too, so that two such
    pages never share a card.
    """
    url = page_url.strip("/").removesuffix(".html")
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", url.replace("/", "--")) or "index"
    if url and stem != url.replace("/", "--"):
        stem += "-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"assets/share/{stem}.png"
