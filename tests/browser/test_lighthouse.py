"""Lighthouse's accessibility, best-practices and SEO scores stay at 100, on one built page of
each kind (the home page, the 404 page and the first page of each folder: a technique, a
routine, a tip, Safety, the booklet...). axe runs on every page already
(test_accessibility.py); Lighthouse adds what axe does not look at: console errors, the
deprecated APIs a page calls, the viewport, the description, crawlability, link texts.

Lighthouse is pinned in tests/lighthouse/package-lock.json; `make test` installs it there
with npm (`npm ci`). It drives the same Chromium as the other browser tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from conftest import CHROMIUM_ARGS, ROOT, chromium_path, missing_tool, serve

from tests.browser.test_accessibility import page_paths

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "tests" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("accessibility", "best-practices", "seo")
# Audits a page fails on purpose, with the reason. An entry that stops failing fails the test, so
# none outlives its reason.
EXPECTED = {
    # The booklet repeats every page in one; it is kept out of search results (macros/build/hooks.py).
    "booklet/": {"is-crawlable"},
}


def lighthouse(url: str) -> dict:
    """Lighthouse's report on `url`, as JSON (mobile, its default)."""
    node = shutil.which("node")
    if node is None:
        missing_tool("Node.js (`node` and `npm`, Debian packages nodejs and npm)")
    if not LIGHTHOUSE.is_file():
        pytest.fail("Lighthouse is not installed: `make test` installs it "
                    "(npm ci --prefix tests/lighthouse)", pytrace=False)
    browser = chromium_path()
    if browser is None:
        missing_tool("Chromium (`chromium`, Debian package chromium)")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    result = subprocess.run(
        [node, str(LIGHTHOUSE), url, f"--only-categories={','.join(CATEGORIES)}", "--output=json",
         "--output-path=stdout", "--quiet", f"--chrome-flags={flags}"],
        env={**os.environ, "CHROME_PATH": browser}, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}"
    return json.loads(result.stdout)


def failed_audits(report: dict) -> set[str]:
    """The scored audits of CATEGORIES that the page failed."""
    return {ref["id"] for name in CATEGORIES for ref in report["categories"][name]["auditRefs"]
            if ref["weight"] and report["audits"][ref["id"]]["score"] not in (1, None)}


def shortfalls(report: dict, expected: set[str] = frozenset()) -> list[str]:
    """Each category under 100 for a reason other than `expected`, with the audits that pulled it
    down (or why there is no score); and each expected failure that no longer fails."""
    # A run that could not load the page says why here (its warnings, a slow CPU say, are no fault).
    error = report.get("runtimeError")
    found = [f"  could not score the page: {error['code']}: {error['message']}"] if error else []
    failed = failed_audits(report)
    for name in CATEGORIES:
        category = report["categories"][name]
        if category["score"] is None:
            found.append(f"  {name}: no score")
            continue
        unexpected = [f"{ref['id']} ({report['audits'][ref['id']]['title']})" for ref in category["auditRefs"]
                      if ref["id"] in failed - expected]
        if unexpected:
            found.append(f"  {name}: {round(category['score'] * 100)}; failed: {', '.join(unexpected)}")
    found += [f"  {audit} passes now: take it out of EXPECTED" for audit in sorted(expected - failed)]
    return found


def one_page_of_each_kind(paths: list[str]) -> list[str]:
    """The home page, then the first page of each folder and each page at the top."""
    kinds: dict[str, str] = {}
    for path in paths:
        kinds.setdefault(path.split("/")[0], path)
    return list(kinds.values())


def test_one_page_of_each_kind_scores_100_in_accessibility_best_practices_and_seo(site_dir, site_url):
    pages = one_page_of_each_kind(page_paths(site_dir))
    assert {"", "404.html", "safety/", *EXPECTED} <= set(pages)
    assert {path.split("/")[0] for path in pages} >= {"techniques", "routines", "tips"}
    problems = {}
    for path in pages:
        found = shortfalls(lighthouse(site_url + path), EXPECTED.get(path, set()))
        if found:
            problems[path or "/"] = "\n".join(found)
    assert not problems, "Under 100 in Lighthouse:\n" + "\n".join(f"{p}\n{f}" for p, f in problems.items())


def test_a_page_with_known_faults_is_marked_down_with_the_audits_that_failed(tmp_path):
    # No language, no description, a picture with no text, a link that says nothing and an error
    # in the console: the test above would name each of these.
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>Bad page</title><meta name=viewport content='width=device-width'>"
        "<img src=a.png width=10 height=10><a href=b.html>click here</a>"
        "<script>console.error('broken')</script>")
    with serve(tmp_path) as url:
        found = "\n".join(shortfalls(lighthouse(url)))
    for audit in ("html-has-lang", "image-alt", "meta-description", "link-text", "errors-in-console"):
        assert audit in found, found
