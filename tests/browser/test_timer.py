"""The timer in real headless Chromium, with Playwright's fake clock.

A throw-away copy of the site, with its pages swapped for three plain ones (so that work
on the technique pages cannot break these tests): a home page, one page with every example
timer from timer.yml, and one to navigate to and back from. Web Audio, speech, vibration, the Screen
Wake Lock and page visibility are replaced by stubs that write to `window.__log`, so each
cue can be counted.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import math
import re
import shutil
import threading

import pytest
import yaml
from conftest import ROOT, QuietHandler, build, copy_project

pytestmark = pytest.mark.browser

EXAMPLES = yaml.safe_load((ROOT / "overrides/components/timer/timer.yml").read_text(encoding="utf-8"))["examples"]
NAMES = [e["name"] for e in EXAMPLES]
# The reader taps Start at 14:00:00 London time, on a day without summer time.
START = dt.datetime(2026, 1, 12, 14, 0, 0, tzinfo=dt.UTC)
TEST_PAGE = "---\ntitle: Timer test\n---\n\n# Timer test\n\n[Another page](timer-away.md)\n\n" + "\n\n".join(
    f"## {e['name']}\n\n{e['call']}" for e in EXAMPLES) + "\n"
AWAY_PAGE = ('---\ntitle: Timer away\n---\n\n# Timer away\n\n[Back to the timers](timer-test.md)\n\n'
             '{{ timer("45s", label="Away") }}\n')

STUBS = """
(() => {
  const log = (window.__log = []);
  const rec = (what) => log.push(what);
  const param = { setValueAtTime() {}, exponentialRampToValueAtTime() {} };
  class Node { constructor() { this.frequency = param; this.gain = param; }
    connect(next) { return next; } start() {} stop() {} }
  window.AudioContext = class {
    constructor() { this.state = "running"; this.currentTime = 0; this.destination = new Node(); rec("audio:new"); }
    createOscillator() { rec("audio:chime"); return new Node(); }
    createGain() { return new Node(); }
    resume() { return Promise.resolve(); }
    close() { this.state = "closed"; rec("audio:close"); return Promise.resolve(); }
  };
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  // This device's voices (localService) by default; a test may give network voices only.
  const voices = window.__voices || [{ name: "Device voice", lang: "en-GB", localService: true }];
  Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
    getVoices: () => voices,
    speak: (u) => rec(u.text ? "speak:" + u.text + (u.voice ? "" : " (no voice chosen)") : "speak:(unlock)"),
    cancel: () => rec("speech:cancel") } });
  Object.defineProperty(navigator, "vibrate", { configurable: true, value: () => (rec("vibrate"), true) });
  const locks = [];
  const mode = window.__wakeLockMode || "grant";
  if (mode === "absent") delete Navigator.prototype.wakeLock;
  else Object.defineProperty(navigator, "wakeLock", { configurable: true, value: { request() {
    rec("wakelock:request");
    // "tap": as WebKit after a reload, the lock only inside a tap (a page with no user activation).
    if (mode === "refuse" || (mode === "tap" && !navigator.userActivation.isActive)) {
      return Promise.reject(new DOMException("Refused", "NotAllowedError"));
    }
    const lock = { released: false, release() { if (!this.released) { this.released = true; rec("wakelock:release"); }
      return Promise.resolve(); } };
    locks.push(lock);
    return Promise.resolve(lock);
  } } });
  let hidden = false;
  Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
  Object.defineProperty(document, "visibilityState", {
    configurable: true, get: () => (hidden ? "hidden" : "visible") });
  window.__setHidden = (value) => {
    hidden = value;
    // As browsers do: a hidden page loses its wake lock.
    if (value) locks.forEach((lock) => { if (!lock.released) { lock.released = true; rec("wakelock:lost"); } });
    document.dispatchEvent(new Event("visibilitychange"));
  };
})();
"""


@pytest.fixture(scope="session")
def timer_site(tmp_path_factory):
    """A copy of the site with the timer test pages, built strictly and served on 127.0.0.1: its
    folder and address.

    `site_url` is set to the address served: Material's instant navigation only follows links
    to the pages its sitemap lists, and it keeps the sitemap's port.
    """
    out = tmp_path_factory.mktemp("timer-site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    project = copy_project(tmp_path_factory.mktemp("timer-src"))
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*$", f"site_url: {url}", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    shutil.rmtree(project / "docs")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Timers\n\n[The timers](timer-test.md)\n", encoding="utf-8")
    (project / "docs" / "timer-test.md").write_text(TEST_PAGE, encoding="utf-8")
    (project / "docs" / "timer-away.md").write_text(AWAY_PAGE, encoding="utf-8")
    result = build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out, url
    server.shutdown()


@pytest.fixture(scope="session")
def timer_url(timer_site) -> str:
    return timer_site[1]


class Timer:
    """One timer on the page, read the way a reader sees it."""

    def __init__(self, page, name: str):
        self.el = page.locator(".mdx-timer").nth(NAMES.index(name))
        self.start = self.el.locator("[data-action=start]")
        self.reset = self.el.locator("[data-action=reset]")
        self.next = self.el.locator("[data-action=next]")

    def part(self, name: str) -> str:
        return self.el.locator(f".mdx-timer__{name}").text_content()

    @property
    def time(self) -> str:
        return self.part("time")

    @property
    def phase(self) -> str:
        return self.part("phase")

    @property
    def state(self) -> str:
        return self.part("state")

    def look(self) -> dict[str, str]:
        """Everything shown at once (one round trip): phase, time, state, status and the page title."""
        return self.el.evaluate("""e => Object.fromEntries(["phase", "time", "state", "status"].map(
            n => [n, e.querySelector(".mdx-timer__" + n).textContent]).concat([["title", document.title]]))""")


class Run:
    """A page with the fake clock paused at START, the stubs, and what went wrong."""

    def __init__(self, context, url: str, errors: list[str]):
        self.context, self.url, self.errors = context, url, errors
        self.page = context.new_page()
        self.page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        self.page.on("pageerror", lambda err: errors.append(str(err)))
        self.page.clock.install(time=START - dt.timedelta(seconds=5))
        self.page.clock.pause_at(START)

    def open(self) -> Run:
        self.page.goto(self.url + "timer-test/")
        return self

    def timer(self, name: str) -> Timer:
        return Timer(self.page, name)

    def run(self, seconds: float) -> None:
        self.page.clock.run_for(round(seconds * 1000))

    def log(self, prefix: str = "") -> list[str]:
        return [e for e in self.page.evaluate("window.__log") if e.startswith(prefix)]

    def cues(self, said: bool = False) -> dict[str, int | str]:
        """How many chimes, buzzes and spoken cues so far (the silent unlock is not a cue), and
        with `said`, the last words spoken."""
        log = self.log()
        spoken = [e.removeprefix("speak:") for e in log if e.startswith("speak:") and e != "speak:(unlock)"]
        counts = {"chime": log.count("audio:chime"), "buzz": log.count("vibrate"), "speak": len(spoken)}
        return {**counts, "said": spoken[-1] if spoken else None} if said else counts


@pytest.fixture
def timer_context(browser, timer_url):
    """Opens a context whose pages get the stubs: `wake_lock` is "grant", "refuse", "tap" or "absent",
    other options go to `browser.new_context`. Console errors and requests to other hosts fail the test."""
    contexts, errors, foreign = [], [], []

    def open_page(wake_lock: str = "grant", voices: list[dict] | None = None, **options) -> Run:
        context = browser.new_context(locale="en-GB", timezone_id="Europe/London", **options)
        contexts.append(context)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(timer_url)
                      else (foreign.append(route.request.url), route.abort()))
        context.add_init_script(f"window.__wakeLockMode = {wake_lock!r};")
        if voices is not None:
            context.add_init_script(f"window.__voices = {json.dumps(voices)};")
        context.add_init_script(STUBS)
        return Run(context, timer_url, errors)

    yield open_page
    for context in contexts:
        context.close()
    assert errors == []
    assert foreign == []


def _at(seconds: float) -> str:
    """The local clock time `seconds` after START, as the page writes it."""
    return (START + dt.timedelta(seconds=seconds)).strftime("%H:%M")


def test_start_counts_down_shows_the_title_and_ends_with_one_cue(timer_context):
    run = timer_context().open()
    page, timer = run.page, run.timer("One hold")
    title = page.title()
    assert (timer.phase, timer.time, timer.state) == ("Lean into the ball", "0:20", "Not started")
    assert timer.start.text_content() == "Start" and timer.reset.get_attribute("aria-disabled") == "true"
    timer.start.click()
    assert timer.start.text_content() == "Pause" and timer.state == "Running"
    assert timer.part("status") == "Started. Lean into the ball."
    assert timer.part("note") == "Your screen stays on while the timer runs."
    run.run(5)
    assert timer.time == "0:15" and page.title() == "0:15 · Lean into the ball"
    run.run(14.5)
    assert timer.time == "0:01" and run.cues() == {"chime": 0, "buzz": 0, "speak": 0}
    run.run(0.5)
    assert (timer.phase, timer.time, timer.state) == ("All done", "0:00", f"Finished at {_at(20)}")
    assert timer.part("status") == "All done."
    assert run.cues() == {"chime": 1, "buzz": 1, "speak": 1} and run.log("speak:All")
    assert page.title() == title and timer.start.text_content() == "Start again"
    assert run.log("wakelock:") == ["wakelock:request", "wakelock:release"]
    assert timer.el.locator(".mdx-timer__note").is_hidden()
    run.run(60)
    assert run.cues() == {"chime": 1, "buzz": 1, "speak": 1}  # nothing more once done


def test_words_are_spoken_by_a_voice_of_this_device_only(timer_context):
    # A voice of this device, in the page's language, is chosen by name; never left to chance.
    run = timer_context(voices=[{"name": "Network", "lang": "en-GB", "localService": False},
                                {"name": "French", "lang": "fr-FR", "localService": True},
                                {"name": "Device", "lang": "en_US", "localService": True}]).open()
    run.timer("One hold").start.click()
    run.run(20)
    assert run.cues(said=True) == {"chime": 1, "buzz": 1, "speak": 1, "said": "All done."}
    # Network voices only (some desktop browsers): no speech, as the words would leave the
    # device; the chime, the buzz and the words on screen still come.
    run = timer_context(voices=[{"name": "Network", "lang": "en-GB", "localService": False}]).open()
    timer = run.timer("One hold")
    timer.start.click()
    run.run(20)
    assert run.cues() == {"chime": 1, "buzz": 1, "speak": 0}
    assert timer.part("status") == "All done."


def test_spots_walk_their_segments_in_order_with_one_cue_at_each_end(timer_context):
    run = timer_context().open()
    timer = run.timer("Spots")
    timer.start.click()
    assert run.log("speak:") == ["speak:(unlock)"]  # spoken inside the tap, so that later speech works on iOS
    segments = [("Get ready", 5, "Go: Spot 1 of 3."), ("Spot 1 of 3", 300, "Spot 1 done. Move the ball."),
                ("Move to spot 2", 15, "Go: Spot 2 of 3."), ("Spot 2 of 3", 300, "Spot 2 done. Move the ball."),
                ("Move to spot 3", 15, "Go: Spot 3 of 3."), ("Spot 3 of 3", 300, "All done.")]
    elapsed = 0
    for count, (name, seconds, words) in enumerate(segments):
        seen = timer.look()
        assert (seen["phase"], seen["time"]) == (name, f"{seconds // 60}:{seconds % 60:02}")
        run.run(seconds - 0.5)
        seen = timer.look()
        assert (seen["phase"], seen["time"], seen["title"]) == (name, "0:01", f"0:01 · {name}")
        assert run.cues() == {"chime": count, "buzz": count, "speak": count}
        run.run(0.5)
        elapsed += seconds
        assert run.cues(said=True) == {"chime": count + 1, "buzz": count + 1, "speak": count + 1, "said": words}
        assert timer.look()["status"] == words
    seen = timer.look()
    assert (seen["phase"], seen["state"]) == ("All done", f"Finished at {_at(elapsed)}")


def test_count_down_beeps_the_last_three_seconds_and_warn_cues_once(timer_context):
    run = timer_context().open()
    counted, long = run.timer("Count the last seconds"), run.timer("One long hold with a warning")
    counted.start.click()
    run.run(26.5)
    assert run.cues()["chime"] == 0
    run.run(3)  # 3, 2 and 1 second left
    assert run.cues() == {"chime": 3, "buzz": 0, "speak": 0}
    run.run(0.5)  # the end of the first hold
    assert run.cues() == {"chime": 4, "buzz": 1, "speak": 1} and counted.phase == "Rest"
    counted.reset.click()
    assert (counted.phase, counted.time, counted.state) == ("Hold 1 of 2", "0:30", "Not started")
    long.start.click()
    run.run(14 * 60 - 0.5)
    assert long.time == "1:01" and run.cues() == {"chime": 4, "buzz": 1, "speak": 1}
    run.run(0.5)
    assert long.time == "1:00" and long.part("status") == "1 minute left."
    assert run.cues() == {"chime": 5, "buzz": 2, "speak": 2} and run.log("speak:")[-1] == "speak:1 minute left."
    run.run(60)
    assert long.phase == "All done" and run.cues() == {"chime": 6, "buzz": 3, "speak": 3}


def test_pause_through_a_minute_keeps_the_time_and_resume_goes_on(timer_context):
    run = timer_context().open()
    page, timer = run.page, run.timer("Repeats with rest")
    title = page.title()
    timer.start.focus()
    page.keyboard.press("Enter")  # from the keyboard
    run.run(5)
    assert timer.time == "0:15"
    page.keyboard.press("Space")
    assert (timer.time, timer.state, timer.start.text_content()) == ("0:15", "Paused", "Resume")
    assert page.title() == "Paused · 0:15 · Press 1 of 5"  # told on another tab too
    assert run.log("wakelock:") == ["wakelock:request", "wakelock:release"]
    run.run(60)
    assert (timer.time, timer.phase, timer.state) == ("0:15", "Press 1 of 5", "Paused")
    assert run.cues() == {"chime": 0, "buzz": 0, "speak": 0}
    timer.start.click()
    assert timer.start.text_content() == "Pause" and run.log("wakelock:")[-1] == "wakelock:request"
    run.run(10)
    assert timer.time == "0:05" and timer.state == "Running"
    timer.next.click()  # skip the rest of the press: the rest between presses starts
    assert (timer.phase, timer.time) == ("Rest", "0:10")
    timer.next.click()
    assert (timer.phase, timer.time) == ("Press 2 of 5", "0:20")
    run.run(3)
    timer.reset.click()
    assert (timer.phase, timer.time, timer.state, timer.start.text_content()) == (
        "Press 1 of 5", "0:20", "Not started", "Start")
    assert page.title() == title and run.cues() == {"chime": 0, "buzz": 0, "speak": 0}


def test_hidden_for_ten_minutes_it_is_right_on_return_and_asks_for_the_wake_lock_again(timer_context):
    run = timer_context().open()
    page, timer = run.page, run.timer("Spots")
    timer.start.click()
    run.run(2)
    page.evaluate("window.__setHidden(true)")
    assert run.log("wakelock:") == ["wakelock:request", "wakelock:lost"]
    # Jump 10 minutes ahead, firing each due timer at most once: a count of ticks would be far behind.
    page.clock.fast_forward(10 * 60 * 1000)
    page.evaluate("window.__setHidden(false)")
    # 602 s in: 5 s to get ready, spot 1 (300 s), 15 s to move, then 282 s of spot 2.
    assert (timer.phase, timer.time, timer.state) == ("Spot 2 of 3", "0:18", "Running")
    assert run.log("wakelock:") == ["wakelock:request", "wakelock:lost", "wakelock:request"]
    assert timer.part("note") == "Your screen stays on while the timer runs."
    assert run.cues() == {"chime": 0, "buzz": 0, "speak": 0}  # long past: no burst of late cues
    run.run(18)
    assert timer.phase == "Move to spot 3" and run.cues() == {"chime": 1, "buzz": 1, "speak": 1}


@pytest.mark.parametrize("wake_lock", ["refuse", "absent"])
def test_without_a_wake_lock_the_timer_runs_and_says_to_keep_the_screen_on(timer_context, wake_lock):
    run = timer_context(wake_lock).open()
    timer = run.timer("One hold")
    timer.start.click()
    run.run(5)
    assert timer.time == "0:15" and timer.state == "Running"
    note = timer.el.locator(".mdx-timer__note")
    assert note.is_visible() and note.text_content().startswith("Keep your screen on")


def test_reload_while_running_is_restored_and_reopened_late_it_says_when_it_finished(timer_context):
    run = timer_context().open()
    page, timer = run.page, run.timer("Spots")
    timer.start.click()
    run.run(65)
    page.reload()
    timer = run.timer("Spots")
    assert (timer.phase, timer.time, timer.state) == ("Spot 1 of 3", "4:00", "Running")
    assert timer.start.text_content() == "Pause" and page.title() == "4:00 · Spot 1 of 3"
    assert run.log("wakelock:") == ["wakelock:request"]
    # Browsers start sound only inside a tap: after the reload it is off, and the page says so.
    sound = timer.el.locator("[data-action=sound]")
    assert sound.is_visible() and sound.inner_text() == "Tap to turn the sound back\u00a0on"
    assert run.log("audio:new") == []
    sound.click()
    assert sound.is_hidden() and run.log("audio:new") == ["audio:new"]
    run.run(240)
    spoken = [said for said in run.log("speak:") if said != "speak:(unlock)"]  # the tap's silent unlock
    assert timer.phase == "Move to spot 2" and spoken == ["speak:Spot 1 done. Move the ball."]
    timer.start.click()  # pause, then reload: still paused
    page.reload()
    timer = run.timer("Spots")
    assert (timer.phase, timer.time, timer.state) == ("Move to spot 2", "0:15", "Paused")
    timer.start.click()
    page.clock.fast_forward(20 * 60 * 1000)
    page.reload()
    timer = run.timer("Spots")
    # Resumed at 305 s with 15 s of moving and spots 2 and 3 (300 s each) to go: it ended at 935 s.
    assert (timer.phase, timer.time, timer.state) == ("All done", "0:00", f"Finished at {_at(935)}")
    run.run(10)
    assert run.cues() == {"chime": 0, "buzz": 0, "speak": 0}  # no late beep
    assert timer.start.text_content() == "Start again"


def _navigate(run, link: str | None, heading: str) -> None:
    """Follow a link (or go back, with link=None) and let Material's instant navigation finish."""
    page = run.page
    if link:
        page.get_by_role("link", name=link).click()
    else:
        page.go_back()
    arrived(run, heading, "[...document.querySelectorAll('[data-mdx-timer]')].every(e => e.mdxTimer)")


