"""Search on demand (overrides/assets/knotwork-search.js): a page loads without Material's
search worker and search index, which come when the reader opens search (the field, the
magnifier on a phone, the keyboard shortcut) or after the page has sat idle a while; search
then finds pages, also after instant navigation, and the contributor guide is in the index by
its title and opening paragraphs only."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

import pytest
from conftest import ROOT

from macros.components import technique
from macros.core.page import Page
from tests.browser.test_privacy import STAYED, configured_site_url, navigate_in_page

pytestmark = pytest.mark.browser

SEARCH_FILES = re.compile(r"/search/search_index\.json$|/assets/javascripts/workers/search\.[^/]*\.js$")


def technique_pages() -> list[Page]:
    pages = [technique.load(path)[0] for path in technique.technique_files(ROOT / "docs")]
    assert len(pages) >= 2, "the tests need two technique pages"
    return pages


@pytest.fixture
def page(watched_page, site_dir, site_url):
    """A watched page that records what it fetches, and is given sitemap.xml with this server's
    address, so instant navigation takes over links as on the real site (see test_privacy)."""
    real = configured_site_url(site_dir)
    watched_page.route(site_url + "sitemap.xml", lambda route: route.fulfill(
        status=200, content_type="application/xml",
        body=(site_dir / "sitemap.xml").read_text(encoding="utf-8").replace(real, site_url)))
    watched_page.requests = []
    watched_page.on("request", lambda request: watched_page.requests.append(request.url))
    return watched_page


def search_fetches(page) -> list[str]:
    return [url for url in page.requests if SEARCH_FILES.search(urlsplit(url).path)]


def open_search(page, how: str) -> None:
    if how == "keyboard":  # Material's shortcut: / (also s and f)
        page.locator("body").press("/")
    elif how == "field":
        page.locator(".md-search__input").click()
    else:  # the magnifier in the header of a phone
        page.locator("label.md-header__button[for='__search']").click()
    page.locator(".md-search__input").wait_for(state="visible")


def find(page, words: str, slug: str) -> None:
    """Type `words` into search and wait for a result that links to the technique `slug`. Typing
    starts once the search index is in ("Initializing search" gone): keys typed while it loads
    can leave the results of the first letter alone on a slow machine."""
    page.wait_for_function("""() => {
      const meta = document.querySelector(".md-search-result__meta");
      return meta && !/Initializing/i.test(meta.textContent);
    }""")
    field = page.locator(".md-search__input")
    field.fill("")
    field.press_sequentially(words)
    page.locator(f".md-search-result__link[href*='techniques/{slug}/']").first.wait_for()


def settle(page) -> None:
    """Loaded, the network quiet, and a moment more for anything late."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)


@pytest.mark.parametrize(("how", "width"), [("keyboard", 1280), ("field", 1280), ("magnifier", 390)])
def test_search_loads_only_when_the_reader_opens_it_and_then_finds_a_page(page, site_url, how, width):
    page.set_viewport_size({"width": width, "height": 844})
    first, other = technique_pages()[:2]
    page.goto(site_url + f"techniques/{first.slug}/")
    settle(page)
    assert page.requests, "nothing was recorded"
    assert search_fetches(page) == [], "search was fetched before the reader opened it"
    open_search(page, how)
    find(page, other.meta["title"], other.slug)
    fetched = [urlsplit(url).path for url in search_fetches(page)]
    assert sorted(re.sub(r"search\.[^/]*\.js$", "search.js", p) for p in fetched) == [
        "/assets/javascripts/workers/search.js", "/search/search_index.json"], fetched
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []


def test_search_opened_after_instant_navigation_finds_pages_and_follows_results(page, site_url):
    first, other = technique_pages()[:2]
    page.goto(site_url + f"techniques/{first.slug}/")
    page.evaluate("window.__knotworkNoReload = true")
    # Away from the page that loaded, to pages at other depths, before search is ever opened:
    # the worker must still come from the site's own assets.
    navigate_in_page(page, site_url)
    navigate_in_page(page, site_url + "safety/")
    assert page.evaluate(STAYED), "instant navigation did not handle the links"
    settle(page)
    assert search_fetches(page) == []
    open_search(page, "keyboard")
    find(page, other.meta["title"], other.slug)
    page.locator(f".md-search-result__link[href*='techniques/{other.slug}/']").first.click()
    page.wait_for_url(f"**/techniques/{other.slug}/**")
    assert page.evaluate(STAYED), "following a result loaded the page afresh"
    # And search again, on the page the result led to.
    open_search(page, "field")
    find(page, first.meta["title"], first.slug)
    assert len(search_fetches(page)) == 2, "search was fetched more than once"
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []


