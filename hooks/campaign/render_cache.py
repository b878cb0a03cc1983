"""Render every poster once: content-hash keys, an on-disk cache with a manifest, parallel workers.

A job's key hashes everything that affects its files (subject, preset, campaign data,
font file hashes, QR address, layout and encoder versions). A job whose key is in the
manifest with all files present is not rendered again. Files are written atomically
(temp file + ``os.replace``); a manifest that cannot be read is logged and rebuilt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .fonts import PosterFonts, load_fonts
from .layout import LAYOUT_VERSION, PosterSubject
from .model import Campaign
from .poster_files import ENCODER_VERSION
from .poster_render import render_outputs
from .presets import PosterPreset

log = logging.getLogger("mkdocs.plugins.campaign.posters")

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class PosterJob:
    """One (subject, preset) pair to render, with its cache key."""

    subject: PosterSubject
    preset: PosterPreset
    qr_url: str | None
    key: str

    def file_name(self, ext: str) -> str:
        """Return the published ASCII file name of one output: ``<id>-<format>.<ext>``."""
        if ext == "thumb.webp":
            return f"{self.subject.id}-thumb.webp"
        return f"{self.subject.id}-{self.preset.id}.{ext}"


@dataclass(frozen=True)
class CachedFile:
    """One rendered file in the cache, with what the download centre and manifest need."""

    job: PosterJob
    ext: str
    path: Path
    bytes: int
    sha256: str
    pixels: tuple[int, int]
    size_mm: tuple[float, float]


def canonical_json(value: object) -> str:
    """Return ``value`` as canonical JSON (sorted keys, no spaces, UTF-8 text)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def campaign_material(campaign: Campaign) -> dict:
    """Return the campaign data that affects every poster (not the list of other slogans)."""
    data = dataclasses.asdict(dataclasses.replace(campaign, slogans=()))
    data.pop("slogans")
    return data


def job_key(
    subject: PosterSubject,
    campaign: Campaign | dict,
    preset: PosterPreset,
    font_digest: dict[str, str],
    qr_url: str | None,
) -> str:
    """Return the sha256 hex key of everything that affects one job's output files.

    ``campaign`` may be given as ``campaign_material(campaign)`` to save work in loops.
    """
    campaign_data = campaign if isinstance(campaign, dict) else campaign_material(campaign)
    material = {
        "subject": dataclasses.asdict(subject),
        "preset": dataclasses.asdict(preset),
        "campaign": campaign_data,
        "fonts": font_digest,
        "qr": qr_url,
        "layout": LAYOUT_VERSION,
        "encoder": ENCODER_VERSION,
    }
    return hashlib.sha256(canonical_json(material).encode("utf-8")).hexdigest()


def plan_jobs(
    subjects: list[PosterSubject],
    campaign: Campaign,
    presets: tuple[PosterPreset, ...],
    fonts: PosterFonts,
    qr_urls: dict[str, str],
) -> list[PosterJob]:
    """Return one job per subject and preset, in publishing order; QR only where the preset has one."""
    digest = fonts.digest()
    campaign_data = campaign_material(campaign)
    jobs = []
    for subject in subjects:
        for preset in presets:
            url = qr_urls.get(subject.id) if preset.qr else None
            jobs.append(PosterJob(subject, preset, url, job_key(subject, campaign_data, preset, digest, url)))
    return jobs


class PosterCache:
    """Rendered files under ``root/objects`` named by key, and ``root/manifest.json`` describing them."""

    def __init__(self, root: Path):
        self.root = root
        self.manifest_path = root / "manifest.json"
        self.entries: dict[str, dict] = self._read_manifest()

    def _read_manifest(self) -> dict[str, dict]:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as err:
            log.warning("Poster cache manifest %s cannot be read (%s); rendering again", self.manifest_path, err)
            return {}
        if (
            not isinstance(data, dict)
            or data.get("version") != MANIFEST_VERSION
            or not isinstance(data.get("jobs"), dict)
        ):
            log.warning("Poster cache manifest %s has an unknown format; rendering again", self.manifest_path)
            return {}
        return data["jobs"]

    def object_path(self, key: str, ext: str) -> Path:
        """Return where one output of the job with ``key`` is stored."""
        return self.root / "objects" / key[:2] / f"{key}.{ext}"

    def is_fresh(self, job: PosterJob) -> bool:
        """Return whether every file of ``job`` is in the manifest and on disk with the recorded size."""
        entry = self.entries.get(job.key)
        if entry is None:
            return False
        for ext, info in entry["files"].items():
            try:
                if self.object_path(job.key, ext).stat().st_size != info["bytes"]:
                    return False
            except FileNotFoundError:
                return False
        return True

    def record(self, key: str, entry: dict) -> None:
        """Remember what a job produced (files with bytes and sha256, pixels, mm)."""
        self.entries[key] = entry

    def files(self, job: PosterJob) -> list[CachedFile]:
        """Return the cached files of a fresh job, in the preset's output order."""
        entry = self.entries[job.key]
        return [
            CachedFile(
                job,
                ext,
                self.object_path(job.key, ext),
                info["bytes"],
                info["sha256"],
                tuple(entry["pixels"]),
                tuple(entry["mm"]),
            )
            for ext, info in sorted(entry["files"].items(), key=lambda item: _output_rank(job.preset, item[0]))
        ]

    def save_manifest(self, keep: set[str]) -> None:
        """Write the manifest atomically: the ``keep`` keys, plus older jobs whose files are still on disk.

        Older entries stay so that switching back (``mkdocs serve`` without QR codes, an
        undone edit) finds its posters again; deleting ``.cache/posters`` clears everything.
        """
        jobs = {k: v for k, v in sorted(self.entries.items()) if k in keep or self._on_disk(k, v)}
        data = {"version": MANIFEST_VERSION, "jobs": jobs}
        write_atomic(self.manifest_path, (canonical_json(data) + "\n").encode("utf-8"))

    def _on_disk(self, key: str, entry: dict) -> bool:
        return all(self.object_path(key, ext).exists() for ext in entry["files"])


