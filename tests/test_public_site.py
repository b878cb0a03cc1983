"""The public face of the built site, read from the files: language, descriptions, share cards,
sitemap, the slogans' web font, the government footer and the production check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from campaign.content.slogans_file import load_campaign
from conftest import ROOT, build_site, make_project
from html_pages import elements
from PIL import Image

import site_build

CAMPAIGN = load_campaign(ROOT / "slogans.yaml")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Head:
    """What a page says about itself: its language, its meta tags by name or property, its images."""

    html_lang: str | None
    meta: dict[str, str]
    images: list[dict]


def head(page: Path) -> Head:
    found = elements(page.read_text(encoding="utf-8"))
    meta = {e.get("property") or e.get("name"): e.get("content") or "" for e in found
            if e.tag == "meta" and (e.get("property") or e.get("name"))}
    return Head(next(e.get("lang") for e in found if e.tag == "html"), meta, [e.attrs for e in found if e.tag == "img"])


def content_pages(site: Path) -> list[Path]:
    """Every page built from content (the 404 page aside)."""
    return [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]


def with_settings(tmp_path: Path, extra_yaml: str) -> Path:
    """Build a copy of the project whose ``mkdocs.yml`` has ``extra_yaml`` merged in; return the site dir."""
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for line in extra_yaml.strip().splitlines():
        key, _, value = line.partition(":")
        if key.startswith("site_url"):
            text = text.replace("# site_url:", f"site_url:{value}")
        else:  # a field of extra.site_identity
            text = re.sub(rf"^(    {key.strip()}: )\"\"", rf"\g<1>{value.strip()}", text, flags=re.M)
    config.write_text(text, encoding="utf-8")
    return build_site(config, tmp_path / "site")


def test_every_page_declares_simplified_chinese(built_site):
    assert {p.name: head(p).html_lang for p in built_site.rglob("*.html")} == {
        p.name: "zh-CN" for p in built_site.rglob("*.html")}


def test_every_page_has_a_chinese_description_and_open_graph_tags(built_site):
    problems = []
    for page in content_pages(built_site):
        meta = head(page).meta
        for key in ("description", "og:title", "og:description", "og:image", "og:type"):
            if not meta.get(key, "").strip():
                problems.append(f"{page.relative_to(built_site)}: no {key}")
        if not CJK.search(meta.get("description", "")):
            problems.append(f"{page.relative_to(built_site)}: description not in Chinese")
    assert problems == []


def test_slogan_pages_describe_their_slogan(built_site):
    slogan = CAMPAIGN.slogans[0]
    meta = head(built_site / "slogans" / slogan.id / "index.html").meta
    assert slogan.text in meta["description"] and CAMPAIGN.attachment_title in meta["description"]
    assert meta["og:title"] == slogan.text


def test_each_page_has_its_own_1200x630_share_card(built_site):
    cards = {}
    for page in content_pages(built_site):
        image = urljoin(page.relative_to(built_site).as_posix(), head(page).meta["og:image"])
        cards[page] = built_site / image
    assert len(set(cards.values())) == len(cards)
    for card in set(cards.values()):
        with Image.open(card) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630))


def test_share_addresses_are_absolute_when_site_url_is_set(tmp_path):
    site = with_settings(tmp_path, "site_url: https://zlhd.example.gov.cn/2020/")
    meta = head(site / "notice" / "index.html").meta
    assert meta["og:url"] == "https://zlhd.example.gov.cn/2020/notice/"
    assert meta["og:image"] == "https://zlhd.example.gov.cn/2020/assets/share/notice.png"
    assert (site / "assets" / "share" / "notice.png").is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    expected = {"https://zlhd.example.gov.cn/2020/" + p.relative_to(site).as_posix().removesuffix("index.html")
                for p in content_pages(site)}
    assert locations == expected


def test_share_addresses_stay_relative_without_site_url(built_site):
    meta = head(built_site / "notice" / "index.html").meta
    assert meta["og:image"] == "../assets/share/notice.png"
    assert "og:url" not in meta


def test_every_image_has_alt_text(built_site):
    # Poster gallery thumbnails are decorative (alt=""), their captions name the links:
    # test_posters_build.test_gallery_thumbnails_are_lazy_webp_named_by_their_caption.
    gallery = built_site / "posters" / "index.html"
    missing = [(p.name, i.get("src")) for p in built_site.rglob("*.html") for i in head(p).images
               if i.get("alt") is None or (not i["alt"].strip() and p != gallery)]
    assert missing == []


def test_poster_thumbnails_load_lazily(built_site):
    # Poster thumbnails (from the poster engine) must not hold up the first view of a page.
    eager = [(p.name, i.get("src")) for p in built_site.rglob("*.html") for i in head(p).images
             if "posters/" in (i.get("src") or "") and i.get("loading") != "lazy"]
    assert eager == []


def test_slogan_web_font_is_a_small_woff2_subset_of_exactly_the_slogan_characters(built_site):
    from fontTools.ttLib import TTFont

    font_file = built_site / "assets" / "fonts" / "slogans.woff2"
    data = font_file.read_bytes()
    assert data[:4] == b"wOF2"
    assert len(data) <= 60 * 1024
    wanted = {c for c in "".join(s.text for s in CAMPAIGN.slogans) + CAMPAIGN.theme if not c.isspace()}
    covered = {chr(c) for c in TTFont(str(font_file)).getBestCmap()}
    assert covered == wanted


def test_slogan_web_font_swaps_in_over_the_system_stack(built_site):
    css = (built_site / "assets" / "slogan-font.css").read_text(encoding="utf-8")
    assert "font-display: swap" in css and 'url("fonts/slogans.woff2") format("woff2")' in css
    assert re.search(r'"Campaign Poster", var\(--campaign-serif\)', css)
    assert "slogan-font.css" in (built_site / "index.html").read_text(encoding="utf-8")


FOOTER_LABELS = ["主办单位：", "网站标识码：", "党政机关网站标识"]


def test_footer_shows_no_identity_fields_by_default(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert [label for label in FOOTER_LABELS if label in html] == []
    assert "beian.miit.gov.cn" not in html


def test_footer_shows_each_identity_field_that_is_set(tmp_path):
    site = with_settings(tmp_path, """
        organizer: 示例主办单位
        site_code: 4200000001
        icp: 鄂ICP备00000000号
        police_record: 鄂公网安备00000000000000号
        badge_image: assets/images/favicon.png
    """)
    html = (site / "contact" / "index.html").read_text(encoding="utf-8")
    for text in ["主办单位：示例主办单位", "网站标识码：4200000001", "鄂ICP备00000000号", "鄂公网安备00000000000000号",
                 'alt="党政机关网站标识"']:
        assert text in html
    assert "联系方式：" not in html  # not set, not shown


def test_production_build_refuses_missing_identity_fields(tmp_path, capsys):
    status = site_build.main(["build", "--production", "--site-dir", str(tmp_path / "site")])
    assert status == 1
    message = capsys.readouterr().err
    for label in ["主办单位", "网站标识码", "ICP备案号", "公安机关备案号", "党政机关网站标识", "site_url"]:
        assert label in message
    assert not (tmp_path / "site").exists()


def test_no_page_carries_an_html_comment_from_content(built_site):
    # notice.md holds notes for editors (请勿改动文字和标点…); the content policy drops them.
    commented = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                 if "<!--" in p.read_text(encoding="utf-8")]
    assert commented == []
