"""The MkDocs adapter: wires MkDocs' build events to one ``campaign.build.Build`` per build.

Only translation lives here: MkDocs objects in, plain values to the core, files and
template globals back. The ``Build`` made in ``on_config`` owns the build's state; the
one module-level reference below points at the build under way.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from campaign.build import Build, Project
from campaign.content.post_checks import is_post
from campaign.posters.catalogue import SITE_DIR
from campaign.posters.fonts import theme_fonts
from campaign.settings import Settings
from campaign.site import csp, output
from campaign.site.comments import DropComments, without_excerpt_separator
from campaign.site.news import category_slug, group_plugins, is_news_file, news_options, without_news
from campaign.site.pages import expand_nav
from campaign.site.share_meta import page_description
from campaign.site.web_font import SLOGAN_FONT
from campaign.store import place
from markupsafe import Markup
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.plugins.campaign")
# Material's search segments Chinese with jieba, which chats on stderr at debug level.
logging.getLogger("jieba").setLevel(logging.WARNING)


class _CoreLog(logging.Handler):
    """Passes the core's log (``campaign.*``) on to MkDocs' as news: a healed cache is not a warning.

    The core raises what must stop a build; what it logs is information, so nothing it logs
    can make ``--strict`` fail.
    """

    def emit(self, record: logging.LogRecord) -> None:
        log.log(min(record.levelno, logging.INFO), record.getMessage())


class _WarningCounter(logging.Handler):
    """Counts MkDocs' warnings, so a ``--strict`` build that is about to fail is not published."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _Hooks:
    """The state of the adapter between events: the build under way and how it publishes."""

    def __init__(self):
        self.serving = False
        self.build: Build | None = None
        self.target: Path | None = None
        self.staging: Path | None = None
        self.lock: output.BuildLock | None = None
        self.warnings = _WarningCounter()
        self.core_log = _CoreLog()
        self.environment: dict[str, str | None] = {}  # variables this build set, with their earlier values

    def start(self, config) -> Build:
        """Take the output's lock, make the build and check everything, then redirect MkDocs into a staging folder."""
        project = project_of(config)
        self.target = project.site_dir
        if not self.serving:  # the preview's folder is its own; every other output may be shared
            try:
                output.refuse_unsafe_output(project.site_dir, project.root, [project.docs_dir, project.theme_dir])
            except output.OutputRefused as err:
                raise PluginError(f"网站没有生成：{err}") from None
            self.lock = output.BuildLock(self.target)
            self.lock.acquire(lambda pid: log.info("另一个生成任务（进程 %s）正在写入 %s，等它完成……", pid, self.target))
            output.recover(self.target)
        core = logging.getLogger("campaign")
        core.addHandler(self.core_log)
        core.setLevel(logging.INFO)
        build = self.build = Build(project, Settings.from_environment(os.environ, project.root, project.sources))
        self.export(build.settings.exported_environment())
        result = build.check()
        if not result.ok:
            raise PluginError(f"内容有误，网站没有生成（共 {len(result.problems)} 处）：\n{result.report()}")
        config.nav = expand_nav(config.nav, build.campaign)
        group = _news_group(config)
        if build.news_enabled:
            group.config.enabled = True
            group.config.plugins = group_plugins(group.config.plugins, site_url=project.site_url,
                                                 cache_dir=build.settings.cache_dir)
        else:
            config.nav = without_news(config.nav)
        config.markdown_extensions.append(DropComments())
        config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [config.docs_dir]
        self.staging = output.staging_dir(self.target)
        config.site_dir = str(self.staging)
        self.warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self.warnings)
        return build

    def export(self, variables: dict[str, str]) -> None:
        """Set environment variables for MkDocs and its plugins until the build finishes."""
        for name, value in variables.items():
            self.environment.setdefault(name, os.environ.get(name))
            os.environ[name] = value

    def finish(self, config, publish: bool) -> None:
        """Publish (or throw away) the staging folder, give the environment back and let the next build in."""
        for name, value in self.environment.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self.environment = {}
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        logging.getLogger("campaign").removeHandler(self.core_log)
        try:
            if self.staging is not None:
                if publish:
                    output.finish(self.staging)
                    output.publish(self.staging, self.target)
                    config.site_dir = str(self.target)
                else:
                    output.discard(self.staging)
        finally:
            self.staging = None
            if self.lock is not None:
                self.lock.release()
                self.lock = None


_hooks = _Hooks()


class _StoredFile(File):
    """A file published from the store: hard-linked (store files never change in place), copied across disks."""

    def copy_file(self, dirty: bool = False) -> None:
        place(Path(self.abs_src_path), Path(self.abs_dest_path))


def _news_group(config):
    """Return the ``group`` plugin that holds the news section's blog, or ``None``."""
    for name, plugin in config.plugins.items():
        if name.startswith("material/group") and news_options(plugin.config.plugins) is not None:
            return plugin
    return None


def project_of(config) -> Project:
    """Return the ``Project`` a MkDocs configuration describes."""
    env = config.theme.get_env()
    group = _news_group(config)
    return Project(
        root=Path(config.config_file_path).parent,
        docs_dir=Path(config.docs_dir),
        theme_dir=Path(config.theme.custom_dir),
        site_dir=Path(config.site_dir),
        templates=frozenset(env.list_templates(filter_func=lambda name: name.endswith(".html"))),
        site_url=config.site_url or "",
        preview_address=f"{config.dev_addr.host}:{config.dev_addr.port}",
        extra=dict(config.extra),
        news=news_options(group.config.plugins) if group else None,
        config_file=Path(config.config_file_path),
    )


