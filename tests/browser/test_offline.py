"""Reading offline and installing (macros/output/offline.py, overrides/assets/knotwork-sw.js), in real
headless Chromium: a page read once opens again with no connection, whole; after one visit the
whole guide does, timers and instant navigation included; one file that fails, no storage or a
broken worker leave the site working online; a new build gets a new cache only once the old
tabs are closed or the reader takes the prompt (never mid-timer), and the old cache goes;
turned off, the worker removes itself; the manifest and its icons make the site installable."""

from __future__ import annotations

import json
import re
import shutil
import struct
import time

import pytest
from conftest import ROOT, build, copy_project, serve
from playwright.sync_api import Error

from macros.components import technique
from macros.core import disk_cache
from macros.output import offline
from tests.browser.test_help import help_in_one_tap
from tests.browser.test_privacy import STAYED, navigate_in_page

pytestmark = pytest.mark.browser

CACHES = "caches.keys().then(names => names.filter(n => n.startsWith('knotwork-')))"
KEPT = """async () => { const urls = [];
  for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
  return urls; }"""


def slugs() -> list[str]:
    found = [technique.load(path)[0].slug for path in technique.technique_files(ROOT / "docs")]
    assert len(found) >= 2
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A copy of the site, served, built for the address it is served at (so instant navigation
    follows its links), and a way to build it again with changes."""
    out = tmp_path_factory.mktemp("offline-site")
    project = copy_project(tmp_path_factory.mktemp("offline-src"))
    with serve(out) as url:
        def rebuild(edit=None):
            if edit:
                edit(project)
            result = build(project, out, env={"SITE_URL": url})
            assert result.returncode == 0, result.stdout + result.stderr
        rebuild()
        yield url, rebuild, out, project


@pytest.fixture
def offline_context(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context
    context.close()


def controlled(page) -> None:
    """Wait until the worker controls the page and has kept what the page loaded."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
    page.wait_for_function(f"({KEPT})().then(urls => urls.includes(location.href.split('#')[0])"
                           " && urls.some(u => u.includes('/assets/illustrations/')))", timeout=15000)


def built_list(out, name: str) -> list[str]:
    """A list the build wrote into the worker (SHELL or FILES)."""
    worker = (out / offline.WORKER).read_text(encoding="utf-8")
    return json.loads(json.loads('"' + re.search(rf'{name}=JSON\.parse\("(.*?)"\)', worker)[1] + '"'))


# What the worker answers when a page asks it to keep the whole guide, kept for the test to read.
FILLED = """navigator.serviceWorker && navigator.serviceWorker.addEventListener('message', e => {
  if (e.data && e.data.filled) window.__filled = e.data.filled; });"""


def filled(page) -> dict:
    page.wait_for_function("window.__filled !== undefined", timeout=30000)
    return page.evaluate("window.__filled")


def whole(page) -> dict:
    return page.evaluate("""() => ({
      styled: getComputedStyle(document.querySelector('.md-header')).position === 'sticky',
      picture: [...document.querySelectorAll('article img')].every(i => i.complete && i.naturalWidth > 0),
      pictures: document.querySelectorAll('article img').length,
      scripted: !!document.querySelector('.mdx-print-button button'),
      title: document.querySelector('h1').textContent,
    })""")


def test_a_page_read_once_opens_offline_whole(served, offline_context):
    url, _, _, _ = served
    slug = slugs()[0]
    page = offline_context.new_page()
    errors = []
    page.goto(url + f"techniques/{slug}/", wait_until="load")
    controlled(page)
    offline_context.set_offline(True)
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.reload(wait_until="load")
    state = whole(page)
    assert state["styled"] and state["scripted"] and state["pictures"] >= 1 and state["picture"], state
    assert state["title"].startswith(technique.load(ROOT / "docs" / "techniques" / f"{slug}.md")[0].meta["title"])
    assert errors == []
    # A page never read does not pretend to be there.
    response = page.evaluate("fetch('/tips/definitely-not-read/').then(r => r.status, () => 'failed')")
    assert response == "failed"


