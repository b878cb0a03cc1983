"""MkDocs hooks: wire build events to the campaign core (``campaign`` package beside this file).

Only adapters live here; loading, validation and page generation are plain modules.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from campaign.content_check import check_project
from campaign.site_pages import expand_nav, generated_pages
from campaign.slogans_file import FILE_NAME

log = logging.getLogger("mkdocs.plugins.campaign")
# Material's search segments Chinese with jieba, which chats on stderr at debug level.
logging.getLogger("jieba").setLevel(logging.WARNING)

_build: dict[str, object] = {}


def on_config(config):
    """Check all content (``slogans.yaml`` beside ``mkdocs.yml``, pages); expand the slogans' nav."""
    result = check_project(Path(config.config_file_path).parent)
    if not result.ok:
        report = "\n".join(str(p) for p in result.problems)
        raise PluginError(f"内容有误，网站没有生成（共 {len(result.problems)} 处）：\n{report}")
    campaign = _build["campaign"] = result.campaign
    config.nav = expand_nav(config.nav, campaign)
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [config.docs_dir]
    return config


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
