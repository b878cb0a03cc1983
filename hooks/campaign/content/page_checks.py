"""Check the Markdown pages staff edit, on what they become: front matter, the HTML policy, links, images, snippets.

Each page is split into front matter and body exactly as MkDocs splits it; the front matter
is checked against its schema (``front_matter``); the body is rendered with the site's own
Markdown settings (snippets included, code fences closed or not) and the HTML that comes
out is what the content policy (``html_policy``) and the link checks read. Each problem is
traced back to the source that produced it: a raw HTML tag is found where it is written
(in the page or in the file a snippet included); anything Markdown wrote (a link, a
reference definition, an attribute list) is found by rendering less and less of the page
until it disappears.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from pymdownx.snippets import SnippetMissingError

from ..problems import ContentProblem
from .front_matter import PAGE_SCHEMA, FieldContext, PageSchema, check_front_matter, invisible_characters, split_page
from .html_policy import Sanitized, sanitize
from .markdown_render import MarkdownSettings, Rendered, render
from .tree import PAGE_SUFFIX, Tree

_NO_CONTEXT = FieldContext()


@dataclass
class CheckedPage:
    """One page as the check read it: its front matter values, its rendered and sanitized HTML."""

    rel: str  # relative to the docs dir, posix
    shown: str  # as messages show it
    meta: dict[str, object] = field(default_factory=dict)
    nodes: dict[str, yaml.Node] = field(default_factory=dict)  # front matter key → its node (for positions)
    sanitized: Sanitized | None = None
    included: list[Path] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        title = self.meta.get("title")
        return title if isinstance(title, str) else None

    def position_of(self, key: str) -> tuple[int, int]:
        """Return the line and column of front matter ``key``'s value (1, 1 if it has none)."""
        node = self.nodes.get(key)
        return (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)


@dataclass
class PagesReport:
    """Every page read and every problem found in them."""

    pages: dict[str, CheckedPage] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)


def check_pages(
    tree: Tree,
    settings: MarkdownSettings,
    *,
    shown_prefix: str,
    generated: set[str] | None,
    context: FieldContext = _NO_CONTEXT,
    schema_for: Callable[[str], PageSchema] = lambda rel: PAGE_SCHEMA,
) -> PagesReport:
    """Return every page under the content tree and every problem in them.

    ``generated`` holds the docs-relative paths of pages the build generates (valid link
    targets), or is ``None`` when they are unknown (the data did not load: links to pages
    that are not in ``content/`` are then not judged); ``context`` what front matter values may name; ``schema_for(path)`` the
    front matter schema of a page. Paths in messages are ``shown_prefix`` + the path.
    """
    report = PagesReport()
    files = tree.published()
    sources: dict[str, _Source] = {}
    for file in files:
        if not file.rel.endswith(PAGE_SUFFIX):
            continue
        source = _read(file.path, file.rel, shown_prefix, report.problems)
        if source is None:
            continue
        sources[file.rel] = source
        page = CheckedPage(file.rel, shown_prefix + file.rel)
        split = split_page(source.text)
        page.meta, problems, page.nodes = check_front_matter(split, source.text, page.shown,
                                                             schema_for(file.rel), context)
        report.problems += problems
        report.problems += invisible_characters(split.body, split.body_line, page.shown)
        source.body, source.body_line = split.body, split.body_line
        report.pages[file.rel] = page
    docs_root = tree.root.resolve()
    shown_of = {f.path.resolve(): shown_prefix + f.rel for f in files}
    for rel, page in report.pages.items():
        locator = _Locator(page, sources[rel], settings, shown_of)
        rendered = render(sources[rel].body, settings)
        if rendered.error is not None:
            report.problems.append(locator.error(rendered.error))
            continue
        page.included = rendered.included
        outside = [p for p in rendered.included if not p.resolve().is_relative_to(docs_root)]
        if outside:  # the tree check has already named the link; nothing read from outside is looked at
            continue
        for path in rendered.included:
            if path.suffix != PAGE_SUFFIX:
                line = locator.first_line(lambda r, path=path: path in r.included)
                report.problems.append(ContentProblem(page.shown, line, 1,
                                                      f"只能引用 content/ 中的 .md 页面，不能引用 {shown_of.get(path.resolve(), path.name)}"))
        page.sanitized = sanitize(rendered.html)
        for finding in page.sanitized.findings:
            report.problems.append(locator.locate(finding.raw, finding.attribute, finding.value, finding.tag,
                                                  lambda s, f=finding: sum(x.signature == f.signature for x in s.findings),
                                                  finding.message))
    assets = {f.rel for f in files}
    for page in report.pages.values():
        if page.sanitized is not None:
            _check_links(page, report.pages, assets, generated, _Locator(page, sources[page.rel], settings, shown_of),
                         report.problems)
    return report


