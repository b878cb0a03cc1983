"""Checks that run when the data loads, before any poster is drawn: glyphs, fit, reserved ids.

Problems are for campaign staff: Chinese, with the ``slogans.yaml`` line, the slogan id,
the character and its code point, or the format a slogan does not fit.
"""

from __future__ import annotations

import dataclasses

from ..content.model import Campaign
from ..problems import ContentProblem
from ..store import Store, digest
from .fonts import PosterFonts, coverage_problems
from .formats import FORMATS, PosterFormat
from .layout import LAYOUT_VERSION, CannotFit, layout
from .subjects import THEME_ID, poster_subjects

#: A stand-in address for checking fit when QR codes will be printed (QR size does not depend on it).
_QR_PROBE = "https://example.invalid/slogans/"


def poster_problems(
    campaign: Campaign,
    fonts: PosterFonts,
    yaml_path: str,
    formats: tuple[PosterFormat, ...] = FORMATS,
    with_qr: bool = False,
) -> list[ContentProblem]:
    """Return every reason the campaign's posters cannot be made (empty when all is well).

    Characters the fonts cannot draw are reported first (nothing is laid out then);
    otherwise every subject is laid out in every format and each that cannot fit at the
    format's minimum size is reported with the format's id and purpose.
    """
    problems = coverage_problems(campaign, fonts, yaml_path)
    reserved = campaign.slogan(THEME_ID)
    if reserved is not None:
        problems.append(ContentProblem(yaml_path, reserved.line, 1,
                                       f"口号的 id 不能是“{THEME_ID}”：这个名字留给活动主题的海报"))
    if problems:
        return problems
    for subject in poster_subjects(campaign):
        for poster_format in formats:
            try:
                layout(subject, campaign, poster_format, fonts, _QR_PROBE + subject.id if with_qr else None)
            except CannotFit:
                line = campaign.line_of("theme") if subject.is_theme else campaign.slogan(subject.id).line
                what = "活动主题" if subject.is_theme else f"口号 {subject.id}"
                problems.append(ContentProblem(
                    yaml_path, line, 1,
                    f"{what}“{subject.text}”在海报格式“{poster_format.id}”（{poster_format.purpose}）中放不下："
                    f"字号降到最小 {poster_format.min_slogan_px:g} 像素仍超出版心，请缩短文字或调整前后两半"))
    return problems


def checked_poster_problems(
    campaign: Campaign, fonts: PosterFonts, yaml_path: str, store: Store, with_qr: bool
) -> list[ContentProblem]:
    """Return ``poster_problems``, remembering in ``store`` that unchanged data passed (not repeated then)."""
    key = digest({
        "poster-check": LAYOUT_VERSION,
        "campaign": dataclasses.asdict(campaign),
        "fonts": fonts.digest(),
        "formats": [dataclasses.asdict(f) for f in FORMATS],
        "qr": with_qr,
    })
    if store.get(key) is not None:
        return []
    problems = poster_problems(campaign, fonts, yaml_path, FORMATS, with_qr)
    if not problems:
        store.put(key, {}, {"passed": True})
    return problems
