"""Check the Markdown pages staff edit: front matter, links, images, includes and unsafe HTML.

Each rule yields ``ContentProblem``s located by file, line and column, in Chinese.
Pure reading: nothing is written, nothing is rendered.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from pymdownx.slugs import slugify

from ..problems import ContentProblem
from .located_yaml import NodeReader, parse_yaml
from .post_checks import is_post

#: Front-matter keys a page may set, with what each is for.
REQUIRED_KEYS = {"title": "页面标题"}
OPTIONAL_KEYS = {
    "description": "页面摘要（搜索引擎和分享卡片使用）",
    "template": "页面模板",
    "hide": "隐藏导航或目录",
    "search": "搜索设置",
    "icon": "图标",
    "status": "页面状态",
}

_slug = slugify(case="lower")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{([^}]*)\})?\s*#*\s*$")
_ATTR_ID = re.compile(r"#([\w-]+)")
_HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_MD_LINK = re.compile(r"(?<!\\)(!?)\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_HTML_URL = re.compile(r"""<(a|img|source|link)\b[^>]*?\b(href|src)\s*=\s*["']([^"']*)["']""", re.I)
_SNIPPET = re.compile(r"""^\s*-{1,}8<-{1,}\s+["']([^"':]+)(?::([\w-]+))?["']""")
_SECTION = re.compile(r"--8<--\s*\[start:([\w-]+)\]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_UNSAFE_TAGS = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|meta|base)\b", re.I)
_EVENT_ATTR = re.compile(r"<[a-zA-Z][^>]*\s(on[a-zA-Z]+)\s*=", re.S)
_JS_URL = re.compile(r"""(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data)\s*:""", re.I)


@dataclass
class Page:
    """One Markdown file split into front matter and body, with its headings' anchors."""

    path: str  # relative to the docs dir, posix
    shown: str  # as shown in messages
    body: list[str]  # lines of the body
    body_start: int  # line number of the first body line
    anchors: set[str] = field(default_factory=set)
    sections: set[str] = field(default_factory=set)


def check_pages(
    docs_dir: Path, *, shown_prefix: str, generated: set[str], templates: set[str]
) -> list[ContentProblem]:
    """Return every problem in the Markdown files under ``docs_dir``.

    ``generated`` holds the docs-relative paths of pages the build generates (valid link
    targets); ``templates`` the template names pages may ask for. Paths in messages are
    ``shown_prefix`` + the docs-relative path.
    """
    problems: list[ContentProblem] = []
    pages: dict[str, Page] = {}
    for file in sorted(docs_dir.rglob("*.md")):
        rel = file.relative_to(docs_dir).as_posix()
        page = _read_page(file, rel, shown_prefix + rel, templates, problems)
        if page is not None:
            pages[rel] = page
    assets = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()}
    for page in pages.values():
        _check_body(page, pages, assets, generated, problems)
    return problems


def _read_page(file: Path, rel: str, shown: str, templates: set[str], problems: list[ContentProblem]) -> Page | None:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        problems.append(ContentProblem(shown, 1, 1, f"文件不是 UTF-8 编码：{err.reason}"))
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        problems.append(ContentProblem(shown, 1, 1, "页面开头缺少 front matter（以 --- 开始和结束，至少写明 title: 页面标题）"))
        return Page(rel, shown, lines, 1)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        problems.append(ContentProblem(shown, 1, 1, "front matter 没有结束：缺少第二个 --- 行"))
        return None
    if not is_post(rel):  # a post's front matter has its own rules: post_checks
        _check_front_matter("\n" + "\n".join(lines[1:end]), shown, templates, problems)
    page = Page(rel, shown, lines[end + 1 :], end + 2)
    _collect_anchors(page)
    return page


def _check_front_matter(text: str, shown: str, templates: set[str], problems: list[ContentProblem]) -> None:
    root, parse_problems = parse_yaml(text, shown)
    if parse_problems:
        problems.extend(parse_problems)
        return
    reader = NodeReader(shown)
    if root is None:
        reader.problem(None, "front matter 是空的：至少要写 title: 页面标题")
    else:
        table = reader.mapping(root, "front matter ", REQUIRED_KEYS, OPTIONAL_KEYS)
        if table:
            if "title" in table:
                reader.text(table["title"], "front matter 的字段“title”（页面标题）")
            if "description" in table:
                reader.text(table["description"], "front matter 的字段“description”（页面摘要）")
            if "template" in table:
                name = reader.text(table["template"], "front matter 的字段“template”（页面模板）")
                if name is not None and name not in templates:
                    reader.problem(table["template"], f"front matter 的字段“template”指定的模板“{name}”不存在；"
                                   f"可用：{'、'.join(sorted(templates))}")
    problems.extend(reader.problems)


