"""What a build is told from outside the project's files: read once, at the edge, into plain values.

The environment variables are read here and nowhere else; everything below receives a
``Settings``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: ``CAMPAIGN_POSTERS=off`` builds the site without posters (faster previews of text changes).
POSTERS_VARIABLE = "CAMPAIGN_POSTERS"
#: ``CAMPAIGN_CACHE=DIR`` keeps the store of build products elsewhere than ``.cache/`` in the project.
CACHE_VARIABLE = "CAMPAIGN_CACHE"
_OFF = {"0", "off", "no", "false"}


@dataclass(frozen=True)
class Settings:
    """How this build runs: with or without posters, where its store is, how many worker processes."""

    posters: bool
    cache_dir: Path
    workers: int | None = None  # None: one per core

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], project_root: Path) -> Settings:
        """Return the settings the environment asks for (defaults: posters on, ``.cache/`` in the project)."""
        posters = environ.get(POSTERS_VARIABLE, "on").strip().lower() not in _OFF
        cache = environ.get(CACHE_VARIABLE) or project_root / ".cache"
        return cls(posters=posters, cache_dir=Path(cache).absolute())
