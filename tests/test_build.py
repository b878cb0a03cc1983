"""One Build per build: the data and fonts read once, settings read at the edge, the QR address decided once."""

from __future__ import annotations

import json
import marshal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from campaign.build import Project
from campaign.posters.fonts import FACES
from campaign.settings import Settings
from conftest import MINI, ROOT, make_project

#: Builds with posters in a child process and records every file any of its processes opens.
_COUNT_OPENS = textwrap.dedent("""
    import os, sys
    log = os.open(sys.argv[2], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    watched = ("slogans.yaml", "GB2312.otf", "GB2312.png")

    def audit(event, args):
        if event == "open" and isinstance(args[0], (str, bytes)):
            path = os.fsdecode(args[0])
            if path.endswith(watched):
                os.write(log, (path + "\\n").encode())

    sys.addaudithook(audit)
    sys.path.insert(0, sys.argv[1])
    import site_build
    sys.exit(site_build.main(["--config", sys.argv[3], "build", "--site-dir", sys.argv[4]]))
""")


def test_a_build_reads_the_data_file_and_each_font_file_once(tmp_path):
    project = make_project(tmp_path / "project", campaign=MINI)
    opened = tmp_path / "opened.txt"
    env = {"PATH": "/usr/bin:/bin", "CAMPAIGN_POSTERS": "on", "CAMPAIGN_CACHE": str(tmp_path / "store"),
           "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", _COUNT_OPENS, str(ROOT), str(opened), str(project / "mkdocs.yml"),
                          str(tmp_path / "site")], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    names = [Path(line).name for line in opened.read_text(encoding="utf-8").splitlines()]
    counts = {name: names.count(name) for name in set(names)}
    assert counts == {"slogans.yaml": 1, **{face.file_name: 1 for face in FACES}}
    posters = json.loads((tmp_path / "site" / "posters" / "posters.json").read_text(encoding="utf-8"))
    assert len(posters["files"]) > 30  # the posters really were drawn, in worker processes too


@pytest.mark.parametrize(("environ", "posters", "cache"), [
    ({}, True, "/p/.cache"),
    ({"CAMPAIGN_POSTERS": "off"}, False, "/p/.cache"),
    ({"CAMPAIGN_POSTERS": " No "}, False, "/p/.cache"),
    ({"CAMPAIGN_POSTERS": "on", "CAMPAIGN_CACHE": "/elsewhere"}, True, "/elsewhere"),
])
def test_settings_come_from_the_environment_once(environ, posters, cache):
    settings = Settings.from_environment(environ, Path("/p"))
    assert (settings.posters, settings.cache_dir) == (posters, Path(cache))


@pytest.mark.parametrize(("site_url", "expected"), [
    ("", ""),
    ("https://zlj.example.gov.cn/zhiliangyue/", "https://zlj.example.gov.cn/zhiliangyue/"),
    ("http://127.0.0.1:8000/", ""),  # mkdocs serve's own address: never on a poster
    ("http://127.0.0.1:8000/sub/", ""),
])
def test_qr_address_ignores_the_preview_server(site_url, expected):
    project = Project(Path("/p"), Path("/p/content"), Path("/p/theme"), Path("/p/site"), site_url=site_url,
                      preview_address="127.0.0.1:8000")
    assert project.public_url == expected


#: The templates Material's search plugin reads its labels from, in an environment of its own (in on_config).
_MATERIAL_TRANSLATIONS = {"partials/language.html", "partials/languages/zh.html", "partials/languages/en.html"}


def _site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_rebuild_compiles_no_template_and_a_damaged_compiled_template_is_compiled_again(tmp_path, monkeypatch):
    import jinja2
    from conftest import build_project

    project, store = make_project(tmp_path / "project", campaign=MINI), tmp_path / "store"
    compiled = []
    compile_template = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda env, source, name=None, *args, **kwargs:
                        compiled.append(name) or compile_template(env, source, name, *args, **kwargs))

    def build(site: str) -> set[str]:
        compiled.clear()
        build_project(project, tmp_path / site, cache=store)
        return set(compiled) - _MATERIAL_TRANSLATIONS

    used = build("first")
    assert {"main.html", "base.html", "slogan.html", "404.html"} <= used
    assert build("second") == set()
    assert _site_files(tmp_path / "second") == _site_files(tmp_path / "first")

    for path in (store / "objects").rglob("*.code"):  # same size, other bytes: marshal would load other code
        size = path.stat().st_size
        path.unlink()
        path.write_bytes(marshal.dumps(compile("x = 1", "damaged", "exec")).ljust(size, b"\0")[:size])
    assert build("third") == used
    assert _site_files(tmp_path / "third") == _site_files(tmp_path / "first")


def test_a_compiled_template_serves_every_copy_of_the_project_as_its_own_file(tmp_path):
    import jinja2
    from campaign.site.template_cache import StoredTemplates
    from campaign.store import Store

    store = Store(tmp_path / "store")
    templates = {}
    for copy in ("one", "two"):
        (tmp_path / copy).mkdir()
        (tmp_path / copy / "page.html").write_text("{% block body %}{{ 1 / 0 }}{% endblock %}", encoding="utf-8")
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path / copy), autoescape=True)
        env.bytecode_cache = StoredTemplates(store, env)
        templates[copy] = env.get_template("page.html")
    assert len(list((store.root / "objects").rglob("*.code"))) == 1  # one entry for both copies
    assert templates["two"].filename == str(tmp_path / "two" / "page.html")
    with pytest.raises(ZeroDivisionError) as raised:  # a traceback names the copy's own file, in the block too
        templates["two"].render()
    frames = [str(entry.path) for entry in raised.traceback if Path(entry.path).name == "page.html"]
    assert frames and set(frames) == {str(tmp_path / "two" / "page.html")}
