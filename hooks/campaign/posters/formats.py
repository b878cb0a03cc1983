"""Poster formats: one declarative table of every channel the media teams publish to.

Print formats are given by trim size in millimetres, bleed and dpi; screen formats by
pixels (with a nominal 72 dpi so layout can work in millimetres everywhere). Safe-area
insets are in millimetres from the trim for print, in pixels for screen formats.
"""

from __future__ import annotations

from dataclasses import dataclass

MM_PER_INCH = 25.4
SCREEN_DPI = 72.0


@dataclass(frozen=True)
class PosterFormat:
    """One output format: size, resolution, bleed, safe area, outputs and rules."""

    id: str
    purpose: str  # shown to media teams, Chinese
    kind: str  # "poster" (title, theme, slogan, foot) | "couplet" | "banner" | "led"
    outputs: tuple[str, ...]  # file extensions written for each slogan
    dpi: float
    trim_mm: tuple[float, float] | None = None  # print: trimmed page size
    pixels: tuple[int, int] | None = None  # screen: exact canvas size
    bleed_mm: float = 0.0
    safe_insets: tuple[float, float, float, float] = (0, 0, 0, 0)  # left, top, right, bottom
    min_slogan_px: float = 0  # smallest acceptable slogan character (em) size on the output
    min_text_px: float = 0  # floor for the title, theme and foot lines on small screen formats
    qr: bool = False  # carries a QR code to the slogan's page when site_url is set
    height_mm: float | None = None  # banner / LED: fixed height, width follows the text

    @property
    def mm_per_px(self) -> float:
        """Return millimetres per output pixel."""
        return MM_PER_INCH / self.dpi

    @property
    def is_print(self) -> bool:
        """Return whether the format is sized physically (trim + bleed)."""
        return self.trim_mm is not None

    def canvas_mm(self) -> tuple[float, float]:
        """Return the full canvas (trim plus bleed on each side) in millimetres."""
        if self.trim_mm is not None:
            return self.trim_mm[0] + 2 * self.bleed_mm, self.trim_mm[1] + 2 * self.bleed_mm
        if self.pixels is not None:
            return self.pixels[0] * self.mm_per_px, self.pixels[1] * self.mm_per_px
        raise ValueError(f"{self.id}: size follows the text")

    def canvas_px(self) -> tuple[int, int]:
        """Return the canvas in whole pixels (print: trim + bleed at ``dpi``, rounded)."""
        if self.pixels is not None:
            return self.pixels
        width, height = self.canvas_mm()
        return round(width / self.mm_per_px), round(height / self.mm_per_px)

    def safe_rect_mm(self) -> tuple[float, float, float, float]:
        """Return the safe area as (x, y, width, height) in canvas millimetres."""
        width, height = self.canvas_mm()
        left, top, right, bottom = self.safe_insets
        if self.is_print:
            bleed = self.bleed_mm
            return bleed + left, bleed + top, width - 2 * bleed - left - right, height - 2 * bleed - top - bottom
        scale = self.mm_per_px
        return left * scale, top * scale, width - (left + right) * scale, height - (top + bottom) * scale


_A3 = (297.0, 420.0)
_A4 = (210.0, 297.0)

#: Every format, in the order the download centre lists them.
FORMATS: tuple[PosterFormat, ...] = (
    PosterFormat(
        id="print-a3",
        purpose="A3 海报印刷（含 3 毫米出血，300 dpi）",
        kind="poster",
        outputs=("png", "pdf"),
        dpi=300,
        trim_mm=_A3,
        bleed_mm=3,
        safe_insets=(15, 15, 15, 15),
        min_slogan_px=180,
        qr=True,
    ),
    PosterFormat(
        id="print-a4",
        purpose="A4 海报印刷（含 3 毫米出血，300 dpi）",
        kind="poster",
        outputs=("png", "pdf"),
        dpi=300,
        trim_mm=_A4,
        bleed_mm=3,
        safe_insets=(12, 12, 12, 12),
        min_slogan_px=130,
        qr=True,
    ),
    PosterFormat(
        id="wechat-cover",
        purpose="微信公众号封面（2.35:1，中央正方形可裁成 1:1）",
        kind="poster",
        outputs=("png",),
        dpi=SCREEN_DPI,
        pixels=(900, 383),
        safe_insets=(276, 18, 276, 18),
        min_slogan_px=24,
        min_text_px=13,
    ),
    PosterFormat(
        id="wechat-square",
        purpose="微信公众号次条、分享小图",
        kind="poster",
        outputs=("png",),
        dpi=SCREEN_DPI,
        pixels=(500, 500),
        safe_insets=(30, 30, 30, 30),
        min_slogan_px=28,
        min_text_px=14,
    ),
    PosterFormat(
        id="vertical",
        purpose="抖音、视频号竖版封面（9:16，文字在中间 70%）",
        kind="poster",
        outputs=("png",),
        dpi=SCREEN_DPI,
        pixels=(1080, 1920),
        safe_insets=(80, 288, 80, 288),
        min_slogan_px=48,
        qr=True,
    ),
    PosterFormat(
        id="xiaohongshu",
        purpose="小红书（3:4）",
        kind="poster",
        outputs=("png",),
        dpi=SCREEN_DPI,
        pixels=(1242, 1660),
        safe_insets=(90, 110, 90, 110),
        min_slogan_px=56,
    ),
    PosterFormat(
        id="square",
        purpose="微博、朋友圈九宫格（1:1）",
        kind="poster",
        outputs=("png",),
        dpi=SCREEN_DPI,
        pixels=(1080, 1080),
        safe_insets=(72, 72, 72, 72),
        min_slogan_px=48,
    ),
    PosterFormat(
        id="couplet",
        purpose="竖幅、对联（上联在右，下联在左）",
        kind="couplet",
        outputs=("png",),
        dpi=SCREEN_DPI,
        pixels=(1200, 3600),
        safe_insets=(90, 120, 90, 120),
        min_slogan_px=120,
    ),
    PosterFormat(
        id="banner",
        purpose="布标横幅（高 0.9 米，矢量轮廓 SVG，任意缩放）",
        kind="banner",
        outputs=("svg", "png"),
        dpi=5.08,  # the PNG is a 180 px high preview; the SVG is the print file
        height_mm=900.0,
    ),
    PosterFormat(
        id="led",
        purpose="LED 单色显示屏（高 32 点，附纯文字）",
        kind="led",
        outputs=("png", "txt"),
        dpi=SCREEN_DPI,
        height_mm=32 * MM_PER_INCH / SCREEN_DPI,
    ),
)


def poster_format(format_id: str) -> PosterFormat:
    """Return the format with this id; raises ``KeyError`` for an unknown id."""
    for candidate in FORMATS:
        if candidate.id == format_id:
            return candidate
    raise KeyError(format_id)