def _collect_anchors(page: Page) -> None:
    in_fence = False
    for line in page.body:
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = _HEADING.match(line)
        if heading:
            attrs = heading.group(3) or ""
            explicit = _ATTR_ID.search(attrs)
            page.anchors.add(explicit.group(1) if explicit else _slug(_plain(heading.group(2)), "-"))
        page.anchors.update(_HTML_ID.findall(line))
        page.sections.update(_SECTION.findall(line))


def _plain(markdown: str) -> str:
    """Return heading text as the toc extension sees it (emphasis and code marks removed)."""
    return re.sub(r"[*_`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown))


def _check_body(
    page: Page, pages: dict[str, Page], assets: set[str], generated: set[str], problems: list[ContentProblem]
) -> None:
    in_fence = False
    for offset, line in enumerate(page.body):
        number = page.body_start + offset
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue

        def problem(column: int, message: str, number: int = number) -> None:
            problems.append(ContentProblem(page.shown, number, column + 1, message))

        for match in _UNSAFE_TAGS.finditer(line):
            problem(match.start(), f"页面中不能使用 <{match.group(1).lower()}> 标签：它可能运行脚本或嵌入外部页面，请删除")
        for match in _EVENT_ATTR.finditer(line):
            problem(match.start(1), f"页面中不能使用 {match.group(1)}= 事件属性：它会运行脚本，请删除")
        for match in _JS_URL.finditer(line):
            problem(match.start(1), f"页面中不能使用 {match.group(1).lower()}: 网址：它会运行脚本，请删除")
        snippet = _SNIPPET.match(line)
        if snippet:
            _check_snippet(page, snippet, pages, problem)
            continue
        for match in _MD_LINK.finditer(line):
            is_image, text, target = match.group(1) == "!", match.group(2), match.group(3)
            if is_image and not text.strip():
                problem(match.start(), "图片缺少说明文字：请在 ![ ] 的方括号中写明图片内容，方便视障读者")
            _check_target(page, target, is_image, match.start(3), pages, assets, generated, problem)
        for match in _HTML_URL.finditer(line):
            is_image = match.group(1).lower() in ("img", "source")
            _check_target(page, match.group(3), is_image, match.start(3), pages, assets, generated, problem)


def _check_snippet(page: Page, match: re.Match, pages: dict[str, Page], problem) -> None:
    name, section = match.group(1), match.group(2)
    included = pages.get(name)
    if included is None:
        problem(match.start(1), f"引用的文件“{name}”不存在（路径相对于 content/ 目录）")
    elif section and section not in included.sections:
        problem(match.start(2), f"引用的文件“{name}”中没有名为“{section}”的段落标记（--8<-- [start:{section}]）")


def _check_target(page, target, is_image, column, pages, assets, generated, problem) -> None:
    if not target:
        problem(column, "链接地址是空的")
        return
    scheme = _SCHEME.match(target)
    if scheme:
        if scheme.group(1).lower() not in _SAFE_SCHEMES:
            problem(column, f"链接使用了不允许的协议“{scheme.group(1)}:”，只能使用 http、https、mailto、tel")
        return
    if target.startswith("//"):
        return
    path, _, anchor = target.partition("#")
    path = path.split("?", 1)[0]
    if target.startswith("/"):
        problem(column, f"请使用相对链接（例如 notice.md），不要以 / 开头：{target}")
        return
    if not path:
        if anchor and anchor not in page.anchors:
            problem(column, f"本页没有“#{anchor}”这个位置（标题或 id）")
        return
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), path))
    if resolved.endswith("/") or not posixpath.splitext(resolved)[1]:
        problem(column, f"链接请指向 .md 文件（例如 {path.rstrip('/')}.md），而不是网址：{target}")
        return
    if resolved in pages or resolved in generated:
        target_page = pages.get(resolved)
        if anchor and target_page is not None and anchor not in target_page.anchors:
            problem(column, f"页面“{resolved}”中没有“#{anchor}”这个位置（标题或 id）")
        return
    if resolved in assets:
        return
    kind = "图片" if is_image else "链接的页面或文件"
    problem(column, f"{kind}不存在：{target}（在 content/ 中找不到 {resolved}）")
