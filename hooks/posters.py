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

from campaign.catalogue import DOWNLOADS_PAGE, SITE_DIR
from campaign.fonts import FONT_DIR, load_fonts
from campaign.layout import THEME_ID
from campaign.poster_build import publish_posters
from campaign.poster_checks import checks_key, poster_problems
from campaign.presets import PRESETS
from campaign.problems import ContentError, display_path
from campaign.render_cache import write_atomic
from campaign.site_pages import front_matter
from campaign.slogans_file import FILE_NAME, load_campaign
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.plugins.campaign.posters")

_build: dict[str, object] = {}


def _enabled() -> bool:
    return os.environ.get("CAMPAIGN_POSTERS", "on").lower() not in ("0", "off", "no", "false")


def _public_url(config) -> str:
    """Return the configured ``site_url``, or "" while ``mkdocs serve`` has replaced it with its own address.

    A QR code to the preview server would be a made-up address on a printed poster (and
    would re-render every poster that carries one).
    """
    url = config.site_url or ""
    dev = config.dev_addr
    if dev and url.startswith((f"http://{dev.host}:{dev.port}/", f"http://{dev.host}:{dev.port}")):
        return ""
    return url


def on_config(config):
    """Load the campaign and the vendored fonts; refuse slogans the posters cannot show."""
    _build.clear()
    if not _enabled():
        return config
    project = Path(config.config_file_path).parent
    cache_dir = Path(os.environ.get("CAMPAIGN_POSTER_CACHE") or project / ".cache" / "posters")
    try:
        campaign = load_campaign(project / FILE_NAME, root=project)
        fonts = load_fonts(project / FONT_DIR, cache_dir)
    except ContentError as err:
        raise PluginError("内容有误，网站没有生成：\n" + err.report()) from None
    except FileNotFoundError as err:
        raise PluginError(f"缺少海报字体 {err.filename}：请运行 python site_build.py fonts --source …") from None
    passed = cache_dir / "checked" / checks_key(campaign, fonts, PRESETS, bool(_public_url(config)))
    if not passed.exists():  # laying out every poster once is the check; skip it when nothing changed
        problems = poster_problems(
            campaign,
            fonts,
            PRESETS,
            display_path(project / FILE_NAME, project),
            (project / FILE_NAME).read_text(encoding="utf-8"),
            with_qr=bool(_public_url(config)),
        )
        if problems:
            raise PluginError("海报无法生成：\n" + ContentError(problems).report())
        write_atomic(passed, b"")
    _build.update(project=project, campaign=campaign, fonts=fonts, cache=cache_dir)
    return config


def on_files(files: Files, config) -> Files:
    """Render missing posters, then publish them, the bundles and the download centre page."""
    project = Path(config.config_file_path).parent
    font_dir = (project / FONT_DIR).resolve()
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
    site_url = _public_url(config)
    if site_url:  # never a made-up address: QR codes only when the site's address is configured
        qr_urls = {s.id: urljoin(site_url, files.get_file_from_path(s.page_path).url) for s in campaign.slogans}
        qr_urls[THEME_ID] = urljoin(site_url, page.url)
    _build["qr_urls"] = qr_urls
    try:
        posters = publish_posters(campaign, fonts, project / FONT_DIR, _build["cache"], qr_urls)
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
