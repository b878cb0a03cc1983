"""The notice printed from Chromium is an official document after GB/T 9704-2012: A4 pages,
the red 发文机关标志, the 发文字号, the whole text, official margins, ~22 lines a page,
the attachment on a page of its own, and none of the site's chrome."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import FIXTURES
from html_pages import elements
from PIL import Image

from .conftest import require
from .pages import CAMPAIGN

MM = 72 / 25.4  # PDF points per millimetre
SOURCE = FIXTURES / "notice-2020-3.txt"


def notice_source_lines() -> list[str]:
    """The source notice up to and including its attachment note (what the notice page holds)."""
    lines = [line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[: next(i for i, line in enumerate(lines) if line.startswith("附件")) + 1]


def squash(text: str) -> str:
    """Return ``text`` without page numbers ("— 3 —") and without any whitespace."""
    return re.sub(r"\s+", "", re.sub(r"—\s*\d+\s*—", "", text))


@pytest.fixture(scope="module")
def notice_pdf(browser, site_url, tmp_path_factory):
    """The notice page printed to PDF by Chromium (A4, the page's own @page size)."""
    for tool in ("pdftotext", "pdfinfo", "pdftoppm"):
        if shutil.which(tool) is None:
            require(tool, "sudo apt-get install -y poppler-utils")
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + "notice/", wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    path = tmp_path_factory.mktemp("print") / "notice.pdf"
    path.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    context.close()
    return path


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_words(path) -> list[list[tuple]]:
    """Words of ``pdftotext -bbox`` output, by page: (text, xMin, yMin, xMax, yMax) in points."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[list[tuple]] = []
    for element in elements(html):
        if element.tag == "page":
            pages.append([])
        elif element.tag == "word":
            pages[-1].append((element.text, *(float(element.get(k)) for k in ("xmin", "ymin", "xmax", "ymax"))))
    return pages


def test_every_page_is_a4(notice_pdf):
    pages = pdf_pages(notice_pdf)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(notice_pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert len(sizes) == pages
    assert all(abs(float(w) - 210 * MM) < 1 and abs(float(h) - 297 * MM) < 1 for w, h in sizes)
    assert 3 <= pages <= 7


def test_the_printed_text_is_header_number_title_and_the_whole_body_in_order(notice_pdf):
    text = squash(subprocess.run(["pdftotext", str(notice_pdf), "-"], capture_output=True, text=True,
                                 check=True).stdout)
    assert text.startswith(squash(CAMPAIGN.issuer + CAMPAIGN.document_number))
    position = 0
    for line in notice_source_lines():
        found = text.find(squash(line), position)
        assert found >= 0, f"missing or out of order: {line[:30]}…"
        position = found + len(squash(line))


def test_site_chrome_is_not_printed(notice_pdf):
    text = subprocess.run(["pdftotext", str(notice_pdf), "-"], capture_output=True, text=True, check=True).stdout
    for chrome in ["长辈版", "跳转至", "搜索", "下一页", "上一页", "回到页面顶部"]:
        assert chrome not in text


def test_text_keeps_to_the_official_type_area(notice_pdf):
    # Margins: top 37 mm, left 28 mm, bottom 35 mm, right 26 mm (type area 156 × 225 mm).
    for number, words in enumerate(pdf_words(notice_pdf), start=1):
        body = [w for w in words if not re.fullmatch(r"[—\d\s]+", w[0])]  # page numbers sit below the area
        assert min(w[1] for w in body) >= 27 * MM, f"page {number}: text left of the 28 mm margin"
        assert max(w[3] for w in body) <= (210 - 25) * MM, f"page {number}: text right of the 26 mm margin"
        # pdftotext's word boxes are the font's full height, so judge lines by their middle.
        middles = [(w[2] + w[4]) / 2 for w in body]
        assert min(middles) >= (37 + 3) * MM, f"page {number}: text above the 37 mm margin"
        assert max(middles) <= (297 - 35 - 3) * MM, f"page {number}: text below the 35 mm margin"


def attachment_start(pages: list[list[tuple]]) -> int:
    """Return the index of the first page of the printed attachment: the page that begins with "附件" alone."""
    return next(i for i, words in enumerate(pages) if words and words[0][0] == "附件")


def test_full_pages_hold_about_22_lines(notice_pdf):
    pages = pdf_words(notice_pdf)
    notice = pages[: attachment_start(pages)]
    for number, words in enumerate(notice[1:-1], start=2):  # the first has the header, the last is short
        lines = {round((w[2] + w[4]) / 2) for w in words if not re.fullmatch(r"[—\d\s]+", w[0])}
        assert 20 <= len(lines) <= 23, f"page {number} has {len(lines)} lines"


def test_pages_are_numbered_in_the_official_style(notice_pdf):
    words = pdf_words(notice_pdf)
    for number, page in enumerate(words, start=1):
        footer = " ".join(w[0] for w in page if (w[2] + w[4]) / 2 > (297 - 35) * MM)
        assert re.fullmatch(rf"—\s*{number}\s*—", footer.strip()), f"page {number} footer: {footer!r}"


def test_the_header_is_printed_in_red_above_a_red_rule(notice_pdf, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(notice_pdf), str(tmp_path / "p")],
                   check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    width, height = image.size

    def red_rows(top: float, bottom: float) -> list[int]:
        rows = []
        for y in range(int(top * height), int(bottom * height)):
            pixels = (image.getpixel((x, y)) for x in range(width))
            reds = sum(1 for r, g, b in pixels if r > 180 and g < 90 and b < 90)
            if reds:
                rows.append(reds)
        return rows

    # The issuer: red characters in the top band of the type area.
    assert sum(red_rows(37 / 297, 60 / 297)) > 200
    # The rule: a red row spanning most of the 156 mm type area.
    assert max(red_rows(37 / 297, 110 / 297)) > 0.6 * (156 / 210) * width
    # Nothing else on the page is red: the body is black.
    assert sum(red_rows(110 / 297, 1)) < 20


def test_the_attachment_is_printed_on_its_own_page_as_the_standard_lays_it_out(notice_pdf):
    pages = pdf_words(notice_pdf)
    start = attachment_start(pages)
    assert start >= 1, "the attachment must start a new page after the notice"
    label, *rest = pages[start]
    # "附件" at the top left of the type area (28 mm margin; first line below the 37 mm top margin).
    assert abs(label[1] - 28 * MM) < 2 * MM and (label[2] + label[4]) / 2 < (37 + 12) * MM
    # The title centred on the third line: its words' extent is centred on the 156 mm type area.
    title_line = [w for w in rest if abs((w[2] + w[4]) / 2 - (label[2] + label[4]) / 2 - 2 * 28.95) < 8]
    assert "".join(w[0] for w in title_line) == CAMPAIGN.attachment_title
    middle = (min(w[1] for w in title_line) + max(w[3] for w in title_line)) / 2
    assert abs(middle - (28 + 156 / 2) * MM) < 3 * MM
    # Then its text as the source has it: the theme line and every slogan, numbered, in order.
    text = squash(" ".join(w[0] for page in pages[start:] for w in page))
    expected = [f"主题：{CAMPAIGN.theme}"] + [f"{n}.{s.text}" for n, s in enumerate(CAMPAIGN.slogans, start=1)]
    position = 0
    for line in expected:
        found = text.find(squash(line), position)
        assert found >= 0, f"missing or out of order in the printed attachment: {line}"
        position = found + len(squash(line))
