"""What a printed technique page carries, made at build time: the page's web address and a
QR code of it (so a reader can get from the paper back to the live timers), and the place
where the "Print this page" button goes. Also which pages the booklet holds.

Plain functions: no MkDocs, no network.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import segno
from markupsafe import Markup

from macros.core import spec as components
from macros.core.errors import KnotworkError

NAME = "print"
# Pages that go in the booklet (the print-site plugin's page), as paths under docs/.
BOOKLET_PAGES = ("safety.md", "techniques/*.md", "routines/*.md", "tips/*.md")


def page_address(site_url: str | None, page_url: str) -> str | None:
    """The page's full web address, from `site_url` in mkdocs.yml and the page's own URL.

    None when the site has no https or http address to point to.
    """
    if not site_url or urlsplit(site_url).scheme not in ("http", "https"):
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, page_url.lstrip("/"))


def qr_svg(address: str) -> Markup:
    """A QR code of `address` as inline SVG, black on white, sized by CSS (no width/height).

    The error correction level is at least M, so a fold or a smudge still scans; the quiet
    zone of 4 modules is part of the drawing, so it survives any layout.
    """
    # A fixed mask: choosing the best one takes most of the time, and any mask scans.
    code = segno.make(address, error="m", micro=False, mask=0)
    # svgns=False: the SVG is inline in HTML, which needs no namespace. segno draws only
    # the dark modules, from its own numbers; `address` is not written into the markup.
    svg = code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True,
                          svgclass="mdx-print-qr__code", lineclass=None)
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


def print_block(site_url: str | None, page_url: str) -> Markup:
    """The print-only block with the page's address and its QR code ('' with no address)."""
    address = page_address(site_url, page_url)
    if address is None:
        return Markup("")
    return components.render(NAME, "address", address=address, qr=qr_svg(address))


def print_head(header: Markup, site_url: str | None, page_url: str) -> Markup:
    """A technique's header with its print-only address block, in one box that print.css
    lays out as one row on paper. `header` is HTML already (technique.header)."""
    return components.render(NAME, "head", header=Markup(header), printed=print_block(site_url, page_url))


def print_button() -> Markup:
    """Where print.js puts the "Print this page" button. Empty without JavaScript, so no
    button that does nothing ever shows."""
    return components.render(NAME, "button")


def booklet_excludes(src_uris: Iterable[str], pages: Iterable[str] = BOOKLET_PAGES) -> list[str]:
    """Every page (path under docs/) that is not one of the booklet's, for the print-site
    plugin's `exclude` option: the plugin can leave pages out, not pick them."""
    patterns = tuple(pages)
    return sorted(uri for uri in src_uris
                  if uri.endswith(".md") and not any(fnmatch.fnmatchcase(uri, p) for p in patterns))


# The booklet's contents list. The print-site plugin leaves `#print-page-toc` empty and its
# script copies the page's own table of contents into it once the page has loaded, which
# pushes the whole booklet down (a layout shift of 0.15 on a phone) and leaves it without
# contents when JavaScript is off. The build writes the copy into the page instead.
_TOC_CALL = "generate_toc();"
_CONTENTS_PLACE = re.compile(r'(<div id="print-page-toc"[^>]*>\s*<nav\b[^>]*>.*?)(</nav>)', re.S)
_SIDEBAR_TOC = re.compile(r'<div class="md-sidebar md-sidebar--secondary"[^>]*>.*?(<ul\b[^>]*>)', re.S)
_UL_TAG = re.compile(r"<(/?)ul\b[^>]*>")


def _whole_list(html: str, start: int) -> str:
    """The <ul> that opens at `start`, with every list nested in it."""
    depth = 0
    for tag in _UL_TAG.finditer(html, start):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return html[start:tag.end()]
    raise KnotworkError("the booklet's table of contents has no end.", "rebuild; if it stays, report it.")


def booklet_contents(html: str) -> str:
    """The booklet's HTML with its contents list written in, as the plugin's script would
    write it (the page's table of contents, without Material's data-md-component), and the
    script's own call taken out."""
    place, sidebar = _CONTENTS_PLACE.search(html), _SIDEBAR_TOC.search(html)
    if not place or _TOC_CALL not in html:
        missing = "its contents list" if not place else "its script call"
        raise KnotworkError(f"the booklet page (print-site plugin) has not {missing} where Knotwork expects it.",
                            "check that mkdocs-print-site-plugin is the version in requirements.lock, "
                            "with add_table_of_contents: true in mkdocs.yml.")
    # A booklet with no headings has no table of contents (and the plugin's script would fail).
    contents = _whole_list(html, sidebar.start(1)) if sidebar else ""
    contents = re.sub(r'\s+data-md-component="[^"]*"', "", contents, count=1)
    html = html[:place.end(1)] + contents + html[place.end(1):]
    return html.replace(_TOC_CALL, "", 1)
