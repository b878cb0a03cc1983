"""Site-level behaviour driven by mkdocs.yml: edit links, language, footer, 404."""

from __future__ import annotations

from campaign.content.slogans_file import load_campaign
from conftest import ROOT, build_site, make_project


def test_no_edit_links_without_a_repository(built_site):
    assert 'rel="edit"' not in (built_site / "notice" / "index.html").read_text(encoding="utf-8")


def test_edit_links_appear_when_a_repository_is_configured(tmp_path):
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "# repo_url:\n# edit_uri: edit/main/content/",
        "repo_url: https://git.example.org/office/site\nedit_uri: edit/main/content/"), encoding="utf-8")
    site = build_site(config, tmp_path / "site")
    html = (site / "notice" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://git.example.org/office/site/edit/main/content/notice.md"' in html
    assert 'data-md-component="source"' not in html  # no repository statistics fetched from an API


def test_pages_are_chinese(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html or '<html lang="zh-CN"' in html


def test_footer_names_issuer_and_contact_on_every_page(built_site):
    campaign = load_campaign(ROOT / "slogans.yaml")
    for page in ("index.html", "notice/index.html", "404.html", f"slogans/{campaign.slogans[0].id}/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        footer = html[html.index('class="md-copyright'):]
        assert campaign.issuer in footer
        assert campaign.contact.phone in footer and campaign.contact.email in footer


def test_404_page_is_chinese(built_site):
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert "页面未找到" in html and "返回首页" in html
