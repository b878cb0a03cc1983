"""See before you download: previews in every design, downloads as cards on a phone, tabs that switch design."""

from __future__ import annotations

from campaign.posters.design_file import load_designs

from .pages import CAMPAIGN, CRAFTSMAN, ROOT

DESIGNS = load_designs(ROOT / "theme", CAMPAIGN.colors)


def _visible_links(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all(
        "links => links.filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))")


def test_a_slogan_page_on_a_phone_shows_each_design_then_its_files_as_cards(phone):
    phone.open(f"slogans/{CRAFTSMAN.id}/")
    page = phone.page
    previews = page.locator(".poster-previews img")
    assert previews.count() == len(DESIGNS)
    for index in range(previews.count()):
        image = previews.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        # A third of a phone's width at 2x needs the 240-pixel WebP; the larger one is not fetched.
        assert image.evaluate("img => img.currentSrc").endswith("-preview-240.webp")
    cards = page.locator(".tabbed-block:visible .poster-card")
    assert cards.count() >= 13 and page.locator("table.poster-downloads").count() == 0
    widths = cards.evaluate_all("cards => cards.map(c => c.getBoundingClientRect().width)")
    content = page.evaluate("document.querySelector('.md-content__inner').getBoundingClientRect().width")
    assert min(widths) > 0.85 * content  # one card a row
    links = _visible_links(page, ".poster-card a[download]")
    assert links and all("-baidi" not in link and "-landi" not in link for link in links)

    # Tap the second design's tab: its files, and only those, are shown.
    page.locator(f"label[for='files-{CRAFTSMAN.id}-{DESIGNS[1].id}']").click()
    links = _visible_links(page, ".poster-card a[download]")
    assert links and all(f"-{DESIGNS[1].id}" in link or "led-" in link or "couplet" in link for link in links)
    assert any(link.endswith(f"-print-a3-{DESIGNS[1].id}.pdf") for link in links)
    assert phone.problems() == []


def test_design_tabs_work_by_keyboard(desktop):
    desktop.open(f"slogans/{CRAFTSMAN.id}/")
    page = desktop.page
    first = page.locator(f"#files-{CRAFTSMAN.id}-{DESIGNS[0].id}")
    first.focus()
    page.keyboard.press("ArrowRight")  # a radio group: the arrow keys move between designs
    assert page.locator(f"#files-{CRAFTSMAN.id}-{DESIGNS[1].id}").is_checked()
    outline = page.evaluate(f"getComputedStyle(document.querySelector(\"label[for='files-{CRAFTSMAN.id}-"
                            f"{DESIGNS[1].id}']\")).outlineStyle")
    assert outline != "none", "the focused design tab shows no focus ring"
    assert any(link.endswith(f"-print-a3-{DESIGNS[1].id}.pdf")
               for link in _visible_links(page, ".poster-card a[download]"))
    assert desktop.problems() == []


def test_the_download_centre_gallery_switches_design(phone):
    phone.open("posters/")
    page = phone.page
    shown = page.locator(".poster-gallery__image:visible")
    assert shown.count() == 1 + len(CAMPAIGN.slogans)
    assert all("-preview-" in src and "-baidi-" not in src for src in shown.evaluate_all(
        "images => images.map(i => i.getAttribute('src'))"))
    page.locator(f"label[for='gallery-{DESIGNS[2].id}']").click()
    sources = page.locator(".poster-gallery__image:visible").evaluate_all("images => images.map(i => i.getAttribute('src'))")
    assert len(sources) == 1 + len(CAMPAIGN.slogans) and all(f"-{DESIGNS[2].id}-preview-" in s for s in sources)
    bundles = _visible_links(page, ".poster-bundles a[download]")
    assert bundles and all(link.endswith(f"-{DESIGNS[2].id}.zip") for link in bundles)
    assert phone.problems() == []
