"""A failed or killed build never damages the last good site."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, make_project

import site_build


def tree_digest(root: Path) -> dict[str, str]:
    """Map each file under ``root`` to the SHA-256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(project: Path, site: Path, *extra: str) -> int:
    return site_build.main(["--config", str(project / "mkdocs.yml"), "build", "--site-dir", str(site), *extra])


def test_broken_slogans_leave_the_previous_site_untouched(tmp_path):
    project = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build(project, site) == 0
    before = tree_digest(site)
    slogans = project / "slogans.yaml"
    slogans.write_text(slogans.read_text(encoding="utf-8").replace("text: 美好生活 质量相伴", 'text: ""'),
                       encoding="utf-8")
    assert build(project, site) == 1
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_strict_warning_leaves_the_previous_site_untouched(tmp_path):
    # A nav entry naming a missing page passes the content check but is a MkDocs warning:
    # with --strict the build fails after every file was written, and must not publish.
    project = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build(project, site, "--strict") == 0
    before = tree_digest(site)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - 联系方式: contact.md",
                                                                 "  - 联系方式: contact.md\n  - 缺失: missing.md"),
                      encoding="utf-8")
    assert build(project, site, "--strict") == 1
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_build_killed_mid_poster_render_leaves_site_intact_and_next_build_matches_a_clean_one(
    tmp_path, monkeypatch
):
    project = make_project(tmp_path / "project")
    site = tmp_path / "site"
    monkeypatch.setenv("CAMPAIGN_POSTERS", "off")  # the previous good site, quickly
    assert build(project, site) == 0
    before = tree_digest(site)

    cache = tmp_path / "cache"
    monkeypatch.setenv("CAMPAIGN_POSTERS", "on")
    monkeypatch.setenv("CAMPAIGN_POSTER_CACHE", str(cache))
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "site_build.py"), "--config", str(project / "mkdocs.yml"), "build",
         "--site-dir", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    rendered = []
    while time.monotonic() < deadline and process.poll() is None:
        rendered = list((cache / "objects").rglob("*.png")) if (cache / "objects").is_dir() else []
        if rendered:  # posters are being written: kill the whole process group now
            break
        time.sleep(0.01)
    assert rendered and process.poll() is None, "the build never got to rendering posters"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    assert tree_digest(site) == before
    assert build(project, site) == 0
    monkeypatch.setenv("CAMPAIGN_POSTER_CACHE", str(tmp_path / "clean-cache"))
    clean = tmp_path / "clean"
    assert build(project, clean) == 0
    assert tree_digest(site) == tree_digest(clean)
    assert not list(tmp_path.glob(".site-*")) and not list(tmp_path.glob(".clean-*"))
