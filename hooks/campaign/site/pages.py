"""Pages the build generates from the campaign data, and where they go in the navigation.

Plain data in, plain data out: the MkDocs adapter turns these into virtual files.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import yaml

from ..content.model import Campaign
from .share_meta import shorten

#: The generated overview of all slogans; ``mkdocs.yml`` names it in ``nav`` and the
#: build adds one entry per slogan beneath it.
SLOGANS_INDEX = "slogans/index.md"
#: The poster download centre (its content comes from the poster catalogue).
DOWNLOADS_PAGE = "posters/index.md"
#: The 定制落款 page: an office types its name and downloads a poster with it (see ``luokuan``).
LUOKUAN_PAGE = "luokuan/index.md"
#: Templates of the generated pages: they need data a content page does not have, so no content page may name them.
GENERATED_TEMPLATES = frozenset({"slogans.html", "slogan.html", "downloads.html", "luokuan.html"})


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in the build: its path in the docs dir and its Markdown."""

    path: str
    markdown: str
    slogan: str = ""  # the id of the slogan the page shows, "" for the other generated pages


def front_matter(meta: dict[str, object]) -> str:
    """Return a Markdown document holding only YAML front matter (safely quoted)."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def markdown_text(text: str) -> str:
    """Return ``text`` as Markdown that renders to exactly that text (no markup, no HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def generated_pages(campaign: Campaign) -> list[GeneratedPage]:
    """Return the slogan overview page, one page per slogan in attachment order, the download centre and the
    定制落款 page."""
    # The overview's body is the attachment's theme line: a page with no body is left out of the
    # search index, and readers search for the attachment by its title.
    listing = "；".join(s.text for s in campaign.slogans)
    description = shorten(f"{campaign.attachment_title}，共 {len(campaign.slogans)} 条：{listing}")
    overview = front_matter({"title": campaign.attachment_title, "template": "slogans.html", "description": description})
    pages = [GeneratedPage(SLOGANS_INDEX, overview + "\n" + markdown_text(f"主题：{campaign.theme}") + "\n")]
    for slogan in campaign.slogans:
        meta = {"title": slogan.text, "template": "slogan.html", "slogan": slogan.id}
        # The body is the slogan's text: the page shows it for copying, and search indexes it.
        pages.append(GeneratedPage(slogan.page_path, front_matter(meta) + "\n" + markdown_text(slogan.text) + "\n",
                                   slogan.id))
    pages.append(GeneratedPage(DOWNLOADS_PAGE, front_matter({"title": "海报下载", "template": "downloads.html"})))
    # The body is the page's introduction (the template shows it above the tool), and what search finds.
    intro = (f"选择口号、设计和格式，在“落款单位”中填写本单位名称，海报随输入更新，确认后下载。未填写时落款为"
             f"“{campaign.issuer}”。海报在您的浏览器中生成，填写的内容不会上传。")
    luokuan = {"title": "定制落款", "template": "luokuan.html",
               "description": "填写本单位名称，生成并下载以本单位为落款的活动海报。",
               "hide": ["navigation", "toc"]}  # a tool page: the preview gets the width
    pages.append(GeneratedPage(LUOKUAN_PAGE, front_matter(luokuan) + "\n" + markdown_text(intro) + "\n"))
    return pages


def expand_nav(nav: list | None, campaign: Campaign) -> list | None:
    """Return ``nav`` with the slogan overview entry turned into a section of all slogans.

    The entry naming ``SLOGANS_INDEX`` becomes a section whose first child is the overview
    (shown as the section's index page) followed by one entry per slogan. A ``nav`` of
    ``None`` (automatic navigation) is returned unchanged.
    """
    if nav is None:
        return None
    children = [SLOGANS_INDEX] + [{s.text: s.page_path} for s in campaign.slogans]

    def expand(item: object) -> object:
        if isinstance(item, dict):
            return {title: children if value == SLOGANS_INDEX else expand(value) for title, value in item.items()}
        if isinstance(item, list):
            return [expand(child) for child in item]
        return item

    return expand(nav)
