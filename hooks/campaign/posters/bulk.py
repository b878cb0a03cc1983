"""Every office its own posters: the campaign's posters with each office's 落款, made outside the site.

``site_build.py posters --units units.yaml --out DIR`` makes, for every office (unit) of
the units file, every subject in the chosen designs and formats with the office's name
as the 落款, through the same store as the site (an office added to the list renders
only its own files; LED strips and couplets, which carry no 落款, are shared with the site).
The output folder holds::

    DIR/<unit>/<format>/<unit>-<subject>-<format>[-<design>][-<part>].<ext>
    DIR/<unit>.zip              the office's folder, entries <format>/<file>
    DIR/manifest.json           shaped like posters.json, entries add unit, design and issuer
    DIR/.campaign-posters       stamp: this folder is ours to update
    DIR/.campaign-posters.lock  one run at a time (empty between runs)

A run replaces the folder's content with its own result (files it did not make are
removed; ``manifest.json`` is removed first and written last, so a folder without it is
unfinished). ``--shard K/N`` makes the offices at positions K, K+N, K+2N… of the units
file: shards are deterministic and disjoint, and ``merge`` joins their folders into one
that is byte-identical to an unsharded run (each shard's manifest names every office and
the source it was made from, so a missing, repeated or foreign shard is refused).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from ..content.model import Campaign, Unit
from ..problems import ContentProblem
from ..site.output import STAMP as SITE_STAMP
from ..store import Store, digest, file_sha256, place, write_atomic
from .bundles import bundle, canonical_manifest, manifest_entry
from .design import Design
from .fonts import PosterFonts
from .formats import PosterFormat
from .layout import LAYOUT_VERSION, IssuerLine, issuer_slot
from .render import PosterFile, PosterJob, ProgressLine, SeriesCache, job_key, poster_text, render_jobs
from .subjects import poster_subjects

log = logging.getLogger("campaign.posters.bulk")

#: Left in every output folder: it may be updated by the next run (and by nothing else).
STAMP = ".campaign-posters"
STAMP_TEXT = "本目录由 site_build.py posters 生成，每次运行时整体更新为新的结果，请不要在这里存放其他文件。\n"
#: The lock file, inside the output folder (the command writes nowhere else but the build cache).
LOCK = ".campaign-posters.lock"
MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class BulkError(Exception):
    """A request the command refuses (a shard, a format or design id, a set of shard folders); Chinese message."""


@dataclass(frozen=True)
class Shard:
    """Which offices one run makes: those at positions ``index``, ``index + count``, … (1-based) of the units file."""

    index: int = 1
    count: int = 1

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Return the shard written ``K/N``; ``BulkError`` unless 1 ≤ K ≤ N ≤ 256 (GitHub Actions' matrix limit)."""
        match = _SHARD.match(text or "")
        if not match or not 1 <= int(match[1]) <= int(match[2]) <= 256:
            raise BulkError(f"--shard 应当写成 K/N（第 K 片，共 N 片，1 ≤ K ≤ N ≤ 256），例如 2/3，实际是 {text}")
        return cls(int(match[1]), int(match[2]))

    def pick(self, units: tuple[Unit, ...]) -> tuple[Unit, ...]:
        """Return this shard's offices, in the file's order (every office is in exactly one shard)."""
        return units[self.index - 1::self.count]


def select(available: tuple, wanted: list[str] | None, what: str) -> tuple:
    """Return the items of ``available`` (each with an ``id``) named in ``wanted``, in ``available``'s order.

    ``None`` or empty: all of them. ``BulkError`` names an unknown id and lists the known ones.
    """
    if not wanted:
        return available
    known = [item.id for item in available]
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise BulkError(f"没有这种{what}：{'、'.join(unknown)}；可用的{what}：{'、'.join(known)}")
    return tuple(item for item in available if item.id in wanted)


def split_ids(text: str | None) -> list[str] | None:
    """Return the ids of a comma-separated option (``print-a3,square``), or ``None`` if not given."""
    if text is None:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


# --- what each office's 落款 says ---------------------------------------------------------------


