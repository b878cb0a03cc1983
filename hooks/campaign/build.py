"""One build of the campaign site: the one object that owns a build's state, from the check to the share cards.

A ``Build`` is made once per build (by the MkDocs adapter in ``on_config``, or by
``site_build.py check``). It reads ``slogans.yaml`` once and the font files once, keeps
every product in one ``Store``, and hands each step what it needs. Nothing here
imports MkDocs: the adapter turns MkDocs' objects into the plain values below.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from .content.front_matter import PAGE_SCHEMA, FieldContext, PageSchema
from .content.markdown_render import MarkdownSettings
from .content.model import Campaign
from .content.page_checks import PagesReport, check_pages
from .content.post_checks import check_posts, is_post, post_schema
from .content.slogans_file import FILE_NAME, load_campaign
from .content.tree import Tree, read_tree
from .posters.catalogue import SITE_DIR
from .posters.checks import checked_poster_problems
from .posters.design import Design
from .posters.design_file import designs_dir, load_designs
from .posters.fonts import FontError, PosterFonts, coverage_problems, load_fonts, theme_fonts
from .posters.formats import campaign_formats
from .posters.publish import PublishedPosters, planned_names, publish_posters
from .posters.subjects import THEME_ID
from .problems import ContentError, ContentProblem, display_path
from .settings import Settings
from .site.identity import SiteIdentity, read_identity
from .site.luokuan import LuokuanPage, make_page, planned_paths
from .site.news import NewsOptions
from .site.pages import DOWNLOADS_PAGE, LUOKUAN_PAGE, SLOGANS_INDEX, GeneratedPage, generated_pages
from .site.products import FIXED_PRODUCTS, Product, clashes, page_products, page_url
from .site.share_cards import LAYOUT_VERSION as CARD_LAYOUT_VERSION
from .site.share_cards import CardSpec, card_png, card_problems, render_share_card
from .site.share_meta import card_path
from .site.web_font import SLOGAN_FONT, WEB_FONT_VERSION, woff2_subset
from .store import Store, digest, place

log = logging.getLogger("campaign.build")


@dataclass(frozen=True)
class Project:
    """Where a build reads and writes, and the addresses it knows (all from the site configuration)."""

    root: Path  # the folder of mkdocs.yml and slogans.yaml
    docs_dir: Path
    theme_dir: Path  # the theme's custom_dir: templates, assets and the poster fonts
    site_dir: Path
    templates: frozenset[str] = frozenset()  # page templates a content page may name in its front matter
    site_url: str = ""  # the public address, "" when not configured
    preview_address: str = ""  # host:port of the preview server, whose address no poster may carry
    extra: dict = field(default_factory=dict, compare=False)  # the configuration's ``extra`` table
    markdown: MarkdownSettings = field(default_factory=MarkdownSettings, compare=False)  # how pages are rendered
    theme_files: frozenset[str] = field(default=frozenset(), compare=False)  # files the theme publishes
    icons: frozenset[str] = field(default=frozenset(), compare=False)  # icon names a page may use
    nav_pages: tuple[str, ...] = ()  # pages the configured navigation names (docs-relative)
    use_directory_urls: bool = True
    config_file: Path | None = None  # mkdocs.yml, for messages about the navigation
    news: NewsOptions | None = None  # the news section's options, None if the configuration has none

    @property
    def data_file(self) -> Path:
        return self.root / FILE_NAME

    @property
    def font_dir(self) -> Path:
        return theme_fonts(self.theme_dir)

    @property
    def design_dir(self) -> Path:
        """Return the folder of the poster design files (``theme/designs/``)."""
        return designs_dir(self.theme_dir)

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

    @property
    def docs_prefix(self) -> str:
        """Return the docs folder as messages show it, with a trailing slash (``content/``)."""
        return Path(os.path.relpath(self.docs_dir, self.root)).as_posix() + "/"

    @property
    def statuses(self) -> frozenset[str]:
        """Return the page statuses Material can show: its own two and those ``extra.status`` names."""
        declared = self.extra.get("status")
        return frozenset({"new", "deprecated", *(declared if isinstance(declared, dict) else {})})


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
        #: The poster designs, in their order (the first is the default); read by ``check``.
        self.designs: tuple[Design, ...] = ()
        self.identity = SiteIdentity()
        self.posters: PublishedPosters | None = None
        self.luokuan: LuokuanPage | None = None
        self.qr_urls: dict[str, str] = {}
        self._fonts: PosterFonts | None = None
        self._share_cards: dict[str, tuple[str, CardSpec]] = {}
        self.pages = PagesReport()
        self.news_posts: list[str] = []  # docs-relative paths of the news posts (known after ``check``)

    def schema_for(self, rel: str) -> PageSchema:
        """Return the front matter schema of the page at ``rel`` (docs-relative): a news post's, or a page's."""
        if is_post(rel):
            return post_schema(self.project.news.categories if self.project.news else ())
        return PAGE_SCHEMA

    @property
    def news_enabled(self) -> bool:
        """Return whether this build publishes the news section: it has at least one post (known after ``check``)."""
        return bool(self.news_posts) and self.project.news is not None

    # --- reading and checking --------------------------------------------------------------------

    def check(self) -> CheckResult:
        """Read and check everything the build will use; return every problem the build would meet.

        ``slogans.yaml`` and the poster designs of ``theme/designs/`` (read here, once); the files of
        ``content/`` and the theme (no symlink
        out, no loop, no file kind the site must not serve); every page rendered as the build
        renders it (front matter, content policy, links, snippets); the navigation; every path
        the build will write (no two products at one path); the footer fields; the fonts, the
        share card of every page and (when posters are on) whether every subject fits every format.
        """
        project = self.project
        problems: list[ContentProblem] = self._read_data()
        generated = self.generated_pages() if self.campaign else []
        content = read_tree(project.docs_dir, project.docs_prefix, policy=True)
        theme = read_tree(project.theme_dir, project.shown(project.theme_dir) + "/", also_inside=(project.root,))
        problems += content.problems + theme.problems
        context = FieldContext(project.templates, project.icons, project.statuses)
        self.pages = check_pages(content, project.markdown, shown_prefix=project.docs_prefix,
                                 generated={page.path for page in generated} if self.campaign else None,
                                 context=context,
                                 schema_for=self.schema_for)
        problems += self.pages.problems
        problems += self._news_problems(content)
        if self.campaign is not None:
            problems += self._nav_problems(generated)
        problems += clashes(self._products(content, generated))
        try:
            self.identity = read_identity(project.extra)
        except ValueError as err:
            problems.append(ContentProblem("mkdocs.yml", 1, 1, str(err)))
        if self.campaign is not None and self.designs:
            problems += self._font_problems()
        return CheckResult(tuple(sorted(set(problems))))

    def check_posters(self) -> CheckResult:
        """Read and check what the posters are made of (not the pages): the part of ``check`` that
        ``site_build.py posters`` needs — ``slogans.yaml``, the designs, the fonts, and whether every
        subject fits every format in every design."""
        problems = self._read_data()
        if self.campaign is not None and self.designs:
            problems += self._poster_problems()
        return CheckResult(tuple(sorted(set(problems))))

    def _read_data(self) -> list[ContentProblem]:
        """Read ``slogans.yaml`` and the design files (once); return their problems."""
        project = self.project
        problems = self._data_file_problems()
        try:
            self.campaign = load_campaign(project.data_file, root=project.root)
        except ContentError as err:
            problems += err.problems
        try:
            self.designs = load_designs(project.theme_dir, self.campaign.colors if self.campaign else None,
                                        root=project.root)
        except ContentError as err:
            problems += err.problems
        return problems

    def _data_file_problems(self) -> list[ContentProblem]:
        data = self.project.data_file
        if data.is_symlink() and not Path(os.path.realpath(data)).is_relative_to(os.path.realpath(self.project.root)):
            return [ContentProblem(FILE_NAME, 1, 1, f"{FILE_NAME} 是指向项目之外（{os.path.realpath(data)}）的符号链接："
                                                    "请换成真正的文件")]
        return []

    def _news_problems(self, content: Tree) -> list[ContentProblem]:
        self.news_posts = [file.rel for file in content.published() if is_post(file.rel)]
        if self.news_posts and self.project.news is None:
            return [ContentProblem(self.project.shown(self.project.config_file or self.project.root), 1, 1,
                                   "content/news/posts/ 中有活动动态文章，但 plugins 下没有活动动态的设置（group 中的 blog 和 rss）")]
        return check_posts(content, shown_prefix=self.project.docs_prefix)

    def _nav_problems(self, generated: list[GeneratedPage]) -> list[ContentProblem]:
        known = set(self.pages.pages) | {page.path for page in generated}
        problems = []
        config = self.project.config_file
        text = config.read_text(encoding="utf-8") if config is not None and config.is_file() else ""
        for path in self.project.nav_pages:
            if path not in known:
                at = text.find(path)
                line = text[:at].count("\n") + 1 if at != -1 else 1
                problems.append(ContentProblem(self.project.shown(config) if config else "mkdocs.yml", line, 1,
                                               f"导航（nav）中的页面 {path} 在 {self.project.docs_prefix} 中不存在："
                                               "删除或改名页面时，请同时修改 mkdocs.yml 的 nav"))
        return problems

    def _products(self, content, generated: list[GeneratedPage]) -> list[Product]:
        """Return every file the build will write into the site, with the content that makes it."""
        project, campaign = self.project, self.campaign
        urls = project.use_directory_urls
        products = [Product(path, "网站自带的文件") for path in FIXED_PRODUCTS]
        products += [Product(path, f"网站主题的文件 {path}") for path in project.theme_files]
        products.append(Product(SLOGAN_FONT, "口号网页字体"))
        for file in content.published():
            where = ContentProblem(project.docs_prefix + file.rel, 1, 1, "")
            if file.rel.endswith(".md"):
                products += page_products(file.rel, f"页面 {project.docs_prefix}{file.rel} ", where, urls)
            else:
                products.append(Product(file.rel, f"文件 {project.docs_prefix}{file.rel} ", where))
        if campaign is None:
            return products
        data = project.shown(project.data_file)
        ids = {s.id: s.id_line for s in campaign.slogans}
        labels = {SLOGANS_INDEX: "口号总览页", DOWNLOADS_PAGE: "海报下载页", LUOKUAN_PAGE: "定制落款页"}
        for page in generated:
            if page.slogan:
                where, label = ContentProblem(data, ids[page.slogan], 1, ""), f"口号 {page.slogan} 的页面"
            else:
                where, label = None, labels.get(page.path, page.path)
            products += page_products(page.path, label, where, urls)
        for name, subject in planned_names(campaign, self.designs):
            if subject is None or subject.is_theme:
                where, label = None, ("活动主题的海报" if subject else "海报合集")
            else:
                where, label = ContentProblem(data, ids[subject.id], 1, ""), f"口号 {subject.id} 的海报"
            products.append(Product(SITE_DIR + name, label, where))
        formats = campaign_formats(campaign.printing.formats)
        products += [Product(path, "定制落款页的海报底图") for path in planned_paths(campaign, self.designs, formats)]
        return products

    def _card_spec(self, title: str, is_home: bool) -> CardSpec:
        """Return a page's share card: in the default poster design's ground and title colour."""
        campaign, design = self.campaign, self.designs[0]
        return CardSpec(
            title=campaign.theme if is_home else title,
            campaign_title=f"{campaign.year}年{campaign.title}",
            tagline="" if is_home else campaign.theme,
            issuer=campaign.issuer,
            background=design.named(design.poster.ground).screen,
            foreground=design.colour("title").screen,
        )

    def _card_problems(self, fonts: PosterFonts) -> list[ContentProblem]:
        """Return why the share card of a page cannot be drawn, at the page's title."""
        campaign, data = self.campaign, self.project.shown(self.project.data_file)
        titles = [(f"{page.shown}", *page.position_of("title"), page.title, page.rel == "index.md")
                  for page in self.pages.pages.values() if page.title]
        titles.append((data, campaign.line_of("attachment_title"), 1, campaign.attachment_title, False))
        titles += [(data, s.line, 1, s.text, False) for s in campaign.slogans]
        specs = {title: self._card_spec(title, is_home) for _, _, _, title, is_home in titles}
        # Fitting breaks lines with jieba, slow to load: cards that passed once are not fitted again.
        key = digest({"card-check": CARD_LAYOUT_VERSION, "fonts": fonts.digest(),
                      "specs": sorted(dataclasses.astuple(spec) for spec in specs.values())})
        if self.store.get(key) is not None:
            return []
        seen = {spec: card_problems(spec, fonts["serif"], fonts["sans"]) for spec in set(specs.values())}
        problems = [ContentProblem(shown, line, column, message)
                    for shown, line, column, title, _ in titles for message in seen[specs[title]]]
        if not problems:
            self.store.put(key, {}, {"passed": True})
        return problems

    def _font_problems(self) -> list[ContentProblem]:
        try:
            fonts = self.fonts
        except FontError as err:
            return [ContentProblem(self.project.shown(self.project.font_dir), 1, 1, str(err))]
        if not self.settings.posters:  # the web font and share cards still need every character
            problems = coverage_problems(self.campaign, fonts, self.project.shown(self.project.data_file))
        else:
            problems = self._poster_problems()
        return problems + (self._card_problems(fonts) if not problems else [])

    def _poster_problems(self) -> list[ContentProblem]:
        """Return why a poster cannot be made: the fonts, or a subject that fits some format in no design.

        Also the check of ``site_build.py posters`` (``check_posters``), which has not loaded the fonts before.
        """
        try:
            fonts = self.fonts
        except FontError as err:
            return [ContentProblem(self.project.shown(self.project.font_dir), 1, 1, str(err))]
        return checked_poster_problems(self.campaign, fonts, self.project.shown(self.project.data_file), self.store,
                                       bool(self.project.public_url), self.designs)

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
        self.posters = publish_posters(self.campaign, self.fonts, self.store, self.qr_urls, self.designs,
                                       workers=self.settings.workers)
        return self.posters

    def make_luokuan(self) -> LuokuanPage | None:
        """Make (what the store lacks) the 定制落款 page's backgrounds and font slices; ``None`` when posters are off.

        Called after ``make_posters``: the backgrounds carry the same QR codes as the site's posters.
        """
        if not self.settings.posters:
            return None
        formats = campaign_formats(self.campaign.printing.formats)
        self.luokuan = make_page(self.campaign, self.fonts, self.designs, formats, self.store, self.qr_urls,
                                 workers=self.settings.workers)
        return self.luokuan

    def poster_page_urls(self, url_of) -> dict[str, str]:
        """Return subject id → page URL, with ``url_of(docs path)`` giving a page's URL."""
        urls = {s.id: url_of(s.page_path) for s in self.campaign.slogans}
        urls[THEME_ID] = url_of(DOWNLOADS_PAGE)
        return urls

    def bulk_qr_urls(self) -> dict[str, str]:
        """Return subject id → the address its QR code links to, as on the site's posters (none without a public
        address); for posters made outside a build, which has no MkDocs files to ask."""
        site_url = self.project.public_url
        if not site_url:
            return {}
        urls = self.poster_page_urls(lambda path: page_url(path, self.project.use_directory_urls))
        return {subject: urljoin(site_url, url) for subject, url in urls.items()}

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
        path = card_path(page_url)
        spec = self._card_spec(title, is_home)
        if path in self._share_cards and self._share_cards[path][0] != source:
            raise ValueError(f"两个页面的分享卡片会写到同一个文件 {path}：{self._share_cards[path][0]} 和 {source}")
        self._share_cards[path] = (source, spec)
        return path

    def write_share_cards(self, site_dir: Path) -> None:
        """Draw (what the store lacks) and place every planned share card; ``ValueError`` names a page whose
        title the fonts cannot draw."""
        serif, sans = self.fonts["serif"], self.fonts["sans"]
        for path, (source, spec) in sorted(self._share_cards.items()):
            entry = self.store.get(spec.key(serif, sans))  # a card in the store was drawn, so it fits
            if entry is None:
                problems = card_problems(spec, serif, sans)
                if problems:
                    raise ValueError(f"{source}: {problems[0]}")
                entry = self.store.put(spec.key(serif, sans), {"png": card_png(render_share_card(spec, serif, sans))})
            place(entry.files["png"].path, site_dir / path)
        log.info("分享卡片：%d 张", len(self._share_cards))
