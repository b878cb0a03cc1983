"""The 定制落款 page: an office types its name and gets a poster with it as 落款, made in the browser.

No server: the build makes everything the page needs, and the page's script
(``theme/assets/luokuan.js``) sets the typed name exactly where and how this project's
poster engine would set it (``layout._fill_slot`` with ``raster.glyph_origin``). The build
makes, all kept in the store and byte-reproducible:

* one **background** per subject (theme and slogans), design and format: the poster with
  its 落款 slot kept but left blank (``IssuerLine(None)``), as lossless WebP — every pixel
  but the 落款's is the poster's;
* the **落款 face in slices** (``font_slices``), so the page fetches only the slices of the
  characters typed, and the map of which slice holds which character;
* the page's **data**: subjects, designs, formats, each (design, format)'s 落款 slot, the
  face's ascent and the advances that are not one em.

The page offers the poster formats a phone's browser can draw: a raster image whose
canvas stays under iOS Safari's limit of 16,777,216 pixels (the screen formats and A4 at
300 dpi; A3 and the vector files are the bulk command's). A name is shrunk to fit its slot
but never below ``MIN_SHARE`` of the design's size (nor the format's floor): a longer name
is refused with a Chinese message, and staff can use a short name.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from ..content.model import Campaign
from ..posters.design import Design
from ..posters.fonts import PosterFonts
from ..posters.formats import PosterFormat
from ..posters.layout import IssuerLine, Slot, issuer_slot, slot_data
from ..posters.publish import design_labels
from ..posters.render import LOSSLESS_WEBP, PosterJob, ProgressLine, SeriesCache, job_key, poster_text, render_jobs
from ..posters.series import CannotFit
from ..posters.subjects import PosterSubject, poster_subjects
from ..store import Store, StoredFile, digest
from .font_slices import OFFICE_CHARACTERS, SLICE_SIZE, SLICES_VERSION, jieba_frequency, slice_files, slice_plan

log = logging.getLogger("campaign.luokuan")

#: The folder of the page's files in the site (the page itself is ``pages.LUOKUAN_PAGE``).
SITE_DIR = "luokuan/"
#: A background's path under ``SITE_DIR``; ``design`` is "" for the default design, else "-<id>".
BACKGROUND = "backgrounds/{subject}-{format}{design}.webp"
#: A name is shrunk to fit, but not below this share of the 落款's design size: a 落款 much
#: smaller than the campaign's looks like a footnote (screen formats' floors are higher anyway).
MIN_SHARE = 0.75
#: The largest canvas iOS Safari draws (4096 × 4096): A4 at 300 dpi with bleed is 9.1 MP, A3 18 MP.
CANVAS_LIMIT = 16_777_216


def page_formats(formats: tuple[PosterFormat, ...]) -> tuple[PosterFormat, ...]:
    """Return the formats the page offers: posters with a PNG on the full ground, within ``CANVAS_LIMIT`` pixels."""
    return tuple(f for f in formats if f.kind == "poster" and "png" in f.outputs and not f.paper_margin_mm
                 and math.prod(f.canvas_px()) <= CANVAS_LIMIT)


def smallest_size(slot: Slot) -> float:
    """Return the smallest em (mm) the page sets a name at in ``slot``: its floor, and ``MIN_SHARE`` of its size."""
    return max(slot.min_size, MIN_SHARE * slot.size)


def background_path(subject_id: str, format_id: str, design_label: str) -> str:
    """Return a background's path under ``SITE_DIR`` (``design_label`` "" for the default design)."""
    return BACKGROUND.format(subject=subject_id, format=format_id, design=f"-{design_label}" if design_label else "")


def format_label(poster_format: PosterFormat) -> str:
    """Return how the page names a format (Chinese, short enough for a phone's menu): its purpose and size."""
    width, height = poster_format.canvas_px()
    purpose = poster_format.purpose.split("（")[0]
    if poster_format.is_print:
        return f"{purpose}（PNG，{poster_format.dpi:g} dpi）"
    return f"{purpose}（{width}×{height}）"


