"""Plain core of the campaign site: data model, validation, typesetting, posters.

Nothing in this package imports MkDocs; the hook files beside it are the only
adapters, so the same code serves the hooks, ``site_build.py`` and the tests.
"""
