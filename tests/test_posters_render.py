"""Rendering posters: job keys, reproducible bytes, golden images, the PDF's pixels, build-time font errors."""

import os
from dataclasses import replace
from pathlib import Path

import pytest
from campaign.content.slogans_file import load_campaign
from campaign.posters.fonts import load_fonts, theme_fonts
from campaign.posters.formats import FORMATS, poster_format
from campaign.posters.render import campaign_material, job_key, plan_jobs, render_jobs, render_outputs
from campaign.posters.subjects import poster_subjects
from campaign.store import Store
from conftest import MINI, ROOT, build_site, edit_slogan, make_project
from PIL import Image

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(ROOT / "slogans.yaml")


@pytest.fixture(scope="module")
def fonts():
    return load_fonts(theme_fonts(ROOT / "theme"))


def key(subject, campaign, format_id, fonts, url=None, digest=None):
    return job_key(subject, campaign_material(campaign), poster_format(format_id), digest or fonts.digest(), url)


def test_key_changes_with_everything_that_affects_a_poster(campaign, fonts):
    subject = poster_subjects(campaign)[1]
    base = key(subject, campaign, "square", fonts)
    assert base == key(subject, campaign, "square", fonts)
    assert base == key(subject, replace(campaign, slogans=campaign.slogans[:3]), "square", fonts)  # others don't matter
    assert base == key(subject, replace(campaign, lines={}), "square", fonts)  # nor where things stand in the file
    changed = [
        key(replace(subject, text="x y", halves=("x", "y")), campaign, "square", fonts),
        key(subject, campaign, "vertical", fonts),
        key(subject, replace(campaign, issuer="另一个单位"), "square", fonts),
        key(subject, replace(campaign, colors=replace(campaign.colors, accent="#FFFFFF")), "square", fonts),
        key(subject, campaign, "square", fonts, digest={**fonts.digest(), "sans": "0" * 64}),
        key(subject, campaign, "square", fonts, url="https://example.org/"),
    ]
    assert base not in changed and len(set(changed)) == len(changed)


def test_stored_jobs_are_not_rendered_again_and_a_damaged_one_is(campaign, fonts, tmp_path):
    jobs = plan_jobs(poster_subjects(campaign)[:1], campaign, (poster_format("wechat-square"), poster_format("led")),
                     fonts, {})
    store = Store(tmp_path)
    files, rendered = render_jobs(jobs, store, campaign, fonts, workers=1)
    assert rendered == jobs and [f.name for f in files] == ["png", "png", "txt"]
    assert render_jobs(jobs, Store(tmp_path), campaign, fonts, workers=1)[1] == []
    damaged = files[0].stored.path
    damaged.write_bytes(bytes(len(damaged.read_bytes())))  # same size, wrong bytes
    again, rendered = render_jobs(jobs, Store(tmp_path), campaign, fonts, workers=1)
    assert rendered == jobs[:1]
    assert again[0].stored.path.read_bytes() != bytes(again[0].stored.bytes)


def test_rendering_twice_gives_identical_bytes(campaign, fonts):
    subject = poster_subjects(campaign)[2]
    for p in FORMATS:
        url = "https://example.org/s/" if p.qr else None
        assert render_outputs(subject, campaign, p, fonts, url).files == render_outputs(subject, campaign, p, fonts,
                                                                                        url).files


@pytest.mark.parametrize("format_id", ["led", "wechat-square"])
def test_golden_images(campaign, fonts, format_id, tmp_path):
    """Compare with committed renders; set UPDATE_GOLDEN=1 to accept a deliberate design change."""
    subject = poster_subjects(campaign)[1]
    data = render_outputs(subject, campaign, poster_format(format_id), fonts, None).files["png"]
    golden = GOLDEN / f"{subject.id}-{format_id}.png"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(data)
    (tmp_path / "new.png").write_bytes(data)
    with Image.open(golden) as want, Image.open(tmp_path / "new.png") as got:
        assert (got.mode, got.size) == (want.mode, want.size)
        assert got.tobytes() == want.tobytes()


def test_build_stops_with_a_chinese_message_for_a_character_the_fonts_lack(tmp_path, caplog, monkeypatch):
    project = make_project(tmp_path / "project", campaign=MINI)
    edit_slogan(project, "测试口号第一 前后两半", "测试口號第一 前后两半")
    monkeypatch.setenv("CAMPAIGN_POSTERS", "on")
    monkeypatch.setenv("CAMPAIGN_CACHE", str(tmp_path / "store"))
    with pytest.raises(AssertionError):
        build_site(project / "mkdocs.yml", tmp_path / "site")
    message = caplog.text
    assert "Traceback" not in message
    assert "ceshi-kouhao-yi" in message and "號" in message and "U+865F" in message and "slogans.yaml:" in message
    assert not (tmp_path / "store" / "objects").exists()  # nothing rendered
    assert not (tmp_path / "site").exists()


def test_print_pdf_carries_the_png_pixels_without_recompressing(campaign, fonts):
    from campaign.posters.encoders import png_image_data

    files = render_outputs(poster_subjects(campaign)[1], campaign, poster_format("print-a4"), fonts, None).files
    width, height, palette, data = png_image_data(files["png"])
    assert (width, height) == (2551, 3579)
    assert data in files["pdf"]
    assert f"/Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns {width}".encode() in files["pdf"]
    assert f"/Indexed /DeviceRGB {len(palette) // 3 - 1} <{palette.hex().upper()}>".encode() in files["pdf"]
