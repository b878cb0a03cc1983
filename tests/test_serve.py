"""The live preview keeps showing the last good build while content is wrong, and says why."""

from __future__ import annotations

import contextlib
import shutil
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


@contextlib.contextmanager
def serving(project: Path, log: Path):
    """Run ``site_build.py serve`` for ``project`` (its output in ``log``); yield (project, address, log)."""
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


@pytest.fixture
def preview(tmp_path):
    with serving(make_project(tmp_path / "project"), tmp_path / "serve.log") as running:
        yield running


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_preview_survives_bad_content_and_recovers(preview):
    project, url, log = preview
    assert "美好生活 质量相伴" in fetch(url + "slogans/")

    lines = (project / "slogans.yaml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, row in enumerate(lines, start=1) if row.endswith("text: 美好生活 质量相伴"))
    edit(project / "slogans.yaml", "text: 美好生活 质量相伴", 'text: ""')
    wait_for(lambda: "预览仍显示上一次正确的版本" in log.read_text(encoding="utf-8"), "the error report")
    output = log.read_text(encoding="utf-8")
    assert f"slogans.yaml:{line}:11:" in output and "text" in output
    assert "Traceback" not in output
    assert "美好生活 质量相伴" in fetch(url + "slogans/")

    edit(project / "slogans.yaml", 'text: ""', "text: 美好生活 质量相伴")
    wait_for(lambda: log.read_text(encoding="utf-8").count("Documentation built") >= 2, "the rebuild")
    assert "美好生活 质量相伴" in fetch(url + "slogans/")


@pytest.fixture
def editable_preview(tmp_path):
    """A preview of a project whose content, data, configuration and theme the test may edit."""
    project = make_project(tmp_path / "project", copy_content=True)
    (project / "theme").unlink()
    shutil.copytree(ROOT / "theme", project / "theme")
    with serving(project, tmp_path / "serve.log") as running:
        yield running


def _front_matter_type_error(project: Path):
    page = project / "content" / "contact.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("title: 联系方式", "title: 联系方式\nhide: 5"), encoding="utf-8")
    return lambda: page.write_text(original, encoding="utf-8")


def _data_file_deleted(project: Path):
    data = project / "slogans.yaml"
    original = data.read_text(encoding="utf-8")
    data.unlink()
    return lambda: data.write_text(original, encoding="utf-8")


def _configuration_broken(project: Path):
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("site_name:", "site_name: [", 1), encoding="utf-8")
    return lambda: config.write_text(original, encoding="utf-8")


def _theme_template_error(project: Path):
    """A developer's slip in a template: an error MkDocs does not turn into its own abort (it used to hang the preview)."""
    partial = project / "theme" / "partials" / "copyright.html"
    original = partial.read_text(encoding="utf-8")
    partial.write_text(original + "\n{{ 1 // 0 }}\n", encoding="utf-8")
    return lambda: partial.write_text(original, encoding="utf-8")


def _hostile_page(project: Path):
    page = project / "content" / "contact.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n```\n\n<script>alert(1)</script>\n", encoding="utf-8")
    return lambda: page.write_text(original, encoding="utf-8")


def test_preview_never_hangs_whatever_the_error(editable_preview):
    """Each kind of error: the preview keeps answering with the last good build at once, says why, and recovers."""
    project, url, log = editable_preview
    assert "美好生活 质量相伴" in fetch(url + "slogans/")
    for make_error, words in [(_front_matter_type_error, ["content/contact.md:3:", "hide"]),
                              (_data_file_deleted, ["slogans.yaml", "找不到"]),
                              (_configuration_broken, ["mkdocs.yml"]),
                              (_theme_template_error, ["copyright.html", "ZeroDivisionError"]),
                              (_hostile_page, ["<script>"])]:
        errors_before = log.read_text(encoding="utf-8").count("预览仍显示上一次正确的版本")
        builds_before = log.read_text(encoding="utf-8").count("Documentation built")
        restore = make_error(project)
        wait_for(lambda n=errors_before: log.read_text(encoding="utf-8").count("预览仍显示上一次正确的版本") > n,
                 f"the report of {make_error.__name__}")
        output = log.read_text(encoding="utf-8")
        for word in words:
            assert word in output, output
        assert "Traceback" not in output
        assert "美好生活 质量相伴" in fetch(url + "slogans/")  # answered at once (fetch times out after 10 s)
        assert "<script>alert(1)</script>" not in fetch(url + "contact/")
        restore()
        wait_for(lambda n=builds_before: log.read_text(encoding="utf-8").count("Documentation built") > n,
                 f"the rebuild after {make_error.__name__}")
    assert "美好生活 质量相伴" in fetch(url + "slogans/")
