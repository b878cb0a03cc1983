"""Browser fixtures: one system Chromium and one served copy of the built site per session.

Chromium is Debian's ``chromium`` package, driven by Playwright for Python (Playwright's own
browser download is not used). Without it these tests skip, saying how to install it;
``REQUIRE_BROWSER=1`` (set by ``.ci/run``) turns that skip into a failure.
"""

from __future__ import annotations

import mimetypes
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import require  # noqa: F401 - the browser tests import it from here

from .serving import served

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
AXE = Path(__file__).parent / "vendor" / "axe.min.js"

mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("application/json", ".json")


def chromium_path() -> str | None:
    """Return the system Chromium to drive (``CHROMIUM_PATH`` if set, else the Debian package's), or ``None``."""
    if os.environ.get("CHROMIUM_PATH"):
        candidates = [os.environ["CHROMIUM_PATH"]]
    else:
        candidates = ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((c for c in candidates if c and Path(c).is_file()), None)


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on 127.0.0.1 (a free port), as ``http://127.0.0.1:<port>/``."""
    with served(built_site) as address:
        yield address


@pytest.fixture(scope="session")
def browser():
    """One headless system Chromium for the session."""
    path = chromium_path()
    if path is None:
        require("Chromium", "sudo apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require("Playwright for Python", "pip install -r requirements.txt")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@dataclass
class Visit:
    """A browser tab on the served site that records what should never happen."""

    page: object
    base: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    popups: list[str] = field(default_factory=list)

    def open(self, path: str = ""):
        """Load ``path`` (relative to the site root); return once it and its web fonts have loaded."""
        response = self.page.goto(self.base + path, wait_until="load")
        self.page.evaluate("document.fonts.ready.then(() => true)")
        return response

    def problems(self) -> list[str]:
        """Return console errors, requests to other hosts and pop-ups seen so far."""
        return ([f"console: {e}" for e in self.console_errors]
                + [f"foreign request: {u}" for u in self.foreign_requests]
                + [f"pop-up: {p}" for p in self.popups])


def _visit(browser, site_url: str, options: dict, *, bypass_csp: bool = False) -> Visit:
    context = browser.new_context(**options, locale="zh-CN", service_workers="block", bypass_csp=bypass_csp)
    page = context.new_page()
    visit = Visit(page, site_url)
    own = urlsplit(site_url).netloc

    def guard(route):
        url = route.request.url
        if urlsplit(url).scheme in {"http", "https", "ws", "wss"} and urlsplit(url).netloc != own:
            visit.foreign_requests.append(url)
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.console_errors.append(str(e)))
    page.on("dialog", lambda d: (visit.popups.append(f"{d.type}: {d.message}"), d.dismiss()))
    page.on("popup", lambda p: visit.popups.append(p.url))
    return visit


@pytest.fixture(params=list(VIEWPORTS))
def visit(request, browser, site_url):
    """A fresh tab (own storage) at a phone and at a desktop viewport."""
    visit = _visit(browser, site_url, VIEWPORTS[request.param])
    visit.viewport = request.param
    yield visit
    visit.page.context.close()


@pytest.fixture(params=list(VIEWPORTS))
def audit(request, browser, site_url):
    """Like ``visit``, but the page's Content-Security-Policy lets the test inject axe-core.

    Every other fixture enforces the policy, so a page that breaks its own CSP shows up
    there as a console error.
    """
    visit = _visit(browser, site_url, VIEWPORTS[request.param], bypass_csp=True)
    visit.viewport = request.param
    yield visit
    visit.page.context.close()


@pytest.fixture
def phone(browser, site_url):
    """A fresh tab at the phone viewport (390×844)."""
    visit = _visit(browser, site_url, PHONE)
    yield visit
    visit.page.context.close()


@pytest.fixture
def desktop(browser, site_url):
    """A fresh tab at a desktop viewport."""
    visit = _visit(browser, site_url, DESKTOP)
    yield visit
    visit.page.context.close()