@dataclass(frozen=True)
class PagePlan:
    """What the page offers: subjects, designs (with the labels their file names carry), formats, 落款 slots, jobs."""

    subjects: tuple[PosterSubject, ...]
    designs: tuple[tuple[Design, str], ...]
    formats: tuple[PosterFormat, ...]
    slots: dict[tuple[str, str], Slot]  # (design id, format id) → the 落款 slot
    jobs: tuple[PosterJob, ...]  # one background each, in publishing order
    faces: tuple[str, ...]  # the face roles the designs set their 落款 in


def plan_page(campaign: Campaign, fonts: PosterFonts, designs: tuple[Design, ...], formats: tuple[PosterFormat, ...],
              qr_urls: dict[str, str], store: Store | None = None) -> PagePlan:
    """Return the page's plan: every subject in every design and every ``page_formats`` format, as offices get them.

    An office's poster keeps the 落款 slot in every format (``issuer_slot=True``), so its
    series may differ from the site's where the campaign's issuer does not fit; a format
    where some subject cannot be set with the slot is left out of the page (and logged).
    QR codes are as on the site's posters (``qr_urls``; none without a public address). The
    backgrounds are ``render.issuer_template`` drawn, made as poster jobs (store, worker pool);
    ``store`` keeps the series too.
    """
    subjects = tuple(poster_subjects(campaign))
    series = SeriesCache(list(subjects), campaign, fonts, store)
    labelled = tuple(design_labels(designs))
    poster_data, font_digest = poster_text(campaign), fonts.digest()
    offered, slots, jobs = [], {}, []
    for poster_format in page_formats(formats):
        with_qr = bool(qr_urls) and poster_format.qr
        try:
            for design in designs:
                series.settings(design, poster_format, with_qr, True)
        except CannotFit as err:
            log.info("定制落款：%s 格式留有落款时放不下口号 %s，页面不提供这种格式", poster_format.id, err.subject_id)
            continue
        offered.append(poster_format)
        for design, _ in labelled:
            slots[(design.id, poster_format.id)] = issuer_slot(campaign, poster_format, fonts, design, with_qr)
    for design, label in labelled:
        for subject in subjects:
            for poster_format in offered:
                setting = series.settings(design, poster_format, bool(qr_urls) and poster_format.qr, True)[subject.id]
                url = qr_urls.get(subject.id) if poster_format.qr else None
                key = job_key(subject, setting, poster_data, poster_format, design, font_digest, url, IssuerLine(None),
                              previews=False, outputs=(LOSSLESS_WEBP,))
                jobs.append(PosterJob(subject, poster_format, setting, url, key, design, label, IssuerLine(None),
                                      outputs=(LOSSLESS_WEBP,)))
    faces = tuple(sorted({design.lines["issuer"].face for design in designs}))
    return PagePlan(subjects, labelled, tuple(offered), slots, tuple(jobs), faces)


def planned_paths(campaign: Campaign, designs: tuple[Design, ...], formats: tuple[PosterFormat, ...]) -> list[str]:
    """Return the site paths of every background the page may publish (for the build's check of clashing paths).

    The font slices go into a folder named by the hash of what made them, which no content can name.
    """
    return [SITE_DIR + background_path(subject.id, poster_format.id, label)
            for _, label in design_labels(designs) for subject in poster_subjects(campaign)
            for poster_format in page_formats(formats)]


@dataclass(frozen=True)
class FontSlices:
    """One face in slices: its folder under ``SITE_DIR`` (named by the key of what made it) and its files."""

    face: str
    folder: str  # e.g. fonts/sans-0123456789ab/
    files: dict[str, StoredFile]  # NNN.woff2 and map.json

    @property
    def count(self) -> int:
        return len(self.files) - 1


def first_slice(campaign: Campaign) -> str:
    """Return the characters of slice 1: the campaign's issuer (the page's default 落款) and ``OFFICE_CHARACTERS``."""
    return "".join(dict.fromkeys(campaign.issuer + OFFICE_CHARACTERS))


