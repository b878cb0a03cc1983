"""Render cache and reproducibility: keys, manifest handling, golden images, build-time errors."""

import logging
import os
from dataclasses import replace
from pathlib import Path

import pytest
from campaign.fonts import FONT_DIR, load_fonts
from campaign.layout import poster_subjects
from campaign.poster_render import render_outputs
from campaign.presets import PRESETS, preset
from campaign.render_cache import PosterCache, job_key, plan_jobs, render_missing
from campaign.slogans_file import load_campaign
from conftest import make_project
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(ROOT / "slogans.yaml")


@pytest.fixture(scope="module")
def fonts():
    return load_fonts(ROOT / FONT_DIR)


def test_key_changes_with_everything_that_affects_a_poster(campaign, fonts):
    subject = poster_subjects(campaign)[1]
    base = job_key(subject, campaign, preset("square"), fonts.digest(), None)
    assert base == job_key(subject, campaign, preset("square"), fonts.digest(), None)
    other_slogans = replace(campaign, slogans=campaign.slogans[:3])
    assert base == job_key(
        subject, other_slogans, preset("square"), fonts.digest(), None
    )  # other slogans do not matter
    changed = [
        job_key(replace(subject, text="x y", halves=("x", "y")), campaign, preset("square"), fonts.digest(), None),
        job_key(subject, campaign, preset("vertical"), fonts.digest(), None),
        job_key(subject, replace(campaign, issuer="另一个单位"), preset("square"), fonts.digest(), None),
        job_key(
            subject,
            replace(campaign, colors=replace(campaign.colors, accent="#FFFFFF")),
            preset("square"),
            fonts.digest(),
            None,
        ),
        job_key(subject, campaign, preset("square"), {**fonts.digest(), "sans": "0" * 64}, None),
        job_key(subject, campaign, preset("square"), fonts.digest(), "https://example.org/"),
    ]
    assert base not in changed and len(set(changed)) == len(changed)


def test_unreadable_manifest_is_logged_and_everything_renders_again(campaign, fonts, tmp_path, caplog):
    subjects = poster_subjects(campaign)[:1]
    presets = (preset("wechat-square"), preset("led"))
    jobs = plan_jobs(subjects, campaign, presets, fonts, {})
    cache = PosterCache(tmp_path)
    assert len(render_missing(jobs, cache, campaign, ROOT / FONT_DIR, workers=1)) == 2
    cache.save_manifest({j.key for j in jobs})
    assert render_missing(jobs, PosterCache(tmp_path), campaign, ROOT / FONT_DIR, workers=1) == []
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.campaign.posters"):
        reread = PosterCache(tmp_path)
    assert "cannot be read" in caplog.text
    assert len(render_missing(jobs, reread, campaign, ROOT / FONT_DIR, workers=1)) == 2


def test_missing_cached_file_is_rendered_again(campaign, fonts, tmp_path):
    jobs = plan_jobs(poster_subjects(campaign)[:1], campaign, (preset("led"),), fonts, {})
    cache = PosterCache(tmp_path)
    render_missing(jobs, cache, campaign, ROOT / FONT_DIR, workers=1)
    os.remove(cache.object_path(jobs[0].key, "png"))
    assert render_missing(jobs, cache, campaign, ROOT / FONT_DIR, workers=1) == jobs


def test_rendering_twice_gives_identical_bytes(campaign, fonts):
    subject = poster_subjects(campaign)[2]
    for p in PRESETS:
        url = "https://example.org/s/" if p.qr else None
        assert (
            render_outputs(subject, campaign, p, fonts, url).files
            == render_outputs(subject, campaign, p, fonts, url).files
        )


@pytest.mark.parametrize("preset_id", ["led", "wechat-square"])
def test_golden_images(campaign, fonts, preset_id, tmp_path):
    """Compare with committed renders; set UPDATE_GOLDEN=1 to accept a deliberate design change."""
    subject = poster_subjects(campaign)[1]
    data = render_outputs(subject, campaign, preset(preset_id), fonts, None).files["png"]
    golden = GOLDEN / f"{subject.id}-{preset_id}.png"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(data)
    (tmp_path / "new.png").write_bytes(data)
    with Image.open(golden) as want, Image.open(tmp_path / "new.png") as got:
        assert (got.mode, got.size) == (want.mode, want.size)
        assert got.tobytes() == want.tobytes()


def test_build_stops_with_a_chinese_message_for_a_character_the_fonts_lack(tmp_path, caplog):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    project = make_project(tmp_path / "project")
    data = project / "slogans.yaml"
    data.write_text(
        data.read_text(encoding="utf-8")
        .replace("匠心湖北 质赢未来", "匠心湖北 質赢未来")
        .replace("[匠心湖北, 质赢未来]", "[匠心湖北, 質赢未来]"),
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CAMPAIGN_POSTER_CACHE", str(tmp_path / "cache"))
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        with pytest.raises(Abort), caplog.at_level(logging.ERROR):
            config.plugins.on_startup(command="build", dirty=False)
            build(config)
    message = caplog.text
    assert "Traceback" not in message
    assert "jiangxin-hubei-zhiying-weilai" in message and "質" in message and "U+8CEA" in message
    assert "slogans.yaml:" in message
    assert not (tmp_path / "cache" / "objects").exists()  # nothing rendered


def test_print_pdf_carries_the_png_pixels_without_recompressing(campaign, fonts):
    from campaign.poster_files import png_image_data

    files = render_outputs(poster_subjects(campaign)[1], campaign, preset("print-a4"), fonts, None).files
    width, height, palette, data = png_image_data(files["png"])
    assert (width, height) == (2551, 3579)
    assert data in files["pdf"]
    assert f"/Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns {width}".encode() in files["pdf"]
    assert f"/Indexed /DeviceRGB {len(palette) // 3 - 1} <{palette.hex().upper()}>".encode() in files["pdf"]
