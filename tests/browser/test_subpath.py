"""The site works copied under a sub-path of a web server (https://example.org/zhiliangyue/): every kind
of page, the news section, their assets, and the 404 page at any depth, as a server answers it for a
missing address."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from .conftest import PHONE, _visit
from .pages import PAGE_TYPES
from .serving import PREFIX, served

NEWS_PAGES = ["news/", "news/2020/09/03/shili-shi-qidong/", "news/archive/2020/", "news/category/dianxing-jingyan/"]


@pytest.fixture(scope="module")
def subpath_base(news_site):
    """The news site (built for a sub-path address) served under that sub-path on 127.0.0.1."""
    with served(news_site, PREFIX) as address:
        yield address


@pytest.fixture
def tab(browser, subpath_base):
    """A phone-sized tab that also records every sub-request that failed or was answered with an error."""
    visit = _visit(browser, subpath_base, PHONE)
    visit.failed = []
    # A request the browser cancels because the tab moves on (net::ERR_ABORTED) is no failure of the site;
    # a missing file is answered, and recorded, as HTTP 404.
    visit.page.on("requestfailed", lambda r: visit.failed.append(f"{r.url}: {r.failure}")
                  if "ERR_ABORTED" not in (r.failure or "") else None)
    visit.page.on("response", lambda r: visit.failed.append(f"{r.url}: HTTP {r.status}")
                  if r.status >= 400 and r.request.resource_type != "document" else None)
    yield visit
    visit.page.context.close()


@pytest.mark.parametrize("path", [p for p in PAGE_TYPES.values() if p != "404.html"] + NEWS_PAGES)
def test_pages_and_their_assets_load_under_a_sub_path(tab, path):
    response = tab.open(path)
    assert response.status == 200
    assert tab.failed == [] and tab.problems() == []
    # The site's own stylesheet applied: the header wears the campaign colour, not the browser's default.
    assert tab.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"


@pytest.mark.parametrize("missing", ["missing", "a/b/c/missing.html", "slogans/no-such-slogan/"])
def test_the_404_page_works_at_any_depth_under_a_sub_path(tab, missing):
    response = tab.open(missing)
    assert response.status == 404
    # Chromium logs the page's own 404 to the console; a missing asset would be in tab.failed.
    assert tab.failed == [] and [p for p in tab.problems() if "status of 404" not in p] == []
    assert tab.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert tab.page.locator("h1").first.inner_text() == "页面未找到"
    tab.console_errors.clear()
    tab.page.get_by_role("link", name="返回首页").click()
    tab.page.wait_for_url(tab.base)
    assert unquote(urlsplit(tab.page.url).path) == PREFIX
    assert tab.failed == [] and tab.problems() == []