def arrived(run, heading: str, mounted: str) -> None:
    """Let the fake clock run until the page titled `heading` is in and `mounted` (a script) holds."""
    done = f"h => document.querySelector('article h1')?.textContent.startsWith(h) && ({mounted})"
    for _ in range(100):
        if run.page.evaluate(done, heading):
            return
        run.run(0.05)
    raise AssertionError(f"{heading} never came: still on {run.page.url}")


def test_a_running_timer_goes_on_while_the_reader_is_on_another_page_and_is_let_go_once_paused(timer_context):
    """A reader lying on the ball who follows a link still hears when to move: the timer keeps
    counting and cueing on the next page, a bar says so and leads back, and the same timer takes
    up its place again on return. A timer that is not running is let go with its page."""
    run = timer_context().open()
    page, timer = run.page, run.timer("Spots")
    count = page.locator("[data-mdx-timer]").count()
    assert count == len(EXAMPLES) and page.evaluate("window.mdxTimers.length") == count
    timer.start.click()
    run.run(10)  # 5 s to get ready, then 5 s of spot 1
    page.evaluate(f"window.__sameDocument = true; window.__spots = "
                  f"document.querySelectorAll('[data-mdx-timer]')[{NAMES.index('Spots')}].mdxTimer")
    _navigate(run, "Another page", "Timer away")
    assert page.evaluate("window.__sameDocument")  # Material swapped the content: no page load
    # This page's timer, and the one still going; the others, not started, were let go.
    assert page.evaluate("window.mdxTimers.length") == 2
    assert page.evaluate("window.mdxTimers.includes(window.__spots) && window.__spots.running()")
    assert not run.log("audio:close") and not run.log("speech:cancel") and not run.log("wakelock:release")
    assert re.fullmatch(r"4:5\d · Spot 1 of 3", page.title())
    bar = page.locator(".mdx-session")
    assert re.fullmatch(r"Timer running: Timer test: Spot 1 of 3, 4:5\d Back to the timer",
                        " ".join(bar.inner_text().split()))
    assert re.search(r"/timer-test/(#[\w-]+)?$", bar.get_by_role("link").get_attribute("href"))
    # This page's own Start does not start a second set of cues.
    own = page.locator("[data-mdx-timer]").first
    own.locator("[data-action=start]").click()
    assert own.locator(".mdx-timer__state").text_content() == "Not started"
    assert own.locator(".mdx-timer__note").text_content().startswith("A timer is running")
    before = run.cues()
    run.run(300)  # spot 1 ends 305 s after the Start tap, while the reader is on this page
    after = run.cues(said=True)
    assert (after["buzz"] - before["buzz"], after["speak"] - before["speak"]) == (1, 1)
    assert after["said"] == "Spot 1 done. Move the ball."
    run.run(10)  # past "Go: Spot 2 of 3." at 320 s
    bar.get_by_role("link").click()
    arrived(run, "Timer test", "[...document.querySelectorAll('[data-mdx-timer]')].every(e => e.mdxTimer)")
    assert page.evaluate("window.__sameDocument") and page.evaluate("window.mdxTimers.length") == count
    assert page.evaluate(f"document.querySelectorAll('[data-mdx-timer]')[{NAMES.index('Spots')}].mdxTimer "
                         "=== window.__spots")  # the same timer took up the new element
    assert page.locator(".mdx-session").count() == 0  # back on its page: no bar
    timer = run.timer("Spots")
    # The walk went on by the clock: spot 2 ends 620 s after the Start tap.
    left = math.ceil(620 - (page.evaluate("Date.now()") - START.timestamp() * 1000) / 1000)
    assert (timer.phase, timer.state, timer.time) == ("Spot 2 of 3", "Running", f"{left // 60}:{left % 60:02}")
    before = run.cues()
    run.run(left)  # spot 2 ends: exactly one buzz and one spoken cue, so exactly one timer is running
    after = run.cues()
    assert (after["buzz"] - before["buzz"], after["speak"] - before["speak"]) == (1, 1)
    # Paused, it is let go with its page: sound closed, speech stopped, wake lock and title given back.
    timer.start.click()
    assert timer.state == "Paused"
    _navigate(run, "Another page", "Timer away")
    assert page.evaluate("window.mdxTimers.length") == 1
    assert not page.evaluate("window.mdxTimers.includes(window.__spots)")
    assert run.log("audio:close") and run.log("speech:cancel") and run.log("wakelock:release")
    assert page.title().startswith("Timer away") and page.locator(".mdx-session").count() == 0
    before = run.cues()
    run.run(400)
    assert run.cues() == before
    _navigate(run, None, "Timer test")
    assert page.evaluate("window.mdxTimers.length") == count
    assert (timer.phase, timer.state) == ("Move to spot 3", "Paused")  # restored as it was left


