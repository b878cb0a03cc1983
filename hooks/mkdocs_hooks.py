"""The MkDocs adapter: wires MkDocs' build events to one ``campaign.build.Build`` per build.

Only translation lives here: MkDocs objects in, plain values to the core, files and
template globals back. The ``Build`` made in ``on_config`` owns the build's state; the
one module-level reference below points at the build under way.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import logging
import os
import re
from pathlib import Path

from campaign import faults
from campaign.build import Build, Project
from campaign.content.html_policy import sanitize
from campaign.content.markdown_render import MarkdownSettings
from campaign.content.post_checks import is_post
from campaign.posters.catalogue import SITE_DIR
from campaign.posters.fonts import theme_fonts
from campaign.settings import Settings
from campaign.site import csp, output
from campaign.site.news import POST_TEMPLATE, category_slug, group_plugins, is_news_file, news_options, without_news
from campaign.site.pages import GENERATED_TEMPLATES, LUOKUAN_PAGE, expand_nav
from campaign.site.search_index import plain_index
from campaign.site.share_meta import page_description
from campaign.site.template_cache import StoredTemplates
from campaign.site.web_font import SLOGAN_FONT
from campaign.store import place, write_atomic
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


def _faults_as_build_errors(hook):
    """Turn a fault of the machine inside a hook (disk full, read-only folder) into MkDocs' error, in Chinese."""

    @functools.wraps(hook)
    def run(*args, **kwargs):
        try:
            return hook(*args, **kwargs)
        except OSError as err:
            raise PluginError(faults.describe(err, _hooks.shown_output)) from None

    return run


class _Hooks:
    """The state of the adapter between events: the build under way and how it publishes."""

    def __init__(self):
        self.serving = False
        self.build: Build | None = None
        self.target: Path | None = None
        self.staging: Path | None = None
        self.last_staging: Path | None = None  # for messages about a build that has just failed
        self.lock: output.BuildLock | None = None
        self.warnings = _WarningCounter()
        self.core_log = _CoreLog()
        self.page_titles: dict[str, str] = {}
        self.environment: dict[str, str | None] = {}  # variables this build set, with their earlier values

    def shown_output(self, path: str) -> str:
        """Return ``path`` with the staging folder shown as the output folder it will become."""
        for staging in (self.staging, self.last_staging):
            if staging is not None and self.target is not None and path.startswith(str(staging)):
                return str(self.target) + path[len(str(staging)):]
        return path

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
        config.mdx_configs.clear()  # the settings the check rendered every page with
        config.mdx_configs.update(project.markdown.configs)
        self.page_titles = {}
        self.staging = self.last_staging = output.staging_dir(self.target)
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
    group = _news_group(config)
    theme_dir = Path(config.theme.custom_dir)
    names = config.theme.get_env().list_templates()
    page_templates = ({p.name for p in theme_dir.glob("*.html")} - GENERATED_TEMPLATES - {POST_TEMPLATE}
                      - set(config.theme.static_templates))
    return Project(
        root=Path(config.config_file_path).parent,
        docs_dir=Path(config.docs_dir),
        theme_dir=theme_dir,
        site_dir=Path(config.site_dir),
        templates=frozenset(page_templates | {"main.html"}),
        site_url=config.site_url or "",
        preview_address=f"{config.dev_addr.host}:{config.dev_addr.port}",
        extra=dict(config.extra),
        markdown=MarkdownSettings.of(config.markdown_extensions, config.mdx_configs, Path(config.docs_dir)),
        theme_files=frozenset(name for name in names if _published_from_theme(name, config)),
        icons=frozenset(name[len(".icons/"):-len(".svg")] for name in names
                        if name.startswith(".icons/") and name.endswith(".svg")),
        nav_pages=tuple(_nav_pages(config.nav)),
        use_directory_urls=config.use_directory_urls,
        config_file=Path(config.config_file_path),
        news=news_options(group.config.plugins) if group else None,
    )


