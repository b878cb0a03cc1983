"""Render every poster once: jobs keyed by everything that affects them, kept in the store, drawn in parallel.

A job is one (subject, design, format) triple — for an office's posters, also its 落款 —
with its slogan setting (the series decides lines and size, once, here in the main
process). Its key hashes the subject, the setting, the format, what the format takes
from the design, the campaign text a poster shows, the 落款, the print settings, the
font files' hashes, the QR address and the layout and encoder versions — only what the
format's kind shows: an LED strip's key holds neither design nor 落款, so every design
and every office shares one, and a couplet's only its colours and face. A job whose entry is in the store (verified) is not
rendered again. ``render_outputs`` is the pure part: one job's files as bytes, nothing written.
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
from .design import Design
from .encoders import ENCODER_VERSION
from .fonts import PosterFonts
from .formats import PosterFormat
from .layout import LAYOUT_VERSION, IssuerLine, layout, slogan_settings
from .series import SloganSetting, campaign_terms
from .subjects import PosterSubject

log = logging.getLogger("campaign.posters")

#: Previews (WebP) shown on slogan pages and in the gallery are made from this format's
#: image — the A4 poster, what hangs on a wall — at these widths (for ``srcset``).
PREVIEW_FORMAT = "print-a4"
PREVIEW_WIDTHS = (240, 480)


def preview_name(width: int) -> str:
    """Return the name of the ``width``-pixel preview among a job's files (``preview-240.webp``)."""
    return f"preview-{width}.webp"


PREVIEWS = tuple(preview_name(w) for w in PREVIEW_WIDTHS)
#: An output no format lists: the image as lossless WebP (the 定制落款 page's backgrounds).
LOSSLESS_WEBP = "lossless.webp"


@dataclass(frozen=True)
class PosterJob:
    """One (subject, design, format) to render: how its slogan is set, its QR address, 落款 and store key.

    ``design_label`` is the design's id in file names ("" for the default design, whose
    files keep the names they had before designs were data); ``unit`` the office whose
    posters these are ("" for the site's); ``issuer`` its 落款 (``None``: the campaign's).
    ``outputs``, when given, are made instead of the format's (and no previews): the
    定制落款 page's backgrounds are one ``lossless.webp`` each.
    """

    subject: PosterSubject
    poster_format: PosterFormat
    setting: SloganSetting
    qr_url: str | None
    key: str
    design: Design
    design_label: str = ""
    issuer: IssuerLine | None = None
    unit: str = ""
    outputs: tuple[str, ...] = ()

    def file_name(self, name: str) -> str:
        """Return the published ASCII file name of one output (see ``file_name``)."""
        return file_name(self.subject.id, self.poster_format.id, name, self.design_label, self.unit)


def file_name(subject_id: str, format_id: str, name: str, design: str = "", unit: str = "") -> str:
    """Return the published file name of output ``name`` of one subject, format, design and office.

    ``[<unit>-]<id>-<format>[-<design>].<ext>`` for an extension, with ``-<part>`` before
    the extension for a named part such as ``shanglian.pdf`` (a couplet's right column) or
    ``gbk.txt``; previews are ``[<unit>-]<id>[-<design>]-preview-<width>.webp``. The
    default design's ``design`` is "" (its files keep their old names); ``unit`` is the
    office's id for its own posters (bulk), "" on the site.
    """
    prefix = f"{unit}-" if unit else ""
    suffix = f"-{design}" if design else ""
    if name in PREVIEWS:
        return f"{prefix}{subject_id}{suffix}-{name}"
    part, _, extension = name.rpartition(".")
    return f"{prefix}{subject_id}-{format_id}{suffix}{'-' + part if part else ''}.{extension}"


@dataclass(frozen=True)
class PosterFile:
    """One rendered file of a job as the store holds it, with what the download centre and manifest need."""

    job: PosterJob
    name: str  # file extension (or "<sheet>.pdf"), or THUMBNAIL
    stored: StoredFile
    pixels: tuple[int, int]
    size_mm: tuple[float, float]  # of this file's page (a PDF sheet) or of the canvas


