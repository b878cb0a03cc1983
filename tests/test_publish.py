"""No command can lose a file: refused output folders, one build at a time, kills at every step of publishing."""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from campaign.site.output import STAMP
from conftest import MINI, ROOT, edit_slogan, make_project, wait_for

import site_build


def tree_digest(root: Path) -> dict[str, str]:
    """Map each file under ``root`` to the SHA-256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(project: Path, site: Path, *extra: str) -> int:
    return site_build.main(["--config", str(project / "mkdocs.yml"), "build", "--site-dir", str(site), *extra])


@pytest.fixture
def mini(tmp_path) -> Path:
    return make_project(tmp_path / "project", campaign=MINI, copy_content=True)


# --- output folders that are refused ---------------------------------------------------------------

def _digest_of(path: Path) -> object:
    if path.is_dir():
        return tree_digest(path)
    return path.read_bytes() if path.exists() else None


@pytest.mark.parametrize("where", ["hooks", "theme", "tests", "content", ".git", ".github", "content/sub",
                                   "slogans.yaml", ".", "..", "home", "/", "someone-elses", "a-symlink"])
def test_unsafe_output_folders_are_refused_and_left_alone(tmp_path, capsys, monkeypatch, where):
    project = make_project(tmp_path / "project", copy_content=True)
    for name in ("tests", ".git", ".github"):
        (project / name).mkdir()
        (project / name / "keep.txt").write_text("数据", encoding="utf-8")
    (tmp_path / "someone-elses").mkdir()
    (tmp_path / "someone-elses" / "report.docx").write_bytes(b"office file")
    (tmp_path / "a-symlink").symlink_to(tmp_path / "someone-elses")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "notes.txt").write_text("x", encoding="utf-8")
    target = {"home": tmp_path / "home", "/": Path("/"), "someone-elses": tmp_path / "someone-elses",
              "a-symlink": tmp_path / "a-symlink", "..": tmp_path}.get(where, project / where)
    before = {p: _digest_of(p) for p in (project, tmp_path / "someone-elses", tmp_path / "home")}
    assert build(project, target) == 1
    err = capsys.readouterr().err
    assert "网站没有生成" in err and "Traceback" not in err
    assert {p: _digest_of(p) for p in before} == before
    assert not list(tmp_path.rglob(f"*{STAMP}"))


def test_mkdocs_itself_refuses_an_unsafe_output_folder(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "tests").mkdir()
    (project / "tests" / "test_it.py").write_text("def test(): pass\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(project / "tests")],
                         capture_output=True, text=True, cwd=project)
    assert run.returncode == 1 and "源文件目录 tests/" in run.stderr
    assert [p.name for p in (project / "tests").iterdir()] == ["test_it.py"]


def test_a_folder_from_an_earlier_build_is_replaced_and_an_empty_one_is_used(mini, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build(mini, empty) == 0
    assert (empty / STAMP).is_file() and (empty / "index.html").is_file()
    assert build(mini, empty) == 0  # ours now: replaced without complaint


def test_a_configuration_without_the_project_hooks_is_refused(mini, tmp_path, capsys):
    site = tmp_path / "site"
    assert build(mini, site) == 0
    before = tree_digest(site)
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n  - hooks/mkdocs_hooks.py\n", ""),
                      encoding="utf-8")
    assert build(mini, site) == 1
    assert "缺少本项目的钩子" in capsys.readouterr().err
    assert tree_digest(site) == before


def test_published_files_have_ordinary_modes(mini, tmp_path):
    site = tmp_path / "site"
    assert build(mini, site) == 0
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")]}
    assert modes == {0o755, 0o644}
    assert stat.S_IMODE(site.stat().st_mode) == 0o755


# --- a failed build leaves the previous site ---------------------------------------------------------

def test_broken_slogans_leave_the_previous_site_untouched(mini, tmp_path):
    site = tmp_path / "site"
    assert build(mini, site) == 0
    before = tree_digest(site)
    edit_slogan(mini, "测试口号第一 前后两半", "测试口号第一 ")
    assert build(mini, site) == 1
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "project", "site"]


def test_strict_warning_leaves_the_previous_site_untouched(mini, tmp_path):
    # A nav entry naming a missing page passes the content check but is a MkDocs warning:
    # with --strict the build fails after every file was written, and must not publish.
    site = tmp_path / "site"
    assert build(mini, site, "--strict") == 0
    before = tree_digest(site)
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - 口号: slogans/index.md",
                                                                 "  - 口号: slogans/index.md\n  - 缺失: missing.md"),
                      encoding="utf-8")
    assert build(mini, site, "--strict") == 1
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "project", "site"]


# --- kills ----------------------------------------------------------------------------------------

#: Runs a build in a child process that kills itself at one named point of publishing.
_DRIVER = textwrap.dedent("""
    import os, signal, sys
    sys.path[:0] = [sys.argv[1], sys.argv[1] + "/hooks"]
    from campaign.site import output
    point, config, site = sys.argv[2:5]

    def die(*args):
        os.kill(os.getpid(), signal.SIGKILL)

    if point == "before-exchange":
        output.exchange = die
    elif point == "stamping":
        output.finish = die
    elif point.startswith("no-exchange:"):  # a system without an atomic exchange
        output.exchange = lambda first, second: False
        output._step = lambda name: die() if name == point.split(":")[1] else None
    else:
        output._step = lambda name: die() if name == point else None
    if point == "pause":  # hold the lock until the test removes the file named by argv[5]
        import time
        def wait(*args):
            open(sys.argv[5] + ".waiting", "w").close()
            while os.path.exists(sys.argv[5]):
                time.sleep(0.02)
        output.finish = (lambda finish: lambda staging: (wait(), finish(staging)))(output.finish)
    import site_build
    sys.exit(site_build.main(["--config", config, "build", "--site-dir", site]))
