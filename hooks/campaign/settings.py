"""What a build is told from outside the project's files: read once, at the edge, into plain values.

The environment variables are read here and nowhere else; everything below receives a
``Settings``. The variables a build hands on to MkDocs and its plugins are named here too
(``Settings.exported_environment``).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

#: ``CAMPAIGN_POSTERS=off`` builds the site without posters (faster previews of text changes).
POSTERS_VARIABLE = "CAMPAIGN_POSTERS"
#: ``CAMPAIGN_CACHE=DIR`` keeps the store of build products elsewhere than ``.cache/`` in the project.
CACHE_VARIABLE = "CAMPAIGN_CACHE"
#: The reproducible-builds convention: the date a build writes into sitemaps and feeds, in
#: seconds since 1970. MkDocs and the feed plugin read it; when unset, the build sets it.
SOURCE_DATE_VARIABLE = "SOURCE_DATE_EPOCH"
_OFF = {"0", "off", "no", "false"}


@dataclass(frozen=True)
class SourceDate:
    """The date of the sources a build publishes (seconds since 1970) and where it was found."""

    epoch: int
    origin: str  # "SOURCE_DATE_EPOCH", "git" or "files", for the log


@dataclass(frozen=True)
class Settings:
    """How this build runs: with or without posters, where its store is, how many worker processes,
    and the date it writes into sitemaps and feeds."""

    posters: bool
    cache_dir: Path
    workers: int | None = None  # None: one per core
    source_date: SourceDate | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], project_root: Path,
                         sources: Iterable[Path] = ()) -> Settings:
        """Return the settings the environment asks for (defaults: posters on, ``.cache/`` in the project).

        ``sources`` are the files and folders the site is made from; their newest file gives
        the build's date when neither ``SOURCE_DATE_EPOCH`` nor git can (see ``source_date``).
        """
        posters = environ.get(POSTERS_VARIABLE, "on").strip().lower() not in _OFF
        cache = environ.get(CACHE_VARIABLE) or project_root / ".cache"
        return cls(posters=posters, cache_dir=Path(cache).absolute(),
                   source_date=source_date(environ, project_root, sources))

    def exported_environment(self) -> dict[str, str]:
        """Return the variables MkDocs and its plugins must see while this build runs.

        ``SOURCE_DATE_EPOCH`` makes the sitemap's dates, its gzip header and the feeds'
        dates those of the sources, not of the day of the build. ``GIT_PYTHON_REFRESH=quiet``
        lets the feed plugin (which imports GitPython, though this project never asks it
        to run git) load on a computer without git.
        """
        exported = {"GIT_PYTHON_REFRESH": "quiet"}
        if self.source_date is not None:
            exported[SOURCE_DATE_VARIABLE] = str(self.source_date.epoch)
        return exported


def source_date(environ: Mapping[str, str], project_root: Path, sources: Iterable[Path] = ()) -> SourceDate:
    """Return the date of the sources: ``SOURCE_DATE_EPOCH`` if set, else the last commit's, else the newest file's.

    A git checkout gives its ``HEAD`` commit's time, so two clones of one commit build the
    same bytes on any day. A source tree that is not a checkout (a release archive, a copy)
    gives the newest modification time among ``sources``: ``git archive`` and the code
    host's "download ZIP" stamp every file with the commit's time, so such a tree dates its
    build like a clone of that commit. A ``SOURCE_DATE_EPOCH`` that is not a whole number
    is ignored (``ValueError`` would stop every build for a typo in a variable).
    """
    value = environ.get(SOURCE_DATE_VARIABLE, "").strip()
    if value.isdigit():
        return SourceDate(int(value), SOURCE_DATE_VARIABLE)
    commit = _last_commit_time(project_root)
    if commit is not None:
        return SourceDate(commit, "git")
    return SourceDate(_newest_file_time(sources), "files")


def _last_commit_time(root: Path) -> int | None:
    """Return the committer time of ``HEAD`` when ``root`` is the top of a git work tree, else ``None``."""
    try:
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, timeout=30)
        if top.returncode != 0 or Path(top.stdout.strip()).resolve() != root.resolve():
            return None  # not a checkout, or a folder inside someone else's repository
        log = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                             text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):  # no git on this computer
        return None
    return int(log.stdout.strip()) if log.returncode == 0 and log.stdout.strip().isdigit() else None


def _newest_file_time(sources: Iterable[Path]) -> int:
    """Return the newest modification time (whole seconds) of the files in ``sources``; 0 if there are none."""
    newest = 0
    for source in sources:
        files = [source] if source.is_file() else (p for p in source.rglob("*") if p.is_file())
        for file in files:
            newest = max(newest, int(file.stat().st_mtime))
    return newest
