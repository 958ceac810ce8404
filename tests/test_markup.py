"""Markup that assistive technology reads right, checked on the built site: lists of links are
lists, and decorative drawings are hidden the one way screen readers expect. What is expected
comes from the built pages themselves (which callouts each technique page shows, how many
sources it has), not from fixed wording."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import article

pytestmark = pytest.mark.build

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes()):
                    found.append(child)
                found.extend(child.find_all(tag, cls))
        return found

    def elements(self) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element)]

    def own_text(self) -> str:
        """The text directly inside, not inside a child element."""
        return "".join(c for c in self.children if isinstance(c, str))

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class Tree(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#root", {}, None)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(file: Path) -> Element:
    return Tree(file.read_text(encoding="utf-8")).root


def technique_pages(site: Path) -> list[Path]:
    pages = sorted((site / "techniques").glob("*/index.html"))
    assert pages, "no technique page was built"
    return pages


def assert_list_of_links(ul: Element, where: str) -> list[str]:
    """`ul` is a <ul> whose items each hold one link and nothing between them but space."""
    assert ul.tag == "ul", f"{where}: a <{ul.tag}>, not a <ul>"
    assert not ul.own_text().strip(), f"{where}: text between the list's items: {ul.own_text().strip()!r}"
    items = ul.elements()
    assert items and all(li.tag == "li" for li in items), f"{where}: the list holds {[e.tag for e in items]}"
    hrefs = []
    for li in items:
        links = li.find_all("a")
        assert len(links) == 1 and links[0].attrs.get("href"), f"{where}: an item without exactly one link"
        hrefs.append(links[0].attrs["href"])
    return hrefs


def test_safety_page_lists_the_pages_that_show_each_callout_as_a_list_of_links(site_dir):
    shown: dict[str, set[str]] = {}
    for page in technique_pages(site_dir):
        url = f"../{page.parent.relative_to(site_dir).as_posix()}/"
        for callout_id in set(re.findall(r'data-mdx-callout="([\w-]+)"', article(page.read_text(encoding="utf-8")))):
            shown.setdefault(callout_id, set()).add(url)
    assert shown, "no technique page shows a callout"

    safety = parse(site_dir / "safety" / "index.html")
    listed = {}
    for block in safety.find_all(cls="mdx-used-by"):
        callout = block.parent.elements()[block.parent.elements().index(block) - 1]
        callout_id = callout.attrs.get("data-mdx-callout")
        assert callout_id, "a “Shown on” list that follows no callout"
        assert block.tag == "div", f"{callout_id}: the “Shown on” block is a <{block.tag}>"
        uls = block.find_all("ul")
        assert len(uls) == 1, f"{callout_id}: the “Shown on” block holds {len(uls)} lists"
        label = block.text().replace(uls[0].text(), "").strip()
        assert label.endswith(":"), f"{callout_id}: the list has no label before it ({label!r})"
        listed[callout_id] = set(assert_list_of_links(uls[0], f"Safety page, {callout_id}"))
    assert listed == shown


def test_technique_sources_are_a_list_of_links(site_dir):
    for page in technique_pages(site_dir):
        tree = parse(page)
        (sources,) = tree.find_all(cls="mdx-sources")
        hrefs = assert_list_of_links(sources, f"{page.relative_to(site_dir)}: Sources")
        assert all(h.startswith(("https://", "http://")) for h in hrefs)
        # The list follows the page's "Sources" heading.
        siblings = sources.parent.elements()
        heading = siblings[siblings.index(sources) - 1]
        assert heading.tag == "h2" and heading.own_text().strip() == "Sources", page


def test_chooser_drawings_are_decorative_the_one_way_and_pages_describe_theirs(site_dir):
    (chooser,) = parse(site_dir / "index.html").find_all("ul", "mdx-chooser")
    cards = chooser.elements()
    assert len(cards) == len(technique_pages(site_dir))
    for card in cards:
        (img,) = card.find_all("img")
        # The card's title says what the drawing shows: alt="" and nothing that contradicts it.
        assert img.attrs.get("alt") == "", img.attrs
        contradicting = [a for a in img.attrs if a in ("role", "title", "aria-label", "aria-labelledby",
                                                       "aria-describedby", "aria-hidden")]
        assert not contradicting, f"decorative drawing with {contradicting}: {img.attrs}"
    # On its own page, the same drawing is described.
    for page in technique_pages(site_dir):
        figures = parse(page).find_all("figure", "mdx-technique__figure")
        assert figures, page
        for figure in figures:
            (img,) = figure.find_all("img")
            assert (img.attrs.get("alt") or "").strip(), f"{page}: the drawing has no alt text"