def current_build() -> Build | None:
    """Return the build under way (or the last one), for ``site_build.py`` and the tests."""
    return _hooks.build


def on_startup(command, dirty):
    """Remember whether this is ``mkdocs serve`` (its live-reload script is injected inline)."""
    _hooks.serving = command == "serve"


@event_priority(200)  # first: Material's group plugin (150) loads the news plugins if this switches them on
def on_config(config):
    """Make this build's ``Build``: check all content, switch the news section on or leave it out, and build
    into a staging folder beside ``site_dir``."""
    _hooks.start(config)
    return config


def on_files(files: Files, config) -> Files:
    """Add the generated pages, the posters and the slogans' web font; leave the poster font files out, and the
    news section too while it has no post."""
    build = _hooks.build
    font_dir = theme_fonts(config.theme.custom_dir).resolve()
    for file in list(files):  # the vendored fonts are for drawing, not for the website
        if file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(font_dir):
            files.remove(file)
        elif not build.news_enabled and is_news_file(file.src_uri):
            files.remove(file)
    if build.news_enabled:  # before the blog (-50) names its category pages
        config.plugins["material/blog"].config.categories_slugify = category_slug
    for page in build.generated_pages():
        files.append(File.generated(config, page.path, content=page.markdown))
    posters = build.make_posters(build.poster_page_urls(lambda path: files.get_file_from_path(path).url))
    if posters is not None:
        for name, source in posters.files:
            files.append(_StoredFile.generated(config, SITE_DIR + name, abs_src_path=str(source)))
        files.append(File.generated(config, SITE_DIR + "posters.json", content=posters.manifest))
    files.append(File.generated(config, SLOGAN_FONT, content=build.web_font()))
    return files


def on_env(env, config, files):
    """Give templates the campaign, posters and footer fields; escape every value unless marked as HTML."""
    build = _hooks.build
    env.globals.update(
        campaign=build.campaign,
        slogan_urls={s.id: files.get_file_from_path(s.page_path).url for s in build.campaign.slogans},
        posters=build.posters.catalogue if build.posters else None,
        site_identity=build.identity,
    )
    env.autoescape = True
    return env


def on_page_markdown(markdown, page, config, files):
    """News posts show their reporting office and date under the title (theme/news-post.html)."""
    if is_post(page.file.src_uri):
        page.meta["template"] = "news-post.html"
    return markdown


def on_page_content(html, page, config, files):
    """Give every page a Chinese description (its own, else its title and first paragraph); the feed
    uses it too. Drop the blog's excerpt separator from the page itself."""
    campaign = _hooks.build.campaign
    fallback = campaign.attachment_title if page.meta.get("slogan") else (config.site_description or config.site_name)
    page.meta["description"] = page_description(page.meta.get("description"), page.title or "", html, fallback)
    return without_excerpt_separator(html)


@event_priority(-110)  # after the blog (-100) has rendered the news lists' excerpts
def on_page_context(context, page, config, nav):
    """Mark rendered Markdown as HTML for the escaping templates (the page, the news lists' excerpts and
    pager); add the page's slogan and share card."""
    build = _hooks.build
    page.content = Markup(page.content or "")
    for post in context.get("posts") or ():
        post.content = Markup(post.content or "")
    if context.get("pagination"):
        pager = context["pagination"]
        context["pagination"] = lambda *args, **kwargs: Markup(pager(*args, **kwargs))
    if page.meta.get("slogan"):
        context["slogan"] = build.campaign.slogan(page.meta["slogan"])
    title = page.meta.get("title") or page.title or config.site_name
    try:
        image = build.share_card(page.url, page.file.src_uri, title, page.is_homepage)
    except ValueError as err:
        raise PluginError(str(err)) from None
    site_url = (config.site_url or "").rstrip("/")
    context["share"] = {
        "image": image,
        "image_absolute": f"{site_url}/{image}" if site_url else None,
        "url": page.canonical_url if site_url else None,
    }
    return context


def on_post_page(output_html, page, config):
    """Give every page its Content-Security-Policy (not in the preview, whose live reload is inline)."""
    return output_html if _hooks.serving else csp.with_policy(output_html)


def on_post_template(output_content, template_name, config):
    """Give static pages (404.html) their Content-Security-Policy too."""
    if _hooks.serving or not template_name.endswith(".html"):
        return output_content
    return csp.with_policy(output_content)


@event_priority(-100)  # after every other plugin has written its files
def on_post_build(config):
    """Draw the share cards, then publish the finished build unless ``--strict`` is about to fail it."""
    try:
        _hooks.build.write_share_cards(Path(config.site_dir))
    except ValueError as err:
        raise PluginError(str(err)) from None
    _hooks.finish(config, publish=not (config.strict and _hooks.warnings.count))


def on_build_error(error):
    """Throw the unfinished build away; the previous site stays as it was."""
    _hooks.finish(None, publish=False)


def on_serve(server, config, builder):
    """Keep the preview on the last good build while content is wrong (MkDocs would stall it)."""

    def build_or_keep_last_good():
        try:
            builder()
        except Abort:  # MkDocs has already logged why; the staging folder was discarded
            log.error("预览仍显示上一次正确的版本，改正后会自动刷新。")

    server.builder = build_or_keep_last_good
    return server
