#!/usr/bin/env python3
"""质量月站点生成器：生成活动网站和海报的命令行入口。

    python site_build.py build [--site-dir DIR]   生成网站（默认到 site/）
    python site_build.py build --production       正式发布前生成：检查页脚的网站标识等信息已填写
    python site_build.py serve                    本地预览，修改后自动刷新
    python site_build.py check                    只检查内容，不生成网站
    python site_build.py posters --units units.yaml --out DIR   为每个单位生成带本单位落款的海报
    python site_build.py fonts --source FILE …    重新生成 theme/fonts/ 中的海报字体
    python site_build.py bench                    海报性能基准

出错时只显示中文说明；加 --traceback（放在命令之前）可以看到 Python 的详细出错位置。

The MkDocs adapter is ``hooks/mkdocs_hooks.py``; this file drives MkDocs through its
Python API (``load_config`` + ``build``), so it is as testable as any other module.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ADAPTER = ROOT / "hooks" / "mkdocs_hooks.py"
sys.path.insert(0, str(ROOT / "hooks"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # we pin mkdocs<2 on purpose

log = logging.getLogger("site_build")


class ConfigRefused(Exception):
    """The site configuration cannot be used; the message (Chinese) says why."""


def load_site_config(config_file: Path, **options):
    """Return the MkDocs configuration of ``config_file``; ``ConfigRefused`` if it is unreadable or lacks our hooks.

    Without the project's hooks MkDocs would build no slogan pages, no posters and, worst,
    clean the output folder itself; so nothing runs without them.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise ConfigRefused(f"找不到网站配置文件 {display(config_file)}：请在项目目录中运行，或用 --config 指定 mkdocs.yml")
    data_file = config_file.parent / "slogans.yaml"
    if not data_file.is_file():
        raise ConfigRefused(f"找不到活动数据文件 {display(data_file)}：它应当在 mkdocs.yml 旁边；"
                            "被误删时可以用 git checkout -- slogans.yaml 恢复")
    held = _HeldLog()
    mkdocs_log = logging.getLogger("mkdocs")
    handlers = mkdocs_log.handlers[:]
    mkdocs_log.handlers[:] = [held]  # MkDocs logs a refused configuration in English; we say it in Chinese
    try:
        config = load_config(config_file=str(config_file), **options)
    except MkDocsException as err:
        raise ConfigRefused(explain_config_error(config_file, " ".join(held.errors) or str(err))) from None
    finally:
        mkdocs_log.handlers[:] = handlers
    held.replay(mkdocs_log)
    if adapter_of(config) is None:
        raise ConfigRefused(f"{display(config_file)}: 缺少本项目的钩子：请在 hooks: 下列出 hooks/mkdocs_hooks.py"
                            "（相对于这个文件的路径），否则网站无法正确生成")
    return config


class _HeldLog(logging.Handler):
    """Keeps MkDocs' log records while the configuration loads: errors become our message, the rest is replayed."""

    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def errors(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.ERROR]

    def replay(self, logger: logging.Logger) -> None:
        for record in self.records:
            logger.handle(record)


def explain_config_error(config_file: Path, text: str) -> str:
    """Return a Chinese sentence for a configuration MkDocs refused (its own words follow, for developers)."""
    if "'hooks'" in text:
        return (f"{display(config_file)}: hooks: 中列出的钩子文件不存在：请从代码仓库恢复 hooks/ 目录"
                f"（git checkout -- hooks），或改正 mkdocs.yml 中的路径。（MkDocs：{text.strip()}）")
    if "'watch'" in text:
        return (f"{display(config_file)}: watch: 中列出的文件或目录不存在：请恢复它，或从 mkdocs.yml 的 watch 中删去。"
                f"（MkDocs：{text.strip()}）")
    return f"{display(config_file)}: 网站配置有误，请改正 mkdocs.yml。（MkDocs：{text.strip()}）"