def font_slices(face_role: str, campaign: Campaign, fonts: PosterFonts, store: Store,
                workers: int | None = None) -> FontSlices:
    """Return the slices of one poster face for the page, made (and kept in ``store``) if the store lacks them."""
    import jieba

    face, first = fonts[face_role], first_slice(campaign)
    plan_key = digest({"slice-plan": SLICES_VERSION, "font": face.sha256, "first": first, "size": SLICE_SIZE,
                       "jieba": jieba.__version__})
    plan_entry = store.get_or_make(plan_key, lambda: ({}, {"slices": [list(s) for s in slice_plan(
        face, first, jieba_frequency())]}))
    plan = tuple(tuple(s) for s in plan_entry.facts["slices"])
    key = digest({"font-slices": SLICES_VERSION, "font": face.sha256, "plan": plan})
    entry = store.get(key)
    if entry is None:
        log.info("定制落款：把 %s 切成 %d 片网页字体……", face.file_name, len(plan))
        entry = store.put(key, slice_files(face, plan, workers), {"slices": len(plan)})
    return FontSlices(face_role, f"fonts/{face_role}-{key[:12]}/", entry.files)


@dataclass(frozen=True)
class LuokuanPage:
    """What the build publishes for the page: files (site path → store file) and the data its template embeds."""

    files: tuple[tuple[str, StoredFile], ...]
    data: dict
    rendered: int  # backgrounds drawn in this build (the rest came from the store)

    @property
    def bytes(self) -> int:
        return sum(stored.bytes for _, stored in self.files)


def make_page(campaign: Campaign, fonts: PosterFonts, designs: tuple[Design, ...], formats: tuple[PosterFormat, ...],
              store: Store, qr_urls: dict[str, str], workers: int | None = None) -> LuokuanPage:
    """Render the backgrounds and cut the font slices the store lacks; return the page's files and data."""
    plan = plan_page(campaign, fonts, designs, formats, qr_urls, store)
    outputs, rendered = render_jobs(list(plan.jobs), store, campaign, fonts, workers=workers,
                                    progress=ProgressLine(log))
    files = [(SITE_DIR + background_path(f.job.subject.id, f.job.poster_format.id, f.job.design_label), f.stored)
             for f in outputs]
    slices = {role: font_slices(role, campaign, fonts, store, workers) for role in plan.faces}
    for made in slices.values():
        files += [(SITE_DIR + made.folder + name, stored) for name, stored in sorted(made.files.items())]
    log.info("定制落款：%d 张底图（本次绘制 %d 张），%s", len(outputs), len(rendered),
             "、".join(f"{role} 字体 {made.count} 片" for role, made in slices.items()))
    return LuokuanPage(tuple(files), page_data(campaign, fonts, plan, slices), len(rendered))


def page_data(campaign: Campaign, fonts: PosterFonts, plan: PagePlan, slices: dict[str, FontSlices]) -> dict:
    """Return the data the page's script works from (JSON; paths relative to the page's folder ``SITE_DIR``).

    Slots are ``layout.slot_data`` with ``min``, the ``smallest_size`` the page sets a name
    at; the script works on their ``mm`` lengths as layout does and multiplies by
    ``dpi / 25.4`` as the raster backend does, so both get the same numbers.
    """
    return {
        "folder": SITE_DIR,
        "issuer": campaign.issuer,
        "background": BACKGROUND,
        "subjects": [{"id": s.id, "text": s.text, "theme": s.is_theme} for s in plan.subjects],
        "designs": [{"id": d.id, "label": label, "name": d.name} for d, label in plan.designs],
        "formats": [{"id": f.id, "name": format_label(f), "pixels": list(f.canvas_px()), "dpi": f.dpi,
                     "print": f.is_print} for f in plan.formats],
        "slots": {design.id: {f.id: {**slot_data(plan.slots[(design.id, f.id)], f.dpi),
                                     "min": smallest_size(plan.slots[(design.id, f.id)])} for f in plan.formats}
                  for design, _ in plan.designs},
        "faces": {role: {"folder": made.folder, "slices": made.count,
                         "advances": {c: a for c, a in sorted(fonts[role].advances.items()) if a != 1.0}}
                  for role, made in slices.items()},
    }

