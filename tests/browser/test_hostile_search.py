"""A hostile slogan shows as text in the search results, in the built site and in the preview.

The pages' Content-Security-Policy would stop the script in the built site, so the browser
here bypasses it: what is tested is that the markup never becomes an element at all.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, build_site, make_project
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import DESKTOP, _visit
from .serving import served

PAYLOAD = '"><img src=x onerror=alert(1)>'
OTHER_HALF = "安全生产"
ENTRY = f"  - id: xss-search\n    text: '{PAYLOAD} {OTHER_HALF}'\n    halves: ['{PAYLOAD}', {OTHER_HALF}]\n"


def hostile_project(where: Path) -> Path:
    real = (ROOT / "slogans.yaml").read_text(encoding="utf-8")
    return make_project(where, real + ENTRY)


def search_shows_text(browser, base: str) -> None:
    visit = _visit(browser, base, DESKTOP, bypass_csp=True)
    page = visit.page
    try:
        visit.open("")
        box = page.locator("input.md-search__input")
        box.fill(OTHER_HALF)
        box.press("End")  # Material searches on keyup
        try:
            page.wait_for_function(
                """() => [...document.querySelectorAll('a.md-search-result__link')]
                    .some(a => a.href.includes('slogans/xss-search/'))""", timeout=30_000)
        except PlaywrightTimeout:
            hrefs = page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.href)")
            pytest.fail(f"the hostile slogan was not found by searching {OTHER_HALF}: {hrefs}")
        result = page.locator("a.md-search-result__link[href*='slogans/xss-search/']").first
        assert PAYLOAD.replace(" ", "") in result.inner_text().replace(" ", "").replace("\u200b", "")
        assert page.locator(".md-search-result img").count() == 0
        assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
        assert visit.popups == []
    finally:
        page.context.close()


def test_hostile_slogan_is_text_in_search_results_of_the_built_site(browser, tmp_path):
    project = hostile_project(tmp_path / "project")
    site = build_site(project / "mkdocs.yml", tmp_path / "site")
    with served(site) as address:
        search_shows_text(browser, address)


def test_hostile_slogan_is_text_in_search_results_of_the_preview(browser, tmp_path):
    project = hostile_project(tmp_path / "project")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, str(ROOT / "site_build.py"), "--config", str(project / "mkdocs.yml"),
                                    "serve", "--dev-addr", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while "Serving on" not in log.read_text(encoding="utf-8"):
            assert process.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the preview did not start"
            time.sleep(0.05)
        search_shows_text(browser, f"http://127.0.0.1:{port}/")
    finally:
        process.terminate()
        process.wait(timeout=30)
