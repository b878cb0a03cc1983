"""The whole poster step of a build, without MkDocs: render what is missing, then bundle.

``publish_posters`` is what the MkDocs hook and the benchmark both call; it returns the
files to publish under ``posters/`` and the catalogue for the templates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .bundles import build_bundles, contact_sheet, posters_json
from .catalogue import SITE_DIR, Catalogue, make_catalogue
from .fonts import PosterFonts
from .layout import poster_subjects
from .model import Campaign
from .presets import PRESETS, PosterPreset
from .render_cache import PosterCache, ProgressLine, plan_jobs, render_missing, write_atomic

log = logging.getLogger("mkdocs.plugins.campaign.posters")


@dataclass(frozen=True)
class PublishedPosters:
    """Files to publish (name under ``posters/`` → cached file), the catalogue, and what was rendered."""

    files: tuple[tuple[str, Path], ...]
    catalogue: Catalogue
    rendered: tuple[tuple[str, str], ...]  # (subject id, preset id) rendered in this build
    jobs: int


def publish_posters(
    campaign: Campaign,
    fonts: PosterFonts,
    font_dir: Path,
    cache_dir: Path,
    qr_urls: dict[str, str],
    presets: tuple[PosterPreset, ...] = PRESETS,
    workers: int | None = None,
) -> PublishedPosters:
    """Render missing posters into ``cache_dir`` and return everything the site publishes.

    ``qr_urls`` maps subject ids to the absolute address their QR code links to (empty:
    no QR codes). Raises ``ValueError`` if two products would share a published name.
    """
    jobs = plan_jobs(poster_subjects(campaign), campaign, presets, fonts, qr_urls)
    cache = PosterCache(cache_dir)
    rendered = render_missing(jobs, cache, campaign, font_dir, workers=workers, progress=ProgressLine(log))
    cache.save_manifest({j.key for j in jobs})
    log.info("海报：%d 个格式组合，本次渲染 %d 个，其余来自缓存", len(jobs), len(rendered))

    outputs = [f for job in jobs for f in cache.files(job)]
    bundles = build_bundles(outputs, cache, [p.id for p in presets])
    sheet = contact_sheet(
        [(f.job.subject.id, f.path) for f in outputs if f.ext == "thumb.webp"], campaign, fonts, cache
    )
    manifest = cache.root / "posters.json"
    write_atomic(manifest, posters_json(outputs, bundles, SITE_DIR))

    published = [(f.job.file_name(f.ext), f.path) for f in outputs]
    published += [(b.site_path, b.source) for b in bundles] + [
        (sheet.site_path, sheet.source),
        ("posters.json", manifest),
    ]
    names = [name for name, _ in published]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"two products share a published name: {', '.join(twice)}")
    return PublishedPosters(
        tuple(published),
        make_catalogue(outputs, bundles, sheet, presets),
        tuple((j.subject.id, j.preset.id) for j in rendered),
        len(jobs),
    )
