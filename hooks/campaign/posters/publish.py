"""The whole poster step of a build, without MkDocs: render what is missing in every design, then bundle.

``publish_posters`` is what a build and the benchmark both call; it returns the files to
publish under ``posters/`` and the catalogue for the templates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..content.model import Campaign
from ..store import Store
from .bundles import SHEET_PREVIEW, build_bundles, bundle_path, contact_sheet, contact_sheet_path, posters_json
from .catalogue import SITE_DIR, Catalogue, make_catalogue
from .design import Design
from .fonts import PosterFonts
from .formats import PosterFormat, campaign_formats
from .render import PREVIEW_FORMAT, PREVIEWS, ProgressLine, file_name, plan_jobs, render_jobs
from .subjects import PosterSubject, poster_subjects

log = logging.getLogger("campaign.posters")


@dataclass(frozen=True)
class PublishedPosters:
    """What the site publishes under ``posters/``: stored files by name, ``posters.json``, the catalogue."""

    files: tuple[tuple[str, Path], ...]  # name under posters/ → file in the store
    manifest: bytes  # posters.json
    catalogue: Catalogue
    rendered: tuple[tuple[str, str, str], ...]  # (subject id, design id, format id) rendered in this build
    jobs: int


def design_labels(designs: tuple[Design, ...]) -> list[tuple[Design, str]]:
    """Return each design with the label its file names carry: "" for the first (the default), else its id."""
    return [(design, "" if number == 0 else design.id) for number, design in enumerate(designs)]


def planned_names(campaign: Campaign, designs: tuple[Design, ...], formats: tuple[PosterFormat, ...] | None = None
                  ) -> list[tuple[str, PosterSubject | None]]:
    """Return ``(name under posters/, subject)`` of every file the poster step publishes, without drawing any.

    ``formats`` defaults to the built-in ones and those ``slogans.yaml`` adds. Files
    shared by all subjects (bundles, contact sheets, manifest) have the subject ``None``.
    """
    formats = formats if formats is not None else campaign_formats(campaign.printing.formats)
    names: list[tuple[str, PosterSubject | None]] = []
    shared = []
    for _, label in design_labels(designs):
        for subject in poster_subjects(campaign):
            for poster_format in formats:
                outputs = list(poster_format.outputs) + (list(PREVIEWS) if poster_format.id == PREVIEW_FORMAT else [])
                names += [(file_name(subject.id, poster_format.id, output, label), subject) for output in outputs]
        shared += [bundle_path(f.id, label) for f in formats] + [bundle_path("all", label), contact_sheet_path(label)]
    return names + [(name, None) for name in [*shared, "posters.json"]]


def publish_posters(
    campaign: Campaign,
    fonts: PosterFonts,
    store: Store,
    qr_urls: dict[str, str],
    designs: tuple[Design, ...],
    formats: tuple[PosterFormat, ...] | None = None,
    workers: int | None = None,
) -> PublishedPosters:
    """Render missing posters into ``store`` and return everything the site publishes.

    Every subject in every design (``designs``, the default first) and every format:
    ``qr_urls`` maps subject ids to the absolute address their QR code links to (empty:
    no QR codes); ``formats`` defaults to the built-in ones and those ``slogans.yaml``
    adds. Raises ``ValueError`` if two products would share a published name.
    """
    formats = formats if formats is not None else campaign_formats(campaign.printing.formats)
    jobs = plan_jobs(poster_subjects(campaign), campaign, formats, fonts, designs, qr_urls, store=store)
    outputs, rendered = render_jobs(jobs, store, campaign, fonts, workers=workers, progress=ProgressLine(log))
    log.info("海报：%d 种设计、%d 个组合，本次渲染 %d 个，其余来自缓存", len(designs), len(jobs), len(rendered))

    bundles = build_bundles(outputs, store, [f.id for f in formats])
    sheets = [contact_sheet([f for f in outputs if f.name == SHEET_PREVIEW and f.job.design.id == design.id],
                            campaign, design, label, fonts, store) for design, label in design_labels(designs)]
    published = [(f.job.file_name(f.name), f.stored.path) for f in outputs]
    published += [(b.site_path, b.stored.path) for b in [*bundles, *sheets]]
    names = [name for name, _ in published] + ["posters.json"]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"two products share a published name: {', '.join(twice)}")
    return PublishedPosters(
        tuple(published),
        posters_json(outputs, bundles, SITE_DIR),
        make_catalogue(outputs, bundles, sheets, formats, designs),
        tuple((j.subject.id, j.design.id, j.poster_format.id) for j in rendered),
        len(jobs),
    )
