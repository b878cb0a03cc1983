"""No traceback reaches a user: faults of the machine and missing files are one Chinese sentence, site/ untouched.

The disk faults are real: the build runs in a user and mount namespace of its own, on a tiny
or read-only tmpfs (``unshare``, no root needed); where the system allows no namespaces these
tests skip.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT, make_project

import site_build

OLD_SITE = "<p>上一次正确的网站</p>"


def namespace_works() -> bool:
    try:
        return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"],
                              capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


needs_namespace = pytest.mark.skipif(not namespace_works(), reason="unshare --user --mount is not permitted here")


def in_namespace(mount: str, commands: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """Run ``commands`` (sh) with ``mount`` (sh) done first, in a user and mount namespace of their own."""
    script = f"set -e; {mount}; set +e; {commands}"
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def build_command(project: Path, site: Path) -> str:
    return " ".join(shlex.quote(str(a)) for a in [sys.executable, ROOT / "site_build.py", "--config",
                                                   project / "mkdocs.yml", "build", "--site-dir", site])


def old_site(site: Path) -> str:
    """Shell commands that put a previous build at ``site`` (stamped, as builds leave it)."""
    return (f"mkdir -p {site} && printf '%s' '{OLD_SITE}' > {site}/index.html && "
            f"printf 'x' > {site}/.campaign-site")


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CAMPAIGN_POSTERS": "off",
            "CAMPAIGN_CACHE": str(ROOT / ".cache"), "NO_MKDOCS_2_WARNING": "1", **extra}


def assert_one_sentence(stderr: str, *words: str) -> None:
    assert "Traceback" not in stderr, stderr
    last = [line for line in stderr.splitlines() if line.strip() and not line.startswith("INFO")]
    assert last, stderr
    for word in words:
        assert word in stderr, stderr


@needs_namespace
def test_full_disk_in_the_output_folder(tmp_path):
    project = make_project(tmp_path / "project")
    disk = tmp_path / "disk"
    disk.mkdir()
    site = disk / "site"
    run = in_namespace(f"mount -t tmpfs -o size=1m tmpfs {disk} && {old_site(site)}",
                       f"{build_command(project, site)}; echo \"status=$?\"; cat {site}/index.html; echo; ls -A {disk}",
                       environment(tmp_path), project)
    assert "status=1" in run.stdout, run.stderr
    assert_one_sentence(run.stderr, str(site), "磁盘已满", "原来的网站保持不变")
    assert OLD_SITE in run.stdout  # the previous site is still there, whole
    assert ".site-new-" not in run.stdout  # and the unfinished build was cleared away


@needs_namespace
def test_full_disk_in_the_poster_store(tmp_path):
    project = make_project(tmp_path / "project", campaign=MINI)
    disk = tmp_path / "disk"
    disk.mkdir()
    site = tmp_path / "site"
    run = in_namespace(f"mount -t tmpfs -o size=300k tmpfs {disk}",
                       f"{build_command(project, site)}; echo \"status=$?\"",
                       environment(tmp_path, CAMPAIGN_POSTERS="on", CAMPAIGN_CACHE=str(disk / "cache")), project)
    assert "status=1" in run.stdout, run.stderr
    assert_one_sentence(run.stderr, str(disk / "cache"), "磁盘已满", ".cache/")
    assert not site.exists()


@needs_namespace
def test_read_only_output_folder(tmp_path):
    project = make_project(tmp_path / "project")
    disk = tmp_path / "disk"
    disk.mkdir()
    site = disk / "site"
    run = in_namespace(f"mount -t tmpfs tmpfs {disk} && {old_site(site)} && mount -o remount,ro {disk}",
                       f"{build_command(project, site)}; echo \"status=$?\"; cat {site}/index.html",
                       environment(tmp_path), project)
    assert "status=1" in run.stdout, run.stderr
    assert_one_sentence(run.stderr, str(disk), "只读", "--site-dir")
    assert OLD_SITE in run.stdout


def test_damaged_font(tmp_path, capsys):
    """A truncated face: its table directory is whole, its last table is not."""
    project = make_project(tmp_path / "project")
    (project / "theme").unlink()
    shutil.copytree(ROOT / "theme", project / "theme")
    font = project / "theme" / "fonts" / "NotoSerifCJKsc-Bold-GB2312.otf"
    with font.open("r+b") as handle:
        handle.truncate(font.stat().st_size - 1000)
    cache = ["--config", str(project / "mkdocs.yml")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAMPAIGN_CACHE", str(tmp_path / "store"))
        assert site_build.main([*cache, "check"]) == 1
        err = capsys.readouterr().err
        site = tmp_path / "site"
        assert site_build.main([*cache, "build", "--site-dir", str(site)]) == 1
        build_err = capsys.readouterr().err
    assert_one_sentence(err, "NotoSerifCJKsc-Bold-GB2312.otf", "损坏", "python site_build.py fonts")
    assert "Traceback" not in build_err and not site.exists()


@pytest.mark.parametrize("command", ["check", "build", "serve"])
def test_missing_data_file(tmp_path, capsys, command):
    project = make_project(tmp_path / "project")
    (project / "slogans.yaml").unlink()
    assert site_build.main(["--config", str(project / "mkdocs.yml"), command]) == 1
    assert_one_sentence(capsys.readouterr().err, "slogans.yaml", "找不到", "git checkout")


@pytest.mark.parametrize(("case", "edit", "words"), [
    ("hooks taken out of mkdocs.yml", lambda p: _replace(p / "mkdocs.yml", "hooks:\n  - hooks/mkdocs_hooks.py\n", ""),
     ["缺少本项目的钩子"]),
    ("hook file gone", lambda p: (p / "hooks").unlink(), ["钩子文件不存在", "git checkout -- hooks"]),
    ("watched file gone", lambda p: _replace(p / "mkdocs.yml", "  - slogans.yaml\n", "  - slogans.yaml\n  - gone.txt\n"),
     ["watch", "不存在"]),
    ("configuration not YAML", lambda p: _replace(p / "mkdocs.yml", "site_name:", "site_name: [\n"), ["mkdocs.yml"]),
])
@pytest.mark.parametrize("command", ["check", "build"])
def test_broken_configuration(tmp_path, capsys, case, edit, words, command):
    project = make_project(tmp_path / "project")
    edit(project)
    site = tmp_path / "site"
    args = ["build", "--site-dir", str(site)] if command == "build" else ["check"]
    assert site_build.main(["--config", str(project / "mkdocs.yml"), *args]) == 1
    err = capsys.readouterr().err
    assert_one_sentence(err, *words)
    assert "Config value" not in err.split("（MkDocs：")[0]  # MkDocs' English only after our Chinese, for developers
    assert not site.exists()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nul_byte_in_the_data_file_is_reported_at_its_line(tmp_path, capsys):
    text = (ROOT / "slogans.yaml").read_text(encoding="utf-8").replace("text: 美好生活 质量相伴", "text: 美好生活\x00 质量相伴")
    project = make_project(tmp_path / "project", text)
    assert site_build.main(["--config", str(project / "mkdocs.yml"), "check"]) == 1
    assert "slogans.yaml:75:15: " in capsys.readouterr().err


def test_a_bug_is_one_sentence_unless_traceback_is_asked_for(tmp_path, capsys, monkeypatch):
    from campaign.build import Build

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(Build, "check", broken)
    project = make_project(tmp_path / "project")
    assert site_build.main(["--config", str(project / "mkdocs.yml"), "check"]) == 2
    err = capsys.readouterr().err
    assert "RuntimeError: boom" in err and "--traceback" in err and "Traceback" not in err
    with pytest.raises(RuntimeError, match="boom"):
        site_build.main(["--config", str(project / "mkdocs.yml"), "--traceback", "check"])
