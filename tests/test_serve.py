"""`mkdocs serve` (what `make serve` runs) rebuilds when macro code or the callout
registry changes, not only when a page does, and shows a page's problems in the browser
instead of hanging, until the page is fixed."""

from __future__ import annotations

import contextlib
import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import MKDOCS, ROOT, build, checks_that_miss, copy_project
from test_contributions import ART, GOOD

from macros.components import callout

pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_reloads_changed_macro_code_and_registry(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
                              cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/safety/"
        heading = callout.registry()["not-on-bone"]["heading"]
        assert wait_for(url, heading), "the site was not served"
        # No offline worker while editing: pages would come from the browser's cache.
        assert 'rel="manifest"' not in fetch(url)
        assert 'OFF="true"' in fetch(f"http://127.0.0.1:{port}/sw.js")
        registry = project / "overrides/components/callout/registry.yml"
        registry.write_text(registry.read_text().replace(f"heading: {heading}", "heading: Changed while serving"))
        assert wait_for(url, "Changed while serving"), "a registry change was not picked up"
        code = project / "macros/components/callout/__init__.py"
        edit = '"""Edited while serving."""\n    return Markup("EDITED-MACRO")\n    """'
        code.write_text(code.read_text().replace('"""The HTML of one callout.', edit + "The HTML of one callout."))
        assert wait_for(url, "EDITED-MACRO"), "a change to macro code was not picked up"
    finally:
        server.terminate()
        server.wait(timeout=10)


def make_serve_options(port: int) -> list[str]:
    """The options `make serve` gives `mkdocs serve`, on another port."""
    recipe = re.search(r"^\t\$\(BIN\)/mkdocs serve (.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert recipe and "127.0.0.1:8000" in recipe[1], "make serve no longer runs `mkdocs serve` on port 8000"
    return [option.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for option in recipe[1].split()]


@contextlib.contextmanager
def serving(project: Path, log: Path, *more: str):
    """`mkdocs serve` of `project` on a free port, as `make serve` runs it; stopped at the end."""
    port = free_port()
    with open(log, "w") as out:
        server = subprocess.Popen([*MKDOCS, "serve", *make_serve_options(port), *more],
                                  cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                                  stdout=out, stderr=subprocess.STDOUT)
        try:
            yield server, f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)


PAGE = "docs/techniques/foam-roller-on-the-floor.md"
URL = "techniques/foam-roller-on-the-floor/"
MARKUP_TITLE = "<img src=x onerror=alert(1)>"


def with_a_page(tmp_path: Path) -> tuple[Path, str]:
    """A copy of the site with the good page in it; the page's title."""
    project = copy_project(tmp_path / "project")
    (project / "docs/assets/illustrations" / ART.name).write_bytes(ART.read_bytes())
    text = GOOD.read_text(encoding="utf-8")
    (project / PAGE).write_text(text, encoding="utf-8")
    return project, re.search(r"^title: (.*)$", text, re.M)[1]


def break_title(project: Path) -> None:
    page = project / PAGE
    page.write_text(re.sub(r"^title: .*$", f"title: '{MARKUP_TITLE}'", page.read_text(), count=1, flags=re.M))


def make_check(project: Path) -> str:
    """What `make check` prints for the project."""
    result = subprocess.run([sys.executable, "-m", "macros.tools.check", "docs"], cwd=project, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stdout.strip()


def shown_problems(page_html: str) -> str | None:
    match = re.search(r'<pre class="mdx-problems"><code>(.*?)</code></pre>', page_html, re.S)
    return html.unescape(match[1]).strip() if match else None


def test_serve_shows_a_pages_problems_on_every_page_until_it_is_fixed(tmp_path):
    project, title = with_a_page(tmp_path)
    break_title(project)
    expected = make_check(project)
    assert "must be plain text" in expected and MARKUP_TITLE in expected
    assert build(project, tmp_path / "out").returncode != 0, "only `mkdocs serve` may build a broken page"
    log = tmp_path / "serve.log"
    with serving(project, log) as (server, base):
        assert wait_for(base + URL, "mdx-problems"), "the problems were not shown:\n" + log.read_text()
        for url in (base + URL, base, base + "safety/"):
            page = fetch(url)
            assert shown_problems(page) == expected, url  # exactly what `make check` prints
            assert MARKUP_TITLE not in page and html.escape(MARKUP_TITLE, quote=False) in page, "not escaped"
        (project / PAGE).write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
        assert wait_for(base + URL, f">{title}<"), "the fixed page did not come back:\n" + log.read_text()
        page = fetch(base + URL)
        assert shown_problems(page) is None and "Sources" in page
        assert shown_problems(fetch(base)) is None
        # Broken again, another way (saved in Windows-1252): the server is still in the same mode.
        (project / PAGE).write_bytes(GOOD.read_text(encoding="utf-8").replace(
            "## What you need", "## What you need\n\nIt\u2019s easy.", 1).encode("cp1252"))
        assert wait_for(base + URL, "not saved as UTF-8"), "the second mistake was not shown:\n" + log.read_text()
        assert shown_problems(fetch(base + URL)) == make_check(project)
        assert server.poll() is None, "the server stopped"
    output = log.read_text()
    assert "Traceback" not in output and "Aborted" not in output, output
    assert "[macros]" not in output, output  # what is printed is what the author must read
    assert "fix: save it as UTF-8" in output  # the terminal lists the problems too


@pytest.mark.browser
def test_live_reload_brings_the_page_back_when_the_problem_is_fixed(tmp_path, browser):
    project, title = with_a_page(tmp_path)
    break_title(project)
    log = tmp_path / "serve.log"
    with serving(project, log) as (_server, base):
        assert wait_for(base + URL, "mdx-problems"), "the problems were not shown:\n" + log.read_text()
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(base + URL)
            assert "problem to fix" in page.locator("h1").inner_text()
            assert page.locator("article img").count() == 0  # the title's markup is shown as text
            assert MARKUP_TITLE in page.locator(".mdx-problems").inner_text()
            (project / PAGE).write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
            # No reload by the test: the page's live-reload script does it.
            page.wait_for_function("() => !document.querySelector('.mdx-problems')", timeout=60_000)
            page.locator("h1", has_text=title).wait_for(timeout=10_000)
        finally:
            context.close()


def test_serve_survives_an_error_inside_a_page_s_macros(tmp_path):
    # Should the checks before the build miss a mistake, it is found while the page is rendered:
    # under `mkdocs serve` it is shown in its page, not fatal.
    project, _title = with_a_page(tmp_path)
    checks_that_miss(project)
    log = tmp_path / "serve.log"
    safety = project / "docs/safety.md"
    good = safety.read_text()
    with serving(project, log) as (server, base):
        assert wait_for(base + URL, "Sources"), "the site was not served:\n" + log.read_text()
        safety.write_text(good + "\n{{ emergency_numbr }}\n")
        assert wait_for(base + "safety/", "emergency_numbr"), "the error was not shown:\n" + log.read_text()
        assert "is undefined" in fetch(base + "safety/")
        safety.write_text(good)
        # The Safety page's own list of callouts ("Shown on" under each; every page has callouts in
        # its "Get help now" panel, the page showing the error too).
        assert wait_for(base + "safety/", "mdx-used-by"), "the fixed page did not come back:\n" + log.read_text()
        assert "emergency_numbr" not in fetch(base + "safety/")
        assert server.poll() is None, "the server stopped"
    assert "'emergency_numbr' is undefined" in log.read_text()  # printed in the terminal too
    result = build(project, tmp_path / "out")  # after the fix: `mkdocs build` passes again
    assert result.returncode == 0, result.stdout + result.stderr
    safety.write_text(good + "\n{{ emergency_numbr }}\n")
    assert build(project, tmp_path / "out2").returncode != 0, "`mkdocs build` must still fail on it"


def test_a_dirty_serve_brings_back_every_page_not_only_the_fixed_one(tmp_path):
    # `mkdocs serve --dirty` rebuilds only changed files: the pages that showed the problems
    # must still be made again.
    project, title = with_a_page(tmp_path)
    log = tmp_path / "serve.log"
    with serving(project, log, "--dirty") as (_server, base):
        assert wait_for(base + URL, "Sources"), "the site was not served:\n" + log.read_text()
        break_title(project)
        assert wait_for(base, "mdx-problems"), "the problems were not shown:\n" + log.read_text()
        (project / PAGE).write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
        assert wait_for(base + URL, f">{title}<"), "the fixed page did not come back:\n" + log.read_text()
        for url in (base, base + "safety/"):
            assert shown_problems(fetch(url)) is None, url


def wait_until(check, seconds: float = 60) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.5)
    return False


def test_serve_keeps_the_answers_of_pages_that_did_not_change_and_no_more(tmp_path):
    """`mkdocs serve` answers the checks of a page that did not change from the rebuild before
    (macros/checks/kept.py): a page whose words change is shown as it now is, and a heading
    renamed on one page shows the link to it from another page as broken, until it is back."""
    project = copy_project(tmp_path / "project")
    safety = project / "docs/safety.md"
    text = safety.read_text(encoding="utf-8")
    home = (project / "docs/index.md").read_text(encoding="utf-8")
    assert "safety.md#when-to-get-help" in home  # the link the renamed heading breaks
    log = tmp_path / "serve.log"
    with serving(project, log) as (server, base):
        assert wait_for(base + "safety/", "mdx-used-by"), "the site was not served:\n" + log.read_text()
        safety.write_text(text.replace("Please read them before you start.",
                                       "Please read them before you start, every time.", 1), encoding="utf-8")
        assert wait_for(base + "safety/", "before you start, every time."), log.read_text()
        assert shown_problems(fetch(base)) is None
        safety.write_text(text.replace("## When to get help", "## When to ask for help", 1), encoding="utf-8")
        assert wait_for(base, "mdx-problems"), "the broken link was not shown:\n" + log.read_text()
        shown = shown_problems(fetch(base))
        assert "docs/index.md" in shown and "#when-to-get-help" in shown
        assert shown == make_check(project)  # as a fresh run finds them
        safety.write_text(text, encoding="utf-8")
        assert wait_until(lambda: shown_problems(fetch(base)) is None and "mdx-used-by" in fetch(base + "safety/")), \
            "the site did not come back:\n" + log.read_text()
        assert server.poll() is None, "the server stopped"


def test_serve_makes_a_page_that_did_not_change_as_before_and_afresh_when_what_it_reads_changes(tmp_path):
    """Under `mkdocs serve`, a page whose file did not change is rendered and framed as at the
    rebuild before (macros/build/kept_renders.py): the same HTML, its tags and description
    included, while another page's new words show; a registry change shows on it at once."""
    project = copy_project(tmp_path / "project")
    floor, wall = "techniques/floor-tennis-ball/", project / "docs/techniques/wall-ball-on-a-cord.md"
    heading = callout.registry()["not-on-bone"]["heading"]
    log = tmp_path / "serve.log"

    def page_as_built(url: str) -> str:  # without the live reload's call, which names the build
        return re.sub(r"livereload\(\d+, \d+\);", "", fetch(url))

    with serving(project, log) as (server, base):
        assert wait_for(base + floor, heading), "the site was not served:\n" + log.read_text()
        before = page_as_built(base + floor)
        assert 'class="md-tag"' in before and '<meta name="description"' in before
        wall.write_text(wall.read_text(encoding="utf-8") + "\nWritten while serving.\n", encoding="utf-8")
        assert wait_for(base + "techniques/wall-ball-on-a-cord/", "Written while serving."), log.read_text()
        assert page_as_built(base + floor) == before
        said = [line for line in log.read_text().splitlines()  # but the changed page's review, said again
                if line.startswith("WARNING") and "wall-ball-on-a-cord.md" not in line]
        assert said == [], log.read_text()
        registry = project / "overrides/components/callout/registry.yml"
        registry.write_text(registry.read_text().replace(f"heading: {heading}", "heading: Changed while serving"))
        assert wait_for(base + floor, "Changed while serving"), "the kept page was not made afresh:\n" + log.read_text()
        assert server.poll() is None, "the server stopped"