def test_search_comes_by_itself_once_the_page_has_sat_idle(page, site_url):
    first, other = technique_pages()[:2]
    page.clock.install()
    page.goto(site_url + f"techniques/{first.slug}/", wait_until="load")
    page.clock.run_for(5000)
    page.wait_for_timeout(500)
    assert search_fetches(page) == [], "search came within 5 seconds of loading"
    with page.expect_request(lambda request: request.url.endswith("/search/search_index.json")):
        page.clock.run_for(60000)
    page.clock.resume()
    open_search(page, "field")
    find(page, other.meta["title"], other.slug)
    assert len(search_fetches(page)) == 2
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []


def test_a_reader_saving_data_gets_search_only_on_asking(page, site_url):
    first, other = technique_pages()[:2]
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'connection', "
                         "{configurable: true, get: () => ({saveData: true})})")
    page.clock.install()
    page.goto(site_url + f"techniques/{first.slug}/", wait_until="load")
    assert page.evaluate("navigator.connection.saveData") is True
    page.clock.run_for(10 * 60000)
    page.clock.resume()
    settle(page)
    assert search_fetches(page) == [], "search came by itself though the reader saves data"
    open_search(page, "keyboard")
    find(page, other.meta["title"], other.slug)
    assert len(search_fetches(page)) == 2


@pytest.mark.parametrize("where", ["?q=", "?h="])
def test_an_address_that_needs_search_gets_it_at_once(page, site_url, where):
    """?q= opens search with its words; ?h= (a result opened in a new tab) highlights them."""
    first = technique_pages()[0]
    word = first.meta["title"].split()[-1]
    url = site_url + f"techniques/{first.slug}/{where}{word}"
    with page.expect_request(lambda request: request.url.endswith("/search/search_index.json")):
        page.goto(url)
    if "?h=" in where:
        page.locator("article mark").first.wait_for()
    else:
        page.locator(f".md-search-result__link[href*='techniques/{first.slug}/']").first.wait_for()


def test_the_contributor_guide_is_in_the_index_by_its_title_and_opening_only(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    guide = [doc for doc in index["docs"] if doc["location"].startswith("contributing/")]
    assert [doc["location"] for doc in guide] == ["contributing/"]
    assert guide[0]["title"].startswith("Contributing") and "pull request" in guide[0]["text"]
    # Every other page keeps its sections.
    assert any(doc["location"].startswith("safety/#") for doc in index["docs"])
    assert any(re.match(r"techniques/[^/]+/#", doc["location"]) for doc in index["docs"])
    html = (site_dir / "contributing" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 data-search-exclude id="', html)


def _words(text: str) -> set[str]:
    return {word.strip(".,;:()?!\"'") for word in text.split()} - {""}


def test_results_show_words_not_controls_and_no_two_words_run_together(site_dir):
    """Material's index drops the tags of a page and joins what is left: two elements written
    with no space between ("Time" and "about 10 minutes" in a list of facts) would read
    "Timeabout" in results. Every word the index holds is a word of its page, split wherever a
    tag splits it. And a page's controls stay out of it (a timer's buttons, options and ring, the
    session builder's "Add: …" buttons): every control is inside a part marked
    data-search-exclude, whose words the index does not hold."""
    from selectolax.lexbor import LexborHTMLParser

    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_page: dict[str, list[str]] = {}
    for doc in index["docs"]:
        by_page.setdefault(doc["location"].split("#")[0], []).append(re.sub(r"<[^>]+>", " ", doc["text"]))
    excluded = 0
    for location, texts in by_page.items():
        tree = LexborHTMLParser((site_dir / location / "index.html").read_text(encoding="utf-8"))
        indexed = " ".join(texts)
        run_together = _words(html.unescape(indexed)) - _words(tree.body.text(separator=" "))
        assert not run_together, f"/{location}: words run together in search results: {sorted(run_together)}"
        for control in tree.css("article :is(button, input, select)"):  # the timers', the builder's "Add"
            assert any("data-search-exclude" in node.attributes for node in _ancestors(control)), (
                location, control.html[:80])
        for part in tree.css(".mdx-timer [data-search-exclude]"):
            words = " ".join(part.text(separator=" ").split())
            excluded += bool(words)
            assert not words or words not in " ".join(html.unescape(indexed).split()), f"/{location}: {words}"
    assert excluded >= 20


def _ancestors(node):
    while node is not None:
        yield node
        node = node.parent
