"""The issue's "done when", as one reader on a phone: switch to 长辈版, find a slogan by
searching in Chinese, download its posters, print the notice as a red-header document."""

from __future__ import annotations

import re
import shutil
import subprocess

from .conftest import require
from .pages import CAMPAIGN, CRAFTSMAN


def test_a_reader_on_a_phone(phone, tmp_path):
    page = phone.page
    phone.open("")
    page.get_by_role("button", name="长辈版").click()

    # Find the slogan by searching in Chinese.
    page.locator('label.md-header__button[for="__search"]').click()
    box = page.locator("input.md-search__input")
    box.fill("工匠精神")
    box.press("End")
    result = page.locator(f'a.md-search-result__link[href*="slogans/{CRAFTSMAN.id}/"]').first
    result.click()
    page.wait_for_url(f"**/slogans/{CRAFTSMAN.id}/**")
    assert page.locator("h1").inner_text().replace(" ", "") == CRAFTSMAN.text.replace(" ", "")
    assert page.get_attribute("[data-elder-toggle]", "aria-pressed") == "true"  # still in 长辈版

    # Download its posters (the poster engine adds them; every one offered must arrive as a file).
    for href in page.locator("a[download]").evaluate_all("links => links.map(a => a.href)"):
        response = page.request.get(href)
        assert response.status == 200 and response.headers["content-type"].split(";")[0] != "text/html", href
    for href in page.locator("a[href*='posters/']").evaluate_all("links => links.map(a => a.href)"):
        assert page.request.get(href).status == 200, href

    # Print the notice.
    page.goto(phone.base + "notice/", wait_until="load")
    if shutil.which("pdftotext") is None:
        require("pdftotext", "sudo apt-get install -y poppler-utils")
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:.* pts \(A4\)", info)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.lstrip().startswith(CAMPAIGN.issuer) and CAMPAIGN.document_number in text
    assert phone.problems() == []
