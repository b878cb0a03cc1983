"""Vendored poster fonts: licences beside them, GB 2312 coverage, faces picked by name, the LED glyph sheet."""

from pathlib import Path

import pytest
from campaign.posters.font_subsets import subset_characters
from campaign.posters.fonts import FACES, BitmapFace, FontError, is_ideograph, load_fonts, theme_fonts

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


#: Characters of the subset the 15-pixel bitmap face lacks: U+2015 (Python's gb2312 codec's reading of
#: A1AA; text uses U+2014 ——) and rare CJK symbols (Hangzhou numerals' marks, ideographic variation mark…).
BITMAP_GAPS = set("\u2015\u302a\u302b\u302c\u302d\u302e\u302f\u303b\u303c\u303d\u303f")


def test_vendored_fonts_cover_the_whole_subset_and_carry_their_licences(fonts):
    for face in FACES:
        missing = {c for c in subset_characters() if not fonts[face.role].covers(c)}
        assert missing == (BITMAP_GAPS if face.is_bitmap else set()), face.file_name
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONT_DIR / "LICENSE-OFL.txt").read_text(encoding="utf-8")
    wqy = (FONT_DIR / "LICENSE-WenQuanYi.txt").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in wqy and "font embedding exception" in wqy and "xfonts-wqy" in wqy


def test_the_bitmap_face_is_drawn_dot_for_dot_with_ideographs_in_14_rows(fonts):
    face = next(fonts[f.role] for f in FACES if f.is_bitmap)
    assert isinstance(face, BitmapFace) and face.pixel_size == 15
    bottom, top = face.ink_box
    assert round((top - bottom) * 15) == 14  # one dot clear above and below on a 16-dot strip
    mask = face.mask("量")
    assert mask.mode == "1" and mask.width == 15 and mask.getbbox() is not None
    assert all(round(face.advances[c] * 15) == 15 for c in "湖北质量" if is_ideograph(c))


def test_fonts_command_refuses_a_missing_source(tmp_path, capsys):
    assert main(["fonts", "--source", str(tmp_path / "none.ttc"), "--dest", str(tmp_path)]) == 2
    assert "none.ttc" in capsys.readouterr().err


def test_fonts_command_reports_faces_missing_from_the_sources(tmp_path, capsys):
    # The Sans subset holds no Serif face and no bitmap face: the command names what it could not find.
    source = FONT_DIR / FACES[0].file_name
    assert main(["fonts", "--source", str(source), "--dest", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "NotoSerifCJKsc-Bold" in err and "WenQuanYi Bitmap Song" in err
    assert list(tmp_path.iterdir()) == []  # nothing written


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


def test_a_damaged_glyph_sheet_is_a_clear_error(tmp_path):
    for face in FACES:
        (tmp_path / face.file_name).write_bytes((FONT_DIR / face.file_name).read_bytes())
    sheet = next(f for f in FACES if f.is_bitmap).file_name
    (tmp_path / sheet).write_bytes((FONT_DIR / sheet).read_bytes()[:2000])  # metadata cut off
    with pytest.raises(FontError, match=sheet):
        load_fonts(tmp_path)
