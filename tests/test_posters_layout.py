"""Poster layout and checks: sizes, text areas and covered bands, floors, series, lines, QR codes (no files written)."""

from dataclasses import replace
from pathlib import Path

import pytest
from campaign.content.model import Slogan
from campaign.content.slogans_file import load_campaign
from campaign.posters.checks import poster_problems
from campaign.posters.design import campaign_design
from campaign.posters.font_subsets import subset_characters
from campaign.posters.formats import FORMATS, poster_format
from campaign.posters.layout import Glyph, QRCode, Rect, layout, slogan_settings
from campaign.posters.linebreak import inside_terms
from campaign.posters.raster import draw
from campaign.posters.series import campaign_terms
from campaign.posters.subjects import poster_subjects

ROOT = Path(__file__).resolve().parent.parent
YAML = ROOT / "slogans.yaml"
URL = "https://example.org/slogans/x/"
POSTERS = [p for p in FORMATS if p.kind == "poster"]


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(YAML)


def series(campaign, fonts, poster_format, with_qr=False):
    """Return (subjects, settings) of the campaign's series in one format; fails the test if any cannot fit."""
    subjects = poster_subjects(campaign)
    settings, failures = slogan_settings(subjects, campaign, poster_format, fonts, campaign_design(campaign),
                                         campaign_terms(subjects), with_qr)
    assert failures == []
    return subjects, settings


def layouts(campaign, fonts, poster_format, with_qr=False):
    """Return the layout of every subject of the campaign in one format."""
    subjects, settings = series(campaign, fonts, poster_format, with_qr)
    design = campaign_design(campaign)
    return [layout(s, settings[s.id], campaign, poster_format, fonts, design, URL if with_qr else None)
            for s in subjects]


EXPECTED_PIXELS = {
    "print-a3": (3579, 5031),
    "print-a4": (2551, 3579),
    "wechat-cover": (900, 383),
    "wechat-square": (500, 500),
    "vertical": (1080, 1920),
    "xiaohongshu": (1242, 1660),
    "square": (1080, 1080),
}


@pytest.mark.parametrize("format_id", sorted(EXPECTED_PIXELS))
def test_fixed_formats_have_exact_pixel_sizes(campaign, fonts, format_id):
    assert {p.pixels for p in layouts(campaign, fonts, poster_format(format_id))} == {EXPECTED_PIXELS[format_id]}


def test_strips_have_fixed_height_and_grow_with_the_text(campaign, fonts):
    for format_id, height in (("banner", 180), ("led-16", 16), ("led-32", 32)):
        strips = layouts(campaign, fonts, poster_format(format_id))
        assert {p.pixels[1] for p in strips} == {height}
        short, long = strips[1], strips[15]  # 湖北质量 共创共享; 加强全面质量管理 推动经济高质量发展
        assert long.pixels[0] > short.pixels[0]
    assert layouts(campaign, fonts, poster_format("banner"))[0].height_mm == pytest.approx(900)


@pytest.mark.parametrize("format_id", ["led-16", "led-32"])
def test_led_strips_are_whole_p10_modules(campaign, fonts, format_id):
    for strip in layouts(campaign, fonts, poster_format(format_id)):
        assert strip.pixels[0] % 32 == 0 and strip.mode == "1"


def _overlaps(box, rect):
    x, y, w, h = box
    rx, ry, rw, rh = rect
    return x < rx + rw - 1e-6 and rx < x + w - 1e-6 and y < ry + rh - 1e-6 and ry < y + h - 1e-6


def _inside(box, rect, tolerance=0.01):
    x, y, w, h = box
    rx, ry, rw, rh = rect
    return x >= rx - tolerance and y >= ry - tolerance and x + w <= rx + rw + tolerance and y + h <= ry + rh + tolerance


def _boxes(poster):
    """Return the ink boxes of every glyph (em box) and QR code of a layout."""
    boxes = [(g.x, g.baseline - g.size * 0.88, g.size, g.size) for g in poster.items if isinstance(g, Glyph)]
    boxes += [(q.x, q.y, q.size, q.size) for q in poster.items if isinstance(q, QRCode)]
    return boxes


@pytest.mark.parametrize("p", POSTERS, ids=lambda p: p.id)
def test_text_and_qr_codes_stay_in_the_text_area_and_out_of_covered_bands(campaign, fonts, p):
    for poster in layouts(campaign, fonts, p, with_qr=p.qr):
        for box in _boxes(poster):
            assert _inside(box, p.text_rect_mm()), (poster.format_id, box)
            assert not any(_overlaps(box, band) for band in p.covered_rects_mm())


def test_formats_declare_the_bands_their_platform_covers():
    covered = {p.id: {b.edge for b in p.covered} for p in FORMATS}
    assert covered["vertical"] == {"top", "bottom", "right"}
    assert covered["wechat-cover"] == {"left", "right"}
    assert covered["rollup"] == {"bottom"}
    assert poster_format("rollup").covered[0].depth == 300  # mm hidden by the stand


