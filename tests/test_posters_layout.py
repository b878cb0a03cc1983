"""Poster layout and checks: sizes, safe areas, fit, glyph coverage, QR codes (no files written)."""

from dataclasses import replace
from pathlib import Path

import pytest
from campaign.content.model import Slogan
from campaign.content.slogans_file import load_campaign
from campaign.posters.checks import poster_problems
from campaign.posters.font_subsets import subset_characters
from campaign.posters.fonts import load_fonts, theme_fonts
from campaign.posters.formats import FORMATS, poster_format
from campaign.posters.layout import Glyph, QRCode, layout
from campaign.posters.raster import draw
from campaign.posters.subjects import poster_subjects, slogan_subject

ROOT = Path(__file__).resolve().parent.parent
YAML = ROOT / "slogans.yaml"


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(YAML)


@pytest.fixture(scope="module")
def fonts():
    return load_fonts(theme_fonts(ROOT / "theme"))


EXPECTED_PIXELS = {
    "print-a3": (3579, 5031),
    "print-a4": (2551, 3579),
    "wechat-cover": (900, 383),
    "wechat-square": (500, 500),
    "vertical": (1080, 1920),
    "xiaohongshu": (1242, 1660),
    "square": (1080, 1080),
    "couplet": (1200, 3600),
}


@pytest.mark.parametrize("format_id", sorted(EXPECTED_PIXELS))
def test_fixed_formats_have_exact_pixel_sizes(campaign, fonts, format_id):
    for subject in poster_subjects(campaign):
        assert layout(subject, campaign, poster_format(format_id), fonts).pixels == EXPECTED_PIXELS[format_id]


def test_strips_have_fixed_height_and_grow_with_the_text(campaign, fonts):
    short, long = slogan_subject(campaign.slogans[0]), slogan_subject(campaign.slogans[14])
    for format_id, height in (("banner", 180), ("led", 32)):
        a = layout(short, campaign, poster_format(format_id), fonts)
        b = layout(long, campaign, poster_format(format_id), fonts)
        assert a.pixels[1] == b.pixels[1] == height
        assert b.pixels[0] > a.pixels[0]
    assert layout(short, campaign, poster_format("banner"), fonts).height_mm == pytest.approx(900)


def _inside(box, rect, tolerance=0.01):
    x, y, w, h = box
    rx, ry, rw, rh = rect
    return x >= rx - tolerance and y >= ry - tolerance and x + w <= rx + rw + tolerance and y + h <= ry + rh + tolerance


@pytest.mark.parametrize("p", [p for p in FORMATS if p.kind in ("poster", "couplet")], ids=lambda p: p.id)
def test_all_text_stays_inside_the_safe_area(campaign, fonts, p):
    for subject in poster_subjects(campaign):
        poster = layout(subject, campaign, p, fonts, "https://example.org/s/" if p.qr else None)
        assert _inside(poster.text_rect_mm, p.safe_rect_mm()), (subject.id, p.id)
        for item in poster.items:
            if isinstance(item, QRCode):
                assert _inside((item.x, item.y, item.size, item.size), p.safe_rect_mm())


def test_print_safe_area_is_at_least_10_mm_from_the_trim():
    for p in FORMATS:
        if p.is_print:
            assert p.bleed_mm == 3
            assert min(p.safe_insets) >= 10


def test_wechat_cover_keeps_text_in_the_central_square(campaign, fonts):
    p = poster_format("wechat-cover")
    for subject in poster_subjects(campaign):
        x, _, w, _ = layout(subject, campaign, p, fonts).text_rect_mm
        side = (900 - 383) / 2 * p.mm_per_px
        assert x >= side and x + w <= (900 - side / p.mm_per_px) * p.mm_per_px


def test_vertical_keeps_text_in_the_middle_70_percent(campaign, fonts):
    p = poster_format("vertical")
    for subject in poster_subjects(campaign):
        _, y, _, h = layout(subject, campaign, p, fonts, "https://example.org/").text_rect_mm
        assert y >= 0.15 * 1920 * p.mm_per_px and y + h <= 0.85 * 1920 * p.mm_per_px