def test_a_running_timer_goes_on_on_a_page_loaded_afresh_and_takes_up_its_place_on_return(timer_context):
    """A page loaded afresh (a reload, a link the instant navigation did not take, the site
    opened again in the tab) does not silence a timer left running on another page: it goes on
    from what it saved, with its cues, its bar and the way back, and on its own page it takes up
    its element again."""
    run = timer_context().open()
    page, timer = run.page, run.timer("Spots")
    timer.start.click()
    run.run(10)  # 5 s to get ready, then 5 s of spot 1
    page.goto(run.url + "timer-away/")  # a full page load: nothing of the last page is in memory
    assert page.evaluate("window.mdxTimers.length") == 2  # this page's own, and the one taken up
    bar = page.locator(".mdx-session")
    assert re.fullmatch(r"Timer running: Timer test: Spot 1 of 3, 4:5\d Back to the timer",
                        " ".join(bar.inner_text().split()))
    assert re.search(r"/timer-test/(#[\w-]+)?$", bar.get_by_role("link").get_attribute("href"))
    assert re.fullmatch(r"4:5\d · Spot 1 of 3", page.title())
    # One set of cues at a time: this page's own Start waits, as after instant navigation.
    own = page.locator("[data-mdx-timer]").first
    own.locator("[data-action=start]").click()  # a tap: sound may start again
    assert own.locator(".mdx-timer__state").text_content() == "Not started"
    assert own.locator(".mdx-timer__note").text_content().startswith("A timer is running")
    before = run.cues()
    run.run(300)  # spot 1 ends 305 s after the Start tap
    after = run.cues(said=True)
    assert (after["buzz"] - before["buzz"], after["speak"] - before["speak"]) == (1, 1)
    assert after["said"] == "Spot 1 done. Move the ball."
    page.evaluate("window.__sameDocument = true; "
                  "window.__left = window.mdxTimers.find(t => !t.el.isConnected)")
    bar.get_by_role("link").click()
    arrived(run, "Timer test", "[...document.querySelectorAll('[data-mdx-timer]')].every(e => e.mdxTimer)")
    assert page.evaluate("window.__sameDocument")
    assert page.evaluate(f"document.querySelectorAll('[data-mdx-timer]')[{NAMES.index('Spots')}].mdxTimer "
                         "=== window.__left")  # the timer taken up took its element
    assert page.locator(".mdx-session").count() == 0
    timer = run.timer("Spots")
    assert (timer.phase, timer.state) == ("Move to spot 2", "Running")  # 310 s after the Start tap
    before = run.cues()
    left = math.ceil(620 - (page.evaluate("Date.now()") - START.timestamp() * 1000) / 1000)
    run.run(left)  # "Go: Spot 2 of 3." at 320 s, "Spot 2 done." at 620 s: once each, so one timer runs
    after = run.cues(said=True)
    assert (after["buzz"] - before["buzz"], after["speak"] - before["speak"]) == (2, 2)
    assert after["said"] == "Spot 2 done. Move the ball."