def test_vertical_keeps_text_out_of_the_apps_top_and_bottom(campaign, fonts):
    p = poster_format("vertical")
    for poster in layouts(campaign, fonts, p, with_qr=True):
        for _, y, _, h in _boxes(poster):
            assert y >= 0.15 * 1920 * p.mm_per_px and y + h <= 0.75 * 1920 * p.mm_per_px


def test_wechat_cover_reads_alone_in_its_centre_square_without_guide_lines(campaign, fonts):
    p = poster_format("wechat-cover")
    side = (900 - 383) / 2 * p.mm_per_px
    for poster in layouts(campaign, fonts, p):
        x, _, w, _ = poster.text_rect_mm
        assert x >= side and x + w <= poster.width_mm - side
        for rect in (i for i in poster.items if isinstance(i, Rect)):
            # Bands run the full width; rules stay in the square; nothing marks the crop.
            assert rect.w == pytest.approx(poster.width_mm) or _inside((rect.x, rect.y, rect.w, rect.h),
                                                                       (side, 0, 383 * p.mm_per_px, poster.height_mm))
            assert rect.h < poster.height_mm / 2


def test_print_text_stays_at_least_10_mm_inside_the_trim():
    for p in FORMATS:
        if p.is_print:
            x, y, w, h = p.text_rect_mm()
            width, height = p.canvas_mm()
            assert min(x, y, width - x - w, height - y - h) >= p.bleed_mm + 10


def test_office_a4_has_no_bleed_and_a_white_margin(campaign, fonts):
    p = poster_format("print-a4-office")
    assert p.bleed_mm == 0 and p.canvas_mm() == (210, 297) and p.paper_margin_mm >= 5
    poster = layouts(campaign, fonts, p)[0]
    assert poster.background is None  # unprinted paper around the printed area
    ground = poster.items[0]
    assert (ground.x, ground.y) == (p.paper_margin_mm, p.paper_margin_mm) and ground.w == 210 - 2 * p.paper_margin_mm


@pytest.mark.parametrize("p", POSTERS, ids=lambda p: p.id)
def test_secondary_lines_are_never_below_the_legibility_floor(campaign, fonts, p):
    for poster in layouts(campaign, fonts, p, with_qr=p.qr):
        small = [g.size for g in poster.items if isinstance(g, Glyph) and g.size < poster.setting.size_mm]
        assert small and min(small) >= p.text_floor_mm - 1e-9


def test_a_line_too_long_for_the_floor_is_dropped_not_shrunk(campaign, fonts):
    p = poster_format("wechat-square")
    normal = layouts(campaign, fonts, p)[1]
    assert "issuer" in {s.name for s in normal.slots}
    long = replace(campaign, issuer="湖北省质量强省工作委员会办公室" * 2)
    poster = layouts(long, fonts, p)[1]
    assert "issuer" not in {s.name for s in poster.slots}
    assert not any(isinstance(g, Glyph) and g.char == "委" for g in poster.items)
    assert min(g.size for g in poster.items if isinstance(g, Glyph)) >= p.text_floor_mm


def test_the_wechat_cover_drops_the_lines_it_cannot_set_legibly(campaign, fonts):
    names = {s.name for s in layouts(campaign, fonts, poster_format("wechat-cover"))[1].slots}
    assert names == {"title", "slogan"}  # theme line and 落款 would be under 24 px in the centre square


@pytest.mark.parametrize("p", [p for p in FORMATS if p.kind in ("poster", "couplet")], ids=lambda p: p.id)
def test_a_format_sets_the_series_at_one_size(campaign, fonts, p):
    _, settings = series(campaign, fonts, p)
    assert len({round(s.size_mm, 6) for s in settings.values()}) == 1


def test_an_outlier_steps_down_to_a_second_size_and_the_series_keeps_its_own(campaign, fonts):
    long = "全面提升产品服务工程质量"  # 12 characters, kept on one line by staff: too wide for the series size
    outlier = replace(campaign, slogans=campaign.slogans + (
        Slogan("chang", f"{long} 共享", (long, "共享"), 19, lines=(long, "共享")),))
    for p in (poster_format("print-a3"), poster_format("couplet-print")):
        _, before = series(campaign, fonts, p)
        _, after = series(outlier, fonts, p)
        sizes = {round(s.size_mm, 6) for s in after.values()}
        assert len(sizes) == 2
        assert round(after["chang"].size_mm, 6) == min(sizes) < before[campaign.slogans[0].id].size_mm
        assert {sid: s for sid, s in after.items() if sid != "chang"} == before


@pytest.mark.parametrize("p", POSTERS, ids=lambda p: p.id)
def test_halves_break_only_when_they_do_not_fit_and_never_inside_a_recurring_term(campaign, fonts, p):
    subjects = poster_subjects(campaign)
    face = fonts[campaign_design(campaign).lines["slogan"].face]
    terms = campaign_terms(subjects)
    for subject, poster in zip(subjects, layouts(campaign, fonts, p), strict=True):
        lines, size = poster.setting.lines, poster.setting.size_mm
        assert "".join(lines) == "".join(subject.halves)
        area = next(s for s in poster.slots if s.name == "slogan")
        for half in subject.halves:
            if face.width(half, size) <= area.width:  # fits the measure at the series size: one line
                assert half in lines, (subject.id, half, lines)
        position = 0
        for line in lines[:-1]:
            position += len(line)
            assert position not in inside_terms("".join(subject.halves), terms), (subject.id, lines)


