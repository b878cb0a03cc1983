"""The 定制落款 page in Chromium: typing a name fetches only its font slices, the downloaded poster is the one the
poster engine draws with that name (measure: tests/luokuan_images.py), also beside a QR code under a sub-path,
messages for missing characters and names too long, keyboard, accessibility, offline, and no drawing with a font
that did not load.

Names here are made up (示例…): no real office's name is shipped."""

from __future__ import annotations

import dataclasses
import json
from urllib.parse import unquote, urlsplit

import pytest
from campaign.posters.formats import poster_format
from campaign.posters.layout import IssuerLine, _fill_slot, issuer_slot, layout
from campaign.posters.raster import draw
from campaign.posters.render import SeriesCache, issuer_template
from campaign.posters.subjects import poster_subjects
from campaign.site.font_slices import read_slice_map
from campaign.site.luokuan import smallest_size
from conftest import MINI, NEWS_SITE_URL, build_project, designs_for, make_project
from luokuan_images import compare, glyph_cells, issuer_glyphs
from PIL import Image

from .conftest import DESKTOP, PHONE, _visit
from .pages import CAMPAIGN
from .serving import PREFIX, served
from .test_accessibility import VISUAL_RULES, axe_violations, set_state

DESIGNS = designs_for(CAMPAIGN)
#: A made-up office of 16 characters: the page must fetch little for a name of this length (issue: ≤ 150 KB).
NAME = "示例市质量强市工作领导小组办公室"
FONT_BUDGET = 150 * 1024
FONTS_FAILED = "字体文件没有加载成功，请检查网络后再试（修改名称或重新选择格式即可重试）。"


def choose(page, subject=None, design=None, format_id=None, name=None) -> tuple[str, str, str, str]:
    """Set the page's choices (None: leave as is) and return once the preview shows them."""
    for field, value in (("subject", subject), ("design", design), ("format", format_id)):
        if value is not None:
            page.select_option(f"#luokuan-{field}", value)
    if name is not None:
        page.fill("#luokuan-name", name)
    return wait_shown(page)


def wait_shown(page) -> tuple[str, str, str, str]:
    """Wait until the preview shows what the controls say; return (subject, design, format, name)."""
    page.wait_for_function("""() => {
        const shown = document.getElementById('luokuan').dataset.shown;
        const now = ['subject', 'design', 'format'].map(f => document.getElementById('luokuan-' + f).value)
            .concat([document.getElementById('luokuan-name').value.replace(/\\s+/g, ' ').trim()]);
        return shown === JSON.stringify(now);
    }""")
    return tuple(json.loads(page.evaluate("document.getElementById('luokuan').dataset.shown")))


def download_refused(page) -> bool:
    """Return whether the 下载 button says it cannot be used (it stays focusable: aria-disabled)."""
    return page.get_attribute("#luokuan-download", "aria-disabled") == "true"


def loaded_faces(page) -> dict[str, str]:
    """Return the page's slice faces (family → status) as the browser has them."""
    return dict(page.evaluate("""() => [...document.fonts].filter(f => f.family.startsWith('luokuan-'))
        .map(f => [f.family, f.status])"""))


def slice_owner(built_site) -> dict[int, int]:
    folder = next((built_site / "luokuan" / "fonts").glob("sans-*"))
    return read_slice_map((folder / "map.json").read_bytes())


def woff2(urls: list[str]) -> list[str]:
    return [unquote(urlsplit(u).path).lstrip("/") for u in urls if u.endswith(".woff2")]


@pytest.fixture(scope="module")
def engine(fonts):
    """The poster engine's side (the real campaign, no site_url: no QR codes): the series of offices' posters."""
    return SeriesCache(poster_subjects(CAMPAIGN), CAMPAIGN, fonts)


