"""Print PDFs checked the way a print shop would: with readers we did not write.

pypdf reads the structure (PDF/X keys, output intent, boxes, operators); poppler's
``pdffonts`` and ``pdfimages`` and ``qpdf --check`` must find no font, no image and no
error; Ghostscript renders the page to compare with the PNG of the same poster and
separates it into inks to compare with the CMYK values ``slogans.yaml`` declares.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from campaign.content.model import PrintFormatConfig
from campaign.content.slogans_file import load_campaign
from campaign.posters.design import campaign_design
from campaign.posters.formats import FORMATS, poster_format
from campaign.posters.pdf import MARK_LENGTH_MM, MARK_OFFSET_MM
from campaign.posters.render import plan_jobs, render_outputs
from campaign.posters.subjects import poster_subjects
from conftest import MINI, ROOT, build_project, make_project, require_tools
from PIL import Image, ImageChops, ImageFilter, ImageStat
from pypdf import PdfReader
from pypdf.generic import ContentStream

PT_PER_MM = 72 / 25.4
PRINT = [p for p in FORMATS if p.is_print]
URL = "https://example.org/slogans/x/"
#: Operators that set colour in a space other than DeviceCMYK, draw images, text, shadings or graphics states.
FORBIDDEN = {b"rg", b"RG", b"g", b"G", b"sc", b"scn", b"SC", b"SCN", b"cs", b"CS", b"BI", b"ID", b"EI", b"Do",
             b"Tj", b"TJ", b"'", b'"', b"BT", b"gs", b"sh", b"d0", b"d1"}


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(ROOT / "slogans.yaml")


def render(campaign, fonts, format_id, subject_index=1, qr=True):
    subject = poster_subjects(campaign)[subject_index]
    jobs = plan_jobs(poster_subjects(campaign), campaign, (poster_format(format_id),), fonts,
                     campaign_design(campaign), {subject.id: URL} if qr else {})
    job = next(j for j in jobs if j.subject.id == subject.id)
    return render_outputs(job.subject, job.setting, campaign, job.poster_format, fonts, campaign_design(campaign),
                          job.qr_url).files


def pdfs(campaign, fonts):
    """Yield (format, output name, bytes) of every print PDF of one slogan."""
    for p in PRINT:
        for name, data in render(campaign, fonts, p.id).items():
            if name.endswith("pdf"):
                yield p, name, data


def box_mm(box) -> tuple[float, ...]:
    return tuple(round(float(v) / PT_PER_MM, 2) for v in box)


def test_every_print_pdf_has_the_structure_of_pdf_x_1a(campaign, fonts):
    for p, name, data in pdfs(campaign, fonts):
        assert data.startswith(b"%PDF-1.3\n")
        reader = PdfReader(io.BytesIO(data))
        info = reader.trailer["/Info"]
        assert info["/GTS_PDFXVersion"] == "PDF/X-1:2001" and info["/GTS_PDFXConformance"] == "PDF/X-1a:2001"
        assert info["/Trapped"] == "/False" and info["/CreationDate"] == info["/ModDate"] == "D:19800101000000Z"
        assert campaign.title in info["/Title"]
        intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
        assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "JC200103"
        assert intent["/RegistryName"] == "http://www.color.org"
        assert re.search(rb"/ID \[<([0-9A-F]{32})> <\1>\]", data)  # a document ID, from the content
        page = reader.pages[0]
        assert len(reader.pages) == 1
        assert box_mm(page.mediabox) == box_mm(page.bleedbox)
        x0, y0, x1, y1 = box_mm(page.trimbox)
        assert (x0, y0) == (p.bleed_mm, p.bleed_mm)
        width, height = p.trim_mm
        assert x1 - x0 == pytest.approx(width, abs=0.02)
        if p.kind == "poster":
            assert y1 - y0 == pytest.approx(height, abs=0.02)
        else:  # couplet columns: as long as the text, never longer than the format allows
            assert y1 - y0 <= height + 0.02 and (y1 - y0) % 10 == pytest.approx(0, abs=0.02)
        resources = page["/Resources"]
        assert not {"/Font", "/XObject", "/ExtGState", "/Shading", "/ColorSpace", "/Pattern"} & set(resources), name


def test_every_colour_is_cmyk_and_nothing_is_text_or_an_image(campaign, fonts):
    for p, name, data in pdfs(campaign, fonts):
        reader = PdfReader(io.BytesIO(data))
        operations = ContentStream(reader.pages[0].get_contents(), reader).operations
        operators = {operator for _, operator in operations}
        assert not operators & FORBIDDEN, (p.id, name, operators & FORBIDDEN)
        assert b"k" in operators and b"f" in operators  # CMYK fills, paths filled
        for operands, operator in operations:
            if operator in (b"k", b"K"):
                assert len(operands) == 4 and all(0 <= float(v) <= 1 for v in operands)


def test_colours_are_the_declared_cmyk_and_black_is_k_only(campaign, fonts):
    data = render(campaign, fonts, "print-a4")["pdf"]
    reader = PdfReader(io.BytesIO(data))
    fills = {tuple(round(float(v) * 100, 2) for v in operands)
             for operands, operator in ContentStream(reader.pages[0].get_contents(), reader).operations
             if operator == b"k"}
    colors = campaign.colors
    assert fills == {colors.primary_cmyk, colors.accent_cmyk, (0, 0, 0, 0), (0, 0, 0, 100)}  # QR: paper and K100


def test_independent_tools_find_no_font_no_image_and_no_error(campaign, fonts, tmp_path):
    require_tools("pdffonts", "pdfimages", package="poppler-utils")
    require_tools("qpdf", package="qpdf")
    for p, name, data in pdfs(campaign, fonts):
        path = tmp_path / f"{p.id}-{name}"
        path.write_bytes(data)
        listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        assert len(listed.strip().splitlines()) == 2, listed  # the table's header only
        images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
        assert len(images.strip().splitlines()) == 2, images
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout, check.stdout


def ghostscript(pdf: Path, device: str, dpi: int, *options: str) -> Image.Image:
    out = pdf.with_suffix(f".{device}.img")
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", f"-sDEVICE={device}", f"-r{dpi}",
                    *options, f"-sOutputFile={out}", str(pdf)], check=True, capture_output=True)
    with Image.open(out) as image:
        image.load()
        return image


@pytest.mark.parametrize("format_id", ["print-a3", "print-a4"])
def test_ghostscript_renders_the_pdf_like_the_png_of_the_same_poster(campaign, fonts, tmp_path, format_id):
    """Same shapes in the same places: both at 100 dpi, each pixel classed as ground or ink, compared within 1 px.

    Colours differ on purpose (the PDF's are the print values seen through Ghostscript's
    default CMYK profile), so each image is classed against its own two colours. Edges
    round differently (about 1.6 % of pixels, all on glyph edges), so a pixel counts as
    different only if the other image has no pixel of its class within one pixel.
    """
    require_tools("gs", package="ghostscript")
    files = render(campaign, fonts, format_id, qr=False)
    (tmp_path / "poster.pdf").write_bytes(files["pdf"])
    printed = ghostscript(tmp_path / "poster.pdf", "png16m", 100, "-dGraphicsAlphaBits=4").convert("RGB")
    with Image.open(io.BytesIO(files["png"])) as png:
        screen = png.convert("RGB").resize(printed.size, Image.Resampling.BOX)

    ground_pdf, ink_pdf = printed.getpixel((2, printed.height // 2)), printed.getpixel((printed.width // 2, 2))
    ground_png, ink_png = screen.getpixel((2, screen.height // 2)), screen.getpixel((screen.width // 2, 2))
    mask_pdf, mask_png = ink_mask(printed, ground_pdf, ink_pdf), ink_mask(screen, ground_png, ink_png)
    assert 0.02 < ImageStat.Stat(mask_png).mean[0] / 255 < 0.5  # the masks hold the text and bands
    for one, other in ((mask_pdf, mask_png), (mask_png, mask_pdf)):
        for ink in (one, one.point(lambda v: 255 - v)):  # ink where the other has none near, then ground
            near = (other if ink is one else other.point(lambda v: 255 - v)).filter(ImageFilter.MaxFilter(3))
            stray = ImageStat.Stat(ImageChops.subtract(ink, near)).mean[0] / 255
            assert stray < 0.001, f"{stray:.2%} of pixels have nothing alike within 1 px"


def ink_mask(image: Image.Image, ground: tuple[int, int, int], ink: tuple[int, int, int]) -> Image.Image:
    """Return 255 where a pixel is nearer the ink than the ground, 0 elsewhere."""
    palette = Image.new("P", (1, 1))
    palette.putpalette([*ground, *ink] + [*ground] * 254)
    return image.quantize(palette=palette, dither=Image.Dither.NONE).point(lambda i: 255 if i == 1 else 0, "L")


def test_ghostscript_separates_the_page_into_the_declared_inks(campaign, fonts, tmp_path):
    require_tools("gs", package="ghostscript")
    (tmp_path / "poster.pdf").write_bytes(render(campaign, fonts, "print-a4")["pdf"])
    separated = ghostscript(tmp_path / "poster.pdf", "tiff32nc", 20)
    assert separated.mode == "CMYK"

    def ink(cmyk):
        return tuple(round(v * 255 / 100) for v in cmyk)

    found = {colour for _, colour in separated.getcolors(1 << 16)}
    declared = {ink(campaign.colors.primary_cmyk), ink(campaign.colors.accent_cmyk), (0, 0, 0, 0), (0, 0, 0, 255)}
    assert found == declared
    assert separated.getpixel((separated.width // 2, separated.height // 3)) == ink(campaign.colors.primary_cmyk)


def test_crop_marks_sit_outside_the_bleed_when_asked_for(campaign, fonts, tmp_path):
    require_tools("gs", package="ghostscript")
    marked = replace(campaign, printing=replace(campaign.printing, crop_marks=True))
    data = render(marked, fonts, "print-a4", qr=False)["pdf"]
    page = PdfReader(io.BytesIO(data)).pages[0]
    margin = MARK_OFFSET_MM + MARK_LENGTH_MM + 1
    assert box_mm(page.mediabox)[2] == pytest.approx(216 + 2 * margin, abs=0.02)
    assert box_mm(page.bleedbox)[:2] == pytest.approx((margin, margin), abs=0.02)
    assert box_mm(page.trimbox)[:2] == pytest.approx((margin + 3, margin + 3), abs=0.02)
    (tmp_path / "marked.pdf").write_bytes(data)
    image = ghostscript(tmp_path / "marked.pdf", "png16m", 100).convert("L")
    per_mm = 100 / 25.4

    def dark(x_mm: float, y_mm: float) -> bool:
        return image.getpixel((round(x_mm * per_mm), round(y_mm * per_mm))) < 128

    trim_x = margin + 3
    assert dark(trim_x, 3) and dark(3, trim_x)  # marks on the trim lines, in the margin
    assert not dark(trim_x, margin - 1)  # the gap between a mark and the bleed stays clear
    assert not dark(margin / 2, margin / 2)  # corner: nothing


def test_the_print_condition_and_the_id_follow_the_data(campaign, fonts):
    fogra = replace(campaign, printing=replace(campaign.printing, output_intent="FOGRA39"))
    reader = PdfReader(io.BytesIO(render(fogra, fonts, "print-a4")["pdf"]))
    assert reader.trailer["/Root"]["/OutputIntents"][0].get_object()["/OutputConditionIdentifier"] == "FOGRA39"
    first, again, other = (render(campaign, fonts, "print-a4", i)["pdf"] for i in (1, 1, 2))
    assert first == again
    ids = [PdfReader(io.BytesIO(d)).trailer["/ID"][0] for d in (first, other)]
    assert ids[0] != ids[1]


def test_a_print_format_added_in_configuration_builds(tmp_path, fonts):
    text = (MINI / "slogans.yaml").read_text(encoding="utf-8").replace("\nslogans:", (
        "\nprint:\n  crop_marks: true\n  formats:\n"
        "    - id: zhanban-90x120\n      name: 宣传栏展板（90×120 厘米）\n      size_mm: [900, 1200]\n"
        "      kind: poster\n      hidden_bottom_mm: 100\n\nslogans:"))
    project = make_project(tmp_path / "project", text, campaign=MINI)
    build = build_project(project, tmp_path / "site", posters=True)
    config = build.campaign.printing.formats[0]
    assert config == PrintFormatConfig("zhanban-90x120", "宣传栏展板（90×120 厘米）", (900, 1200), 3, "poster", 100)
    manifest = json.loads((tmp_path / "site" / "posters" / "posters.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["files"] if e["format"] == "zhanban-90x120"]
    assert [e["slogan"] for e in entries] == [s.id for s in poster_subjects(build.campaign)]
    for entry in entries:
        assert entry["type"] == "pdf" and entry["mm"] == [906, 1206] and entry["lines"]
        page = PdfReader(tmp_path / "site" / entry["path"]).pages[0]
        x0, y0, x1, y1 = box_mm(page.trimbox)
        assert (x1 - x0, y1 - y0) == pytest.approx((900, 1200), abs=0.02)
    downloads = (tmp_path / "site" / "posters" / "index.html").read_text(encoding="utf-8")
    assert "宣传栏展板（90×120 厘米）" in downloads
    slogan_page = (tmp_path / "site" / "slogans" / "ceshi-kouhao-yi" / "index.html").read_text(encoding="utf-8")
    assert "ceshi-kouhao-yi-zhanban-90x120.pdf" in slogan_page


def test_the_qr_code_prints_the_modules_of_the_slogan_page_address(campaign, fonts, tmp_path):
    """Ghostscript's black plate, sampled at every module's centre, is segno's matrix of the address."""
    import segno

    require_tools("gs", package="ghostscript")
    (tmp_path / "poster.pdf").write_bytes(render(campaign, fonts, "print-a4")["pdf"])
    black = ghostscript(tmp_path / "poster.pdf", "tiff32nc", 150).split()[3]
    modules = black.point(lambda k: 255 if k == 255 else 0)  # only the QR code is K100
    left, top, right, _ = modules.getbbox()
    matrix = segno.make(URL, error="m", micro=False).matrix
    module = (right - left) / len(matrix)
    sampled = tuple(tuple(int(modules.getpixel((int(left + (c + 0.5) * module), int(top + (r + 0.5) * module))) > 0)
                          for c in range(len(matrix))) for r in range(len(matrix)))
    assert sampled == tuple(tuple(int(bool(v)) for v in row) for row in matrix)
    assert module / 150 * 25.4 >= 0.5  # mm per module: scannable at arm's length
