"""Unit tests of the public-site helpers: font lookup, WOFF2 subsets, share cards, descriptions, footer fields."""

from __future__ import annotations

import shutil

import pytest
from campaign.posters.fonts import load_fonts, theme_fonts
from campaign.site.identity import SiteIdentity, production_problems, read_identity
from campaign.site.share_cards import CARD_SIZE, CardSpec, fit_text, render_share_card
from campaign.site.share_meta import card_path, first_paragraph, page_description, shorten
from campaign.site.web_font import woff2_subset
from conftest import ROOT, make_project

import site_build


@pytest.fixture(scope="module")
def faces():
    fonts = load_fonts(theme_fonts(ROOT / "theme"))
    return fonts["serif"], fonts["sans"]


def test_build_without_a_poster_font_fails_clearly(tmp_path, caplog):
    project = make_project(tmp_path / "project")
    (project / "theme").unlink()
    shutil.copytree(ROOT / "theme", project / "theme", ignore=shutil.ignore_patterns("fonts"))
    assert site_build.main(["--config", str(project / "mkdocs.yml"), "build", "--site-dir", str(tmp_path / "s")]) == 1
    assert "缺少海报字体文件" in caplog.text and "site_build.py fonts" in caplog.text
    assert "Traceback" not in caplog.text


# WOFF2 subset ------------------------------------------------------------------------------------

def test_woff2_subset_holds_only_the_characters_asked_for(faces):
    from io import BytesIO

    from fontTools.ttLib import TTFont
    data = woff2_subset(faces[0], "质量 第一，质量")
    assert data[:4] == b"wOF2"
    assert {chr(c) for c in TTFont(BytesIO(data)).getBestCmap()} == set("质量第一，")


def test_woff2_subset_refuses_characters_the_font_lacks(faces):
    assert faces[0].missing("质量\ue000") == "\ue000"
    with pytest.raises(ValueError, match="\ue000"):
        woff2_subset(faces[0], "质量\ue000")


# Share cards -------------------------------------------------------------------------------------

def spec(title: str, tagline: str = "主题上半 主题下半") -> CardSpec:
    return CardSpec(title=title, campaign_title="示例年示例活动", tagline=tagline, issuer="示例办公室",
                    background="#0D47A1", foreground="#FFFFFF")


@pytest.mark.parametrize("title", ["首页", "弘扬工匠精神 打造优质品牌",
                                   "关于" + "在全省组织开展质量活动" * 4 + "的通知"])
def test_card_is_1200x630_with_the_title_drawn(faces, title):
    image = render_share_card(spec(title), *faces)
    assert (image.mode, image.size) == ("RGB", CARD_SIZE)
    title_band = image.crop((0, 170, 1200, 450))
    assert title_band.getcolors(1 << 20) is not None and len(title_band.getcolors(1 << 20)) > 2  # text, not blank


def test_cards_are_reproducible(faces):
    a, b = render_share_card(spec("美好生活 质量相伴"), *faces), render_share_card(spec("美好生活 质量相伴"), *faces)
    assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize("text", [
    "省质量强省工作委员会办公室关于在全省组织 开展“质量月”活动的通知",
    "质量，质量，质量，质量，质量，质量，质量，质量，质量，质量。",
    "（一）专题组织高质量发展学习教育活动（二）广泛开展质量提升活动《示例》",
])
def test_lines_never_start_with_closing_or_end_with_opening_punctuation(faces, text):
    _, lines = fit_text(text, faces[0], 500, 1000, 6, 60)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(line[0] not in "。，、；：？！”’）》〕】」』" for line in lines[1:])
    assert all(line[-1] not in "“‘（《〔【「『" for line in lines[:-1])


def test_long_titles_shrink_to_fit_three_lines(faces):
    size, lines = fit_text("关于" + "在全省组织开展质量活动" * 4 + "的通知", faces[0], 1056, 280, 3, 84)
    font = faces[0].pillow(size)
    assert len(lines) <= 3 and all(font.getlength(line) <= 1056 for line in lines) and size < 84


def test_pages_named_in_chinese_get_cards_of_their_own():
    assert card_path("通知/") != card_path("活动/")
    assert card_path("通知/").startswith("assets/share/__-") and card_path("通知/").endswith(".png")


def test_card_paths_are_distinct_per_page():
    urls = ["", "notice/", "activities/", "activities/xuexi-jiaoyu/", "404.html"]
    paths = [card_path(u) for u in urls]
    assert paths[0] == "assets/share/index.png" and paths[3] == "assets/share/activities--xuexi-jiaoyu.png"
    assert len(set(paths)) == len(paths)


# Descriptions ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("explicit", "title", "html", "fallback", "expected"), [
    ("自己的描述", "标题", "<p>正文</p>", "站点", "自己的描述"),
    (None, "联系方式", "<h1>x</h1><p>请于10月15日前报送。</p>", "站点", "联系方式：请于10月15日前报送。"),
    (None, "口号甲 口号乙", "<p>口号甲 口号乙</p>", "活动口号", "口号甲 口号乙：活动口号"),
    ("  ", "", "", "站点描述", "站点描述"),
])
def test_page_description(explicit, title, html, fallback, expected):
    assert page_description(explicit, title, html, fallback) == expected


def test_long_descriptions_are_cut_with_an_ellipsis():
    text = shorten("质量" * 100)
    assert len(text) == 120 and text.endswith("…")
    assert first_paragraph("<p> </p><p>甲\n乙</p>") == "甲 乙"


# Footer fields -----------------------------------------------------------------------------------

def test_identity_is_empty_by_default():
    assert read_identity({}) == SiteIdentity()
    assert read_identity({"site_identity": {"organizer": None, "site_code": 4200000001}}).site_code == "4200000001"


def test_identity_refuses_unknown_fields():
    with pytest.raises(ValueError, match="icp_number"):
        read_identity({"site_identity": {"icp_number": "x"}})


def test_production_needs_every_required_field_and_the_badge_file(tmp_path):
    (tmp_path / "badge.png").write_bytes(b"png")
    ready = SiteIdentity(organizer="甲", site_code="1", icp="乙", police_record="丙", badge_image="badge.png")
    assert production_problems(ready, "https://example.gov.cn/", tmp_path) == []
    missing_badge = SiteIdentity(organizer="甲", site_code="1", icp="乙", police_record="丙", badge_image="no.png")
    assert ["no.png" in p for p in production_problems(missing_badge, "https://example.gov.cn/", tmp_path)] == [True]
    assert len(production_problems(SiteIdentity(), None, tmp_path)) == 6