def engine_render(series, fonts, subject, design, format_id, name, change=None, qr_url=None):
    """Return (image, glyph cells, slot) of the poster with ``name`` as 落款, as the engine draws an office's poster.

    ``series`` holds the campaign; ``change(glyphs, slot, face) -> glyphs`` replaces the 落款's glyphs: what a
    wrong page would draw.
    """
    campaign = series.campaign
    subject = next(s for s in poster_subjects(campaign) if s.id == subject)
    design, poster = next(d for d in designs_for(campaign) if d.id == design), poster_format(format_id)
    blank = issuer_template(subject, campaign, poster, fonts, design, series, qr_url)  # the engine's interface
    with_qr = qr_url is not None and poster.qr
    setting = series.settings(design, poster, with_qr, True)[subject.id]
    named = layout(subject, setting, campaign, poster, fonts, design, qr_url if with_qr else None, IssuerLine(name))
    slot, glyphs = named.slot("issuer"), issuer_glyphs(named, blank)
    cells = glyph_cells(glyphs, fonts[slot.face].advances, fonts[slot.face].ascent, named.dpi)
    if change is not None:
        others = [item for item in named.items if item not in set(glyphs)]
        named = dataclasses.replace(named, items=(*others, *change(glyphs, slot, fonts[slot.face])))
    return draw(named, fonts).convert("RGB"), cells, slot


# --- typing and fetching ---------------------------------------------------------------------------------------


def test_typing_a_name_fetches_only_the_slices_of_its_characters(phone, built_site):
    fetched = []
    phone.page.on("requestfinished", lambda request: fetched.append(request.url))
    phone.open("luokuan/")
    assert wait_shown(phone.page)[3] == ""
    owner = slice_owner(built_site)
    issuer_slices = {owner[ord(c)] for c in CAMPAIGN.issuer}
    at_load = woff2(fetched)
    assert [p.rsplit("/", 1)[1] for p in at_load] == [f"{n:03d}.woff2" for n in sorted(issuer_slices)]
    fetched.clear()
    phone.page.click("#luokuan-name")
    phone.page.keyboard.type(NAME)
    assert wait_shown(phone.page)[3] == NAME
    typed = woff2(fetched)
    name_slices = {owner[ord(c)] for c in NAME}
    assert sorted(p.rsplit("/", 1)[1] for p in typed) == [f"{n:03d}.woff2" for n in sorted(name_slices - issuer_slices)]
    spent = sum((built_site / p).stat().st_size for p in at_load + typed)
    assert spent <= FONT_BUDGET, f"{spent} bytes of fonts for {NAME}"
    print(f"fonts for {NAME} ({len(NAME)} characters): {spent} bytes in {len(at_load + typed)} files")
    # Every slice the name needs is a face the browser loaded (the system's Noto CJK would look the same).
    assert loaded_faces(phone.page) == {f"luokuan-sans-{n}": "loaded" for n in issuer_slices | name_slices}
    assert NAME in phone.page.inner_text("#luokuan-caption")
    assert not download_refused(phone.page)
    assert phone.problems() == []


# --- the browser's poster is the engine's ----------------------------------------------------------------------

CASES = [  # (subject, design, format, name): every design, print and screen, ASCII and full-width brackets
    ("huodong-zhuti", DESIGNS[0].id, "print-a4", NAME),
    (CAMPAIGN.slogans[0].id, DESIGNS[1].id, "square", "示例县市场监督管理局"),
    (CAMPAIGN.slogans[1].id, DESIGNS[2].id, "vertical", "示例县（ABC）质量办"),
]


@pytest.fixture(scope="module")
def downloads(browser, site_url, tmp_path_factory):
    """Each case chosen in one desktop tab and downloaded with 下载: case → (image, file name, dpi, slices loaded)."""
    visit = _visit(browser, site_url, {**DESKTOP, "accept_downloads": True})
    fetched = []
    visit.page.on("requestfinished", lambda request: fetched.append(request.url))
    visit.open("luokuan/")
    folder, made = tmp_path_factory.mktemp("downloads"), {}
    for case in CASES:
        assert choose(visit.page, *case) == case
        with visit.page.expect_download() as download:
            visit.page.click("#luokuan-download")
        path = folder / download.value.suggested_filename
        download.value.save_as(path)
        with Image.open(path) as image:
            made[case] = (image.convert("RGB"), path.name, image.info.get("dpi"), woff2(fetched),
                          loaded_faces(visit.page))
    assert visit.problems() == []
    visit.page.context.close()
    return made


