"""Every office its own posters: ``site_build.py posters`` on the fixture units file and the two-slogan campaign.

Two cheap formats keep it fast: the office A4 (a vector PDF) and the WeChat cover (a small
PNG too narrow for a long office name, so the short name is used there).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from campaign.content.model import Unit
from campaign.posters.bulk import STAMP, Shard
from campaign.posters.render import file_name
from campaign.posters.subjects import THEME_ID
from conftest import FIXTURES, MINI, make_project

import site_build

UNITS = FIXTURES / "units.yaml"
FORMATS = ("print-a4-office", "wechat-cover")
DESIGNS = ("huodong", "baidi")
SUBJECTS = (THEME_ID, "ceshi-kouhao-yi", "ceshi-kouhao-er")
UNIT_IDS = ("shili-shi-zhiqiangban", "shili-xian-shichang-jianguanju", "shili-sheng-mouting")


def posters(project: Path, *options: str) -> int:
    return site_build.main(["--config", str(project / "mkdocs.yml"), "posters", *options])


def selection(units: Path, out: Path, *extra: str) -> list[str]:
    return ["--units", str(units), "--out", str(out), "--formats", ",".join(FORMATS), "--designs", ",".join(DESIGNS),
            "--workers", "1", *extra]


def tree(root: Path) -> dict[str, str]:
    """Return every file under ``root`` (dot files included) with its SHA-256."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The fixture campaign with its own store: one unsharded run, three shards and their merge."""
    base = tmp_path_factory.mktemp("bulk")
    project = make_project(base / "project", campaign=MINI)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAMPAIGN_CACHE", str(base / "store"))
        assert posters(project, *selection(UNITS, base / "whole")) == 0
        for k in (1, 2, 3):
            assert posters(project, *selection(UNITS, base / f"shard-{k}", "--shard", f"{k}/3")) == 0
        assert posters(project, "--merge", *(str(base / f"shard-{k}") for k in (3, 1, 2)), "--out",
                       str(base / "merged")) == 0
    return base, project


def test_every_office_gets_every_subject_design_and_format_with_a_zip_and_a_manifest(runs):
    base, _ = runs
    whole = base / "whole"
    manifest = json.loads((whole / "manifest.json").read_text(encoding="utf-8"))
    expected = {f"{unit}/{fmt}/{file_name(sid, fmt, ext, '' if design == 'huodong' else design, unit)}"
                for unit in UNIT_IDS for sid in SUBJECTS for design in DESIGNS
                for fmt, ext in (("print-a4-office", "pdf"), ("wechat-cover", "png"))}
    assert {e["path"] for e in manifest["files"]} == expected
    assert sorted(p for p in tree(whole) if p.count("/") == 2) == sorted(expected)
    assert [b["path"] for b in manifest["bundles"]] == [f"{unit}.zip" for unit in UNIT_IDS]
    assert [u["id"] for u in manifest["units"]] == list(UNIT_IDS)
    for entry in manifest["files"] + manifest["bundles"]:
        data = (whole / entry["path"]).read_bytes()
        assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
    for entry in manifest["files"]:  # posters.json's fields, plus the office and what its 落款 says
        assert {"slogan", "text", "design", "format", "path", "type", "bytes", "sha256", "lines", "slogan_size_mm",
                "slogan_size_px", "unit", "issuer"} <= set(entry)
    for unit in UNIT_IDS:
        with zipfile.ZipFile(whole / f"{unit}.zip") as archive:
            assert sorted(archive.namelist()) == sorted(p.split("/", 1)[1] for p in expected if p.startswith(unit + "/"))


def test_the_full_name_is_the_落款_where_it_fits_and_the_short_name_elsewhere(runs):
    base, _ = runs
    manifest = json.loads((base / "whole" / "manifest.json").read_text(encoding="utf-8"))
    issuers = {(e["unit"], e["format"]) for e in manifest["files"]}
    said = {(e["unit"], e["format"]): e["issuer"] for e in manifest["files"]}
    assert len(issuers) == len(UNIT_IDS) * len(FORMATS)
    assert said[("shili-shi-zhiqiangban", "print-a4-office")] == "示例市质量强市工作领导小组办公室"
    assert said[("shili-shi-zhiqiangban", "wechat-cover")] == "示例市质强办"  # 16 characters do not fit 13
    assert said[("shili-xian-shichang-jianguanju", "wechat-cover")] == "示例县市场监督管理局"


