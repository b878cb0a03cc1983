"""Poster formats: one declarative table of every channel the media teams publish to.

Screen formats are given by pixels (with a nominal 72 dpi so layout works in millimetres
everywhere); print formats by trim size, bleed and kind, made by ``print_format`` — the
same function that turns the formats an office adds in ``slogans.yaml`` into rows, so a
configured board is set by exactly the rules of A3. Each row states where the platform
covers the image (``covered``: no text there) and the legibility floors of its lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import PrintFormatConfig

MM_PER_INCH = 25.4
SCREEN_DPI = 72.0
#: One single-colour P10 LED module: 32 × 16 dots. Strips are whole modules.
LED_MODULE = (32, 16)


@dataclass(frozen=True)
class CoveredBand:
    """A band along one edge that the platform (or a stand) covers: no text or QR code may enter it.

    ``depth`` is in the format's units: pixels for screen formats, millimetres from the
    trim for print.
    """

    edge: str  # "top" | "bottom" | "left" | "right"
    depth: float
    why: str  # Chinese, for the README and messages


@dataclass(frozen=True)
class PosterFormat:
    """One output format: size, resolution, bleed, safe area, covered bands, floors, outputs."""

    id: str
    purpose: str  # shown to media teams, Chinese
    kind: str  # "poster" (title, theme, slogan, 落款) | "couplet" | "banner" | "led"
    outputs: tuple[str, ...]  # file names written for each slogan: extensions, or "<sheet>.pdf"
    dpi: float  # of the raster outputs (and of a print format's PNG)
    trim_mm: tuple[float, float] | None = None  # print: trimmed page (couplet: column width, longest length)
    pixels: tuple[int, int] | None = None  # screen: exact canvas size
    bleed_mm: float = 0.0
    paper_margin_mm: float = 0.0  # left unprinted: office printers cannot print to the edge
    safe_insets: tuple[float, float, float, float] = (0, 0, 0, 0)  # left, top, right, bottom
    covered: tuple[CoveredBand, ...] = ()
    min_slogan_px: float = 0  # smallest acceptable slogan em on the output grid
    min_text_px: float = 0  # legibility floor of the title, theme, 落款 and caption lines
    qr: bool = False  # carries a QR code to the slogan's page when site_url is set
    height_mm: float | None = None  # banner / LED: fixed height, width follows the text
    led_face: str | None = None  # LED: the face whose dots suit the strip

    @property
    def mm_per_px(self) -> float:
        """Return millimetres per output pixel."""
        return MM_PER_INCH / self.dpi

    @property
    def is_print(self) -> bool:
        """Return whether the format is sized physically (trim + bleed) and printed from a PDF."""
        return self.trim_mm is not None

    @property
    def slogan_floor_mm(self) -> float:
        """Return the smallest slogan em (mm) the format accepts."""
        return self.min_slogan_px * self.mm_per_px

    @property
    def text_floor_mm(self) -> float:
        """Return the smallest em (mm) of a secondary line; a line that would be smaller is dropped."""
        return self.min_text_px * self.mm_per_px

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

    def _unit_mm(self) -> float:
        return 1.0 if self.is_print else self.mm_per_px

    def covered_rects_mm(self) -> list[tuple[float, float, float, float]]:
        """Return the covered bands as (x, y, width, height) in canvas millimetres."""
        width, height = self.canvas_mm()
        edge = self.bleed_mm  # print depths count from the trim
        rects = []
        for band in self.covered:
            depth = band.depth * self._unit_mm() + edge
            rects.append({
                "top": (0, 0, width, depth),
                "bottom": (0, height - depth, width, depth),
                "left": (0, 0, depth, height),
                "right": (width - depth, 0, depth, height),
            }[band.edge])
        return rects

    def text_rect_mm(self) -> tuple[float, float, float, float]:
        """Return where text may go as (x, y, width, height) in canvas millimetres.

        Each side's safe inset counts from what is visible there: the trim (less any paper
        margin left unprinted) or the inner edge of a covered band. The result is narrowed to
        stay symmetric about the canvas' vertical centre line, so centred lines stay centred.
        """
        width, height = self.canvas_mm()
        unit = self._unit_mm()
        visible = [self.bleed_mm + self.paper_margin_mm] * 4  # left, top, right, bottom
        for band in self.covered:
            side = ("left", "top", "right", "bottom").index(band.edge)
            visible[side] = max(visible[side], self.bleed_mm + band.depth * unit)
        inset = [edge + safe * unit for edge, safe in zip(visible, self.safe_insets, strict=True)]
        left = right = max(inset[0], inset[2])
        return left, inset[1], width - left - right, height - inset[1] - inset[3]


def print_format(id: str, purpose: str, trim_mm: tuple[float, float], bleed_mm: float, kind: str, *,
                 hidden_bottom_mm: float = 0.0, paper_margin_mm: float = 0.0,
                 outputs: tuple[str, ...] | None = None, dpi: float | None = None) -> PosterFormat:
    """Return a print format row, with its rules derived from its size.

    Outputs default to the vector PDF (a couplet: one per column, ``shanglian.pdf`` and
    ``xialian.pdf``); raster outputs are at ``dpi`` (default: ``_print_dpi``). Text stays
    max(10 mm, 1/20 of the short side) inside the printed area; the slogan may not
    shrink below 1/20 of the short side (a couplet's characters: below 3/10 of the
    column's width); secondary lines not below 1/75 of it and never below 8 pt (DOMAIN:
    print shops want ≥ 6 pt). A poster carries a QR code when the site has an address.
    """
    short = min(trim_mm)
    slogan_floor = trim_mm[0] * 0.3 if kind == "couplet" else short / 20
    inset = max(10.0, short / 20)
    dpi = dpi or _print_dpi(trim_mm)
    per_px = MM_PER_INCH / dpi
    covered = (CoveredBand("bottom", hidden_bottom_mm, "展架底座遮住的部分"),) if hidden_bottom_mm else ()
    if outputs is None:
        outputs = ("shanglian.pdf", "xialian.pdf") if kind == "couplet" else ("pdf",)
    return PosterFormat(
        id=id, purpose=purpose, kind=kind, outputs=outputs, dpi=dpi, trim_mm=trim_mm, bleed_mm=bleed_mm,
        paper_margin_mm=paper_margin_mm, safe_insets=(inset, inset, inset, inset), covered=covered,
        min_slogan_px=slogan_floor / per_px, min_text_px=max(8 * MM_PER_INCH / 72, short / 75) / per_px,
        qr=kind == "poster",
    )


def _print_dpi(trim_mm: tuple[float, float]) -> float:
    """Return the raster resolution of a print size: 300 dpi up to A3, 150 dpi for large posters (DOMAIN)."""
    return 300.0 if max(trim_mm) <= 420 else 150.0


def configured_format(config: PrintFormatConfig) -> PosterFormat:
    """Return the format row of a print format an office added in ``slogans.yaml``."""
    return print_format(config.id, config.name, config.size_mm, config.bleed_mm, config.kind,
                        hidden_bottom_mm=config.hidden_bottom_mm)


_A3 = (297.0, 420.0)
_A4 = (210.0, 297.0)
#: Legibility floor of secondary lines on screen images: about 9 CSS px where they are usually
#: seen (a 1080-wide image across a 390-CSS-px phone; WeChat's 500-px card at about 180 CSS px).
_SCREEN_TEXT_FLOOR = 24

#: Every built-in format, in the order the download centre lists them.
FORMATS: tuple[PosterFormat, ...] = (
    print_format("print-a3", "A3 海报印刷（CMYK 矢量 PDF/X-1a，含 3 毫米出血；另附 300 dpi PNG 供快印）", _A3, 3,
                 "poster", outputs=("pdf", "png")),
    print_format("print-a4", "A4 海报印刷（CMYK 矢量 PDF/X-1a，含 3 毫米出血；另附 300 dpi PNG 供快印）", _A4, 3,
                 "poster", outputs=("pdf", "png")),
    print_format("print-a4-office", "A4 办公室打印（无出血，四周留白 10 毫米，打印时选“实际大小”）", _A4, 0, "poster",
                 paper_margin_mm=10),
    print_format("rollup", "易拉宝 80×200 厘米（CMYK 矢量 PDF/X-1a；底部 30 厘米被底座遮住，不放文字）", (800.0, 2000.0), 3,
                 "poster", hidden_bottom_mm=300),
    print_format("couplet-print", "竖幅对联（宽 40 厘米，长度随字数、最长 2.2 米；上联、下联各一个矢量 PDF，上联挂右边）",
                 (400.0, 2200.0), 3, "couplet"),
    PosterFormat(
        id="wechat-cover",
        purpose="微信公众号封面（2.35:1；聊天分享裁成中央正方形，文字都在其中）",
        kind="poster",
        outputs=("png",),
        dpi=SCREEN_DPI,
        pixels=(900, 383),
        safe_insets=(16, 20, 16, 20),
        covered=(CoveredBand("left", 258.5, "分享到聊天时裁掉的左侧（中央正方形外）"),
                 CoveredBand("right", 258.5, "分享到聊天时裁掉的右侧（中央正方形外）")),
        min_slogan_px=24,
        min_text_px=_SCREEN_TEXT_FLOOR,
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
        min_text_px=_SCREEN_TEXT_FLOOR,
    ),
    PosterFormat(
        id="vertical",
        purpose="抖音、视频号竖版封面（9:16，避开顶部、底部和右侧按钮区）",
        kind="poster",
        outputs=("png",),
        dpi=SCREEN_DPI,
        pixels=(1080, 1920),
        safe_insets=(60, 24, 24, 24),
        covered=(CoveredBand("top", 288, "状态栏和顶部标签（上方 15%）"),
                 CoveredBand("bottom", 480, "标题、音乐和底部导航（下方 25%）"),
                 CoveredBand("right", 150, "点赞、评论、分享按钮")),
        min_slogan_px=48,
        min_text_px=_SCREEN_TEXT_FLOOR,
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
        min_text_px=28,
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
        min_text_px=_SCREEN_TEXT_FLOOR,
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
        id="led-16",
        purpose="LED 单色屏，一行模组（高 16 点，点阵字体）",
        kind="led",
        outputs=("png", "bmp", "txt", "gbk.txt"),
        dpi=SCREEN_DPI,
        height_mm=LED_MODULE[1] * MM_PER_INCH / SCREEN_DPI,
        led_face="bitmap-15",
    ),
    PosterFormat(
        id="led-32",
        purpose="LED 单色屏，两行模组（高 32 点）",
        kind="led",
        outputs=("png", "bmp", "txt", "gbk.txt"),
        dpi=SCREEN_DPI,
        height_mm=2 * LED_MODULE[1] * MM_PER_INCH / SCREEN_DPI,
        led_face="sans-regular",
    ),
)


def campaign_formats(configured: tuple[PrintFormatConfig, ...] = ()) -> tuple[PosterFormat, ...]:
    """Return the built-in formats followed by those an office added in ``slogans.yaml``, in its order."""
    return FORMATS + tuple(configured_format(c) for c in configured)


def poster_format(format_id: str, formats: tuple[PosterFormat, ...] = FORMATS) -> PosterFormat:
    """Return the format with this id; raises ``KeyError`` for an unknown id."""
    for candidate in formats:
        if candidate.id == format_id:
            return candidate
    raise KeyError(format_id)