@dataclass(frozen=True)
class Rendered:
    """The files of one job (name → bytes) and the facts the download centre shows."""

    files: dict[str, bytes]
    pixels: tuple[int, int]
    size_mm: dict[str, tuple[float, float]]  # output name → page size; "" → the canvas


def render_outputs(
    subject: PosterSubject, setting: SloganSetting, campaign: Campaign, poster_format: PosterFormat,
    fonts: PosterFonts, design: Design, qr_url: str | None, issuer: IssuerLine | None = None,
    previews: bool = True, outputs: tuple[str, ...] = (),
) -> Rendered:
    """Return every output file of ``subject`` in ``poster_format`` and ``design``, encoded.

    The ``PREVIEW_FORMAT`` job also returns its previews (unless ``previews`` is false:
    an office's posters need none). ``outputs`` replaces the format's outputs (then no
    previews); besides theirs it may name ``lossless.webp``, the image as lossless WebP.
    """
    # Imported here: a warm build, which renders nothing, need not load Pillow at all.
    from .encoders import encode_bmp, encode_led_text, encode_lossless_webp, encode_png, encode_webp
    from .pdf import write_pdf
    from .raster import at_width, draw
    from .vector import to_svg

    poster = layout(subject, setting, campaign, poster_format, fonts, design, qr_url, issuer)
    files: dict[str, bytes] = {}
    image = None
    title = f"{campaign.title} · {subject.text}"
    sheets = {sheet.output: sheet for sheet in poster.sheets}
    sizes = {"": (round(poster.width_mm, 1), round(poster.height_mm, 1))}
    previews = previews and not outputs
    for name in outputs or poster_format.outputs:
        if name in ("png", "bmp", LOSSLESS_WEBP) and image is None:
            image = draw(poster, fonts)
        if name == "png":
            files[name] = encode_png(image, poster.dpi if poster_format.is_print else None)
        elif name == "bmp":
            files[name] = encode_bmp(image)
        elif name == LOSSLESS_WEBP:
            files[name] = encode_lossless_webp(image)
        elif name in sheets:
            sheet = sheets[name]
            files[name] = write_pdf(poster, sheet, fonts, campaign.printing, title)
            sizes[name] = (round(sheet.w, 1), round(sheet.h, 1))
        elif name == "svg":
            files[name] = to_svg(poster, fonts, title).encode("utf-8")
        elif name in ("txt", "gbk.txt"):
            files[name] = encode_led_text(subject.text, "gbk" if name == "gbk.txt" else "utf-8")
        else:
            raise ValueError(f"{poster_format.id}: unknown output {name}")
    if previews and poster_format.id == PREVIEW_FORMAT:
        # Drawn from the layout at the preview's own size (a tenth of the cost of shrinking the 300 dpi image).
        for width in PREVIEW_WIDTHS:
            files[preview_name(width)] = encode_webp(draw(at_width(poster, width), fonts), width)
    return Rendered(files, poster.pixels, sizes)


def poster_text(campaign: Campaign) -> dict:
    """Return the campaign data a poster shows or prints with (not the slogans, not line numbers)."""
    return {
        "title": campaign.title,
        "year": campaign.year,
        "theme": campaign.theme,
        "issuer": campaign.issuer,
        "print": {"output_intent": campaign.printing.output_intent, "crop_marks": campaign.printing.crop_marks},
    }


