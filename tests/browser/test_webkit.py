"""The timer and the session player in WebKit, the engine of every iOS browser.

WebKitGTK (Debian's `webkit2gtk-driver`, with its MiniBrowser) driven by Selenium, on a virtual
screen (Xvfb): start, pause, restore after a reload, the wait step, instant navigation and the
screen-on button, on the same test sites as tests/browser/test_timer.py and test_player.py.

WebDriver has no fake clock, so the pages are served through a small server that puts one at the
top of every HTML page's head, before the site's scripts: `Date`, `performance.now` and the
timers follow `window.__clock`, which only the test moves (`run`), and which carries its time
over a reload (sessionStorage), as Playwright's clock does. The stubs of Web Audio, speech,
vibration and the Screen Wake Lock are test_timer.py's, so each cue is counted the same way.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import http.server
import io
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import QuietHandler, missing_tool

from .test_player import player_site  # noqa: F401  (a fixture, shared with test_player)
from .test_timer import START, STUBS, timer_site  # noqa: F401  (a fixture, shared with test_timer)

pytestmark = pytest.mark.browser

# A fake clock, written for these tests because WebDriver has none: the page's time stands still
# until `__clock.run(ms)` fires, in order, every timer due within `ms` (each in a task of its own,
# so that promises settle between them, as in a browser). Its time is kept across a reload.
CLOCK = """
(() => {
  const RealDate = Date, realSetTimeout = setTimeout;
  const saved = Number(sessionStorage.getItem("__clockNow"));
  let now = saved || START;
  const origin = now, due = new Map();
  let lastId = 0;
  window.Date = class extends RealDate {
    constructor(...args) { if (args.length) super(...args); else super(now); }
    static now() { return now; }
  };
  performance.now = () => now - origin;
  const add = (callback, ms, args, every) => {
    const id = ++lastId, wait = Math.max(0, Number(ms) || 0);
    due.set(id, { callback, args, at: now + wait, every: every ? Math.max(1, wait) : 0 });
    return id;
  };
  window.setTimeout = (callback, ms, ...args) => add(callback, ms, args, false);
  window.setInterval = (callback, ms, ...args) => add(callback, ms, args, true);
  window.clearTimeout = window.clearInterval = (id) => due.delete(id);
  window.requestAnimationFrame = (callback) => add(() => callback(performance.now()), 16, [], false);
  window.cancelAnimationFrame = (id) => due.delete(id);
  // One task of the real clock, for the promises queued so far to settle.
  const settle = () => new Promise((resolve) => realSetTimeout(resolve, 0));
  window.__clock = {
    now: () => now,
    async run(ms) {
      const end = now + ms;
      for (let fired = 0; ; fired++) {
        // As Playwright's clock: a page that keeps setting timers due at once is a fault, not a wait.
        if (fired > 10000) throw new Error("over 10000 timers in " + ms + " ms");
        let next = null;
        for (const [id, timer] of due) if (timer.at <= end && (!next || timer.at < next[1].at)) next = [id, timer];
        if (!next) break;
        const [id, timer] = next;
        now = Math.max(now, timer.at);
        if (timer.every) timer.at += timer.every; else due.delete(id);
        try { timer.callback(...timer.args); } catch (error) { realSetTimeout(() => { throw error; }); }
        await settle();
      }
      now = end;
      await settle();
    },
  };
  addEventListener("pagehide", () => window.__clockForget || sessionStorage.setItem("__clockNow", String(now)));
  // What the page reports as an error, kept across reloads, for the test to fail on.
  const keep = (error) => sessionStorage.setItem("__errors",
    JSON.stringify([...JSON.parse(sessionStorage.getItem("__errors") || "[]"), String(error)]));
  addEventListener("error", (event) => keep(event.message));
  addEventListener("unhandledrejection", (event) => keep(event.reason));
})();
""".replace("START", str(int(START.timestamp() * 1000)))


def _injecting_server(directory: Path, site_url: str, head: str) -> http.server.ThreadingHTTPServer:
    """Serves `directory` on a port of its own, with `head` first in every HTML page's head, and the
    sitemap's addresses moved to this port (instant navigation follows only the pages it lists)."""

    class Handler(QuietHandler):
        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix not in (".html", ".xml") or not path.is_file():
                return super().send_head()
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".html":
                text = text.replace("<head>", "<head><script>" + head + "</script>", 1)
            else:
                text = text.replace(site_url, f"http://127.0.0.1:{self.server.server_address[1]}/")
            body = text.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8" if path.suffix == ".html" else "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _minibrowser() -> str | None:
    """WebKitGTK's own small browser, which its WebDriver starts (Debian puts it beside the library)."""
    found = sorted(glob.glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser")
                   + glob.glob("/usr/libexec/webkit2gtk-4.*/MiniBrowser"))
    return found[-1] if found else None


