"""Compiled page templates kept in the store, so a rebuild does not compile them again.

MkDocs makes a new Jinja environment for every build and compiles each template it renders
(about 35 of them, 0.6 s): every build and every save in the preview paid for it again.
Jinja's own file cache trusts whatever bytes it finds; here a compiled template is an entry
of the store like every other cached product, verified before it is used. It is found by the
template's name and source, not by where the file lies, so copies of the project (and the
tests' projects) share one entry; the code is given the path of the file it was loaded from.
"""

from __future__ import annotations

import marshal
import sys
from types import CodeType

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from ..store import Store, digest

#: The settings of an environment that change the code Jinja compiles from the same source.
_COMPILE_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                     "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                     "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized")


class StoredTemplates(BytecodeCache):
    """Jinja's compiled templates for ``environment``, kept in ``store``."""

    def __init__(self, store: Store, environment: jinja2.Environment):
        self.store = store
        self.compiled_by = {
            "jinja": jinja2.__version__,
            "python": sys.implementation.cache_tag,
            "settings": {name: getattr(environment, name) for name in _COMPILE_SETTINGS},
            "autoescape": environment.autoescape if isinstance(environment.autoescape, bool) else "by name",
            "extensions": sorted(environment.extensions),
        }

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        checksum = self.get_source_checksum(source)
        bucket = Bucket(environment, digest({"compiled-template": name, "source": checksum, **self.compiled_by}),
                        checksum)
        entry = self.store.get(bucket.key)
        if entry is not None:
            code = marshal.loads(entry.files["code"].read())
            bucket.code = _from_file(code, filename) if filename else code
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        self.store.put(bucket.key, {"code": marshal.dumps(bucket.code)})


def _from_file(code: CodeType, filename: str) -> CodeType:
    """Return ``code`` (and the code of its blocks and macros) as compiled from ``filename``: what tracebacks
    and ``Template.filename`` show."""
    consts = tuple(_from_file(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)
