"""长辈版: a labelled header button that enlarges text 1.5×, spaces lines, raises contrast and
tap targets, is remembered across pages and is announced with aria-pressed."""

from __future__ import annotations

from .pages import CRAFTSMAN

ROOT_SIZE = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
PRESSED = "[data-elder-toggle]"


def body_text_metrics(page) -> dict:
    return page.evaluate("""() => {
        const p = document.querySelector('.md-content .md-typeset p:not([class])');
        const s = getComputedStyle(p);
        return {size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight), color: s.color,
                background: getComputedStyle(document.body).backgroundColor};
    }""")


def test_elder_mode_is_a_labelled_toggle_button(phone):
    phone.open("")
    button = phone.page.get_by_role("button", name="长辈版")
    assert button.is_visible()
    assert button.get_attribute("aria-pressed") == "false"
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 32


def test_elder_mode_enlarges_spaces_and_darkens_text(phone):
    phone.open("notice/")
    page = phone.page
    normal_root, normal = page.evaluate(ROOT_SIZE), body_text_metrics(page)
    page.get_by_role("button", name="长辈版").click()
    assert page.get_attribute(PRESSED, "aria-pressed") == "true"
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    elder_root, elder = page.evaluate(ROOT_SIZE), body_text_metrics(page)
    assert elder_root >= 1.5 * normal_root
    assert elder["size"] >= 1.5 * normal["size"]
    assert elder["line"] >= 1.5 * elder["size"]
    assert elder["color"] == "rgb(0, 0, 0)" and elder["background"] == "rgb(255, 255, 255)"
    assert phone.problems() == []


def test_elder_mode_tap_targets_are_large(phone):
    phone.open("")
    page = phone.page
    page.get_by_role("button", name="长辈版").click()
    small = page.evaluate("""() => [...document.querySelectorAll(
            '.md-header__button, .md-footer__link, .md-nav__link, .md-search__icon, [data-elder-toggle]')]
        .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
        .map(el => [el.className, el.getBoundingClientRect()])
        .filter(([, r]) => r.width > 0 && r.right > 0 && r.left < innerWidth && (r.width < 44 || r.height < 44))
        .map(([c, r]) => `${c}: ${Math.round(r.width)}×${Math.round(r.height)}`)""")
    assert small == []


def test_elder_mode_is_remembered_across_pages_and_can_be_switched_off(phone):
    phone.open("")
    page = phone.page
    page.get_by_role("button", name="长辈版").click()
    phone.open(f"slogans/{CRAFTSMAN.id}/")
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    assert page.get_attribute(PRESSED, "aria-pressed") == "true"
    page.get_by_role("button", name="长辈版").click()
    phone.open("contact/")
    assert not page.evaluate("document.documentElement.classList.contains('elder')")
    assert page.get_attribute(PRESSED, "aria-pressed") == "false"
    assert phone.problems() == []


def test_elder_mode_applies_before_the_page_is_drawn(phone):
    # The saved choice is applied by a script in <head>: when the parser creates <body>,
    # nothing of the page has been drawn yet and the class must already be there.
    phone.open("")
    phone.page.get_by_role("button", name="长辈版").click()
    seen = []
    phone.page.expose_function("reportElderAtBody", lambda on: seen.append(on))
    phone.page.add_init_script("""new MutationObserver((changes, observer) => {
        if (document.body) {
            observer.disconnect();
            window.reportElderAtBody(document.documentElement.classList.contains('elder'));
        }
    }).observe(document, {childList: true, subtree: true});""")
    phone.open("notice/")
    assert seen == [True]
