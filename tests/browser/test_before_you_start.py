"""Before you start, in real Chromium at phone size (before.yml gives the size and limits): on a
first visit every "do not do this if" and "stop if" note is in the page before the first Start
and the block closed fits one screen; each line opens to its whole note; the first-screen
control and the skip link lead there until the reader says "I've read this", then one tap puts
the focus on Start, on later visits too, and on this device only; a changed note, refused
storage, no JavaScript and instant navigation each do the right thing. The pages are those of
the built sitemap that show a block."""

from __future__ import annotations

import re
import time

import pytest
from conftest import ROOT

from macros.components import before, callout
from macros.components.technique import start
from macros.core.config import settings
from tests.browser.test_privacy import STAYED, configured_site_url, navigate_in_page

pytestmark = pytest.mark.browser

SPEC = before.spec()
PHONE = SPEC["phone"]
BLOCK = "[data-mdx-before]"
CONTROL = ".mdx-technique__start-link"
FOCUSED_START = "() => !!document.activeElement && document.activeElement.matches('[data-action=\"start\"]')"
FOCUSED_BLOCK = "() => !!document.activeElement && document.activeElement.matches('[data-mdx-before]')"
SETTINGS = settings(ROOT / "mkdocs.yml")


def sitemap_paths(site_dir) -> list[str]:
    """Every page of the built sitemap, as a path from the site's root."""
    base = configured_site_url(site_dir)
    found = re.findall(r"<loc>([^<]+)</loc>", (site_dir / "sitemap.xml").read_text(encoding="utf-8"))
    return [loc.removeprefix(base) for loc in found]


def block_pages(site_dir) -> list[str]:
    """The sitemap's pages that show a Before you start block and a timer from the first paint:
    every technique and routine. ("Make your own session" has a block too, and its player only once
    the reader has made a session: tests/browser/test_builder.py.)"""
    pages = [p for p in sitemap_paths(site_dir)
             if "data-mdx-before" in (html := (site_dir / p / "index.html").read_text(encoding="utf-8"))
             and "data-mdx-timer" in html]
    assert any(p.startswith("techniques/") for p in pages) and any(p.startswith("routines/") for p in pages)
    return pages


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    yield context
    context.close()


def conditions(callout_id: str) -> list[str]:
    """What a callout says, each sentence and bullet, as a reader sees it (numbers filled in)."""
    entry = callout.registry()[callout_id]
    parts = [entry.get("text"), *(entry.get("items") or []), entry.get("after")]
    return [" ".join(callout.fill(p, SETTINGS, entry).split()) for p in parts if p]


# The page's text before its first Start, as the DOM holds it (closed lines included), and
# where things are, in screens of the phone.
BEFORE_START = """() => {
  const start = [...document.querySelectorAll('[data-mdx-timer] [data-action="start"]')].find(b => b.checkVisibility());
  const range = document.createRange();
  range.setStart(document.body, 0);
  range.setEndBefore(start);
  const block = document.querySelector('[data-mdx-before]');
  const heading = document.getElementById('safety');
  let end = heading.nextElementSibling;
  while (end && end.tagName !== 'H2') end = end.nextElementSibling;
  const top = e => e.getBoundingClientRect().top + scrollY;
  return {
    text: range.toString().replace(/\\s+/g, ' '),
    ids: [...block.querySelectorAll('[data-mdx-callout]')].map(c => c.dataset.mdxCallout),
    inside: [...document.querySelectorAll('article [data-mdx-callout]')]
      .filter(c => c.compareDocumentPosition(start) & Node.DOCUMENT_POSITION_FOLLOWING)
      .map(c => [c.dataset.mdxCallout, !!c.closest('[data-mdx-before]')]),
    open: block.querySelectorAll('details[open]').length,
    block: block.getBoundingClientRect().height / innerHeight,
    section: (top(end) - top(heading)) / innerHeight,
    start: top(start) / innerHeight,
  };
}"""


def test_first_visit_every_note_is_in_the_page_before_the_first_start_and_the_block_fits_one_screen(
        phone, site_dir, site_url):
    page = phone.new_page()
    figures = []
    for path in block_pages(site_dir):
        page.goto(site_url + path, wait_until="load")
        found = page.evaluate(BEFORE_START)
        assert found["ids"], path
        # Every "do not do this if" and "stop if" note, whole, before the first Start.
        missing = [(cid, line) for cid in found["ids"] for line in conditions(cid) if line not in found["text"]]
        assert not missing, f"/{path}: not in the page before the first Start: {missing}"
        assert any(cid == SPEC["stop_callout"] for cid in found["ids"]), path
        # Closed, the block is one screen at most, and the whole Safety section about that: no
        # note of it is left outside the block, between the top and the first Start.
        assert found["open"] == 0, path
        assert 0 < found["block"] <= SPEC["max_block_screens"], f"/{path}: the block is {found['block']:.2f} screens"
        assert found["section"] <= SPEC["max_block_screens"] + 0.2, f"/{path}: Safety is {found['section']:.2f} screens"
        loose = [cid for cid, inside in found["inside"] if not inside and callout.registry()[cid]["level"] == "caution"]
        assert not loose, f"/{path}: cautions outside the block before the first Start: {loose}"
        figures.append(f"/{path}: first Start {found['start']:.2f} screens down, block {found['block']:.2f}")
    print("\n" + "\n".join(figures))  # the bench (tests/bench/screens.py) prints them all