@pytest.mark.parametrize("case", CASES, ids=[f"{c[2]}-{c[1]}" for c in CASES])
def test_the_downloaded_poster_is_the_one_the_engine_draws_with_that_name(downloads, engine, fonts, built_site, case):
    image, name, dpi, fetched, faces = downloads[case]
    subject, design, format_id, office = case
    label = "" if design == DESIGNS[0].id else f"-{design}"
    assert name == f"{subject}-{format_id}{label}-{office}.png"  # named like the site's posters, the office added
    assert (dpi is not None) == poster_format(format_id).is_print and (dpi is None or round(dpi[0]) == 300)
    owner = slice_owner(built_site)
    used = {owner[ord(c)] for c in office}
    assert {f"{n:03d}.woff2" for n in used} <= {p.rsplit("/", 1)[1] for p in fetched}
    assert all(faces[f"luokuan-sans-{n}"] == "loaded" for n in used)
    expected, cells, slot = engine_render(engine, fonts, subject, design, format_id, office)
    measure = compare(expected, image, cells, slot.ground.screen, slot.colour.screen)
    print(f"{format_id}/{design}: {measure}")
    assert measure.same, str(measure)


@pytest.mark.parametrize("wrong", ["the other poster face", "2 % larger", "2 px to the right"])
def test_the_measure_fails_for_a_wrong_font_size_or_position(downloads, engine, fonts, wrong):
    changes = {
        "the other poster face": lambda glyphs, slot, face: [dataclasses.replace(g, face="serif") for g in glyphs],
        "2 % larger": lambda glyphs, slot, face: _fill_slot(slot, "".join(g.char for g in glyphs), face, slot.colour,
                                                            glyphs[0].size * 1.02),
        "2 px to the right": lambda glyphs, slot, face: [dataclasses.replace(g, x=g.x + 2 * 25.4 / 72) for g in glyphs],
    }
    case = CASES[1]  # the square (72 dpi: 2 px are 2 × 25.4 / 72 mm)
    image = downloads[case][0]
    expected, cells, slot = engine_render(engine, fonts, *case, change=changes[wrong])
    measure = compare(expected, image, cells, slot.ground.screen, slot.colour.screen)
    print(f"{wrong}: {measure}")
    assert not measure.same, f"{wrong}: {measure}"


# --- messages ---------------------------------------------------------------------------------------------------


