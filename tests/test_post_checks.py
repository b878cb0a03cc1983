"""`site_build.py check` reads news posts like every page, with a post's own front matter rules, and names
file, line and field for each mistake staff make when adding a post."""

from __future__ import annotations

import shutil

import pytest
from conftest import NEWS_POSTS as POSTS
from conftest import make_project

import site_build

POST = "news/posts/shili-shi-qidong.md"

# (case, text to replace in the fixture post, replacement, text on the expected line, words the message names)
CASES = [
    ("office missing", "office: 示例市质量强市工作委员会办公室\n", "", "title:", ["office", "报送单位"]),
    ("unknown key", "office: 示例市", "ofice: 示例市", "ofice:", ["ofice", "office"]),
    ("date quoted", "date: 2020-09-03", 'date: "2020-09-03"', "date:", ["date", "不加引号"]),
    ("date that does not exist", "date: 2020-09-03", "date: 2020-09-31", "date:", ["date", "2020-09-31"]),
    ("category not allowed", "categories: [工作动态]", "categories: [新闻]", "categories:", ["新闻", "工作动态、典型经验"]),
    ("categories not a list", "categories: [工作动态]", "categories: 工作动态", "categories:", ["categories", "列表"]),
    ("excerpt separator missing", "<!-- more -->\n", "", "这是测试用的示例文章", ["<!-- more -->"]),
    ("second title", "## 下一步工作", "# 下一步工作", "# 下一步工作", ["title", "一级标题"]),
    ("broken link", "(../../notice.md)", "(../../notise.md)", "动员会传达了", ["notise.md", "不存在"]),
]


@pytest.mark.parametrize(("case", "replace", "by", "marker", "words"), CASES, ids=[c[0] for c in CASES])
def test_check_names_file_line_and_field_of_a_post(tmp_path, capsys, case, replace, by, marker, words):
    project = make_project(tmp_path / "project", copy_content=True)
    shutil.copytree(POSTS, project / "content" / "news" / "posts")
    post = project / "content" / POST
    text = post.read_text(encoding="utf-8")
    assert replace in text
    text = text.replace(replace, by, 1)
    post.write_text(text, encoding="utf-8")
    assert site_build.main(["--config", str(project / "mkdocs.yml"), "check"]) == 1
    err = capsys.readouterr().err
    line = text[: text.index(marker)].count("\n") + 1
    assert f"content/{POST}:{line}:" in err, err
    for word in words:
        assert word in err, err
    assert "Traceback" not in err


def test_a_post_file_name_must_be_an_address(tmp_path, capsys):
    project = make_project(tmp_path / "project", copy_content=True)
    shutil.copytree(POSTS, project / "content" / "news" / "posts")
    (project / "content" / POST).rename(project / "content" / "news" / "posts" / "示例市启动.md")
    assert site_build.main(["--config", str(project / "mkdocs.yml"), "check"]) == 1
    err = capsys.readouterr().err
    assert "content/news/posts/示例市启动.md:1:1: 文件名“示例市启动.md”不能用作网址" in err, err


def test_posts_need_the_section_index_page(tmp_path, capsys):
    project = make_project(tmp_path / "project", copy_content=True)
    shutil.copytree(POSTS, project / "content" / "news" / "posts")
    (project / "content" / "news" / "index.md").unlink()
    assert site_build.main(["--config", str(project / "mkdocs.yml"), "check"]) == 1
    assert "content/news/index.md:1:1: 有活动动态文章时需要栏目首页" in capsys.readouterr().err


def test_the_fixture_posts_pass(tmp_path, capsys):
    project = make_project(tmp_path / "project", copy_content=True)
    shutil.copytree(POSTS, project / "content" / "news" / "posts")
    assert site_build.main(["--config", str(project / "mkdocs.yml"), "check"]) == 0, capsys.readouterr().err


def test_a_broken_post_stops_the_build_with_the_same_message(tmp_path, capsys):
    project = make_project(tmp_path / "project", copy_content=True)
    shutil.copytree(POSTS, project / "content" / "news" / "posts")
    post = project / "content" / POST
    post.write_text(post.read_text(encoding="utf-8").replace("categories: [工作动态]", "categories: [新闻]"),
                    encoding="utf-8")
    status = site_build.main(["--config", str(project / "mkdocs.yml"), "build", "--site-dir", str(tmp_path / "site")])
    err = capsys.readouterr().err
    assert status == 1 and f"content/{POST}:5:" in err and "栏目“新闻”不存在" in err, err
    assert "Traceback" not in err and not (tmp_path / "site").exists()