def job_key(
    subject: PosterSubject, setting: SloganSetting, poster_data: dict, poster_format: PosterFormat, design: Design,
    font_digest: dict[str, str], qr_url: str | None, issuer: IssuerLine | None = None, previews: bool = True,
    outputs: tuple[str, ...] = (),
) -> str:
    """Return the key of everything that affects one job's files (``poster_data`` from ``poster_text``).

    Only what the format's kind shows counts: couplets and LED strips show no campaign text
    besides the slogan and no 落款, banners only the 落款; LED strips take nothing from the design.
    """
    kind = poster_format.kind
    shown = {"poster": poster_data, "banner": {"issuer": poster_data["issuer"]}}.get(kind, {})
    return digest({
        "subject": dataclasses.asdict(subject),
        "setting": dataclasses.asdict(setting),
        "format": dataclasses.asdict(poster_format),
        "design": design.visual(kind),
        "campaign": shown | {"print": poster_data["print"]},
        "issuer": dataclasses.asdict(issuer) if issuer is not None and kind in ("poster", "banner") else None,
        "previews": previews and poster_format.id == PREVIEW_FORMAT,
        "fonts": font_digest,
        "qr": qr_url,
        "layout": LAYOUT_VERSION,
        "encoder": ENCODER_VERSION,
        **({"outputs": list(outputs)} if outputs else {}),
    })


class SeriesCache:
    """Series settings, set once per (design, format, QR, 落款 slot) and shared by every job that needs them.

    With a ``store``, each series is kept there under the key of what sets it (the subjects,
    the campaign text a poster shows, the format, what it takes from the design, the fonts,
    the layout version), so a build with nothing changed neither breaks lines nor loads jieba.
    """

    def __init__(self, subjects: list[PosterSubject], campaign: Campaign, fonts: PosterFonts,
                 store: Store | None = None):
        self.subjects, self.campaign, self.fonts, self.store = subjects, campaign, fonts, store
        self._terms: frozenset[str] | None = None
        self._settings: dict[tuple, dict[str, SloganSetting]] = {}

    @property
    def terms(self) -> frozenset[str]:
        """Return the campaign's recurring terms (found once, when a series is first set)."""
        if self._terms is None:
            self._terms = campaign_terms(self.subjects)
        return self._terms

    def settings(self, design: Design, poster_format: PosterFormat, with_qr: bool,
                 issuer_slot: bool | None) -> dict[str, SloganSetting]:
        """Return subject id → setting; raises the first ``CannotFit`` (the checks report them all first)."""
        slot = issuer_slot if poster_format.kind == "poster" else None
        key = (design.id, poster_format.id, with_qr, slot)
        if key in self._settings:
            return self._settings[key]
        stored = None
        if self.store is not None:
            stored = digest({
                "series": LAYOUT_VERSION,
                "subjects": [dataclasses.asdict(s) for s in self.subjects],
                "campaign": poster_text(self.campaign),
                "format": dataclasses.asdict(poster_format),
                "design": design.visual(poster_format.kind),
                "fonts": self.fonts.digest(),
                "qr": with_qr,
                "slot": slot,
            })
            entry = self.store.get(stored)
            if entry is not None:
                self._settings[key] = {sid: SloganSetting(tuple(lines), size)
                                       for sid, (lines, size) in entry.facts["settings"].items()}
                return self._settings[key]
        settings, failures = slogan_settings(self.subjects, self.campaign, poster_format, self.fonts, design,
                                             self.terms, with_qr, issuer_slot)
        if failures:
            raise failures[0]
        if stored is not None:
            self.store.put(stored, {}, {"settings": {sid: [list(s.lines), s.size_mm] for sid, s in settings.items()}})
        self._settings[key] = settings
        return settings


def issuer_template(subject: PosterSubject, campaign: Campaign, poster_format: PosterFormat, fonts: PosterFonts,
                    design: Design, series: SeriesCache, qr_url: str | None = None):
    """Return a poster laid out with its 落款 left out and its slot kept: what another renderer fills with a name.

    The slogan is set as an office's poster of that design and format would set it (a
    series with a 落款 slot), so drawing this layout (``raster.draw``) and setting a name in
    ``layout.slot("issuer")`` (see ``Slot``) gives the poster ``site_build.py posters`` makes
    for that name. Refuses (``ValueError``) formats without a 落款 slot (couplets, strips).
    """
    if poster_format.kind != "poster":
        raise ValueError(f"{poster_format.id}: only posters have a 落款 slot another renderer can fill")
    with_qr = qr_url is not None and poster_format.qr
    setting = series.settings(design, poster_format, with_qr, True)[subject.id]
    return layout(subject, setting, campaign, poster_format, fonts, design, qr_url if with_qr else None,
                  IssuerLine(None))