@pytest.fixture(scope="session")
def webkit():
    """One WebKitGTK browser for the module's tests, on its own virtual screen, in London time."""
    driver_path, minibrowser, xvfb = shutil.which("WebKitWebDriver"), _minibrowser(), shutil.which("Xvfb")
    if not (driver_path and minibrowser and xvfb):
        missing_tool("WebKit (`WebKitWebDriver` and its MiniBrowser, Debian package webkit2gtk-driver; "
                     "`Xvfb`, Debian package xvfb)")
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    read, write = os.pipe()
    screen = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as display:
        number = display.readline().strip()
    if not number.isdigit():
        screen.kill()
        pytest.fail(f"Xvfb did not start a screen (it said {number!r})", pytrace=False)
    env = {**os.environ, "DISPLAY": f":{number}", "TZ": "Europe/London", "LANG": "en_GB.UTF-8"}
    options = Options()
    options.binary_location = minibrowser
    options.add_argument("--automation")
    driver = webdriver.WebKitGTK(options=options, service=Service(driver_path, env=env))
    # WebKit times a script by the page's own `Date`, which the fake clock moves by minutes at a
    # time: a limit of a day of the page's time (the tests move it by an hour at most).
    driver.set_script_timeout(24 * 3600)
    try:
        yield driver
    finally:
        driver.quit()
        screen.terminate()
        screen.wait(timeout=10)


# How long, in real time, the test waits for WebKit (a page to load, the clock to get through a
# run, a navigation): far more than it takes, so that only a hang fails, not a slow machine.
PATIENCE = 120