def test_instant_navigation_works_offline_between_pages_read_before(served, offline_context):
    url, _, _, _ = served
    first, second = slugs()[:2]
    page = offline_context.new_page()
    page.goto(url + f"techniques/{first}/", wait_until="load")
    controlled(page)
    page.evaluate("window.__knotworkNoReload = true")
    navigate_in_page(page, url + f"techniques/{second}/")  # read online, through the worker
    assert page.evaluate(STAYED)
    offline_context.set_offline(True)
    navigate_in_page(page, url + f"techniques/{first}/")
    assert page.evaluate(STAYED), "offline, the link loaded the page afresh"
    assert whole(page)["scripted"]
    navigate_in_page(page, url + f"techniques/{second}/")
    assert page.evaluate(STAYED) and f"techniques/{second}/" in page.url


def newer_build_waits(page, rebuild, sentence: str) -> None:
    """Build the site again with `sentence` added to the Safety page, and wait until the open
    page's worker has found the new build and holds it waiting."""
    def edit(project):
        safety = project / "docs" / "safety.md"
        safety.write_text(safety.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    rebuild(edit)
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    page.wait_for_function("navigator.serviceWorker.getRegistration().then(r => !!r.waiting)", timeout=15000)


# Whether the build now in `out` has taken over: its worker active, none waiting.
TOOK_OVER = """version => VERSION === version && self.registration.active !== null
  && self.registration.active.state === 'activated' && self.registration.waiting === null"""


def close_the_old_tabs(page, out) -> None:
    """Close the last tab of the old build and wait until the new build's worker takes over.

    A page opened in the same instant races the hand-over in Chromium itself: a navigation that
    starts while the waiting worker is being activated can stay unanswered (about 1 run in 20
    under load). A reader's next visit comes later than that; a test that opened its page at once
    would be testing the machine's speed."""
    context = page.context
    page.close()
    version = re.search(r'VERSION="([0-9a-f]+)"', (out / offline.WORKER).read_text())[1]
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for worker in context.service_workers:
            try:
                if worker.evaluate(TOOK_OVER, version):
                    return
            except Error:  # a worker stopped while asked: ask the others, then again
                pass
        time.sleep(0.05)
    raise AssertionError(f"the build {version} never took over once its old tabs were closed")


def test_a_new_build_waits_for_the_old_tabs_then_replaces_the_cache(served, offline_context):
    url, rebuild, out, _ = served
    slug = slugs()[0]
    offline_context.add_init_script(FILLED)
    page = offline_context.new_page()
    page.goto(url + f"techniques/{slug}/", wait_until="load")
    controlled(page)
    # The old build has kept the guide before the new one is written: the test rebuilds into the
    # folder it serves, emptying it on the way, which a deploy (swapped whole) never does.
    assert filled(page)["failed"] == []
    old = page.evaluate(CACHES)
    assert len(old) == 1
    version = re.search(r'VERSION="([0-9a-f]+)"', (out / offline.WORKER).read_text())[1]
    assert old == [f"knotwork-{version}"]

    newer_build_waits(page, rebuild, "A sentence of a newer build.")
    # It waits, its own cache filled: the open tab keeps the build it started with, and its cache.
    kept = page.evaluate(CACHES)
    assert old[0] in kept and len(kept) == 2, kept
    close_the_old_tabs(page, out)
    page = offline_context.new_page()
    page.goto(url + "safety/", wait_until="load")
    page.wait_for_function(f"{CACHES}.then(n => n.length === 1 && n[0] !== {json.dumps(old[0])})", timeout=15000)
    page.reload(wait_until="load")
    assert "A sentence of a newer build." in page.locator("article").inner_text()


# A cache of the site's address that is not the worker's own, as a script run once on the site
# could fill it: a page the reader never read, kept there under its address.
PLANT = """async (address) => { const cache = await caches.open('planted');
  await cache.put(address, new Response('<h1>PLANTED</h1>', {headers: {'Content-Type': 'text/html'}})); }"""


def test_a_planted_cache_is_never_served_and_goes_with_the_next_build(served, offline_context):
    url, rebuild, out, _ = served
    slug = slugs()[0]
    page = offline_context.new_page()
    page.goto(url + f"techniques/{slug}/", wait_until="load")
    controlled(page)
    never_read = url + "routines/desk-break/"
    page.evaluate(PLANT, never_read)
    assert "planted" in page.evaluate("caches.keys()")
    offline_context.set_offline(True)
    answer = page.evaluate("a => fetch(a).then(r => r.text(), () => 'failed')", never_read)
    assert "PLANTED" not in answer, "the worker served a cache that is not its own"
    offline_context.set_offline(False)
    newer_build_waits(page, rebuild, "A sentence of a build after the planted cache.")
    close_the_old_tabs(page, out)
    page = offline_context.new_page()
    page.goto(url + "safety/", wait_until="load")
    page.wait_for_function("caches.keys().then(n => n.length === 1 && n[0].startsWith('knotwork-'))",
                           timeout=15000)


def test_turned_off_the_worker_removes_itself_and_its_caches(served, offline_context):
    url, rebuild, out, project = served
    page = offline_context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
    page.wait_for_function(f"{CACHES}.then(n => n.length === 1)", timeout=15000)
    config = project / "mkdocs.yml"
    saved = config.read_text(encoding="utf-8")
    try:
        rebuild(lambda p: config.write_text(saved.replace("offline: true", "offline: false"), encoding="utf-8"))
        assert not (out / offline.MANIFEST).exists()
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        page.wait_for_function("navigator.serviceWorker.getRegistrations().then(r => r.length === 0)", timeout=15000)
        page.wait_for_function(f"{CACHES}.then(n => n.length === 0)", timeout=15000)
        page.reload(wait_until="load")
        page.wait_for_timeout(1000)
        assert page.locator("link[rel=manifest]").count() == 0
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    finally:
        config.write_text(saved, encoding="utf-8")
        rebuild()


def test_the_site_can_be_installed(site_dir, site_url, offline_context):
    data = json.loads((site_dir / offline.MANIFEST).read_text(encoding="utf-8"))
    assert data["name"] == "Knotwork" and data["start_url"] == "./" and data["display"] == "standalone"
    for icon in data["icons"]:
        assert (site_dir / icon["src"]).is_file()
    page = offline_context.new_page()
    page.goto(site_url, wait_until="load")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
    session = offline_context.new_cdp_session(page)
    errors = [e["errorId"] for e in session.send("Page.getInstallabilityErrors")["installabilityErrors"]]
    # A test browser's profile is private, which is the one thing Chromium holds against it.
    assert set(errors) <= {"in-incognito"}, errors
    # Chromium read the manifest, PNG icons included, without a complaint.
    read = session.send("Page.getAppManifest")
    assert read["errors"] == [], read["errors"]
    assert {"192x192", "512x512"} <= {i["sizes"] for i in json.loads(read["data"])["icons"]}


@pytest.mark.build
def test_every_page_links_the_manifest_and_the_worker_is_built(site_dir):
    pages = [p for p in site_dir.rglob("*.html") if "components" not in p.parts]
    assert any(p.name == "404.html" for p in pages)
    for page in pages:
        assert page.read_text(encoding="utf-8").count('rel="manifest"') == 1, page
    worker = (site_dir / offline.WORKER).read_text(encoding="utf-8")
    assert "@VERSION@" not in worker and "@SHELL@" not in worker and 'OFF="false"' in worker
    shell = json.loads(json.loads('"' + re.search(r'JSON\.parse\("(.*?)"\)', worker)[1] + '"'))
    assert all((site_dir / path).is_file() for path in shell) and "sitemap.xml" in shell
    assert not (site_dir / offline.SOURCE).exists()


def test_the_worker_version_changes_with_any_built_file(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "overrides" / "assets", site / "assets")
    first = offline.version(site)
    (site / offline.WORKER).write_text("ignored")
    assert offline.version(site) == first
    (site / "assets" / "favicon.svg").write_text("<svg/>")
    assert offline.version(site) != first


def run_a_timer(page) -> None:
    """Start the page's first timer and see it count."""
    timer = page.locator("[data-mdx-timer]").first
    timer.locator("[data-action=start]").click()
    page.wait_for_function("window.mdxTimers.some(t => t.running())", timeout=5000)
    before = timer.locator(".mdx-timer__time").inner_text()
    page.wait_for_function("t => document.querySelector('[data-mdx-timer] .mdx-timer__time').textContent !== t",
                           arg=before, timeout=5000)


def stop_the_timer(page) -> None:
    """Reset the page's first timer: a session left running would go on from the next page (and
    that page's own Start would say so instead of starting)."""
    page.locator("[data-mdx-timer]").first.locator("[data-action=reset]").click()
    page.wait_for_function("!window.mdxTimers.some(t => t.running())", timeout=5000)


def test_after_one_visit_to_the_home_page_the_whole_guide_opens_offline(served, offline_context):
    url, _, out, _ = served
    everything = built_list(out, "FILES")
    offline_context.add_init_script(FILLED)
    page = offline_context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(url, wait_until="load")
    assert filled(page) == {"kept": len(everything), "failed": []}
    kept = set(page.evaluate(KEPT))
    assert {url + path for path in everything} <= kept
    page.evaluate("window.__knotworkNoReload = true")
    offline_context.set_offline(True)
    pages = [loc.replace(configured(out), url) for loc in re.findall(r"<loc>(.*?)</loc>",
                                                                          (out / "sitemap.xml").read_text())]
    assert any("/techniques/" in p for p in pages) and url + "safety/" in pages
    timed = []
    for address in pages:
        navigate_in_page(page, address)
        assert page.evaluate(STAYED), f"offline, the link to {address} loaded the page afresh"
        assert whole(page)["styled"], address
        assert help_in_one_tap(page), f"offline, {address} has no Get help now one tap away"
        # Every picture of the page is there (the home page's load lazily: fetched here).
        assert page.evaluate("Promise.all([...document.querySelectorAll('article img')].map("
                             "i => fetch(i.src).then(r => r.ok, () => false))).then(a => a.every(Boolean))"), address
        if re.search(r"/(techniques|routines)/", address):
            assert whole(page)["scripted"] and page.locator("[data-mdx-timer]").count() >= 1, address
        if page.locator("[data-mdx-timer]").count():
            run_a_timer(page)
            stop_the_timer(page)
            timed.append(address)
    assert len(timed) >= len(slugs())
    # The booklet (not in the sitemap, so loaded afresh) and a page never built.
    page.goto(url + "booklet/", wait_until="load")
    assert whole(page)["styled"] and page.locator("[data-mdx-timer]").count() >= 1
    page.goto(url + "not/a/page/", wait_until="load")
    assert page.locator("h1").first.inner_text().strip() != ""
    assert help_in_one_tap(page), "offline, the page for a missing address has no Get help now"
    # A session shared by a link opens and plays offline; a reader with a log gets its advice.
    page.goto(url + "your-session/#session=chest-stretch.rest-15.chest-stretch", wait_until="load")
    page.wait_for_function("document.querySelector('.mdx-builder__play [data-mdx-timer]')")
    assert page.locator(".mdx-builder__steps > li").count() == 3
    run_a_timer(page)
    stop_the_timer(page)
    page.evaluate("localStorage.setItem('mdx-log', JSON.stringify([{at: Date.now() - 864e5, title: 'Ball', "
                  "held: {'pressure-on-a-knot': 90}, before: null, after: null}]))")
    page.goto(url + "techniques/floor-tennis-ball/", wait_until="load")
    page.wait_for_function("document.documentElement.dataset.mdxLogAdvice == 'shown'")
    assert page.locator(".mdx-log-advice").count() == 1
    assert errors == [], errors


def configured(out) -> str:
    return re.match(r"https?://[^/]+/", re.search(r"<loc>(.*?)</loc>", (out / "sitemap.xml").read_text())[1])[0]


def test_a_file_that_fails_to_download_leaves_the_rest_of_the_guide_kept(served, offline_context):
    url, _, out, _ = served
    everything = built_list(out, "FILES")
    missing = next(p for p in everything if p.startswith("assets/illustrations/"))
    saved = (out / missing).read_bytes()
    (out / missing).unlink()
    try:
        offline_context.add_init_script(FILLED)
        page = offline_context.new_page()
        page.goto(url + "safety/", wait_until="load")
        assert filled(page) == {"kept": len(everything) - 1, "failed": [missing]}
    finally:
        (out / missing).write_bytes(saved)
    kept = set(page.evaluate(KEPT))
    assert url + missing not in kept
    assert {url + p for p in everything if p != missing} <= kept
    # Asked again (another page, the file back), the worker keeps what it missed.
    page.evaluate("window.__filled = undefined")
    page.goto(url + "tags/", wait_until="load")
    assert filled(page) == {"kept": len(everything), "failed": []}


def test_without_storage_the_site_works_online_with_no_error(served, offline_context):
    url, _, _, _ = served
    slug = slugs()[0]
    # Private browsing where service workers and caches are not there at all, or throw.
    offline_context.add_init_script("""const refuse = {get() { throw new DOMException('no', 'SecurityError'); }};
      Object.defineProperty(Navigator.prototype, 'serviceWorker', refuse);
      Object.defineProperty(window, 'caches', refuse);""")
    page = offline_context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(url + f"techniques/{slug}/", wait_until="load")
    page.wait_for_timeout(1500)
    state = whole(page)
    assert state["styled"] and state["scripted"] and state["picture"], state
    run_a_timer(page)
    assert errors == [], errors


def test_with_a_full_storage_quota_the_site_stays_online_only_with_no_error(served, browser):
    url, _, out, _ = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        context.add_init_script(FILLED)
        page = context.new_page()
        errors = []
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.on("pageerror", lambda err: errors.append(str(err)))
        session = context.new_cdp_session(page)
        session.send("Storage.overrideQuotaForOrigin", {"origin": url.rstrip("/"), "quotaSize": 1})
        page.goto(url + f"techniques/{slugs()[0]}/", wait_until="load")
        result = filled(page)
        assert result["kept"] < len(built_list(out, "FILES")) and result["failed"], result
        page.reload(wait_until="load")
        state = whole(page)
        assert state["styled"] and state["scripted"] and state["picture"], state
        assert errors == [], errors
    finally:
        context.close()


def test_a_broken_worker_never_stops_the_site_loading_online(served, offline_context):
    url, _, out, _ = served
    worker = out / offline.WORKER
    saved = worker.read_text(encoding="utf-8")
    # Every cache call fails, as with storage that broke.
    broken = "(function(){var no=function(){return Promise.reject(new Error('broken'))};" \
             "caches.open=no;caches.match=no;caches.keys=no;})();"
    worker.write_text(broken + saved, encoding="utf-8")
    try:
        page = offline_context.new_page()
        page.goto(url + f"techniques/{slugs()[0]}/", wait_until="load")
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
        page.reload(wait_until="load")
        state = whole(page)
        assert state["styled"] and state["scripted"] and state["picture"], state
        assert page.evaluate(CACHES) == []
    finally:
        worker.write_text(saved, encoding="utf-8")


PROMPT = ".mdx-update--shown"


def test_a_new_build_reaches_a_returning_reader_through_the_prompt_and_not_mid_timer(served, offline_context):
    url, rebuild, _, _ = served
    slug = slugs()[0]
    page = offline_context.new_page()
    page.goto(url + f"techniques/{slug}/", wait_until="load")
    controlled(page)
    old = page.evaluate(CACHES)
    page.close()
    # The reader comes back later, and starts a timer.
    page = offline_context.new_page()
    page.goto(url + f"techniques/{slug}/", wait_until="load")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
    page.evaluate("window.__samePage = true")
    run_a_timer(page)

    newer_build_waits(page, rebuild, "A sentence of the build after.")
    page.wait_for_timeout(2500)
    assert page.locator(PROMPT).count() == 0, "the prompt came while a timer was running"
    assert page.evaluate("window.__samePage === true"), "the page reloaded by itself"
    # The timer is paused: now the prompt shows, and waits.
    page.locator("[data-mdx-timer] [data-action=start]").first.click()
    page.wait_for_function("!window.mdxTimers.some(t => t.running())", timeout=5000)
    prompt = page.locator(PROMPT)
    prompt.wait_for(state="visible", timeout=5000)
    page.wait_for_function("document.querySelector('.mdx-update__text').textContent === 'A new version is ready.'")
    assert prompt.get_by_role("button", name="Reload").is_visible()
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__samePage === true") and page.evaluate(CACHES) != []
    # Dismissed, it goes; the next page load offers it again, and Reload takes the new build in.
    prompt.get_by_role("button", name="Dismiss: not now").click()
    assert page.locator(PROMPT).count() == 0
    page.reload(wait_until="load")
    page.locator(PROMPT).wait_for(state="visible", timeout=10000)
    with page.expect_navigation(wait_until="load", timeout=15000):
        page.locator(PROMPT).get_by_role("button", name="Reload").click()
    page.wait_for_function(f"{CACHES}.then(n => n.length === 1 && n[0] !== {json.dumps(old[0])})", timeout=15000)
    assert "A sentence of the build after." in page.evaluate(f"fetch('{url}safety/').then(r => r.text())")
    assert page.locator(PROMPT).count() == 0


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    return struct.unpack(">II", data[16:24])


def test_the_install_icons_are_drawn_once_and_kept_but_never_for_another_icon_or_code(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    icon = site / offline.ICON
    drawing = (ROOT / "overrides" / offline.ICON).read_text(encoding="utf-8")
    icon.write_text(drawing, encoding="utf-8")
    monkeypatch.setattr(disk_cache, "folder", tmp_path / "cache")

    def made() -> dict[str, bytes]:
        return {name: (site / name).read_bytes() for name, _, _ in offline.ICONS}

    offline.icons(site)
    first = made()
    assert [png_size(site / name) for name, _, _ in offline.ICONS] == [(n, n) for _, n, _ in offline.ICONS]
    assert len(list((tmp_path / "cache").rglob("*.png"))) == len(offline.ICONS)
    draw = offline.draw_png

    def never(drawing: str, size: int) -> bytes:
        raise AssertionError(f"drawn again at {size} px")

    monkeypatch.setattr(offline, "draw_png", never)
    for name in first:
        (site / name).unlink()
    offline.icons(site)  # the next build: every icon from the cache
    assert made() == first
    # Another icon: drawn afresh, never the old one.
    icon.write_text(drawing.replace("#c6d62f", "#2f7fd6"), encoding="utf-8")
    with pytest.raises(AssertionError, match="drawn again"):
        offline.icons(site)
    monkeypatch.setattr(offline, "draw_png", draw)
    offline.icons(site)
    assert all(made()[name] != first[name] for name in first)
    icon.write_text(drawing, encoding="utf-8")
    # Changed drawing code (this module's own): drawn afresh.
    monkeypatch.setattr(disk_cache, "fingerprint", lambda module: "changed code")
    monkeypatch.setattr(offline, "draw_png", never)
    with pytest.raises(AssertionError, match="drawn again"):
        offline.icons(site)
    monkeypatch.undo()
    # A kept file that is not a PNG of its size is not used: drawn again, and put right.
    monkeypatch.setattr(disk_cache, "folder", tmp_path / "cache")
    for kept in (tmp_path / "cache").rglob("*.png"):
        kept.write_bytes(b"\x89PNG\r\n\x1a\n not a picture")
    offline.icons(site)
    assert made() == first
    put_right = [kept for kept in (tmp_path / "cache").rglob("*.png") if kept.read_bytes()[12:16] == b"IHDR"]
    assert len(put_right) == len(offline.ICONS)  # the blue icon's stay as they were left


def test_the_install_icons_are_drawn_at_their_sizes(site_dir):
    data = json.loads((site_dir / offline.MANIFEST).read_text(encoding="utf-8"))
    pngs = [icon for icon in data["icons"] if icon["type"] == "image/png"]
    assert {(i["sizes"], i["purpose"]) for i in pngs} >= {("192x192", "any"), ("512x512", "any"),
                                                           ("512x512", "maskable")}
    for icon in pngs:
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert png_size(site_dir / icon["src"]) == (width, height), icon
