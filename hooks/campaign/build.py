"""One build of the campaign site: the one object that owns a build's state, from the check to the share cards.

A ``Build`` is made once per build (by the MkDocs adapter in ``on_config``, or by
``site_build.py check``). It reads ``slogans.yaml`` once and the font files once, keeps
every product in one ``Store``, and hands each step what it needs. Nothing here
imports MkDocs: the adapter turns MkDocs' objects into the plain values below.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from .content.model import Campaign
from .content.page_checks import check_pages
from .content.post_checks import check_posts, post_files
from .content.slogans_file import FILE_NAME, load_campaign
from .posters.checks import checked_poster_problems
from .posters.fonts import FontError, PosterFonts, coverage_problems, load_fonts, theme_fonts
from .posters.publish import PublishedPosters, publish_posters
from .posters.subjects import THEME_ID
from .problems import ContentError, ContentProblem, display_path
from .settings import Settings
from .site.identity import SiteIdentity, read_identity
from .site.news import NewsOptions
from .site.pages import DOWNLOADS_PAGE, GeneratedPage, generated_pages
from .site.share_cards import CardSpec, card_png, render_share_card
from .site.share_meta import card_path
from .site.web_font import WEB_FONT_VERSION, woff2_subset
from .store import Store, digest, place

log = logging.getLogger("campaign.build")


@dataclass(frozen=True)
class Project:
    """Where a build reads and writes, and the addresses it knows (all from the site configuration)."""

    root: Path  # the folder of mkdocs.yml and slogans.yaml
    docs_dir: Path
    theme_dir: Path  # the theme's custom_dir: templates, assets and the poster fonts
    site_dir: Path
    templates: frozenset[str] = frozenset()  # page templates the theme offers
    site_url: str = ""  # the public address, "" when not configured
    preview_address: str = ""  # host:port of the preview server, whose address no poster may carry
    news: NewsOptions | None = None  # the news section's options, None if the configuration has none
    config_file: Path | None = None  # the site configuration (mkdocs.yml)
    extra: dict = field(default_factory=dict, compare=False)  # the configuration's ``extra`` table

    @property
    def data_file(self) -> Path:
        return self.root / FILE_NAME

    @property
    def font_dir(self) -> Path:
        return theme_fonts(self.theme_dir)

    @property
    def public_url(self) -> str:
        """Return the address printed in QR codes: ``site_url``, unless empty or the preview server's own."""
        if not self.site_url or (self.preview_address and self.site_url.startswith(f"http://{self.preview_address}")):
            return ""
        return self.site_url

    def shown(self, path: Path) -> str:
        """Return ``path`` as messages show it (relative to the project)."""
        return display_path(path, self.root)

    @property
    def sources(self) -> list[Path]:
        """Return the files and folders the site is made from (their newest file dates a build outside git)."""
        return [path for path in (self.config_file, self.data_file, self.docs_dir, self.theme_dir) if path]