def test_missing_characters_and_names_too_long_are_explained_in_chinese(phone, fonts):
    page = phone.page
    phone.open(f"luokuan/?slogan={CAMPAIGN.slogans[2].id}")
    assert wait_shown(page)[0] == CAMPAIGN.slogans[2].id
    assert page.inner_text("#luokuan-status") == f"未填写时，落款为“{CAMPAIGN.issuer}”。"
    choose(page, name="示例县堃喆科技服务中心")
    assert page.inner_text("#luokuan-status") == ("海报字体中没有这些字：“堃”（U+5803）、“喆”（U+5586）。"
                                                  "请改用常用字，或填写不含这些字的简称。")
    assert page.get_attribute("#luokuan-name", "aria-invalid") == "true" and download_refused(page)
    slot = issuer_slot(CAMPAIGN, poster_format("print-a4"), fonts, DESIGNS[0], False)
    most = int(slot.width / smallest_size(slot) + 1e-9)
    too_long = "示例" * (most // 2 + 1)
    choose(page, format_id="print-a4", design=DESIGNS[0].id, name=too_long)
    label = page.locator("#luokuan-format option:checked").inner_text()
    assert page.inner_text("#luokuan-status") == (f"单位名称太长：“{label}”格式的落款最多约 {most} 个字。"
                                                  "请填写简称，或换一种格式。")
    assert download_refused(page)
    assert choose(page, name=too_long[:most])[3] == too_long[:most]
    assert page.inner_text("#luokuan-status") == "" and page.get_attribute("#luokuan-name", "aria-invalid") == "false"
    assert not download_refused(page)
    assert phone.problems() == []


def test_offline_the_page_sets_what_it_has_and_draws_nothing_with_a_font_it_could_not_fetch(phone):
    phone.open("luokuan/")
    wait_shown(phone.page)
    phone.page.context.set_offline(True)
    choose(phone.page, name=NAME)  # needs slices not fetched yet
    assert phone.page.inner_text("#luokuan-status") == FONTS_FAILED
    assert download_refused(phone.page)
    assert "落款（没有显示）" in phone.page.inner_text("#luokuan-caption")
    choose(phone.page, name="湖北省质量办公室")  # all in the slice the default 落款 brought
    assert phone.page.inner_text("#luokuan-status") == "" and not download_refused(phone.page)
    with phone.page.expect_download() as download:
        phone.page.click("#luokuan-download")
    assert download.value.suggested_filename.endswith("-湖北省质量办公室.png")


def test_no_poster_is_drawn_with_a_font_that_did_not_load(phone):
    phone.page.route("**/*.woff2", lambda route: route.abort())
    phone.open("luokuan/")
    assert wait_shown(phone.page)[3] == ""
    assert phone.page.inner_text("#luokuan-status") == FONTS_FAILED
    assert download_refused(phone.page)
    assert loaded_faces(phone.page) == {}


# --- keyboard, links, accessibility ------------------------------------------------------------------------------


def test_the_page_works_by_keyboard_alone(desktop):
    page = desktop.page
    desktop.open("luokuan/")
    wait_shown(page)
    page.focus("#luokuan-subject")
    page.keyboard.press("ArrowDown")  # the next slogan
    order = ["luokuan-subject"]
    for _ in range(3):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    # Hold the font slices the name needs, so Tab comes while they load, as on a slow network: the
    # button cannot be used yet but keeps its place in the tab order.
    held = []
    page.route("**/*.woff2", lambda route: held.append(route) if held is not None else route.continue_())
    page.keyboard.type("示例县市场监督管理局")
    page.keyboard.press("Tab")
    order.append(page.evaluate("document.activeElement.id"))
    assert held and download_refused(page)
    released, held = held, None
    for route in released:
        route.continue_()
    assert order == ["luokuan-subject", "luokuan-design", "luokuan-format", "luokuan-name", "luokuan-download"]
    assert wait_shown(page) == (CAMPAIGN.slogans[0].id, DESIGNS[0].id, "print-a4", "示例县市场监督管理局")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith("-示例县市场监督管理局.png")
    assert desktop.problems() == []


def test_a_slogan_page_opens_the_page_with_its_slogan_chosen(phone):
    slogan = CAMPAIGN.slogans[4]
    phone.open(f"slogans/{slogan.id}/")
    phone.page.get_by_role("link", name="定制落款").click()
    phone.page.wait_for_url(f"**/luokuan/?slogan={slogan.id}")
    assert wait_shown(phone.page)[0] == slogan.id
    assert phone.problems() == []


def test_no_serious_accessibility_problem_while_in_use(audit):
    audit.open("luokuan/")
    page = audit.page
    choose(page, name="示例县堃喆科技服务中心")  # an error shown
    found = axe_violations(page)
    for scheme, elder in [("slate", False), ("default", True), ("slate", True)]:
        set_state(page, scheme, elder)
        found += [f"[{scheme}{' 长辈版' if elder else ''}] {v}" for v in axe_violations(page, VISUAL_RULES)]
    assert found == []


# --- under a sub-path, beside a QR code -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def mini_under_sub_path(browser, tmp_path_factory):
    """The two-slogan campaign built with posters for an address under a sub-path (QR codes on A4 and
    vertical posters), served under that sub-path: (its address, its Build)."""
    base = tmp_path_factory.mktemp("luokuan-sub-path")
    build = build_project(make_project(base / "project", campaign=MINI), base / "site", posters=True,
                          site_url=NEWS_SITE_URL)
    with served(base / "site", PREFIX) as address:
        yield address, build


def test_under_a_sub_path_the_name_is_set_beside_the_qr_code_as_the_engine_sets_it(mini_under_sub_path, browser,
                                                                                     fonts, tmp_path):
    address, build = mini_under_sub_path
    visit = _visit(browser, address, {**PHONE, "accept_downloads": True})
    failed = []
    visit.page.on("response", lambda r: failed.append(f"{r.url}: {r.status}") if r.status >= 400 else None)
    visit.open("luokuan/")
    subject = build.campaign.slogans[1].id
    case = (subject, designs_for(build.campaign)[1].id, "print-a4", "示例县市场监督管理局")
    assert choose(visit.page, *case) == case
    with visit.page.expect_download() as download:
        visit.page.click("#luokuan-download")
    download.value.save_as(tmp_path / "poster.png")
    with Image.open(tmp_path / "poster.png") as image:
        got = image.convert("RGB")
    series = SeriesCache(poster_subjects(build.campaign), build.campaign, fonts)
    expected, cells, slot = engine_render(series, fonts, *case, qr_url=build.qr_urls[subject])
    assert slot.align == "left"  # beside the QR code, not centred
    measure = compare(expected, got, cells, slot.ground.screen, slot.colour.screen)
    assert measure.same, str(measure)
    assert failed == [] and visit.problems() == []
    visit.page.context.close()