def _output_rank(preset: PosterPreset, ext: str) -> int:
    """Order of a file within its job: the preset's outputs in table order, extras (thumbnail) last.

    The manifest on disk has sorted keys, so without this a warm build would list files
    in a different order from a cold one.
    """
    return preset.outputs.index(ext) if ext in preset.outputs else len(preset.outputs)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same directory and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


# --- rendering ------------------------------------------------------------------------------

_worker: dict[str, object] = {}


def _init_worker(font_dir: str, campaign: Campaign, cache_root: str) -> None:
    _worker["fonts"] = load_fonts(Path(font_dir))
    _worker["campaign"] = campaign
    _worker["cache"] = Path(cache_root)


def _render_job(job: PosterJob) -> tuple[str, dict]:
    """Render one job in a worker, store its files, return the manifest entry."""
    rendered = render_outputs(job.subject, _worker["campaign"], job.preset, _worker["fonts"], job.qr_url)
    cache = PosterCache.__new__(PosterCache)
    cache.root = _worker["cache"]
    files = {}
    for ext, data in rendered.files.items():
        write_atomic(cache.object_path(job.key, ext), data)
        files[ext] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return job.key, {"files": files, "pixels": list(rendered.pixels), "mm": list(rendered.size_mm)}


def render_missing(
    jobs: list[PosterJob],
    cache: PosterCache,
    campaign: Campaign,
    font_dir: Path,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[PosterJob]:
    """Render the jobs whose files are not fresh in ``cache``; return those rendered.

    Runs across ``workers`` processes (default: all cores); ``progress(done, total)`` is
    called as jobs finish. Errors in a worker are raised here.
    """
    missing = [job for job in jobs if not cache.is_fresh(job)]
    if not missing:
        return []
    # Largest canvases first, so the last jobs to finish are short ones.
    missing.sort(key=lambda j: -_cost(j.preset))
    workers = max(1, min(workers or os.cpu_count() or 1, len(missing)))
    done = 0
    if workers == 1:
        _init_worker(str(font_dir), campaign, str(cache.root))
        for job in missing:
            key, entry = _render_job(job)
            cache.record(key, entry)
            done += 1
            if progress:
                progress(done, len(missing))
        return missing
    context = multiprocessing.get_context(_start_method())
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(str(font_dir), campaign, str(cache.root))
    ) as pool:
        futures = [pool.submit(_render_job, job) for job in missing]
        for future in as_completed(futures):
            key, entry = future.result()
            cache.record(key, entry)
            done += 1
            if progress:
                progress(done, len(missing))
    return missing


def _start_method() -> str:
    """Return "fork" (fast: workers inherit the loaded modules) unless threads are running.

    ``mkdocs serve`` runs builds next to its server and watcher threads; forking a
    process with threads can deadlock, so workers are spawned fresh there.
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _cost(preset: PosterPreset) -> float:
    try:
        w, h = preset.canvas_px()
    except ValueError:
        return 0.0
    return w * h * (1 + ("pdf" in preset.outputs))


class ProgressLine:
    """Logs ``海报渲染 done/total`` at most every ``interval`` seconds and at the end."""

    def __init__(self, logger: logging.Logger, interval: float = 2.0):
        self.logger, self.interval, self.last = logger, interval, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - self.last >= self.interval:
            self.last = now
            self.logger.info("海报渲染 %d/%d", done, total)
