#!/usr/bin/env python3
"""质量月站点生成器：生成活动网站和海报的命令行入口。

    python site_build.py build [--site-dir DIR]   生成网站（默认到 site/）
    python site_build.py build --production       正式发布前生成：检查页脚的网站标识等信息已填写
    python site_build.py serve                    本地预览，修改后自动刷新
    python site_build.py check                    只检查内容，不生成网站

The MkDocs adapter lives in ``hooks/``; this file drives MkDocs through its Python
API (``load_config`` + ``build``), so it is as testable as any other module.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "hooks"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # we pin mkdocs<2 on purpose

from campaign import poster_checks  # noqa: E402
from campaign.cli_posters import add_poster_commands  # noqa: E402
from campaign.content_check import check_project  # noqa: E402
from campaign_site import theme_templates  # noqa: E402

log = logging.getLogger("site_build")


def check_command(args: argparse.Namespace) -> int:
    """检查 slogans.yaml 和 content/ 中的内容，列出全部问题；有问题时退出码为 1。"""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = Path(args.config).resolve()
    try:
        config = load_config(config_file=str(config_file))
    except MkDocsException as err:
        print(f"{display(config_file)}: 网站配置有误：{err}", file=sys.stderr)
        return 1
    posters = poster_checks.settings(config_file.parent, config.theme.custom_dir, config.site_url)
    result = check_project(config_file.parent, Path(config.docs_dir), theme_templates(config), posters)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.ok:
        print(f"内容检查通过：{len(result.campaign.slogans)} 条口号。")
        return 0
    print(f"内容检查未通过：共 {len(result.problems)} 处问题。", file=sys.stderr)
    return 1


def build_command(args: argparse.Namespace) -> int:
    """生成网站。先在旁边的临时目录里完整生成，成功后才替换原来的网站目录；失败时原网站不变。"""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = Path(args.site_dir).resolve()
    try:
        # The hooks build into a staging folder and publish it only on success.
        config = load_config(config_file=str(Path(args.config).resolve()), site_dir=str(site_dir), strict=args.strict)
        if args.production:
            refuse_unready_production(config)
        build(config)
    except MkDocsException as err:
        print(f"网站没有生成，原来的 {display(site_dir)} 保持不变。\n{err}", file=sys.stderr)
        return 1
    print(f"网站已生成：{display(site_dir)}")
    return 0


def refuse_unready_production(config) -> None:
    """Raise ``MkDocsException`` listing the footer fields and settings a public government site must have."""
    from campaign.site_identity import production_problems, read_identity
    from mkdocs.exceptions import MkDocsException

    try:
        problems = production_problems(read_identity(config.extra), config.site_url, Path(config.docs_dir))
    except ValueError as err:
        problems = [str(err)]
    if problems:
        listing = "\n".join(f"  - {p}" for p in problems)
        raise MkDocsException(f"正式发布（--production）需要以下信息，请向网站主管部门索取后填写：\n{listing}")


def serve_command(args: argparse.Namespace) -> int:
    """启动本地预览（默认 http://127.0.0.1:8000/），修改内容后页面自动刷新。"""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    try:
        serve(config_file=str(Path(args.config).resolve()), dev_addr=args.dev_addr, livereload=True, watch_theme=True)
    except MkDocsException as err:
        print(err, file=sys.stderr)
        return 1
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
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    def command(name: str, func) -> argparse.ArgumentParser:
        doc = func.__doc__.strip()
        p = sub.add_parser(name, help=doc.split("。")[0], description=doc)
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
    add_poster_commands(sub)
    return parser.parse_args(argv)


def setup_logging() -> None:
    """Show MkDocs' build log the way the ``mkdocs`` command does."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:
        mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit status."""
    args = parse_arguments(argv)
    setup_logging()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
