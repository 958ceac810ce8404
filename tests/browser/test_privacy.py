"""No reader's visit tells another host anything: nothing in the built HTML, CSS, SVG or
Knotwork's scripts fetches from another host, and in a real browser no page asks another
host for anything, also after a reader searches, switches the palette, starts a timer and
moves between pages with instant navigation."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rcssmin
import rjsmin

# rel values of <link> that name a page rather than fetch it.
NOT_FETCHED_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "help", "bookmark", "me",
                    "external", "nofollow", "noopener", "noreferrer", "search", "tag"}
# Attributes that make the browser fetch, by element.
FETCHING = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "frame": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",),
    "object": ("data",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"), "base": ("href",), "form": ("action",),
}
REMOTE = re.compile(r"""^\s*(?:https?:)?//""", re.I)
CSS_REMOTE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)
# Namespace names in SVG and XML are identifiers, never fetched.
NAMESPACE = re.compile(r"^https?://www\.w3\.org/", re.I)


def page_paths(site: Path) -> list[str]:
    """Every built page, as a path from the site root ("" for the home page)."""
    return [p.relative_to(site).as_posix().removesuffix("index.html") for p in sorted(site.rglob("*.html"))
            if p.relative_to(site).parts[0] not in ("components", "assets")]


class FetchFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.remote: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        attributes = {k.lower(): v or "" for k, v in attrs}
        names = FETCHING.get(tag, ())
        if tag == "link":
            rels = set(attributes.get("rel", "").lower().split())
            names = () if rels and rels <= NOT_FETCHED_RELS else ("href", "imagesrcset")
        for name in names:
            for address in attributes.get(name, "").split(","):
                if REMOTE.match(address) and not NAMESPACE.match(address.strip()):
                    self.remote.append(f"<{tag} {name}={address.strip().split()[0]}>")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh" and "url=" in \
                attributes.get("content", "").lower():
            self.remote.append(f"<meta http-equiv=refresh content={attributes['content']}>")
        self.remote += [f"style attribute: {u}" for u in CSS_REMOTE.findall(attributes.get("style", ""))]
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.remote += [f"<style>: {u}" for u in CSS_REMOTE.findall(data)]


def remote_fetches(file: Path, site: Path) -> list[str]:
    """What in one built file would make a browser fetch from another host."""
    text = file.read_text(encoding="utf-8", errors="replace")
    rel = file.relative_to(site).as_posix()
    if file.suffix in (".html", ".svg"):
        finder = FetchFinder()
        finder.feed(text)
        found = finder.remote
    elif file.suffix == ".css":
        found = CSS_REMOTE.findall(rcssmin.cssmin(text))  # minified: comments may name sources
    elif file.suffix == ".js" and not rel.startswith("assets/javascripts/"):
        # The site's own scripts (Material's are covered by the browser tests below): any
        # address of another host outside a comment is suspect.
        found = [u for u in re.findall(r"""(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s'"`)]*""", rjsmin.jsmin(text))
                 if not NAMESPACE.match(u)]
    else:
        return []
    return [f"{rel}: {item}" for item in found]


def test_built_files_fetch_nothing_from_another_host(site_dir):
    files = [p for p in site_dir.rglob("*") if p.suffix in (".html", ".css", ".svg", ".js")]
    assert any(p.suffix == ".css" for p in files) and any(p.suffix == ".svg" for p in files)
    found = [item for file in files for item in remote_fetches(file, site_dir)]
    assert not found, "would fetch from another host:\n" + "\n".join(found)


def test_the_scan_finds_remote_fetches(tmp_path):
    """The scan itself: each way of fetching from another host is caught; links and
    namespaces are not."""
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css">'
        '<link rel="preconnect" href="//cdn.example.com">'
        '<link rel="canonical" href="https://knotwork.example.org/">'
        '<a href="https://www.nhs.uk/">NHS</a><img srcset="a.png 1x, https://x.example/b.png 2x">'
        '<div style="background: url(https://x.example/c.png)"></div>'
        '<style>@import "https://x.example/d.css";</style><script src="https://x.example/e.js"></script>'
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.example/f.png"/></svg>')
    (tmp_path / "b.css").write_text("a { background: url('https://x.example/g.png') } b { background: url(h.png) }")
    (tmp_path / "c.js").write_text('// See https://developer.mozilla.org/ for this.\n'
                                   'fetch("https://api.example.com/x"); document.createElementNS('
                                   '"http://www.w3.org/2000/svg", "svg");')
    found = [item for f in sorted(tmp_path.iterdir()) for item in remote_fetches(f, tmp_path)]
    assert len(found) == 9, found
    assert not any(host in item for item in found for host in ("nhs.uk", "knotwork.example.org", "w3.org", "mozilla"))


