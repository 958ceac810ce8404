"""axe-core (WCAG 2.2 A and AA) on every built page, in the light and the dark palette, at
phone and desktop widths, plus the search dialog and the menu drawer opened."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rules outside those tags that Lighthouse scores in its accessibility category.
LIGHTHOUSE_RULES = ["accesskeys", "aria-allowed-role", "aria-dialog-name", "aria-text", "aria-treeitem-name",
                    "heading-order", "image-redundant-alt", "skip-link", "tabindex", "table-duplicate-name"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "rules": {rule: {"enabled": True} for rule in LIGHTHOUSE_RULES},
    "resultTypes": ["violations"],
}
# The palette Material picks for a reader whose system is set to light or dark.
PALETTES = {"light": "default", "dark": "slate"}
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def page_paths(site: Path) -> list[str]:
    """Every built page, as a path from the site root ("" for the home page)."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site)
        if rel.parts[0] in ("components", "assets"):
            continue
        paths.append(rel.as_posix().removesuffix("index.html"))
    return paths


@pytest.fixture(scope="module")
def axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe  # pinned in requirements.lock

    return Axe().axe_script


def run_axe(page, axe_script: str) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script)
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)


def report(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return lines


# Material fades colours in over 250 ms (on load, on resize, on a palette switch): axe must
# see the colours a reader sees once they have settled, not a frame in between.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def settle(page) -> None:
    """Two animation frames: Material's layout has caught up with a new width."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


@pytest.mark.parametrize("palette", PALETTES)
def test_no_axe_violation_on_any_page(browser, site_dir, site_url, axe_script, palette):
    """Each page is loaded once per palette and checked at both widths (faster than a load each)."""
    paths = page_paths(site_dir)
    assert "" in paths and any(p.startswith("techniques/") for p in paths), paths
    context = browser.new_context(color_scheme=palette, viewport=WIDTHS["phone"])
    try:
        page = context.new_page()
        problems: list[str] = []
        checked = 0
        for path in paths:
            page.set_viewport_size(WIDTHS["phone"])
            page.goto(site_url + path, wait_until="load")
            page.add_style_tag(content=NO_TRANSITIONS)
            scheme = page.locator("body").get_attribute("data-md-color-scheme")
            assert scheme == PALETTES[palette], f"/{path}: palette {scheme!r}, expected {PALETTES[palette]!r}"
            for width, size in WIDTHS.items():
                if page.viewport_size != size:
                    page.set_viewport_size(size)
                    settle(page)
                problems += report(f"/{path} [{palette}, {width}]", run_axe(page, axe_script))
                checked += 1
        assert checked == len(paths) * len(WIDTHS)
        assert not problems, "axe found:\n" + "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("palette", PALETTES)
def test_no_axe_violation_with_search_and_menu_open(browser, site_dir, site_url, axe_script, palette):
    """The parts that only show after a tap: search results, and the menu drawer on a phone."""
    context = browser.new_context(color_scheme=palette, viewport=WIDTHS["phone"])
    try:
        page = context.new_page()
        technique = next(p for p in page_paths(site_dir) if p.startswith("techniques/"))
        page.goto(site_url + technique, wait_until="load")
        page.add_style_tag(content=NO_TRANSITIONS)
        problems: list[str] = []

        page.locator("label[for='__search']").first.click()
        page.locator("input.md-search__input").press_sequentially("ball")
        page.locator(".md-search-result__item").first.wait_for()
        problems += report(f"/{technique} [{palette}, search open]", run_axe(page, axe_script))
        page.keyboard.press("Escape")

        page.locator("label.md-header__button[for='__drawer']").click()
        page.locator(".md-sidebar--primary .md-nav__link").first.wait_for()
        problems += report(f"/{technique} [{palette}, menu open]", run_axe(page, axe_script))
        assert not problems, "axe found:\n" + "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("palette", PALETTES)
def test_no_axe_violation_in_every_state_of_before_you_start_and_get_help_now(browser, site_dir, site_url,
                                                                             axe_script, palette):
    """The block and its lines closed, all open, and read ("I've read this"), and the "Get help
    now" panel open, on a technique and a routine page; the block is announced as a region
    named "Before you start", each line as a disclosure (a <summary>, expanded or collapsed)."""
    context = browser.new_context(color_scheme=palette, viewport=WIDTHS["phone"])
    try:
        page = context.new_page()
        problems: list[str] = []
        paths = [next(p for p in page_paths(site_dir) if p.startswith(kind)) for kind in ("techniques/", "routines/")]
        for path in paths:
            page.goto(site_url + path, wait_until="load")
            page.add_style_tag(content=NO_TRANSITIONS)
            block = page.get_by_role("region", name="Before you start")
            assert block.count() == 1, path
            lines = block.locator("details > summary")
            assert lines.count() >= 3 and lines.first.evaluate("s => s.parentElement.open") is False
            problems += report(f"/{path} [{palette}, closed]", run_axe(page, axe_script))
            for index in range(lines.count()):
                lines.nth(index).click()
            assert block.locator("details[open]").count() == lines.count()
            problems += report(f"/{path} [{palette}, open]", run_axe(page, axe_script))
            page.locator("[data-mdx-read]").click()
            problems += report(f"/{path} [{palette}, read]", run_axe(page, axe_script))
            page.reload(wait_until="load")
            page.add_style_tag(content=NO_TRANSITIONS)
            problems += report(f"/{path} [{palette}, read, later visit]", run_axe(page, axe_script))
            page.locator(".mdx-help__open").click()
            assert page.get_by_role("region", name="Get help now").is_visible()
            problems += report(f"/{path} [{palette}, Get help now open]", run_axe(page, axe_script))
        assert not problems, "axe found:\n" + "\n".join(problems)
    finally:
        context.close()
