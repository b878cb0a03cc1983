"""Series typography: one slogan size per format for the whole campaign, at most two.

A poster series is hung side by side, so every slogan of a format is set at one size —
the largest at which the campaign's slogans fit with each half on one line — except the
few whose halves are much longer than the rest: those break between words (keeping the
campaign's recurring terms whole) at the series size, or, if even that does not fit,
step down together to a second size. Nothing here draws; ``layout`` places the lines.
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass
from typing import Protocol

from .fonts import Face
from .linebreak import recurring_terms, split_options
from .subjects import PosterSubject

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class SloganSetting:
    """How one subject's slogan is set in one format: its lines (top to bottom; columns from the right) and em (mm)."""

    lines: tuple[str, ...]
    size_mm: float


def campaign_terms(subjects: list[PosterSubject]) -> frozenset[str]:
    """Return the terms the campaign's slogans and theme repeat (kept whole when a half breaks)."""
    return recurring_terms([subject.text for subject in subjects])


class CannotFit(Exception):
    """The subject cannot be set in the format at or above its minimum size."""

    def __init__(self, subject_id: str, format_id: str, detail: str):
        self.subject_id, self.format_id, self.detail = subject_id, format_id, detail
        super().__init__(f"{subject_id} / {format_id}: {detail}")


class Measure(Protocol):
    """How a kind of format measures a slogan: its one-line size, its lines at a size, its largest size."""

    def natural(self, subject: PosterSubject) -> float:
        """Return the size at which the subject is set without breaking inside a half."""

    def lines_at(self, subject: PosterSubject, size: float) -> tuple[str, ...] | None:
        """Return the subject's lines at ``size``, or ``None`` if it does not fit there."""

    def largest(self, subject: PosterSubject) -> float:
        """Return the largest size at which ``lines_at`` finds lines."""


@dataclass(frozen=True)
class LinesInBox:
    """Horizontal lines centred in a box (posters): each half on its own line(s), lines ``gap`` ems apart."""

    face: Face
    width: float
    height: float
    gap: float
    terms: frozenset[str]
    max_lines_per_half: int

    def _block(self, count: int) -> float:
        return count + (count - 1) * self.gap

    def _em(self, line: str) -> float:
        return self.face.width(line, 1.0)

    def natural(self, subject: PosterSubject) -> float:
        lines = subject.lines or subject.halves
        return min(self.width / max(self._em(line) for line in lines), self.height / self._block(len(lines)))

    def lines_at(self, subject: PosterSubject, size: float) -> tuple[str, ...] | None:
        limit = self.width / size + _TOLERANCE
        if subject.lines:  # staff chose the lines: they fit as they are, or not at all
            lines = subject.lines
            if max(self._em(line) for line in lines) > limit:
                return None
        else:
            lines = []
            for half in subject.halves:
                options = split_options(half, self._em, self.terms, self.max_lines_per_half)
                fitting = [split for _, split in sorted(options.items())
                           if max(self._em(line) for line in split) <= limit]
                if not fitting:
                    return None
                lines += fitting[0]
        if self._block(len(lines)) * size > self.height * (1 + _TOLERANCE):
            return None
        return tuple(lines)

    def largest(self, subject: PosterSubject) -> float:
        if subject.lines:
            return self.natural(subject)
        per_half = [split_options(half, self._em, self.terms, self.max_lines_per_half) for half in subject.halves]
        best = 0.0
        for combo in itertools.product(*(options.values() for options in per_half)):
            lines = [line for split in combo for line in split]
            size = min(self.width / max(self._em(line) for line in lines), self.height / self._block(len(lines)))
            if size > best and self.lines_at(subject, size) is not None:
                best = size
        return best


@dataclass(frozen=True)
class Columns:
    """Vertical columns (couplets): one half per column, characters ``pitch`` ems apart, never broken.

    A column is at most ``length`` long, of which ``fixed`` is taken by the frame and
    ``padding`` ems at each end; the character em is at most ``width``.
    """

    width: float
    length: float
    fixed: float
    pitch: float
    padding: float

    def natural(self, subject: PosterSubject) -> float:
        characters = max(len(half) for half in subject.halves)
        return min(self.width, (self.length - self.fixed) / (characters * self.pitch + 2 * self.padding))

    def lines_at(self, subject: PosterSubject, size: float) -> tuple[str, ...] | None:
        return tuple(subject.halves) if size <= self.natural(subject) * (1 + _TOLERANCE) else None

    def largest(self, subject: PosterSubject) -> float:
        return self.natural(subject)


def set_series(subjects: list[PosterSubject], measure: Measure, format_id: str, floor: float,
               break_below: float) -> tuple[dict[str, SloganSetting], list[CannotFit]]:
    """Return every subject's setting in one format, and the subjects that cannot fit at ``floor`` or above.

    The series size is the smallest natural size (halves unbroken) among the subjects
    whose natural size is at least ``break_below`` × the median: the size at which the
    typical slogans keep each half on one line. A subject that does not fit there with
    its halves broken between words steps down to the second size: the smallest of
    their largest sizes. So a format uses at most two sizes.
    """
    natural = {s.id: measure.natural(s) for s in subjects}
    typical = statistics.median(natural.values())
    series = min(v for v in natural.values() if v >= break_below * typical - _TOLERANCE)
    settings: dict[str, SloganSetting] = {}
    stepped = []
    for subject in subjects:
        lines = measure.lines_at(subject, series)
        if lines is None:
            stepped.append(subject)
        else:
            settings[subject.id] = SloganSetting(lines, series)
    failures = []
    largest = {s.id: measure.largest(s) for s in stepped}
    fitting = [s for s in stepped if largest[s.id] >= floor - _TOLERANCE]
    for subject in stepped:
        if subject not in fitting:
            failures.append(CannotFit(subject.id, format_id, f"largest {largest[subject.id]:.2f} mm < {floor:.2f} mm"))
    if fitting:
        second = min(largest[s.id] for s in fitting)
        for subject in fitting:
            settings[subject.id] = SloganSetting(measure.lines_at(subject, second), second)
    if series < floor - _TOLERANCE:  # the whole series is below the floor: every subject set there fails
        failures += [CannotFit(sid, format_id, f"series {series:.2f} mm < {floor:.2f} mm")
                     for sid, setting in settings.items() if setting.size_mm == series]
    return settings, failures
