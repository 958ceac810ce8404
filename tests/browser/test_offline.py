"""Reading offline and installing (macros/offline.py, overrides/assets/knotwork-sw.js), in real
headless Chromium: a page read once opens again with no connection, whole; instant navigation
to it works offline; a new build gets a new cache only once the old tabs are closed, and the
old cache goes; turned off, the worker removes itself; the manifest makes the site
installable."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import ROOT, build, copy_project, serve

from macros import offline, technique
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


def test_a_new_build_waits_for_the_old_tabs_then_replaces_the_cache(served, offline_context):
    url, rebuild, out, _ = served
    slug = slugs()[0]
    page = offline_context.new_page()
    page.goto(url + f"techniques/{slug}/", wait_until="load")
    controlled(page)
    old = page.evaluate(CACHES)
    assert len(old) == 1
    version = re.search(r'VERSION="([0-9a-f]+)"', (out / offline.WORKER).read_text())[1]
    assert old == [f"knotwork-{version}"]

    def edit(project):
        safety = project / "docs" / "safety.md"
        safety.write_text(safety.read_text(encoding="utf-8") + "\nA sentence of a newer build.\n", encoding="utf-8")
    rebuild(edit)
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    page.wait_for_function("navigator.serviceWorker.getRegistration().then(r => !!r.waiting)", timeout=15000)
    # It waits, its own cache filled: the open tab keeps the build it started with, and its cache.
    kept = page.evaluate(CACHES)
    assert old[0] in kept and len(kept) == 2, kept
    page.close()
    page = offline_context.new_page()
    page.goto(url + "safety/", wait_until="load")
    page.wait_for_function(f"{CACHES}.then(n => n.length === 1 && n[0] !== {json.dumps(old[0])})", timeout=15000)
    page.reload(wait_until="load")
    assert "A sentence of a newer build." in page.locator("article").inner_text()


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
