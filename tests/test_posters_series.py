"""Series typography: one size per format, at most two, halves broken only when they must (pure, no fonts)."""

import pytest
from campaign.posters.fonts import Face
from campaign.posters.series import Columns, LinesInBox, set_series
from campaign.posters.subjects import PosterSubject

#: A face whose every character is one em wide: sizes come out in round numbers. Runs of capitals are one
#: ``jieba`` word, so they break between any two characters, as a Chinese half without word breaks would.
SQUARE = Face("test", "test", "0" * 64, b"", {c: 1.0 for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}, 0.88, (-0.12, 0.88))


def subject(sid: str, *halves: str, lines=None) -> PosterSubject:
    return PosterSubject(sid, " ".join(halves), halves, lines=lines)


def box(width=12.0, height=100.0, terms=frozenset()):
    return LinesInBox(SQUARE, width, height, 0.0, terms, 3)


@pytest.mark.parametrize(
    ("halves", "size", "lines"),
    [
        (("ABCD", "EFGH"), 3.0, ("ABCD", "EFGH")),  # fits: each half one line
        (("ABCDAB", "EF"), 3.0, ("ABC", "DAB", "EF")),  # too wide at 3: only that half breaks
        (("ABCDAB", "EF"), 2.0, ("ABCDAB", "EF")),  # fits at 2: unbroken
        (("ABCD", "EFGH"), 13.0, None),  # a character wider than the box
    ],
)
def test_lines_at_a_size_break_a_half_only_when_it_does_not_fit(halves, size, lines):
    assert box().lines_at(subject("s", *halves), size) == lines


def test_the_series_size_is_the_typical_slogans_one_line_size():
    subjects = [subject("a", "ABC", "DEF"), subject("b", "ABCD", "EFGH"), subject("c", "ABC", "DE")]
    settings, failures = set_series(subjects, box(), "f", floor=1.0, break_below=0.75)
    assert failures == []
    assert {s.size_mm for s in settings.values()} == {3.0}  # 12 / 4: the widest half of the series on one line
    assert settings["a"].lines == ("ABC", "DEF")


def test_a_long_outlier_breaks_at_the_series_size_instead_of_shrinking_the_series():
    subjects = [subject(str(i), "ABC", "DEF") for i in range(4)] + [subject("long", "ABCDEFGH", "IJ")]
    settings, _ = set_series(subjects, box(), "f", floor=1.0, break_below=0.75)
    assert {s.size_mm for s in settings.values()} == {4.0}
    assert settings["long"].lines == ("AB", "CDE", "FGH", "IJ")  # 3 per line at 4; the 1-letter line avoided


def test_what_cannot_fit_at_the_series_size_steps_down_to_one_second_size():
    tight = box(height=9.0)  # two lines of 4 fit; four lines do not
    subjects = [subject(str(i), "ABC", "DEF") for i in range(4)]
    subjects += [subject("x", "ABCDEFGH", "IJKLMNOP"), subject("y", "ABCDEFG", "HIJKLMN")]
    settings, failures = set_series(subjects, tight, "f", floor=1.0, break_below=0.75)
    assert failures == []
    sizes = sorted({s.size_mm for s in settings.values()})
    assert len(sizes) == 2 and settings["0"].size_mm == sizes[1]
    assert settings["x"].size_mm == settings["y"].size_mm == sizes[0]


def test_below_the_floor_is_a_failure_naming_subject_and_format():
    subjects = [subject(str(i), "AB", "CD") for i in range(3)] + [subject("x", "ABCDEFGHIJKL", "M")]
    settings, failures = set_series(subjects, box(width=4.0, height=4.5), "fmt", floor=1.5, break_below=0.75)
    assert [(f.subject_id, f.format_id) for f in failures] == [("x", "fmt")]
    assert "x" not in settings


def test_staff_lines_are_kept_or_do_not_fit():
    chosen = subject("s", "ABCD", "EF", lines=("A", "BCD", "EF"))
    assert box().lines_at(chosen, 4.0) == ("A", "BCD", "EF")
    assert box().lines_at(chosen, 4.5) is None


def test_couplet_columns_never_break_and_take_the_longest_half():
    columns = Columns(width=10.0, length=100.0, fixed=0.0, pitch=1.0, padding=0.0)
    pair = subject("s", "ABCDE", "FGHIJKLMNO")
    assert columns.natural(pair) == 10.0  # 100 / 10 characters
    assert columns.lines_at(pair, 10.0) == ("ABCDE", "FGHIJKLMNO")
    assert columns.lines_at(pair, 10.5) is None
