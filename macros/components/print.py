"""What a printed technique page carries, made at build time: the page's web address and a
QR code of it (so a reader can get from the paper back to the live timers), and the place
where the "Print this page" button goes. (The booklet is made in output/booklet.py.)

Plain functions: no MkDocs, no network.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import segno
from markupsafe import Markup

from macros.core import disk_cache
from macros.core import spec as components

NAME = "print"


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
    zone of 4 modules is part of the drawing, so it survives any layout. Drawn once for each
    address, then kept between builds (core/disk_cache.py).
    """
    made_from = (address, segno.__version__, disk_cache.fingerprint(__file__))
    return Markup(disk_cache.text("qr", made_from, lambda: _draw_qr(address), _QR_DRAWING.fullmatch))


# What _draw_qr writes, and nothing else: a kept drawing that is not this is drawn again.
_QR_DRAWING = re.compile(r'<svg aria-hidden="true" focusable="false" viewBox="0 0 \d+ \d+" '
                         r'class="mdx-print-qr__code"><path fill="#fff" d="M0 0h\d+v\d+h-\d+z"/>'
                         r'<path stroke="#000" d="[Mmhv\d. -]+"/></svg>')


def _draw_qr(address: str) -> str:
    # A fixed mask: choosing the best one takes most of the time, and any mask scans.
    code = segno.make(address, error="m", micro=False, mask=0)
    # svgns=False: the SVG is inline in HTML, which needs no namespace. segno draws only
    # the dark modules, from its own numbers; `address` is not written into the markup.
    svg = code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True,
                          svgclass="mdx-print-qr__code", lineclass=None)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def print_block(site_url: str | None, page_url: str) -> Markup:
    """The print-only block with the page's address and its QR code ('' with no address)."""
    address = page_address(site_url, page_url)
    if address is None:
        return Markup("")
    # A narrow column on paper: the address may break after a "/", never inside a word it can keep.
    parts = re.findall(r"[a-z][a-z0-9+.-]*://|[^/]+/?", address, re.I)
    return components.render(NAME, "address", address_parts=parts, qr=qr_svg(address))


def print_head(header: Markup, site_url: str | None, page_url: str) -> Markup:
    """A technique's header with its print-only address block, in one box that print.css
    lays out as one row on paper. `header` is HTML already (technique.header)."""
    return components.render(NAME, "head", header=Markup(header), printed=print_block(site_url, page_url))


def print_button() -> Markup:
    """Where print.js puts the "Print this page" button. Empty without JavaScript, so no
    button that does nothing ever shows."""
    return components.render(NAME, "button")
