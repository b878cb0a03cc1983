"""The news section (活动动态): absent until the first post exists; with the fixture posts, a list, post
pages, archive and category pages with pinyin addresses, and an RSS feed that is valid XML."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from conftest import NEWS_SITE_URL, build_project, project_with_posts
from html_pages import elements, page_text

SITE_URL = NEWS_SITE_URL
#: The fixture posts, newest first, as the lists show them.
NEWEST_FIRST = [
    ("2020/09/18/shili-xian-jingyan", "示例县以标准化助推产业质量提升", "示例县市场监督管理局", "典型经验"),
    ("2020/09/03/shili-shi-qidong", "示例市启动“质量月”活动", "示例市质量强市工作委员会办公室", "工作动态"),
]


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_without_posts_the_site_has_no_news_section(built_site):
    assert not (built_site / "news").exists()
    assert not list(built_site.glob("feed_*"))
    home = read(built_site, "index.html")
    assert "活动动态" not in page_text(home)
    assert not elements(home, "link", type="application/rss+xml")


def test_with_posts_every_page_leads_to_the_news_section(news_site):
    tabs = [a.text for a in elements(read(news_site, "notice/index.html"), "a", class_="md-tabs__link")]
    assert "活动动态" in tabs
    assert tabs.index("活动动态") == tabs.index("相关要求") + 1


def test_the_news_list_shows_each_post_newest_first_with_date_office_and_category(news_site):
    posts = elements(read(news_site, "news/index.html"), "article", class_="md-post--excerpt")
    assert len(posts) == len(NEWEST_FIRST)
    for article, (_, title, office, category) in zip(posts, NEWEST_FIRST, strict=True):
        assert title in article.text and f"来源：{office}" in article.text and category in article.text
    assert "2020年9月18日" in posts[0].text
    # The excerpt ends at <!-- more -->: the text below it is on the post's page only.
    assert "一是摸清底数" not in posts[0].text


def test_excerpts_and_posts_are_html_not_escaped_text(news_site):
    for path in ["news/index.html", "news/category/gongzuo-dongtai/index.html", f"news/{NEWEST_FIRST[1][0]}/index.html"]:
        html = read(news_site, path)
        assert "&lt;" not in html, path
    excerpt_headings = elements(read(news_site, "news/index.html"), "h2")
    assert [h.text for h in excerpt_headings if h.text in {t for _, t, _, _ in NEWEST_FIRST}] == \
        [title for _, title, _, _ in NEWEST_FIRST]


def test_a_post_page_shows_title_office_date_and_the_whole_text(news_site):
    html = read(news_site, f"news/{NEWEST_FIRST[1][0]}/index.html")
    article = elements(html, "article")[0].text
    assert [h.text for h in elements(html, "h1")] == ["示例市启动“质量月”活动"]
    assert "来源：示例市质量强市工作委员会办公室" in article and "发布时间：2020年9月3日" in article
    assert "动员会传达了省质强办的通知" in article
    link = next(a for a in elements(html, "a") if a.text == "省质强办的通知")
    assert link.get("href") == "../../../../../notice/"


def test_archive_and_category_pages_have_ascii_addresses(news_site):
    assert "示例县以标准化助推产业质量提升" in page_text(read(news_site, "news/archive/2020/index.html"))
    categories = {"gongzuo-dongtai": "示例市启动“质量月”活动", "dianxing-jingyan": "示例县以标准化助推产业质量提升"}
    for slug, title in categories.items():
        assert title in page_text(read(news_site, f"news/category/{slug}/index.html"))
    assert all(p.relative_to(news_site).as_posix().isascii() for p in news_site.rglob("*"))


def test_no_html_comment_from_content_reaches_a_page(news_site):
    # notice.md and the fixture post carry editors' comments; the post's sits above <!-- more -->.
    commented = [p.relative_to(news_site).as_posix() for p in news_site.rglob("*.html")
                 if "<!--" in p.read_text(encoding="utf-8")]
    assert commented == []


def test_the_feed_is_valid_xml_with_every_post(news_site):
    channel = ElementTree.parse(news_site / "feed_rss_created.xml").getroot().find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [title for _, title, _, _ in NEWEST_FIRST]
    assert [i.findtext("link") for i in items] == [f"{SITE_URL}news/{path}/" for path, _, _, _ in NEWEST_FIRST]
    assert [i.findtext("category") for i in items] == [category for _, _, _, category in NEWEST_FIRST]
    assert items[1].findtext("pubDate") == "Thu, 03 Sep 2020 00:00:00 +0800"
    assert items[0].findtext("description") == "测试用的示例文章：示例县的典型经验。"
    assert "<!--" not in items[1].findtext("description")
    assert channel.find("image").findtext("url") == f"{SITE_URL}assets/images/favicon.png"
    ElementTree.parse(news_site / "feed_rss_updated.xml")
    feed_links = elements(read(news_site, "index.html"), "link", type="application/rss+xml")
    assert [link.get("href") for link in feed_links] == ["feed_rss_created.xml", "feed_rss_updated.xml"]


def test_without_site_url_the_news_pages_are_built_without_a_feed(tmp_path):
    build_project(project_with_posts(tmp_path / "project"), tmp_path / "site")
    assert (tmp_path / "site" / "news" / "index.html").is_file()
    assert not list((tmp_path / "site").glob("feed_*"))
    assert not elements(read(tmp_path / "site", "index.html"), "link", type="application/rss+xml")


def test_the_pager_of_a_long_list_is_links_not_escaped_text(tmp_path):
    build_project(project_with_posts(tmp_path / "project", per_page=1), tmp_path / "site")
    pager = elements(read(tmp_path / "site", "news/index.html"), "a", class_="md-pagination__link")
    assert "page/2/" in [a.get("href") for a in pager]
    second = read(tmp_path / "site", "news/page/2/index.html")
    assert "示例市启动“质量月”活动" in page_text(second) and "&lt;" not in second
