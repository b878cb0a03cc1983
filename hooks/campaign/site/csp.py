"""Content-Security-Policy for built pages: only the site's own origin, plus hashed inline code.

Material writes a few small inline scripts (and we write one inline style for the
campaign colours); instead of allowing every inline script with 'unsafe-inline', each
page's policy lists the SHA-256 of exactly the inline blocks it contains.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc\s*=)([^>]*)>(.*?)</script>", re.S | re.I)
_INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.I)
_HEAD_START = re.compile(r"<head[^>]*>\s*(<meta charset=[^>]*>)?", re.I)

_FIXED = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(html: str) -> str:
    """Return the policy for ``html``: own origin only, and the hashes of its inline blocks."""
    scripts = sorted({_sha256(body) for attrs, body in _INLINE_SCRIPT.findall(html) if not _DATA_TYPE.search(attrs)})
    styles = sorted({_sha256(body) for body in _INLINE_STYLE.findall(html)})
    directives = {**_FIXED, "script-src": " ".join(["'self'", *scripts]), "style-src": " ".join(["'self'", *styles])}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def with_policy(html: str) -> str:
    """Return ``html`` with its CSP ``<meta>`` first in ``<head>`` (after the charset); unchanged if no head."""
    match = _HEAD_START.search(html)
    if match is None:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html[: match.end()] + "\n    " + meta + html[match.end() :]