def test_a_timer_that_ends_on_a_page_loaded_afresh_says_so_there_and_offers_to_note_it_on_return(timer_context):
    run = timer_context().open()
    page, timer = run.page, run.timer("One hold")
    timer.start.click()
    page.goto(run.url + "timer-away/")
    assert page.locator(".mdx-session").count() == 1
    page.locator("article h1").click()  # a tap: sound may start again
    run.run(25)  # it ends 20 s after its Start tap
    assert run.cues(said=True) == {"chime": 1, "buzz": 1, "speak": 1, "said": "All done."}
    assert page.locator(".mdx-session").count() == 0 and page.title().startswith("Timer away")
    _navigate(run, "Back to the timers", "Timer test")
    assert timer.state == f"Finished at {_at(20)}"
    assert timer.el.locator(".mdx-log-done").count() == 1
    # Paused, or ended before the next page loads: nothing is taken up there.
    timer.start.click()
    timer.start.click()
    assert timer.state == "Paused"
    page.goto(run.url + "timer-away/")
    assert page.evaluate("window.mdxTimers.length") == 1 and page.locator(".mdx-session").count() == 0
    page.goto(run.url + "timer-test/")
    timer.start.click()
    run.run(25)
    page.goto(run.url + "timer-away/")
    assert page.evaluate("window.mdxTimers.length") == 1 and page.locator(".mdx-session").count() == 0


