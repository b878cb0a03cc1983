"""The live preview keeps showing the last good build while content is wrong, and says why."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, make_project, wait_for


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


@pytest.fixture
def preview(tmp_path):
    project = make_project(tmp_path / "project")
    log = tmp_path / "serve.log"
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "site_build.py"), "--config", str(project / "mkdocs.yml"), "serve",
             "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, cwd=project,
        )
    try:
        wait_for(lambda: "Serving on" in log.read_text(encoding="utf-8"), "the preview to start")
        yield project, f"http://127.0.0.1:{port}/", log
    finally:
        process.terminate()
        process.wait(timeout=30)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_preview_survives_bad_content_and_recovers(preview):
    project, url, log = preview
    assert "美好生活 质量相伴" in fetch(url + "slogans/")

    edit(project / "slogans.yaml", "text: 美好生活 质量相伴", 'text: ""')
    wait_for(lambda: "预览仍显示上一次正确的版本" in log.read_text(encoding="utf-8"), "the error report")
    output = log.read_text(encoding="utf-8")
    assert "slogans.yaml:72:11:" in output and "text" in output
    assert "Traceback" not in output
    assert "美好生活 质量相伴" in fetch(url + "slogans/")

    edit(project / "slogans.yaml", 'text: ""', "text: 美好生活 质量相伴")
    wait_for(lambda: log.read_text(encoding="utf-8").count("Documentation built") >= 2, "the rebuild")
    assert "美好生活 质量相伴" in fetch(url + "slogans/")
