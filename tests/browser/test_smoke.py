"""Every built page in real headless Chromium: loads, no console error, no other host."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def page_paths(site: Path) -> list[str]:
    return sorted(
        str(p.relative_to(site).parent).replace(".", "") + "/" if p.name == "index.html" else str(p.relative_to(site))
        for p in site.rglob("*.html")
        if "components" not in p.parts
    )


def test_every_page_loads_cleanly_and_privately(site_dir, site_url, watched_page):
    paths = page_paths(site_dir)
    assert "/" in paths and any(p.startswith("techniques/") for p in paths)
    for path in paths:
        url = site_url + path.lstrip("/")
        response = watched_page.goto(url, wait_until="networkidle")
        assert response.ok or path == "404.html", f"{url}: {response.status}"
        assert watched_page.title(), url
    assert watched_page.watch.console_errors == []
    assert watched_page.watch.foreign_requests == []


def test_palette_toggle_switches_to_dark_and_back(site_url, watched_page):
    watched_page.goto(site_url)
    scheme = watched_page.locator("body").get_attribute("data-md-color-scheme")
    watched_page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert watched_page.locator("body").get_attribute("data-md-color-scheme") != scheme


SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(
    [e.value, (e.sources || []).map((s) => s.node ? s.node.nodeName + "." + s.node.className : "?")]);
}).observe({ type: "layout-shift", buffered: true });"""


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900), (390, 5000)], ids=["phone", "desktop", "tall"])
def test_nothing_jumps_while_a_page_loads(site_dir, site_url, context, viewport):
    """No layout shift as scripts add the print button and the timers' panels (their room is
    kept from the first paint). The tall window has the timers in view at load. Every page,
    the booklet (its contents list written at build time) and the 404 page too."""
    page = context.new_page()
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.add_init_script(SHIFTS)
    # Pictures come late, as on a slow phone: the page must keep their room before they come.
    page.route("**/*.svg", lambda route: (time.sleep(0.3), route.continue_()))
    paths = page_paths(site_dir)
    assert any(p.startswith("techniques/") for p in paths) and {"404.html", "booklet/"} <= set(paths)
    for path in paths:
        page.goto(site_url + path.lstrip("/"), wait_until="networkidle")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__shifts") == [], f"/{path} jumps while it loads"


# A page as a slow phone may paint it while its HTML is still arriving: before each element
# inside a row, a grid, a table or centred text (where later content can move earlier
# content), everything after it is taken away, and what is left of that row must be where it
# is on the whole page. In plain block flow later content cannot move earlier content, so
# nothing else is compared. Each element's first box is compared (an inline element's first
# line does not move when its text runs onto the next line); what cannot be seen (empty,
# hidden or transparent) is not. Scripts are off: a page arrives before they run.
ARRIVING = """(root) => {
  root = document.querySelector(root);
  // A select's options and a drawing's parts are the one box they make, not content of their own.
  const elements = [...root.querySelectorAll("*")].filter((e) => !e.parentElement.closest("select, svg"));
  const index = new Map(elements.map((e, i) => [e, i]));
  // A line of text holding boxes (a button, a picture, a select) lines them up by their
  // baselines: a taller box arriving later moves the line, and what was painted on it, down.
  const linesHoldBoxes = (e) => [...e.children].some((c) => {
    const display = getComputedStyle(c).display;
    return /^inline-/.test(display) || display == "inline" && /^(img|svg|video|iframe|canvas)$/i.test(c.nodeName);
  });
  const laidOutInRows = (e) => {
    const style = getComputedStyle(e);
    return /flex|grid|table/.test(style.display) || !/^(start|left|justify|-webkit-auto)$/.test(style.textAlign)
      || linesHoldBoxes(e);
  };
  // The outermost ancestor inside the root that lays its content out in rows, if any.
  const rowOf = (e) => {
    let row = null;
    for (let a = e.parentElement; a && a !== root; a = a.parentElement) if (laidOutInRows(a)) row = a;
    return row;
  };
  const rows = elements.map(rowOf);
  const place = (e) => {
    const box = e.getClientRects()[0];
    return box && box.width > 0 && box.height > 0 ? [box.left, box.top] : null;
  };
  const seen = (e) => e.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const label = (e) => e.nodeName.toLowerCase() + [...e.classList].map((c) => "." + c).join("")
    + (e.id ? "#" + e.id : "");
  scrollTo(0, 0);
  const whole = elements.map((e) => seen(e) ? place(e) : null), taken = [], moved = [];
  const take = (node) => { taken.push([node, node.parentNode, node.nextSibling]); node.remove(); };
  for (let k = elements.length - 1; k >= 1; k--) {
    const next = elements[k];
    for (let n = next; n !== root; n = n.parentNode) while (n.nextSibling) take(n.nextSibling);
    take(next);
    if (!rows[k]) continue;
    for (let j = index.get(rows[k]) + 1; j < k; j++) {
      const now = whole[j] && place(elements[j]);
      if (now && Math.max(Math.abs(now[0] - whole[j][0]), Math.abs(now[1] - whole[j][1])) >= 3) {
        const [x, y] = [Math.round(now[0] - whole[j][0]), Math.round(now[1] - whole[j][1])];
        moved.push(`${label(elements[j])} is ${x}, ${y} px away from its place until ${label(next)} arrives`);
        break;
      }
    }
  }
  for (const [node, parent, before] of taken.reverse()) parent.insertBefore(node, before);
  return moved;
}"""