@pytest.mark.parametrize("home", ["javascript:alert(1)", "//example.org/x/", "/\\example.org/x/", "https://example.org/"])
def test_a_saved_timer_whose_way_back_leaves_the_site_is_not_taken_up(timer_context, home):
    run = timer_context().open()
    page = run.page
    page.evaluate("""home => {
      const segments = document.querySelector("[data-mdx-timer]").dataset.segments;
      sessionStorage.setItem("mdx-timer:/elsewhere/#0", JSON.stringify(
        {segments, home, from: "Elsewhere", phase: "run", segment: 0, endsAt: Date.now() + 60000}));
    }""", home)
    page.goto(run.url + "timer-away/")
    assert page.evaluate("window.mdxTimers.length") == 1 and page.locator(".mdx-session").count() == 0
    # The same state with a path of the site is taken up: not vacuous.
    page.evaluate("""() => { const key = "mdx-timer:/elsewhere/#0";
      const left = {...JSON.parse(sessionStorage.getItem(key)), home: "/elsewhere/"};
      sessionStorage.setItem(key, JSON.stringify(left)); }""")
    page.reload()
    assert page.evaluate("window.mdxTimers.length") == 2 and page.locator(".mdx-session").count() == 1


def test_two_timers_of_one_page_may_run_together(timer_context):
    """Only a timer running on another page keeps this page's from starting (one set of cues
    from afar at a time); on one page the reader sees both and may run both."""
    run = timer_context().open()
    first, second = run.timer("One hold"), run.timer("Repeats with rest")
    first.start.click()
    second.start.click()
    assert (first.state, second.state) == ("Running", "Running") and second.part("note") != ""
    assert not second.part("note").startswith("A timer is running")


