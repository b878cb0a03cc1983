"""Editors' HTML comments never reach a page; code that shows a comment keeps it; the blog's excerpt
separator survives the render for the blog and leaves the post's own page."""

from __future__ import annotations

import re

import markdown
import pytest
from campaign.site.comments import DropComments, without_excerpt_separator


def render(text: str) -> str:
    """Return ``text`` rendered with the project's comment filter, blank lines between blocks collapsed."""
    html = markdown.markdown(text, extensions=["attr_list", "md_in_html", "fenced_code", DropComments()])
    return re.sub(r"\n{2,}", "\n", html)


@pytest.mark.parametrize(("source", "expected"), [
    ("<!-- 请勿改动文字和标点 -->\n\n正文。", "<p>正文。</p>"),
    ("第一段。\n\n<!--\n两行的\n备注\n-->\n\n第二段。", "<p>第一段。</p>\n<p>第二段。</p>"),
    ("一句话<!-- 行内备注 -->接着说。", "<p>一句话接着说。</p>"),
    ("摘要。\n\n<!-- more -->\n\n正文。", "<p>摘要。</p>\n<!-- more -->\n<p>正文。</p>"),
    ("代码：`<!-- 示例 -->`", "<p>代码：<code>&lt;!-- 示例 --&gt;</code></p>"),
    ("```\n<!-- 围栏中的示例 -->\n```", "<pre><code>&lt;!-- 围栏中的示例 --&gt;\n</code></pre>"),
])
def test_comments_are_dropped_and_code_keeps_its_text(source, expected):
    assert render(source) == expected


def test_the_excerpt_separator_leaves_the_post_page():
    assert without_excerpt_separator(render("摘要。\n\n<!-- more -->\n\n正文。")) == "<p>摘要。</p>\n<p>正文。</p>"


def test_no_page_of_the_real_site_carries_a_comment(built_site):
    commented = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                 if "<!--" in p.read_text(encoding="utf-8")]
    assert commented == []
