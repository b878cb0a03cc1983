"""The home page on a phone stays within 150 KB transferred (gzip), not counting the search index."""

from __future__ import annotations

import gzip
from urllib.parse import unquote, urlsplit

BUDGET = 150 * 1024
#: The search index loads in the background for the search box and grows with the content.
EXCLUDED = {"search/search_index.json"}


def test_home_page_weight_within_budget(phone, built_site):
    fetched = []
    phone.page.on("requestfinished", lambda request: fetched.append(request.url))
    phone.open("")
    phone.page.wait_for_load_state("networkidle")
    files = {}
    for url in fetched:
        path = unquote(urlsplit(url).path).lstrip("/")
        file = built_site / (path + "index.html" if path.endswith("/") or not path else path)
        if path not in EXCLUDED and file.is_file():
            # What a server sending gzip (level 6, the usual default) transfers for this file.
            files[path or "/"] = len(gzip.compress(file.read_bytes(), compresslevel=6))
    total = sum(files.values())
    report = ", ".join(f"{p} {s / 1024:.1f} KB" for p, s in sorted(files.items(), key=lambda i: -i[1]))
    assert "assets/javascripts/bundle" in report  # the count did see the page's own files
    assert total <= BUDGET, f"home page is {total / 1024:.1f} KB gzip: {report}"
    print(f"home page: {total / 1024:.1f} KB gzip ({report})")
