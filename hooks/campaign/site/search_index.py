"""The search index holds text: no markup from content or slogans reaches the search results.

Material's search shows each result's ``title`` and ``text`` as HTML. Its index escapes
the text of headings and paragraphs, but a page whose content does not begin with a
heading gets its front matter ``title`` as the result title *unescaped*: a slogan half
such as ``"><img src=x onerror=…>`` became an element in the results (the generated
slogan pages are such pages). ``plain_index`` rewrites the index: those titles are
escaped exactly, and every title and text is then re-written so that only the bare tags
Material itself keeps (``p``, ``code``, ``pre``, lists, ``sub``, ``sup``, without any
attribute) remain markup; anything else that looks like a tag is shown as text.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

#: The tags Material's search index keeps from page content (``material/plugins/search/plugin.py``).
KEPT_TAGS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_SEGMENT = "\u200b"  # Material separates Chinese words with zero-width spaces


def plain_index(index: dict, page_titles: dict[str, str]) -> dict:
    """Return the search index ``index`` (Material's JSON, as a dict) with only text in titles and texts.

    ``page_titles`` maps each page's URL to the title Material would have put, unescaped,
    on the page's first section.
    """
    docs = []
    for doc in index.get("docs", []):
        doc = dict(doc)
        title = str(doc.get("title", ""))
        raw = page_titles.get(str(doc.get("location", "")))
        if raw is not None and title.replace(_SEGMENT, "") == raw.replace(_SEGMENT, ""):
            title = html.escape(title, quote=False)
        doc["title"] = plain_markup(title)
        doc["text"] = plain_markup(str(doc.get("text", "")))
        docs.append(doc)
    return {**index, "docs": docs}


def plain_markup(fragment: str) -> str:
    """Return ``fragment`` with the kept bare tags as markup and everything else escaped as text."""
    parser = _Plain()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


class _Plain(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in KEPT_TAGS and not attrs:
            self.out.append(f"<{tag}>")
        else:
            self.out.append(html.escape(self.get_starttag_text() or f"<{tag}>", quote=False))

    def handle_startendtag(self, tag, attrs):
        self.out.append(html.escape(self.get_starttag_text() or f"<{tag}/>", quote=False))

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>" if tag in KEPT_TAGS else html.escape(f"</{tag}>", quote=False))

    def handle_data(self, data):
        self.out.append(html.escape(data, quote=False))

    def handle_comment(self, data):
        self.out.append(html.escape(f"<!--{data}-->", quote=False))

    def handle_decl(self, decl):
        self.out.append(html.escape(f"<!{decl}>", quote=False))

    def handle_pi(self, data):
        self.out.append(html.escape(f"<?{data}>", quote=False))

    def unknown_decl(self, data):
        self.out.append(html.escape(f"<![{data}]>", quote=False))
