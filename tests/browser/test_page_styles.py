"""Styles that only some pages carry: the chooser's stylesheet reaches the pages that show a
chooser, also when a reader gets there by instant navigation (which swaps the content, not
the head)."""

from __future__ import annotations

import pytest

from tests.browser.test_privacy import STAYED, configured_site_url, navigate_in_page

pytestmark = pytest.mark.browser

CHOOSER_SHEET = "components/chooser/chooser.min.css"
LOADED = ("href => [...document.styleSheets].some(s => s.href && s.href.endsWith(href) && s.cssRules.length > 0)")
LAID_OUT = "getComputedStyle(document.querySelector('.mdx-chooser')).display"
COLUMNS = "getComputedStyle(document.querySelector('.mdx-chooser')).gridTemplateColumns.split(' ').length"


def test_chooser_styles_come_with_the_chooser_by_instant_navigation(site_dir, site_url, watched_page):
    page = watched_page
    # Served on another port than the real site: give Material the sitemap with this address,
    # so its instant navigation handles the links (see test_privacy.py).
    real = configured_site_url(site_dir)
    page.route(site_url + "sitemap.xml", lambda route: route.fulfill(
        status=200, content_type="application/xml",
        body=(site_dir / "sitemap.xml").read_text(encoding="utf-8").replace(real, site_url)))
    first = sorted((site_dir / "techniques").glob("*/index.html"))[0].parent.name
    page.goto(site_url + f"techniques/{first}/", wait_until="networkidle")
    assert not page.evaluate(LOADED, CHOOSER_SHEET), "a technique page loads the chooser's styles"
    page.evaluate("window.__knotworkNoReload = true")

    navigate_in_page(page, site_url)
    assert page.evaluate(STAYED), "the home page was loaded afresh: instant navigation did not handle the link"
    page.wait_for_function(f"({LOADED})({CHOOSER_SHEET!r})")
    assert page.evaluate(LAID_OUT) == "grid"
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(COLUMNS) == 1, "a phone shows one card a row"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate(COLUMNS) == 2, "a wide screen shows two cards a row"
    # The cards line up with the text, not indented as a list's items.
    lefts = page.evaluate("""() => [document.querySelector('.mdx-chooser__card'), document.querySelector('article p')]
        .map(e => Math.round(e.getBoundingClientRect().left))""")
    assert lefts[0] == lefts[1]

    navigate_in_page(page, site_url + f"techniques/{first}/")
    page.wait_for_function("document.querySelector('.mdx-timer') && !document.querySelector('.mdx-chooser')")
    assert page.evaluate(STAYED)
    assert not page.evaluate(LOADED, CHOOSER_SHEET), "the chooser's styles stay after the chooser has gone"
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []


