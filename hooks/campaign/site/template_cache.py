"""Compiled page templates kept in the store, so a rebuild does not compile them again.

MkDocs makes a new Jinja environment for every build and compiles each template it renders
(about 40 of them, 0.6 s): every save in the preview and every build in one process paid
for it again. Jinja's own file cache trusts whatever bytes it finds; this one is an entry
of the store like every other cached product, verified before it is used.
"""

from __future__ import annotations

import marshal
import sys

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

    def _key(self, bucket: Bucket) -> str:
        return digest({"compiled-template": bucket.key, "source": bucket.checksum, **self.compiled_by})

    def load_bytecode(self, bucket: Bucket) -> None:
        entry = self.store.get(self._key(bucket))
        if entry is not None:
            bucket.code = marshal.loads(entry.files["code"].read())

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store.put(self._key(bucket), {"code": marshal.dumps(bucket.code)})