def adapter_of(config):
    """Return the project's MkDocs adapter module as ``config`` loaded it, or ``None`` if it is not listed."""
    for module in config.hooks.values():
        if getattr(module, "__file__", None) and Path(module.__file__).resolve() == ADAPTER:
            return module
    return None


def check_command(args: argparse.Namespace) -> int:
    """检查 slogans.yaml 和 content/ 中的内容，列出全部问题；有问题时退出码为 1。"""
    from campaign.build import Build
    from campaign.settings import Settings

    try:
        config = load_site_config(Path(args.config).resolve())
    except ConfigRefused as err:
        print(err, file=sys.stderr)
        return 1
    project = adapter_of(config).project_of(config)
    build = Build(project, Settings.from_environment(os.environ, project.root))
    result = build.check()
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.ok:
        print(f"内容检查通过：{len(build.campaign.slogans)} 条口号。")
        return 0
    print(f"内容检查未通过：共 {len(result.problems)} 处问题。", file=sys.stderr)
    return 1


def build_command(args: argparse.Namespace) -> int:
    """生成网站。先在旁边的临时目录里完整生成，成功后才替换原来的网站目录；失败时原网站不变。"""
    from campaign.site.output import OutputRefused, refuse_unsafe_output
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    site_dir = Path(args.site_dir).absolute()
    config_file = Path(args.config).resolve()
    try:
        refuse_unsafe_output(site_dir, config_file.parent)  # before MkDocs sees the folder at all
        config = load_site_config(config_file, site_dir=str(site_dir), strict=args.strict)
        refuse_unsafe_output(site_dir, config_file.parent, [Path(config.docs_dir), Path(config.theme.custom_dir)])
        if args.production:
            refuse_unready_production(config)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (ConfigRefused, OutputRefused) as err:
        print(f"网站没有生成：{err}", file=sys.stderr)
        return 1
    except OSError as err:  # a full disk when MkDocs copies a file names the file it copies: name the output
        from campaign.faults import blame_writing
        from campaign.settings import Settings

        cache = Settings.from_environment(os.environ, config_file.parent).cache_dir
        raise blame_writing(err, [site_dir, site_dir.parent / f".{site_dir.name}-new-", cache]) from err
    except MkDocsException as err:  # MkDocs has logged the reason (our check's report, in Chinese)
        strict = " 严格模式（--strict）把上面的警告当作错误。" if "strict mode" in str(err) else ""
        print(f"网站没有生成，原来的 {display(site_dir)} 保持不变。{strict}", file=sys.stderr)
        return 1
    print(f"网站已生成：{display(site_dir)}")
    return 0


def refuse_unready_production(config) -> None:
    """Raise ``ConfigRefused`` listing the footer fields and settings a public government site must have."""
    from campaign.site.identity import production_problems, read_identity

    try:
        problems = production_problems(read_identity(config.extra), config.site_url, Path(config.docs_dir))
    except ValueError as err:
        problems = [str(err)]
    if problems:
        listing = "\n".join(f"  - {p}" for p in problems)
        raise ConfigRefused(f"正式发布（--production）需要以下信息，请向网站主管部门索取后填写：\n{listing}")