def test_each_line_opens_in_place_to_its_whole_note_and_its_sources(phone, site_dir, site_url):
    page = phone.new_page()
    path = block_pages(site_dir)[0]
    page.goto(site_url + path, wait_until="load")
    items = page.locator(f"{BLOCK} details")
    assert items.count() >= 3
    for index in range(items.count()):
        item = items.nth(index)
        note = item.locator(".mdx-callout")
        summary = item.locator("summary")
        assert not note.is_visible()
        summary.click()
        assert note.is_visible() and item.locator(".mdx-callout__source a").first.is_visible()
        box, line = note.bounding_box(), summary.bounding_box()
        assert box["y"] >= line["y"] + line["height"] - 1  # in place: right under its line
        assert line["height"] >= 44  # a target a thumb can hit
        summary.focus()
        page.keyboard.press("Enter")  # and from the keyboard
        assert not note.is_visible()


def test_the_first_screen_control_and_the_skip_link_lead_a_first_time_reader_to_the_block(
        phone, site_dir, site_url):
    page = phone.new_page()
    for path in block_pages(site_dir):
        page.goto(site_url + path, wait_until="load")
        control = page.locator(CONTROL)
        box = control.bounding_box()
        assert control.is_visible() and box["y"] + box["height"] <= PHONE["height"], path
        words = " ".join(control.inner_text().split())
        assert re.fullmatch(r"Before you start [\w ]+ to read, then the timer", words), words
        said = re.search(r"\((.*?) to read\)", page.locator(f"{BLOCK} .mdx-before__title").inner_text())[1]
        assert words.startswith(f"Before you start {said} to read"), (words, said)
        control.click()
        assert page.evaluate(FOCUSED_BLOCK), path
        top = page.locator(BLOCK).bounding_box()["y"]
        header = page.locator(".md-header").bounding_box()["height"]
        assert header <= top <= header + 60, f"/{path}: the block is at {top}"
        assert not page.evaluate(FOCUSED_START)
    # The skip link, from the keyboard.
    page.goto(site_url + path, wait_until="load")
    skip = page.locator(".mdx-skip-timer")
    assert skip.inner_text() == "Skip to Before you start"
    skip.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED_BLOCK)


def read_it(page) -> str:
    """Say "I've read this"; return the key kept."""
    page.locator("[data-mdx-read]").click()
    return page.evaluate(f"localStorage.getItem('{SPEC['storage_prefix']}' + location.pathname)")


def test_after_ive_read_this_one_tap_from_the_first_screen_focuses_start_on_later_visits(
        phone, site_dir, site_url):
    page = phone.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in block_pages(site_dir):
        page.goto(site_url + path, wait_until="load")
        key = page.locator(BLOCK).get_attribute("data-key")
        assert read_it(page) == key, path
        # The button goes: the focus moves to the words that took its place, not to the page's top.
        assert page.evaluate("document.activeElement.matches('.mdx-before__note')"), path
        assert "next time" in page.locator(".mdx-before__note").inner_text().lower()
        page.goto(site_url + path, wait_until="load")  # a later visit
        page.evaluate("scrollTo(0, 0)")
        control = page.locator(CONTROL)
        assert control.inner_text().startswith("Go to the timer"), path
        assert page.locator(".mdx-skip-timer").inner_text() == "Skip to the timer"
        assert not page.locator("[data-mdx-read]").is_visible()
        assert "read this" in page.locator(".mdx-before__note").inner_text()
        control.click()  # one tap
        assert page.evaluate(FOCUSED_START), path
        assert page.evaluate("() => document.activeElement.closest('[data-mdx-timer]').id") == start.TIMER_ID
        box = page.locator(f"#{start.TIMER_ID} [data-action=start]").bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], path
    # Kept on this device, for the one page: nothing was sent anywhere.
    assert all(url.startswith(site_url) for url in requests)
    assert not [url for url in requests if "?" in url or "mdx-read" in url]


