"""Checks that run when the data loads, before any poster is drawn: glyphs, lines, formats, fit.

Problems are for campaign staff: Chinese, with the ``slogans.yaml`` line, the slogan id,
the character and its code point, the line that breaks a rule, or the format a slogan
does not fit.
"""

from __future__ import annotations

import dataclasses

from ..content.model import Campaign, Slogan
from ..problems import ContentProblem
from ..store import Store, digest
from .design import campaign_design
from .fonts import PosterFonts, coverage_problems
from .formats import FORMATS, PosterFormat, campaign_formats
from .layout import LAYOUT_VERSION, slogan_settings
from .linebreak import NO_LINE_END, NO_LINE_START, allowed_breaks
from .series import campaign_terms
from .subjects import THEME_ID, poster_subjects


def poster_problems(
    campaign: Campaign,
    fonts: PosterFonts,
    yaml_path: str,
    formats: tuple[PosterFormat, ...] | None = None,
    with_qr: bool = False,
) -> list[ContentProblem]:
    """Return every reason the campaign's posters cannot be made (empty when all is well).

    Characters the fonts cannot draw (or GBK cannot encode) are reported first, and
    nothing is laid out then; otherwise the staff's own line breaks are checked against
    GB/T 15834, the formats added in ``slogans.yaml`` against the built-in ids, and every
    format's series is set: each subject that cannot fit at the format's minimum size is
    reported with the format's id and purpose.
    """
    formats = formats if formats is not None else campaign_formats(campaign.printing.formats)
    problems = coverage_problems(campaign, fonts, yaml_path)
    reserved = campaign.slogan(THEME_ID)
    if reserved is not None:
        problems.append(ContentProblem(yaml_path, reserved.line, 1,
                                       f"口号的 id 不能是“{THEME_ID}”：这个名字留给活动主题的海报"))
    built_in = {f.id for f in FORMATS}
    for config in campaign.printing.formats:
        if config.id in built_in:
            problems.append(ContentProblem(yaml_path, config.line, 1,
                                           f"印刷格式的 id“{config.id}”与内置格式重名，请换一个名字"))
    for slogan in campaign.slogans:
        problems += _line_problems(slogan, yaml_path)
    if problems:
        return problems
    subjects = poster_subjects(campaign)
    terms = campaign_terms(subjects)
    design = campaign_design(campaign)
    for poster_format in formats:
        _, failures = slogan_settings(subjects, campaign, poster_format, fonts, design, terms,
                                      with_qr and poster_format.qr)
        for failure in failures:
            subject = next(s for s in subjects if s.id == failure.subject_id)
            if subject.is_theme:
                line, what = campaign.line_of("theme"), "活动主题"
            else:
                slogan = campaign.slogan(subject.id)
                line, what = (slogan.lines_line if slogan.lines else slogan.line), f"口号 {subject.id}"
            problems.append(ContentProblem(
                yaml_path, line, 1,
                f"{what}“{subject.text}”在海报格式“{poster_format.id}”（{poster_format.purpose}）中放不下："
                f"字号降到最小 {_floor(poster_format)}仍超出版心，请缩短文字或调整前后两半"))
    return problems


def _floor(poster_format: PosterFormat) -> str:
    if poster_format.is_print:
        return f"{poster_format.slogan_floor_mm:.0f} 毫米"
    return f"{poster_format.min_slogan_px:g} 像素"


def _line_problems(slogan: Slogan, yaml_path: str) -> list[ContentProblem]:
    """Return the GB/T 15834 rules the staff's own ``lines`` break (a punctuation mark alone at a line start or end)."""
    if not slogan.lines:
        return []
    problems = []
    position, half_index, offset = 0, 0, 0
    for number, line in enumerate(slogan.lines, start=1):
        half = slogan.halves[half_index]
        cut = position - offset
        if 0 < cut < len(half) and cut not in allowed_breaks(half):
            if line[0] in NO_LINE_START:
                rule = f"“{line[0]}”不能出现在行首"
            elif half[cut - 1] in NO_LINE_END:
                rule = f"“{half[cut - 1]}”不能出现在行尾"
            else:
                rule = "——和……不能拆在两行"
            problems.append(ContentProblem(
                yaml_path, slogan.lines_line, 1,
                f"口号 {slogan.id} 的字段“lines”第 {number} 行“{line}”不符合标点规则（GB/T 15834）：{rule}"))
        position += len(line)
        if position - offset == len(half) and half_index + 1 < len(slogan.halves):
            offset, half_index = position, half_index + 1
    return problems


def checked_poster_problems(
    campaign: Campaign, fonts: PosterFonts, yaml_path: str, store: Store, with_qr: bool
) -> list[ContentProblem]:
    """Return ``poster_problems``, remembering in ``store`` that unchanged data passed (not repeated then)."""
    key = digest({
        "poster-check": LAYOUT_VERSION,
        "campaign": dataclasses.asdict(campaign),
        "fonts": fonts.digest(),
        "formats": [dataclasses.asdict(f) for f in campaign_formats(campaign.printing.formats)],
        "qr": with_qr,
    })
    if store.get(key) is not None:
        return []
    problems = poster_problems(campaign, fonts, yaml_path, with_qr=with_qr)
    if not problems:
        store.put(key, {}, {"passed": True})
    return problems
