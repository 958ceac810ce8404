"""The first screen of a technique page at phone size, in real Chromium: a way to start is in
view, and for a reader who has read the page's Before you start (test_before_you_start.py
has the first visit), the keyboard gets to the first timer's Start in a few presses and the
start control puts the focus there. Without JavaScript it jumps to Before you start."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from macros.components import before, technique
from macros.components.technique import start
from tests.browser.test_privacy import STAYED, configured_site_url, navigate_in_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Tab presses from page load to "Skip to the timer": Material's "Skip to content" comes first.
TABS_TO_THE_TIMER = 2
FOCUSED_START = "() => document.activeElement && document.activeElement.matches('[data-action=\"start\"]')"
FIRST_START = f"#{start.TIMER_ID} [data-action=start]"


def slugs() -> list[str]:
    found = [path.stem for path in technique.technique_files(ROOT / "docs")]
    assert found, "no technique pages under docs/techniques/"
    return found


@pytest.fixture
def phone(browser, site_dir):
    """A phone whose reader has read every page's Before you start ("I've read this")."""
    context = browser.new_context(viewport=PHONE, service_workers="block")
    context.add_init_script(read_every_block(site_dir))
    yield context.new_page()
    context.close()


def read_every_block(site_dir) -> str:
    """A script that keeps, as "I've read this" does, every built page's Before you start read."""
    kept = {}
    for file in site_dir.rglob("index.html"):
        found = re.search(r'data-mdx-before data-key="([0-9a-f]+)"', file.read_text(encoding="utf-8"))
        if found:
            kept[before.spec()["storage_prefix"] + "/" + file.parent.relative_to(site_dir).as_posix() + "/"] = found[1]
    assert kept
    return "".join(f"localStorage.setItem({name!r}, {key!r});" for name, key in kept.items())


def tabs_to(page, selector: str, most: int = 80) -> int:
    """Tab presses from where the focus is until `selector` has it."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached in {most} presses of Tab")


@pytest.mark.parametrize("slug", slugs())
def test_the_first_screen_of_a_phone_holds_the_way_to_start_before_the_print_button(phone, site_url, slug):
    phone.goto(site_url + f"techniques/{slug}/", wait_until="load")
    link = phone.locator(".mdx-technique__start-link")
    assert link.count() == 1 and link.is_visible()
    box = link.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert box["height"] >= 44 and box["width"] >= 44  # a target a thumb can hit
    assert link.get_attribute("href").endswith(f"/techniques/{slug}/#{start.TIMER_ID}")  # read: to the timer
    # The print button is still there, after the way to start, not the first thing shown.
    printing = phone.get_by_role("button", name="Print this page")
    assert printing.count() == 1 and printing.bounding_box()["y"] > box["y"] + box["height"]


@pytest.mark.parametrize("slug", slugs())
def test_a_few_tabs_and_enter_put_the_focus_on_the_first_start(phone, site_url, slug):
    phone.goto(site_url + f"techniques/{slug}/", wait_until="load")
    assert tabs_to(phone, ".mdx-skip-timer") == TABS_TO_THE_TIMER
    assert phone.evaluate("() => document.activeElement.textContent.trim()") == "Skip to the timer"
    phone.keyboard.press("Enter")
    assert phone.evaluate(FOCUSED_START)
    assert phone.evaluate("() => document.activeElement.closest('[data-mdx-timer]').id") == start.TIMER_ID
    assert phone.locator(FIRST_START).is_visible() and _in_view(phone, FIRST_START)
    phone.keyboard.press("Enter")  # the very next press starts it
    assert phone.locator(FIRST_START).inner_text() != "Start"


def _in_view(page, selector: str) -> bool:
    return page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        return r.top >= header && r.bottom <= innerHeight; }""", selector)


def test_the_start_card_puts_the_focus_on_start_by_tap_and_by_keyboard(phone, site_url):
    slug = slugs()[0]
    phone.goto(site_url + f"techniques/{slug}/", wait_until="load")
    phone.locator(".mdx-technique__start-link").click()
    assert phone.evaluate(FOCUSED_START) and _in_view(phone, FIRST_START)
    phone.evaluate("() => { document.activeElement.blur(); scrollTo(0, 0); }")
    phone.locator(".mdx-technique__start-link").focus()
    phone.keyboard.press("Enter")
    assert phone.evaluate(FOCUSED_START)
    # From the title (it has no ¶ link of its own), the card is the next stop.
    phone.evaluate("() => { scrollTo(0, 0); const h = document.querySelector('article h1');"
                   " h.tabIndex = -1; h.focus(); }")
    assert tabs_to(phone, ".mdx-technique__start-link") == 1
    phone.keyboard.press("Enter")
    assert phone.evaluate(FOCUSED_START)


