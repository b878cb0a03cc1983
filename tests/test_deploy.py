"""Publishing main: the deploy workflow builds exactly as README says, in production mode, and a project
whose production fields are filled in builds and is ready to copy under its sub-path."""

from __future__ import annotations

import shutil

import yaml
from conftest import ROOT, make_project

import site_build

WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"
PRODUCTION_BUILD = "python site_build.py build --production --strict"


def test_the_deploy_workflow_builds_main_in_production_mode_and_deploys_the_site():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key "on" as true
    build, deploy = workflow["jobs"]["build"]["steps"], workflow["jobs"]["deploy"]["steps"]
    assert any(PRODUCTION_BUILD in step.get("run", "") for step in build)
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact") and step["with"]["path"] == "site/"
               for step in build)
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in deploy)
    assert PRODUCTION_BUILD in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_project_with_every_production_field_builds_for_its_sub_path(tmp_path, capsys):
    project = make_project(tmp_path / "project", copy_content=True)
    shutil.copy(ROOT / "theme" / "assets" / "campaign.css", project / "content" / "badge.png")  # any file will do
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("# site_url:", "site_url: https://zlj.example.gov.cn/zhiliangyue/")
    for key, value in {"organizer": "示例单位", "site_code": "0000000000", "icp": "示ICP备00000000号",
                       "police_record": "示公网安备00000000000000号", "badge_image": "badge.png"}.items():
        text = text.replace(f'    {key}: ""', f"    {key}: {value}")
    config.write_text(text, encoding="utf-8")
    status = site_build.main(["--config", str(config), "build", "--production", "--strict",
                              "--site-dir", str(tmp_path / "site")])
    assert status == 0, capsys.readouterr().err
    not_found = (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    assert 'href="/zhiliangyue/assets/' in not_found and 'href="/assets/' not in not_found