@pytest.mark.parametrize("format_id", ["print-a3", "print-a4", "vertical", "xiaohongshu"])
def test_the_issue_examples_keep_their_terms(campaign, fonts, format_id):
    _, settings = series(campaign, fonts, poster_format(format_id))
    assert settings["wei-hubei-zhiliang-pinbo-wei-pinzhi-hubei-jiayou"].lines == ("为湖北质量拼搏", "为品质湖北加油")
    lines = settings["jiaqiang-quanmian-zhiliang-guanli-tuidong-jingji-gaozhiliang-fazhan"].lines
    assert lines[0] == "加强全面质量管理" and "高质量发展" in lines


def test_staff_lines_override_the_line_breaker(campaign, fonts):
    target = "jiaqiang-quanmian-zhiliang-guanli-tuidong-jingji-gaozhiliang-fazhan"
    lines = ("加强", "全面质量管理", "推动经济", "高质量发展")
    chosen = replace(campaign, slogans=tuple(replace(s, lines=lines) if s.id == target else s for s in campaign.slogans))
    for p in (poster_format("print-a3"), poster_format("square")):
        _, settings = series(chosen, fonts, p)
        assert settings[target].lines == lines
        poster = layout(next(s for s in poster_subjects(chosen) if s.id == target), settings[target], chosen, p, fonts,
                        campaign_design(chosen))
        baselines = sorted({round(g.baseline, 6) for g in poster.items if isinstance(g, Glyph)
                            and g.size == settings[target].size_mm})
        assert len(baselines) == 4


def test_couplet_columns_are_separate_sheets_first_half_on_the_right_with_no_header(campaign, fonts):
    p = poster_format("couplet-print")
    poster = layouts(campaign, fonts, p)[1]  # 湖北质量 共创共享
    glyphs = [g for g in poster.items if isinstance(g, Glyph)]
    assert "".join(g.char for g in glyphs) == "湖北质量共创共享"  # no title, no 落款
    right, left = {s.output: s for s in poster.sheets}["shanglian.pdf"], {s.output: s for s in poster.sheets}[
        "xialian.pdf"]
    assert right.x > left.x and right.w == left.w == 400 + 2 * p.bleed_mm
    first = [g for g in glyphs if g.char in "湖北质量"]
    assert all(right.x <= g.x < right.x + right.w for g in first)
    assert [g.char for g in sorted(first, key=lambda g: g.baseline)] == list("湖北质量")
    assert poster.setting.lines == ("湖北质量", "共创共享")


def test_slogan_is_the_dominant_text(campaign, fonts):
    for p in POSTERS:
        for poster in layouts(campaign, fonts, p):
            sizes = [g.size for g in poster.items if isinstance(g, Glyph)]
            assert poster.setting.size_mm == max(sizes)
            assert max(sizes) >= 1.5 * max(s for s in sizes if s < poster.setting.size_mm)


def test_layout_reports_the_issuer_box(campaign, fonts):
    poster = layouts(campaign, fonts, poster_format("print-a4"), with_qr=True)[1]
    slot = next(s for s in poster.slots if s.name == "issuer")
    glyphs = [g for g in poster.items if isinstance(g, Glyph) and g.size == slot.size]
    assert slot.align == "left" and min(g.x for g in glyphs) == pytest.approx(slot.x)
    assert "".join(g.char for g in glyphs).startswith(campaign.issuer)


def test_qr_code_only_with_an_address(campaign, fonts):
    for p in FORMATS:
        with_url = layouts(campaign, fonts, p, with_qr=True)[1]
        without = layouts(campaign, fonts, p)[1]
        assert not any(isinstance(i, QRCode) for i in without.items)
        assert any(isinstance(i, QRCode) for i in with_url.items) == p.qr
    assert {p.id for p in FORMATS if p.qr} == {"print-a3", "print-a4", "print-a4-office", "rollup", "vertical"}


def test_qr_codes_are_large_enough_to_scan(campaign, fonts):
    for p in FORMATS:
        if p.qr:
            code = next(i for i in layouts(campaign, fonts, p, with_qr=True)[1].items if isinstance(i, QRCode))
            assert code.size >= (20 if p.is_print else 160 * p.mm_per_px) - 1e-9, p.id


def test_qr_code_is_drawn_dark_on_light(campaign, fonts):
    vertical = poster_format("vertical")
    image = draw(layouts(campaign, fonts, vertical, with_qr=True)[1], fonts)
    colours = {c for _, c in image.convert("RGB").getcolors(1 << 20)}
    assert (0, 0, 0) in colours and (255, 255, 255) in colours
    plain = draw(layouts(campaign, fonts, vertical)[1], fonts)
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
    assert any("print-a3" in m for m in messages) and any("couplet-print" in m for m in messages)


def test_the_campaign_as_published_passes_every_check(campaign, fonts):
    assert poster_problems(campaign, fonts, "slogans.yaml", with_qr=True) == []