class Page:
    """The WebKit window on one of the test sites: a fresh start at START on every `open`."""

    def __init__(self, driver, url: str):
        self.driver, self.url = driver, url

    def open(self, path: str, wake_lock: str = "grant") -> Page:
        self.driver.get(self.url + "404.html")  # a page of the site, to clear what the last test kept
        self.driver.execute_script("window.__clockForget = true; sessionStorage.clear(); localStorage.clear();"
                                   "sessionStorage.setItem('__wakeLockMode', arguments[0])", wake_lock)
        self.driver.get(self.url + path)
        self.ready()
        return self

    def ready(self) -> None:
        """Wait (in real time: the page's own clock stands still) for the timers to mount."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            if self.js("return document.readyState === 'complete' && !!window.__clock && "
                       "[...document.querySelectorAll('[data-mdx-timer]')].every(e => e.mdxTimer)"):
                return
            time.sleep(0.05)
        raise AssertionError(f"the timers of {self.driver.current_url} never mounted")

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def run(self, seconds: float) -> None:
        """Move the page's clock on by `seconds`, firing what falls due: started in one call, then
        asked after until done, so that a hang fails in real time (see `webkit` on the timeout)."""
        self.js("window.__clockRun = {done: false};"
                "window.__clock.run(arguments[0]).then(() => { window.__clockRun.done = true; },"
                " (error) => { window.__clockRun = {done: true, error: String(error)}; })", round(seconds * 1000))
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            state = self.js("return window.__clockRun")
            if state["done"]:
                assert "error" not in state, state["error"]
                return
            time.sleep(0.005)
        raise AssertionError(f"the page's clock never got through {seconds} s")

    def click(self, selector: str, within: str = "") -> None:
        element = self.driver.find_element("css selector", f"{within} {selector}".strip())
        self.js("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def reload(self) -> None:
        self.driver.refresh()
        self.ready()

    def cues(self) -> dict[str, int]:
        log = self.js("return window.__log")
        return {"chime": log.count("audio:chime"), "buzz": log.count("vibrate"),
                "speak": len([e for e in log if e.startswith("speak:") and e != "speak:(unlock)"])}

    def said(self) -> str | None:
        spoken = [e.removeprefix("speak:") for e in self.js("return window.__log")
                  if e.startswith("speak:") and e != "speak:(unlock)"]
        return spoken[-1] if spoken else None

    def log(self, prefix: str) -> list[str]:
        return [e for e in self.js("return window.__log") if e.startswith(prefix)]

    def look(self, selector: str) -> dict[str, str]:
        """What the timer at `selector` shows, in one round trip."""
        return self.js("""const e = document.querySelector(arguments[0]);
            const part = n => e.querySelector(".mdx-timer__" + n)?.textContent;
            return {phase: part("phase"), time: part("time"), state: part("state"), button: part("button--main"),
                    step: part("count"), title: document.title};""", selector)

    def errors(self) -> list[str]:
        """Errors the page reported since `open` (a script's error, a promise refused unhandled)."""
        return self.js("return JSON.parse(sessionStorage.getItem('__errors') || '[]')")

    def follow(self, selector: str | None, heading: str) -> None:
        """Follow the link at `selector` (None: go back) and let instant navigation finish."""
        if selector is None:
            self.driver.back()
        else:
            self.click(selector)
        # The page's clock moves meanwhile (Material's navigation waits on timers of its own),
        # 50 ms for every 100 ms of real time: a fetch slow by a second adds half a second to a
        # running timer's time (the tests' margins are 5 seconds and more).
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            if self.js("return document.querySelector('article h1')?.textContent.startsWith(arguments[0]) && "
                       "[...document.querySelectorAll('[data-mdx-timer]')].every(e => e.mdxTimer)", heading):
                return
            self.run(0.05)
            time.sleep(0.1)
        raise AssertionError(f"{heading} never came: still on {self.driver.current_url}")


# The stubs read the wake lock's mode from sessionStorage here (an init script cannot be given).
HEAD = CLOCK + "window.__wakeLockMode = sessionStorage.getItem('__wakeLockMode') || 'grant';" + STUBS


@contextlib.contextmanager
def _in_webkit(webkit, site: tuple[Path, str]) -> Iterator[Page]:
    """One of the test sites (its folder and address), served to WebKit with HEAD first."""
    folder, url = site
    server = _injecting_server(folder, url, HEAD)
    try:
        yield Page(webkit, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def timer_page(webkit, timer_site):  # noqa: F811
    """The timer test site (test_timer.py's), as WebKit sees it: the fake clock and the stubs first."""
    with _in_webkit(webkit, timer_site) as page:
        yield page


@pytest.fixture(scope="module")
def player_page(webkit, player_site):  # noqa: F811
    """The player's test site (test_player.py's), as WebKit sees it."""
    with _in_webkit(webkit, player_site) as page:
        yield page


def _no_errors(page: Page) -> None:
    assert page.errors() == []


def timer_selector(page: Page, name: str) -> str:
    """A CSS selector for the first timer after the heading `name` (the test page has one per heading)."""
    slug = page.js("""const h = [...document.querySelectorAll('h2')].find(h => h.textContent.startsWith(arguments[0]));
        let e = h.nextElementSibling; while (e && !e.matches('[data-mdx-timer]')) e = e.nextElementSibling;
        e.id = e.id || 'under-' + h.id; return e.id;""", name)
    return f"#{slug}"


def test_webkit_counts_down_pauses_and_ends_with_one_cue(timer_page):
    page = timer_page.open("timer-test/")
    timer = timer_selector(page, "One hold")
    assert page.look(timer)["time"] == "0:20" and page.look(timer)["state"] == "Not started"
    page.click("[data-action=start]", timer)
    seen = page.look(timer)
    assert (seen["state"], seen["button"]) == ("Running", "Pause")
    page.run(5)
    assert page.look(timer)["time"] == "0:15" and page.look(timer)["title"] == "0:15 · Lean into the ball"
    page.click("[data-action=start]", timer)  # pause through a minute
    page.run(60)
    seen = page.look(timer)
    assert (seen["time"], seen["state"], seen["button"]) == ("0:15", "Paused", "Resume")
    assert seen["title"] == "Paused · 0:15 · Lean into the ball" and page.cues()["speak"] == 0
    page.click("[data-action=start]", timer)
    page.run(14.5)
    assert page.look(timer)["time"] == "0:01" and page.cues() == {"chime": 0, "buzz": 0, "speak": 0}
    page.run(0.5)
    seen = page.look(timer)
    assert (seen["phase"], seen["time"]) == ("All done", "0:00") and seen["state"].startswith("Finished at")
    assert page.cues() == {"chime": 1, "buzz": 1, "speak": 1} and page.said() == "All done."
    assert page.log("wakelock:") == ["wakelock:request", "wakelock:release", "wakelock:request", "wakelock:release"]
    page.run(60)
    assert page.cues() == {"chime": 1, "buzz": 1, "speak": 1}
    _no_errors(page)


def test_webkit_restores_a_running_timer_after_a_reload_and_asks_for_a_tap_for_sound(timer_page):
    page = timer_page.open("timer-test/")
    timer = timer_selector(page, "Spots")
    page.click("[data-action=start]", timer)
    page.run(65)
    page.reload()
    timer = timer_selector(page, "Spots")
    seen = page.look(timer)
    assert (seen["phase"], seen["time"], seen["state"], seen["button"]) == ("Spot 1 of 3", "4:00", "Running", "Pause")
    assert seen["title"] == "4:00 · Spot 1 of 3"
    sound = f"{timer} [data-action=sound]"
    assert page.js("return arguments[0].checkVisibility()", page.driver.find_element("css selector", sound))
    assert page.log("audio:new") == []
    page.click(sound)
    assert page.log("audio:new") == ["audio:new"]
    page.run(240)
    assert page.look(timer)["phase"] == "Move to spot 2" and page.said() == "Spot 1 done. Move the ball."
    page.click("[data-action=start]", timer)  # paused, then reloaded: still paused
    page.reload()
    seen = page.look(timer_selector(page, "Spots"))
    assert (seen["phase"], seen["time"], seen["state"]) == ("Move to spot 2", "0:15", "Paused")
    _no_errors(page)


def test_webkit_a_running_timer_goes_on_through_instant_navigation_and_is_let_go_once_paused(timer_page):
    page = timer_page.open("timer-test/")
    count = page.js("return document.querySelectorAll('[data-mdx-timer]').length")
    page.click("[data-action=start]", timer_selector(page, "Spots"))
    page.run(10)
    page.js("window.__sameDocument = true")
    page.follow("article a[href$='timer-away/']", "Timer away")
    assert page.js("return window.__sameDocument") is True  # Material swapped the content: no page load
    # The running timer goes on beside this page's own; the others, not started, were let go.
    assert page.js("return window.mdxTimers.length") == 2
    assert not page.log("audio:close") and not page.log("wakelock:release")
    bar = " ".join(page.js("return document.querySelector('.mdx-session').innerText").split())
    assert re.fullmatch(r"Timer running: Timer test: Spot 1 of 3, 4:\d\d Back to the timer", bar)
    before = page.cues()
    page.run(300)  # spot 1 ends 305 s after the tap: its cue comes on this page
    assert page.cues()["speak"] > before["speak"]
    page.follow(None, "Timer test")
    assert page.js("return window.__sameDocument") is True and page.js("return window.mdxTimers.length") == count
    seen = page.look(timer_selector(page, "Spots"))
    assert seen["phase"] in ("Move to spot 2", "Spot 2 of 3") and seen["state"] == "Running"  # by the clock
    page.click("[data-action=start]", timer_selector(page, "Spots"))  # pause: let go with its page
    page.follow("article a[href$='timer-away/']", "Timer away")
    assert page.js("return window.mdxTimers.length") == 1
    assert page.log("audio:close") and page.log("wakelock:release")
    assert page.js("return document.querySelector('.mdx-session')") is None
    _no_errors(page)


PLAYER = ".mdx-timer--player"


def test_webkit_player_waits_at_a_wait_step_and_goes_on_after_im_ready(player_page):
    page = player_page.open("routine-test/")
    seen = page.look(PLAYER)
    assert (seen["step"], seen["phase"], seen["time"], seen["button"]) == ("Step 1 of 3", "Get ready", "0:45", "Start")
    page.click("[data-action=start]", PLAYER)
    page.run(45 + 30 + 15 + 30 + 15 + 30)  # step 1 to its end
    seen = page.look(PLAYER)
    assert (seen["step"], seen["phase"], seen["time"], seen["state"], seen["button"]) == (
        "Step 2 of 3", "Lie down on the floor.", "Ready?", "Waiting for you", "I'm ready")
    assert page.said() == "Spot 3 done. Next: Legs up on a chair. Lie down on the floor. Then tap I'm ready."
    before = page.cues()
    page.run(600)  # it waits, however long, and says nothing more
    assert page.look(PLAYER)["phase"] == "Lie down on the floor." and page.cues() == before
    page.click("[data-action=start]", PLAYER)
    seen = page.look(PLAYER)
    assert (seen["phase"], seen["time"], seen["state"]) == ("Legs on the chair", "5:00", "Running")
    page.run(100)
    assert page.look(PLAYER)["time"] == "3:20"
    _no_errors(page)


def test_webkit_player_reload_keeps_the_session_running_waiting_or_paused(player_page):
    page = player_page.open("routine-test/")
    page.click("[data-action=start]", PLAYER)
    page.run(50)
    page.reload()
    seen = page.look(PLAYER)
    assert (seen["phase"], seen["time"], seen["state"], seen["button"]) == ("Spot 1 of 3", "0:25", "Running", "Pause")
    assert page.cues()["speak"] == 0  # caught up without a late cue
    page.run(25 + 15 + 30 + 15 + 30)  # on to the wait
    page.reload()
    seen = page.look(PLAYER)
    assert (seen["phase"], seen["state"], seen["button"]) == ("Lie down on the floor.", "Waiting for you", "I'm ready")
    page.click("[data-action=start]", PLAYER)
    page.run(40)
    page.click("[data-action=start]", PLAYER)  # pause, reload: still paused
    page.reload()
    seen = page.look(PLAYER)
    assert (seen["phase"], seen["time"], seen["state"], seen["button"]) == (
        "Legs on the chair", "4:20", "Paused", "Resume")
    _no_errors(page)


def test_webkit_player_goes_on_through_instant_navigation_with_the_session_bar(player_page):
    page = player_page.open("routine-test/")
    page.click("[data-action=start]", PLAYER)
    page.run(50)  # 25 s left of spot 1
    page.js("window.__sameDocument = true; window.__player = window.mdxTimers[0]")
    page.follow(f"{PLAYER} .mdx-timer__name", "Ball page")
    assert page.js("return window.__sameDocument") is True
    assert page.js("return window.mdxTimers.includes(window.__player) && window.__player.running()") is True
    bar = " ".join(page.js("return document.querySelector('.mdx-session').innerText").split())
    assert re.fullmatch(r"Session running: Tennis ball on the floor: Spot 1 of 3, 0:2\d Back to the session", bar)
    page.run(26)
    assert page.said() == "Spot 1 done. Move the ball."
    page.follow(None, "Routine test")
    assert page.js("return document.querySelector('.mdx-session')") is None
    assert page.js("return document.querySelector('[data-mdx-timer]').mdxTimer === window.__player") is True
    seen = page.look(PLAYER)
    assert (seen["phase"], seen["state"]) == ("Move to spot 2", "Running")
    _no_errors(page)


@pytest.mark.parametrize("where", ["routine-test/", "ball/"])
def test_webkit_after_a_reload_the_screen_on_button_gets_the_wake_lock_in_a_tap(player_page, where):
    page = player_page.open(where, wake_lock="tap")
    timer = "[data-mdx-timer]"
    page.click("[data-action=start]", timer)
    page.run(10)
    page.reload()
    wake = page.driver.find_element("css selector", f"{timer} [data-action=wake]")
    note = page.js(f"return document.querySelector('{timer} .mdx-timer__note').textContent")
    assert note.startswith("Keep your screen on") and wake.is_displayed()
    assert page.log("wakelock:") == ["wakelock:request"]  # refused: no tap since the reload
    page.click("[data-action=wake]", timer)
    assert page.log("wakelock:") == ["wakelock:request"] * 2
    assert page.js(f"return document.querySelector('{timer} .mdx-timer__note').textContent") == (
        "Your screen stays on while the timer runs.")
    assert not wake.is_displayed()
    _no_errors(page)