def issuer_texts(unit: Unit, campaign: Campaign, fonts: PosterFonts, designs: tuple[Design, ...],
                 formats: tuple[PosterFormat, ...], qr: bool) -> tuple[dict[tuple[str, str], str], list[tuple]]:
    """Return the 落款 of ``unit`` on each (design id, format id) of a poster format, and where neither name fits.

    The full name where it fits the slot at or above the format's legibility floor, else
    the short name. Each failure is (design, format, longest name that would fit, in characters).
    """
    texts, failures = {}, []
    for design in designs:
        for poster_format in formats:
            slot = issuer_slot(campaign, poster_format, fonts, design, qr and poster_format.qr)
            if slot is None:
                continue
            face = fonts[slot.face]
            chosen = next((text for text in (unit.name, unit.short_name) if text and slot.size_for(text, face)), None)
            if chosen is None:
                room = int(slot.width / (slot.min_size * face.width("国", 1.0)) + 1e-9)
                failures.append((design, poster_format, room))
            else:
                texts[(design.id, poster_format.id)] = chosen
    return texts, failures


def unit_problems(units: tuple[Unit, ...], shown: str, campaign: Campaign, fonts: PosterFonts,
                  designs: tuple[Design, ...], formats: tuple[PosterFormat, ...], qr: bool) -> list[ContentProblem]:
    """Return why an office's posters cannot be made: a character the 落款 faces lack, a name too long.

    Located at the name (or short name) in the units file (``shown``), Chinese, one per
    office and reason; a too-long name lists the formats and the most characters they take.
    """
    faces = sorted({design.lines["issuer"].face for design in designs} | {design.banner.face for design in designs})
    problems = []
    for number, unit in enumerate(units, start=1):
        where = f"第 {number} 个单位（{unit.id}）"
        missing = "".join(dict.fromkeys(c for text in (unit.name, unit.short_name or "") for c in text
                                        if not c.isspace() and any(not fonts[f].covers(c) for f in faces)))
        if missing:
            listed = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in missing)
            problems.append(ContentProblem(shown, unit.line, unit.column,
                                           f"{where}的落款含有海报字体无法显示的字符 {listed}：请改用 GB 2312 范围内的常用字"))
            continue
        _, failures = issuer_texts(unit, campaign, fonts, designs, formats, qr)
        if failures:
            rooms: dict[str, int] = {}
            for _, poster_format, room in failures:
                rooms[poster_format.id] = min(room, rooms.get(poster_format.id, room))
            listed = "、".join(f"{fid}（最多约 {room} 个字）" for fid, room in rooms.items())
            longest = unit.short_name or unit.name
            line, column = (unit.short_line, unit.short_column) if unit.short_name else (unit.line, unit.column)
            hint = "请把 short_name（简称）改短" if unit.short_name else "请加一个 short_name（简称），小尺寸的海报用它"
            problems.append(ContentProblem(shown, line, column,
                                           f"{where}的落款“{longest}”（{len(longest)} 个字）在这些格式上放不下：{listed}；{hint}"))
    return problems


# --- planning and making ------------------------------------------------------------------------


@dataclass(frozen=True)
class BulkPlan:
    """One run: every office of the file, this shard's offices and their jobs, designs, formats, the source key."""

    units: tuple[Unit, ...]
    mine: tuple[Unit, ...]
    designs: tuple[Design, ...]
    formats: tuple[PosterFormat, ...]
    shard: Shard
    jobs: list[PosterJob]
    source: str


def plan_bulk(units: tuple[Unit, ...], campaign: Campaign, fonts: PosterFonts, designs: tuple[Design, ...],
              default_design: str, formats: tuple[PosterFormat, ...], qr_urls: dict[str, str],
              shard: Shard = Shard(), store: Store | None = None) -> BulkPlan:
    """Return the jobs of this shard's offices: every subject in every design and format, offices in file order.

    ``default_design`` is the site's default design's id (its files carry no design id).
    Call ``unit_problems`` first: an office whose name fits nowhere raises ``KeyError`` here.
    """
    subjects = poster_subjects(campaign)
    series = SeriesCache(subjects, campaign, fonts, store)
    poster_data = poster_text(campaign)
    font_digest = fonts.digest()
    mine = shard.pick(units)
    jobs = []
    for unit in mine:
        texts, _ = issuer_texts(unit, campaign, fonts, designs, formats, bool(qr_urls))
        for design in designs:
            label = "" if design.id == default_design else design.id
            for subject in subjects:
                for poster_format in formats:
                    qr = bool(qr_urls) and poster_format.qr
                    url = qr_urls.get(subject.id) if poster_format.qr else None
                    setting = series.settings(design, poster_format, qr, True)[subject.id]
                    issuer = None
                    if poster_format.kind == "poster":
                        issuer = IssuerLine(texts[(design.id, poster_format.id)])
                    elif poster_format.kind == "banner":  # a banner grows with its text: the full name always fits
                        issuer = IssuerLine(unit.name)
                    key = job_key(subject, setting, poster_data, poster_format, design, font_digest, url, issuer,
                                  previews=False)
                    jobs.append(PosterJob(subject, poster_format, setting, url, key, design, label, issuer, unit.id))
    source = digest({
        "bulk": MANIFEST_VERSION,
        "layout": LAYOUT_VERSION,
        "campaign": poster_data,
        "subjects": [dataclasses.asdict(s) for s in subjects],
        "designs": [design.visual("poster") | {"id": design.id, "default": design.id == default_design}
                    for design in designs],
        "formats": [dataclasses.asdict(f) for f in formats],
        "fonts": font_digest,
        "qr": qr_urls,
        "units": [_unit_data(u) for u in units],
    })
    return BulkPlan(units, mine, designs, formats, shard, jobs, source)


