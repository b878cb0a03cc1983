"""Shared fixtures: the built site of the real project, built once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from site_text import SiteText

import site_build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# Builds of throwaway project copies share the project's poster cache, so a poster is
# rendered once per test session; tests about the cache itself point it elsewhere.
os.environ.setdefault("CAMPAIGN_POSTER_CACHE", str(ROOT / ".cache" / "posters"))


def build_site(config: Path, site_dir: Path) -> Path:
    """Build the project of ``config`` into ``site_dir`` through the CLI; fail the test if it fails."""
    status = site_build.main(["--config", str(config), "build", "--strict", "--site-dir", str(site_dir)])
    assert status == 0, f"build of {config} failed"
    return site_dir


def make_project(where: Path, slogans_yaml: str | None = None, *, copy_content: bool = False) -> Path:
    """Return a copy of the real project in ``where``, optionally with other ``slogans.yaml``.

    Theme and hooks are linked; ``content/`` is linked too unless ``copy_content`` asks for
    a real copy that the test may edit.
    """
    where.mkdir(parents=True, exist_ok=True)
    for name in ("theme", "hooks"):
        (where / name).symlink_to(ROOT / name, target_is_directory=True)
    if copy_content:
        shutil.copytree(ROOT / "content", where / "content")
    else:
        (where / "content").symlink_to(ROOT / "content", target_is_directory=True)
    (where / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    text = slogans_yaml if slogans_yaml is not None else (ROOT / "slogans.yaml").read_text(encoding="utf-8")
    (where / "slogans.yaml").write_text(text, encoding="utf-8")
    return where


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project, built once with ``--strict``."""
    return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def site_text(built_site) -> SiteText:
    """The visible text of every built page."""
    return SiteText(built_site)
