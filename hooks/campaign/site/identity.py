"""A government site's identity in the footer: 主办单位, 网站标识码, 备案号 and the 党政机关网站标识.

These are issued to the office that runs the site, so they come from configuration
(``extra.site_identity`` in ``mkdocs.yml``), are empty by default and are never made up.
A production build refuses to go out without the ones 《政府网站发展指引》 requires.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

#: The configuration key under ``extra:``.
CONFIG_KEY = "site_identity"


@dataclass(frozen=True)
class SiteIdentity:
    """Footer fields of a government site; an empty string means "not set, do not show"."""

    organizer: str = ""  # 主办单位
    contact: str = ""  # 联系方式（网站的，不是通知的联系人）
    site_code: str = ""  # 网站标识码
    icp: str = ""  # ICP备案号
    police_record: str = ""  # 公安机关备案号
    badge_image: str = ""  # 党政机关网站标识图片，相对于 content/ 的路径
    badge_link: str = ""  # 党政机关网站标识的核验地址


#: Field → what staff call it, in the order messages list them.
LABELS = {
    "organizer": "主办单位",
    "contact": "联系方式",
    "site_code": "网站标识码",
    "icp": "ICP备案号",
    "police_record": "公安机关备案号",
    "badge_image": "党政机关网站标识图片",
    "badge_link": "党政机关网站标识链接",
}

#: What a production build needs (site_url is checked alongside: share cards and sitemap need it).
REQUIRED_IN_PRODUCTION = ("organizer", "site_code", "icp", "police_record", "badge_image")


def read_identity(extra: dict | None) -> SiteIdentity:
    """Return the identity under ``extra.site_identity``; refuses (``ValueError``) unknown keys and non-text values."""
    table = (extra or {}).get(CONFIG_KEY) or {}
    if not isinstance(table, dict):
        raise ValueError(f"mkdocs.yml: extra.{CONFIG_KEY} 应当是键值表")
    known = {f.name for f in fields(SiteIdentity)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ValueError(f"mkdocs.yml: extra.{CONFIG_KEY} 中有未知字段：{'、'.join(unknown)}；"
                         f"可用的字段：{'、'.join(sorted(known))}")
    values = {}
    for key, value in table.items():
        if value is None:
            value = ""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a 网站标识码 written without quotes is read by YAML as a number
        if not isinstance(value, str):
            raise ValueError(f"mkdocs.yml: extra.{CONFIG_KEY}.{key}（{LABELS[key]}）应当是文字")
        values[key] = value.strip()
    return SiteIdentity(**values)


def production_problems(identity: SiteIdentity, site_url: str | None, docs_dir: Path) -> list[str]:
    """Return what stops a production build, in Chinese for the site's administrator (empty when ready)."""
    problems = [
        f"mkdocs.yml 中 extra.{CONFIG_KEY}.{key}（{LABELS[key]}）未填写"
        for key in REQUIRED_IN_PRODUCTION
        if not getattr(identity, key)
    ]
    if identity.badge_image and not (Path(docs_dir) / identity.badge_image).is_file():
        problems.append(f"找不到党政机关网站标识图片：{Path(docs_dir).name}/{identity.badge_image}")
    if not site_url:
        problems.append("mkdocs.yml 中 site_url（网站地址）未填写：分享卡片和站点地图需要完整网址")
    return problems
