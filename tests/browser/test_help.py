"""Get help now, in real Chromium at phone size: from every page of the built sitemap, and the
404 page, one tap on the control in the first screen shows a tap-to-call link of the emergency
number (from mkdocs.yml), with and without JavaScript; the panel closes as a reader expects; the
running session player and every timer lead to it; the Safety page opens with what to do now."""

from __future__ import annotations

import itertools
import re

import pytest
from conftest import ROOT

from macros.components import before, callout
from macros.components import help as help_now
from macros.core.config import config, settings
from tests.browser.test_before_you_start import sitemap_paths

pytestmark = pytest.mark.browser

PHONE = before.spec()["phone"]
CONTROL = ".mdx-help__open"
PANEL = f"#{help_now.spec()['id']}"
# The emergency number's phone numbers, from mkdocs.yml (never written here).
EMERGENCY = re.findall(r"\d{3,}", settings(ROOT / "mkdocs.yml")["emergency_number"])


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] and locator.is_visible()


def every_page(site_dir) -> list[str]:
    paths = sitemap_paths(site_dir) + ["404.html"]
    assert "" in paths and "safety/" in paths and any(p.startswith("techniques/") for p in paths)
    return paths


def first_call_link(page):
    """The panel's first tap-to-call link of the emergency number."""
    return page.locator(f"{PANEL} a[href='tel:{EMERGENCY[0]}']").first


def help_in_one_tap(page) -> bool:
    """Whether one tap on the first screen's Get help now shows a tap-to-call emergency link
    in view; the panel is closed again after (Escape)."""
    page.evaluate("scrollTo(0, 0)")
    control = page.locator(CONTROL)
    if control.count() != 1 or not in_view(page, control):
        return False
    control.click()
    shown = in_view(page, first_call_link(page))
    page.keyboard.press("Escape")
    return shown


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_from_every_page_one_tap_on_the_first_screen_shows_a_tap_to_call_emergency_link(
        browser, site_dir, site_url, javascript):
    context = browser.new_context(viewport=PHONE, service_workers="block", java_script_enabled=javascript)
    try:
        page = context.new_page()
        for path in every_page(site_dir):
            page.goto(site_url + path, wait_until="load")
            control = page.locator(CONTROL)
            assert control.count() == 1 and in_view(page, control), f"/{path}: no Get help now on the first screen"
            assert control.inner_text() == "Get help now"
            assert not first_call_link(page).is_visible()
            control.click()
            call = first_call_link(page)
            assert in_view(page, call), f"/{path}: no tap-to-call {EMERGENCY[0]} in view after one tap"
            assert call.inner_text() == EMERGENCY[0]
    finally:
        context.close()


def test_the_panel_holds_the_emergency_then_the_urgent_cards_and_closes_as_expected(browser, site_dir, site_url):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = context.new_page()
        path = next(p for p in sitemap_paths(site_dir) if p.startswith("techniques/"))
        page.goto(site_url + path, wait_until="load")
        page.evaluate("scrollTo(0, 2000)")
        control = page.locator(CONTROL)
        assert control.get_attribute("aria-expanded") == "false"
        control.click()
        assert control.get_attribute("aria-expanded") == "true"
        assert page.evaluate("scrollY") == 2000  # the reader stays where they were
        assert page.evaluate(f"document.activeElement.matches('{PANEL}')")
        ids = page.locator(f"{PANEL} [data-mdx-callout]").evaluate_all("cards => cards.map(c => c.dataset.mdxCallout)")
        assert ids == help_now.callout_ids()
        levels = [callout.registry()[i]["level"] for i in ids]
        assert levels == sorted(levels, key=help_now.spec()["levels"].index) and set(levels) == {"emergency", "urgent"}
        page.keyboard.press("Escape")
        assert not page.locator(PANEL).is_visible() and page.evaluate(
            f"document.activeElement.matches('{CONTROL}')")
        control.click()
        # Its Close at the top stays in view as the panel scrolls (the panel fills a phone's screen).
        close = page.locator(f"{PANEL} [data-mdx-help-close]").first
        assert in_view(page, close)  # as it opens
        page.locator(PANEL).evaluate("panel => panel.scrollTo(0, panel.scrollHeight)")
        assert in_view(page, close) and page.locator(PANEL).evaluate("panel => panel.scrollTop") > 500
        box = close.bounding_box()
        assert box["height"] >= 44 and page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('[data-mdx-help-close]') !== null",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])  # nothing scrolls over it
        close.click()
        assert not page.locator(PANEL).is_visible()
        control.click()
        page.locator(f"{PANEL} [data-mdx-help-close]").last.click()  # and the one at its foot
        assert not page.locator(PANEL).is_visible()
        control.click()
        control.click()  # the control closes what it opened
        assert not page.locator(PANEL).is_visible() and control.get_attribute("aria-expanded") == "false"
        control.click()
        page.locator(".md-header__title").click()  # a tap outside it (the panel covers the rest of the screen)
        assert not page.locator(PANEL).is_visible()
    finally:
        context.close()


