"""Files stay inside the project: symlinks out, loops, odd names and file kinds the site must not serve."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from campaign.content.tree import read_tree
from conftest import ROOT, make_project

import site_build


def check(project: Path, capsys) -> tuple[int, str]:
    status = site_build.main(["--config", str(project / "mkdocs.yml"), "check"])
    return status, capsys.readouterr().err


# (case, how to make it inside content/, path named in the message, words of the message)
LINKS = [
    ("link to a system file", lambda c: (c / "passwd.txt").symlink_to("/etc/passwd"), "content/passwd.txt",
     ["/etc/passwd", "之外"]),
    ("link to a home folder", lambda c: (c / "home").symlink_to(Path.home(), target_is_directory=True),
     "content/home", ["之外"]),
    ("link to a project file outside content", lambda c: (c / "config.txt").symlink_to(ROOT / ".gitignore"),
     "content/config.txt", ["之外"]),
    ("loop to the parent", lambda c: (c / "loop").symlink_to("..", target_is_directory=True), "content/loop",
     ["之外"]),
    ("loop to itself", lambda c: (c / "activities" / "again").symlink_to("..", target_is_directory=True),
     "content/activities/again", ["无限循环"]),
    ("links that lead to each other", lambda c: ((c / "a.md").symlink_to("b.md"), (c / "b.md").symlink_to("a.md")),
     "content/a.md", ["绕成了圈"]),
    ("dangling link", lambda c: (c / "gone.md").symlink_to("nowhere.md"), "content/gone.md", ["不存在"]),
    ("hidden link out", lambda c: (c / ".secret").symlink_to("/etc", target_is_directory=True), "content/.secret",
     ["之外"]),
]


@pytest.mark.parametrize(("case", "make", "named", "words"), LINKS, ids=[c[0] for c in LINKS])
def test_symlinks_that_leave_or_loop_are_refused(tmp_path, capsys, case, make, named, words):
    project = make_project(tmp_path / "project", copy_content=True)
    make(project / "content")
    status, err = check(project, capsys)
    assert status == 1
    assert f"{named}:1:1:" in err, err
    for word in words:
        assert word in err, err
    assert "Traceback" not in err


def test_a_link_to_a_file_inside_content_is_fine(tmp_path, capsys):
    project = make_project(tmp_path / "project", copy_content=True)
    (project / "content" / "tongzhi.md").symlink_to("notice.md")
    status, err = check(project, capsys)
    assert status == 0, err


def test_a_loop_makes_build_stop_at_once_and_publish_nothing(tmp_path):
    """MkDocs follows every link when it walks content/: a loop made it walk forever."""
    project = make_project(tmp_path / "project", copy_content=True)
    (project / "content" / "loop").symlink_to("..", target_is_directory=True)
    (project / "content" / "passwd.txt").symlink_to("/etc/passwd")
    site = tmp_path / "site"
    run = subprocess.run([sys.executable, str(ROOT / "site_build.py"), "--config", str(project / "mkdocs.yml"),
                          "build", "--site-dir", str(site)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "content/loop:1:1:" in run.stderr and "content/passwd.txt:1:1:" in run.stderr
    assert "Traceback" not in run.stderr
    assert not site.exists()


# (case, file name under content/, words of the message)
FILES = [
    ("web page", "extra.html", [".html", "运行脚本"]),
    ("script", "assets/app.js", [".js"]),
    ("style sheet", "theme.css", [".css"]),
    ("svg picture", "logo.svg", [".svg"]),
    ("other markdown suffix", "page.markdown", [".md"]),
    ("capital MD", "Page.MD", [".md"]),
    ("no suffix", "README", ["没有扩展名"]),
    ("hash in a name", "a#b.png", ["“#”"]),
    ("quote in a name", 'a"b.png', ["“\"”"]),
    ("newline in a name", "a\nb.png", ["U+000A"]),
    ("space at the end of a name", "photo.png ", ["空格"]),
]


@pytest.mark.parametrize(("case", "name", "words"), FILES, ids=[c[0] for c in FILES])
def test_file_kinds_and_names_the_site_must_not_serve(tmp_path, capsys, case, name, words):
    project = make_project(tmp_path / "project", copy_content=True)
    path = project / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    status, err = check(project, capsys)
    assert status == 1, err
    assert any(line.startswith(f"content/{name.splitlines()[0]}") for line in err.splitlines()), err
    for word in words:
        assert word in err, err


def test_names_equal_but_for_case_are_refused(tmp_path, capsys):
    project = make_project(tmp_path / "project", copy_content=True)
    (project / "content" / "Notice.md").write_text("---\ntitle: 重复\n---\n\n正文\n", encoding="utf-8")
    status, err = check(project, capsys)
    assert status == 1
    assert "content/notice.md:1:1:" in err and "大小写" in err, err


def test_pictures_and_documents_are_welcome(tmp_path, capsys):
    project = make_project(tmp_path / "project", copy_content=True)
    for name in ("img/photo.jpg", "files/通知附件.pdf", "files/名单.xlsx"):
        (project / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "content" / name).write_bytes(b"x")
    status, err = check(project, capsys)
    assert status == 0, err


def test_theme_links_out_of_the_project_are_refused(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme" / "partials", theme / "partials")
    (theme / "leak.txt").symlink_to("/etc/hostname")
    tree = read_tree(theme, "theme/", also_inside=(tmp_path,))
    assert [(p.path, "之外" in p.message) for p in tree.problems] == [("theme/leak.txt", True)]
    assert "leak.txt" not in [f.rel for f in tree.files]


def test_the_data_file_may_not_lead_out_of_the_project(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((ROOT / "slogans.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "slogans.yaml").unlink()
    (project / "slogans.yaml").symlink_to(outside)
    status, err = check(project, capsys)
    assert status == 1
    assert "slogans.yaml:1:1:" in err and "之外" in err, err

