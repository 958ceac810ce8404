"""Every built page in real headless Chromium: loads, no console error, no other host."""

from __future__ import annotations

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
