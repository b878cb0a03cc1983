"""A built site served on 127.0.0.1 for the browser, at the root or under a sub-path, as a static host serves it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from conftest import NEWS_SITE_URL

#: The sub-path of the address the news site is built for (``https://example.org/zhiliangyue/``).
PREFIX = urlsplit(NEWS_SITE_URL).path


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under ``prefix`` only; any missing address gets 404.html with status 404, as nginx's
    ``error_page 404`` or a static host does."""

    prefix = "/"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):  # the browser dropped a request its page no longer needs
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def served(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``site`` under ``prefix`` on a free port; yield its address (``http://127.0.0.1:<port><prefix>``)."""
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