STAYED = "window.__knotworkNoReload === true"


def configured_site_url(site: Path) -> str:
    """The site's own address, as the built sitemap gives it (site_url in mkdocs.yml)."""
    first = re.search(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))[1]
    return re.match(r"https?://[^/]+/", first)[0]


def navigate_in_page(page, url: str) -> None:
    """Follow a link the way a reader does, so Material's instant navigation handles it, and wait
    until Material has sent the new page to its document$ subscribers (the components mount
    then; a page whose content has a script of its own is sent only once that script ran)."""
    page.evaluate("""url => {
      window.__knotworkArrived = false;
      let seen = 0;  // document$ replays the page it has: the next one is the new page
      const arrival = document$.subscribe(() => {
        if (++seen > 1) { window.__knotworkArrived = true; arrival.unsubscribe(); }
      });
      const link = Object.assign(document.createElement("a"), {href: url, textContent: "go"});
      document.querySelector("article").append(link);
      // One click, never a second. Material takes a click at once when it has the sitemap,
      // which it fetches after the page has loaded, and a click that came before when the
      // sitemap comes (combineLatestWith): so the browser's own navigation is stopped here in
      // case Material has not taken it yet. A second click could come after Material has put
      // the new page in, on a link no longer in the document, which loads the page afresh.
      window.addEventListener("click", event => event.preventDefault(), {once: true});
      link.click();
    }""", url)
    page.wait_for_url(url)
    page.wait_for_load_state("load")
    page.wait_for_function("window.__knotworkArrived === true")


def search(page, term: str) -> None:
    if not page.evaluate("document.getElementById('__search').checked"):
        page.locator("label.md-header__button[for='__search']:visible, .md-search__input:visible").first.click()
    field = page.locator("input.md-search__input")
    field.wait_for(state="visible")
    field.fill("")
    field.press_sequentially(term)
    page.wait_for_function("""() => {
      const meta = document.querySelector(".md-search-result__meta");
      return meta && /\\d|No matching/i.test(meta.textContent);
    }""")


def toggle_palette(page) -> None:
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme !== {scheme!r}")


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_no_other_host_after_searching_toggling_and_moving_between_pages(site_dir, site_url, watched_page,
                                                                          width):
    page = watched_page
    page.set_viewport_size({"width": width, "height": 844})
    paths = [p for p in page_paths(site_dir) if p != "404.html"]
    assert "" in paths and any(p.startswith("techniques/") for p in paths)
    # Material's instant navigation takes over only links to the addresses in sitemap.xml, and
    # matches them by host name but not port: served here on another port than the real site,
    # the sitemap is given with this server's address, as the real host would have it.
    sitemap_url = site_url + "sitemap.xml"
    real = configured_site_url(site_dir)
    page.route(sitemap_url, lambda route: route.fulfill(
        status=200, content_type="application/xml",
        body=(site_dir / "sitemap.xml").read_text(encoding="utf-8").replace(real, site_url)))
    page.goto(site_url, wait_until="networkidle")
    page.evaluate("window.__knotworkNoReload = true")
    # Material's instant navigation handles links to the pages in sitemap.xml; others (the
    # booklet, made by a plugin after the build) load afresh and are not searched from.
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    paths.sort(key=lambda path: f"/{path}</loc>" not in sitemap)  # listed pages first, from the home page
    visited = 0
    for path in paths:
        listed = f"/{path}</loc>" in sitemap
        if listed:
            navigate_in_page(page, site_url + path)
            assert page.evaluate(STAYED), f"/{path} was loaded afresh: instant navigation did not handle the link"
        else:
            page.goto(site_url + path, wait_until="networkidle")
            page.evaluate("window.__knotworkNoReload = true")
        toggle_palette(page)
        start = page.locator("article").get_by_role("button", name="Start")
        if start.count():  # a timer: start it (sound, voice, wake lock), then reset it
            start.first.click()
            page.wait_for_timeout(300)
            page.locator("article").get_by_role("button", name="Reset").first.click()
        if listed:
            search(page, "back")
            page.keyboard.press("Escape")
        visited += 1
    # From the home page to a search result, as a reader would.
    page.goto(site_url, wait_until="networkidle")
    page.evaluate("window.__knotworkNoReload = true")
    search(page, "ball")
    page.locator(".md-search-result__link").first.click()
    page.wait_for_url(re.compile(r"\?h=ball"))
    page.wait_for_load_state("networkidle")
    assert visited == len(paths)
    assert page.evaluate(STAYED)
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []
