"""Poster designs as data: the shipped designs, what the check says of a wrong design file, and how each prints.

Layouts only (no drawing) for the geometry of every design in every format; one poster per
design is drawn and printed to compare the PNG with what Ghostscript makes of the PDF.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from campaign.content.colors import MIN_TEXT_CONTRAST, contrast_ratio
from campaign.content.slogans_file import load_campaign
from campaign.posters.design_file import load_designs, parse_design
from campaign.posters.formats import FORMATS, poster_format
from campaign.posters.layout import Glyph, IssuerLine, Rect, layout
from campaign.posters.raster import draw
from campaign.posters.render import SeriesCache, plan_jobs, render_outputs
from campaign.posters.subjects import poster_subjects
from campaign.problems import ContentError
from conftest import MINI, ROOT, make_project, require_tools
from PIL import Image, ImageChops, ImageFilter, ImageStat

import site_build

CAMPAIGN = load_campaign(ROOT / "slogans.yaml")
DESIGNS = load_designs(ROOT / "theme", CAMPAIGN.colors)
BAIDI = (ROOT / "theme" / "designs" / "baidi.yaml").read_text(encoding="utf-8")
POSTERS = [p for p in FORMATS if p.kind == "poster"]


def test_three_designs_ship_in_their_order_and_look_distinct():
    assert [d.id for d in DESIGNS] == ["huodong", "baidi", "landi"]
    assert [d.order for d in DESIGNS] == sorted(d.order for d in DESIGNS)
    grounds = [d.named(d.poster.ground).screen for d in DESIGNS]
    assert grounds[0] == CAMPAIGN.colors.primary and len(set(grounds)) == 3
    assert len({d.colour("slogan").screen for d in DESIGNS}) == 3
    assert all(d.name and d.description for d in DESIGNS)


def test_the_campaign_design_follows_slogans_yaml():
    mini = load_campaign(MINI / "slogans.yaml")
    design = load_designs(ROOT / "theme", mini.colors)[0]
    assert design.named(design.poster.ground).cmyk == mini.colors.primary_cmyk
    assert design.colour("slogan").screen == mini.colors.accent


def _layouts(design, poster_format, fonts):
    """Return the layouts of the theme and two slogans (the whole campaign's series) in one design and format."""
    series = SeriesCache(poster_subjects(CAMPAIGN), CAMPAIGN, fonts)
    settings = series.settings(design, poster_format, poster_format.qr, None)
    return [layout(s, settings[s.id], CAMPAIGN, poster_format, fonts, design,
                   "https://example.org/x/" if poster_format.qr else None)
            for s in poster_subjects(CAMPAIGN)[:3]]


@pytest.mark.parametrize("design", DESIGNS, ids=lambda d: d.id)
def test_every_format_lays_out_in_every_design_with_text_off_shapes_and_legible(design, fonts):
    for each in FORMATS:
        for poster in _layouts(design, each, fonts):
            glyphs = [g for g in poster.items if isinstance(g, Glyph)]
            assert glyphs, each.id
            for slot in poster.slots:  # every line on what lies under it: WCAG 4.5:1
                assert contrast_ratio(slot.colour.screen, slot.ground.screen) >= MIN_TEXT_CONTRAST, (
                    design.id, each.id, slot.name)
            if each.kind != "poster":
                continue
            shapes = [r for r in poster.items if isinstance(r, Rect) and r.h > 0 and r.fill != poster.background]
            if each.id == "wechat-cover":  # nothing marks where a chat share crops the cover to its centre square
                crop = (900 - 383) / 2 * each.mm_per_px
                for edge in (x for r in shapes for x in (r.x, r.x + r.w)):
                    assert min(abs(edge - crop), abs(edge - (poster.width_mm - crop))) > each.mm_per_px, design.id
            for rect in shapes:  # a shape either holds a line whole (a panel) or stays clear of every glyph
                for glyph in glyphs:
                    box = (glyph.x, glyph.baseline - 0.88 * glyph.size, glyph.size, glyph.size)
                    inside = rect.x <= box[0] and rect.y <= box[1] and box[0] + box[2] <= rect.x + rect.w and (
                        box[1] + box[3] <= rect.y + rect.h)
                    apart = box[0] >= rect.x + rect.w or rect.x >= box[0] + box[2] or box[1] >= rect.y + rect.h or (
                        rect.y >= box[1] + box[3])
                    assert inside or apart, (design.id, each.id, glyph.char, rect)


@pytest.mark.parametrize("design", DESIGNS, ids=lambda d: d.id)
def test_print_colours_stay_within_press_limits_and_black_text_is_k_only(design):
    for colour in design.colours.values():
        assert sum(colour.cmyk) <= 300
        cyan, magenta, yellow, black = colour.cmyk
        assert not (black >= 85 and (cyan or magenta or yellow)), colour


def test_couplets_are_red_in_every_design():
    for design in DESIGNS:
        red, green, blue = (int(design.named(design.couplet.ground).screen[i:i + 2], 16) for i in (1, 3, 5))
        assert red > 150 and green < 60 and blue < 60, design.id


@pytest.mark.parametrize("format_id", ["print-a4", "vertical", "wechat-cover"])
def test_the_issuer_slot_lets_another_renderer_set_the_落款_where_this_engine_would(fonts, format_id):
    p = poster_format(format_id)
    subject = poster_subjects(CAMPAIGN)[1]
    for design in DESIGNS:
        settings = SeriesCache(poster_subjects(CAMPAIGN), CAMPAIGN, fonts).settings(design, p, False, True)
        blank = layout(subject, settings[subject.id], CAMPAIGN, p, fonts, design, issuer=IssuerLine(None))
        named = layout(subject, settings[subject.id], CAMPAIGN, p, fonts, design, issuer=IssuerLine("示例县市场监督管理局"))
        slot = blank.slot("issuer")
        assert slot is not None and slot == named.slot("issuer")
        assert slot.face == design.lines["issuer"].face and slot.colour == design.colour("issuer")
        assert slot.min_size == pytest.approx(p.text_floor_mm) and slot.size >= slot.min_size
        extra = [g for g in named.items if g not in blank.items]
        assert "".join(g.char for g in extra) == "示例县市场监督管理局"
        size = slot.size_for("示例县市场监督管理局", fonts[slot.face])
        assert {g.size for g in extra} == {size}
        width = fonts[slot.face].width("示例县市场监督管理局", size)
        start = {"left": slot.x, "centre": slot.x + (slot.width - width) / 2, "right": slot.x + slot.width - width}
        assert min(g.x for g in extra) == pytest.approx(start[slot.align])
        expected = slot.top + (slot.size - size) / 2 + slot.ascent * size
        assert all(g.baseline == pytest.approx(expected) for g in extra)
        assert named.setting == blank.setting and [i for i in blank.items if i not in named.items] == []


# --- wrong design files ------------------------------------------------------------------------------

CASES = [
    ("typo", "rule_color: red", "rule_colr: red", "rule_colr", ["rule_colr", "是否想写“rule_color”"]),
    ("hex", 'red: {screen: "#C8161D"', 'red: {screen: "red"', 'screen: "red"', ["screen", "#RRGGBB"]),
    ("rich black", "black: {screen: \"#231F20\", cmyk: [0, 0, 0, 100]}",
     "black: {screen: \"#231F20\", cmyk: [60, 40, 40, 100]}", "cmyk: [60, 40, 40, 100]", ["四色黑", "[0, 0, 0, 100]"]),
    ("ink", "deep-red: {screen: \"#B71C1C\", cmyk: [0, 100, 100, 25]}",
     "deep-red: {screen: \"#B71C1C\", cmyk: [90, 100, 100, 25]}", "cmyk: [90, 100, 100, 25]", ["总墨量是 315%"]),
    ("unknown colour", "slogan: {face: serif, color: red}", "slogan: {face: serif, color: crimson}",
     "crimson", ["“crimson”不在本文件的 colors 中", "可用"]),
    ("face", "slogan: {face: serif, color: red}", "slogan: {face: kaiti, color: red}", "kaiti", ["字体只能是 sans"]),
    ("contrast", "theme: {face: sans, color: black}", "theme: {face: sans, color: gold}", "color: gold}",
     ["对比度只有", "4.5:1"]),
    ("white couplet", "  ground: deep-red\n", "  ground: paper\n", "ground: paper\n  ink: gold",
     ["不是红色", "丧事"]),
    ("no 落款", "footer: [rule, issuer, caption]", "footer: [rule, caption]", "footer:", ["必须有 issuer"]),
    ("part", "header: [title, double-rule, theme]", "header: [title, triple-rule, theme]", "triple-rule",
     ["不能有“triple-rule”"]),
    ("shape", "{band: bottom, depth: 0.22, color: red}", "{band: left, depth: 0.22, color: red}", "left",
     ["只能是 top 或 bottom"]),
    ("number", "  qr: right\n", "  qr: right\n  unit: 0.5\n", "unit: 0.5", ["poster.unit", "0.02 到 0.1"]),
    ("yaml", "  qr: right\n", "  qr: [right\n", "  shapes:", ["YAML 格式错误"]),  # found where the list fails
]


@pytest.mark.parametrize(("case", "old", "new", "marker", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_wrong_design_file_names_line_and_field_in_chinese(case, old, new, marker, words):
    assert old in BAIDI
    text = BAIDI.replace(old, new, 1)
    with pytest.raises(ContentError) as caught:
        parse_design(text, "baidi", "theme/designs/baidi.yaml", CAMPAIGN.colors)
    report = caught.value.report()
    line = text[: text.index(marker)].count("\n") + 1
    assert f"theme/designs/baidi.yaml:{line}:" in report, report
    for word in words:
        assert word in report, report


@pytest.fixture
def own_theme(tmp_path):
    """A project of the fixture campaign whose theme has its own designs folder (the rest linked)."""
    project = make_project(tmp_path / "project", campaign=MINI)
    (project / "theme").unlink()
    (project / "theme").mkdir()
    for item in (ROOT / "theme").iterdir():
        if item.name != "designs":
            (project / "theme" / item.name).symlink_to(item, target_is_directory=item.is_dir())
    shutil.copytree(ROOT / "theme" / "designs", project / "theme" / "designs")
    return project


def test_check_reports_a_design_error_with_its_file_and_line(own_theme, capsys):
    design = own_theme / "theme" / "designs" / "landi.yaml"
    design.write_text(design.read_text(encoding="utf-8").replace("order: 3", "order: 2"), encoding="utf-8")
    (own_theme / "theme" / "designs" / "notes.txt").write_text("草稿", encoding="utf-8")
    assert site_build.main(["--config", str(own_theme / "mkdocs.yml"), "check"]) == 1
    err = capsys.readouterr().err
    assert "theme/designs/landi.yaml:1:1: 设计的“order”（2）与 theme/designs/baidi.yaml 相同" in err
    assert "theme/designs/notes.txt:1:1: theme/designs/ 中只能放海报设计文件（.yaml）" in err


def test_adding_a_design_is_adding_a_file(own_theme, fonts):
    text = (own_theme / "theme" / "designs" / "landi.yaml").read_text(encoding="utf-8")
    (own_theme / "theme" / "designs" / "qinglan.yaml").write_text(
        text.replace("name: 蓝底白字", "name: 青蓝").replace("order: 3", "order: 4").replace("#0D3B66", "#134E6F"),
        encoding="utf-8")
    mini = load_campaign(own_theme / "slogans.yaml")
    designs = load_designs(own_theme / "theme", mini.colors)
    assert [d.id for d in designs] == ["huodong", "baidi", "landi", "qinglan"]
    jobs = plan_jobs(poster_subjects(mini)[:1], mini, (poster_format("square"),), fonts, designs, {})
    assert [j.file_name("png") for j in jobs][-1] == "huodong-zhuti-square-qinglan.png"
    image = Image.open(io.BytesIO(render_outputs(jobs[-1].subject, jobs[-1].setting, mini, jobs[-1].poster_format,
                                                 fonts, designs[-1], None).files["png"]))
    assert image.convert("RGB").getpixel((540, 540)) == (0x13, 0x4E, 0x6F)


# --- drawn and printed ----------------------------------------------------------------------------------


def _render(design, format_id, fonts):
    p = poster_format(format_id)
    jobs = plan_jobs(poster_subjects(CAMPAIGN)[:2], CAMPAIGN, (p,), fonts, (design,), {})
    job = jobs[1]
    return render_outputs(job.subject, job.setting, CAMPAIGN, p, fonts, design, None, previews=False).files


@pytest.mark.parametrize("design", DESIGNS[1:], ids=lambda d: d.id)
def test_a_design_of_several_colours_prints_as_it_shows(design, fonts, tmp_path):
    """The PDF, separated into inks by Ghostscript, and the PNG, classed by screen colour, put each of the
    design's colours in the same places (within one pixel at 50 dpi); the PDF uses only the declared inks."""
    require_tools("gs", package="ghostscript")
    files = _render(design, "print-a4", fonts)
    (tmp_path / "poster.pdf").write_bytes(files["pdf"])
    out = tmp_path / "separated.tif"
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc", "-r100",
                    f"-sOutputFile={out}", str(tmp_path / "poster.pdf")], check=True, capture_output=True)
    with Image.open(out) as separated:
        separated.load()
    used = {design.named(design.poster.ground)} | {design.colour(line) for line in design.lines} | {
        design.named(s.colour) for s in design.poster.shapes} | {design.named(design.poster.rule_colour)}
    colours = sorted(used, key=lambda c: c.screen)
    bands = separated.split()

    def printed(colour):  # where the PDF puts this colour's inks (Ghostscript rounds a percentage either way)
        mask = None
        for band, percent in zip(bands, colour.cmyk, strict=True):
            level = percent * 255 / 100
            one = band.point(lambda v, level=level: 255 if abs(v - level) <= 1 else 0)
            mask = one if mask is None else ImageChops.multiply(mask, one)
        return mask

    masks = [printed(c) for c in colours]
    covered = masks[0]
    for mask in masks[1:]:
        covered = ImageChops.lighter(covered, mask)
    assert ImageStat.Stat(covered).mean[0] == 255  # every pixel is one of the declared colours
    with Image.open(io.BytesIO(files["png"])) as png:
        assert png.mode == "P"
        screen = png.convert("RGB").resize(separated.size, Image.Resampling.NEAREST)

    def shown(colour):  # where the PNG shows this colour itself (anti-aliased edges are a blend: neither)
        mask = None
        for band, value in zip(screen.split(), (int(colour.screen[i:i + 2], 16) for i in (1, 3, 5)), strict=True):
            one = band.point(lambda v, value=value: 255 if abs(v - value) <= 6 else 0)
            mask = one if mask is None else ImageChops.multiply(mask, one)
        return mask

    def stray(one, other):  # share of pixels of ``one`` with no pixel of ``other`` within one pixel
        return ImageStat.Stat(ImageChops.subtract(one, other.filter(ImageFilter.MaxFilter(3)))).mean[0] / 255

    pure = [shown(c) for c in colours]
    for number, colour in enumerate(colours):
        others = Image.new("L", screen.size, 0)
        for other in pure[:number] + pure[number + 1:]:
            others = ImageChops.lighter(others, other)
        assert stray(pure[number], masks[number]) < 0.001, (design.id, colour.screen, "shown, not printed")
        assert stray(masks[number], others.point(lambda v: 255 - v)) < 0.001, (design.id, colour.screen,
                                                                                 "printed, shown as another colour")


@pytest.mark.parametrize("design", DESIGNS[1:], ids=lambda d: d.id)
def test_a_design_of_several_colours_draws_the_same_bytes_twice_and_blends_edges_into_what_lies_under(design, fonts):
    first, again = (_render(design, "square", fonts)["png"] for _ in range(2))
    assert first == again
    with Image.open(io.BytesIO(first)) as image:
        assert image.mode == "P"
        rgb = image.convert("RGB")
    ground = tuple(int(design.named(design.poster.ground).screen[i:i + 2], 16) for i in (1, 3, 5))
    ink = tuple(int(design.colour("slogan").screen[i:i + 2], 16) for i in (1, 3, 5))
    colours = {c for _, c in rgb.getcolors(1 << 16)}
    assert ground in colours and ink in colours
    between = [c for c in colours if all(min(a, b) <= v <= max(a, b) for v, a, b in zip(c, ground, ink, strict=True))
               and c not in (ground, ink)]
    assert len(between) > 20  # anti-aliased slogan edges: shades from the ground to the slogan's colour


def test_the_template_for_another_renderer_draws_like_an_office_poster_without_its_name(fonts):
    from campaign.posters.layout import slot_data
    from campaign.posters.render import issuer_template

    p, design = poster_format("wechat-square"), DESIGNS[1]
    subject = poster_subjects(CAMPAIGN)[1]
    series = SeriesCache(poster_subjects(CAMPAIGN), CAMPAIGN, fonts)
    blank = issuer_template(subject, CAMPAIGN, p, fonts, design, series)
    setting = series.settings(design, p, False, True)[subject.id]
    office = layout(subject, setting, CAMPAIGN, p, fonts, design, issuer=IssuerLine("示例县市场监督管理局"))
    assert [i for i in office.items if i not in blank.items] and set(blank.items) <= set(office.items)
    data = slot_data(blank.slot("issuer"), p.dpi)
    assert data["face"] == "sans" and data["colour"] == design.colour("issuer").screen
    assert data["px"]["min_size"] == pytest.approx(24) and data["px"]["x"] == pytest.approx(52, abs=0.01)  # 30 px + 5 %
    draw(blank, fonts)  # the background a page draws the name on
    with pytest.raises(ValueError):
        issuer_template(subject, CAMPAIGN, poster_format("led-16"), fonts, design, series)
