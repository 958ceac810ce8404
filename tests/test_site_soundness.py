"""The built site is sound: no broken internal link or anchor, a unique title and a
description on every page, a sitemap that lists every page, a 404 page that helps a lost
reader, and every page readable with JavaScript off.

Every test walks all of site/, so pages added later are covered with no edit here."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from conftest import configured_site_url  # site_url as MkDocs resolves it (!ENV)

from macros.core import spec as components

ROOT = Path(__file__).resolve().parent.parent
# Attributes that point at another resource, by element.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "area": "href", "img": "src", "script": "src", "source": "src",
                   "iframe": "src", "video": "src", "audio": "src", "embed": "src", "track": "src"}
NOT_IN_SITE = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:", "blob:")
LOCAL = "http://site.invalid/"  # a stand-in origin for resolving relative links


def html_pages(site: Path) -> list[Path]:
    """Every page MkDocs and its plugins wrote (component folders hold only css/js)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("components", "assets"))


def page_url(site: Path, file: Path) -> str:
    """The path a reader sees for a page: "" for the home page, "techniques/x/" for a technique."""
    return file.relative_to(site).as_posix().removesuffix("index.html")


class Parsed(HTMLParser):
    """What the checks need from one HTML file: its links, ids, title and meta description."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (element, address)
        self.ids: set[str] = set()
        self.title = ""
        self.description: str | None = None
        self.canonical: str | None = None
        self.robots = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(key):
                self.ids.add(attributes[key])
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and attributes.get(attribute) is not None:
            self.links.append((tag, attributes[attribute]))
        if tag == "title":
            self._in_title = True
        if tag == "meta" and attributes.get("name") == "description":
            self.description = attributes.get("content")
        if tag == "meta" and attributes.get("name") == "robots":
            self.robots = (attributes.get("content") or "").lower()
        if tag == "link" and "canonical" in (attributes.get("rel") or "").split():
            self.canonical = attributes.get("href")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


@cache
def parse(file: Path) -> Parsed:
    parsed = Parsed()
    parsed.feed(file.read_text(encoding="utf-8"))
    return parsed


def resolve(site: Path, address: str, base_url: str) -> tuple[Path | None, str]:
    """The file in site/ an address (absolute within site_url, root-relative or relative to the
    page at `base_url`) points at, and its #fragment. None: the file does not exist."""
    root = urlsplit(configured_site_url())
    if root.scheme and address.startswith(f"{root.scheme}://{root.netloc}"):
        address = address[len(f"{root.scheme}://{root.netloc}"):]
    url = urlsplit(urljoin(base_url, address))
    path = unquote(url.path)
    prefix = root.path or "/"
    if not path.startswith(prefix) and path + "/" != prefix:
        return None, url.fragment
    rel = path[len(prefix):].lstrip("/") if path.startswith(prefix) else ""
    candidates = [site / rel / "index.html"] if rel.endswith("/") or rel in ("", ".") else [
        site / rel, site / rel / "index.html"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate, url.fragment
    return None, url.fragment


def in_site(address: str) -> bool:
    root = configured_site_url().rstrip("/")
    if root and (address == root or address.startswith(root + "/")):
        return True
    return not address.lower().startswith(NOT_IN_SITE) and not address.startswith("//")


def session_link(site: Path, target: Path, fragment: str) -> bool:
    """A link that carries a session to "Make your own session" after `#` (routine pages' "Adjust
    this routine"): data for the page's script, not an anchor. Only to that page."""
    made = components.spec("builder")
    page = site / Path(made["page"]).stem / "index.html"
    return target == page and fragment.startswith(made["link"]["key"] + "=")


def test_no_broken_internal_link_or_anchor(site_dir):
    pages = html_pages(site_dir)
    assert any(page_url(site_dir, p).startswith("techniques/") for p in pages)
    broken: list[str] = []
    checked = 0
    for file in pages:
        rel = file.relative_to(site_dir).as_posix()
        for tag, address in parse(file).links:
            if not in_site(address):
                continue
            target, fragment = resolve(site_dir, address, LOCAL + rel)
            checked += 1
            if target is None:
                broken.append(f"{rel}: <{tag}> {address} points at no file")
            elif fragment and target.suffix == ".html" and unquote(fragment) not in parse(target).ids \
                    and not session_link(site_dir, target, fragment):
                broken.append(f"{rel}: <{tag}> {address}: no id `{fragment}` in {target.relative_to(site_dir)}")
    assert checked > len(pages), "the links were not found"
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_resolve_finds_what_is_there_and_only_that(site_dir):
    """The link checker itself: a real page and anchor are found, a missing one is not."""
    technique = next(p for p in html_pages(site_dir) if page_url(site_dir, p).startswith("techniques/"))
    some_id = sorted(parse(technique).ids)[0]
    url = page_url(site_dir, technique)
    assert resolve(site_dir, f"../{url}#{some_id}", LOCAL + "safety/") == (technique, some_id)
    assert resolve(site_dir, "/" + url, LOCAL)[0] == technique
    assert resolve(site_dir, configured_site_url() + url, LOCAL)[0] == technique
    assert resolve(site_dir, "../no-such-page/", LOCAL + "safety/")[0] is None
    assert resolve(site_dir, "no-such.css", LOCAL)[0] is None


def test_every_page_has_a_unique_title_and_a_description(site_dir):
    titles: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    problems = []
    for file in html_pages(site_dir):
        rel = file.relative_to(site_dir).as_posix()
        parsed = parse(file)
        title = " ".join(parsed.title.split())
        if not title:
            problems.append(f"{rel}: no <title>")
        elif title in titles:
            problems.append(f"{rel}: the title `{title}` is also {titles[title]}'s")
        titles.setdefault(title, rel)
        description = " ".join((parsed.description or "").split())
        if len(description) < 20:
            problems.append(f"{rel}: no meta description (or a too short one: `{description}`)")
        elif rel == "404.html":
            continue  # not a page of the site: it may share the site's description
        elif description in descriptions:
            problems.append(f"{rel}: the description is also {descriptions[description]}'s: `{description}`")
        descriptions.setdefault(description, rel)
    assert not problems, "\n".join(problems)


def front_matter(path: Path) -> dict:
    match = re.match(r"\A---\s*\n(.*?\n)---\s*\n", path.read_text(encoding="utf-8"), re.S)
    return yaml.safe_load(match[1]) if match else {}


def test_technique_pages_are_described_by_their_summary(site_dir):
    sources = sorted((ROOT / "docs" / "techniques").glob("*.md"))
    assert sources
    for source in sources:
        built = site_dir / "techniques" / source.stem / "index.html"
        assert built.is_file(), built
        assert parse(built).description == front_matter(source)["summary"], source.name


def test_sitemap_lists_every_page(site_dir):
    root = configured_site_url()
    assert root.startswith("https://") and root.endswith("/"), f"site_url in mkdocs.yml: {root!r}"
    tree = ET.parse(site_dir / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text.strip() for loc in tree.getroot().findall("s:url/s:loc", namespace)}
    pages = [p for p in html_pages(site_dir) if p.name != "404.html"]
    # A page that asks search engines not to index it need not be listed.
    expected = {root + page_url(site_dir, p) for p in pages if "noindex" not in parse(p).robots}
    assert expected - listed == set(), "pages missing from sitemap.xml"
    for loc in listed:
        assert resolve(site_dir, loc, LOCAL)[0] is not None, f"sitemap.xml lists {loc}, which is not built"
    for page in pages:
        canonical = parse(page).canonical
        assert canonical == root + page_url(site_dir, page), f"{page}: canonical {canonical}"


def test_404_page_helps_a_lost_reader(site_dir):
    page = site_dir / "404.html"
    parsed = parse(page)
    assert "not found" in parsed.title.lower()
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))).lower()
    assert "not here" in text or "not found" in text
    targets = {resolve(site_dir, address, LOCAL)[0] for tag, address in parsed.links if tag == "a"}
    wanted = [site_dir / "index.html", site_dir / "safety" / "index.html",
              *sorted((site_dir / "techniques").glob("*/index.html"))]
    assert len(wanted) > 3
    missing = [str(p.relative_to(site_dir)) for p in wanted if p not in targets]
    assert not missing, f"404.html does not link to {missing}"
    # Shown at any address, so every address in it starts from the site's root.
    relative = [a for _, a in parsed.links if in_site(a) and not a.startswith(("/", "#", configured_site_url()))]
    assert not relative, f"404.html has relative links, broken at deeper addresses: {relative}"