def test_back_by_the_bar_the_focus_is_on_the_timer_that_went_on(timer_context):
    """Coming back by the bar's "Back to the timer", the reader lands on its Pause button (as "Go
    to the timer" does), not at the top of the page with nothing focused."""
    run = timer_context().open()
    page, timer = run.page, run.timer("One hold")  # the page's first timer: the bar leads to its place
    timer.start.click()
    page.evaluate("window.__sameDocument = true")
    _navigate(run, "Another page", "Timer away")
    page.locator(".mdx-session a").click()
    arrived(run, "Timer test", "document.activeElement.matches('[data-action=start]')")
    assert page.evaluate("window.__sameDocument") and page.evaluate(
        "document.activeElement.closest('[data-mdx-timer]') === document.querySelectorAll('[data-mdx-timer]')[0]")
    assert page.evaluate("document.activeElement.textContent") == "Pause"


def test_a_timer_that_ends_while_the_reader_is_away_offers_to_note_it_on_return(timer_context):
    run = timer_context().open()
    page, timer = run.page, run.timer("One hold")
    timer.start.click()
    page.evaluate("window.__sameDocument = true")
    _navigate(run, "Another page", "Timer away")
    run.run(25)  # it ends 20 s after the tap: its end cue comes on this page, and the bar goes
    assert run.cues(said=True) == {"chime": 1, "buzz": 1, "speak": 1, "said": "All done."}
    assert page.locator(".mdx-session").count() == 0 and page.locator(".mdx-log-done").count() == 0
    assert page.title().startswith("Timer away")
    _navigate(run, "Back to the timers", "Timer test")
    assert timer.state == f"Finished at {_at(20)}"
    done = timer.el.locator(".mdx-log-done")
    assert done.count() == 1 and "Note it in your log?" in done.inner_text()
    # Offered once: the next visit finds it finished, with nothing more to note.
    _navigate(run, "Another page", "Timer away")
    _navigate(run, "Back to the timers", "Timer test")
    assert timer.state == f"Finished at {_at(20)}" and page.locator(".mdx-log-done").count() == 0

