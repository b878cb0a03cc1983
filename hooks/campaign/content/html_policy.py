"""What a page may contain: one allow-list, applied to the HTML that Markdown and snippets produce.

``sanitize(html)`` reads HTML with the standard library's ``html.parser``, keeps only the
elements and attributes of the allow-list below and writes what it kept back out as
well-formed HTML: attribute values quoted and escaped, text escaped, comments dropped.
The build publishes that re-written HTML, so what a browser parses is exactly what this
module read: a quirk in which two HTML parsers disagree (a slash between attributes, an
unclosed quote) cannot carry markup past the check. Everything refused comes back as a
``Finding`` with the raw text of its start tag, so the page check can point at the source
line that produced it.

Why the standard parser and not nh3 or bleach: the check must say *where* each refused
thing is (file, line, column) and *why*, in Chinese, and both libraries only return the
cleaned HTML; bleach is no longer developed. The allow-list is small and fixed, and
re-writing the token stream gives the same guarantee as a sanitizing parser.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

#: Elements a page may contain: what Markdown and its extensions write, and plain text markup.
ALLOWED_ELEMENTS = frozenset(
    "a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub summary sup table "
    "tbody td tfoot th thead time tr u ul var wbr".split()
)
#: Attributes every allowed element may carry (and ``aria-*``).
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role"})
#: Attributes particular elements may carry besides the global ones.
ELEMENT_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "details": {"open"},
}
#: Attributes whose value is an address.
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
#: Schemes a link may use; images may use none (they must be the site's own files).
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Element ids the theme uses for its own elements (Material's all start with two underscores).
RESERVED_ID_PREFIX = "__"
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})

_RUNS_SCRIPT = "它会运行脚本"
#: Why an element is refused, for the messages staff read (elements not listed: not in the allow-list).
ELEMENT_REASONS = {
    **dict.fromkeys(("script", "noscript"), _RUNS_SCRIPT),
    **dict.fromkeys(("style", "link"), "它会改变整个网站的样式，样式由网站主题统一管理"),
    **dict.fromkeys(("iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"),
                    "它会把其他网站的页面或插件嵌进来"),
    **dict.fromkeys(("form", "input", "button", "select", "textarea", "option", "optgroup", "datalist", "label",
                     "fieldset", "output", "keygen"),
                    "表单会把访问者填写的内容发送出去；需要收集信息请联系开发人员"),
    "base": "它会改变页面上所有链接的指向",
    "meta": "它会让页面自动跳转或改变浏览器处理页面的方式",
    **dict.fromkeys(("svg", "math"), "它可以携带脚本；图片请存成 PNG 或 JPG 放在 content/ 中"),
    **dict.fromkeys(("video", "audio", "source", "track", "picture", "canvas", "map", "area"),
                    "需要音频、视频或可点击的图片请联系开发人员"),
    **dict.fromkeys(("template", "slot", "title", "xmp", "plaintext", "noembed", "noframes", "listing", "head",
                     "body", "html"),
                    "它会改变浏览器解析页面的方式"),
}


@dataclass(frozen=True)
class Finding:
    """One thing the policy refuses: its element, attribute and value, where it is, and why (Chinese)."""

    message: str
    tag: str
    attribute: str | None = None
    value: str | None = None
    raw: str = ""  # the start tag exactly as written in the HTML read
    line: int = 1  # position of the start tag in the HTML read (1-based)
    column: int = 1

    @property
    def signature(self) -> tuple:
        """What makes two findings "the same thing" (for finding its source by rendering less of a page)."""
        return (self.message, self.tag, self.attribute, self.value)


@dataclass(frozen=True)
class Address:
    """One address the page points at (``a href``, ``img src``, ``cite``), for the link checks."""

    tag: str
    attribute: str
    value: str
    raw: str
    line: int
    column: int


@dataclass
class Sanitized:
    """The HTML as published (only what the allow-list keeps), what was refused, and the page's addresses and ids."""

    html: str
    findings: list[Finding] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    images: list[dict[str, str | None]] = field(default_factory=list)  # attributes of each kept <img>


def sanitize(text: str) -> Sanitized:
    """Return ``text`` re-written with only the allowed elements and attributes, and every refusal found."""
    parser = _Sanitizer()
    parser.feed(text)
    parser.close()
    return Sanitized("".join(parser.out), parser.findings, parser.addresses, parser.ids, parser.images)


