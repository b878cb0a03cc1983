"""Vendored poster fonts: licence beside them, GB 2312 coverage, faces picked by name."""

from pathlib import Path

import pytest
from campaign.posters.font_subsets import subset_characters
from campaign.posters.fonts import FACES, FontError, load_fonts, theme_fonts

from site_build import main

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = theme_fonts(ROOT / "theme")


def test_subset_character_set_is_gb2312_plus_ascii_and_full_width_punctuation():
    chars = set(subset_characters())
    assert 7400 < len(chars) < 7700
    assert set("湖北质量共创共享建设强省决胜全面小康") <= chars
    assert {chr(c) for c in range(0x20, 0x7F)} <= chars
    assert set("，。、；：？！“”‘’（）《》〔〕【】——……") <= chars
    assert "\U00020000" not in chars and "丟" not in chars  # outside GB 2312 (丟 is traditional-only)


def test_vendored_fonts_cover_the_whole_subset_and_carry_the_licence():
    fonts = load_fonts(FONT_DIR)
    for face in FACES:
        metrics = fonts[face.role]
        missing = [c for c in subset_characters() if not metrics.covers(c)]
        assert missing == [], face.file_name
    licence = (FONT_DIR / "LICENSE-OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_fonts_command_refuses_a_missing_source(tmp_path, capsys):
    assert main(["fonts", "--source", str(tmp_path / "none.ttc"), "--dest", str(tmp_path)]) == 2
    assert "none.ttc" in capsys.readouterr().err


def test_fonts_command_reports_faces_missing_from_the_sources(tmp_path, capsys):
    # The Sans subset holds no Serif face: the command names what it could not find.
    source = FONT_DIR / FACES[0].file_name
    assert main(["fonts", "--source", str(source), "--dest", str(tmp_path)]) == 1
    assert "NotoSerifCJKsc-Bold" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["fonts", "bench"])
def test_commands_have_help_from_their_docstrings(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "usage" in capsys.readouterr().out


def test_a_missing_font_file_is_a_clear_error(tmp_path):
    with pytest.raises(FontError) as error:
        load_fonts(tmp_path)
    assert "NotoSansCJKsc-Bold-GB2312.otf" in str(error.value) and "site_build.py fonts" in str(error.value)


def test_a_damaged_font_file_is_a_clear_error(tmp_path):
    for face in FACES:  # truncated copies: what an interrupted download or checkout leaves
        (tmp_path / face.file_name).write_bytes((FONT_DIR / face.file_name).read_bytes()[:5000])
    with pytest.raises(FontError, match="已损坏"):
        load_fonts(tmp_path)