def plan_jobs(
    subjects: list[PosterSubject],
    campaign: Campaign,
    formats: tuple[PosterFormat, ...],
    fonts: PosterFonts,
    designs: tuple[Design, ...],
    qr_urls: dict[str, str],
    series: SeriesCache | None = None,
    store: Store | None = None,
) -> list[PosterJob]:
    """Return one job per subject, design and format, in publishing order; QR only where the format has one.

    The first design is the default (its files keep the names without a design id). Each
    format's series is set here (``slogan_settings``, kept in ``store`` when given); raises
    the first ``CannotFit`` (the build's check reports them all before this runs).
    """
    font_digest = fonts.digest()
    poster_data = poster_text(campaign)
    series = series or SeriesCache(subjects, campaign, fonts, store)
    jobs = []
    for number, design in enumerate(designs):
        label = "" if number == 0 else design.id
        for subject in subjects:
            for poster_format in formats:
                url = qr_urls.get(subject.id) if poster_format.qr else None
                setting = series.settings(design, poster_format, bool(qr_urls) and poster_format.qr, None)[subject.id]
                jobs.append(PosterJob(subject, poster_format, setting, url,
                                      job_key(subject, setting, poster_data, poster_format, design, font_digest, url),
                                      design, label))
    return jobs



def poster_files(job: PosterJob, entry: Entry) -> list[PosterFile]:
    """Return the files of a job's store entry: the format's outputs in table order, the previews last.

    The store keeps names sorted; ordering here keeps warm and cold builds identical.
    """
    pixels, sizes = tuple(entry.facts["pixels"]), entry.facts["mm"]
    outputs = job.outputs or job.poster_format.outputs

    def rank(name: str) -> int:
        return outputs.index(name) if name in outputs else len(outputs)

    return [PosterFile(job, name, entry.files[name], pixels, tuple(sizes.get(name, sizes[""])))
            for name in sorted(entry.files, key=rank)]


# --- rendering ------------------------------------------------------------------------------

_worker_state: dict[str, object] = {}  # per worker process, set by its initializer


def _init_worker(fonts: PosterFonts, campaign: Campaign, store_root: str) -> None:
    _worker_state.update(fonts=fonts, campaign=campaign, store=Store(store_root))


def _render_and_store(job: PosterJob, campaign: Campaign, fonts: PosterFonts, store: Store) -> Entry:
    """Render one job, store its files, return the store entry."""
    rendered = render_outputs(job.subject, job.setting, campaign, job.poster_format, fonts, job.design, job.qr_url,
                              job.issuer, previews=not job.unit, outputs=job.outputs)
    facts = {"pixels": list(rendered.pixels), "mm": {name: list(size) for name, size in rendered.size_mm.items()}}
    return store.put(job.key, rendered.files, facts)


def _render_job(job: PosterJob) -> Entry:
    """Render one job in a worker process (with what its initializer received)."""
    state = _worker_state
    return _render_and_store(job, state["campaign"], state["fonts"], state["store"])


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
    unique: dict[str, PosterJob] = {}
    for job in missing:  # jobs that share a key (designs alike in a format) are rendered once, as the first
        unique.setdefault(job.key, job)
    missing = list(unique.values())
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
    """Return how many pixels a job draws (print formats without a raster output draw none)."""
    if not {"png", "bmp"} & set(poster_format.outputs):
        return 0.0
    try:
        width, height = poster_format.canvas_px()
    except ValueError:
        return 0.0
    return width * height


class ProgressLine:
    """Logs ``海报渲染 done/total`` at most every ``interval`` seconds and at the end."""

    def __init__(self, logger: logging.Logger, interval: float = 2.0):
        self.logger, self.interval, self.last = logger, interval, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - self.last >= self.interval:
            self.last = now
            self.logger.info("海报渲染 %d/%d", done, total)