def posters_command(args: argparse.Namespace) -> int:
    """为单位列表（units.yaml）中的每个单位生成带本单位落款的全套海报，放在网站之外的目录里。

    python site_build.py posters --units units.yaml --out DIR [--formats print-a3,square] [--designs baidi] [--shard K/N]
    python site_build.py posters --merge 片1目录 片2目录 … --out DIR

    DIR/<单位编号>/<格式>/ 中是海报文件，DIR/<单位编号>.zip 是这个单位的全部文件，DIR/manifest.json 是清单
    （与网站的 posters.json 同样的写法，每项多出 unit、design 和 issuer）。--shard K/N 只做第 K 片的单位
    （单位按在文件中的位置轮流分到 N 片），各片的目录用 --merge 合并，结果与不分片时逐字节相同。
    DIR 只能是空目录、不存在的目录或以前用本命令生成的目录；命令只写 DIR 和构建缓存。
    """
    from campaign.content.units_file import load_units
    from campaign.posters.bulk import (
        STAMP,
        BulkError,
        Shard,
        make_bulk,
        merge_shards,
        plan_bulk,
        select,
        split_ids,
        unit_problems,
    )
    from campaign.posters.formats import campaign_formats
    from campaign.problems import ContentError, display_path
    from campaign.site.output import STAMP as SITE_STAMP
    from campaign.site.output import OutputRefused, refuse_unsafe_output

    core = logging.getLogger("campaign")
    if not any(isinstance(h, _ErrorStream) for h in core.handlers):
        handler = _ErrorStream()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        core.addHandler(handler)
    core.setLevel(logging.INFO)
    out = Path(args.out).absolute()
    config_file = Path(args.config).resolve()
    inputs = [Path(p).absolute() for p in (args.merge or [args.units])]
    try:
        if args.merge and args.units:
            raise BulkError("--merge 和 --units 只能用一个：先分片生成，再合并")
        for path in inputs:  # the run replaces the folder's content: what it reads must not be inside it
            if path.resolve() == out.resolve() or path.resolve().is_relative_to(out.resolve()):
                raise BulkError(f"输出目录 {display(out)} 包含要读取的 {display(path)}：生成时它会被删除，请换一个输出目录")
        for parent in out.resolve().parents:  # a run there would remove this folder as a file it did not make
            if (parent / STAMP).is_file() or (parent / SITE_STAMP).is_file():
                raise BulkError(f"输出目录 {display(out)} 在另一次生成的目录 {display(parent)} 里面：下次生成那里时它会被删除，"
                                "请换一个目录")
        refuse_unsafe_output(Path(args.out), config_file.parent, stamp=STAMP, what="单位海报目录")
        if args.merge:
            try:
                result = merge_shards([Path(p).absolute() for p in args.merge], out)
            except OSError as err:
                print(_bulk_fault(err, out), file=sys.stderr)
                return 1
            print(f"已合并 {len(args.merge)} 片：{display(out)}（{result.files} 个文件，用时 {result.seconds:.1f} 秒）")
            return 0
        shard = Shard.parse(args.shard) if args.shard else Shard()
        config = load_site_config(config_file)
        refuse_unsafe_output(Path(args.out), config_file.parent, [Path(config.docs_dir), Path(config.theme.custom_dir)],
                             stamp=STAMP, what="单位海报目录")
    except (BulkError, OutputRefused, ConfigRefused) as err:
        print(f"海报没有生成：{err}", file=sys.stderr)
        return 1
    from campaign.build import Build
    from campaign.settings import Settings

    project = adapter_of(config).project_of(config)
    build = Build(project, Settings.from_environment(os.environ, project.root))
    problems = list(build.check_posters().problems)
    units_file = Path(args.units)
    try:
        units = load_units(units_file, root=project.root)
    except ContentError as err:
        problems += err.problems
        units = ()
    if not problems:
        try:
            formats = select(campaign_formats(build.campaign.printing.formats), split_ids(args.formats), "格式")
            designs = select(build.designs, split_ids(args.designs), "设计")
        except BulkError as err:
            print(f"海报没有生成：{err}", file=sys.stderr)
            return 1
        qr_urls = build.bulk_qr_urls()
        problems += unit_problems(units, display_path(units_file, project.root), build.campaign, build.fonts,
                                  designs, formats, bool(qr_urls))
    if problems:
        for problem in sorted(set(problems)):
            print(problem, file=sys.stderr)
        print(f"海报没有生成：共 {len(set(problems))} 处问题。", file=sys.stderr)
        return 1
    plan = plan_bulk(units, build.campaign, build.fonts, designs, build.designs[0].id, formats, qr_urls, shard,
                     build.store)
    try:
        result = make_bulk(plan, build.campaign, build.fonts, build.store, out, workers=args.workers)
    except OSError as err:  # a fault of the machine: one sentence that names the file
        print(_bulk_fault(err, out, build.store.root), file=sys.stderr)
        return 1
    part = f"第 {shard.index}/{shard.count} 片，" if shard.count > 1 else ""
    print(f"海报已生成：{display(out)}（{part}{len(plan.mine)} 个单位，{result.files} 个文件，本次渲染 {result.rendered} 个，"
          f"用时 {result.seconds:.1f} 秒）")
    return 0


