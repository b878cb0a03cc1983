"""The news section (活动动态): Material's blog and the RSS feed over content/news/posts/, once a post exists.

``mkdocs.yml`` lists the blog and feed plugins inside Material's ``group`` plugin with
``enabled: false`` and names the section in ``nav``. A build with at least one post
switches the group on and completes the options this module owns (``group_plugins``); a
build without posts leaves the section's page and nav entry out (``without_news``), so a
new campaign's site shows no empty or invented section. Plain data in and out: the
MkDocs adapter applies it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from ..content.ids import slogan_id
from ..content.post_checks import NEWS_DIR, POSTS_DIR

#: The template of a post's page (the build gives it to every post; no page may name it).
POST_TEMPLATE = "news-post.html"
#: The group plugin entries of the news section's plugins, as ``mkdocs.yml`` names them.
BLOG, FEED = "blog", "rss"
#: The channel image of the feed (RSS wants one; Material's own site icon).
FEED_IMAGE = "assets/images/favicon.png"

log = logging.getLogger("campaign.site.news")


@dataclass(frozen=True)
class NewsOptions:
    """What ``mkdocs.yml`` says about the news section that the content check needs."""

    categories: tuple[str, ...]  # the blog's ``categories_allowed``; empty allows any


def news_options(group_plugins: list) -> NewsOptions | None:
    """Return the options of the news section in a ``group`` plugin's ``plugins`` list, ``None`` if it has no blog."""
    for name, options in _entries(group_plugins):
        if name == BLOG:
            return NewsOptions(tuple(options.get("categories_allowed") or ()))
    return None


def group_plugins(group_plugins: list, *, site_url: str, cache_dir: Path) -> list:
    """Return the group's plugin list with the options this project owns filled in.

    The blog reads its posts from ``NEWS_DIR``. The feed covers the posts only, keeps its
    (empty) request cache in the build's store, and names the site icon as its channel
    image by absolute address (the feed plugin writes ``<url>None</url>`` without one). A
    feed needs absolute addresses, so without ``site_url`` it is left out and the news pages
    are built without it.
    """
    completed = []
    for name, options in _entries(group_plugins):
        if name == BLOG:
            options = {**options, "blog_dir": NEWS_DIR}
        elif name == FEED:
            if not site_url:
                log.info("没有填写 site_url，活动动态不生成 RSS 订阅（订阅需要完整网址）")
                continue
            options = {**options, "match_path": f"{POSTS_DIR}/.*", "cache_dir": str(cache_dir / "rss"),
                       "image": urljoin(site_url, FEED_IMAGE)}
        completed.append({name: options})
    return completed


def without_news(nav: list | None) -> list | None:
    """Return ``nav`` without the entries and sections that lead only into the news section (``None`` stays)."""
    if nav is None:
        return None
    kept = []
    for item in nav:
        leaves = list(_leaves(item))
        if leaves and all(is_news_file(leaf) for leaf in leaves):
            continue
        if isinstance(item, dict):
            item = {title: without_news(value) if isinstance(value, list) else value for title, value in item.items()}
        kept.append(item)
    return kept


def is_news_file(path: str) -> bool:
    """Return whether the docs-relative posix ``path`` belongs to the news section."""
    return path == NEWS_DIR or path.startswith(NEWS_DIR + "/")


def category_slug(name: str, separator: str = "-") -> str:
    """Return a category's address part: its pinyin (工作动态 → gongzuo-dongtai), not percent-encoded Chinese."""
    return slogan_id(name).replace("-", separator)


def _entries(plugins: list):
    for entry in plugins or []:
        if isinstance(entry, dict):
            for name, options in entry.items():
                yield name, dict(options or {})
        else:
            yield entry, {}


def _leaves(item: object):
    if isinstance(item, str):
        yield item
    elif isinstance(item, dict):
        for value in item.values():
            yield from _leaves(value)
    elif isinstance(item, list):
        for child in item:
            yield from _leaves(child)