# Relative luminance (WCAG) of an element's computed background colour.
LUMINANCE = """(selector) => {
  const [r, g, b] = getComputedStyle(document.querySelector(selector)).backgroundColor.match(/[\\d.]+/g).map(Number)
    .map((c) => c / 255).map((c) => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_header_is_dark_in_the_dark_and_indigo_in_the_light(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url)
    # Material fades colours in: the colours as they end, whatever the machine's speed.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.wait_for_function("getComputedStyle(document.body).backgroundColor != 'rgba(0, 0, 0, 0)'")
    header, body = page.evaluate(LUMINANCE, ".md-header"), page.evaluate(LUMINANCE, "body")
    context.close()
    if scheme == "dark":
        assert header <= body < 0.05, (header, body)
    else:
        assert 0.05 < header < 0.2 and body > 0.9, (header, body)  # indigo on a white page


TOGETHER = """() => [...document.querySelectorAll(".mdx-timer__panel")].map((panel) => {
  const ring = panel.querySelector(".mdx-timer__display").getBoundingClientRect();
  const buttons = panel.querySelector(".mdx-timer__controls").getBoundingClientRect();
  return Math.max(ring.bottom, buttons.bottom) - Math.min(ring.top, buttons.top);
})"""


def test_on_a_phone_on_its_side_each_ring_and_its_buttons_fit_the_screen_together(browser, site_dir, site_url):
    context = browser.new_context(viewport={"width": 844, "height": 390})
    page = context.new_page()
    paths = [f"{folder}/{p.parent.name}/" for folder in ("techniques", "routines")
             for p in sorted((site_dir / folder).glob("*/index.html"))]
    heights = []
    for path in paths:
        page.goto(site_url + path)
        page.wait_for_function("[...document.querySelectorAll('.mdx-timer__panel')].every((p) => !p.hidden)")
        room = page.evaluate("innerHeight - document.querySelector('.md-header').getBoundingClientRect().height")
        for height in page.evaluate(TOGETHER):
            heights.append(height)
            assert height <= room, f"/{path}: the ring and its buttons take {height:.0f} px of {room:.0f}"
    context.close()
    assert len(heights) >= 6


# WCAG contrast of an element's text colour on what is behind it: its background, laid over its
# parents' where it lets them through (a tint), down to the first opaque one.
CONTRAST = """(element) => {
  const rgba = (css) => { const [r, g, b, a = 1] = css.match(/[\\d.]+/g).map(Number); return [r, g, b, a]; };
  const layers = [];
  for (let box = element; box; box = box.parentElement) {
    const fill = rgba(getComputedStyle(box).backgroundColor);
    if (fill[3] > 0) layers.push(fill);
    if (fill[3] >= 1) break;
  }
  let back = [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse()) back = [r, g, b].map((c, i) => c * a + back[i] * (1 - a));
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((c) => c / 255).map((c) => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [tr, tg, tb, ta] = rgba(getComputedStyle(element).color);  // text of some opacity, over the same
  const text = [tr, tg, tb].map((c, i) => c * ta + back[i] * (1 - ta));
  const [a, b] = [lum(text), lum(back)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""

# Each component that styles Material's outline button anew, and the page it is on.
OWN_BUTTONS = [("your-log/", ".mdx-log"), ("your-session/", ".mdx-builder"), ("techniques", ".mdx-log-done")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "holder"), OWN_BUTTONS, ids=[holder for _, holder in OWN_BUTTONS])
def test_a_button_keeps_its_words_readable_under_a_finger_and_in_focus(browser, site_dir, site_url, scheme, path,
                                                                        holder):
    """On a phone a tapped button stays hovered: Material then fills it with its accent colour,
    so its words must not take that colour too (they once did, and the button went blank)."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    page = context.new_page()
    if path == "techniques":  # a technique page, where a timer that has ended offers "Note it"
        path = f"techniques/{sorted((site_dir / 'techniques').glob('*/index.html'))[0].parent.name}/"
    page.goto(site_url + path)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    # The component's box, with a button of its own kind in it (the log's "Note it" shows only
    # once a timer has ended): the styles are what is tested.
    button = page.evaluate_handle("""(holder) => {
      const box = document.querySelector(holder) || document.querySelector("article")
        .appendChild(Object.assign(document.createElement("div"), {className: holder.slice(1)}));
      return box.appendChild(Object.assign(document.createElement("button"),
        {className: "md-button", type: "button", textContent: "Note it"}));
    }""", holder)
    at_rest = page.evaluate(CONTRAST, button)
    button.as_element().hover()
    hovered = page.evaluate(CONTRAST, button)
    page.mouse.move(0, 0)
    page.keyboard.press("Tab")  # focus is then shown, as for a reader on a keyboard
    button.as_element().focus()
    focused = page.evaluate(CONTRAST, button)
    context.close()
    assert min(at_rest, hovered, focused) >= 4.5, (at_rest, hovered, focused)


# Whether a tap a little off each phone number in sight still calls.
TAPPED_AROUND = """(reach) => [...document.querySelectorAll("a.mdx-callout__phone")]
  .filter((link) => link.getClientRects().length && link.getBoundingClientRect().top > 60)
  .slice(0, 6).map((link) => {
    link.scrollIntoView({block: "center"});
    const box = link.getBoundingClientRect(), x = box.left + box.width / 2, y = box.top + box.height / 2;
    const at = (px, py) => document.elementFromPoint(px, py)?.closest("a");
    // Above and below: this number. Beside it, a number written next to it ("999 or 112", both
    // for an emergency) may take the tap: a number still, never the words around it.
    const hits = [at(x, y - reach) === link, at(x, y + reach) === link,
                  ...[at(x - reach, y), at(x + reach, y)].map((hit) => !!hit?.matches(".mdx-callout__phone"))];
    return {number: link.textContent, hits};
  })"""


def test_a_number_to_call_can_be_tapped_by_a_finger_that_misses_a_little(browser, site_dir, site_url):
    """An emergency number is written in a sentence; a reader in pain taps near it: a touch
    target of 44 by 44 px at least (22 px from the number's middle each way), not the glyphs'."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    first = sorted((site_dir / "techniques").glob("*/index.html"))[0].parent.name
    page.goto(site_url + f"techniques/{first}/")
    tapped = page.evaluate(TAPPED_AROUND, 22)
    context.close()
    assert len(tapped) >= 2, "the page shows no number to call"
    assert all(all(t["hits"]) for t in tapped), tapped
