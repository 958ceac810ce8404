"""Shared fixtures: a strict build of the real site, a local server for it, and real
headless Chromium through Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["mkdocs.yml", "docs", "macros", "overrides", "pyproject.toml", "CONTRIBUTING.md"]
MKDOCS = [sys.executable, "-m", "mkdocs"]
# Every system package .ci/run installs, in the one line README.md gives (tests/test_workflows.py
# keeps the three in step). A test that needs one of them and does not find it prints this line.
APT_INSTALL = ("sudo apt-get install chromium make python3-venv poppler-utils zbar-tools fonts-dejavu-core "
               "default-jre-headless nodejs npm webkit2gtk-driver xvfb")


def missing_tool(what: str) -> None:
    """Stop a test that needs a system tool the machine lacks: a failure under CI=true (CI must run
    every test), elsewhere a skip whose reason (shown by `make test`, as pytest -ra) says what to install."""
    message = f"{what} is missing; install what the tests need with: {APT_INSTALL}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD_ART = FIXTURES / "good" / "foam-roller-on-the-floor.svg"


def own_timer_ids(text: str, prefix: str) -> str:
    """A page's text with its timers' ids made its own (`prefix`-1, -2, …): a copy of a page
    under another name keeps the site's timer ids each used once, as a contributor is told to."""
    count = iter(range(1, 1000))
    return re.sub(r'(\{\{ timer\([^\n]*?\bid=")[a-z0-9-]+(")', lambda m: f"{m[1]}{prefix}-{next(count)}{m[2]}", text)


def make_docs(tmp_path: Path, pages: dict[str, Path]) -> Path:
    """A small docs folder: a home page, a Safety page, the good page's drawing and `pages` as
    techniques (name: source file)."""
    docs = tmp_path / "docs"
    (docs / "techniques").mkdir(parents=True)
    (docs / "assets" / "illustrations").mkdir(parents=True)
    for name, title in (("index.md", "Home"), ("safety.md", "Safety")):
        (docs / name).write_text(f"---\ntitle: {title}\n---\n\n{title}.\n")
    shutil.copy(GOOD_ART, docs / "assets" / "illustrations")
    for name, source in pages.items():
        shutil.copy(source, docs / "techniques" / name)
    return docs


def article(html: str) -> str:
    """A built page's own content (its <article>): not the site around it, such as the header,
    the footer and the "Get help now" panel every page holds."""
    start = html.index("<article")
    return html[start:html.index("</article>", start)]


def registry_error(tmp_path: Path, monkeypatch, entry: dict) -> str:
    """The error the callout registry gives when it holds one good entry changed by `entry`."""
    import yaml

    from macros.components import callout
    from macros.core.errors import KnotworkError

    good = {"id": "x", "level": "caution", "heading": "H", "short": "S",
            "sources": [{"publisher": "P", "title": "T", "url": "https://example.org/"}]}
    registry = tmp_path / "registry.yml"
    registry.write_text(yaml.safe_dump([{**good, **entry}]))
    monkeypatch.setattr(callout, "REGISTRY", registry)
    callout.registry.cache_clear()
    try:
        with pytest.raises(KnotworkError) as err:
            callout.registry()
    finally:
        callout.registry.cache_clear()
    return str(err.value)


@pytest.fixture
def doses_file(tmp_path, monkeypatch):
    """A copy of doses.yml that a test may break; the registry reads it instead."""
    import yaml

    from macros.components import dose

    path = tmp_path / "doses.yml"
    path.write_text(dose.REGISTRY.read_text())
    data = yaml.safe_load(path.read_text())
    monkeypatch.setattr(dose, "REGISTRY", path)
    dose.registry.cache_clear()
    yield path, data
    dose.registry.cache_clear()


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the site's sources, for builds that break it on purpose."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


# Appended to a copy's macros/checks/site.py: every later check_site finds nothing, as if the
# checks missed a mistake. For the tests of what stands behind them (the sandbox, errors found
# while rendering, the check of the HTML the build writes).
_CHECKS_THAT_MISS = """

def check_site(*args, **kwargs):  # planted by a test: the checks miss everything
    return []
"""


def checks_that_miss(project: Path) -> Path:
    """`project` (a copy) with checks that find nothing, so a page reaches the render as it is."""
    site = project / "macros" / "checks" / "site.py"
    site.write_text(site.read_text(encoding="utf-8") + _CHECKS_THAT_MISS, encoding="utf-8")
    return project


def build(project: Path, out: Path, engine: list[str] = MKDOCS,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A strict `mkdocs build` of `project` into `out` (never quiet: quiet hides what strict counts).

    `engine` is the command that builds (MkDocs unless said); `env` adds to the environment."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([*engine, "build", "--strict", "-d", str(out)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def configured_site_url(project: Path = ROOT) -> str:
    """`site_url` as MkDocs resolves it: `!ENV [SITE_URL, default]` read from this environment,
    and a slash added at the end."""
    from mkdocs.config import config_options
    from mkdocs.utils.yaml import yaml_load

    with open(project / "mkdocs.yml", encoding="utf-8") as config:
        return config_options.URL(is_dir=True).validate(yaml_load(config).get("site_url"))


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real site, built once per test run from a copy of the sources."""
    work = tmp_path_factory.mktemp("site-src")
    copy_project(work)
    out = tmp_path_factory.mktemp("site")
    result = build(work, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line for every request."""

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """`directory` served on a free port of 127.0.0.1, for as long as the block runs."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site_dir) -> str:
    """The built site served on a free port of 127.0.0.1."""
    with serve(site_dir) as url:
        yield url


# Another address, as GitHub Pages gives a fork's: configure-pages' base_url has no slash at the end.
FORK_URL = "https://someone.github.io/fork"


@pytest.fixture(scope="session")
def fork_site_dir(tmp_path_factory) -> Path:
    """The site built as the deploy workflow builds a fork's: SITE_URL set to its address."""
    work = copy_project(tmp_path_factory.mktemp("fork-src"))
    out = tmp_path_factory.mktemp("fork-site")
    result = build(work, out, env={"SITE_URL": FORK_URL})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def chromium_path() -> str | None:
    """Debian's Chromium, or Playwright's own browser where one is installed."""
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                      "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


# Without these, Chromium tries to reach Google's hosts at start-up.
CHROMIUM_ARGS = [
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic", "--disable-gpu", "--no-sandbox",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright  # pinned in requirements.lock: missing is an error

    path = chromium_path()
    with sync_playwright() as pw:
        if path is None and not Path(pw.chromium.executable_path).is_file():
            missing_tool("Chromium (`chromium`, Debian package chromium)")
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class PageWatch:
    """What a page did that it should not: console errors and requests to other hosts."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []


@pytest.fixture
def context(browser):
    # Without the offline worker (tests/browser/test_offline.py has its own): requests a service
    # worker makes are not seen by route(), which watched_page needs to see every request.
    context = browser.new_context(service_workers="block")
    yield context
    context.close()


@pytest.fixture
def watched_page(context, site_url):
    """A page that records console errors and blocks (and records) any request off 127.0.0.1."""
    watch = PageWatch()

    def route(route):
        url = route.request.url
        if url.startswith(site_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            watch.foreign_requests.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and watch.console_errors.append(msg.text))
    page.on("pageerror", lambda err: watch.console_errors.append(str(err)))
    page.watch = watch
    yield page
