"""Shared fixtures: the built site of the real project, built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import site_build
from site_text import SiteText

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

#: Debian's fonts-noto-cjk collections hold the poster faces. The site looks for the
#: vendored fonts in theme/fonts/ first; until those are present, tests use these.
SYSTEM_CJK_FONTS = ["/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
                    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"]
if not (ROOT / "theme" / "fonts").is_dir():
    os.environ.setdefault("CAMPAIGN_FONT_PATH", os.pathsep.join(p for p in SYSTEM_CJK_FONTS if Path(p).is_file()))


def build_site(config: Path, site_dir: Path) -> Path:
    """Build the project of ``config`` into ``site_dir`` through the CLI; fail the test if it fails."""
    status = site_build.main(["--config", str(config), "build", "--strict", "--site-dir", str(site_dir)])
    assert status == 0, f"build of {config} failed"
    return site_dir


def make_project(where: Path, slogans_yaml: str | None = None) -> Path:
    """Return a copy of the real project in ``where`` (sources linked), optionally with other ``slogans.yaml``."""
    where.mkdir(parents=True, exist_ok=True)
    for name in ("content", "theme", "hooks"):
        (where / name).symlink_to(ROOT / name, target_is_directory=True)
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