@dataclass
class _Source:
    text: str
    body: str = ""
    body_line: int = 1


def _read(path: Path, rel: str, prefix: str, problems: list[ContentProblem]) -> _Source | None:
    """Return a page's text as MkDocs reads it (UTF-8, a byte-order mark dropped, newlines as ``\\n``)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        problems.append(ContentProblem(prefix + rel, 1, 1, f"无法读取这个文件：{err.strerror}"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(ContentProblem(prefix + rel, line, 1, f"文件不是 UTF-8 编码：{err.reason}；请用 UTF-8 另存这个文件"))
        return None
    return _Source(text.replace("\r\n", "\n").replace("\r", "\n"))


class _Locator:
    """Finds the source line and column of something in a page's rendered HTML."""

    def __init__(self, page: CheckedPage, source: _Source, settings: MarkdownSettings, shown_of: dict[Path, str]):
        self.page = page
        self.source = source
        self.settings = settings
        self.shown_of = shown_of
        self.lines = source.body.split("\n")
        self._seen: dict[str, int] = {}

    def _render(self, count: int) -> Rendered:
        return render("\n".join(self.lines[:count]), self.settings)

    def first_line(self, present: Callable[[Rendered], bool]) -> int:
        """Return the file line of the first body line with which ``present`` becomes true (by bisection)."""
        low, high = 1, len(self.lines)
        while low < high:
            middle = (low + high) // 2
            if present(self._render(middle)):
                high = middle
            else:
                low = middle + 1
        return self.source.body_line + low - 1

    def locate(self, raw: str, attribute: str | None, value: str | None, tag: str,
               count: Callable[[Sanitized], int], message: str) -> ContentProblem:
        """Return ``message`` at the source of the element whose start tag is ``raw`` in the rendered HTML."""
        occurrence = self._seen[message + raw] = self._seen.get(message + raw, 0) + 1
        if raw:
            found = self._find(self.source.body, raw, occurrence)
            if found is not None:
                line, column = self._offset(self.source.body, found, raw, attribute)
                return ContentProblem(self.page.shown, self.source.body_line + line - 1, column, message)
            for path in self.page.included:
                try:
                    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
                except (OSError, UnicodeDecodeError):
                    continue
                found = self._find(text, raw, 1)
                if found is not None:
                    line, column = self._offset(text, found, raw, attribute)
                    shown = self.shown_of.get(path.resolve(), path.name)
                    return ContentProblem(shown, line, column, f"{message}（页面 {self.page.shown} 引用了这个文件）")

        def present(rendered: Rendered) -> bool:
            return rendered.error is None and count(sanitize(rendered.html)) >= occurrence

        line = self.first_line(present)
        text = self.lines[line - self.source.body_line]
        needles = (value, _written_value(raw, attribute), f"{attribute}=" if attribute else None, f"<{tag}")
        column = next((text.find(n) + 1 for n in needles if n and n in text), 1)
        return ContentProblem(self.page.shown, line, column, message)

    def error(self, err: Exception) -> ContentProblem:
        """Return the problem of a page that cannot be rendered, at the line that makes it fail."""

        def fails(rendered: Rendered) -> bool:
            return type(rendered.error) is type(err) and str(rendered.error) == str(err)

        line = self.first_line(fails) if fails(self._render(len(self.lines))) else self.source.body_line
        name = str(err).split("'")[1] if isinstance(err, SnippetMissingError) and "'" in str(err) else ""
        text = self.lines[line - self.source.body_line] if line >= self.source.body_line else ""
        column = text.find(name) + 1 if name and name in text else 1
        return ContentProblem(self.page.shown, line, column, _render_message(err))

    @staticmethod
    def _find(text: str, raw: str, occurrence: int) -> int | None:
        at = -1
        for _ in range(occurrence):
            at = text.find(raw, at + 1)
            if at == -1:
                return None
        return at

    @staticmethod
    def _offset(text: str, at: int, raw: str, attribute: str | None) -> tuple[int, int]:
        if attribute:
            inside = raw.lower().find(attribute, len(raw.split(None, 1)[0]))
            at += max(inside, 0)
        before = text[:at]
        return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1


