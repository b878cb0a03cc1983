"""Every page in a real browser, at a phone and a desktop viewport: loads cleanly, offline,
finds things by Chinese search, answers its download links, and works by keyboard alone."""

from __future__ import annotations

import mimetypes
from urllib.parse import urldefrag, urljoin

import pytest
from html_pages import elements
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .pages import CRAFTSMAN, PAGE_TYPES, site_paths


def test_every_page_loads_without_errors_or_foreign_requests(phone, built_site):
    failures = []
    visit = phone
    for path in site_paths(built_site):
        response = visit.open(path)
        if response is None or response.status != 200:
            failures.append(f"{path}: HTTP {response and response.status}")
        failures += [f"{path}: {p}" for p in visit.problems()]
        visit.console_errors.clear(), visit.foreign_requests.clear(), visit.popups.clear()
    assert failures == []
    assert len(site_paths(built_site)) > 20


def test_every_kind_of_page_loads_cleanly_at_desktop_width(desktop):
    # Each template once: the desktop layout runs the same scripts on every page of a kind.
    failures = []
    for path in PAGE_TYPES.values():
        response = desktop.open(path)
        expected = 404 if path == "404.html" else 200
        if response is None or response.status not in (200, expected):
            failures.append(f"{path}: HTTP {response and response.status}")
        failures += [f"{path}: {p}" for p in desktop.problems()]
        desktop.console_errors.clear(), desktop.foreign_requests.clear(), desktop.popups.clear()
    assert failures == []


def test_pages_declare_simplified_chinese(visit):
    visit.open("")
    assert visit.page.evaluate("document.documentElement.lang") == "zh-CN"


@pytest.mark.parametrize(("query", "expected"), [
    ("质量", "notice/"),
    ("口号", "slogans/"),
    ("工匠精神", f"slogans/{CRAFTSMAN.id}/"),
])
def test_chinese_search_finds_the_right_pages(visit, query, expected):
    visit.open("")
    page = visit.page
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # phone: the search box opens from the header's search button
        page.locator('label.md-header__button[for="__search"]').click()
    box.fill(query)
    box.press("End")  # Material searches on keyup
    # Results render as the index answers and again when it finishes loading: a click between two
    # renders lands on a list being replaced. Wait for the expected link in a list that has stayed
    # the same over two polls, half a second apart. Links carry ?h=… (highlighting) and maybe #….
    target = visit.base + expected
    try:
        link = page.wait_for_function(
            """target => {
                const list = document.querySelector('.md-search-result__list');
                const html = list ? list.innerHTML : '';
                const settled = html !== '' && window.__searchResults === html;
                window.__searchResults = html;
                return settled && [...list.querySelectorAll('a.md-search-result__link')]
                    .find(a => a.href.split('#')[0].split('?')[0] === target);
            }""", arg=target, polling=500, timeout=30_000)
    except PlaywrightTimeout:  # say what was found instead
        hrefs = page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.href)")
        pytest.fail(f"no result for {query} links to {target}: {hrefs}")
    # Following the result opens the page.
    with page.expect_navigation(url=target + "**", wait_until="load"):
        link.as_element().click()
    assert page.locator("h1").first.is_visible()
    assert visit.problems() == []


#: What a download must be served as, by file extension (anything else: what the extension says).
_EXPECTED_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".pdf": "application/pdf", ".svg": "image/svg+xml",
                   ".zip": "application/zip", ".txt": "text/plain", "/": "text/html", ".html": "text/html"}


def download_links(built_site, base: str) -> set[str]:
    """Return the absolute URLs of every download link (``a[download]`` or under posters/) on the site."""
    urls = set()
    for page in built_site.rglob("*.html"):
        page_url = urljoin(base, page.relative_to(built_site).as_posix())
        hrefs = [a.get("href") for a in elements(page.read_text(encoding="utf-8"), "a")
                 if a.get("href") and ("download" in a.attrs or "posters/" in a.get("href"))]
        urls.update(urldefrag(urljoin(page_url, href)).url for href in hrefs)
    return {u for u in urls if u.startswith(base)}


def test_every_download_link_answers_with_its_file_type(desktop, built_site):
    # Poster downloads come from the poster engine; this holds for none or for many.
    failures = []
    for url in sorted(download_links(built_site, desktop.base)):
        response = desktop.page.request.get(url)
        suffix = "/" if url.endswith("/") else "." + url.rsplit(".", 1)[-1].lower()
        expected = _EXPECTED_TYPES.get(suffix) or mimetypes.guess_type(url)[0]
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        if response.status != 200 or content_type != expected:
            failures.append(f"{url}: {response.status} {content_type} (expected 200 {expected})")
    assert failures == []


def _tab_to(page, predicate: str, limit: int = 60) -> bool:
    """Press Tab until the focused element satisfies the JS ``predicate`` (given ``el``); return whether it did."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({predicate}); }})()"):
            return True
    return False


def test_navigation_works_by_keyboard_alone(desktop):
    desktop.open("")
    page = desktop.page
    target = page.locator(".md-tabs__link").nth(1)
    href = target.evaluate("a => a.href")
    assert _tab_to(page, f"el.href === {href!r}"), "Tab never reached the second navigation tab"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused link shows no focus ring"
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    # On the new page the keyboard reaches the table of contents' first entry and the skip link.
    assert _tab_to(page, "el.classList.contains('md-skip')", 3), "the first Tab should reach 'skip to content'"
    assert desktop.problems() == []


def test_elder_toggle_is_reachable_and_operable_by_keyboard(visit):
    visit.open("")
    page = visit.page
    assert _tab_to(page, "el.hasAttribute('data-elder-toggle')"), "Tab never reached the 长辈版 button"
    page.keyboard.press("Enter")
    assert page.get_attribute("[data-elder-toggle]", "aria-pressed") == "true"
    page.keyboard.press(" ")
    assert page.get_attribute("[data-elder-toggle]", "aria-pressed") == "false"


def test_phone_navigation_drawer_works_by_keyboard_alone(phone):
    phone.open("")
    page = phone.page
    assert _tab_to(page, "el.closest('label[for=__drawer]') !== null"), "Tab never reached the menu button"
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__drawer').checked")
    target = phone.base + "notice/"
    assert _tab_to(page, f"el.href === {target!r} && el.closest('.md-sidebar--primary') !== null"), \
        "Tab never reached the notice in the opened navigation"
    assert page.evaluate("document.activeElement.getBoundingClientRect().right > 0"), "focused link is off screen"
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert phone.problems() == []


def test_phone_search_opens_by_keyboard(phone):
    phone.open("")
    page = phone.page
    assert _tab_to(page, "el.closest('label[for=__search]') !== null"), "Tab never reached the search button"
    page.keyboard.press(" ")
    page.locator("input.md-search__input").wait_for(state="visible")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
