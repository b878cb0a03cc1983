"""Side-by-side review sheet of the poster designs: one row per format, one column per design.

Each poster is shown about as large as its channel shows it (a WeChat cover across a
phone, a short video cover as a thumbnail in a feed, an A4 poster seen on a notice board
from a few steps away), so a designer compares what readers will compare. Print formats
are read from the PNG the site publishes; designs from ``posters.json``.

    python tools/design_sheet.py site/posters sheet.png [--slogan ID]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from PIL import Image, ImageDraw

#: Format → width (pixels) the sheet shows it at: roughly its size where it is seen.
SHOWN = {"print-a4": 360, "wechat-cover": 390, "wechat-square": 180, "vertical": 240, "xiaohongshu": 240,
         "square": 240, "banner": 720, "led-32": 320}
_GAP = 16


def review_sheet(posters: Path, slogan: str | None = None) -> Image.Image:
    """Return the sheet for ``slogan`` (default: the first slogan after the theme) from a site's ``posters/``."""
    manifest = json.loads((posters / "posters.json").read_text(encoding="utf-8"))
    pngs = [e for e in manifest["files"] if e["type"] == "png"]
    slogan = slogan or next(e["slogan"] for e in pngs if e["slogan"] != pngs[0]["slogan"])
    designs = list(dict.fromkeys(e["design"] for e in pngs))
    rows = []
    for format_id, width in SHOWN.items():
        row = []
        for design in designs:
            entry = next((e for e in pngs if (e["slogan"], e["format"], e["design"]) == (slogan, format_id, design)),
                         None)
            if entry is None:
                continue
            with Image.open(posters.parent / entry["path"]) as image:
                shown = image.convert("RGB")
            row.append(shown.resize((width, round(shown.height * width / shown.width)), Image.Resampling.LANCZOS))
        if row:
            rows.append(row)
    sheet_width = max(sum(i.width for i in row) + _GAP * (len(row) + 1) for row in rows)
    sheet_height = sum(max(i.height for i in row) + _GAP for row in rows) + _GAP + 24
    sheet = Image.new("RGB", (sheet_width, sheet_height), (200, 200, 200))
    ImageDraw.Draw(sheet).text((_GAP, 6), " | ".join(designs), fill=(0, 0, 0))
    top = _GAP + 24
    for row in rows:
        left = _GAP
        for image in row:
            sheet.paste(image, (left, top))
            left += image.width + _GAP
        top += max(i.height for i in row) + _GAP
    return sheet


def main(argv: list[str] | None = None) -> int:
    """Write the review sheet of a built site's posters to a PNG file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("posters", type=Path, help="the site's posters/ folder (with posters.json)")
    parser.add_argument("out", type=Path, help="PNG file to write")
    parser.add_argument("--slogan", help="slogan id (default: the first slogan)")
    args = parser.parse_args(argv)
    review_sheet(args.posters, args.slogan).save(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