def _published_from_theme(name: str, config) -> bool:
    """Return whether MkDocs copies theme file ``name`` into the site (its own rule, ``Files.add_files_from_theme``)."""
    return not _theme_exclusions(tuple(config.theme.static_templates)).match(name.lower())


@functools.cache
def _theme_exclusions(static_templates: tuple[str, ...]) -> re.Pattern:
    """Return MkDocs' patterns of theme files it does not publish, as one expression (Material has 15,000 files)."""
    patterns = [".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml", "locales/*",
                "*.md", "*.markdown", "*.mdown", "*.mkdn", "*.mkd", *static_templates]
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns))


def _nav_pages(nav) -> list[str]:
    """Return the page paths a ``nav`` names (not its external links)."""
    if isinstance(nav, str):
        return [] if "://" in nav or nav.startswith(("/", "#")) else [nav]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    if isinstance(nav, list):
        return [page for item in nav for page in _nav_pages(item)]
    return []


def current_build() -> Build | None:
    """Return the build under way (or the last one), for ``site_build.py`` and the tests."""
    return _hooks.build


def on_startup(command, dirty):
    """Remember whether this is ``mkdocs serve`` (its live-reload script is injected inline)."""
    _hooks.serving = command == "serve"


@event_priority(200)  # first: Material's group plugin (150) loads the news plugins if this switches them on
@_faults_as_build_errors
def on_config(config):
    """Make this build's ``Build``: check all content, switch the news section on or leave it out, and build
    into a staging folder beside ``site_dir``."""
    _hooks.start(config)
    return config


@_faults_as_build_errors
def on_files(files: Files, config) -> Files:
    """Add the generated pages, the posters, the 定制落款 page's files and the slogans' web font; leave the poster
    fonts and designs out, and the news section too while it has no post."""
    build = _hooks.build
    drawing = (theme_fonts(config.theme.custom_dir).resolve(), build.project.design_dir.resolve())
    for file in list(files):  # the vendored fonts and the design files are for drawing, not for the website
        if file.abs_src_path and any(Path(file.abs_src_path).resolve().is_relative_to(d) for d in drawing):
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
    luokuan = build.make_luokuan()
    for name, stored in luokuan.files if luokuan else ():
        files.append(_StoredFile.generated(config, name, abs_src_path=str(stored.path)))
    files.append(File.generated(config, SLOGAN_FONT, content=build.web_font()))
    return files


def on_env(env, config, files):
    """Give templates the campaign, posters, the 定制落款 page and footer fields; escape every value unless marked
    as HTML; keep compiled templates in the store."""
    build = _hooks.build
    env.globals.update(
        campaign=build.campaign,
        slogan_urls={s.id: files.get_file_from_path(s.page_path).url for s in build.campaign.slogans},
        posters=build.posters.catalogue if build.posters else None,
        luokuan=build.luokuan.data if build.luokuan else None,
        luokuan_url=files.get_file_from_path(LUOKUAN_PAGE).url,
        site_identity=build.identity,
    )
    env.autoescape = True
    env.bytecode_cache = StoredTemplates(build.store, env)
    return env


def on_page_markdown(markdown, page, config, files):
    """News posts show their reporting office and date under the title (theme/news-post.html)."""
    if is_post(page.file.src_uri):
        page.meta["template"] = POST_TEMPLATE
    return markdown


def _allowed(html: str, where: str) -> str:
    """Return ``html`` with only what the content policy allows: editors' comments and the blog's excerpt
    separator go too. The check has refused anything else, so a finding here is a bug in the check."""
    sanitized = sanitize(html)
    if sanitized.findings:
        raise PluginError(f"{where}: " + "；".join(f.message for f in sanitized.findings))
    return sanitized.html


def on_page_content(html, page, config, files):
    """Keep only what the content policy allows (the check has refused the rest); give every page a description,
    which the news feed uses too."""
    html = _allowed(html, page.file.src_uri)
    campaign = _hooks.build.campaign
    fallback = campaign.attachment_title if page.meta.get("slogan") else (config.site_description or config.site_name)
    page.meta["description"] = page_description(page.meta.get("description"), page.title or "", html, fallback)
    return html


