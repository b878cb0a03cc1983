"""Where every product of a build lands in the site, so that two never share a path.

Pages, their share cards, files from ``content/``, generated pages, posters, the web font
and the theme's own files are all written into one folder; a second writer to one path
silently replaces the first (a slogan with the id ``index`` replaces the slogan overview,
a picture named like a theme script replaces the script). ``clashes`` finds every path with
two writers before anything is written; each writer that comes from content is told where
it is (file and line) and what it collides with.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass

from ..problems import ContentProblem
from .share_meta import card_path

#: Files MkDocs and its search write into every site.
FIXED_PRODUCTS = ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "404.html")


@dataclass(frozen=True)
class Product:
    """One file a build writes: its path in the site, what it is (Chinese), and the content that makes it (if any)."""

    path: str
    label: str
    where: ContentProblem | None = None  # position of the content that makes it; None for the theme's own files


def page_destination(rel: str, use_directory_urls: bool = True) -> str:
    """Return where MkDocs writes the page ``rel`` (``a/b.md`` → ``a/b/index.html``; ``README.md`` is an index)."""
    stem = posixpath.splitext(rel)[0]
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return posixpath.join(folder, "index.html")
    return posixpath.join(stem, "index.html") if use_directory_urls else stem + ".html"


def page_url(rel: str, use_directory_urls: bool = True) -> str:
    """Return the URL MkDocs gives the page ``rel``, relative to the site (``""`` for the home page)."""
    destination = page_destination(rel, use_directory_urls)
    if use_directory_urls and posixpath.basename(destination) == "index.html":
        folder = posixpath.dirname(destination)
        return f"{folder}/" if folder else ""
    return destination


def page_products(rel: str, label: str, where: ContentProblem | None, use_directory_urls: bool = True) -> list[Product]:
    """Return a page's HTML file and its share card."""
    return [Product(page_destination(rel, use_directory_urls), label, where),
            Product(card_path(page_url(rel, use_directory_urls)), f"{label}的分享卡片", where)]


def clashes(products: list[Product]) -> list[ContentProblem]:
    """Return, for each path written twice, one problem at each writer that comes from content."""
    by_path: dict[str, list[Product]] = defaultdict(list)
    for product in products:
        by_path[product.path].append(product)
    problems = []
    for path, writers in sorted(by_path.items()):
        if len(writers) < 2:
            continue
        for writer in writers:
            if writer.where is None:
                continue
            others = "、".join(dict.fromkeys(w.label for w in writers if w is not writer)) or writer.label
            where = writer.where
            problems.append(ContentProblem(
                where.path, where.line, where.column,
                f"{writer.label}会写到网站的 {path}，与{others}是同一个文件，后写的会覆盖先写的：请改名或换一个 id"))
    return problems
