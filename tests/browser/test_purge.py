"""Material's stylesheet cut to what the site uses (macros/output/purge.py) styles every page exactly
as the whole stylesheet does: in real headless Chromium, every element of every built page
(and its ::before and ::after) computes the same visible style with either, on a phone, and
some pages on a desktop in the dark."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

pytestmark = pytest.mark.browser

WHOLE = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"

# What a reader sees of an element (every computed property would take minutes a page).
SEEN = ["display", "position", "top", "right", "bottom", "left", "z-index", "width", "height", "min-height",
        "max-width", "margin-top", "margin-right", "margin-bottom", "margin-left", "padding-top", "padding-right",
        "padding-bottom", "padding-left", "border-top-width", "border-right-width", "border-bottom-width",
        "border-left-width", "border-top-color", "border-left-color", "border-radius", "color", "background-color",
        "background-image", "box-shadow", "font-family", "font-size", "font-weight", "font-style", "line-height",
        "letter-spacing", "text-align", "text-decoration-line", "text-transform", "white-space", "vertical-align",
        "visibility", "opacity", "overflow-x", "overflow-y", "transform", "flex-direction", "flex-wrap",
        "justify-content", "align-items", "gap", "grid-template-columns", "float", "clear", "list-style-type",
        "content", "mask-image", "outline-style", "cursor", "pointer-events", "fill", "stroke", "break-before",
        "break-inside", "page-break-after", "table-layout", "border-collapse"]

# Those properties of every element and its ::before and ::after, as [where, a hash of them,
# its number] (a hash keeps what crosses to Python small); with `at`, the properties of that
# one element in full, to say what differs.
STYLES = """([seen, at]) => [...document.querySelectorAll('body *')].flatMap((el, n) =>
    [null, '::before', '::after'].map(pseudo => {
  if (at !== null && at !== n) return null;
  const style = getComputedStyle(el, pseudo);
  const text = seen.map(name => name + ':' + style.getPropertyValue(name)).join(';');
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return [el.tagName + '.' + [...el.classList].join('.') + (pseudo || ''), at === n ? text : hash >>> 0, n];
})).filter(Boolean)"""


def pages(site: Path) -> list[str]:
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "components" not in p.parts)
    assert "index.html" in found and "404.html" in found and any(p.startswith("techniques/") for p in found)
    return found


def styles(context, url: str, at: int | None = None) -> list:
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(200)  # Material's script has set its classes
    found = page.evaluate(STYLES, [SEEN, at])
    page.close()
    return found


# Every page on a phone; a few on a desktop in the dark (its sidebars and dark rules).
@pytest.mark.parametrize("width,scheme,only", [(390, "light", None), (1280, "dark", ("index.html", "techniques/"))])
def test_the_cut_stylesheet_styles_every_page_as_the_whole_one(site_dir, site_url, browser, width, scheme, only):
    [sheet] = (site_dir / "assets" / "stylesheets").glob("main.*.min.css")
    whole = (WHOLE / sheet.name).read_text(encoding="utf-8")
    assert len(sheet.read_text(encoding="utf-8")) < 0.7 * len(whole), "the stylesheet was not cut"
    contexts = []
    for swap in (False, True):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                      service_workers="block", reduced_motion="reduce")
        # No transitions: a colour caught mid-fade is not a difference.
        context.add_init_script("document.addEventListener('DOMContentLoaded', () => document.head.append("
                                "Object.assign(document.createElement('style'), {textContent: "
                                "'*,*::before,*::after{transition:none!important;animation:none!important}'})))")
        if swap:
            context.route(f"**/assets/stylesheets/{sheet.name}",
                          lambda route: route.fulfill(body=whole, content_type="text/css"))
        contexts.append(context)
    try:
        for path in [p for p in pages(site_dir) if only is None or p.startswith(only)]:
            cut, full = (styles(c, site_url + path) for c in contexts)
            assert len(cut) == len(full), path
            differ = [(a, b) for a, b in zip(cut, full, strict=True) if a != b]
            if differ:
                where, _, n = differ[0][0]
                a, b = (dict(p.split(":", 1) for p in styles(c, site_url + path, n)[0][1].split(";") if ":" in p)
                        for c in contexts)
                changed = {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
                pytest.fail(f"{path}: {len(differ)} elements styled otherwise, first {where}: "
                            f"{dict(list(changed.items())[:6])} (cut, whole)")
    finally:
        for context in contexts:
            context.close()
