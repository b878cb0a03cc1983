"""Material's search index holds Chinese text segmented into words (jieba)."""

from __future__ import annotations

import json
import re

import pytest


@pytest.fixture(scope="module")
def search_index(built_site):
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def tokens(search_index) -> set[str]:
    separator = re.compile(search_index["config"]["separator"])
    words = set()
    for doc in search_index["docs"]:
        words.update(w for w in separator.split(doc["title"] + " " + doc["text"]) if w)
    return words


def test_separator_splits_on_zero_width_space(search_index):
    assert re.fullmatch(search_index["config"]["separator"], "\u200b")
    assert search_index["config"]["lang"] == ["zh"]


@pytest.mark.parametrize("word", ["质量", "口号", "工匠", "精神", "湖北"])
def test_chinese_words_are_separate_tokens(search_index, word):
    assert word in tokens(search_index)


def test_sentences_are_not_indexed_as_one_token(search_index):
    assert "质量第一、效益优先" not in tokens(search_index)