def test_three_shards_merged_are_byte_identical_to_one_run(runs):
    base, _ = runs
    assert tree(base / "merged") == tree(base / "whole")
    shards = [json.loads((base / f"shard-{k}" / "manifest.json").read_text(encoding="utf-8")) for k in (1, 2, 3)]
    assert [[b["unit"] for b in m["bundles"]] for m in shards] == [[unit] for unit in UNIT_IDS]
    assert all(m["units"] == shards[0]["units"] and m["shard"]["count"] == 3 for m in shards)


def test_adding_an_office_renders_only_its_posters_and_a_smaller_run_removes_what_it_no_longer_makes(
        runs, tmp_path, capsys, monkeypatch):
    base, project = runs
    monkeypatch.setenv("CAMPAIGN_CACHE", str(base / "store"))
    more = tmp_path / "units.yaml"
    more.write_text(UNITS.read_text(encoding="utf-8") + "  - id: shili-qu\n    name: 示例区市场监督管理局\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    assert posters(project, *selection(more, out)) == 0
    # Its own 3 subjects × 2 designs × 2 formats; the three offices already made come from the store.
    assert "本次渲染 12 个" in capsys.readouterr().out
    assert posters(project, "--units", str(more), "--out", str(out), "--formats", "wechat-cover", "--designs",
                   "baidi") == 0
    left = [p for p in tree(out) if p.count("/") == 2]
    assert left and all("/wechat-cover/" in p and p.endswith("-baidi.png") for p in left)
    assert not (out / "shili-qu" / "print-a4-office").exists()


def test_shards_split_the_offices_deterministically_and_completely():
    units = tuple(Unit(f"u-{n}", f"单位{n}") for n in range(7))
    for count in (1, 2, 3, 4, 7, 9):
        picked = [Shard(k, count).pick(units) for k in range(1, count + 1)]
        assert sorted(u.id for part in picked for u in part) == sorted(u.id for u in units)
        assert max(map(len, picked)) - min(map(len, picked)) <= 1
        assert picked == [Shard(k, count).pick(units) for k in range(1, count + 1)]
    assert Shard.parse(" 2/3 ") == Shard(2, 3)


@pytest.mark.parametrize(("text", "message"), [
    ("units:\n  - id: shili-a\n    name: 示例市质量强市工作领导小组办公室\n",
     "units.yaml:3:11: 第 1 个单位（shili-a）的落款“示例市质量强市工作领导小组办公室”（16 个字）在这些格式上放不下：wechat-cover"),
    ("units:\n  - id: shili-a\n    name: 示例市质量强市工作领导小组办公室\n    short_name: 示例市质量强市工作领导小组办\n",
     "units.yaml:4:17: 第 1 个单位（shili-a）的落款“示例市质量强市工作领导小组办”（14 个字）在这些格式上放不下：wechat-cover"),
    ("units:\n  - id: shili-a\n    name: 示例市\U00020000局\n", "units.yaml:3:11: 第 1 个单位（shili-a）的落款含有海报字体无法显示的字符"),
    ("units:\n  - id: Shili\n    name: 示例局\n", "units.yaml:2:9: 第 1 个单位的字段“id”只能用小写英文字母"),
])
def test_a_wrong_units_file_is_a_located_chinese_message_and_nothing_is_written(runs, tmp_path, capsys, text, message):
    _, project = runs
    units = tmp_path / "units.yaml"
    units.write_text(text, encoding="utf-8")
    assert posters(project, *selection(units, tmp_path / "out")) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("options", "message"), [
    (["--shard", "4/3"], "--shard 应当写成 K/N"),
    (["--formats", "print-a5"], "没有这种格式：print-a5；可用的格式：print-a3"),
    (["--designs", "hongse"], "没有这种设计：hongse"),
])
def test_a_wrong_option_is_refused_in_chinese(runs, tmp_path, capsys, options, message):
    _, project = runs
    assert posters(project, "--units", str(UNITS), "--out", str(tmp_path / "out"), *options) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_output_folder_is_never_a_source_or_someone_elses_folder(runs, tmp_path, capsys):
    _, project = runs
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    assert posters(project, "--units", str(UNITS), "--out", str(foreign)) == 1
    assert "已有其他文件，且不是本项目生成的单位海报目录" in capsys.readouterr().err
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    assert posters(project, "--units", str(UNITS), "--out", str(project / "content" / "posters")) == 1
    assert "源文件目录" in capsys.readouterr().err
    inside = tmp_path / "lists"
    inside.mkdir()
    (inside / "units.yaml").write_text(UNITS.read_text(encoding="utf-8"), encoding="utf-8")
    assert posters(project, "--units", str(inside / "units.yaml"), "--out", str(tmp_path)) == 1
    assert "包含要读取的" in capsys.readouterr().err


