"""The news posts staff write (content/news/posts/): their front matter schema, and what makes a post a post.

A post is a page: ``page_checks`` renders and checks it like every page, with the front
matter schema ``post_schema`` gives it (title, date, reporting office, categories;
chosen by path through ``Build.schema_for``). ``check_posts`` adds what only posts need:
a file name usable as an address, the excerpt separator (the news lists show the text
above it), no second title in the text, and the section's index page. Each problem names
file, line and column, in Chinese. Pure reading: nothing is written.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

import yaml

from ..problems import ContentProblem
from .front_matter import FieldContext, PageSchema, read_description, read_text, read_title, split_page
from .located_yaml import NodeReader
from .tree import Tree

#: The news section's folder in ``content/``, its index page, and the folder of its posts.
NEWS_DIR = "news"
NEWS_INDEX = f"{NEWS_DIR}/index.md"
POSTS_DIR = f"{NEWS_DIR}/posts"
#: Where a post's excerpt ends: the news lists show the text above it.
EXCERPT_SEPARATOR = "<!-- more -->"

_FILE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.md")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TITLE = re.compile(r"^#\s")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def is_post(path: str) -> bool:
    """Return whether the docs-relative posix ``path`` is a news post."""
    return path.startswith(POSTS_DIR + "/") and path.endswith(".md")


def read_date(reader: NodeReader, node: yaml.Node, where: str, context: FieldContext) -> datetime.date | None:
    """Return a date written as YAML's date (``2024-09-03``, unquoted): what the blog sorts and shows."""
    value = reader.construct(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, datetime.date):
        return value
    if node.tag == _TIMESTAMP:  # looks like a date, is not one (a 31st of September)
        reader.problem(node, f"{where}不是一个存在的日期：{node.value}")
    else:
        shown = node.value if isinstance(node, yaml.ScalarNode) else reader.kind_of(node)
        reader.problem(node, f"{where}应当写成 2024-09-03 这样的日期（年-月-日，不加引号），实际是“{shown}”")
    return None


def post_schema(categories: Sequence[str]) -> PageSchema:
    """Return the front matter schema of a post; ``categories`` are the allowed ones (empty allows any)."""

    def read_categories(reader: NodeReader, node: yaml.Node, where: str, context: FieldContext) -> list[str] | None:
        items = reader.sequence(node, where)
        if items is None:
            return None
        if not items:
            reader.problem(node, f"{where}至少要写一个栏目，例如 categories: [{categories[0] if categories else '栏目'}]")
            return None
        names = []
        for item in items:
            name = reader.text(item, f"{where}中的每一项")
            if name is not None and categories and name not in categories:
                reader.problem(item, f"栏目“{name}”不存在；可用的栏目：{'、'.join(categories)}"
                                     "（在 mkdocs.yml 的 categories_allowed 中设置）")
                name = None
            names.append(name)
        return None if None in names else names

    return PageSchema(
        required={"title": "标题", "date": "发布日期", "office": "报送单位", "categories": "栏目"},
        optional={"description": "摘要（搜索引擎、分享卡片和订阅使用）"},
        readers={"title": read_title, "date": read_date, "office": read_text, "categories": read_categories,
                 "description": read_description},
    )


def check_posts(content: Tree, *, shown_prefix: str) -> list[ContentProblem]:
    """Return what is wrong with the news posts of the ``content`` tree beyond their front matter.

    Paths in messages are ``shown_prefix`` + the docs-relative path.
    """
    files = content.published()
    posts = [file for file in files if is_post(file.rel)]
    problems: list[ContentProblem] = []
    if posts and NEWS_INDEX not in {file.rel for file in files}:
        problems.append(ContentProblem(shown_prefix + NEWS_INDEX, 1, 1,
                                       "有活动动态文章时需要栏目首页：请保留这个文件（只写 title: 活动动态 即可）"))
    for post in posts:
        shown = shown_prefix + post.rel
        name = post.rel.rsplit("/", 1)[-1]
        if not _FILE_NAME.fullmatch(name):
            problems.append(ContentProblem(shown, 1, 1, f"文件名“{name}”不能用作网址：只能用小写字母、数字和连字符，"
                                                        "例如 huodong-qidong.md（可用标题的拼音）"))
        try:
            text = post.path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        except (OSError, UnicodeDecodeError):  # as page_checks reads it
            continue  # page_checks names the file it cannot read
        split = split_page(text)
        if split.front_matter is not None:  # page_checks names a missing front matter
            problems += _body_problems(split.body.split("\n"), split.body_line, shown)
    return problems


def _body_problems(body: list[str], first_line: int, shown: str) -> list[ContentProblem]:
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