@dataclass(frozen=True)
class CheckResult:
    """Every problem found (sorted by file, line, column); empty when the build may go on."""

    problems: tuple[ContentProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        """Return the problems, one ``file:line:column: message`` per line."""
        return "\n".join(str(p) for p in self.problems)


class Build:
    """One build: the project, its settings, the campaign and fonts (each read once) and what it made."""

    def __init__(self, project: Project, settings: Settings):
        self.project = project
        self.settings = settings
        self.store = Store(settings.cache_dir)
        self.campaign: Campaign | None = None
        self.identity = SiteIdentity()
        self.posters: PublishedPosters | None = None
        self.qr_urls: dict[str, str] = {}
        self._fonts: PosterFonts | None = None
        self._share_cards: dict[str, tuple[str, CardSpec]] = {}
        self.news_posts: list[Path] = []

    # --- reading and checking --------------------------------------------------------------------

    def check(self) -> CheckResult:
        """Read and check everything the build will use; return every problem found.

        ``slogans.yaml`` (read here, once), the pages, the footer fields, the fonts and
        (when posters are on) whether every subject fits every format.
        """
        problems: list[ContentProblem] = []
        try:
            self.campaign = load_campaign(self.project.data_file, root=self.project.root)
        except ContentError as err:
            problems += err.problems
        generated = [page.path for page in generated_pages(self.campaign)] if self.campaign else []
        problems += self._generated_page_clashes(generated)
        prefix = Path(os.path.relpath(self.project.docs_dir, self.project.root)).as_posix() + "/"
        problems += check_pages(self.project.docs_dir, shown_prefix=prefix, generated=set(generated),
                                templates=set(self.project.templates))
        problems += self._news_problems(prefix)
        try:
            self.identity = read_identity(self.project.extra)
        except ValueError as err:
            problems.append(ContentProblem("mkdocs.yml", 1, 1, str(err)))
        if self.campaign is not None:
            problems += self._font_problems()
        return CheckResult(tuple(sorted(set(problems))))

    def _generated_page_clashes(self, generated: list[str]) -> list[ContentProblem]:
        docs = self.project.docs_dir
        return [ContentProblem(self.project.shown(docs / path), 1, 1,
                               f"这个页面由 {FILE_NAME} 和海报自动生成，请删除同名文件")
                for path in generated if (docs / path).exists()]

    def _news_problems(self, prefix: str) -> list[ContentProblem]:
        self.news_posts = post_files(self.project.docs_dir)
        news = self.project.news
        if self.news_posts and news is None:
            return [ContentProblem(self.project.shown(self.project.config_file or self.project.root), 1, 1,
                                   "content/news/posts/ 中有活动动态文章，但 plugins 下没有活动动态的设置（group 中的 blog 和 rss）")]
        return check_posts(self.project.docs_dir, shown_prefix=prefix, categories=news.categories if news else ())

    @property
    def news_enabled(self) -> bool:
        """Return whether this build publishes the news section: it has at least one post (known after ``check``)."""
        return bool(self.news_posts) and self.project.news is not None

    def _font_problems(self) -> list[ContentProblem]:
        try:
            fonts = self.fonts
        except FontError as err:
            return [ContentProblem(self.project.shown(self.project.font_dir), 1, 1, str(err))]
        shown = self.project.shown(self.project.data_file)
        if not self.settings.posters:  # the web font and share cards still need every character
            return coverage_problems(self.campaign, fonts, shown)
        return checked_poster_problems(self.campaign, fonts, shown, self.store, bool(self.project.public_url))

    @property
    def fonts(self) -> PosterFonts:
        """Return the poster fonts, read from the theme once per build; ``FontError`` if one is unusable."""
        if self._fonts is None:
            self._fonts = load_fonts(self.project.font_dir, self.store)
        return self._fonts

    # --- what the site publishes -----------------------------------------------------------------

    def generated_pages(self) -> list[GeneratedPage]:
        """Return the pages made from the data: slogan overview, one per slogan, the download centre."""
        return generated_pages(self.campaign)

    def make_posters(self, page_urls: dict[str, str]) -> PublishedPosters | None:
        """Render (what the store lacks) and bundle every poster; ``None`` when posters are off.

        ``page_urls`` maps each slogan id, and the theme's id, to the site path of its page;
        with a public address these become the QR codes' targets.
        """
        if not self.settings.posters:
            return None
        site_url = self.project.public_url
        self.qr_urls = {subject: urljoin(site_url, url) for subject, url in page_urls.items()} if site_url else {}
        self.posters = publish_posters(self.campaign, self.fonts, self.store, self.qr_urls,
                                       workers=self.settings.workers)
        return self.posters

    def poster_page_urls(self, url_of) -> dict[str, str]:
        """Return subject id → page URL, with ``url_of(docs path)`` giving a page's URL."""
        urls = {s.id: url_of(s.page_path) for s in self.campaign.slogans}
        urls[THEME_ID] = url_of(DOWNLOADS_PAGE)
        return urls

    def web_font(self) -> bytes:
        """Return the WOFF2 subset of the slogan face holding exactly the characters of the theme and slogans."""
        campaign = self.campaign
        characters = "".join(sorted(set("".join(s.text for s in campaign.slogans) + campaign.theme)))
        face = self.fonts["serif"]
        key = digest({"web-font": WEB_FONT_VERSION, "font": face.sha256, "characters": characters})
        entry = self.store.get_or_make(key, lambda: ({"woff2": woff2_subset(face, characters)}, {}))
        return entry.files["woff2"].read()

    def share_card(self, page_url: str, source: str, title: str, is_home: bool) -> str:
        """Plan the share card of one page and return its site path; it is drawn by ``write_share_cards``.

        Refuses (``ValueError``) two pages whose cards would share a path.
        """
        campaign = self.campaign
        path = card_path(page_url)
        spec = CardSpec(
            title=campaign.theme if is_home else title,
            campaign_title=f"{campaign.year}年{campaign.title}",
            tagline="" if is_home else campaign.theme,
            issuer=campaign.issuer,
            background=campaign.colors.primary,
            foreground=campaign.colors.accent,
        )
        if path in self._share_cards and self._share_cards[path][0] != source:
            raise ValueError(f"两个页面的分享卡片会写到同一个文件 {path}：{self._share_cards[path][0]} 和 {source}")
        self._share_cards[path] = (source, spec)
        return path

    def write_share_cards(self, site_dir: Path) -> None:
        """Draw (what the store lacks) and place every planned share card; ``ValueError`` names a page whose
        title the fonts cannot draw."""
        serif, sans = self.fonts["serif"], self.fonts["sans"]
        for path, (source, spec) in sorted(self._share_cards.items()):
            missing = serif.missing(spec.title) + sans.missing(spec.campaign_title + spec.tagline + spec.issuer)
            if missing:
                raise ValueError(f"{source}: 海报字体中没有这些字，无法生成分享卡片：{missing}")
            entry = self.store.get_or_make(
                spec.key(serif, sans), lambda spec=spec: ({"png": card_png(render_share_card(spec, serif, sans))}, {}))
            place(entry.files["png"].path, site_dir / path)
        log.info("分享卡片：%d 张", len(self._share_cards))
