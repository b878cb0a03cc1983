"""Line breaking for posters: GB/T 15834 line-start / line-end rules and word breaks."""

import pytest
from campaign.posters.linebreak import (
    allowed_breaks,
    break_half,
    break_slogan,
    inside_terms,
    recurring_terms,
    split_options,
)


def fits(n):
    return lambda line: len(line) <= n


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("湖北质量", 4, ["湖北质量"]),  # fits: no break
        ("加强全面质量管理", 5, ["加强全面", "质量管理"]),  # jieba words, balanced
        ("推动经济高质量发展", 6, ["推动经济", "高质量发展"]),
        ("质量第一，安全至上", 5, ["质量第一，", "安全至上"]),  # comma never starts a line
        ("质量第一。安全至上", 5, ["质量第一。", "安全至上"]),  # full stop never starts a line
        ("你好！质量", 3, ["你好！", "质量"]),
        ("建设“质量强省”", 5, ["建设“质量", "强省”"]),  # closing quote stays with its word
        ("他说“好”", 3, ["他说", "“好”"]),  # opening quote never ends a line, closing never starts
        ("学习《质量法》", 5, ["学习", "《质量法》"]),
        ("质量——生命", 3, ["质量", "——", "生命"]),  # —— never split
        ("质量……未来", 4, ["质量", "……未来"]),  # …… never split
    ],
)
def test_break_half_table(text, width, lines):
    result = break_half(text, fits(width))
    assert result == lines
    assert "".join(result) == text
    for line in result[1:]:
        assert line[0] not in "。，、；：？！”’）》〕】」』"
    for line in result[:-1]:
        assert line[-1] not in "“‘（《〔【「『"


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("质量，安全", {2}),  # before the comma
        ("建设“质量”", {3, 5}),  # after the opening quote, before the closing one
        ("质量——生命", {3}),  # inside the two-em dash
        ("质量……未来", {3}),  # inside the ellipsis
        ("（质量）", {1, 3}),
    ],
)
def test_allowed_breaks_refuses_forbidden_positions(text, forbidden):
    assert not (allowed_breaks(text) & forbidden)


def test_break_half_returns_none_when_a_unit_cannot_fit():
    assert break_half("——", fits(1)) is None


def test_slogan_breaks_at_its_space_first():
    assert break_slogan(("湖北质量", "共创共享"), fits(4)) == ["湖北质量", "共创共享"]


def test_split_options_give_balanced_lines_for_each_count():
    options = split_options("加强全面质量管理", len)
    assert options[1] == ["加强全面质量管理"]
    assert options[2] == ["加强全面", "质量管理"]
    assert all("".join(lines) == "加强全面质量管理" for lines in options.values())


@pytest.mark.parametrize(
    ("texts", "terms", "not_terms"),
    [
        (["湖北质量 共创共享", "共建湖北质量 共享质量成果"], {"湖北质量"}, {"共创共享", "质量成果"}),
        (["建设质量强省 决胜全面小康", "坚持质量第一 建设质量强省"], {"质量强省", "建设质量强省"}, {"质量第一"}),
        (["推动高质量发展 享受高品质生活", "加强全面质量管理 推动经济高质量发展"], {"高质量发展"}, {"全面质量管理"}),
        (["甲乙 丙丁", "戊己 庚辛"], set(), set()),
    ],
)
def test_recurring_terms_are_word_runs_found_in_two_texts(texts, terms, not_terms):
    found = recurring_terms(texts)
    assert terms <= found and not (not_terms & found)


def test_recurring_terms_never_span_the_space_between_halves():
    assert "质量共创" not in recurring_terms(["湖北质量 共创共享", "湖北质量 共创未来"])


def test_split_options_keep_terms_whole_and_avoid_single_character_lines():
    terms = frozenset({"湖北质量", "高质量发展"})
    assert split_options("为湖北质量拼搏", len, terms)[2] == ["为湖北质量", "拼搏"]  # not 为湖北 / 质量拼搏
    assert split_options("推动经济高质量发展", len, terms)[2] == ["推动经济", "高质量发展"]
    assert split_options("为湖北质量拼搏", len)[2] == ["为湖北", "质量拼搏"]  # without the term: the balanced break
    assert inside_terms("共建湖北质量", terms) == frozenset({3, 4, 5})