def _bulk_fault(err: OSError, out: Path, cache: Path | None = None) -> str:
    """Return the Chinese sentence for a fault of the machine while the offices' posters are written."""
    from campaign.faults import blame_writing, describe

    written = [out] + ([cache] if cache is not None else [])
    return describe(blame_writing(err, written), outcome=f"单位海报没有生成完（{display(out)} 中没有 manifest.json），"
                                                         "处理后重新运行同一条命令即可，已画好的海报不会重画。")


def serve_command(args: argparse.Namespace) -> int:
    """启动本地预览（默认 http://127.0.0.1:8000/），修改内容后页面自动刷新。"""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    config_file = Path(args.config).resolve()
    try:
        load_site_config(config_file)
        serve(config_file=str(config_file), dev_addr=args.dev_addr, livereload=True, watch_theme=True)
    except ConfigRefused as err:
        print(err, file=sys.stderr)
        return 1
    except MkDocsException:  # the first build failed: there is no earlier build to show; MkDocs has said why
        print("预览没有启动：第一次生成就失败了，请按上面的说明改正后再运行。", file=sys.stderr)
        return 1
    return 0


def fonts_command(args: argparse.Namespace) -> int:
    """从上游字体文件重新生成 theme/fonts/ 中的海报字体（结果逐字节可重现）。

    Give, with --source (once per file), the Noto Sans CJK Bold and Regular and Noto Serif
    CJK Bold files (.ttc collections or SC .otf; the SC faces are picked by name) and
    WenQuanYi Bitmap Song's 15-pixel file wenquanyi_11pt.pcf (Debian package xfonts-wqy).
    """
    from campaign.posters.font_subsets import subset_characters, write_subsets
    from campaign.posters.fonts import theme_fonts

    dest = Path(args.dest) if args.dest else theme_fonts(ROOT / "theme")
    missing = [s for s in args.source if not Path(s).is_file()]
    if missing:
        print(f"找不到字体文件：{', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    try:
        written = write_subsets([Path(s) for s in args.source], dest)
    except LookupError as err:
        print(f"字体文件中缺少需要的字形：{err}", file=sys.stderr)
        return 1
    print(f"{len(subset_characters())} characters (GB 2312, ASCII, full-width punctuation)")
    for path in written:
        print(f"wrote {path} ({path.stat().st_size / 1024 / 1024:.1f} MB)")
    return 0


def bench_command(args: argparse.Namespace) -> int:
    """海报性能基准：不生成海报、冷构建、热构建、改一条口号、编码下限、大量口号（需几分钟）。

    加 --bulk：单位海报（site_build.py posters）的基准：每秒文件数、每张海报的时间（与网站构建相比）、
    每个工作进程的内存峰值、1、2、4 片的加速比。
    """
    sys.path.insert(0, str(ROOT / "tools"))
    from bench import run_bench, run_bulk_bench

    if args.bulk:
        run_bulk_bench(ROOT, units=args.units, formats=args.formats, designs=args.designs)
    else:
        run_bench(ROOT, count=args.count, repeat=args.repeat)
    return 0


def display(path: Path) -> str:
    """Return ``path`` relative to the working directory when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line; each subcommand's help is its function's docstring."""
    parser = argparse.ArgumentParser(prog="site_build.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default=str(ROOT / "mkdocs.yml"), help="网站配置文件（默认：本项目的 mkdocs.yml）")
    parser.add_argument("--traceback", action="store_true", help="出错时显示 Python 的详细出错位置（给开发人员看）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    def command(name: str, func) -> argparse.ArgumentParser:
        doc = func.__doc__.strip()
        p = sub.add_parser(name, help=doc.split("。")[0], description=doc,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        return p

    build_parser = command("build", build_command)
    build_parser.add_argument("--site-dir", default=str(ROOT / "site"), help="输出目录（默认：site/）")
    build_parser.add_argument("--strict", action="store_true", help="把警告也当作错误")
    build_parser.add_argument("--production", action="store_true",
                              help="正式发布：主办单位、网站标识码、备案号、党政机关网站标识和网址缺一不可")
    serve_parser = command("serve", serve_command)
    serve_parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址（默认：127.0.0.1:8000）")
    command("check", check_command)
    posters_parser = command("posters", posters_command)
    posters_parser.add_argument("--units", metavar="FILE", help="单位列表文件（写法见 CONTRIBUTING.md）")
    posters_parser.add_argument("--out", metavar="DIR", required=True, help="输出目录")
    posters_parser.add_argument("--formats", metavar="ID,…", help="只做这些格式（逗号分隔，默认全部）")
    posters_parser.add_argument("--designs", metavar="ID,…", help="只做这些设计（逗号分隔，默认全部）")
    posters_parser.add_argument("--shard", metavar="K/N", help="只做第 K 片的单位（共 N 片）")
    posters_parser.add_argument("--merge", metavar="DIR", nargs="+", help="合并这些分片目录（代替 --units）")
    posters_parser.add_argument("--workers", type=int, metavar="N", help="并行进程数（默认每核一个）")
    fonts_parser = command("fonts", fonts_command)
    fonts_parser.add_argument("--source", action="append", required=True, metavar="FILE",
                              help="Noto Sans/Serif CJK 字体文件或字体集、文泉驿点阵宋体 PCF（每个文件写一次）")
    fonts_parser.add_argument("--dest", metavar="DIR", help="输出目录（默认：theme/fonts）")
    bench_parser = command("bench", bench_command)
    bench_parser.add_argument("--count", type=int, default=1000, help="规模测试中生成的口号条数（默认 1000）")
    bench_parser.add_argument("--repeat", type=int, default=3, help="不带海报和热构建各重复几次（取中位数）")
    bench_parser.add_argument("--bulk", action="store_true", help="测单位海报（site_build.py posters）")
    bench_parser.add_argument("--units", type=int, default=4, help="单位海报基准中虚构的单位数（默认 4）")
    bench_parser.add_argument("--formats", metavar="ID,…", help="单位海报基准只做这些格式（默认全部）")
    bench_parser.add_argument("--designs", metavar="ID,…", help="单位海报基准只做这些设计（默认全部）")
    return parser.parse_args(argv)


class _ErrorStream(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record arrives (it may be replaced after start-up)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def setup_logging(debug: bool = False) -> None:
    """Show MkDocs' build log the way the ``mkdocs`` command does (and the preview's traces with ``debug``)."""
    handler = _ErrorStream()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:
        mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    if debug:
        logging.getLogger("mkdocs.plugins.campaign").setLevel(logging.DEBUG)


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit status; a fault of the machine is one Chinese sentence, not a trace.

    With ``--traceback`` an unexpected error shows its Python trace (for developers).
    """
    args = parse_arguments(argv)
    setup_logging(args.traceback)
    if args.traceback:
        return args.func(args)
    try:
        return args.func(args)
    except OSError as err:
        from campaign.faults import describe

        print(describe(err, _shown_output), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断，原来的网站保持不变。", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - a bug: say so in one sentence, the trace is behind --traceback
        print(f"出现了程序错误（{type(err).__name__}: {err}），网站没有更新。请把这段信息发给开发人员；"
              "加 --traceback 重新运行可以看到详细的出错位置。", file=sys.stderr)
        return 2


def _shown_output(path: str) -> str:
    """Return ``path`` with a build's staging folder shown as the output folder it was going to replace."""
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve() == ADAPTER and hasattr(module, "_hooks"):
            return module._hooks.shown_output(path)
    return path


if __name__ == "__main__":
    sys.exit(main())