@event_priority(-110)  # after the blog (-100) has rendered the news lists' excerpts
def on_page_context(context, page, config, nav):
    """Mark rendered Markdown as HTML for the escaping templates: the page, and the news lists' excerpts (which
    Material renders itself, past on_page_content: they go through the content policy here) and pager; add the
    page's slogan and share card."""
    build = _hooks.build
    page.content = Markup(page.content or "")
    for post in context.get("posts") or ():
        post.content = Markup(_allowed(post.content or "", post.file.src_uri))
    if context.get("pagination"):
        pager = context["pagination"]
        context["pagination"] = lambda *args, **kwargs: Markup(pager(*args, **kwargs))
    # The title Material's search puts, unescaped, on a page's first section (see campaign.site.search_index).
    _hooks.page_titles[page.url] = str(page.meta.get("title", page.title))
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
    """Give every page its Content-Security-Policy (not in the preview, whose live reload is inline).

    The policy allows the theme's inline code only; a page with inline code its content
    brought is refused, in the preview too.
    """
    try:
        with_policy = csp.with_policy(output_html, str(page.content or ""))
    except csp.ForeignInlineCode as err:
        raise PluginError(f"{page.file.src_uri}: {err}") from None
    return output_html if _hooks.serving else with_policy


def on_post_template(output_content, template_name, config):
    """Give static pages (404.html) their Content-Security-Policy too."""
    if _hooks.serving or not template_name.endswith(".html"):
        return output_content
    return csp.with_policy(output_content)


@event_priority(-100)  # after every other plugin has written its files
@_faults_as_build_errors
def on_post_build(config):
    """Draw the share cards, make the search index plain text, then publish unless ``--strict`` is about to fail."""
    try:
        _hooks.build.write_share_cards(Path(config.site_dir))
    except ValueError as err:
        raise PluginError(str(err)) from None
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if index_file.is_file():
        index = plain_index(json.loads(index_file.read_text(encoding="utf-8")), _hooks.page_titles)
        write_atomic(index_file, json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    _hooks.finish(config, publish=not (config.strict and _hooks.warnings.count))


def on_build_error(error):
    """Throw the unfinished build away; the previous site stays as it was."""
    _hooks.finish(None, publish=False)


def _missing_data_file(config) -> str:
    """Return the Chinese sentence for a deleted ``slogans.yaml`` (MkDocs only says a watched path is gone), or ""."""
    data = Path(config.config_file_path).parent / "slogans.yaml"
    if data.is_file():
        return ""
    return f"找不到活动数据文件 {data}：请从代码仓库恢复它（git checkout -- slogans.yaml）"


def _explain(err: Exception, config) -> str:
    """Return the Chinese sentence for an error MkDocs did not report itself."""
    from mkdocs.exceptions import ConfigurationError

    if isinstance(err, OSError):
        return faults.describe(err, _hooks.shown_output)
    missing = _missing_data_file(config)
    if missing:
        return missing
    if isinstance(err, ConfigurationError):
        return f"网站配置 mkdocs.yml 有误：{err}"
    import traceback

    templates = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith(".html")]
    where = f"{templates[-1].filename}:{templates[-1].lineno}: " if templates else ""
    return f"{where}生成网站时出错（{type(err).__name__}: {err}），请把这段信息发给开发人员"


def on_serve(server, config, builder):
    """Keep the preview on the last good build while content is wrong (MkDocs would stall it)."""

    def build_or_keep_last_good():
        try:
            builder()
        except Abort:  # MkDocs has already logged why; the staging folder was discarded
            missing = _missing_data_file(config)
            if missing:
                log.error("%s", missing)
            log.error("预览仍显示上一次正确的版本，改正后会自动刷新。")
        except Exception as err:  # noqa: BLE001 - any error: the preview must keep serving, never hang
            log.error("%s", _explain(err, config))
            log.debug("详细的出错位置：", exc_info=True)
            log.error("预览仍显示上一次正确的版本，改正后会自动刷新。")

    server.builder = build_or_keep_last_good
    return server
