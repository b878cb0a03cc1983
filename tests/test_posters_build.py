"""Integration: build the site with posters into temp dirs and check what it publishes.

Builds a copy of the project (so a test can edit ``slogans.yaml``) with its own poster
cache (``CAMPAIGN_POSTER_CACHE``), through MkDocs' ``load_config`` + ``build``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from campaign.bundles import ZIP_DATE
from campaign.presets import PRESETS
from campaign.slogans_file import load_campaign
from conftest import make_project
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
MM_PER_PT = 25.4 / 72


def build_site(project: Path, site: Path, cache: Path, site_url: str | None = None) -> list[tuple[str, str]]:
    """Build ``project`` into ``site`` using ``cache``; return the (subject, format) jobs rendered."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CAMPAIGN_POSTER_CACHE", str(cache))
        mp.delenv("CAMPAIGN_POSTERS", raising=False)
        options = {"site_url": site_url} if site_url else {}
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True, **options)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        return list(config.plugins["hooks/posters.py"]._build["rendered"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One cold build of the project as it is: (project, site, cache, rendered jobs)."""
    base = tmp_path_factory.mktemp("built")
    project = make_project(base / "project")
    rendered = build_site(project, base / "site", base / "cache")
    return project, base / "site", base / "cache", rendered


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(ROOT / "slogans.yaml")


def subject_ids(campaign):
    return ["huodong-zhuti"] + [s.id for s in campaign.slogans]


def test_every_slogan_has_every_format_at_its_exact_size(built, campaign):
    _, site, _, rendered = built
    assert len(rendered) == len(subject_ids(campaign)) * len(PRESETS)
    posters = site / "posters"
    for sid in subject_ids(campaign):
        for p in PRESETS:
            for ext in p.outputs:
                path = posters / f"{sid}-{p.id}.{ext}"
                assert path.is_file(), path
                if ext == "png":
                    with Image.open(path) as image:
                        if p.pixels or p.is_print:
                            assert image.size == p.canvas_px(), path
                        else:
                            assert image.height == {"banner": 180, "led": 32}[p.id]
                        if p.id == "led":
                            assert image.mode == "1"
                        if p.is_print:
                            assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def _pdf_box(data: bytes, name: str) -> list[float]:
    match = re.search(rb"/" + name.encode() + rb" \[([0-9. ]+)\]", data)
    return [float(v) for v in match.group(1).split()]


@pytest.mark.parametrize(("preset_id", "trim"), [("print-a3", (297, 420)), ("print-a4", (210, 297))])
def test_pdf_pages_have_the_physical_size_with_bleed(built, campaign, preset_id, trim):
    _, site, _, _ = built
    for sid in subject_ids(campaign):
        data = (site / "posters" / f"{sid}-{preset_id}.pdf").read_bytes()
        assert data.startswith(b"%PDF-1.4")
        x0, y0, x1, y1 = _pdf_box(data, "MediaBox")
        assert ((x1 - x0) * MM_PER_PT, (y1 - y0) * MM_PER_PT) == pytest.approx((trim[0] + 6, trim[1] + 6), abs=0.01)
        t0, u0, t1, u1 = _pdf_box(data, "TrimBox")
        assert ((t1 - t0) * MM_PER_PT, (u1 - u0) * MM_PER_PT) == pytest.approx(trim, abs=0.01)
        assert b"CreationDate" not in data and b"ModDate" not in data


def test_banner_svg_is_outlines_in_millimetres(built, campaign):
    _, site, _, _ = built
    svg = (site / "posters" / f"{campaign.slogans[0].id}-banner.svg").read_text(encoding="utf-8")
    assert 'height="900mm"' in svg
    assert "<text" not in svg and "font-family" not in svg
    assert svg.count("<path") == len(campaign.slogans[0].text.replace(" ", ""))


def test_led_text_is_the_plain_slogan(built, campaign):
    _, site, _, _ = built
    text = (site / "posters" / f"{campaign.slogans[0].id}-led.txt").read_text(encoding="utf-8")
    assert text == campaign.slogans[0].text.replace(" ", "\u3000") + "\n"


def test_posters_json_lists_every_file_with_matching_hashes(built, campaign):
    _, site, _, _ = built
    manifest = json.loads((site / "posters" / "posters.json").read_text(encoding="utf-8"))
    listed = {entry["path"] for entry in manifest["files"]}
    expected = {f"posters/{sid}-{p.id}.{ext}" for sid in subject_ids(campaign) for p in PRESETS for ext in p.outputs}
    assert listed == expected
    for entry in manifest["files"] + manifest["bundles"]:
        data = (site / entry["path"]).read_bytes()
        assert len(data) == entry["bytes"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
    a3 = next(e for e in manifest["files"] if e["format"] == "print-a3" and e["type"] == "pdf")
    assert a3["mm"] == [303, 426] and a3["pixels"] == [3579, 5031]


def test_bundles_hold_each_format_and_everything(built, campaign):
    _, site, _, _ = built
    with zipfile.ZipFile(site / "posters" / "bundles" / "print-a3.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert len(names) == 2 * len(subject_ids(campaign))
        assert {i.date_time for i in archive.infolist()} == {ZIP_DATE}
    with zipfile.ZipFile(site / "posters" / "bundles" / "all.zip") as archive:
        assert len(archive.namelist()) == sum(len(p.outputs) for p in PRESETS) * len(subject_ids(campaign))


def test_contact_sheet_is_an_image(built):
    _, site, _, _ = built
    with Image.open(site / "posters" / "contact-sheet.png") as sheet:
        assert sheet.width > 1000 and sheet.height > 1000


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def test_gallery_thumbnails_are_lazy_webp_with_alt_text_and_size(built, campaign):
    _, site, _, _ = built
    parser = _Images()
    parser.feed((site / "posters" / "index.html").read_text(encoding="utf-8"))
    thumbs = [i for i in parser.images if i.get("src", "").endswith(".webp")]
    assert [i["alt"] for i in thumbs] == [campaign.theme] + [s.text for s in campaign.slogans]
    for image in thumbs:
        assert image["loading"] == "lazy" and image["width"] and image["height"]
        assert (site / "posters" / image["src"]).resolve().is_file()


def test_slogan_page_lists_every_format_with_links(built, campaign):
    _, site, _, _ = built
    slogan = campaign.slogans[3]
    html = (site / "slogans" / slogan.id / "index.html").read_text(encoding="utf-8")
    for p in PRESETS:
        for ext in p.outputs:
            assert f'href="../../posters/{slogan.id}-{p.id}.{ext}"' in html


def test_no_qr_code_without_site_url(built, campaign):
    _, site, _, _ = built
    with Image.open(site / "posters" / f"{campaign.slogans[0].id}-print-a4.png") as image:
        assert (0, 0, 0) not in {c for _, c in image.convert("RGB").getcolors(1 << 20)}


def test_warm_rebuild_renders_nothing_and_publishes_the_same_bytes(built, tmp_path):
    project, site, cache, _ = built
    assert build_site(project, tmp_path / "site", cache) == []
    for name in ("posters.json", "bundles/all.zip", "contact-sheet.png"):
        assert (tmp_path / "site" / "posters" / name).read_bytes() == (site / "posters" / name).read_bytes(), name


def test_editing_one_slogan_renders_only_its_outputs(built, tmp_path):
    project, _, cache, _ = built
    edited = make_project(tmp_path / "project")
    shutil.copytree(cache, tmp_path / "cache")
    data = edited / "slogans.yaml"
    data.write_text(
        data.read_text(encoding="utf-8")
        .replace("美好生活 质量相伴", "美好生活 品质相伴")
        .replace("[美好生活, 质量相伴]", "[美好生活, 品质相伴]"),
        encoding="utf-8",
    )
    rendered = build_site(edited, tmp_path / "site", tmp_path / "cache")
    assert sorted(rendered) == sorted(("meihaoshenghuo-zhiliang-xiangban", p.id) for p in PRESETS)


def test_two_clean_builds_are_byte_identical(built, tmp_path):
    _, site, _, _ = built
    other = make_project(tmp_path / "project")
    build_site(other, tmp_path / "site", tmp_path / "cache")
    first = {p.relative_to(site): p for p in (site / "posters").rglob("*") if p.is_file() and p.name != "index.html"}
    second = {
        p.relative_to(tmp_path / "site"): p
        for p in (tmp_path / "site" / "posters").rglob("*")
        if p.is_file() and p.name != "index.html"
    }
    assert sorted(first) == sorted(second)
    different = [str(k) for k in first if first[k].read_bytes() != second[k].read_bytes()]
    assert different == []


def test_qr_codes_with_site_url_link_to_slogan_pages(tmp_path, campaign):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = make_project(tmp_path / "project")
    site_url = "https://zlj.example.gov.cn/zhiliangyue/"
    build_site(project, tmp_path / "site", tmp_path / "cache", site_url=site_url)
    posters = tmp_path / "site" / "posters"
    for p in PRESETS:
        if p.kind == "led":  # black strip: QR codes are never put there
            continue
        with Image.open(posters / f"{campaign.slogans[0].id}-{p.id}.png") as image:
            colours = {c for _, c in image.convert("RGB").getcolors(1 << 22)}
        assert ((0, 0, 0) in colours) == p.qr, p.id
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CAMPAIGN_POSTER_CACHE", str(tmp_path / "cache"))
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site2"), site_url=site_url)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        urls = config.plugins["hooks/posters.py"]._build["qr_urls"]
    assert urls[campaign.slogans[0].id] == f"{site_url}slogans/{campaign.slogans[0].id}/"
    assert urls["huodong-zhuti"] == f"{site_url}posters/"


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("", ""),
        (None, ""),
        ("https://zlj.example.gov.cn/zhiliangyue/", "https://zlj.example.gov.cn/zhiliangyue/"),
        ("http://127.0.0.1:8000/", ""),  # mkdocs serve's own address: never on a poster
        ("http://127.0.0.1:8000/sub/", ""),
    ],
)
def test_qr_address_ignores_the_preview_server(site_url, expected, tmp_path, monkeypatch):
    from campaign.poster_checks import settings

    monkeypatch.delenv("CAMPAIGN_POSTERS", raising=False)
    assert settings(tmp_path, ROOT / "theme", site_url, "127.0.0.1:8000").public_url == expected
