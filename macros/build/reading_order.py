"""The order a reader goes through the site: the menu, and the footer's "Previous" and "Next".

MkDocs orders pages by file name (there is no `nav:` in mkdocs.yml, so a new page needs no
edit there), which put the contributor guide right after the home page. Here the reader's
pages come first, in the order of READER_PAGES, and only they are chained by "Previous" and
"Next": the last technique leads to the first routine (or the tips), never to the tags page or
the booklet, which stay in the menu after them with no footer links. The contributor guide is
for contributors: out of the menu, linked from the foot of every page.
A new technique, routine or tip joins by the folder it is in.

Plain functions on MkDocs' navigation objects (items with `children` are sections, items with
`file` are pages): no MkDocs import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Paths under docs/, in reading order: a page, or a folder (ending in "/") whose pages come
# in the order MkDocs gives them (by file name).
READER_PAGES = ("index.md", "techniques/", "routines/", "your-session.md", "your-log.md", "tips/", "safety.md")
# Pages for contributors, not readers: built and searchable, but out of the reader's menu
# (main.html links the contributor guide from the foot of every page).
CONTRIBUTOR_PAGES = ("contributing.md",)


def rank(src_uri: str, order: Iterable[str] = READER_PAGES) -> int | None:
    """The place of a page (path under docs/) in the reading order; None for a page that is
    not a reader's."""
    for place, path in enumerate(order):
        if src_uri == path or (path.endswith("/") and src_uri.startswith(path)):
            return place
    return None


def pages(items: Iterable[Any]) -> list[Any]:
    """The pages of a navigation, sections opened, in order."""
    found = []
    for item in items:
        if getattr(item, "children", None) is not None:
            found += pages(item.children)
        elif getattr(item, "file", None) is not None:
            found.append(item)
    return found


def _item_rank(item: Any, order: Iterable[str]) -> int | None:
    # A section takes the place of its first page: a folder is one section.
    first = pages([item])
    return rank(first[0].file.src_uri, order) if first else None


def arrange(items: list[Any], order: Iterable[str] = READER_PAGES,
            left_out: Iterable[str] = CONTRIBUTOR_PAGES) -> list[Any]:
    """The top of the navigation in reading order: the reader's pages and sections by their
    place, then every other item as it was, but the pages `left_out`."""
    order, left_out = tuple(order), set(left_out)
    items = [item for item in items if getattr(getattr(item, "file", None), "src_uri", None) not in left_out]
    ranked = [(place, item) for item in items if (place := _item_rank(item, order)) is not None]
    others = [item for item in items if _item_rank(item, order) is None]
    return [item for _, item in sorted(ranked, key=lambda pair: pair[0])] + others


def sort_sections(items: list[Any], place: dict[str, int]) -> None:
    """Put the pages of every section whose pages all have a `place` (path under docs/ ->
    place) in that order, in place: the techniques in their one reading order."""
    for item in items:
        children = getattr(item, "children", None)
        if not children:
            continue
        if all(getattr(getattr(c, "file", None), "src_uri", None) in place for c in children):
            children.sort(key=lambda c: place[c.file.src_uri])
        else:
            sort_sections(children, place)


def chain(items: list[Any], order: Iterable[str] = READER_PAGES) -> list[Any]:
    """Link the reader's pages of `items` by previous_page and next_page, in reading order;
    every other page (also one left out of the menu) gets neither. The reader's pages are
    returned."""
    order = tuple(order)
    every = pages(items)
    readers = sorted((page for page in every if rank(page.file.src_uri, order) is not None),
                     key=lambda page: rank(page.file.src_uri, order))  # stable: a folder's own order stays
    for page in every:
        page.previous_page = page.next_page = None
    for before, after in zip(readers, readers[1:], strict=False):
        before.next_page, after.previous_page = after, before
    return readers
