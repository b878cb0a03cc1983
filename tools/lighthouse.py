#!/usr/bin/env python3
"""Benchmark: Lighthouse (mobile) scores of the built site, served locally with gzip.

    python tools/lighthouse.py [--site-dir DIR] [--pages "" notice/ ...] [--json-dir DIR]

Builds the site (unless --site-dir names one already built), serves it on 127.0.0.1 with
gzip like a production web server, runs Lighthouse 12 (npm package ``lighthouse@12.2.3``,
through ``npx`` unless --lighthouse names a binary) against the system Chromium
(``CHROME_PATH``, default /usr/bin/chromium) with its default mobile settings, and prints
each page's category scores. Targets: performance ≥ 95, accessibility, best practices and
SEO 100. This is a benchmark, not a test: it needs npm and takes a minute per page.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update " \
               "--disable-sync --no-first-run"
_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", "/")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it (as nginx with gzip on would)."""

    def log_message(self, format, *args):  # noqa: A002
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirect to the slash form
            path = os.path.join(path, "index.html")
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and os.path.isfile(path) and self.path.split("?")[0].endswith(_COMPRESSIBLE)):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        import io
        return io.BytesIO(body)


def serve(site_dir: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``site_dir`` on a free port of 127.0.0.1; return the server and its base URL."""
    import mimetypes
    mimetypes.add_type("font/woff2", ".woff2")
    handler = functools.partial(GzipHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def run_lighthouse(command: list[str], url: str, output: Path) -> dict[str, int]:
    """Run Lighthouse on ``url``, keep its JSON report in ``output``; return category → score (0–100)."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command + [url, "--quiet", "--output=json", f"--output-path={output}",
                              f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                   check=True, env=env)
    report = json.loads(output.read_text(encoding="utf-8"))
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    """Print Lighthouse mobile scores per page; exit 1 if any misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", help="an already built site (default: build one into a temporary folder)")
    parser.add_argument("--pages", nargs="*", default=["", "notice/", "slogans/", "posters/"], help="paths under the site root")
    parser.add_argument("--lighthouse", default="npx --yes lighthouse@12.2.3", help="command that runs Lighthouse")
    parser.add_argument("--json-dir", help="keep the JSON reports here")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    site = Path(args.site_dir) if args.site_dir else work / "site"
    if not args.site_dir:
        import site_build
        if site_build.main(["build", "--site-dir", str(site)]) != 0:
            return 1
    reports = Path(args.json_dir) if args.json_dir else work
    reports.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    missed = False
    try:
        print(f"{'page':<24}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for page in args.pages:
            name = page.strip("/").replace("/", "-") or "home"
            scores = run_lighthouse(shlex.split(args.lighthouse), base + page, reports / f"{name}.json")
            missed |= any(scores[c] < TARGETS[c] for c in CATEGORIES)
            print(f"{'/' + page:<24}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES), flush=True)
    finally:
        server.shutdown()
    print(f"targets: {TARGETS}; reports in {reports}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
