"""A poster face cut into small WOFF2 slices, so a browser fetches only the slices of the characters it sets.

The 定制落款 page sets an office's name with the poster face of the 落款 line. The whole
face (GB 2312, 7,588 characters) is about 2.5 MB as one WOFF2; a name of fifteen characters
needs fifteen glyphs. So the face is cut into slices of ``SLICE_SIZE`` characters, ordered so
that the characters of office names share few slices:

* slice 0: ASCII, CJK punctuation and full-width forms (brackets, digits in names);
* slice 1: the characters of the campaign's own issuer (the page's default 落款) and of
  ``OFFICE_CHARACTERS``, the words nearly every office's name is made of (level and kind
  of office; no place names);
* the rest by how often the character occurs in Chinese text (jieba's dictionary: each
  word's count added to each of its characters), ``SLICE_SIZE`` at a time.

A name then touches the first slice and a few others. ``slice_map`` says which slice holds
each character, and which characters the face has at all, in one small JSON file the page
reads instead of a long ``unicode-range`` list per slice.

Slices keep the face's hinting, so a browser on FreeType rasterises them as Pillow
rasterises the whole face; they drop the layout tables (the page sets one glyph at a
time) and keep the licence names. The same face and plan give the same bytes.
"""

from __future__ import annotations

import base64
import io
import json
from collections import Counter
from collections.abc import Iterable

from ..posters.fonts import Face

#: Characters per slice after the first two: about 4 KB of WOFF2 for common ideographs (measured:
#: 15-character office names fetch a median of 19 KB of fonts; 15 per slice saves a third of that
#: at twice the files, 50 costs 60 % more).
SLICE_SIZE = 25
#: What nearly every office's name is made of, besides its place: level and kind of office.
OFFICE_CHARACTERS = "省市县区州人民政府委员会办公室厅局领导小组工作质量强场监督管理中心"
#: Bump when slicing or the slices' settings change, so stored slices are made again.
SLICES_VERSION = 2

_IDEOGRAPHS = (0x4E00, 0x9FFF)
_PUNCTUATION = set("“”‘’—…·")


def is_basic(code: int) -> bool:
    """Return whether ``code`` belongs in slice 0: ASCII, CJK punctuation, full-width forms, quotes and dashes."""
    return (0x20 <= code <= 0x7E or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E
            or chr(code) in _PUNCTUATION)


def character_frequency(words: Iterable[str]) -> Counter:
    """Return how often each character occurs, from lines ``word count [tag]`` (jieba's dictionary format)."""
    frequency: Counter = Counter()
    for line in words:
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            for char in parts[0]:
                frequency[char] += int(parts[1])
    return frequency


def jieba_frequency() -> Counter:
    """Return character frequencies from jieba's own dictionary (installed with it; no download)."""
    import jieba

    with jieba.get_dict_file() as handle:
        return character_frequency(line.decode("utf-8") for line in handle)


def slice_plan(face: Face, first: str, frequency: Counter, size: int = SLICE_SIZE) -> tuple[tuple[int, ...], ...]:
    """Return the slices of ``face``: code points, each slice sorted, every character the face has in exactly one.

    Slice 0 holds the ``is_basic`` characters, slice 1 those of ``first`` (the issuer and
    ``OFFICE_CHARACTERS``); the rest follow by descending ``frequency`` (then code point),
    ``size`` to a slice.
    """
    codes = sorted(ord(char) for char in face.advances)
    basic = [c for c in codes if is_basic(c)]
    wanted = {ord(char) for char in first} - set(basic)
    head = [c for c in codes if c in wanted]
    rest = sorted((c for c in codes if not is_basic(c) and c not in wanted),
                  key=lambda c: (-frequency.get(chr(c), 0), c))
    slices = [tuple(basic), tuple(head)]
    slices += [tuple(sorted(rest[i:i + size])) for i in range(0, len(rest), size)]
    return tuple(s for s in slices if s)


