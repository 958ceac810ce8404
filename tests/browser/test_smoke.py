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
