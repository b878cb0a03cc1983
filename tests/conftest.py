"""Shared fixtures and helpers: project copies, editing a slogan, building, the real site built once, tools."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from campaign.posters.design_file import load_designs
from campaign.posters.fonts import PosterFonts, load_fonts, theme_fonts
from campaign.store import Store
from html_pages import SiteText

import site_build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: A second, two-slogan campaign: for full renders, determinism and kill tests (cheap to render).
MINI = FIXTURES / "mini-campaign"
#: Two news posts (活动动态), for the news section, which the real project has none of.
NEWS_POSTS = FIXTURES / "news-posts"
#: The address the news site is built for: a sub-path, as most deployments have.
NEWS_SITE_URL = "https://example.org/zhiliangyue/"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Builds of throwaway project copies share the project's store, so a poster is rendered
# once per test session; tests about the store itself point it elsewhere.
os.environ.setdefault("CAMPAIGN_CACHE", str(ROOT / ".cache"))
# Posters are off unless a test is about them (it turns them on for its own builds).
os.environ["CAMPAIGN_POSTERS"] = "off"


def require(thing: str, how: str) -> None:
    """Skip (or, with REQUIRE_BROWSER=1, fail) because ``thing`` is missing; ``how`` says how to install it.

    ``REQUIRE_BROWSER=1`` (set by ``.ci/run``) asks for every system tool the tests drive:
    Chromium, poppler, Ghostscript.
    """
    message = f"{thing} is not available; install it with: {how}"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (REQUIRE_BROWSER=1 makes this a failure)")
    pytest.skip(message)


def require_tools(*tools: str, package: str) -> None:
    """Call ``require`` unless every command in ``tools`` is on the PATH (``package``: the Debian package)."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        require(", ".join(missing), f"sudo apt-get install -y {package}")


def make_project(where: Path, slogans_yaml: str | None = None, *, copy_content: bool = False,
                 campaign: Path = ROOT) -> Path:
    """Return a copy of a campaign project in ``where`` (the real one, or ``MINI``), optionally with other data.

    Theme and hooks are linked; ``content/`` is linked too unless ``copy_content`` asks for
    a real copy that the test may edit.
    """
    where.mkdir(parents=True, exist_ok=True)
    for name in ("theme", "hooks"):
        (where / name).symlink_to(ROOT / name, target_is_directory=True)
    if copy_content:
        shutil.copytree(campaign / "content", where / "content")
    else:
        (where / "content").symlink_to(campaign / "content", target_is_directory=True)
    config = (campaign / "mkdocs.yml").read_text(encoding="utf-8").replace("../../../", "")
    (where / "mkdocs.yml").write_text(config, encoding="utf-8")
    text = slogans_yaml if slogans_yaml is not None else (campaign / "slogans.yaml").read_text(encoding="utf-8")
    (where / "slogans.yaml").write_text(text, encoding="utf-8")
    return where


def project_with_posts(where: Path, *, per_page: int | None = None) -> Path:
    """Return a copy of the real project with the fixture posts in content/news/posts/ (``per_page`` posts a list page)."""
    project = make_project(where, copy_content=True)
    shutil.copytree(NEWS_POSTS, project / "content" / "news" / "posts")
    if per_page:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("        - blog:\n", f"        - blog:\n            pagination_per_page: {per_page}\n"),
                          encoding="utf-8")
    return project


def edit_slogan(project: Path, old_text: str, new_text: str) -> None:
    """Change one slogan of ``project`` from ``old_text`` to ``new_text`` (its ``text`` and ``halves`` together)."""
    data = project / "slogans.yaml"
    text = data.read_text(encoding="utf-8")
    old_halves, new_halves = old_text.split(" "), new_text.split(" ")
    edited = re.sub(rf"text: {re.escape(old_text)}$", f"text: {new_text}", text, count=1, flags=re.M)
    edited = edited.replace(f"halves: [{', '.join(old_halves)}]", f"halves: [{', '.join(new_halves)}]", 1)
    assert edited.count(new_text) and edited != text, f"no slogan {old_text!r} in {data}"
    data.write_text(edited, encoding="utf-8")


def designs_for(campaign):
    """Return the poster designs of ``theme/designs/`` with ``campaign``'s colours (the first is the default)."""
    return load_designs(ROOT / "theme", campaign.colors)


def wait_for(condition, what: str, timeout: float = 60) -> None:
    """Poll ``condition`` until it holds; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def build_site(config: Path, site_dir: Path, *options: str) -> Path:
    """Build the project of ``config`` into ``site_dir`` through the CLI (``--strict``); fail the test if it fails."""
    status = site_build.main(["--config", str(config), "build", "--strict", "--site-dir", str(site_dir), *options])
    assert status == 0, f"build of {config} failed"
    return site_dir


def build_project(project: Path, site_dir: Path, *, posters: bool = False, cache: Path | None = None,
                  site_url: str | None = None):
    """Build ``project`` into ``site_dir`` with MkDocs' API (``--strict``) and return the ``Build`` it made.

    Posters are off unless the test is about them; ``cache`` gives the build its own store.
    """
    from mkdocs.commands.build import build

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAMPAIGN_POSTERS", "on" if posters else "off")
        if cache is not None:
            patch.setenv("CAMPAIGN_CACHE", str(cache))
        options = {"site_url": site_url} if site_url else {}
        config = site_build.load_site_config(project / "mkdocs.yml", site_dir=str(site_dir), strict=True, **options)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        return site_build.adapter_of(config).current_build()


@pytest.fixture(scope="session")
def fonts() -> PosterFonts:
    """The vendored poster fonts, read once per session (their metrics kept in the session's store)."""
    return load_fonts(theme_fonts(ROOT / "theme"), Store(Path(os.environ["CAMPAIGN_CACHE"])))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project with its posters, built once with ``--strict``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAMPAIGN_POSTERS", "on")
        return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def news_site(tmp_path_factory) -> Path:
    """The real project with the fixture posts, built for ``NEWS_SITE_URL`` with ``--strict`` (posters off)."""
    where = tmp_path_factory.mktemp("news")
    build_project(project_with_posts(where / "project"), where / "site", site_url=NEWS_SITE_URL)
    return where / "site"


@pytest.fixture(scope="session")
def site_text(built_site) -> SiteText:
    """The visible text of every built page."""
    return SiteText(built_site)