def test_without_javascript_only_the_sentence_shows(timer_context):
    # With the "Stop at once if" line the build puts in every timer (macros/components/before.py),
    # and the timer's name where it has one.
    run = timer_context(java_script_enabled=False).open()
    page = run.page
    assert page.locator(".mdx-timer__label").count() >= 1
    for timer in page.locator(".mdx-timer").all():
        parts = (".mdx-stop", ".mdx-timer__label", ".mdx-timer__sentence")
        shown = [timer.locator(part).inner_text().strip() for part in parts if timer.locator(part).count()]
        assert timer.inner_text().split() == " ".join(shown).split()
        assert shown[0].startswith("Stop at once if")
        assert timer.get_by_role("button").count() == 0 and timer.locator(":is(button, input):visible").count() == 0
    assert page.locator(".mdx-timer__sentence").first.text_content() == "Hold for 20 seconds."


def test_print_shows_the_sentence_and_no_controls(timer_context):
    run = timer_context().open()
    page, timer = run.page, run.timer("Spots")
    timer.start.click()
    run.run(3)
    assert timer.start.is_visible()
    page.emulate_media(media="print")
    assert page.locator(".mdx-timer :is(button, input, [role=timer]):visible").count() == 0
    assert page.locator(".mdx-timer__sentence:visible").count() == len(EXAMPLES)


