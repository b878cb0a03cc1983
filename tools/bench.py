"""Poster benchmarks: what the posters cost a site build (cold, warm, after one edit), and the offices' posters.

Every build runs in a fresh interpreter on a temporary copy of the project with its own
store, as ``mkdocs build`` would. The figures are measured in one run and printed as a
table with their targets. Run it with ``python site_build.py bench``; ``bench --bulk``
measures ``site_build.py posters`` for a list of made-up offices: files per second, time
per poster against the site build's, peak memory per worker, and 1, 2 and 4 shards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
from campaign.content.slogans_file import load_campaign  # noqa: E402

#: Run inside the child interpreter: build once, print seconds, jobs rendered and peak memory.
_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1] + "/mkdocs.yml", site_dir=sys.argv[1] + "/site", strict=True)
config.plugins.on_startup(command="build", dirty=False)
start = time.perf_counter()
build(config)
seconds = time.perf_counter() - start
posters = config.hooks["hooks/mkdocs_hooks.py"].current_build().posters
rendered = len(posters.rendered) if posters is not None else 0
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "rendered": rendered, "rss_mb": self_kb / 1024, "worker_rss_mb": children_kb / 1024}))
"""

#: Run inside the child interpreter: only the poster step (checks, render, bundles), no site.
_CHILD_POSTERS = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from campaign.content.slogans_file import load_campaign
from campaign.posters.checks import poster_problems
from campaign.posters.design_file import load_designs
from campaign.posters.fonts import load_fonts, theme_fonts
from campaign.posters.publish import publish_posters
from campaign.store import Store
project, store = Path(sys.argv[1]), Store(sys.argv[3])
start = time.perf_counter()
campaign = load_campaign(project / "slogans.yaml")
designs = load_designs(project / "theme", campaign.colors)
fonts = load_fonts(theme_fonts(project / "theme"), store)
assert poster_problems(campaign, fonts, "slogans.yaml", designs) == []
published = publish_posters(campaign, fonts, store, {}, designs)
seconds = time.perf_counter() - start
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "rendered": len(published.rendered), "rss_mb": self_kb / 1024,
                  "worker_rss_mb": children_kb / 1024}))
