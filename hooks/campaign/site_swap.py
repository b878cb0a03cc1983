"""Publish a build only when it is complete: build beside the target, then swap.

A failed, interrupted or killed build leaves the previous site untouched; its
leftover staging folder is removed by the next build.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.campaign")


def _prefixes(target: Path) -> tuple[str, str]:
    return f".{target.name}-new-", f".{target.name}-old-"


def staging_dir(target: Path) -> Path:
    """Return a new, empty folder beside ``target`` to build into (after removing stale ones)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    return Path(tempfile.mkdtemp(prefix=_prefixes(target)[0], dir=target.parent))


def publish(staging: Path, target: Path) -> None:
    """Put the finished build ``staging`` at ``target`` with renames; ``target`` is never half-written."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=_prefixes(target)[1], dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    """Remove an unfinished build."""
    shutil.rmtree(staging, ignore_errors=True)


def remove_stale(target: Path) -> None:
    """Remove staging and old folders that killed builds left beside ``target``."""
    if not target.parent.is_dir():
        return
    for entry in target.parent.iterdir():
        if entry.is_dir() and entry.name.startswith(_prefixes(target)):
            log.info("Removing the leftovers of an interrupted build: %s", entry.name)
            shutil.rmtree(entry, ignore_errors=True)
