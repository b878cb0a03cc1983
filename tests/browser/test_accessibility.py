"""axe-core on one page of each kind, at both viewports, in the light and dark palettes and
in 长辈版: no violation of impact serious or critical (this includes colour contrast)."""

from __future__ import annotations

import pytest

from .conftest import AXE
from .pages import PAGE_TYPES

SERIOUS = {"serious", "critical"}
#: (palette scheme, 长辈版 on?) states each page is checked in.
STATES = [("default", False), ("slate", False), ("default", True), ("slate", True)]
_NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


#: Rules whose outcome depends on colours and sizes: all that can change when the palette or 长辈版 switches.
VISUAL_RULES = ["color-contrast", "link-in-text-block", "target-size", "meta-viewport", "scrollable-region-focusable"]


def axe_violations(page, rules: list[str] | None = None) -> list[str]:
    """Run axe (all rules, or only ``rules``) on the page as it is now; return serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


def set_state(page, scheme: str, elder: bool) -> None:
    """Switch the page to a palette scheme and 长辈版 on or off, the way their toggles do."""
    page.evaluate(
        """([scheme, elder]) => {
            document.body.setAttribute('data-md-color-scheme', scheme);
            document.documentElement.classList.toggle('elder', elder);
        }""",
        [scheme, elder],
    )


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_no_serious_accessibility_violations(audit, page_type):
    audit.open(PAGE_TYPES[page_type])
    page = audit.page
    page.add_style_tag(content=_NO_MOTION)  # contrast is measured on settled colours
    found = []
    for scheme, elder in STATES:
        set_state(page, scheme, elder)
        rules = None if (scheme, elder) == STATES[0] else VISUAL_RULES  # the rest cannot change
        found += [f"[{scheme}{' 长辈版' if elder else ''}] {v}" for v in axe_violations(page, rules)]
    assert found == []


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_every_image_has_meaningful_alt_text(desktop, page_type):
    desktop.open(PAGE_TYPES[page_type])
    # An image may be decorative (alt="") only inside a link whose own text names it, as the gallery's
    # previews are: the caption is the link's name, and an alt as well would be read twice.
    images = desktop.page.eval_on_selector_all("img", """imgs => imgs.map(i => ({
        src: i.getAttribute('src'), alt: i.hasAttribute('alt') ? i.getAttribute('alt').trim() : null,
        named_by_link: (i.closest('a')?.textContent || '').trim().length >= 2}))""")
    bad = [i["src"] for i in images
           if i["alt"] is None or (i["alt"] == "" and not i["named_by_link"]) or 0 < len(i["alt"]) < 2
           or i["alt"].lower().endswith((".png", ".jpg", ".svg", ".webp"))]
    assert bad == []