def url_problem(tag: str, attribute: str, value: str) -> str | None:
    """Return why an address may not be used (Chinese), or ``None`` when it may.

    The address is read the way a browser reads it: spaces and control characters at the ends
    dropped, tabs and line breaks inside removed, character references already decoded.
    """
    cleaned = value.strip("".join(map(chr, range(0x21)))).replace("\t", "").replace("\n", "").replace("\r", "")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in cleaned):
        return "网址中有不可见的控制字符，请重新输入这个网址"
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return f"网址格式不对：{value}"
    scheme = parts.scheme.lower()
    if scheme in ("javascript", "vbscript"):
        return f"页面中不能使用 {scheme}: 网址：{_RUNS_SCRIPT}，请删除"
    if scheme == "data":
        return "页面中不能使用 data: 网址：它可以藏入脚本或整页内容；图片请作为文件放在 content/ 中"
    if tag == "img" and (scheme or cleaned.startswith("//")):
        return f"图片不能引用其他网站的文件（{value}）：请把图片放在 content/ 中，网站只加载本站的文件"
    if scheme and scheme not in LINK_SCHEMES:
        return f"链接使用了不允许的协议“{parts.scheme}:”，只能使用 http、https、mailto、tel"
    return None


class _Sanitizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.findings: list[Finding] = []
        self.addresses: list[Address] = []
        self.ids: set[str] = set()
        self.images: list[dict[str, str | None]] = []

    def _refuse(self, message: str, tag: str, attribute: str | None = None, value: str | None = None) -> None:
        line, offset = self.getpos()
        self.findings.append(Finding(message, tag, attribute, value, self.get_starttag_text() or "", line,
                                     offset + 1))

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if tag not in ALLOWED_ELEMENTS:
            reason = ELEMENT_REASONS.get(tag, "它不在允许使用的标签之列")
            self._refuse(f"页面中不能使用 <{tag}> 标签：{reason}，请删除", tag)
            return
        kept: dict[str, str | None] = {}
        for name, value in attrs:
            if name in kept:  # browsers use the first of two equal names; refuse the second outright
                self._refuse(f"<{tag}> 标签的属性 {name}= 写了两次，请删除一个", tag, name, value)
                continue
            problem = self._attribute_problem(tag, name, value)
            if problem:
                self._refuse(problem, tag, name, value)
                continue
            kept[name] = value
        line, offset = self.getpos()
        raw = self.get_starttag_text() or ""
        for name, value in kept.items():
            if name in URL_ATTRIBUTES and value is not None:
                self.addresses.append(Address(tag, name, value, raw, line, offset + 1))
            if name == "id" and value:
                self.ids.add(value)
        if tag == "img":
            self.images.append(dict(kept))
        written = "".join(f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"'
                          for name, value in kept.items())
        self.out.append(f"<{tag}{written}>")
        if closed and tag not in _VOID:
            self.out.append(f"</{tag}>")

    @staticmethod
    def _attribute_problem(tag: str, name: str, value: str | None) -> str | None:
        if name.startswith("on"):
            return f"页面中不能使用 {name}= 事件属性：{_RUNS_SCRIPT}，请删除"
        if name == "style":
            return "页面中不能使用 style= 属性：样式由网站主题统一管理，网站的内容安全策略也会拦下它，请删除"
        allowed = name in GLOBAL_ATTRIBUTES or name in ELEMENT_ATTRIBUTES.get(tag, ()) or (
            name.startswith("aria-") and name[5:].isalpha() and name.isascii())
        if not allowed:
            return f"<{tag}> 标签不能带 {name}= 属性：它不在允许使用的属性之列，请删除"
        if name == "id" and value is not None and value.startswith(RESERVED_ID_PREFIX):
            return f"id“{value}”以两个下划线开头，这样的名字留给网站主题使用，请换一个"
        if name in URL_ATTRIBUTES and value is not None:
            return url_problem(tag, name, value)
        return None

    def handle_endtag(self, tag):
        if tag in ALLOWED_ELEMENTS and tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(html.escape(data, quote=False))

    # Comments, declarations and processing instructions carry nothing a page shows: dropped.
    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass
