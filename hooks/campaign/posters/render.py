"""Render every poster once: jobs keyed by everything that affects them, kept in the store, drawn in parallel.

A job is one (subject, format) pair. Its key hashes the subject, the format, the
campaign data, the font files' hashes, the QR address and the layout and encoder
versions; a job whose entry is in the store (verified) is not rendered again.
``render_outputs`` is the pure part: one job's files as bytes, nothing written.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from ..content.model import Campaign
from ..store import Entry, Store, StoredFile, digest
from .encoders import ENCODER_VERSION
from .fonts import PosterFonts
from .formats import PosterFormat
from .layout import LAYOUT_VERSION, layout
from .subjects import PosterSubject

log = logging.getLogger("campaign.posters")

#: Width of the gallery thumbnails (WebP), made from the ``THUMBNAIL_FORMAT`` poster.
THUMBNAIL_WIDTH = 480
THUMBNAIL_FORMAT = "square"
#: Name of the thumbnail among a job's files.
THUMBNAIL = "thumb.webp"


@dataclass(frozen=True)
class PosterJob:
    """One (subject, format) pair to render, with its store key."""

    subject: PosterSubject
    poster_format: PosterFormat
    qr_url: str | None
    key: str

    def file_name(self, name: str) -> str:
        """Return the published ASCII file name of one output: ``<id>-<format>.<ext>``."""
        return file_name(self.subject.id, self.poster_format.id, name)


def file_name(subject_id: str, format_id: str, name: str) -> str:
    """Return the published file name of output ``name`` (an extension, or ``THUMBNAIL``) of one subject and format."""
    if name == THUMBNAIL:
        return f"{subject_id}-thumb.webp"
    return f"{subject_id}-{format_id}.{name}"


@dataclass(frozen=True)
class PosterFile:
    """One rendered file of a job as the store holds it, with what the download centre and manifest need."""

    job: PosterJob
    name: str  # file extension, or THUMBNAIL
    stored: StoredFile
    pixels: tuple[int, int]
    size_mm: tuple[float, float]


@dataclass(frozen=True)
class Rendered:
    """The files of one job (name → bytes) and the facts the download centre shows."""

    files: dict[str, bytes]
    pixels: tuple[int, int]
    size_mm: tuple[float, float]


def render_outputs(
    subject: PosterSubject, campaign: Campaign, poster_format: PosterFormat, fonts: PosterFonts, qr_url: str | None
) -> Rendered:
    """Return every output file of ``subject`` in ``poster_format``, encoded; raises ``CannotFit``."""
    # Imported here: a warm build, which renders nothing, need not load Pillow at all.
    from .encoders import encode_pdf, encode_png, encode_webp
    from .raster import draw
    from .vector import to_svg

    poster = layout(subject, campaign, poster_format, fonts, qr_url)
    files: dict[str, bytes] = {}
    image = None
    title = f"{campaign.title} · {subject.text}"
    for ext in poster_format.outputs:
        if ext in ("png", "pdf") and image is None:
            image = draw(poster, fonts)
        if ext == "png":
            files[ext] = encode_png(image, poster.dpi if poster_format.is_print else None)
        elif ext == "pdf":
            files[ext] = encode_pdf(image, poster, poster_format.bleed_mm, title, files.get("png"))
        elif ext == "svg":
            files[ext] = to_svg(poster, fonts, title).encode("utf-8")
        elif ext == "txt":
            files[ext] = (subject.text.replace(" ", "\u3000") + "\n").encode("utf-8")
        else:
            raise ValueError(f"{poster_format.id}: unknown output {ext}")
    if poster_format.id == THUMBNAIL_FORMAT:
        files[THUMBNAIL] = encode_webp(image if image is not None else draw(poster, fonts), THUMBNAIL_WIDTH)
    return Rendered(files, poster.pixels, (round(poster.width_mm, 1), round(poster.height_mm, 1)))


def campaign_material(campaign: Campaign) -> dict:
    """Return the campaign data that affects every poster (not the list of slogans, not line numbers)."""
    data = dataclasses.asdict(dataclasses.replace(campaign, slogans=()))
    data.pop("slogans")
    data.pop("lines")
    return data


def job_key(
    subject: PosterSubject, campaign_data: dict, poster_format: PosterFormat, font_digest: dict[str, str],
    qr_url: str | None,
) -> str:
    """Return the key of everything that affects one job's files (``campaign_data`` from ``campaign_material``)."""
    return digest({
        "subject": dataclasses.asdict(subject),
        "format": dataclasses.asdict(poster_format),
        "campaign": campaign_data,
        "fonts": font_digest,
        "qr": qr_url,
        "layout": LAYOUT_VERSION,
        "encoder": ENCODER_VERSION,
    })


def plan_jobs(
    subjects: list[PosterSubject],
    campaign: Campaign,
    formats: tuple[PosterFormat, ...],
    fonts: PosterFonts,
    qr_urls: dict[str, str],
) -> list[PosterJob]:
    """Return one job per subject and format, in publishing order; QR only where the format has one."""
    font_digest = fonts.digest()
    campaign_data = campaign_material(campaign)
    jobs = []
    for subject in subjects:
        for poster_format in formats:
            url = qr_urls.get(subject.id) if poster_format.qr else None
            jobs.append(PosterJob(subject, poster_format, url,
                                  job_key(subject, campaign_data, poster_format, font_digest, url)))
    return jobs


def poster_files(job: PosterJob, entry: Entry) -> list[PosterFile]:
    """Return the files of a job's store entry: the format's outputs in table order, the thumbnail last.

    The store keeps names sorted; ordering here keeps warm and cold builds identical.
    """
    pixels, size_mm = tuple(entry.facts["pixels"]), tuple(entry.facts["mm"])
    outputs = job.poster_format.outputs

    def rank(name: str) -> int:
        return outputs.index(name) if name in outputs else len(outputs)

    return [PosterFile(job, name, entry.files[name], pixels, size_mm) for name in sorted(entry.files, key=rank)]


# --- rendering ------------------------------------------------------------------------------

_worker_state: dict[str, object] = {}  # per worker process, set by its initializer


def _init_worker(fonts: PosterFonts, campaign: Campaign, store_root: str) -> None:
    _worker_state.update(fonts=fonts, campaign=campaign, store=Store(store_root))


def _render_and_store(job: PosterJob, campaign: Campaign, fonts: PosterFonts, store: Store) -> Entry:
    """Render one job, store its files, return the store entry."""
    rendered = render_outputs(job.subject, campaign, job.poster_format, fonts, job.qr_url)
    facts = {"pixels": list(rendered.pixels), "mm": list(rendered.size_mm)}
    return store.put(job.key, rendered.files, facts)


def _render_job(job: PosterJob) -> Entry:
    """Render one job in a worker process (with what its initializer received)."""
    return _render_and_store(job, _worker_state["campaign"], _worker_state["fonts"], _worker_state["store"])


def render_jobs(
    jobs: list[PosterJob],
    store: Store,
    campaign: Campaign,
    fonts: PosterFonts,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[PosterFile], list[PosterJob]]:
    """Return the files of every job, in job order, and the jobs that had to be rendered.

    Jobs whose entries the store holds (verified) are taken from it; the others are
    rendered across ``workers`` processes (default: one per core) and stored;
    ``progress(done, total)`` is called as they finish. Errors in a worker are raised here.
    """
    entries: dict[str, Entry] = {}
    missing = []
    for job in jobs:
        entry = store.get(job.key)
        if entry is None:
            missing.append(job)
        else:
            entries[job.key] = entry
    missing = list({job.key: job for job in missing}.values())
    # Largest canvases first, so the last jobs to finish are short ones.
    missing.sort(key=lambda job: -_cost(job.poster_format))
    workers = max(1, min(workers or os.cpu_count() or 1, len(missing) or 1))
    if workers == 1:
        for done, job in enumerate(missing, start=1):
            entries[job.key] = _render_and_store(job, campaign, fonts, store)
            if progress:
                progress(done, len(missing))
    elif missing:
        context = multiprocessing.get_context(_start_method())
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                 initargs=(fonts, campaign, str(store.root))) as pool:
            futures = [pool.submit(_render_job, job) for job in missing]
            for done, future in enumerate(as_completed(futures), start=1):
                entry = future.result()
                entries[entry.key] = entry
                if progress:
                    progress(done, len(missing))
    files = [f for job in jobs for f in poster_files(job, entries[job.key])]
    return files, missing


def _start_method() -> str:
    """Return "fork" (fast: workers inherit the loaded modules) unless threads are running.

    ``mkdocs serve`` runs builds next to its server and watcher threads; forking a
    process with threads can deadlock, so workers are spawned fresh there.
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _cost(poster_format: PosterFormat) -> float:
    try:
        width, height = poster_format.canvas_px()
    except ValueError:
        return 0.0
    return width * height * (1 + ("pdf" in poster_format.outputs))


class ProgressLine:
    """Logs ``海报渲染 done/total`` at most every ``interval`` seconds and at the end."""

    def __init__(self, logger: logging.Logger, interval: float = 2.0):
        self.logger, self.interval, self.last = logger, interval, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - self.last >= self.interval:
            self.last = now
            self.logger.info("海报渲染 %d/%d", done, total)
