"""The reader's order (macros/build/reading_order.py): the menu, and the footer's Previous and Next
on every page of a real build, with a routine added the way a new file is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, build, copy_project

from macros.build import reading_order


@dataclass(eq=False)
class FakeFile:
    src_uri: str


@dataclass(eq=False)
class FakePage:
    src_uri: str
    previous_page: object = "unset"
    next_page: object = "unset"

    @property
    def file(self):
        return FakeFile(self.src_uri)


@dataclass(eq=False)
class FakeSection:
    children: list = field(default_factory=list)


def test_reader_pages_come_first_in_order_and_the_rest_after_as_they_were():
    home, contributing, safety, tags = (FakePage(u) for u in ("index.md", "contributing.md", "safety.md", "tags.md"))
    techniques = FakeSection([FakePage("techniques/a.md"), FakePage("techniques/b.md")])
    tips = FakeSection([FakePage("tips/x.md")])
    routines = FakeSection([FakePage("routines/r.md")])
    booklet = FakePage("print_page.md")
    items = [home, contributing, safety, tags, routines, techniques, tips, booklet]
    # The contributor guide is left out of the reader's menu.
    assert reading_order.arrange(items) == [home, techniques, routines, tips, safety, tags, booklet]
    assert reading_order.arrange(items, left_out=()) == [home, techniques, routines, tips, safety, contributing,
                                                          tags, booklet]


def test_only_the_reader_pages_are_chained():
    pages = [FakePage(u) for u in ("index.md", "contributing.md", "techniques/a.md", "tips/x.md", "safety.md")]
    readers = reading_order.chain(pages)  # in any order: the reading order is the chain's
    assert [p.src_uri for p in readers] == ["index.md", "techniques/a.md", "tips/x.md", "safety.md"]
    home, contributing, technique, tip, safety = pages
    assert (home.previous_page, home.next_page) == (None, technique)
    assert (technique.previous_page, technique.next_page) == (home, tip)
    assert (safety.previous_page, safety.next_page) == (tip, None)
    assert (contributing.previous_page, contributing.next_page) == (None, None)


@pytest.mark.parametrize("uri, place", [("index.md", 0), ("techniques/new.md", 1), ("routines/new.md", 2),
                                        ("your-session.md", 3), ("your-log.md", 4), ("tips/new.md", 5),
                                        ("safety.md", 6),
                                        ("contributing.md", None),
                                        ("tags.md", None), ("techniquesque.md", None), ("sub/index.md", None)])
def test_rank(uri, place):
    assert reading_order.rank(uri) == place


_PREV = re.compile(r'class="md-footer__link md-footer__link--prev" aria-label="Previous: ([^"]*)"')
_NEXT = re.compile(r'class="md-footer__link md-footer__link--next" aria-label="Next: ([^"]*)"')
_TITLE = re.compile(r"<h1\b[^>]*>(.*?)<", re.S)


def footer(site: Path, page: str) -> tuple[str | None, str | None]:
    html = (site / page).read_text(encoding="utf-8")
    prev, nxt = _PREV.search(html), _NEXT.search(html)
    return (prev and prev[1]), (nxt and nxt[1])


def menu_titles(site: Path) -> list[str]:
    """The titles of the primary menu's pages, in order (from the home page, without the links
    to its own headings)."""
    html = (site / "index.html").read_text(encoding="utf-8")
    menu = html[html.index('md-nav--primary'):html.index('md-sidebar--secondary')]
    return [" ".join(t.split()) for t in re.findall(r'<a href="[^"#][^"]*" class="md-nav__link[^"]*">\s*'
                                                    r'<span class="md-ellipsis">(.*?)</span>', menu, re.S)]


def a_routine(routines: Path) -> str:
    """A routine file: a copy of one the site has, under another title, or else a plain page."""
    existing = sorted(routines.glob("*.md"))
    if not existing:
        return "---\ntitle: A test routine\n---\n\nSteps.\n"
    text = existing[0].read_text(encoding="utf-8")
    return re.sub(r"^title: .*$", "title: A test routine", text, count=1, flags=re.M)


@pytest.fixture(scope="module")
def site_with_a_routine(tmp_path_factory) -> Path:
    """The site with one more file in docs/routines/, which nothing else names."""
    work = copy_project(tmp_path_factory.mktemp("routine-src"))
    routines = work / "docs" / "routines"
    routines.mkdir(exist_ok=True)
    text = a_routine(routines)
    (routines / "zz-test-routine.md").write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("routine-site")
    result = build(work, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def reader_chain(site: Path) -> list[str]:
    """The reader's built pages in the expected order, as paths under the site, by the reading
    order's list (a page added there is expected without an edit here): the techniques in their
    reading order (shortest first, then by title), the other folders by file name."""
    from macros.components import technique

    def built(folder: str) -> list[str]:
        return sorted(f"{folder}/{p.parent.name}/index.html" for p in (site / folder).glob("*/index.html"))
    techniques = [f"techniques/{page.slug}/index.html" for page in technique.load_all(ROOT / "docs")]
    assert sorted(techniques) == built("techniques")
    chain = []
    for entry in reading_order.READER_PAGES:  # a page, or a folder of pages (by file name)
        if entry == "techniques/":
            chain += techniques
        elif entry.endswith("/"):
            chain += built(entry.rstrip("/"))
        else:
            chain.append("index.html" if entry == "index.md" else entry.removesuffix(".md") + "/index.html")
    return chain


def title(site: Path, page: str) -> str:
    return " ".join(_TITLE.search((site / page).read_text(encoding="utf-8"))[1].split()) \
        if page != "index.html" else "Knotwork"


@pytest.mark.build
@pytest.mark.parametrize("which", ["site", "with a routine"])
def test_every_reader_page_leads_to_the_next_one_and_no_further(which, site_dir, request):
    site = site_dir if which == "site" else request.getfixturevalue("site_with_a_routine")
    chain = reader_chain(site)
    assert any(p.startswith("techniques/") for p in chain) and any(p.startswith("tips/") for p in chain)
    if which == "with a routine":
        assert "routines/zz-test-routine/index.html" in chain
    titles = [title(site, page) for page in chain]
    for n, page in enumerate(chain):
        expected = (titles[n - 1] if n else None, titles[n + 1] if n + 1 < len(chain) else None)
        assert footer(site, page) == expected, page
    # The last technique leads to what a reader does next, never to the contributor guide.
    last_technique = max(n for n, p in enumerate(chain) if p.startswith("techniques/"))
    routines = any(p.startswith("routines/") for p in chain)
    assert chain[last_technique + 1].startswith("routines/" if routines else "tips/")
    # The pages for contributors and the lists stay out of the chain, and have no footer links.
    for page in ("contributing/index.html", "tags/index.html", "booklet/index.html"):
        assert footer(site, page) == (None, None), page
    # The menu in the same order, then the other pages.
    menu = menu_titles(site)
    assert menu[:len(titles)] == titles
    assert "Booklet to print" in menu[len(titles):] and "Contributing" not in menu
    # The contributor guide, out of the menu, is one link away from the foot of every page.
    for page in chain + ["tags/index.html", "404.html"]:
        html = (site / page).read_text(encoding="utf-8")
        assert len(re.findall(r'<nav class="mdx-footer-link"[^>]*>.*?href="[./]*contributing/"', html)) == 1, page


def test_sections_whose_pages_all_have_a_place_are_put_in_that_order():
    b, a, c = FakePage("techniques/b.md"), FakePage("techniques/a.md"), FakePage("techniques/c.md")
    techniques, mixed = FakeSection([b, a, c]), FakeSection([FakePage("tips/y.md"), FakePage("tips/x.md")])
    reading_order.sort_sections([techniques, mixed], {"techniques/c.md": 0, "techniques/a.md": 1,
                                                      "techniques/b.md": 2})
    assert techniques.children == [c, a, b]
    assert [p.src_uri for p in mixed.children] == ["tips/y.md", "tips/x.md"]  # not all placed: as it was


def test_the_reading_key_is_shortest_first_then_by_title():
    from macros.components.technique import reading_key

    metas = [{"title": "b", "time_needed": "10 min"}, {"title": "A", "time_needed": 600},
             {"title": "c", "time_needed": "2 min"}, {"title": "d"}]
    assert [m["title"] for m in sorted(metas, key=reading_key)] == ["c", "A", "b", "d"]


@pytest.mark.build
def test_the_techniques_come_in_one_order_everywhere(site_dir):
    """The home page's cards, the menu, the footer's chain, the 404 page and each of the tags
    page's lists: one order (macros/components/technique, `reading_key`)."""
    def found(page: str, pattern: str) -> list[str]:
        return [" ".join(t.split()) for t in re.findall(pattern, (site_dir / page).read_text(encoding="utf-8"), re.S)]

    home = found("index.html", r'class="mdx-chooser__title"><a href="[^"]*">(.*?)</a>')
    assert len(home) >= 4
    menu = [t for t in menu_titles(site_dir) if t in home]
    chain = [title(site_dir, p) for p in reader_chain(site_dir) if p.startswith("techniques/")]
    missing = found("404.html", r'<li><a href="[^"]*techniques/[^"]*">(.*?)</a>')
    assert home == menu == chain == missing
    tags = (site_dir / "tags" / "index.html").read_text(encoding="utf-8")
    lists = re.findall(r"<ul>(.*?)</ul>", tags[tags.index("md-content"):], re.S)
    listed = [[" ".join(t.split()) for t in re.findall(r'techniques/[^"]*">(.*?)</a>', li, re.S)] for li in lists]
    listed = [titles for titles in listed if titles]
    assert len(listed) >= 3
    for titles in listed:
        assert titles == [t for t in home if t in titles], titles
