"""The built site reproduces the source notice character for character."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES

SOURCE = FIXTURES / "notice-2020-3.txt"
_SLOGAN_ITEM = re.compile(r"^- \d+\.")


def source_lines() -> list[str]:
    """Every non-empty line of the source notice; slogan list lines without their ``- N.`` prefix."""
    lines = (line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines())
    return [_SLOGAN_ITEM.sub("", line) for line in lines if line]


def test_source_fixture_is_the_whole_notice():
    lines = source_lines()
    assert lines[0] == "湖北省质量强省工作委员会办公室"
    assert lines[-1] == "美好生活 质量相伴"
    assert len(lines) == 44


@pytest.mark.parametrize("line", source_lines())
def test_every_source_line_appears_in_the_built_pages(site_text, line):
    assert line in site_text.everything()


@pytest.mark.parametrize("line", source_lines()[:23])
def test_the_notice_page_holds_the_whole_document_in_order(site_text, line):
    # Everything up to and including the attachment note is on the one notice page,
    # each source line after the one before it.
    text = site_text.content("notice/index.html")
    lines = source_lines()[:23]
    index = lines.index(line)
    start = text.find(line)
    assert start >= 0, line
    if index:
        assert text.find(lines[index - 1]) < start


def test_contact_links_are_tel_and_mailto(built_site):
    html = (built_site / "contact" / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:02787122189"' in html
    assert 'href="mailto:hb_zlc@163.com"' in html


@pytest.mark.parametrize(
    ("page", "first_words"),
    [
        ("activities/xuexi-jiaoyu/index.html", "（一）专题组织高质量发展学习教育活动。深入学习贯彻"),
        ("activities/zhiliang-tisheng/index.html", "（二）广泛开展质量提升活动。围绕后疫情时代"),
        ("activities/zhiliang-bangfu/index.html", "（三）大力实施质量帮扶活动。积极组织"),
        ("activities/shichang-jinghua/index.html", "（四）着力开展市场环境净化活动。加强普法宣传"),
        ("activities/zhiliang-wenhua/index.html", "（五）积极开展质量文化宣传活动。充分利用"),
        ("requirements/index.html", "(三)总结经验，宣传典型。对组织开展活动"),
    ],
)
def test_each_activity_page_carries_its_section_of_the_notice(site_text, page, first_words):
    assert first_words in site_text.page(page)