"""

_FIRST = ["坚持", "推进", "强化", "提升", "聚焦", "筑牢", "打造", "践行", "弘扬", "守护"]
_SECOND = [
    "质量为先",
    "标准引领",
    "品牌建设",
    "诚信经营",
    "工匠精神",
    "质量安全",
    "优质服务",
    "创新驱动",
    "绿色发展",
    "精益求精",
]
_THIRD = ["共建", "共享", "携手", "同心", "齐心", "合力", "奋力", "勇于", "致力", "立足"]
_FOURTH = [
    "品质生活",
    "美好未来",
    "质量强国",
    "高质量发展",
    "城乡建设",
    "产业升级",
    "中国制造",
    "放心消费",
    "幸福家园",
    "质量文化",
]


@dataclass
class BuildRun:
    """One measured build."""

    seconds: float
    rendered: int
    rss_mb: float
    worker_rss_mb: float


def copy_project(root: Path, dest: Path) -> Path:
    """Copy what a build reads into ``dest`` (no caches, no built site)."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "slogans.yaml"):
        shutil.copy2(root / name, dest / name)
    for name in ("content", "hooks", "theme"):
        shutil.copytree(root / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def run_build(project: Path, cache: Path, posters: bool = True, only_posters: bool = False) -> BuildRun:
    """Build ``project`` in a fresh interpreter (the whole site, or only the poster step) and measure it."""
    env = dict(
        os.environ,
        CAMPAIGN_CACHE=str(cache),
        CAMPAIGN_POSTERS="on" if posters else "off",
        NO_MKDOCS_2_WARNING="1",
    )
    script = _CHILD_POSTERS if only_posters else _CHILD
    done = subprocess.run(
        [sys.executable, "-c", script, str(project), str(project / "hooks"), str(cache)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"build failed:\n{done.stderr[-3000:]}")
    return BuildRun(**json.loads(done.stdout.strip().splitlines()[-1]))


def generated_slogans(count: int) -> str:
    """Return a ``slogans:`` YAML block of ``count`` distinct made-up slogans (ids ``bench-0001``…)."""
    lines = ["slogans:"]
    n = 0
    for a in _FIRST:
        for b in _SECOND:
            for c in _THIRD:
                for d in _FOURTH:
                    if n == count:
                        return "\n".join(lines) + "\n"
                    n += 1
                    first, second = a + b, c + d
                    lines += [
                        f"  - id: bench-{n:04d}",
                        f"    text: {first} {second}",
                        f"    halves: [{first}, {second}]",
                    ]
    raise ValueError(f"at most {n} generated slogans")


def encode_floor(cache: Path) -> tuple[float, int]:
    """Return seconds to only encode every stored raster poster again (same settings), and how many.

    Images are decoded first (not timed), then PNG (and the WebP previews) are encoded
    exactly as the build does, on one core. This is the least any renderer must spend;
    print PDFs are vector and encode no pixels.
    """
    from campaign.posters.encoders import encode_png, encode_webp
    from campaign.posters.render import PREVIEW_WIDTHS, PREVIEWS
    from PIL import Image

    total, count = 0.0, 0
    for record in sorted((cache / "records").rglob("*.json")):
        body = json.loads(record.read_text(encoding="utf-8"))["body"]
        files, key = body["files"], body["key"]
        if "png" not in files or "pixels" not in body["facts"]:
            continue
        with Image.open(cache / "objects" / key[:2] / f"{key}.png") as image:
            image.load()
            dpi = image.info.get("dpi", (None,))[0]
            start = time.perf_counter()
            encode_png(image, dpi)
            if PREVIEWS[0] in files:
                for width in PREVIEW_WIDTHS:
                    encode_webp(image, width)
            total += time.perf_counter() - start
            count += 1
    return total, count


def run_bench(root: Path, count: int = 1000, repeat: int = 3, out=print) -> dict[str, object]:
    """Run the benchmark on a copy of the project at ``root``; print and return the figures."""
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="poster-bench-") as tmp:
        base = Path(tmp)
        project = copy_project(root, base / "project")
        cache = base / "cache"
        out(f"Poster benchmark on {cores} cores (every build in a fresh interpreter); load average {_load()}")
        off = [run_build(project, cache, posters=False) for _ in range(repeat)]
        cold = run_build(project, cache)
        site_mb = sum(f.stat().st_size for f in (project / "site").rglob("*") if f.is_file()) / 1024 / 1024
        floor, encoded = encode_floor(cache)  # before the edit: exactly the cold build's images
        warm = [run_build(project, cache) for _ in range(repeat)]
        data = project / "slogans.yaml"
        text = data.read_text(encoding="utf-8")
        last = load_campaign(data).slogans[-1]  # edit the last slogan: its second half gains a character
        first, second = last.halves
        edited = text.replace(f"text: {last.text}", f"text: {first} {second}！").replace(
            f"[{first}, {second}]", f"[{first}, {second}！]"
        )
        if edited == text:
            raise RuntimeError("bench: could not find the slogan to edit in slogans.yaml")
        data.write_text(edited, encoding="utf-8")
        one = run_build(project, cache)
        subjects = text.count("\n  - id: ") + 1  # slogans plus the theme

        few = run_build(copy_project(root, base / "few"), base / "few-cache", only_posters=True)
        many_project = copy_project(root, base / "many")
        head = (many_project / "slogans.yaml").read_text(encoding="utf-8").split("\nslogans:")[0]
        (many_project / "slogans.yaml").write_text(head + "\n" + generated_slogans(count), encoding="utf-8")
        many = run_build(many_project, base / "many-cache", only_posters=True)

    a = statistics.median(r.seconds for r in off)
    c = statistics.median(r.seconds for r in warm)
    per_18 = few.seconds / subjects
    per_many = many.seconds / (count + 1)
    peak = max(many.rss_mb, many.worker_rss_mb)
    rows = [
        ("(a) build, posters off", f"{a:.2f} s", f"median of {repeat}; site {site_mb:.0f} MB with posters", ""),
        (
            "(b) cold build, all posters",
            f"{cold.seconds:.2f} s",
            f"{cold.rendered} jobs rendered",
            _target(
                cold.seconds <= 2 * (a + floor / cores), f"≤ 2 × ((a) + (e)/{cores}) = {2 * (a + floor / cores):.2f} s"
            ),
        ),
        (
            "(c) warm rebuild, no change",
            f"{c:.2f} s",
            f"{max(r.rendered for r in warm)} jobs rendered",
            _target(c <= 1.2 * a, f"≤ 1.2 × (a) = {1.2 * a:.2f} s"),
        ),
        (
            "(d) rebuild after editing one slogan",
            f"{one.seconds:.2f} s",
            f"{one.rendered} jobs rendered",
            _target(one.rendered == cold.rendered // subjects,
                    f"only that slogan's {cold.rendered // subjects} jobs (every design; strips and couplets shared)"),
        ),
        ("(e) encode floor (same images, same settings)", f"{floor:.2f} s", f"{encoded} images, 1 core", ""),
        (
            f"(f) {count} generated slogans, cold",
            f"{many.seconds:.1f} s",
            f"{per_many * 1000:.0f} ms/subject vs {per_18 * 1000:.0f} ms; peak RSS {many.rss_mb:.0f} MB main, {many.worker_rss_mb:.0f} MB worker",
            _target(per_many <= 1.2 * per_18 and peak < 500, "≤ 1.2 × per subject, peak RSS < 500 MB"),
        ),
    ]
    width = max(len(r[0]) for r in rows)
    out(f"load average at the end {_load()} (other work on the machine inflates every figure)")
    out(f"{'measure'.ljust(width)}  {'time':>9}  detail")
    for name, value, detail, target in rows:
        out(f"{name.ljust(width)}  {value:>9}  {detail}{'  — ' + target if target else ''}")
    out(
        "(f) times only the poster step (checks, rendering, bundles, contact sheet, posters.json), cold, in a fresh "
        f"interpreter, for {count} generated slogans and for the {subjects - 1} real ones; "
        "per subject = time / (slogans + theme)."
    )
    return {
        "site_mb": site_mb,
        "a": a,
        "b": cold.seconds,
        "c": c,
        "d": one.seconds,
        "d_rendered": one.rendered,
        "e": floor,
        "f": many.seconds,
        "f_18": few.seconds,
        "f_rss_mb": peak,
        "per_18": per_18,
        "per_many": per_many,
    }


def _load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def _target(met: bool, text: str) -> str:
    return f"{'met' if met else 'MISSED'}: {text}"


# --- the offices' posters (site_build.py posters) ---------------------------------------------------

#: Run inside the child interpreter: one ``site_build.py posters`` command; print seconds and peak memory.
_CHILD_BULK = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import site_build
start = time.perf_counter()
status = site_build.main(["--config", sys.argv[1] + "/mkdocs.yml", "posters", *sys.argv[2:]])
seconds = time.perf_counter() - start
me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime
print(json.dumps({"status": status, "seconds": seconds, "cpu": cpu, "rss_mb": me.ru_maxrss / 1024,
                  "worker_rss_mb": workers.ru_maxrss / 1024}))
"""


@dataclass
class BulkRun:
    """One measured ``site_build.py posters`` command."""

    status: int
    seconds: float
    cpu: float  # processor seconds of the command and its workers: what a machine of its own would spend
    rss_mb: float
    worker_rss_mb: float
    rendered: int = 0


def made_up_units(count: int) -> str:
    """Return a units file of ``count`` made-up offices (names of usual lengths, a short name on the long ones)."""
    lines = ["units:"]
    for n in range(1, count + 1):
        lines += [f"  - id: bench-unit-{n:03d}", f"    name: 示例{n:03d}市质量强市工作领导小组办公室",
                  f"    short_name: 示例{n:03d}市质强办"]
    return "\n".join(lines) + "\n"


def run_posters(project: Path, cache: Path, *options: str) -> BulkRun:
    """Run ``site_build.py posters`` on ``project`` in a fresh interpreter with the store ``cache``; measure it."""
    env = dict(os.environ, CAMPAIGN_CACHE=str(cache), NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-c", _CHILD_BULK, str(project), *options], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"posters failed:\n{done.stderr[-3000:]}")
    said = re.search(r"本次渲染 (\d+) 个", done.stdout)
    run = BulkRun(**json.loads(done.stdout.strip().splitlines()[-1]), rendered=int(said[1]) if said else 0)
    if run.status != 0:
        raise RuntimeError(f"posters refused:\n{done.stderr[-3000:]}")
    return run


def run_bulk_bench(root: Path, units: int = 4, shards: tuple[int, ...] = (1, 2, 4), formats: str | None = None,
                   designs: str | None = None, site_per_poster: float | None = None, out=print) -> dict[str, object]:
    """Measure the offices' posters on a copy of the project: ``units`` made-up offices, every shard count.

    Each shard runs alone with a store of its own, as on its own CI machine, so the
    speed-up of N shards is the one-shard time over (slowest shard + merge) — in wall-clock
    seconds, and in processor seconds, which other work on a shared machine does not
    inflate. Files per second count every file written (posters and ZIPs); time per poster
    is per job rendered. ``site_per_poster``, if given, is the site build's cold time per job.
    """
    cores = os.cpu_count() or 1
    options = [*(["--formats", formats] if formats else []), *(["--designs", designs] if designs else [])]
    with tempfile.TemporaryDirectory(prefix="bulk-bench-") as tmp:
        base = Path(tmp)
        project = copy_project(root, base / "project")
        shutil.copytree(root / "tools", project / "tools", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy2(root / "site_build.py", project / "site_build.py")
        listing = base / "units.yaml"
        listing.write_text(made_up_units(units), encoding="utf-8")
        out(f"Offices' posters: {units} made-up offices, {cores} cores per shard; load average {_load()}")
        if site_per_poster is None:  # the site's posters alone, cold, for the time per poster
            site = run_build(project, base / "site-cache", only_posters=True)
            site_per_poster = site.seconds / max(1, site.rendered)
        times: dict[int, float] = {}
        cpus: dict[int, float] = {}
        peak_worker = peak_main = 0.0
        files = rendered = 0
        for count in shards:
            runs = []
            for index in range(1, count + 1):
                shard = ["--shard", f"{index}/{count}"] if count > 1 else []
                run = run_posters(project, base / f"cache-{count}-{index}", "--units", str(listing), "--out",
                                  str(base / f"out-{count}-{index}"), *options, *shard)
                runs.append(run)
                peak_worker, peak_main = max(peak_worker, run.worker_rss_mb), max(peak_main, run.rss_mb)
            merge = merge_cpu = 0.0
            if count > 1:
                merged = run_posters(project, base / "cache-merge", "--merge",
                                     *(str(base / f"out-{count}-{k}") for k in range(1, count + 1)),
                                     "--out", str(base / f"merged-{count}"))
                merge, merge_cpu = merged.seconds, merged.cpu
            times[count] = max(r.seconds for r in runs) + merge
            cpus[count] = max(r.cpu for r in runs) + merge_cpu
            out(f"  {count} shard(s): slowest shard {max(r.seconds for r in runs):.1f} s "
                f"({max(r.cpu for r in runs):.1f} s processor), merge {merge:.1f} s ({merge_cpu:.1f} s processor)")
            if count == 1:
                manifest = json.loads((base / "out-1-1" / "manifest.json").read_text(encoding="utf-8"))
                files = len(manifest["files"]) + len(manifest["bundles"])
                rendered = runs[0].rendered
        size_mb = sum(f.stat().st_size for f in (base / "out-1-1").rglob("*") if f.is_file()) / 1024 / 1024
    one, one_cpu = times[shards[0]], cpus[shards[0]]
    per_poster = one / max(1, rendered)
    rows = [
        ("files written (posters and ZIPs)", f"{files}", f"{size_mb:.0f} MB for {units} offices"),
        ("files per second, 1 shard", f"{files / one:.1f}", f"{one:.1f} s in all"),
        ("time per poster (job rendered)", f"{per_poster * 1000:.0f} ms",
         f"{rendered} rendered; site build: {site_per_poster * 1000:.0f} ms per job"),
        ("peak memory", f"{peak_worker:.0f} MB", f"per worker ({peak_main:.0f} MB main) — "
                                                 + _target(peak_worker < 500, "< 500 MB")),
    ]
    rows += [(f"speed-up, {n} shards", f"{one / times[n]:.2f}×",
              f"{times[n]:.1f} s (slowest shard + merge); in processor seconds {one_cpu / cpus[n]:.2f}× "
              f"({cpus[n]:.1f} s)") for n in shards]
    width = max(len(r[0]) for r in rows)
    for name, value, detail in rows:
        out(f"{name.ljust(width)}  {value:>9}  {detail}")
    out(f"load average at the end {_load()}")
    return {"files": files, "seconds": {n: times[n] for n in shards}, "cpu": {n: cpus[n] for n in shards},
            "per_poster": per_poster,
            "site_per_poster": site_per_poster, "worker_rss_mb": peak_worker, "rss_mb": peak_main, "mb": size_mb}