def test_merging_refuses_a_missing_repeated_or_unfinished_shard(runs, tmp_path, capsys):
    base, project = runs
    shard = [str(base / f"shard-{k}") for k in (1, 2, 3)]
    for folders, message in (([shard[0], shard[2]], "缺少第 2 片（共 3 片）"),
                             ([shard[0], shard[0], shard[1], shard[2]], "第 1/3 片出现了两次"),
                             ([str(base / "whole")], "不是分片"),
                             ([str(project / "content")], "不是 site_build.py posters 生成的目录")):
        assert posters(project, "--merge", *folders, "--out", str(tmp_path / "out")) == 1
        assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_command_writes_only_its_output_folder_and_the_store(runs, tmp_path, monkeypatch):
    base, project = runs
    monkeypatch.setenv("CAMPAIGN_CACHE", str(tmp_path / "store"))
    monkeypatch.chdir(tmp_path)
    before = {p for p in base.rglob("*")} | {p for p in tmp_path.rglob("*")}
    assert posters(project, "--units", str(UNITS), "--out", str(tmp_path / "out"), "--formats", "led-16",
                   "--designs", "landi", "--workers", "1") == 0
    after = {p for p in base.rglob("*")} | {p for p in tmp_path.rglob("*")}
    written = {p for p in after - before if not p.is_relative_to(tmp_path / "store")}
    assert written and all(p.is_relative_to(tmp_path / "out") for p in written)
    assert (tmp_path / "out" / STAMP).is_file()


def test_the_workflow_runs_the_shards_as_a_matrix_then_merges_and_uploads_the_zips():
    import yaml

    workflow = yaml.safe_load((FIXTURES.parent.parent / ".github" / "workflows" / "posters.yml").read_text(
        encoding="utf-8"))
    trigger = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(trigger) == {"workflow_dispatch"} and {"units", "shards"} <= set(trigger["workflow_dispatch"]["inputs"])
    jobs = workflow["jobs"]
    assert list(jobs) == ["plan", "shard", "merge"]
    assert jobs["shard"]["needs"] == "plan" and jobs["merge"]["needs"] == "shard"
    assert jobs["shard"]["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
    assert "<= 256" in jobs["plan"]["steps"][0]["run"]  # GitHub's limit of one matrix
    shard_run = "\n".join(s.get("run", "") for s in jobs["shard"]["steps"])
    assert 'python site_build.py posters --units "$UNITS"' in shard_run and '--shard "$SHARD"' in shard_run
    upload = next(s for s in jobs["shard"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["include-hidden-files"] is True  # the stamp that --merge checks is a dot file
    merge = jobs["merge"]["steps"]
    download = next(s for s in merge if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"] == {"pattern": "shard-*", "path": "shards"}
    assert any("posters --merge shards/shard-* --out unit-posters" in s.get("run", "") for s in merge)
    published = next(s for s in merge if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert "unit-posters/*.zip" in published["with"]["path"]
    for job in jobs.values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
            assert "${{ inputs." not in step.get("run", "")  # inputs reach the shell as variables, never as code


def test_a_full_disk_is_one_chinese_sentence_naming_the_output(runs, tmp_path, capsys, monkeypatch):
    import errno

    from campaign.posters import bulk

    _, project = runs

    def full(source, dest):
        raise OSError(errno.ENOSPC, "No space left on device", str(source))

    monkeypatch.setattr(bulk, "place", full)
    out = tmp_path / "out"
    assert posters(project, "--units", str(UNITS), "--out", str(out), "--formats", "led-16", "--workers", "1") == 1
    err = capsys.readouterr().err
    sentence = err.strip().splitlines()[-1]
    assert sentence.startswith(f"{out}/") and "：磁盘已满" in sentence and "单位海报没有生成完" in sentence
    assert "Traceback" not in err
    assert not (out / "manifest.json").exists()
