"""A second campaign builds from its own content alone, with none of the 2020 campaign in it."""

from __future__ import annotations

import pytest
from campaign.content.slogans_file import load_campaign
from conftest import FIXTURES, ROOT, build_site
from html_pages import SiteText

MINI = FIXTURES / "mini-campaign"


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory) -> SiteText:
    return SiteText(build_site(MINI / "mkdocs.yml", tmp_path_factory.mktemp("mini") / "site"))


def test_second_campaign_shows_its_own_slogans_and_data(mini_site):
    text = mini_site.everything()
    for slogan in load_campaign(MINI / "slogans.yaml").slogans:
        assert slogan.text in mini_site.page(f"slogans/{slogan.id}/index.html")
    for value in ["示例市质量工作办公室", "示质办〔2031〕7号", "测试员", "010-12345678", "示例主题上半"]:
        assert value in text


def test_second_campaign_shows_nothing_of_the_2020_campaign(mini_site):
    text = mini_site.everything()
    real = load_campaign(ROOT / "slogans.yaml")
    leaked = [s.text for s in real.slogans if s.text in text]
    leaked += [v for v in [real.issuer, real.document_number, real.contact.name, real.contact.phone, real.theme]
               if v in text]
    assert leaked == []


def test_second_campaign_uses_its_own_colours(mini_site):
    html = (mini_site.site_dir / "index.html").read_text(encoding="utf-8")
    assert "--campaign-primary: #0D47A1" in html


def test_theme_and_hooks_hold_no_campaign_wording():
    real = load_campaign(ROOT / "slogans.yaml")
    words = [real.title, real.issuer, real.document_number, real.contact.name, real.contact.phone, "湖北", "质量月",
             "2020"] + [s.text for s in real.slogans]
    code = [p for d in ("theme", "hooks") for p in (ROOT / d).rglob("*") if p.suffix in {".py", ".html", ".css"}]
    found = [(p.name, w) for p in code for w in words if w in p.read_text(encoding="utf-8")]
    assert found == []
