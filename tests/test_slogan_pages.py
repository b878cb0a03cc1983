"""Every slogan has its own page and appears on the overview, in source order."""

from __future__ import annotations

import json

from campaign.content.slogans_file import load_campaign
from conftest import ROOT
from html_pages import elements


def campaign():
    return load_campaign(ROOT / "slogans.yaml")


def test_slogans_yaml_holds_the_eighteen_slogans_of_the_attachment():
    slogans = campaign().slogans
    assert len(slogans) == 18
    assert slogans[0].text == "湖北质量 共创共享"
    assert slogans[0].id == "hubei-zhiliang-gongchuang-gongxiang"
    assert slogans[-1].halves == ("美好生活", "质量相伴")
    assert [s.number for s in slogans] == list(range(1, 19))


def test_each_slogan_has_its_own_page(site_text):
    for slogan in campaign().slogans:
        text = site_text.page(f"slogans/{slogan.id}/index.html")
        assert slogan.text in text
        assert all(half in text for half in slogan.halves)


def test_overview_lists_all_slogans_in_source_order(site_text):
    text = site_text.page("slogans/index.html")
    positions = [text.find(s.text) for s in campaign().slogans]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_overview_links_to_every_slogan_page(built_site):
    html = (built_site / "slogans" / "index.html").read_text(encoding="utf-8")
    for slogan in campaign().slogans:
        assert f'href="{slogan.id}/"' in html


def test_slogan_pages_are_in_the_navigation_in_order(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.find("md-nav--primary"):]
    positions = [nav.find(f"slogans/{s.id}/") for s in campaign().slogans]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_slogan_pages_are_searchable(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for slogan in campaign().slogans:
        assert f"slogans/{slogan.id}/" in locations


def test_slogan_heading_reads_as_the_slogan_text(built_site):
    # The halves are set on separate lines, but copied text and screen readers get the
    # slogan as written: two halves with a space between them.
    for slogan in campaign().slogans:
        html = (built_site / "slogans" / slogan.id / "index.html").read_text(encoding="utf-8")
        heading = elements(html, "h1", class_="slogan-display")[0]
        assert heading.text == slogan.text
