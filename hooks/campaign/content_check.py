"""Check everything a build reads, before anything is written.

One entry point, ``check_project``, used by the MkDocs hooks, by
``site_build.py check`` and by the tests, so all three report the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Campaign
from .problems import ContentError, ContentProblem
from .slogans_file import FILE_NAME, load_campaign


@dataclass(frozen=True)
class CheckResult:
    """The campaign when it loaded, and every problem found (sorted)."""

    campaign: Campaign | None
    problems: tuple[ContentProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_project(project_dir: Path) -> CheckResult:
    """Return the loaded campaign and all content problems of the project in ``project_dir``.

    ``project_dir`` is the folder holding ``mkdocs.yml`` and ``slogans.yaml``; paths in
    problems are relative to it.
    """
    problems: list[ContentProblem] = []
    campaign = None
    try:
        campaign = load_campaign(project_dir / FILE_NAME, root=project_dir)
    except ContentError as err:
        problems.extend(err.problems)
    return CheckResult(campaign, tuple(sorted(set(problems))))