def test_the_running_session_player_and_every_timer_lead_to_help(browser, site_dir, site_url):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = context.new_page()
        path = next(p for p in sitemap_paths(site_dir) if p.startswith("routines/"))
        page.goto(site_url + path, wait_until="load")
        player = page.locator(".mdx-timer--player")
        player.locator("[data-action=start]").click()
        assert player.locator("[data-action=start]").inner_text() == "Pause"  # running
        link = player.get_by_role("link", name="Get help now")
        assert link.is_visible()
        link.click()
        assert in_view(page, first_call_link(page))
        assert player.locator("[data-action=start]").inner_text() == "Pause"  # still running
        timers = page.locator("[data-mdx-timer]")
        assert timers.count() == page.locator("[data-mdx-timer] .mdx-stop [data-mdx-help-open]").count()
    finally:
        context.close()


def test_the_safety_page_opens_with_what_to_do_now(browser, site_url):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = context.new_page()
        page.goto(site_url + "safety/", wait_until="load")
        headings = [h.rstrip("¶") for h in page.locator("article h2").all_inner_texts()]
        assert headings[0] == "When to get help" and headings.index("How to read the notes") == 1
        cards = page.locator("article [data-mdx-callout]").evaluate_all("cs => cs.map(c => c.dataset.mdxCallout)")
        levels = [callout.registry()[i]["level"] for i in cards]
        order = list(reversed(list(callout.levels())))
        assert levels == sorted(levels, key=order.index), levels  # 999, urgent, then the rest
        call = page.locator(f"article a[href='tel:{EMERGENCY[0]}']").first
        assert in_view(page, call)
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 390, 412])
def test_beside_the_control_the_header_shows_the_sites_name_whole_on_a_phone(browser, site_url, width):
    """360 px is a common phone's width: the name was "Knotw…" there beside the control."""
    context = browser.new_context(viewport={"width": width, "height": 640}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(site_url + "safety/", wait_until="load")
        name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
        assert name.inner_text().strip() == config(ROOT / "mkdocs.yml")["site_name"]
        assert name.evaluate("e => e.scrollWidth <= e.clientWidth"), "the site's name is cut"
        # Every control of the header keeps a finger's target, none over another.
        boxes = [page.locator(s).first.bounding_box() for s in (
            "label.md-header__button[for='__drawer']", CONTROL, ".md-header__title",
            "label.md-header__button[for^='__palette']:visible", "label.md-header__button[for='__search']")]
        for box in boxes[:2] + boxes[3:]:
            assert box["width"] >= 40 and box["height"] >= 32, box
        for left, right in itertools.pairwise(boxes):
            assert left["x"] + left["width"] <= right["x"] + 0.5, (left, right)
        assert boxes[-1]["x"] + boxes[-1]["width"] <= width
    finally:
        context.close()
