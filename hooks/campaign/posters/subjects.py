"""What a poster says: each slogan, and the campaign theme treated like one."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Campaign, Slogan

#: Id of the poster of the campaign theme (refused as a slogan id).
THEME_ID = "huodong-zhuti"


@dataclass(frozen=True)
class PosterSubject:
    """The text of one poster series: id, full text, its halves (split at the text's space) and chosen lines.

    ``lines`` are the poster lines staff set in ``slogans.yaml`` (``None``: the line
    breaker decides).
    """

    id: str
    text: str
    halves: tuple[str, ...]
    is_theme: bool = False
    lines: tuple[str, ...] | None = None


def slogan_subject(slogan: Slogan) -> PosterSubject:
    """Return the poster subject of a slogan."""
    return PosterSubject(slogan.id, slogan.text, tuple(slogan.halves), lines=slogan.lines)


def theme_subject(campaign: Campaign) -> PosterSubject:
    """Return the poster subject of the campaign theme (halves split at its space)."""
    return PosterSubject(THEME_ID, campaign.theme, tuple(campaign.theme.split()), is_theme=True)


def poster_subjects(campaign: Campaign) -> list[PosterSubject]:
    """Return every subject that gets posters: the theme first, then the slogans in order."""
    return [theme_subject(campaign)] + [slogan_subject(s) for s in campaign.slogans]