def _unit_data(unit: Unit) -> dict:
    data = {"id": unit.id, "name": unit.name}
    if unit.short_name:
        data["short_name"] = unit.short_name
    return data


@dataclass(frozen=True)
class BulkResult:
    """What a run made: files written (ZIPs included), jobs rendered now, seconds."""

    files: int
    rendered: int
    seconds: float


def unit_path(f: PosterFile) -> str:
    """Return where a file of an office's posters goes in the output folder: ``<unit>/<format>/<file>``."""
    return f"{f.job.unit}/{f.job.poster_format.id}/{f.job.file_name(f.name)}"


def make_bulk(plan: BulkPlan, campaign: Campaign, fonts: PosterFonts, store: Store, out: Path,
              workers: int | None = None) -> BulkResult:
    """Render what the store lacks and write the plan's offices into ``out`` (checked by the caller, see module).

    Raises ``OSError`` for a fault of the machine (the caller says it in Chinese).
    """
    start = time.perf_counter()
    outputs, rendered = render_jobs(plan.jobs, store, campaign, fonts, workers=workers, progress=ProgressLine(log))
    log.info("单位海报：%d 个单位、%d 个组合，本次渲染 %d 个，其余来自缓存", len(plan.mine), len(plan.jobs), len(rendered))
    by_unit: dict[str, list[PosterFile]] = {}
    for f in outputs:
        by_unit.setdefault(f.job.unit, []).append(f)
    with _Output(out) as folder:
        entries, bundles = [], []
        for unit in plan.mine:
            files = by_unit.get(unit.id, [])
            for f in files:
                path = unit_path(f)
                folder.put(path, f.stored.path)
                entry = manifest_entry(f, path)
                entry["unit"] = unit.id
                if f.job.issuer is not None:
                    entry["issuer"] = f.job.issuer.text
                entries.append(entry)
            archive = bundle([(unit_path(f).split("/", 1)[1], f) for f in files], store)
            folder.put(f"{unit.id}.zip", archive.path)
            bundles.append({"path": f"{unit.id}.zip", "unit": unit.id, "bytes": archive.bytes, "sha256": archive.sha256})
        folder.finish(_manifest(plan, entries, bundles))
    return BulkResult(len(entries) + len(bundles), len(rendered), time.perf_counter() - start)


def _manifest(plan: BulkPlan, files: list[dict], bundles: list[dict]) -> dict:
    data = {
        "version": MANIFEST_VERSION,
        "source": plan.source,
        "units": [_unit_data(u) for u in plan.units],
        "designs": [d.id for d in plan.designs],
        "formats": [f.id for f in plan.formats],
        "files": files,
        "bundles": bundles,
    }
    if plan.shard.count > 1:
        data["shard"] = {"index": plan.shard.index, "count": plan.shard.count}
    return data


