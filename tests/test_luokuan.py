"""The 定制落款 page's build side: the pixel rule, blank 落款 slots, font slices, the formats offered, the
published page and its files. (The page in a browser: tests/browser/test_luokuan.py.)"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from campaign.content.slogans_file import load_campaign
from campaign.posters.design import Colour
from campaign.posters.formats import FORMATS, poster_format
from campaign.posters.layout import Glyph, IssuerLine, PosterLayout, issuer_slot, layout, slot_data
from campaign.posters.raster import draw, glyph_origin
from campaign.posters.series import SloganSetting
from campaign.site import font_slices, luokuan
from campaign.site.luokuan import background_path, first_slice, page_formats, plan_page, smallest_size
from conftest import MINI, ROOT, designs_for
from fontTools.ttLib import TTFont
from html_pages import elements
from PIL import Image, ImageChops, ImageDraw

CAMPAIGN = load_campaign(ROOT / "slogans.yaml")
DESIGNS = designs_for(CAMPAIGN)


# --- one pixel rule for the engine and the page ---------------------------------------------------------------


@pytest.mark.parametrize(("x", "baseline", "origin"), [
    (10.0, 60.0, (10, 60)),
    (10.49, 60.49, (10, 60)),
    (10.4921875, 60.5, (10, 60)),  # Pillow alone would put this x at 11
    (10.5, 60.5078125, (11, 61)),  # … and this baseline at 60
    (10.51, 60.51, (11, 61)),
])
def test_a_glyph_goes_on_the_nearest_pixel_halves_right_and_up(x, baseline, origin):
    assert glyph_origin(x, baseline) == origin


def test_the_raster_draws_each_glyph_at_its_glyph_origin(fonts):
    ground, ink = Colour("#000000", (0, 0, 0, 100)), Colour("#FFFFFF", (0, 0, 0, 0))
    per_px = 25.4 / 72
    # Where Pillow, given the fractions, would snap otherwise: x to 11 (the rule: 10), the baseline to 40 (41).
    glyph = Glyph("宜", "sans", 30 * per_px, 10.496 * per_px, 40.503 * per_px, ink)
    poster = PosterLayout("test", 60 * per_px, 60 * per_px, (60, 60), 72, "RGB", ground, (glyph,),
                          SloganSetting(("宜",), 1.0))
    drawn = draw(poster, fonts).convert("L")
    expected = Image.new("L", (60, 60), 0)
    assert glyph_origin(glyph.x * (72 / 25.4), glyph.baseline * (72 / 25.4)) == (10, 41)
    ImageDraw.Draw(expected).text((10, 41), "宜", font=fonts["sans"].pillow(30), fill=255, anchor="ls")
    assert ImageChops.difference(drawn, expected.point(lambda v: round(round(v * 253 / 255) * 255 / 253))).getbbox() \
        is None


@pytest.mark.parametrize("design", range(len(DESIGNS)), ids=[d.id for d in DESIGNS])
@pytest.mark.parametrize("format_id", ["wechat-square", "square"])
def test_a_blank_issuer_slot_changes_no_pixel_outside_the_issuer(fonts, design, format_id):
    # The page's background is this poster without its 落款: every other pixel must be the poster's.
    # (白底红字 on the small square has no black line but the 落款: a blank slot still keeps its ink.)
    mini = load_campaign(MINI / "slogans.yaml")
    plan = plan_page(mini, fonts, designs_for(mini), (poster_format(format_id),), {})
    job = [j for j in plan.jobs if j.design.id == designs_for(mini)[design].id][0]
    args = (job.subject, job.setting, mini, job.poster_format, fonts, job.design, None)
    blank = draw(layout(*args, IssuerLine(None)), fonts).convert("RGB")
    named = layout(*args, IssuerLine("示例县市场监督管理局"))
    slot, scale = named.slot("issuer"), named.dpi / 25.4
    changed = ImageChops.difference(blank, draw(named, fonts).convert("RGB")).getbbox()
    assert changed is not None
    assert slot.x * scale - 1 <= changed[0] and changed[2] <= (slot.x + slot.width) * scale + 1
    assert slot.top * scale - slot.size * scale * 0.25 <= changed[1]
    assert changed[3] <= (slot.top + slot.size * 1.25) * scale


# --- the formats and sizes offered ------------------------------------------------------------------------------


def test_the_page_offers_screen_formats_and_a4_not_a3_or_vector_only_files():
    offered = [f.id for f in page_formats(FORMATS)]
    assert offered == ["print-a4", "wechat-cover", "wechat-square", "vertical", "xiaohongshu", "square"]
    assert all(p.canvas_px()[0] * p.canvas_px()[1] <= luokuan.CANVAS_LIMIT for p in page_formats(FORMATS))
    assert poster_format("print-a3").canvas_px()[0] * poster_format("print-a3").canvas_px()[1] > luokuan.CANVAS_LIMIT


def test_a_name_is_refused_below_three_quarters_of_the_design_size_or_the_floor(fonts):
    for design in DESIGNS:
        for poster in page_formats(FORMATS):
            slot = issuer_slot(CAMPAIGN, poster, fonts, design, False)
            assert smallest_size(slot) == max(slot.min_size, luokuan.MIN_SHARE * slot.size)
    a4 = issuer_slot(CAMPAIGN, poster_format("print-a4"), fonts, DESIGNS[0], False)
    assert smallest_size(a4) == luokuan.MIN_SHARE * a4.size  # the print floor (8 pt) is a third of the size: ¾ decides
    square = issuer_slot(CAMPAIGN, poster_format("square"), fonts, DESIGNS[0], False)
    assert smallest_size(square) == square.min_size  # 24 px on a 1080 px square is 0.82 of the size


def test_backgrounds_are_named_like_the_posters():
    assert background_path("s1", "square", "") == "backgrounds/s1-square.webp"
    assert background_path("s1", "print-a4", "baidi") == "backgrounds/s1-print-a4-baidi.webp"


# --- font slices ------------------------------------------------------------------------------------------------


def test_character_frequency_adds_each_word_count_to_its_characters():
    words = ["质量 100 n", "质量强省 5 l", "省 7 n", "一行不对", ""]
    assert font_slices.character_frequency(words) == Counter({"质": 105, "量": 105, "省": 12, "强": 5})


@pytest.fixture(scope="module")
def plan(fonts):
    frequency = Counter({"的": 1000, "一": 999, "是": 998})
    return font_slices.slice_plan(fonts["sans"], first_slice(CAMPAIGN), frequency)


def test_every_character_is_in_exactly_one_slice_basic_ones_first_then_the_issuers(fonts, plan):
    codes = [code for codes in plan for code in codes]
    assert sorted(codes) == sorted(ord(c) for c in fonts["sans"].advances)
    assert len(codes) == len(set(codes))
    assert set(plan[0]) == {c for c in codes if font_slices.is_basic(c)} and ord("A") in plan[0] and ord("（") in plan[0]
    assert set(plan[1]) == {ord(c) for c in first_slice(CAMPAIGN)} and ord("湖") in plan[1]
    assert {ord("的"), ord("一"), ord("是")} <= set(plan[2])  # the most frequent next
    assert all(len(s) <= font_slices.SLICE_SIZE for s in plan[2:]) and all(list(s) == sorted(s) for s in plan)
    assert font_slices.slice_count(fonts["sans"], first_slice(CAMPAIGN)) == len(plan)


def test_the_slice_map_names_each_characters_slice_and_nothing_else(plan):
    data = font_slices.slice_map(plan)
    assert font_slices.read_slice_map(data) == {code: n for n, codes in enumerate(plan) for code in codes}
    assert len(data) < 30_000  # read by the page before anything is typed


def test_a_slice_holds_its_characters_hinted_with_the_licence_and_is_reproducible(fonts, plan):
    data = font_slices.woff2_slice(fonts["sans"].data, plan[9])
    assert data == font_slices.woff2_slice(fonts["sans"].data, plan[9])
    assert font_slices.woff2_slices(fonts["sans"].data, plan[8:10])[1] == data  # cut in a group: the same bytes
    font = TTFont(io.BytesIO(data))
    assert font.flavor == "woff2" and len(data) < 12_000
    assert set(font.getBestCmap()) == set(plan[9])
    assert not {"GSUB", "GPOS"} & set(font.keys())
    private = font["CFF "].cff.topDictIndex[0].FDArray[0].Private
    assert private.BlueValues  # hints kept: Chromium on FreeType rasterises like Pillow
    names = {record.nameID for record in font["name"].names}
    assert {0, 13, 14} <= names  # copyright, licence (SIL OFL) and its address


# --- the published page -----------------------------------------------------------------------------------------


def page_data(built_site: Path) -> dict:
    html = (built_site / "luokuan" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="luokuan-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_the_page_publishes_a_background_for_every_choice_and_the_sliced_face(built_site, fonts):
    data = page_data(built_site)
    folder = built_site / "luokuan"
    assert [s["id"] for s in data["subjects"]][1:] == [s.id for s in CAMPAIGN.slogans]
    assert [d["id"] for d in data["designs"]] == [d.id for d in DESIGNS]
    assert [f["id"] for f in data["formats"]] == [f.id for f in page_formats(FORMATS)]
    for subject in data["subjects"]:
        for design in data["designs"]:
            for poster in data["formats"]:
                name = data["background"].format(subject=subject["id"], format=poster["id"],
                                                 design=f"-{design['label']}" if design["label"] else "")
                with Image.open(folder / name) as image:
                    assert (image.format, image.size) == ("WEBP", tuple(poster["pixels"])), name
    sans = data["faces"]["sans"]
    owner = font_slices.read_slice_map((folder / sans["folder"] / "map.json").read_bytes())
    assert set(owner) == {ord(c) for c in fonts["sans"].advances}
    assert sorted(p.name for p in (folder / sans["folder"]).glob("*.woff2")) == [
        font_slices.slice_name(n) for n in range(sans["slices"])]
    assert sans["advances"] == {c: a for c, a in fonts["sans"].advances.items() if a != 1.0}


def test_the_page_data_holds_each_issuer_slot_as_layout_reports_it(built_site, fonts):
    data = page_data(built_site)
    for design in DESIGNS:
        for poster in page_formats(FORMATS):
            slot = issuer_slot(CAMPAIGN, poster, fonts, design, False)  # the real project has no site_url
            assert data["slots"][design.id][poster.id] == {**slot_data(slot, poster.dpi), "min": smallest_size(slot)}
            assert data["slots"][design.id][poster.id]["mm"]["x"] == slot.x  # every bit: the script repeats layout


def test_every_slogan_page_and_the_download_centre_link_to_the_page(built_site):
    for slogan in CAMPAIGN.slogans:
        html = (built_site / "slogans" / slogan.id / "index.html").read_text(encoding="utf-8")
        assert [a.text for a in elements(html, "a", href=f"../../luokuan/?slogan={slogan.id}")] == ["定制落款"]
    html = (built_site / "posters" / "index.html").read_text(encoding="utf-8")
    assert [a.text for a in elements(html, "a", href="../luokuan/")] == ["定制落款"]
