"""Check everything a build reads, before anything is written.

One entry point, ``check_project``, used by the MkDocs hooks, by
``site_build.py check`` and by the tests, so all three report the same problems.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .markdown_check import check_pages
from .model import Campaign
from .poster_checks import PosterCheck, project_poster_problems
from .problems import ContentError, ContentProblem
from .site_pages import SLOGANS_INDEX, generated_pages
from .slogans_file import FILE_NAME, load_campaign


@dataclass(frozen=True)
class CheckResult:
    """The campaign when it loaded, and every problem found (sorted by file, line, column)."""

    campaign: Campaign | None
    problems: tuple[ContentProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        """Return the problems, one ``file:line:column: message`` per line."""
        return "\n".join(str(p) for p in self.problems)


def check_project(
    project_dir: Path, docs_dir: Path, templates: set[str], posters: PosterCheck | None = None
) -> CheckResult:
    """Return the loaded campaign and every content problem of a project.

    ``project_dir`` holds ``slogans.yaml``; ``docs_dir`` the Markdown pages; ``templates``
    the names a page's ``template:`` may use; ``posters`` (``None``: no posters) how the
    posters will be made, so characters the poster fonts lack and slogans that cannot fit
    a format are found too. Paths in problems are relative to ``project_dir``.
    """
    problems: list[ContentProblem] = []
    campaign = None
    try:
        campaign = load_campaign(project_dir / FILE_NAME, root=project_dir)
    except ContentError as err:
        problems.extend(err.problems)
    generated = {p.path for p in generated_pages(campaign)} if campaign else {SLOGANS_INDEX}
    prefix = Path(os.path.relpath(docs_dir, project_dir)).as_posix() + "/"
    problems += check_pages(docs_dir, shown_prefix=prefix, generated=generated, templates=templates)
    if campaign is not None and posters is not None:
        problems += project_poster_problems(project_dir, campaign, posters)
    return CheckResult(campaign, tuple(sorted(set(problems))))
