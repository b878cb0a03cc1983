"""MkDocs hooks: posters and the download centre, wired to the plain ``campaign`` modules.

Checks run in ``on_config`` (bad glyphs or slogans that cannot fit stop the build with a
Chinese message); posters are rendered (cached) in ``on_files`` and published under
``posters/``; templates receive the catalogue as ``posters``. Set the environment
variable ``CAMPAIGN_POSTERS=off`` to build the site without posters.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urljoin

from campaign import poster_checks
from campaign.catalogue import DOWNLOADS_PAGE, SITE_DIR
from campaign.fonts import load_fonts, theme_fonts
from campaign.layout import THEME_ID
from campaign.poster_build import publish_posters
from campaign.problems import ContentError
from campaign.site_pages import front_matter
from campaign.slogans_file import FILE_NAME, load_campaign
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.plugins.campaign.posters")

_build: dict[str, object] = {}


def _settings(config):
    project = Path(config.config_file_path).parent
    preview = f"{config.dev_addr.host}:{config.dev_addr.port}"
    return project, poster_checks.settings(project, config.theme.custom_dir, config.site_url, preview)


def on_config(config):
    """Load the campaign and the vendored fonts (campaign_site.py has already checked both)."""
    _build.clear()
    project, posters = _settings(config)
    if posters is None:
        return config
    try:
        campaign = load_campaign(project / FILE_NAME, root=project)
        fonts = load_fonts(posters.font_dir, posters.cache_dir)
    except (ContentError, FileNotFoundError) as err:  # only if campaign_site.py is not listed first
        raise PluginError(f"海报无法生成：{err}") from None
    _build.update(project=project, campaign=campaign, fonts=fonts, settings=posters)
    return config


def on_files(files: Files, config) -> Files:
    """Render missing posters, then publish them, the bundles and the download centre page."""
    font_dir = theme_fonts(config.theme.custom_dir).resolve()
    for f in list(files):  # the vendored fonts are for drawing posters, not for the website
        if f.abs_src_path and Path(f.abs_src_path).resolve().is_relative_to(font_dir):
            files.remove(f)
    if files.get_file_from_path(DOWNLOADS_PAGE) is not None:
        raise PluginError(
            f"{Path(config.docs_dir).name}/{DOWNLOADS_PAGE}: 这个页面由海报下载中心自动生成，请删除同名文件"
        )
    page = File.generated(
        config, DOWNLOADS_PAGE, content=front_matter({"title": "海报下载", "template": "downloads.html"})
    )
    files.append(page)
    if not _build:
        return files
    campaign, fonts = _build["campaign"], _build["fonts"]

    qr_urls = {}
    site_url = _build["settings"].public_url
    if site_url:  # never a made-up address: QR codes only when the site's address is configured
        qr_urls = {s.id: urljoin(site_url, files.get_file_from_path(s.page_path).url) for s in campaign.slogans}
        qr_urls[THEME_ID] = urljoin(site_url, page.url)
    _build["qr_urls"] = qr_urls
    try:
        settings = _build["settings"]
        posters = publish_posters(campaign, fonts, settings.font_dir, settings.cache_dir, qr_urls)
    except ValueError as err:
        raise PluginError(f"海报文件重名：{err}") from None
    _build["rendered"] = list(posters.rendered)
    for name, source in posters.files:
        if files.get_file_from_path(SITE_DIR + name) is not None:
            raise PluginError(f"{Path(config.docs_dir).name}/{SITE_DIR}{name}: 这个位置由海报自动生成，请删除同名文件")
        files.append(_linked(File.generated(config, SITE_DIR + name, abs_src_path=str(source))))
    _build["catalogue"] = posters.catalogue
    return files


class _LinkedFile(File):
    """A published poster: hard-linked from the cache (its files are never changed in place), copied if linking fails."""

    def copy_file(self, dirty: bool = False) -> None:
        dest = Path(self.abs_dest_path)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.unlink(missing_ok=True)
        try:
            os.link(self.abs_src_path, dest)
        except OSError:
            super().copy_file(dirty)


def _linked(file: File) -> File:
    file.__class__ = _LinkedFile
    return file


def on_env(env, config, files):
    """Give templates the poster catalogue (``None`` when posters are off)."""
    env.globals["posters"] = _build.get("catalogue")
    return env