""")


def run_driver(point: str, project: Path, site: Path, *extra: str, wait: bool = True) -> subprocess.Popen:
    """Start the driver; its output goes to ``<site>.<point>.log`` (read it with ``printed``)."""
    log = site.parent / f"{site.name}.{point.replace(':', '-')}.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-c", _DRIVER, str(ROOT), point, str(project / "mkdocs.yml"),
                                    str(site), *extra], stdout=out, stderr=subprocess.STDOUT)
    process.log = log
    if wait:
        process.wait(timeout=120)
    return process


def printed(process: subprocess.Popen) -> str:
    return process.log.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("point", ["stamping", "before-exchange", "exchanged", "no-exchange:moved-old"])
def test_a_kill_at_any_step_of_publishing_leaves_a_complete_site(mini, tmp_path, point):
    site = tmp_path / "site"
    assert build(mini, site) == 0
    old = tree_digest(site)
    edit_slogan(mini, "测试口号第一 前后两半", "测试口号第一 前后有别")
    killed = run_driver(point, mini, site)
    assert killed.returncode == -signal.SIGKILL
    if point == "no-exchange:moved-old":
        # Two renames cannot be atomic: the site is missing until the next build puts it back.
        assert not site.exists()
    else:
        assert tree_digest(site) in (old, tree_digest_of_build(mini, tmp_path / "clean"))
    assert build(mini, site) == 0
    assert tree_digest(site) == tree_digest_of_build(mini, tmp_path / "clean")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == [".site.lock"]


def tree_digest_of_build(project: Path, site: Path) -> dict[str, str]:
    if not site.exists():
        assert build(project, site) == 0
    return tree_digest(site)


def test_the_old_copy_is_put_back_when_a_kill_fell_between_two_renames(mini, tmp_path):
    site = tmp_path / "site"
    assert build(mini, site) == 0
    old = tree_digest(site)
    edit_slogan(mini, "测试口号第一 前后两半", "测试口号第一 前后有别")
    run_driver("no-exchange:moved-old", mini, site)
    assert not site.exists()
    (mini / "content" / "index.md").write_text("broken", encoding="utf-8")
    assert build(mini, site) == 1  # even a build that fails its check repairs first
    assert tree_digest(site) == old


def test_build_killed_mid_poster_render_leaves_site_intact_and_next_build_matches_a_clean_one(mini, tmp_path,
                                                                                               monkeypatch):
    site = tmp_path / "site"
    assert build(mini, site) == 0  # posters off: the previous good site, quickly
    before = tree_digest(site)
    store = tmp_path / "store"
    monkeypatch.setenv("CAMPAIGN_POSTERS", "on")
    monkeypatch.setenv("CAMPAIGN_CACHE", str(store))
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "site_build.py"), "--config", str(mini / "mkdocs.yml"), "build",
         "--site-dir", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    wait_for(lambda: process.poll() is not None or any((store / "objects").rglob("*.png")), "posters being written")
    assert process.poll() is None, "the build ended before it wrote a poster"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    assert tree_digest(site) == before
    assert build(mini, site) == 0
    monkeypatch.setenv("CAMPAIGN_CACHE", str(tmp_path / "clean-store"))
    assert build(mini, tmp_path / "clean") == 0
    assert tree_digest(site) == tree_digest(tmp_path / "clean")
    assert not list(tmp_path.glob(".site-*")) and not list(tmp_path.glob(".clean-*"))


# --- one build at a time ------------------------------------------------------------------------------

def test_a_second_build_waits_for_the_first_and_both_publish_complete_sites(mini, tmp_path):
    site, gate = tmp_path / "site", tmp_path / "gate"
    gate.touch()
    first = run_driver("pause", mini, site, str(gate), wait=False)
    wait_for(lambda: Path(str(gate) + ".waiting").exists(), "the first build to hold the lock")
    second = run_driver("none", mini, site, wait=False)
    wait_for(lambda: "等它完成" in printed(second), "the second build to say it waits")
    assert second.poll() is None and not site.exists()
    gate.unlink()
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    assert (site / STAMP).is_file()
    assert tree_digest(site) == tree_digest_of_build(mini, tmp_path / "clean")


def test_a_killed_build_does_not_block_the_next(mini, tmp_path):
    site, gate = tmp_path / "site", tmp_path / "gate"
    gate.touch()
    first = run_driver("pause", mini, site, str(gate), wait=False)
    wait_for(lambda: Path(str(gate) + ".waiting").exists(), "the first build to hold the lock")
    first.kill()
    first.wait()
    assert build(mini, site) == 0
    assert (site / STAMP).is_file()
