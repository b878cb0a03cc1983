"""Rendering posters: job keys, reproducible bytes, golden images, LED files, build-time font errors."""

import io
import os
from dataclasses import replace
from pathlib import Path

import pytest
from campaign.content.slogans_file import load_campaign
from campaign.posters.design import campaign_design
from campaign.posters.formats import FORMATS, poster_format
from campaign.posters.render import job_key, plan_jobs, poster_text, render_jobs, render_outputs
from campaign.posters.series import SloganSetting
from campaign.posters.subjects import poster_subjects
from campaign.store import Store
from conftest import MINI, ROOT, build_site, edit_slogan, make_project
from PIL import Image

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(ROOT / "slogans.yaml")


def jobs_of(campaign, fonts, format_ids, subjects=None, qr_urls=None):
    """Return the jobs of some subjects (default: all) in some formats, with the whole campaign's series."""
    formats = tuple(poster_format(f) for f in format_ids)
    jobs = plan_jobs(poster_subjects(campaign), campaign, formats, fonts, campaign_design(campaign), qr_urls or {})
    return [j for j in jobs if subjects is None or j.subject.id in subjects]


def render(job, campaign, fonts):
    return render_outputs(job.subject, job.setting, campaign, job.poster_format, fonts, campaign_design(campaign),
                          job.qr_url)


def key(subject, campaign, format_id, fonts, url=None, digest=None, setting=None, design=None):
    setting = setting or SloganSetting(tuple(subject.halves), 10.0)
    return job_key(subject, setting, poster_text(campaign), poster_format(format_id), design or campaign_design(campaign),
                   digest or fonts.digest(), url)


def test_key_changes_with_everything_that_affects_a_poster(campaign, fonts):
    subject = poster_subjects(campaign)[1]
    base = key(subject, campaign, "square", fonts)
    assert base == key(subject, campaign, "square", fonts)
    assert base == key(subject, replace(campaign, slogans=campaign.slogans[:3]), "square", fonts)  # others don't matter
    assert base == key(subject, replace(campaign, lines={}), "square", fonts)  # nor where things stand in the file
    assert base == key(subject, replace(campaign, document_number="另一个文号"), "square", fonts)  # not on posters
    design = campaign_design(campaign)
    changed = [
        key(replace(subject, text="x y", halves=("x", "y")), campaign, "square", fonts),
        key(replace(subject, lines=("湖北", "质量", "共创共享")), campaign, "square", fonts),
        key(subject, campaign, "vertical", fonts),
        key(subject, replace(campaign, issuer="另一个单位"), "square", fonts),
        key(subject, replace(campaign, printing=replace(campaign.printing, output_intent="FOGRA39")), "square", fonts),
        key(subject, campaign, "square", fonts, design=replace(design, series_break_below=0.5)),
        key(subject, campaign, "square", fonts, setting=SloganSetting(tuple(subject.halves), 11.0)),
        key(subject, campaign, "square", fonts, digest={**fonts.digest(), "sans": "0" * 64}),
        key(subject, campaign, "square", fonts, url="https://example.org/"),
    ]
    assert base not in changed and len(set(changed)) == len(changed)


def test_stored_jobs_are_not_rendered_again_and_a_damaged_one_is(campaign, fonts, tmp_path):
    jobs = jobs_of(campaign, fonts, ("wechat-square", "led-16"), subjects={poster_subjects(campaign)[0].id})
    design = campaign_design(campaign)
    store = Store(tmp_path)
    files, rendered = render_jobs(jobs, store, campaign, fonts, design, workers=1)
    assert rendered == jobs and [f.name for f in files] == ["png", "png", "bmp", "txt", "gbk.txt"]
    assert render_jobs(jobs, Store(tmp_path), campaign, fonts, design, workers=1)[1] == []
    damaged = files[0].stored.path
    damaged.write_bytes(bytes(len(damaged.read_bytes())))  # same size, wrong bytes
    again, rendered = render_jobs(jobs, Store(tmp_path), campaign, fonts, design, workers=1)
    assert rendered == jobs[:1]
    assert again[0].stored.path.read_bytes() != bytes(again[0].stored.bytes)


def test_rendering_twice_gives_identical_bytes(campaign, fonts):
    subject = poster_subjects(campaign)[2].id
    urls = {subject: "https://example.org/s/"}
    for job in jobs_of(campaign, fonts, [p.id for p in FORMATS], subjects={subject}, qr_urls=urls):
        assert render(job, campaign, fonts).files == render(job, campaign, fonts).files, job.poster_format.id


@pytest.mark.parametrize("format_id", ["led-16", "led-32", "wechat-square"])
def test_golden_images(campaign, fonts, format_id, tmp_path):
    """Compare with committed renders; set UPDATE_GOLDEN=1 to accept a deliberate design change."""
    job = jobs_of(campaign, fonts, [format_id], subjects={poster_subjects(campaign)[1].id})[0]
    data = render(job, campaign, fonts).files["png"]
    golden = GOLDEN / f"{job.subject.id}-{format_id}.png"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(data)
    (tmp_path / "new.png").write_bytes(data)
    with Image.open(golden) as want, Image.open(tmp_path / "new.png") as got:
        assert (got.mode, got.size) == (want.mode, want.size)
        assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize(("format_id", "height"), [("led-16", 16), ("led-32", 32)])
def test_led_files_are_whole_modules_1_bit_with_a_clear_dot_above_and_below(campaign, fonts, format_id, height):
    for job in jobs_of(campaign, fonts, [format_id]):
        files = render(job, campaign, fonts).files
        for name in ("png", "bmp"):
            with Image.open(io.BytesIO(files[name])) as image:
                assert image.mode == "1" and image.height == height and image.width % 32 == 0, name
                left, top, right, bottom = image.getbbox()
                assert top >= 1 and bottom <= height - 1, (job.subject.id, name, top, bottom)
                assert left >= 4 and right <= image.width - 4
        assert files["bmp"][:2] == b"BM" and int.from_bytes(files["bmp"][28:30], "little") == 1  # bits per pixel
        text = job.subject.text.replace(" ", "\u3000") + "\r\n"
        assert files["txt"] == text.encode("utf-8") and files["gbk.txt"] == text.encode("gbk")


def test_led_strokes_are_even(campaign, fonts):
    """16 dots: a bitmap face drawn dot for dot, strokes one dot wide; 32 dots: mostly two (no 4–5-dot Bold stems)."""
    runs = {16: [], 32: []}
    for format_id, height in (("led-16", 16), ("led-32", 32)):
        for job in jobs_of(campaign, fonts, [format_id]):
            with Image.open(io.BytesIO(render(job, campaign, fonts).files["png"])) as image:
                for y in range(height):
                    run = 0
                    for x in range(image.width + 1):
                        if x < image.width and image.getpixel((x, y)):
                            run += 1
                        elif run:
                            runs[height].append(run)
                            run = 0
    share = {h: {w: r.count(w) / len(r) for w in (1, 2, 3, 4, 5)} for h, r in runs.items()}
    assert share[16][1] > 0.6  # vertical strokes of the bitmap face are one dot
    assert share[32][2] + share[32][3] > 0.6 and share[32][4] + share[32][5] < 0.1


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
