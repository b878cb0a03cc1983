"""Unit tests of the plain helpers: ids, generated pages, navigation, Markdown escaping."""

from __future__ import annotations

import markdown
import pytest
import yaml
from campaign.content.ids import slogan_id
from campaign.content.model import Campaign, Contact, Palette, Slogan
from campaign.site.pages import DOWNLOADS_PAGE, LUOKUAN_PAGE, SLOGANS_INDEX, expand_nav, generated_pages, markdown_text


def campaign(*texts: str) -> Campaign:
    slogans = tuple(
        Slogan(id=f"s{i}", text=t, halves=tuple(t.split(" ")), number=i) for i, t in enumerate(texts, start=1)
    )
    return Campaign(title="T", year=2031, theme="甲 乙", issuer="I", document_number="N", attachment_title="附件标题",
                    contact=Contact("n", "1", "a@b.c"), colors=Palette("#000000", "#FFFFFF", (0, 0, 0, 100), (0, 0, 0, 0)), slogans=slogans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("湖北质量 共创共享", "hubei-zhiliang-gongchuang-gongxiang"),
        ("弘扬工匠精神 打造优质品牌", "hongyang-gongjiang-jingshen-dazao-youzhi-pinpai"),
        ("质量第一 5G时代", "zhiliangdiyi-5g-shidai"),
        ("“质量月” 活动！", "zhiliang-yue-huodong"),
    ],
)
def test_slogan_id_is_ascii_pinyin_words(text, expected):
    assert slogan_id(text) == expected


def test_slogan_id_refuses_text_without_letters():
    with pytest.raises(ValueError):
        slogan_id("！？ 。")


def test_generated_pages_are_overview_then_each_slogan_in_order_then_the_download_centre_and_luokuan():
    pages = generated_pages(campaign("甲一 乙一", "甲二 乙二"))
    assert [p.path for p in pages] == [SLOGANS_INDEX, "slogans/s1.md", "slogans/s2.md", DOWNLOADS_PAGE, LUOKUAN_PAGE]
    meta = yaml.safe_load(pages[2].markdown.split("---")[1])
    assert meta == {"title": "甲二 乙二", "template": "slogan.html", "slogan": "s2"}


@pytest.mark.parametrize("text", ["<img src=x onerror=alert(1)>", "*强调* _下划线_ [链接](x) `代码` # 标题", "A & B \\ 1. 2)"])
def test_markdown_text_renders_to_the_same_text(text):
    html = markdown.markdown(markdown_text(text))
    assert html == "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>"


def test_expand_nav_turns_the_overview_entry_into_a_section():
    nav = [{"首页": "index.md"}, {"口号": SLOGANS_INDEX}]
    assert expand_nav(nav, campaign("甲一 乙一", "甲二 乙二")) == [
        {"首页": "index.md"},
        {"口号": [SLOGANS_INDEX, {"甲一 乙一": "slogans/s1.md"}, {"甲二 乙二": "slogans/s2.md"}]},
    ]


def test_expand_nav_leaves_automatic_navigation_alone():
    assert expand_nav(None, campaign("甲 乙")) is None
