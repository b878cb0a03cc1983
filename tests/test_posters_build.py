"""Integration: what a build publishes under ``posters/``, and what it renders cold, warm and after an edit.

The real campaign's posters are read from the session's built site; rendering counts,
edits and determinism use the two-slogan fixture campaign with a store of its own.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
from campaign.content.slogans_file import load_campaign
from campaign.posters.encoders import FIXED_DATE
from campaign.posters.formats import FORMATS
from campaign.posters.render import file_name
from campaign.posters.subjects import THEME_ID
from conftest import MINI, ROOT, build_project, designs_for, edit_slogan, make_project
from html_pages import elements
from PIL import Image

MM_PER_PT = 25.4 / 72
CAMPAIGN = load_campaign(ROOT / "slogans.yaml")
SUBJECTS = [THEME_ID] + [s.id for s in CAMPAIGN.slogans]
DESIGNS = designs_for(CAMPAIGN)
#: Each design with the label its file names carry ("" for the default, the first).
LABELS = [(d.id, "" if n == 0 else d.id) for n, d in enumerate(DESIGNS)]
#: Formats whose files every design shares (LED strips are lit dots; couplets are red paper in every design).
SHARED = {"led-16", "led-32", "couplet-print"}


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """One cold build of the fixture campaign with its own store: (project, site, store, build)."""
    base = tmp_path_factory.mktemp("mini")
    project = make_project(base / "project", campaign=MINI)
    build = build_project(project, base / "site", posters=True, cache=base / "store")
    return project, base / "site", base / "store", build


def test_every_slogan_has_every_format_at_its_exact_size_in_every_design(built_site):
    posters = built_site / "posters"
    for sid in SUBJECTS:
        for p, (_, label) in ((p, d) for p in FORMATS for d in LABELS):
            for ext in p.outputs:
                path = posters / file_name(sid, p.id, ext, label)
                assert path.is_file(), path
                if ext in ("png", "bmp"):
                    with Image.open(path) as image:
                        if p.pixels or p.is_print:
                            assert image.size == p.canvas_px(), path
                        else:
                            assert image.height == {"banner": 180, "led-16": 16, "led-32": 32}[p.id]
                        if p.kind == "led":
                            assert image.mode == "1" and image.width % 32 == 0
                        if p.is_print:
                            assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def _pdf_box(data: bytes, name: str) -> list[float]:
    match = re.search(rb"/" + name.encode() + rb" \[([0-9. ]+)\]", data)
    return [float(v) for v in match.group(1).split()]


@pytest.mark.parametrize(("format_id", "trim", "bleed"),
                         [("print-a3", (297, 420), 3), ("print-a4", (210, 297), 3), ("print-a4-office", (210, 297), 0),
                          ("rollup", (800, 2000), 3)])
def test_pdf_pages_have_the_physical_size_with_bleed(built_site, format_id, trim, bleed):
    for sid in SUBJECTS:
        data = (built_site / "posters" / f"{sid}-{format_id}.pdf").read_bytes()
        assert data.startswith(b"%PDF-1.3")
        x0, y0, x1, y1 = _pdf_box(data, "MediaBox")
        assert ((x1 - x0) * MM_PER_PT, (y1 - y0) * MM_PER_PT) == pytest.approx((trim[0] + 2 * bleed,
                                                                                trim[1] + 2 * bleed), abs=0.01)
        t0, u0, t1, u1 = _pdf_box(data, "TrimBox")
        assert ((t1 - t0) * MM_PER_PT, (u1 - u0) * MM_PER_PT) == pytest.approx(trim, abs=0.01)


def test_couplets_are_a_pair_of_pdfs_at_one_character_size(built_site):
    manifest = json.loads((built_site / "posters" / "posters.json").read_text(encoding="utf-8"))
    couplets = [e for e in manifest["files"] if e["format"] == "couplet-print"]
    assert sorted({e["type"] for e in couplets}) == ["shanglian.pdf", "xialian.pdf"]
    assert len({e["slogan_size_mm"] for e in couplets}) == 1
    for entry in couplets:
        assert entry["mm"][0] == 406 and entry["mm"][1] <= 2206  # 40 cm wide + bleed; length follows the text
        halves = CAMPAIGN.theme.split() if entry["slogan"] == THEME_ID else CAMPAIGN.slogan(entry["slogan"]).halves
        assert entry["lines"] == list(halves)  # column by column from the right: 上联 first


def test_banner_svg_is_outlines_in_millimetres(built_site):
    svg = (built_site / "posters" / f"{CAMPAIGN.slogans[0].id}-banner.svg").read_text(encoding="utf-8")
    assert 'height="900mm"' in svg
    assert "<text" not in svg and "font-family" not in svg
    # The slogan, then the 落款 at its right end, as banners are hung.
    assert svg.count("<path") == len(CAMPAIGN.slogans[0].text.replace(" ", "")) + len(CAMPAIGN.issuer)


@pytest.mark.parametrize("format_id", ["led-16", "led-32"])
def test_led_text_is_the_plain_slogan_in_utf8_and_gbk(built_site, format_id):
    slogan = CAMPAIGN.slogans[0]
    line = slogan.text.replace(" ", "\u3000") + "\r\n"
    assert (built_site / "posters" / f"{slogan.id}-{format_id}.txt").read_bytes() == line.encode("utf-8")
    assert (built_site / "posters" / f"{slogan.id}-{format_id}-gbk.txt").read_bytes() == line.encode("gbk")


def test_posters_json_lists_every_file_with_matching_hashes_and_what_was_set(built_site):
    manifest = json.loads((built_site / "posters" / "posters.json").read_text(encoding="utf-8"))
    listed = {(entry["path"], entry["design"]) for entry in manifest["files"]}
    assert listed == {(f"posters/{file_name(sid, p.id, ext, label)}", design)
                      for sid in SUBJECTS for p in FORMATS for ext in p.outputs for design, label in LABELS}
    for entry in manifest["files"] + manifest["bundles"]:
        data = (built_site / entry["path"]).read_bytes()
        assert len(data) == entry["bytes"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
    for entry in manifest["files"]:
        assert "".join(entry["lines"]).replace(" ", "") == entry["text"].replace(" ", ""), entry["path"]
        assert entry["slogan_size_mm"] > 0 and entry["slogan_size_px"] > 0
    a3 = next(e for e in manifest["files"] if e["format"] == "print-a3" and e["type"] == "png")
    assert a3["mm"] == [303, 426] and a3["pixels"] == [3579, 5031] and a3["dpi"] == 300
    assert a3["slogan_size_px"] == pytest.approx(a3["slogan_size_mm"] * 300 / 25.4, abs=0.1)
    led = next(e for e in manifest["files"] if e["format"] == "led-16" and e["type"] == "png")
    assert led["slogan_size_px"] == 15 and led["lines"] == [CAMPAIGN.theme]
    for format_id in ("print-a3", "square", "vertical", "couplet-print"):  # a series: one size per format and design
        for design, _ in LABELS:
            assert len({e["slogan_size_mm"] for e in manifest["files"]
                        if e["format"] == format_id and e["design"] == design}) == 1


@pytest.mark.parametrize(("design", "label"), LABELS)
def test_bundles_hold_each_format_and_everything_of_one_design(built_site, design, label):
    suffix = f"-{label}" if label else ""
    with zipfile.ZipFile(built_site / "posters" / "bundles" / f"print-a3{suffix}.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert names == sorted(file_name(sid, "print-a3", ext, label) for sid in SUBJECTS for ext in ("pdf", "png"))
        assert {i.date_time for i in archive.infolist()} == {FIXED_DATE}
    with zipfile.ZipFile(built_site / "posters" / "bundles" / f"all{suffix}.zip") as archive:
        assert len(archive.namelist()) == sum(len(p.outputs) for p in FORMATS) * len(SUBJECTS)
    manifest = json.loads((built_site / "posters" / "posters.json").read_text(encoding="utf-8"))
    assert {b["design"] for b in manifest["bundles"] if b["path"].endswith(f"/all{suffix}.zip")} == {design}


def test_every_design_has_a_contact_sheet_in_its_own_colours(built_site):
    for design, (_, label) in zip(DESIGNS, LABELS, strict=True):
        with Image.open(built_site / "posters" / f"contact-sheet{'-' + label if label else ''}.png") as sheet:
            assert sheet.width > 1000 and sheet.height > 1000
            assert sheet.convert("RGB").getpixel((2, 2)) == tuple(int(design.named(design.poster.ground).screen[i:i + 2], 16)
                                                                  for i in (1, 3, 5))


def test_gallery_shows_every_subject_in_every_design_as_lazy_responsive_webp(built_site):
    page = (built_site / "posters" / "index.html").read_text(encoding="utf-8")
    gallery = elements(page, "img", class_="poster-gallery__image")
    # The caption is the link's name; the preview is decorative, or readers would hear the slogan twice.
    assert [i.get("alt") for i in gallery] == [""] * (1 + len(CAMPAIGN.slogans)) * len(DESIGNS)
    captions = [e.text for e in elements(page, "span", class_="poster-gallery__caption")]
    assert captions == ([CAMPAIGN.theme] + [s.text for s in CAMPAIGN.slogans]) * len(DESIGNS)
    tabs = [label.text for label in elements(page, "label") if (label.get("for") or "").startswith("gallery-")]
    assert tabs == [d.name for d in DESIGNS]  # the gallery's tabs, one per design
    for image in gallery:
        assert image.get("width") and image.get("height") and image.get("sizes")
        widths = [candidate.split()[1] for candidate in image.get("srcset").split(", ")]
        assert widths == ["240w", "480w"]
        for candidate in image.get("srcset").split(", "):
            path = (built_site / "posters" / candidate.split()[0]).resolve()
            assert path.is_file() and path.read_bytes()[8:12] == b"WEBP"


def test_slogan_page_shows_each_design_then_lists_every_format_of_every_design(built_site):
    slogan = CAMPAIGN.slogans[3]
    html = (built_site / "slogans" / slogan.id / "index.html").read_text(encoding="utf-8")
    previews = [i for i in elements(html, "img") if "srcset" in i.attrs]
    assert [i.get("alt") for i in previews] == [f"{slogan.text}（{d.name}，A4 海报）" for d in DESIGNS]
    assert html.index("poster-previews") < html.index('id="downloads"')
    for p in FORMATS:
        for ext in p.outputs:
            for _, label in LABELS:
                assert f'href="../../posters/{file_name(slogan.id, p.id, ext, label)}"' in html


def test_no_qr_code_without_site_url(built_site):
    with Image.open(built_site / "posters" / f"{CAMPAIGN.slogans[0].id}-print-a4.png") as image:
        assert (0, 0, 0) not in {c for _, c in image.convert("RGB").getcolors(1 << 20)}


def test_published_posters_are_the_stored_files(built_site):
    # Posters are hard links to the store (no copy), so the site costs no extra disk.
    poster = built_site / "posters" / f"{CAMPAIGN.slogans[0].id}-print-a3.png"
    assert poster.stat().st_nlink >= 2


def test_a_cold_build_renders_every_job_once_and_designs_share_what_looks_alike(mini):
    project, _, _, build = mini
    subjects = [THEME_ID] + [s.id for s in load_campaign(project / "slogans.yaml").slogans]
    default = DESIGNS[0].id
    assert sorted(build.posters.rendered) == sorted(
        (sid, d.id, p.id) for sid in subjects for d in DESIGNS for p in FORMATS if d.id == default or p.id not in SHARED)


def test_warm_rebuild_renders_nothing_and_publishes_the_same_bytes(mini, tmp_path):
    project, site, store, _ = mini
    assert build_project(project, tmp_path / "site", posters=True, cache=store).posters.rendered == ()
    for name in ("posters.json", "bundles/all.zip", "contact-sheet.png"):
        assert (tmp_path / "site" / "posters" / name).read_bytes() == (site / "posters" / name).read_bytes(), name


def test_editing_one_slogan_renders_only_its_outputs(mini, tmp_path):
    project, _, store, _ = mini
    edited = make_project(tmp_path / "project", campaign=MINI)
    edit_slogan(edited, "测试口号第二 内容不同", "测试口号第二 内容有变")
    rendered = build_project(edited, tmp_path / "site", posters=True, cache=store).posters.rendered
    assert sorted(rendered) == sorted(("ceshi-kouhao-er", d.id, p.id) for d in DESIGNS for p in FORMATS
                                      if d is DESIGNS[0] or p.id not in SHARED)


def test_two_clean_builds_are_byte_identical(mini, tmp_path):
    _, site, _, _ = mini
    other = make_project(tmp_path / "project", campaign=MINI)
    build_project(other, tmp_path / "site", posters=True, cache=tmp_path / "store")

    def tree(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted((root / "posters").rglob("*")) if p.is_file() and p.name != "index.html"}

    first, second = tree(site), tree(tmp_path / "site")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_qr_codes_with_site_url_link_to_slogan_pages(tmp_path):
    project = make_project(tmp_path / "project", campaign=MINI)
    site_url = "https://zlj.example.gov.cn/zhiliangyue/"
    build = build_project(project, tmp_path / "site", posters=True, site_url=site_url)
    first = build.campaign.slogans[0].id
    for p in FORMATS:
        if p.kind == "led" or "png" not in p.outputs:  # LED: never; print-only formats: test_posters_print
            continue
        with Image.open(tmp_path / "site" / "posters" / f"{first}-{p.id}.png") as image:
            colours = {c for _, c in image.convert("RGB").getcolors(1 << 22)}
        assert ((0, 0, 0) in colours) == p.qr, p.id
    assert build.qr_urls[first] == f"{site_url}slogans/{first}/"
    assert build.qr_urls[THEME_ID] == f"{site_url}posters/"
