"""Builds are reproducible byte for byte: two fresh clones of one commit build identical sites, on any
day and at any path, and the date written into sitemaps and feeds is the sources' date."""

from __future__ import annotations

import email.utils
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from campaign.settings import SourceDate, source_date
from conftest import MINI, ROOT, project_with_posts
from conftest import NEWS_POSTS as POSTS

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(*args: str, cwd: Path, **env: str) -> str:
    identity = {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
                "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    done = subprocess.run([GIT, *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={**os.environ, **identity, **env})
    return done.stdout


def commit_all(repo: Path, when: str) -> int:
    """Commit everything in ``repo`` (made a repository if it is not one) at ``when``; return the commit time."""
    if not (repo / ".git").exists():
        git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "sources", cwd=repo, GIT_COMMITTER_DATE=when, GIT_AUTHOR_DATE=when)
    return int(git("log", "-1", "--format=%ct", cwd=repo).strip())


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- where a build's date comes from ---------------------------------------------------------------

def test_source_date_epoch_wins(tmp_path):
    assert source_date({"SOURCE_DATE_EPOCH": "1600000000"}, tmp_path) == SourceDate(1600000000, "SOURCE_DATE_EPOCH")


def test_a_checkout_is_dated_by_its_last_commit(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    committed = commit_all(tmp_path, "2020-09-01T08:00:00+08:00")
    (tmp_path / "mkdocs.yml").touch()  # an edit after the commit does not move the date
    assert source_date({"SOURCE_DATE_EPOCH": "soon"}, tmp_path, [tmp_path / "mkdocs.yml"]) == \
        SourceDate(committed, "git")
    assert committed == 1598918400


def test_a_tree_without_git_is_dated_by_its_newest_file(tmp_path):
    for name, stamp in [("a.md", 1_600_000_000), ("b.md", 1_700_000_000)]:
        (tmp_path / name).write_text(name, encoding="utf-8")
        os.utime(tmp_path / name, (stamp, stamp))
    assert source_date({}, tmp_path, [tmp_path]) == SourceDate(1_700_000_000, "files")


def test_an_exported_archive_is_dated_like_a_clone_of_its_commit(tmp_path):
    # "git archive" and the code host's ZIP download stamp every file with the commit's time.
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    (repo / "content" / "index.md").write_text("# x\n", encoding="utf-8")
    committed = commit_all(repo, "2020-09-03T09:00:00+08:00")
    export = tmp_path / "export"
    export.mkdir()
    archive = subprocess.run([GIT, "archive", "HEAD"], cwd=repo, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(export)], input=archive, check=True)
    assert source_date({}, export, [export / "content"]) == SourceDate(committed, "files")


def test_a_folder_inside_another_repository_is_not_dated_by_that_repository(tmp_path):
    (tmp_path / "unrelated.txt").write_text("x", encoding="utf-8")
    commit_all(tmp_path, "2001-01-01T00:00:00+00:00")
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    os.utime(project / "mkdocs.yml", (1_650_000_000, 1_650_000_000))
    assert source_date({}, project, [project / "mkdocs.yml"]) == SourceDate(1_650_000_000, "files")


def test_a_copy_without_git_builds_with_news_on_a_computer_without_git(tmp_path):
    # The feed plugin imports GitPython, which refuses to load without a git program unless told not to.
    project = project_with_posts(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("# site_url:", "site_url: https://example.org/zl/"),
                      encoding="utf-8")
    (tmp_path / "empty").mkdir()
    env = {"PATH": str(tmp_path / "empty"), "HOME": str(tmp_path), "CAMPAIGN_POSTERS": "off",
           "CAMPAIGN_CACHE": str(tmp_path / "store")}
    run = subprocess.run([sys.executable, str(ROOT / "site_build.py"), "--config", str(config), "build", "--strict",
                          "--site-dir", str(tmp_path / "site")], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    sources = [config, project / "slogans.yaml", *(project / "content").rglob("*"), *(ROOT / "theme").rglob("*")]
    newest = max(int(p.stat().st_mtime) for p in sources if p.is_file())
    feed = (tmp_path / "site" / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert f"<lastBuildDate>{email.utils.formatdate(newest)}</lastBuildDate>" in feed


# --- two clones ------------------------------------------------------------------------------------

def test_two_fresh_clones_build_byte_identical_sites(tmp_path):
    # The project as it is now (tracked and new files), with the two-slogan campaign so that every
    # poster format is drawn cheaply, the fixture news posts (feeds) and a site_url (sitemap dates).
    source = tmp_path / "source"
    listed = subprocess.run([GIT, "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    shutil.copy2(MINI / "slogans.yaml", source / "slogans.yaml")
    shutil.copytree(POSTS, source / "content" / "news" / "posts")
    config = source / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("# site_url:", "site_url: https://example.org/zl/"),
                      encoding="utf-8")
    committed = commit_all(source, "2020-10-15T17:30:00+08:00")

    sites = []
    for clone in (tmp_path / "a", tmp_path / "somewhere" / "else" / "b"):
        clone.parent.mkdir(parents=True, exist_ok=True)
        git("clone", "-q", str(source), str(clone), cwd=tmp_path)
        env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
        env.update(CAMPAIGN_POSTERS="on", CAMPAIGN_CACHE=str(clone / ".cache"))  # cold: a store of its own
        run = subprocess.run([sys.executable, "site_build.py", "build", "--strict"], cwd=clone, env=env,
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        sites.append(tree(clone / "site"))  # each build takes seconds: a build time would differ between them

    first, second = sites
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert {"assets/fonts/slogans.woff2", "search/search_index.json", "sitemap.xml.gz", "posters/bundles/all.zip",
            "feed_rss_created.xml"} <= set(first)
    day = time.strftime("%Y-%m-%d", time.gmtime(committed))
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", first["sitemap.xml"].decode())) == {day}
    assert f"<lastBuildDate>{email.utils.formatdate(committed)}</lastBuildDate>" in first["feed_rss_created.xml"].decode()
