"""The reader's order (macros/build/reading_order.py): the menu, and the footer's Previous and Next
on every page of a real build, with a routine added the way a new file is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import build, copy_project

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
                                        ("tips/new.md", 3), ("safety.md", 4), ("contributing.md", None),
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
    """The reader's built pages in the expected order, as paths under the site."""
    def built(folder: str) -> list[str]:
        return sorted(f"{folder}/{p.parent.name}/index.html" for p in (site / folder).glob("*/index.html"))
    return ["index.html", *built("techniques"), *built("routines"), *built("tips"), "safety/index.html"]


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