def test_after_instant_navigation_the_skip_link_leads_to_the_new_pages_timer(site_dir, phone, site_url):
    # Served on another port than the real site: give Material the sitemap with this address,
    # so its instant navigation handles the links (see test_privacy.py).
    real = configured_site_url(site_dir)
    phone.route(site_url + "sitemap.xml", lambda route: route.fulfill(
        status=200, content_type="application/xml",
        body=(site_dir / "sitemap.xml").read_text(encoding="utf-8").replace(real, site_url)))
    first, second = slugs()[:2]
    phone.goto(site_url + f"techniques/{first}/", wait_until="networkidle")
    phone.evaluate("window.__knotworkNoReload = true")
    for slug in (second, None, first):  # to another technique, to a page with no timer, back
        navigate_in_page(phone, site_url + (f"techniques/{slug}/" if slug else "safety/"))
        # The address changes before the new content is in: wait for its title.
        phone.wait_for_function("t => (document.querySelector('article h1') || {}).textContent.startsWith(t)",
                                arg=title_of(slug) if slug else "Safety")
        assert phone.evaluate(STAYED), "the page was loaded afresh: instant navigation did not handle the link"
        if slug is None:
            assert phone.locator(".mdx-skip-timer").count() == 0
            continue
        phone.locator(FIRST_START).wait_for()
        assert phone.locator(".mdx-skip-timer").count() == 1
        phone.locator(".mdx-skip-timer").focus()
        phone.keyboard.press("Enter")
        assert phone.evaluate(FOCUSED_START)
        label = phone.evaluate("() => document.activeElement.closest('[data-mdx-timer]').dataset.label")
        assert label == technique_first_label(slug)
        assert phone.url.endswith(f"/techniques/{slug}/")


def title_of(slug: str) -> str:
    return technique.load(ROOT / "docs" / "techniques" / f"{slug}.md")[0].meta["title"]


def technique_first_label(slug: str) -> str:
    """The label of the first timer the page's source calls."""
    source = (ROOT / "docs" / "techniques" / f"{slug}.md").read_text(encoding="utf-8")
    return re.search(r'timer\([^)]*label="([^"]*)"', source)[1]


def test_a_page_without_a_timer_has_no_skip_link_to_one(phone, site_url):
    phone.goto(site_url + "safety/", wait_until="load")
    assert phone.locator(".mdx-skip-timer").count() == 0
    assert tabs_to(phone, ".md-skip") == 1
    phone.keyboard.press("Tab")
    assert not phone.evaluate("() => document.activeElement.matches('.mdx-skip-timer')")


def test_without_javascript_the_start_card_is_a_link_to_before_you_start(browser, site_url):
    # Nothing is kept without scripts, so the card leads where it leads a first-time reader.
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        slug = slugs()[0]
        page.goto(site_url + f"techniques/{slug}/", wait_until="load")
        page.locator(".mdx-technique__start-link").click()
        assert page.url.endswith(f"/techniques/{slug}/#{before.spec()['id']}")
        title = f"#{before.spec()['id']} .mdx-before__title"
        assert page.locator(title).is_visible() and _in_view(page, title)
    finally:
        context.close()


def test_the_start_card_does_not_print(phone, site_url):
    phone.goto(site_url + f"techniques/{slugs()[0]}/", wait_until="load")
    phone.emulate_media(media="print")
    assert not phone.locator(".mdx-technique__start").is_visible()
    assert not phone.locator(".mdx-skip-timer").is_visible()


def test_the_home_pages_first_screen_helps_choose_and_shows_the_first_card(phone, site_url):
    """One line per situation, each leading to a page, and the technique cards starting in the
    first screen of a phone."""
    phone.goto(site_url)
    first_list = phone.locator("article ul").first
    links = first_list.locator("a")
    assert links.count() >= 3
    for n in range(links.count()):
        href = links.nth(n).get_attribute("href")
        assert re.search(r"(^|/)(techniques|routines)/[\w-]+/$", href), href
        assert _in_view(phone, f"article ul:first-of-type li:nth-child({n + 1}) a")
    assert _in_view(phone, "article a[href$='safety/#when-to-get-help']")
    assert phone.evaluate("document.querySelector('.mdx-chooser__card').getBoundingClientRect().top < innerHeight")


IN_THE_MENU = "() => !!document.activeElement.closest('.md-sidebar--primary')"


def test_on_a_phone_the_closed_menu_is_out_of_the_tab_order_and_the_open_one_in_it(phone, site_url):
    """Material's side menu is a drawer on a phone: closed, its links are not Tab stops the
    reader cannot see; opened, they are."""
    phone.goto(site_url + f"techniques/{slugs()[0]}/", wait_until="load")
    menu_links = phone.locator(".md-sidebar--primary a").count()
    assert menu_links > 5  # not vacuous: the menu is there, with its links
    for _ in range(menu_links + 10):
        phone.keyboard.press("Tab")
        assert not phone.evaluate(IN_THE_MENU), phone.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    phone.locator("label.md-header__button[for='__drawer']").click()
    phone.wait_for_function("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility == 'visible'")
    for _ in range(menu_links + 10):
        phone.keyboard.press("Tab")
        if phone.evaluate(IN_THE_MENU):
            break
    else:
        raise AssertionError("the open menu's links are never reached by Tab")
    assert phone.locator(".md-sidebar--primary").get_by_role("link").first.is_visible()
