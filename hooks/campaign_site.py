"""MkDocs hooks: wire build events to the campaign core (``campaign`` package beside this file).

Only adapters live here; loading, validation and page generation are plain modules.
"""

from __future__ import annotations

import logging
from pathlib import Path

from campaign import csp, poster_checks, site_swap
from campaign.content_check import check_project
from campaign.site_pages import expand_nav, generated_pages
from campaign.slogans_file import FILE_NAME
from markupsafe import Markup
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.plugins.campaign")
# Material's search segments Chinese with jieba, which chats on stderr at debug level.
logging.getLogger("jieba").setLevel(logging.WARNING)

_build: dict[str, object] = {}


def on_startup(command, dirty):
    """Remember whether this is ``mkdocs serve`` (its live-reload script is injected inline)."""
    _build["serving"] = command == "serve"


def on_config(config):
    """Check all content (``slogans.yaml`` beside ``mkdocs.yml``, pages); expand the slogans' nav."""
    project = Path(config.config_file_path).parent
    posters = poster_checks.settings(
        project, config.theme.custom_dir, config.site_url, f"{config.dev_addr.host}:{config.dev_addr.port}"
    )
    result = check_project(project, Path(config.docs_dir), theme_templates(config), posters)
    if not result.ok:
        raise PluginError(f"内容有误，网站没有生成（共 {len(result.problems)} 处）：\n{result.report()}")
    campaign = _build["campaign"] = result.campaign
    config.nav = expand_nav(config.nav, campaign)
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [config.docs_dir]
    _stage(config)
    return config


def on_post_page(output, page, config):
    """Give every page its Content-Security-Policy (not in the preview, whose live reload is inline)."""
    return output if _build.get("serving") else csp.with_policy(output)


def on_post_template(output_content, template_name, config):
    """Give static pages (404.html) their Content-Security-Policy too."""
    if _build.get("serving") or not template_name.endswith(".html"):
        return output_content
    return csp.with_policy(output_content)


class _WarningCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _stage(config) -> None:
    """Build into a staging folder beside ``site_dir``; on_post_build publishes it."""
    target = Path(config.site_dir)
    _build["target"], _build["staging"] = target, site_swap.staging_dir(target)
    _build["warnings"] = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(_build["warnings"])
    config.site_dir = str(_build["staging"])


@event_priority(-100)  # after every other plugin has written its files
def on_post_build(config):
    """Publish the finished build, unless ``--strict`` is about to fail it for warnings."""
    counter = _build.pop("warnings")
    logging.getLogger("mkdocs").removeHandler(counter)
    staging, target = _build.pop("staging"), _build["target"]
    if config.strict and counter.count:
        site_swap.discard(staging)
        return
    site_swap.publish(staging, target)
    config.site_dir = str(target)


def on_build_error(error):
    """Throw the unfinished build away; the previous site stays as it was."""
    if "warnings" in _build:
        logging.getLogger("mkdocs").removeHandler(_build.pop("warnings"))
    if "staging" in _build:
        site_swap.discard(_build.pop("staging"))


def theme_templates(config) -> set[str]:
    """Return the page templates the theme offers (Material's and ours)."""
    return set(config.theme.get_env().list_templates(filter_func=lambda name: name.endswith(".html")))


def on_serve(server, config, builder):
    """Keep the preview on the last good build while content is wrong (MkDocs would stall it)."""

    def build_or_keep_last_good():
        try:
            builder()
        except Abort:  # MkDocs has already logged why; the staging folder was discarded
            log.error("预览仍显示上一次正确的版本，改正后会自动刷新。")

    server.builder = build_or_keep_last_good
    return server


def on_files(files: Files, config) -> Files:
    """Add the generated slogan pages; refuse a real file at a generated page's path."""
    for page in generated_pages(_build["campaign"]):
        if files.get_file_from_path(page.path) is not None:
            raise PluginError(f"{Path(config.docs_dir).name}/{page.path}: 这个页面由 {FILE_NAME} 自动生成，请删除同名文件")
        files.append(File.generated(config, page.path, content=page.markdown))
    return files


def on_env(env, config, files):
    """Give templates the campaign and escape every value they print unless marked as HTML."""
    env.globals["campaign"] = _build["campaign"]
    env.globals["slogan_urls"] = {s.id: files.get_file_from_path(s.page_path).url for s in _build["campaign"].slogans}
    env.autoescape = True
    return env


def on_page_context(context, page, config, nav):
    """Mark rendered Markdown as HTML for the escaping templates; add the page's slogan."""
    page.content = Markup(page.content or "")
    slogan_id = page.meta.get("slogan")
    if slogan_id:
        context["slogan"] = _build["campaign"].slogan(slogan_id)
    return context
