"""Checks that run when the data loads, before any poster is drawn: glyphs, fit, ids.

Problems are for campaign staff: Chinese, with the ``slogans.yaml`` line, the slogan id,
the character and its code point, or the format a slogan does not fit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from .fonts import PosterFonts, _text_lines, coverage_problems, load_fonts, theme_fonts
from .layout import LAYOUT_VERSION, THEME_ID, CannotFit, layout, poster_subjects
from .model import Campaign
from .presets import PRESETS, PosterPreset
from .problems import ContentProblem, display_path
from .render_cache import write_atomic
from .slogans_file import FILE_NAME

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


@dataclasses.dataclass(frozen=True)
class PosterCheck:
    """How the posters of a build will be made: where their cache is, and the address their QR codes use."""

    cache_dir: Path
    font_dir: Path
    public_url: str  # the site's public address, "" when unknown

    @property
    def with_qr(self) -> bool:
        return bool(self.public_url)


def settings(
    project_dir: Path, theme_dir: Path, site_url: str | None, preview_address: str | None = None
) -> PosterCheck | None:
    """Return the poster settings of a build (``None`` when ``CAMPAIGN_POSTERS=off``).

    The fonts are the ones vendored in ``theme_dir`` (the theme's ``custom_dir``).
    ``CAMPAIGN_POSTER_CACHE`` overrides the cache folder (default ``.cache/posters`` in
    the project). QR codes are printed only when the site's public address is known: not
    when ``site_url`` is empty, nor when it is the preview server's ``preview_address``
    (``host:port``), which ``mkdocs serve`` puts there and which no printed poster may carry.
    """
    if os.environ.get("CAMPAIGN_POSTERS", "on").lower() in ("0", "off", "no", "false"):
        return None
    cache = Path(os.environ.get("CAMPAIGN_POSTER_CACHE") or project_dir / ".cache" / "posters")
    url = site_url or ""
    if preview_address and url.startswith(f"http://{preview_address}"):
        url = ""
    return PosterCheck(cache, theme_fonts(theme_dir), url)


def project_poster_problems(project_dir: Path, campaign: Campaign, check: PosterCheck) -> list[ContentProblem]:
    """Return ``poster_problems`` for the project's ``slogans.yaml`` and vendored fonts.

    A check that passed is remembered in the cache (keyed by everything it depends on) and
    not repeated. A missing font file is reported as a problem, not raised.
    """
    data = project_dir / FILE_NAME
    shown = display_path(data, project_dir)
    try:
        fonts = load_fonts(check.font_dir, check.cache_dir)
    except FileNotFoundError as err:
        return [ContentProblem(display_path(err.filename, project_dir), 1, 1,
                               "缺少海报字体文件：请运行 python site_build.py fonts --source … 重新生成")]
    passed = check.cache_dir / "checked" / checks_key(campaign, fonts, PRESETS, check.with_qr)
    if passed.exists():
        return []
    problems = poster_problems(campaign, fonts, PRESETS, shown, data.read_text(encoding="utf-8"), check.with_qr)
    if not problems:
        write_atomic(passed, b"")
    return problems
