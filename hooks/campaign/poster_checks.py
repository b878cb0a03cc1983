"""Checks that run when the data loads, before any poster is drawn: glyphs, fit, ids.

Problems are for campaign staff: Chinese, with the ``slogans.yaml`` line, the slogan id,
the character and its code point, or the format a slogan does not fit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

from .fonts import PosterFonts, _text_lines, coverage_problems
from .layout import LAYOUT_VERSION, THEME_ID, CannotFit, layout, poster_subjects
from .model import Campaign
from .presets import PosterPreset
from .problems import ContentProblem

#: A stand-in address for checking fit when QR codes will be printed (QR size does not depend on it).
_QR_PROBE = "https://example.invalid/slogans/"


def poster_problems(
    campaign: Campaign,
    fonts: PosterFonts,
    presets: tuple[PosterPreset, ...],
    yaml_path: str,
    yaml_text: str | None = None,
    with_qr: bool = False,
) -> list[ContentProblem]:
    """Return every reason the campaign's posters cannot be made (empty when all is well).

    Characters the fonts cannot draw are reported first (nothing is laid out then);
    otherwise every subject is laid out in every preset and each that cannot fit at the
    preset's minimum size is reported with the format's id and purpose.
    """
    problems = coverage_problems(campaign, fonts, yaml_path, yaml_text)
    lines = _text_lines(yaml_text) if yaml_text else {}
    if campaign.slogan(THEME_ID) is not None:
        problems.append(
            ContentProblem(
                yaml_path,
                lines.get((THEME_ID, "text"), 1),
                1,
                f"口号的 id 不能是“{THEME_ID}”：这个名字留给活动主题的海报",
            )
        )
    if problems:
        return problems
    for subject in poster_subjects(campaign):
        for preset in presets:
            try:
                layout(subject, campaign, preset, fonts, _QR_PROBE + subject.id if with_qr else None)
            except CannotFit:
                owner = ("campaign", "theme") if subject.is_theme else (subject.id, "text")
                what = "活动主题" if subject.is_theme else f"口号 {subject.id}"
                problems.append(
                    ContentProblem(
                        yaml_path,
                        lines.get(owner, 1),
                        1,
                        f"{what}“{subject.text}”在海报格式“{preset.id}”（{preset.purpose}）中放不下："
                        f"字号降到最小 {preset.min_slogan_px:g} 像素仍超出版心，请缩短文字或调整前后两半",
                    )
                )
    return problems


def checks_key(campaign: Campaign, fonts: PosterFonts, presets: tuple[PosterPreset, ...], with_qr: bool) -> str:
    """Return a hash of everything ``poster_problems`` depends on, to skip re-checking unchanged data."""
    material = {
        "campaign": dataclasses.asdict(campaign),
        "fonts": fonts.digest(),
        "presets": [dataclasses.asdict(p) for p in presets],
        "layout": LAYOUT_VERSION,
        "qr": with_qr,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
