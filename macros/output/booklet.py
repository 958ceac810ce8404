"""The booklet (the print-site plugin's page, /booklet/): which pages it holds, and its contents
list written in at the end of the build.

Plain functions on paths and HTML (the build hook calls them): no MkDocs."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable

from macros.core.errors import KnotworkError

# Pages that go in the booklet (the print-site plugin's page), as paths under docs/.
BOOKLET_PAGES = ("safety.md", "techniques/*.md", "routines/*.md", "tips/*.md")


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