def reader_paths(site: Path) -> list[str]:
    """Every page but the contributor guide, whose wide reference tables the browser lays out
    from all their rows (auto table layout, as Material styles them)."""
    return [p for p in page_paths(site) if not p.startswith("contributing/")]


def test_what_is_painted_stays_while_the_page_arrives(site_dir, site_url, context):
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.route("**/*.js", lambda route: route.abort())
    paths = reader_paths(site_dir)
    assert any(p.startswith("routines/") for p in paths) and "404.html" in paths
    for path in paths:
        page.goto(site_url + path.lstrip("/"))
        assert page.evaluate("document.documentElement.classList.contains('mdx-js')"), path
        assert page.evaluate(ARRIVING, ".md-content") == [], f"/{path}"


PLACES = """() => [...document.querySelector(".md-content").querySelectorAll("*")].map((e) => {
  const box = e.getClientRects()[0];
  return box ? [e.nodeName, Math.round(box.left), Math.round(box.top)] : null;
})"""


def test_pictures_keep_their_room_before_they_come(site_dir, site_url, context):
    """Every element of a page is where it is with its pictures when they have not come yet
    (a slow phone paints before they do). Deterministic: on one page they never come."""
    without, loaded = context.new_page(), context.new_page()
    for page in (without, loaded):
        page.set_viewport_size({"width": 390, "height": 844})
        page.route("**/*.js", lambda route: route.abort())
    held = []  # the pictures' requests, never answered: pictures still coming, not failed
    without.route("**/*.{svg,png,jpg,jpeg,webp,gif}", lambda route: held.append(route))
    for path in reader_paths(site_dir):
        without.goto(site_url + path.lstrip("/"), wait_until="domcontentloaded")
        # The page's load waits for the pictures, held here: wait for its stylesheets instead.
        without.wait_for_function("[...document.querySelectorAll('link[rel=stylesheet]')].every((l) => l.sheet)")
        loaded.goto(site_url + path.lstrip("/"))
        loaded.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })")
        loaded.wait_for_function("[...document.images].every((img) => img.complete && img.naturalWidth)")
        assert without.evaluate(PLACES) == loaded.evaluate(PLACES), f"/{path}"


# The words, the buttons' state and the pictures shown (the ring's colour for a rest is the
# script's: a class that moves nothing).
PANELS = """() => [...document.querySelectorAll("[data-mdx-timer]")].map((timer) => [
  timer.querySelector(".mdx-timer__panel").innerText,
  [...timer.querySelectorAll("[data-action]")].map((b) => [b.getAttribute("aria-disabled"), b.hidden]),
  [...timer.querySelectorAll("img")].map((img) => img.hidden)])"""


def test_the_build_draws_each_timer_as_its_script_shows_it(site_dir, site_url, context):
    """The panel comes from the build complete (macros/components/timer.py, `idle`): when
    timer.js and player.js mount it, they find their own words there and change nothing."""
    drawn, shown = context.new_page(), context.new_page()
    drawn.route("**/*.js", lambda route: route.abort())
    timers = 0
    for path in page_paths(site_dir):
        drawn.goto(site_url + path.lstrip("/"))
        shown.goto(site_url + path.lstrip("/"), wait_until="networkidle")
        shown.wait_for_function("[...document.querySelectorAll('.mdx-timer__panel')].every((p) => !p.hidden)")
        built = drawn.evaluate(PANELS)
        assert built == shown.evaluate(PANELS), f"/{path}"
        timers += len(built)
    assert timers >= 8


# The footer's top, on the whole page and with only its start arrived (its content, and all
# after it, taken away), in page coordinates.
FOOTER_ARRIVING = """() => {
  const footer = document.querySelector(".md-footer");
  const top = () => footer.getBoundingClientRect().top + scrollY;
  const whole = top(), taken = [];
  for (let n = footer; n !== document.body; n = n.parentNode)
    while (n.nextSibling) { taken.push([n.nextSibling, n.parentNode]); n.nextSibling.remove(); }
  while (footer.firstChild) { taken.push([footer.firstChild, footer]); footer.firstChild.remove(); }
  const arriving = top();
  for (const [node, parent] of taken.reverse()) parent.appendChild(node);
  return [whole, arriving];
}"""


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_the_footer_stays_where_it_is_painted_while_the_rest_of_it_arrives(site_dir, site_url, context, viewport):
    """A short page shows its footer at once: as its lines arrive (a slow phone paints the
    page while its HTML still comes), the footer does not climb up the screen, and nothing in
    it moves (the "Next" link's words as its arrow comes)."""
    page = context.new_page()
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.route("**/*.js", lambda route: route.abort())
    for path in reader_paths(site_dir):
        page.goto(site_url + path.lstrip("/"))
        whole, arriving = page.evaluate(FOOTER_ARRIVING)
        assert abs(whole - arriving) < 1, f"/{path}: the footer starts at {arriving:.0f} px, then {whole:.0f} px"
        assert page.evaluate(ARRIVING, ".md-footer") == [], f"/{path}"  # and nothing in it moves
