"""Chinese line breaking for posters (GB/T 15834-2011 §5.1, W3C clreq).

A slogan breaks at its own space first (its two halves). A half still too wide breaks at
``jieba`` word boundaries, then between characters, always obeying the punctuation rules:
no 。，、；：？！ or closing quote/bracket at a line start, no opening quote/bracket at a
line end, and never inside —— or ……. Poster lines also keep whole the terms a campaign
repeats (``recurring_terms``): a reader sees 质量强国, not 质量 / 强国.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

#: Characters that may not begin a line.
NO_LINE_START = frozenset("。，、；：？！”’）》〕】」』〉．,.;:?!)]}")
#: Characters that may not end a line.
NO_LINE_END = frozenset("“‘（《〔【「『〈([{")
#: Marks that are one unit and never split across lines.
UNBREAKABLE = ("——", "……")


def allowed_breaks(text: str) -> frozenset[int]:
    """Return the positions ``i`` (0 < i < len) where a line may break before ``text[i]``.

    Refuses positions that would put forbidden punctuation at a line start or end, or
    split —— / ……. Spaces are never inside a half, so they are not handled here.
    """
    result = set()
    for i in range(1, len(text)):
        if text[i] in NO_LINE_START or text[i - 1] in NO_LINE_END:
            continue
        result.add(i)
    for mark in UNBREAKABLE:
        start = text.find(mark)
        while start != -1:
            result.difference_update(range(start + 1, start + len(mark)))
            start = text.find(mark, start + 1)
    return frozenset(result)


@lru_cache(maxsize=4096)
def word_breaks(text: str) -> frozenset[int]:
    """Return the allowed breaks of ``text`` that fall on ``jieba`` word boundaries."""
    bounds, pos = set(), 0
    for word in jieba.cut(text, HMM=False):
        pos += len(word)
        bounds.add(pos)
    return frozenset(bounds) & allowed_breaks(text)


def split_at(text: str, cuts: tuple[int, ...]) -> list[str]:
    """Return ``text`` cut before each position in ``cuts`` (ascending)."""
    edges = (0, *cuts, len(text))
    return [text[a:b] for a, b in itertools.pairwise(edges)]


def break_half(text: str, fits: Callable[[str], bool], max_lines: int = 4) -> list[str] | None:
    """Return ``text`` as the fewest, most even lines that each ``fits``; ``None`` if impossible.

    Word boundaries are tried before character boundaries; among breaks with the same
    number of lines the one whose longest line is shortest wins (ties: earliest breaks).
    """
    if fits(text):
        return [text]
    for candidates in (word_breaks(text), allowed_breaks(text)):
        points = sorted(candidates)
        for n in range(2, max_lines + 1):
            best = None
            for cuts in itertools.combinations(points, n - 1):
                lines = split_at(text, cuts)
                if all(fits(line) for line in lines):
                    score = max(len(line) for line in lines)
                    if best is None or score < best[0]:
                        best = (score, lines)
            if best is not None:
                return best[1]
    return None


def break_slogan(halves: tuple[str, ...], fits: Callable[[str], bool], max_lines: int = 4) -> list[str] | None:
    """Return the lines of a slogan: each half on its own line(s); ``None`` if a half cannot fit."""
    lines: list[str] = []
    for half in halves:
        part = break_half(half, fits, max_lines)
        if part is None:
            return None
        lines.extend(part)
    return lines


def recurring_terms(texts: list[str]) -> frozenset[str]:
    """Return the terms a campaign repeats: runs of two or more ``jieba`` words found in at least two of ``texts``.

    ``texts`` are the slogans and the theme, each split at its spaces into halves; a run
    never spans two halves. E.g. 质量强国 (质量 + 强国) in 建设质量强国 and 质量强国 共建共享.
    """
    halves = [half for text in texts for half in text.split()]
    runs: set[str] = set()
    for half in halves:
        words = list(jieba.cut(half, HMM=False))
        for start in range(len(words)):
            for end in range(start + 2, len(words) + 1):
                runs.add("".join(words[start:end]))
    return frozenset(run for run in runs if sum(run in text for text in texts) >= 2)


def inside_terms(text: str, terms: frozenset[str]) -> frozenset[int]:
    """Return the positions of ``text`` that fall strictly inside an occurrence of one of ``terms``."""
    inside: set[int] = set()
    for term in terms:
        start = text.find(term)
        while start != -1:
            inside.update(range(start + 1, start + len(term)))
            start = text.find(term, start + 1)
    return frozenset(inside)


def split_options(text: str, width_em: Callable[[str], float], terms: frozenset[str] = frozenset(),
                  max_lines: int = 4) -> dict[int, list[str]]:
    """Return, for each line count 1…``max_lines``, the best split of ``text`` into that many lines.

    Breaks fall on word boundaries when they allow that many lines, on character
    boundaries otherwise; punctuation rules always hold and no break falls inside one of
    ``terms``. Best: no one-character line if avoidable, then the narrowest widest line
    (``width_em`` measures a line, any unit), then the earliest breaks. Counts that are
    impossible (too few break points) are missing from the result.
    """
    protected = inside_terms(text, terms)
    options = {1: [text]}
    for n in range(2, max_lines + 1):
        for candidates in (word_breaks(text), allowed_breaks(text)):
            best = None
            for cuts in itertools.combinations(sorted(candidates - protected), n - 1):
                lines = split_at(text, cuts)
                score = (sum(len(line) == 1 for line in lines), max(width_em(line) for line in lines), cuts)
                if best is None or score < best[0]:
                    best = (score, lines)
            if best is not None:
                options[n] = best[1]
                break
    return options
