"""ASCII ids for slogans, derived from their Chinese text with pypinyin and jieba.

An id is derived once, when a slogan is added, and then stored in ``slogans.yaml``:
it is part of published addresses and file names, so it must not change when the
segmentation dictionaries do.
"""

from __future__ import annotations

import logging
import re

import jieba
from pypinyin import lazy_pinyin

jieba.setLogLevel(logging.WARNING)

_NOT_ID = re.compile(r"[^a-z0-9]+")


def slogan_id(text: str) -> str:
    """Return the suggested id of ``text``: pinyin words joined by hyphens.

    ``"示例文字 拼音"`` → ``"shili-wenzi-pinyin"``. Latin letters and
    digits are kept (lower-cased); punctuation is dropped. Refuses text with nothing to
    spell (raises ``ValueError``).
    """
    words = [w for part in text.split() for w in jieba.cut(part) if w.strip()]
    spelled = (_NOT_ID.sub("", "".join(lazy_pinyin(w)).lower()) for w in words)
    result = "-".join(w for w in spelled if w)
    if not result:
        raise ValueError(f"cannot derive an id from {text!r}")
    return result