@pytest.mark.browser
def test_404_page_works_at_a_deep_address(site_dir, site_url, watched_page):
    """A server shows 404.html at whatever address was asked for: styles load, links work."""
    body = (site_dir / "404.html").read_text(encoding="utf-8")
    lost = site_url + "techniques/no/such/page/"
    watched_page.route(lost, lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
    failed = []
    watched_page.on("response", lambda r: r.status >= 400 and r.url != lost and failed.append(f"{r.status} {r.url}"))
    watched_page.goto(lost, wait_until="networkidle")
    assert failed == [], "the 404 page's own files did not load"
    assert watched_page.locator("h1").inner_text().strip()
    stylesheets = watched_page.evaluate("document.styleSheets.length")
    assert stylesheets >= 3 and watched_page.locator(".md-header").evaluate(
        "e => getComputedStyle(e).position") == "sticky", "Material's styles did not load"
    watched_page.get_by_role("link", name="Go to the home page").click()
    watched_page.wait_for_url(site_url)
    # The one console error is Chromium's note of the 404 status itself.
    assert len(watched_page.watch.console_errors) == 1, watched_page.watch.console_errors
    assert "404" in watched_page.watch.console_errors[0]
    assert watched_page.watch.foreign_requests == []


# What a reader sees: the blocks of text in the page's content.
VISIBLE_TEXT = """() => {
  const blocks = [...document.querySelectorAll(
    "article :is(h1, h2, h3, h4, p, li, dt, dd, th, td, figcaption, summary)")];
  return blocks.map(el => ({
    text: el.textContent.replace(/\\s+/g, " ").trim(),
    visible: el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0,
    onPurpose: !!el.closest("[hidden], details:not([open]) > :not(summary)"),
  })).filter(b => b.text);
}"""


@pytest.mark.browser
def test_every_page_is_readable_without_javascript(browser, site_dir, site_url):
    """With scripts off, every block of text a reader sees with them on is still there and
    shown, except the controls scripts add. Technique pages show steps, callouts and timers."""
    on = browser.new_context()
    off = browser.new_context(java_script_enabled=False)
    try:
        with_js, without_js = on.new_page(), off.new_page()
        problems = []
        for file in html_pages(site_dir):
            url = site_url + page_url(site_dir, file)
            with_js.goto(url, wait_until="load")
            without_js.goto(url, wait_until="load")
            assert without_js.evaluate("typeof document$") == "undefined"  # scripts really are off
            seen = {b["text"] for b in with_js.evaluate(VISIBLE_TEXT) if b["visible"]}
            blocks = without_js.evaluate(VISIBLE_TEXT)
            assert any(b["visible"] for b in blocks), f"{url}: no text shows without JavaScript"
            for block in blocks:
                if block["text"] in seen and not block["visible"] and not block["onPurpose"]:
                    problems.append(f"{url}: hidden without JavaScript: {block['text'][:80]}")
            if page_url(site_dir, file).startswith("techniques/"):
                problems += technique_page_problems(without_js, url)
        assert not problems, "\n".join(problems)
    finally:
        on.close()
        off.close()


def technique_page_problems(page, url: str) -> list[str]:
    problems = []
    if not page.locator("article h1").first.is_visible():
        problems.append(f"{url}: no visible title")
    steps = page.locator("article ol > li")
    if steps.count() == 0 or not all(steps.nth(i).is_visible() for i in range(steps.count())):
        problems.append(f"{url}: the numbered steps do not show")
    callouts = page.locator("article [data-mdx-callout]")
    if callouts.count() < 3 or not all(callouts.nth(i).is_visible() for i in range(callouts.count())):
        problems.append(f"{url}: the safety callouts do not show")
    timers = page.locator("article [data-mdx-timer]")
    for i in range(timers.count()):
        if not re.search(r"\d", timers.nth(i).inner_text()):
            problems.append(f"{url}: timer {i + 1} says nothing without JavaScript (how long, how many times)")
    return problems
