"""Which pages of the built site the browser tests visit."""

from __future__ import annotations

from pathlib import Path

from campaign.content.slogans_file import load_campaign

ROOT = Path(__file__).resolve().parents[2]
CAMPAIGN = load_campaign(ROOT / "slogans.yaml")
#: The slogan a reader finds by searching 工匠精神.
CRAFTSMAN = next(s for s in CAMPAIGN.slogans if "工匠精神" in s.text)

#: One page of each template, by name, as a path relative to the site root.
PAGE_TYPES = {
    "home": "",
    "notice": "notice/",
    "activities": "activities/",
    "activity": "activities/xuexi-jiaoyu/",
    "requirements": "requirements/",
    "slogans": "slogans/",
    "slogan": f"slogans/{CRAFTSMAN.id}/",
    "downloads": "posters/",
    "contact": "contact/",
    "luokuan": "luokuan/",
    "404": "404.html",
}


def site_paths(site_dir: Path) -> list[str]:
    """Return every page of the built site as a path relative to its root (``""`` for the home page)."""
    paths = []
    for page in sorted(site_dir.rglob("*.html")):
        relative = page.relative_to(site_dir).as_posix()
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return paths