def slice_count(face: Face, first: str, size: int = SLICE_SIZE) -> int:
    """Return how many slices ``slice_plan`` makes of ``face`` (without reading any frequencies)."""
    codes = [ord(char) for char in face.advances]
    basic = sum(1 for c in codes if is_basic(c))
    head = len({ord(char) for char in first if ord(char) in set(codes) and not is_basic(ord(char))})
    rest = len(codes) - basic - head
    return (basic > 0) + (head > 0) + -(-rest // size)


def slice_map(plan: tuple[tuple[int, ...], ...]) -> bytes:
    """Return the JSON the page reads to find a character's slice (and whether the face has it at all).

    ``{"slices": n, "ideographs": {"start", "bits", "slice"}, "others": [[first, last, slice], …]}``:
    ``bits`` (base64) has bit ``k % 8`` of byte ``k // 8`` set when ``start + k`` is covered,
    for the CJK unified ideographs; ``slice`` (base64) is one little-endian 16-bit slice
    number per covered ideograph, in code point order; every other covered code point is in
    a run of ``others`` (consecutive code points in one slice). ``theme/assets/luokuan.js`` reads it.
    """
    start, end = _IDEOGRAPHS
    owner = {code: number for number, codes in enumerate(plan) for code in codes}
    bits = bytearray((end - start) // 8 + 1)
    numbers = bytearray()
    runs: list[list[int]] = []
    for code in sorted(owner):
        if start <= code <= end:
            bits[(code - start) // 8] |= 1 << ((code - start) % 8)
            numbers += owner[code].to_bytes(2, "little")
        elif runs and runs[-1][1] == code - 1 and runs[-1][2] == owner[code]:
            runs[-1][1] = code
        else:
            runs.append([code, code, owner[code]])
    data = {"slices": len(plan),
            "ideographs": {"start": start, "bits": base64.b64encode(bytes(bits)).decode("ascii"),
                           "slice": base64.b64encode(bytes(numbers)).decode("ascii")},
            "others": runs}
    return json.dumps(data, separators=(",", ":")).encode("ascii")


def read_slice_map(data: bytes) -> dict[int, int]:
    """Return code point → slice number from a ``slice_map`` (as the page reads it; for checks and tests)."""
    doc = json.loads(data)
    start = doc["ideographs"]["start"]
    bits = base64.b64decode(doc["ideographs"]["bits"])
    numbers = base64.b64decode(doc["ideographs"]["slice"])
    owner, n = {}, 0
    for k in range(len(bits) * 8):
        if bits[k // 8] >> (k % 8) & 1:
            owner[start + k] = int.from_bytes(numbers[2 * n:2 * n + 2], "little")
            n += 1
    for first, last, number in doc["others"]:
        owner.update(dict.fromkeys(range(first, last + 1), number))
    return owner


def woff2_slice(data: bytes, codes: tuple[int, ...], flavor: str | None = "woff2") -> bytes:
    """Return a WOFF2 font of the glyphs of ``codes`` from the OpenType font ``data``, hinted, for one-by-one setting.

    Layout tables go (the page sets every glyph by itself, at positions it computes); hints
    stay (a browser on FreeType then rasterises as Pillow does); subroutines are inlined
    (the same outlines, 3 % smaller and faster to cut); bounding boxes are not recomputed
    (nothing that sets glyphs one by one reads them); names keep the copyright, family,
    version and licence (OFL). The ``head`` dates are the source's, so the bytes depend on
    the input alone. ``flavor=None`` returns OpenType instead (an intermediate cut).
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "DSIG"]
    options.hinting = True
    options.desubroutinize = True
    options.notdef_outline = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.name_languages = [0x409]
    options.recalc_timestamp = False
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    font.flavor = flavor  # (Options.flavor is read by the subsetter's command line only)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def woff2_slices(data: bytes, group: tuple[tuple[int, ...], ...]) -> list[bytes]:
    """Return ``woff2_slice`` of each slice of ``group``, the same bytes, twice as fast.

    The group's characters are first cut from the whole face together; each slice is then
    cut from that much smaller font (parsing the whole face's tables is most of a cut's cost).
    """
    chunk = woff2_slice(data, tuple(code for codes in group for code in codes), flavor=None)
    return [woff2_slice(chunk, codes) for codes in group]


#: Slices cut together (``woff2_slices``): one task of a worker process.
_GROUP = 24


def slice_files(face: Face, plan: tuple[tuple[int, ...], ...], workers: int | None = None) -> dict[str, bytes]:
    """Return ``NNN.woff2`` for every slice of ``plan`` and ``map.json`` (see ``slice_map``), made on ``workers`` processes."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from ..posters.render import _start_method  # fork where it is safe, as the poster workers

    groups = [plan[i:i + _GROUP] for i in range(0, len(plan), _GROUP)]
    workers = max(1, min(workers or os.cpu_count() or 1, len(groups)))
    if workers == 1:
        cut = [woff2_slices(face.data, group) for group in groups]
    else:
        context = multiprocessing.get_context(_start_method())
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(face.data,)) as pool:
            cut = list(pool.map(_slices_in_worker, groups))
    files = {slice_name(number): font for number, font in enumerate(f for fonts in cut for f in fonts)}
    files["map.json"] = slice_map(plan)
    return files


def slice_name(number: int) -> str:
    """Return the file name of slice ``number`` (``007.woff2``)."""
    return f"{number:03d}.woff2"


_worker_font: list[bytes] = []


def _init_worker(data: bytes) -> None:
    _worker_font[:] = [data]


def _slices_in_worker(group: tuple[tuple[int, ...], ...]) -> list[bytes]:
    return woff2_slices(_worker_font[0], group)