def test_a_page_whose_notes_changed_asks_again_and_a_read_page_does_not_jump_as_it_loads(browser, site_dir, site_url):
    path = block_pages(site_dir)[0]
    html = (site_dir / path / "index.html").read_text(encoding="utf-8")
    key = re.search(r'data-key="([0-9a-f]+)"', html)[1]
    name = SPEC["storage_prefix"] + "/" + path
    for kept, read in ((key, True), ("0" * len(key), False)):
        context = browser.new_context(viewport=PHONE, service_workers="block")
        try:
            context.add_init_script(f"localStorage.setItem({name!r}, {kept!r});" + SHIFTS)
            page = context.new_page()
            # Pictures come late, as on a slow phone (as test_smoke's test of the same).
            page.route("**/*.svg", lambda route: (time.sleep(0.3), route.continue_()))
            page.goto(site_url + path, wait_until="networkidle")
            assert page.locator(CONTROL).inner_text().startswith("Go to the timer" if read else "Before you start")
            assert page.evaluate("window.__shifts") == [], f"{kept}: the page jumped as it loaded"
        finally:
            context.close()


SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
}).observe({ type: "layout-shift", buffered: true });"""


def test_with_storage_refused_it_still_works_and_asks_every_time(browser, site_dir, site_url):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    context.add_init_script("""for (const name of ['getItem', 'setItem', 'removeItem'])
      Storage.prototype[name] = () => { throw new DOMException('refused', 'SecurityError'); };""")
    errors: list[str] = []
    try:
        page = context.new_page()
        # Material's own inline scripts read localStorage unguarded and fail here: Knotwork's must not.
        page.on("pageerror", lambda error: "knotwork" in (error.stack or "") and errors.append(error.stack))
        path = block_pages(site_dir)[0]
        page.goto(site_url + path, wait_until="load")
        page.locator("[data-mdx-read]").click()
        assert "asks again" in page.locator(".mdx-before__note").inner_text()
        page.evaluate("scrollTo(0, 0)")
        page.locator(CONTROL).click()  # this visit: straight to the timer
        assert page.evaluate(FOCUSED_START)
        page.reload(wait_until="load")
        assert page.locator(CONTROL).inner_text().startswith("Before you start")
        assert errors == []
    finally:
        context.close()


def test_instant_navigation_follows_each_pages_own_confirmation(site_dir, phone, site_url):
    page = phone.new_page()
    real = configured_site_url(site_dir)
    page.route(site_url + "sitemap.xml", lambda route: route.fulfill(
        status=200, content_type="application/xml",
        body=(site_dir / "sitemap.xml").read_text(encoding="utf-8").replace(real, site_url)))
    first, second = block_pages(site_dir)[:2]
    page.goto(site_url + first, wait_until="networkidle")
    read_it(page)
    page.evaluate("window.__knotworkNoReload = true")
    for path, read in ((second, False), ("safety/", None), (first, True)):
        navigate_in_page(page, site_url + path)
        assert page.evaluate(STAYED), "instant navigation did not handle the link"
        if read is None:
            assert not page.evaluate("document.documentElement.classList.contains('mdx-read')")
            continue
        page.evaluate("scrollTo(0, 0)")
        page.locator(CONTROL).click()
        assert page.evaluate(FOCUSED_START if read else FOCUSED_BLOCK), path


def test_without_javascript_every_note_shows_and_the_control_leads_to_them(browser, site_dir, site_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        for path in block_pages(site_dir):
            page.goto(site_url + path, wait_until="load")
            notes = page.locator(f"{BLOCK} .mdx-callout")
            assert notes.count() > 0 and all(notes.nth(i).is_visible() for i in range(notes.count())), path
            assert not page.locator("[data-mdx-read]").is_visible()
        page.locator(CONTROL).click()
        assert page.url.endswith(f"#{SPEC['id']}")
    finally:
        context.close()


def test_stop_at_once_if_stands_beside_every_timer_and_in_the_player_in_three_lines_at_most(
        phone, site_dir, site_url):
    page = phone.new_page()
    timers = 0
    for path in sitemap_paths(site_dir):
        page.goto(site_url + path, wait_until="load")
        for index in range(page.locator("[data-mdx-timer]").count()):
            timer = page.locator("[data-mdx-timer]").nth(index)
            line = timer.locator(":scope > .mdx-stop")
            assert line.count() == 1 and line.is_visible(), path
            assert line.inner_text().startswith("Stop at once if")
            lines = line.evaluate("p => Math.round(p.getBoundingClientRect().height "
                                  "/ parseFloat(getComputedStyle(p).lineHeight))")
            assert lines <= SPEC["stop_lines"], f"/{path}: {lines} lines"
            timers += 1
    assert timers >= 5