class _Output:
    """An output folder being updated: locked, stamped, files placed, anything else removed, manifest last."""

    def __init__(self, out: Path):
        from ..site.output import BuildLock

        self.out = out
        self.placed: set[str] = set()
        self.lock = BuildLock(out, out / LOCK)

    def __enter__(self) -> _Output:
        self.out.mkdir(parents=True, exist_ok=True)
        self.lock.acquire(lambda pid: log.info("另一个任务（进程 %s）正在写入 %s，等它完成……", pid, self.out))
        write_atomic(self.out / STAMP, STAMP_TEXT.encode("utf-8"))
        (self.out / MANIFEST).unlink(missing_ok=True)  # no manifest: the folder is unfinished
        return self

    def put(self, path: str, source: Path) -> None:
        """Place the stored file ``source`` at ``path`` (a hard link; nothing is done if it is already there)."""
        dest = self.out / path
        self.placed.add(path)
        try:
            if os.path.samefile(source, dest):
                return
        except OSError:
            pass
        try:
            place(source, dest)
        except OSError as err:  # a link or copy names its source (in the store): the file not written is ``dest``
            raise OSError(err.errno, err.strerror, str(dest)) from err

    def finish(self, manifest: dict) -> None:
        """Remove what this run did not place, then write the manifest."""
        keep = self.placed | {STAMP, LOCK, MANIFEST}
        for folder, _subfolders, names in os.walk(self.out, topdown=False):
            for name in names:
                path = Path(folder) / name
                if path.relative_to(self.out).as_posix() not in keep:
                    path.unlink()
            if Path(folder) != self.out and not any(Path(folder).iterdir()):
                Path(folder).rmdir()
        write_atomic(self.out / MANIFEST, canonical_manifest(manifest))

    def __exit__(self, *exc) -> None:
        self.lock.release()


# --- joining shards ---------------------------------------------------------------------------


def read_shard(folder: Path) -> dict:
    """Return the manifest of a shard's output folder; ``BulkError`` if it is not one."""
    shown = str(folder)
    if not (folder / STAMP).is_file() or (folder / SITE_STAMP).is_file():
        raise BulkError(f"{shown} 不是 site_build.py posters 生成的目录（缺少 {STAMP}）")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BulkError(f"{shown} 中没有 {MANIFEST}：这一片没有做完（或被中断），请重新运行这一片") from None
    except (OSError, ValueError) as err:
        raise BulkError(f"{shown}/{MANIFEST} 无法读取（{err}）：请重新运行这一片") from None
    if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION:
        raise BulkError(f"{shown}/{MANIFEST} 不是本版本生成的清单：请用同一版本重新运行各片")
    return manifest


def merge_shards(folders: list[Path], out: Path) -> BulkResult:
    """Join the output folders of shards 1…N of one run into ``out``, byte-identical to an unsharded run.

    Every file is checked against its shard's manifest (SHA-256) before it is placed.
    ``BulkError`` (Chinese) for a folder that is not a shard, shards of different runs,
    a missing or repeated shard, a damaged file.
    """
    start = time.perf_counter()
    shards = [(folder, read_shard(folder)) for folder in folders]
    first_folder, first = shards[0]
    for folder, manifest in shards:
        if "shard" not in manifest:
            raise BulkError(f"{folder} 是一次完整的运行，不是分片：不需要合并，直接使用它即可")
        for field in ("source", "units", "designs", "formats"):
            if manifest.get(field) != first.get(field):
                raise BulkError(f"{folder} 和 {first_folder} 不是同一次运行的分片（{field} 不同）：请用同样的"
                                "单位列表、设计、格式和同一版本的代码重新运行各片")
    count = first["shard"]["count"]
    seen: dict[int, Path] = {}
    for folder, manifest in shards:
        index = manifest["shard"]["index"]
        if manifest["shard"]["count"] != count:
            raise BulkError(f"{folder} 是共 {manifest['shard']['count']} 片中的一片，{first_folder} 是共 {count} 片中的一片")
        if index in seen:
            raise BulkError(f"第 {index}/{count} 片出现了两次：{seen[index]} 和 {folder}")
        seen[index] = folder
    missing = [str(k) for k in range(1, count + 1) if k not in seen]
    if missing:
        raise BulkError(f"缺少第 {'、'.join(missing)} 片（共 {count} 片）：请把每一片的目录都交给 --merge")
    order = {unit["id"]: number for number, unit in enumerate(first["units"])}
    files = sorted((e for _, m in shards for e in m["files"]), key=lambda e: order[e["unit"]])
    bundles = sorted((b for _, m in shards for b in m["bundles"]), key=lambda b: order[b["unit"]])
    folder_of = {e["unit"]: folder for folder, m in shards for e in m["files"] + m["bundles"]}
    with _Output(out) as output:
        for entry in files + bundles:
            source = folder_of[entry["unit"]] / entry["path"]
            if not source.is_file() or file_sha256(source) != entry["sha256"]:
                raise BulkError(f"{source} 缺失或已损坏（与 {MANIFEST} 中的 SHA-256 不符）：请重新运行这一片")
            output.put(entry["path"], source)
        merged = {key: value for key, value in first.items() if key != "shard"}
        output.finish(merged | {"files": files, "bundles": bundles})
    return BulkResult(len(files) + len(bundles), 0, time.perf_counter() - start)