def test_couplet_puts_first_half_on_the_right_top_to_bottom(campaign, fonts):
    subject = slogan_subject(campaign.slogans[0])  # 湖北质量 共创共享
    poster = layout(subject, campaign, poster_format("couplet"), fonts)
    big = [g for g in poster.items if isinstance(g, Glyph) and g.size == poster.slogan_size_mm]
    first = [g for g in big if g.char in "湖北质量"]
    second = [g for g in big if g.char in "共创享"]
    assert min(g.x for g in first) > max(g.x for g in second)
    assert [g.char for g in sorted(first, key=lambda g: g.baseline)] == list("湖北质量")
    assert len({round(g.x, 6) for g in first}) == 1  # one column


def test_slogan_is_the_dominant_text(campaign, fonts):
    for p in FORMATS:
        if p.kind == "poster":
            for subject in poster_subjects(campaign):
                poster = layout(subject, campaign, p, fonts)
                sizes = [g.size for g in poster.items if isinstance(g, Glyph)]
                assert poster.slogan_size_mm == max(sizes)
                assert sorted(sizes)[-1] >= 1.5 * max(s for s in sizes if s < poster.slogan_size_mm)


def test_qr_code_only_with_an_address(campaign, fonts):
    subject = slogan_subject(campaign.slogans[0])
    for p in FORMATS:
        without = layout(subject, campaign, p, fonts, None)
        with_url = layout(subject, campaign, p, fonts, "https://example.org/slogans/x/")
        assert not any(isinstance(i, QRCode) for i in without.items)
        assert any(isinstance(i, QRCode) for i in with_url.items) == (p.id in ("print-a3", "print-a4", "vertical"))


def test_qr_code_is_drawn_dark_on_light(campaign, fonts):
    subject = slogan_subject(campaign.slogans[0])
    image = draw(layout(subject, campaign, poster_format("vertical"), fonts, "https://example.org/s/"), fonts)
    colours = {c for _, c in image.convert("RGB").getcolors(1 << 20)}
    assert (0, 0, 0) in colours and (255, 255, 255) in colours
    plain = draw(layout(subject, campaign, poster_format("vertical"), fonts, None), fonts)
    assert (0, 0, 0) not in {c for _, c in plain.convert("RGB").getcolors(1 << 20)}


def test_character_outside_the_fonts_fails_validation_naming_slogan_char_and_code_point(campaign, fonts):
    odd = "\U00020000"  # CJK Extension B: far outside GB 2312
    assert odd not in subset_characters()
    bad = replace(
        campaign,
        slogans=tuple(
            replace(s, text=f"匠心湖北 质赢未{odd}", halves=("匠心湖北", f"质赢未{odd}"))
            if s.id == "jiangxin-hubei-zhiying-weilai"
            else s
            for s in campaign.slogans
        ),
    )
    problems = poster_problems(bad, fonts, "slogans.yaml")
    assert len(problems) == 1
    message = str(problems[0])
    line = next(i for i, row in enumerate(YAML.read_text(encoding="utf-8").splitlines(), 1)
                if "text: 匠心湖北 质赢未来" in row)
    assert message.startswith(f"slogans.yaml:{line}:")
    assert "jiangxin-hubei-zhiying-weilai" in message and odd in message and "U+20000" in message


def test_slogan_that_cannot_fit_fails_validation_naming_slogan_and_format(campaign, fonts):
    long_half = "质量" * 40
    bad = replace(
        campaign, slogans=campaign.slogans + (Slogan("tai-chang", f"{long_half} 共享", (long_half, "共享"), 19),)
    )
    problems = poster_problems(bad, fonts, "slogans.yaml")
    messages = [p.message for p in problems]
    assert messages and all("tai-chang" in m for m in messages)
    assert any("print-a3" in m for m in messages) and any("couplet" in m for m in messages)


def test_the_campaign_as_published_passes_every_check(campaign, fonts):
    assert poster_problems(campaign, fonts, "slogans.yaml", with_qr=True) == []
