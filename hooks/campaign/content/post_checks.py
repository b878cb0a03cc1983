"""Check the news posts staff write (content/news/posts/): what makes a post a post.

A post is a page too: its links, images and HTML are checked by ``page_checks`` like
every page; only its front matter is left to this module, because a post has its own:
title, date, reporting office and categories. Also checked here: the file name (it is
the post's address), the excerpt separator (the news lists show the text above it), no
second title in the text, and the section's index page. Each problem names file, line
and column, in Chinese. Pure reading: nothing is written.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from ..problems import ContentProblem
from .located_yaml import NodeReader, parse_yaml

#: The news section's folder in ``content/``, its index page, and the folder of its posts.
NEWS_DIR = "news"
NEWS_INDEX = f"{NEWS_DIR}/index.md"
POSTS_DIR = f"{NEWS_DIR}/posts"
#: Where a post's excerpt ends: the news lists show the text above it.
EXCERPT_SEPARATOR = "<!-- more -->"

REQUIRED_KEYS = {
    "title": "标题",
    "date": "发布日期",
    "office": "报送单位",
    "categories": "栏目",
}
OPTIONAL_KEYS = {"description": "摘要（搜索引擎和分享卡片使用）"}

_FILE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.md")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TITLE = re.compile(r"^#\s")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def is_post(path: str) -> bool:
    """Return whether the docs-relative posix ``path`` is a news post."""
    return path.startswith(POSTS_DIR + "/") and path.endswith(".md")


def post_files(docs_dir: Path) -> list[Path]:
    """Return the news posts under ``docs_dir``, sorted; empty when there are none."""
    return sorted((docs_dir / POSTS_DIR).rglob("*.md"))


def check_posts(docs_dir: Path, *, shown_prefix: str, categories: Sequence[str]) -> list[ContentProblem]:
    """Return every problem of the news posts under ``docs_dir``.

    ``categories`` are the allowed categories (``categories_allowed`` of the blog in
    ``mkdocs.yml``); paths in messages are ``shown_prefix`` + the docs-relative path.
    """
    posts = post_files(docs_dir)
    problems: list[ContentProblem] = []
    if posts and not (docs_dir / NEWS_INDEX).is_file():
        problems.append(ContentProblem(shown_prefix + NEWS_INDEX, 1, 1,
                                       "有活动动态文章时需要栏目首页：请保留这个文件（只写 title: 活动动态 即可）"))
    for post in posts:
        rel = post.relative_to(docs_dir).as_posix()
        problems += _check_post(post, shown_prefix + rel, categories)
    return problems


def _check_post(post: Path, shown: str, categories: Sequence[str]) -> list[ContentProblem]:
    problems = []
    if not _FILE_NAME.fullmatch(post.name):
        problems.append(ContentProblem(shown, 1, 1, f"文件名“{post.name}”不能用作网址：只能用小写字母、数字和连字符，"
                                                    "例如 huodong-qidong.md（可用标题的拼音）"))
    try:
        lines = post.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return problems  # page_checks reports the encoding
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if not lines or lines[0].strip() != "---" or end is None:
        return problems  # page_checks reports a missing or unclosed front matter
    problems += _check_front_matter("\n" + "\n".join(lines[1:end]), shown, categories)
    problems += _check_body(lines[end + 1:], end + 2, shown)
    return problems


def _check_front_matter(text: str, shown: str, categories: Sequence[str]) -> list[ContentProblem]:
    root, problems = parse_yaml(text, shown)
    if problems:
        return problems
    reader = NodeReader(shown)
    if root is None:
        reader.problem(None, "front matter 是空的：文章要写 title、date、office 和 categories")
        return reader.problems
    table = reader.mapping(root, "文章的 front matter ", REQUIRED_KEYS, OPTIONAL_KEYS)
    if not table:
        return reader.problems
    for key in ("title", "office", "description"):
        if key in table:
            reader.text(table[key], f"字段“{key}”（{REQUIRED_KEYS.get(key) or OPTIONAL_KEYS[key]}）")
    if "date" in table:
        _check_date(reader, table["date"])
    if "categories" in table:
        _check_categories(reader, table["categories"], categories)
    return reader.problems


def _check_date(reader: NodeReader, node: yaml.Node) -> None:
    value = reader.construct(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, datetime.date):
        return
    if node.tag == _TIMESTAMP:  # looks like a date, is not one (a 31st of September)
        reader.problem(node, f"字段“date”（发布日期）不是一个存在的日期：{node.value}")
    else:
        reader.problem(node, f"字段“date”（发布日期）应当写成 2024-09-03 这样的日期（年-月-日，不加引号），实际是“{node.value}”")


def _check_categories(reader: NodeReader, node: yaml.Node, allowed: Sequence[str]) -> None:
    items = reader.sequence(node, "字段“categories”（栏目）")
    if items is None:
        return
    if not items:
        reader.problem(node, "字段“categories”（栏目）至少要写一个栏目，例如 categories: [工作动态]")
    for item in items:
        name = reader.text(item, "字段“categories”（栏目）中的每一项")
        if name is not None and allowed and name not in allowed:
            reader.problem(item, f"栏目“{name}”不存在；可用的栏目：{'、'.join(allowed)}（在 mkdocs.yml 的 categories_allowed 中设置）")


def _check_body(body: list[str], first_line: int, shown: str) -> list[ContentProblem]:
    problems = []
    in_fence = False
    separator = False
    for offset, line in enumerate(body):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if line.strip() == EXCERPT_SEPARATOR:
            separator = True
        if _TITLE.match(line):
            problems.append(ContentProblem(shown, first_line + offset, 1,
                                           "文章标题已写在 front matter 的 title 中，正文不要再用“# ”一级标题；小标题请用“## ”"))
    if not separator:  # named at the text's first line: the separator belongs below its first paragraph
        first_text = next((first_line + i for i, line in enumerate(body) if line.strip()), first_line)
        problems.append(ContentProblem(shown, first_text, 1, f"文章中缺少摘要分隔行 {EXCERPT_SEPARATOR}：请把它单独写一行，"
                                                             "放在第一段之后；活动动态列表显示它上面的文字"))
    return problems
