"""MkDocs hooks for the public face of the site: share cards and descriptions, the
slogans' web font, and the government-site footer fields.

Runs after ``campaign_site.py`` (which has already validated the content). Only
adapters live here; the work is done by plain modules in ``campaign/``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from campaign.fonts import theme_fonts
from campaign.share_cards import CardSpec, card_png, render_share_card
from campaign.share_meta import card_path, page_description
from campaign.site_identity import read_identity
from campaign.slogans_file import FILE_NAME, load_campaign
from campaign.web_fonts import FontNotFound, locate_poster_font, missing_characters, woff2_subset
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.plugins.public_site")

#: Where the slogans' web font is published (``theme/assets/slogan-font.css`` points at it).
SLOGAN_FONT = "assets/fonts/slogans.woff2"
_FONT_VERSION = 1

_build: dict[str, object] = {}


def on_config(config):
    """Read the footer fields and find the poster fonts; stop the build if either is unusable."""
    project = Path(config.config_file_path).parent
    try:
        identity = read_identity(config.extra)
        font_dir = theme_fonts(config.theme.custom_dir)
        faces = {role: locate_poster_font(font_dir, role) for role in ("serif", "sans")}
    except (ValueError, FontNotFound) as err:
        raise PluginError(str(err)) from None
    _build.update(project=project, identity=identity, faces=faces, cards={},
                  campaign=load_campaign(project / FILE_NAME, root=project))
    return config


def on_files(files: Files, config) -> Files:
    """Add the WOFF2 subset of the poster typeface holding exactly the characters of the slogans."""
    campaign = _build["campaign"]
    characters = "".join(sorted(set("".join(s.text for s in campaign.slogans) + campaign.theme)))
    face = _build["faces"]["serif"]
    key = hashlib.sha256(f"{face.digest()}|{characters}|{_FONT_VERSION}".encode()).hexdigest()[:24]
    try:
        font = _cached(f"web-fonts/{key}.woff2", lambda: woff2_subset(face, characters))
    except ValueError as err:
        raise PluginError(f"{FILE_NAME}: 口号网页字体无法生成：{err}") from None
    files.append(File.generated(config, SLOGAN_FONT, content=font))
    return files


def on_env(env, config, files):
    """Give templates the footer fields."""
    env.globals["site_identity"] = _build["identity"]
    return env


def on_page_content(html, page, config, files):
    """Give every page a Chinese description (its own, else its title and first paragraph)."""
    campaign = _build["campaign"]
    fallback = campaign.attachment_title if page.meta.get("slogan") else (config.site_description or config.site_name)
    page.meta["description"] = page_description(page.meta.get("description"), page.title or "", html, fallback)
    return html


def on_page_context(context, page, config, nav):
    """Tell the templates about the page's share card, and remember to draw it."""
    campaign = _build["campaign"]
    path = card_path(page.url)
    # The home page's card carries the campaign theme as its title; other pages their own title.
    title = campaign.theme if page.is_homepage else (page.meta.get("title") or page.title or config.site_name)
    spec = CardSpec(title=title, campaign_title=f"{campaign.year}年{campaign.title}",
                    tagline="" if page.is_homepage else campaign.theme, issuer=campaign.issuer,
                    background=campaign.colors.primary, foreground=campaign.colors.accent)
    cards = _build["cards"]
    if path in cards and cards[path][0] != page.file.src_uri:
        raise PluginError(f"两个页面的分享卡片会写到同一个文件 {path}：{cards[path][0]} 和 {page.file.src_uri}")
    cards[path] = (page.file.src_uri, spec)
    site_url = (config.site_url or "").rstrip("/")
    context["share"] = {
        "image": path,
        "image_absolute": f"{site_url}/{path}" if site_url else None,
        "url": page.canonical_url if site_url else None,
    }
    return context


def on_post_build(config):
    """Draw every page's share card into the built site (cached by content hash)."""
    faces = _build["faces"]
    for path, (source, spec) in sorted(_build["cards"].items()):
        # Refuse rather than draw empty boxes for characters the poster fonts lack.
        missing = missing_characters(faces["serif"], spec.title) + missing_characters(
            faces["sans"], spec.campaign_title + spec.tagline + spec.issuer)
        if missing:
            raise PluginError(f"{source}: 海报字体中没有这些字，无法生成分享卡片：{missing}")
        key = spec.digest(faces["serif"], faces["sans"])
        png = _cached(f"share-cards/{key}.png",
                      lambda s=spec: card_png(render_share_card(s, faces["serif"], faces["sans"])))
        _write(Path(config.site_dir) / path, png)
    log.info("分享卡片：%d 张", len(_build["cards"]))


def _cached(name: str, make) -> bytes:
    """Return the bytes cached under ``.cache/<name>`` in the project, making and storing them if absent."""
    path = _build["project"] / ".cache" / name
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError as err:
        log.warning("cache file %s unreadable, rebuilding it: %s", path, err)
    data = make()
    try:
        _write(path, data)
    except OSError as err:
        log.warning("cannot write cache file %s: %s", path, err)
    return data


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (a temporary file beside it, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o644)  # mkstemp makes files private; published files must be readable
    os.replace(temporary, path)