def test_controls_are_big_enough_work_from_the_keyboard_and_respect_reduced_motion(timer_context):
    run = timer_context(reduced_motion="reduce", viewport={"width": 360, "height": 740}).open()
    page, timer = run.page, run.timer("Repeats with rest")
    targets = timer.el.locator(".mdx-timer__button, .mdx-timer__option")
    assert targets.count() == 5
    for target in targets.all():
        box = target.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, target.text_content()
    assert timer.el.locator(".mdx-timer__arc").evaluate("e => getComputedStyle(e).transitionDuration") == "0s"
    timer.start.focus()
    page.keyboard.press("Space")
    assert timer.state == "Running"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # Reset, then Next
    page.keyboard.press("Enter")
    assert timer.phase == "Rest"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert timer.state == "Not started"


def test_sound_and_spoken_words_can_be_turned_off_and_it_is_remembered(timer_context):
    run = timer_context().open()
    page, timer = run.page, run.timer("Repeats with rest")
    sound, voice = (timer.el.get_by_role("checkbox", name=n) for n in ("Sound", "Spoken words"))
    assert sound.is_checked() and voice.is_checked()
    sound.uncheck()
    assert page.evaluate("localStorage.getItem('mdx-timer-sound')") == "off"
    assert not run.timer("Spots").el.get_by_role("checkbox", name="Sound").is_checked()  # every timer follows
    timer.start.click()
    run.run(20)
    assert run.cues() == {"chime": 0, "buzz": 1, "speak": 1}  # silent chime; the buzz and words remain
    voice.uncheck()
    run.run(10)
    assert run.cues() == {"chime": 0, "buzz": 2, "speak": 1}
    page.reload()
    timer = run.timer("Repeats with rest")
    assert not timer.el.get_by_role("checkbox", name="Sound").is_checked()
    assert not timer.el.get_by_role("checkbox", name="Spoken words").is_checked()
    timer.el.get_by_role("checkbox", name="Sound").check()
    assert page.evaluate("localStorage.getItem('mdx-timer-sound')") == "on"


def axe_check(page, element, state_now):
    """A `check(state)` that asserts the element's state starts with `state` and that axe (WCAG
    2.2 A and AA) finds no violation in the element, with the page's fake clock let go meanwhile."""
    from axe_playwright_python.sync_playwright import Axe

    element.evaluate("e => e.id = 'element-under-test'")
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
               "resultTypes": ["violations", "passes"]}

    def check(state: str) -> None:
        assert state_now().startswith(state)
        page.clock.resume()  # axe waits on timers of its own
        results = axe.run(page, context={"include": ["#element-under-test"]}, options=options)
        page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # in seconds
        assert len(results.response["passes"]) > 10  # the element was found and checked
        assert results.violations_count == 0, f"{state}: {results.generate_report()}"

    return check


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_any_state(timer_context, scheme):
    run = timer_context(color_scheme=scheme).open()
    page, timer = run.page, run.timer("Spots")
    assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    check = axe_check(page, timer.el, lambda: timer.state)

    check("Not started")
    timer.start.click()
    run.run(2)
    check("Running")
    timer.start.click()
    check("Paused")
    while timer.next.get_attribute("aria-disabled") == "false":  # on to the end, segment by segment
        timer.next.click()
    check("Finished at")


def test_test_sound_plays_a_cue_and_a_device_without_a_voice_is_told_it_hears_chimes(timer_context):
    run = timer_context().open()
    timer = run.timer("One hold")
    test = timer.el.locator("[data-action=test]")
    assert test.inner_text() == "Test sound" and timer.el.locator(".mdx-timer__no-voice").is_hidden()
    assert timer.el.get_by_label("Spoken words").is_visible()
    box = test.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    test.click()
    assert run.cues(said=True) == {"chime": 1, "buzz": 1, "speak": 1, "said": "This is how the timer sounds."}
    assert timer.state == "Not started"  # a test, not a start
    # Network voices only: the words would leave the device, so none are offered, and the page says so.
    run = timer_context(voices=[{"name": "Network", "lang": "en-GB", "localService": False}]).open()
    timer = run.timer("One hold")
    assert timer.el.get_by_label("Spoken words").is_hidden()
    assert timer.el.locator(".mdx-timer__no-voice").inner_text() == (
        "This device has no voice to speak the words: you will hear chimes.")
    timer.el.locator("[data-action=test]").click()
    assert run.cues() == {"chime": 1, "buzz": 1, "speak": 0}
