"""``site_build.py`` subcommands for posters: ``fonts`` (regenerate the vendored subsets) and ``bench``.

``add_poster_commands(subparsers)`` registers both on an ``argparse`` subparsers object;
each sets ``func`` to its command function, which takes the parsed arguments and returns
an exit status.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: The project root: this file is ``hooks/campaign/cli_posters.py``.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def fonts_command(args: argparse.Namespace) -> int:
    """Regenerate the poster font subsets in theme/fonts/ from Noto CJK font files.

    Give the Noto Sans CJK and Noto Serif CJK Bold files (.ttc collections or SC .otf)
    with --source, once per file; the SC faces are picked by name. The output is
    byte-identical for the same sources.
    """
    from .fonts import FONT_DIR, subset_characters, write_subsets

    dest = Path(args.dest) if args.dest else PROJECT_ROOT / FONT_DIR
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
    """Measure what posters cost a build: off, cold, warm, one slogan edited, encode floor, many slogans.

    Builds a temporary copy of the project in fresh interpreters and prints one table
    with the targets of the poster issue. Takes several minutes with 1,000 slogans.
    """
    from .bench import run_bench

    run_bench(PROJECT_ROOT, count=args.count, repeat=args.repeat)
    return 0


def add_poster_commands(subparsers) -> None:
    """Register the ``fonts`` and ``bench`` subcommands (help texts from the docstrings)."""
    fonts = subparsers.add_parser(
        "fonts",
        help=fonts_command.__doc__.splitlines()[0],
        description=fonts_command.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fonts.add_argument(
        "--source",
        action="append",
        required=True,
        metavar="FILE",
        help="a Noto Sans/Serif CJK font file or collection (repeat for each)",
    )
    fonts.add_argument("--dest", metavar="DIR", help="output directory (default: theme/fonts)")
    fonts.set_defaults(func=fonts_command)
    bench = subparsers.add_parser(
        "bench",
        help=bench_command.__doc__.splitlines()[0],
        description=bench_command.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bench.add_argument("--count", type=int, default=1000, help="generated slogans for the scaling run (default 1000)")
    bench.add_argument("--repeat", type=int, default=3, help="repeats of the posters-off and warm builds (median)")
    bench.set_defaults(func=bench_command)


def main(argv: list[str] | None = None) -> int:
    """Run the poster subcommands on their own (``site_build.py`` normally does this)."""
    parser = argparse.ArgumentParser(prog="site_build.py")
    add_poster_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)