def _written_value(raw: str, attribute: str | None) -> str | None:
    """Return an attribute's value as written in a start tag (entities not decoded), to find its column."""
    if not attribute:
        return None
    at = raw.lower().find(attribute + "=")
    if at == -1:
        return None
    rest = raw[at + len(attribute) + 1:]
    if rest[:1] in ('"', "'"):
        return rest[1:].split(rest[0], 1)[0] or None
    return rest.split(None, 1)[0].rstrip(">") or None


def _render_message(err: Exception) -> str:
    if isinstance(err, SnippetMissingError):
        text = str(err)
        if "section" in text:
            name = text.split("'")[1] if "'" in text else text
            return f"引用的段落标记“{name}”不存在（应有 --8<-- [start:{name}] 和 [end:{name}] 两行）"
        name = text.split("'")[1] if "'" in text else ""
        return f"引用的文件“{name}”不存在，或在 content/ 之外（路径相对于 content/ 目录）"
    if isinstance(err, UnicodeDecodeError):
        return "引用的文件不是 UTF-8 编码的文字，不能引用（图片请用 ![说明](文件) 插入）"
    if isinstance(err, IsADirectoryError):
        return "引用的是一个目录，不是文件"
    if isinstance(err, OSError):
        return f"引用的文件无法读取：{err.strerror}"
    if isinstance(err, RecursionError):
        return "页面嵌套太深（引用或列表层数过多），无法转换成网页"
    return f"这一页无法转换成网页（{type(err).__name__}: {err}），请检查这一行附近的写法"


def _check_links(page: CheckedPage, pages: dict[str, CheckedPage], assets: set[str], generated: set[str] | None,
                 locator: _Locator, problems: list[ContentProblem]) -> None:
    for image in page.sanitized.images:
        if not (image.get("alt") or "").strip():
            raw_tag = next((a.raw for a in page.sanitized.addresses if a.tag == "img" and a.value == image.get("src")),
                           "")
            problems.append(locator.locate(raw_tag, "alt", None, "img",
                                           lambda s: sum(not (i.get("alt") or "").strip() for i in s.images),
                                           "图片缺少说明文字：请在 ![ ] 的方括号中写明图片内容，方便视障读者"))
    for address in page.sanitized.addresses:
        message = _target_problem(page, address.tag, address.value, pages, assets, generated)
        if message is not None:
            problems.append(locator.locate(
                address.raw, address.attribute, address.value, address.tag,
                lambda s, a=address: sum((x.tag, x.attribute, x.value) == (a.tag, a.attribute, a.value)
                                         for x in s.addresses),
                message))


def _target_problem(page: CheckedPage, tag: str, target: str, pages: dict[str, CheckedPage], assets: set[str],
                    generated: set[str] | None) -> str | None:
    """Return why a link or image address does not lead to a page, place or file of the site, or ``None``."""
    if not target.strip():
        return "链接地址是空的"
    parts = urlsplit(target.strip())
    if parts.scheme or target.startswith("//"):
        return None  # the policy has already judged other sites' addresses
    if target.startswith("/"):
        return f"请使用相对链接（例如 notice.md），不要以 / 开头：{target}"
    path, anchor = unquote(parts.path), unquote(parts.fragment)
    if not path:
        if anchor and page.sanitized is not None and anchor not in page.sanitized.ids:
            return f"本页没有“#{anchor}”这个位置（标题或 id）"
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
    if resolved.startswith("../") or resolved == "..":
        return f"链接指向 content/ 之外：{target}"
    if path.endswith("/") or not posixpath.splitext(resolved)[1]:
        return f"链接请指向 .md 文件（例如 {path.rstrip('/')}.md），而不是网址：{target}"
    if resolved in pages or resolved in (generated or ()):
        target_page = pages.get(resolved)
        if anchor and target_page is not None and target_page.sanitized is not None \
                and anchor not in target_page.sanitized.ids:
            return f"页面“{resolved}”中没有“#{anchor}”这个位置（标题或 id）"
        return None
    if resolved in assets or generated is None:
        return None
    kind = "图片" if tag == "img" else "链接的页面或文件"
    return f"{kind}不存在：{target}（在 content/ 中找不到 {resolved}）"
