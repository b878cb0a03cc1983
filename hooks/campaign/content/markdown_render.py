"""Turn a page's Markdown into HTML exactly as the site does, and say which files its snippets read.

The site's Markdown settings (extensions and their configuration, from ``mkdocs.yml``)
are taken once by ``MarkdownSettings.of``, which also holds the settings every build
must use whatever the configuration says: snippets only from ``content/`` and never from
the network, missing snippets an error, table alignment as an attribute (the content
security policy refuses the inline style Markdown would write otherwise). The MkDocs
adapter gives MkDocs the same ``configs``, so the check renders what the build renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import markdown

SNIPPETS = "pymdownx.snippets"
TABLES = "tables"


@dataclass(frozen=True)
class MarkdownSettings:
    """The Markdown extensions of the site, in order, and the configuration of each."""

    extensions: tuple = ()
    configs: dict = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, extensions, configs: dict, docs_dir: Path) -> MarkdownSettings:
        """Return the site's settings with the rules every build keeps (snippets from ``docs_dir`` only)."""
        names = [e for e in extensions if isinstance(e, str)]
        enforced = {name: dict(value) for name, value in configs.items()}
        if SNIPPETS in names:
            enforced[SNIPPETS] = {**enforced.get(SNIPPETS, {}), "base_path": [str(docs_dir)],
                                  "restrict_base_path": True, "check_paths": True, "url_download": False,
                                  "auto_append": []}
        if TABLES in names:
            enforced[TABLES] = {**enforced.get(TABLES, {}), "use_align_attribute": True}
        return cls(tuple(extensions), enforced)


@dataclass
class Rendered:
    """The HTML of one Markdown text, the files its snippets read, or the error that stopped it."""

    html: str = ""
    included: list[Path] = field(default_factory=list)
    error: Exception | None = None


def render(text: str, settings: MarkdownSettings) -> Rendered:
    """Return ``text`` rendered with ``settings``; an exception while rendering is returned, not raised."""
    result = Rendered()
    try:
        md = markdown.Markdown(extensions=list(settings.extensions), extension_configs=settings.configs)
    except Exception as err:  # a broken configuration: the developers' problem, reported all the same
        result.error = err
        return result
    snippets = md.preprocessors["snippet"] if "snippet" in md.preprocessors else None  # pymdownx.snippets
    if snippets is not None and hasattr(snippets, "read_lines"):
        read_lines = snippets.read_lines

        def recorded(path, read_lines=read_lines):
            result.included.append(Path(path))
            return read_lines(path)

        snippets.read_lines = recorded
    try:
        result.html = md.convert(text)
    except Exception as err:  # snippets, extensions and Markdown itself raise many kinds; each is one problem
        result.error = err
    return result
