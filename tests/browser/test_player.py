"""The session player in real headless Chromium, with Playwright's fake clock.

A throw-away copy of the site whose pages are: a home page, a routine page whose body is the
HTML `timer.player()` makes from the segments of real technique timers (`timer.segments()`)
and a wait to get down to the floor, and two technique pages with a timer each, to follow a
step's link to and come back from. The stubs of Web Audio, speech, vibration, the Screen Wake
Lock and page visibility are those of test_timer.py: each cue is counted.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading

import pytest
from conftest import ROOT, QuietHandler, build, copy_project

from macros.components.timer import player, segments
from macros.core import spec as components

from .test_timer import STUBS, Run, arrived, axe_check

pytestmark = pytest.mark.browser


def timer_segments(*args, **kwargs) -> list[dict]:
    """The segments a technique's `{{ timer(...) }}` plays, made as the routine pages make them."""
    return segments(components.bind("timer", args, kwargs))


ART = ROOT / "docs" / "assets" / "illustrations"
# Three steps from the techniques' own timers; the second starts with a wait.
STEPS = [
    {"name": "Tennis ball on the floor", "href": "../ball/", "picture": "../assets/illustrations/floor-tennis-ball.svg",
     "segments": timer_segments("30s", times=3, rest="15s", unit="spot", get_ready="45s", say="Move the ball.",
                                label="First time: 3 short spots")},
    {"name": "Legs up on a chair", "href": "../chair/", "picture": "../assets/illustrations/legs-up-on-a-chair.svg",
     "segments": [{"t": 0, "name": "Lie down on the floor."},
                  *timer_segments("5 min", warn="1 min", label="Legs on the chair")]},
    {"name": "Tennis balls in a sock", "href": "../ball/", "picture": None,
     "segments": [*timer_segments("30s", times=2, rest="10s", unit="press", say="Move the sock.")[:-1],
                  {**timer_segments("30s", times=2, rest="10s", unit="press")[-1],
                   "end": "All done. To get up: Roll onto your side."}]},  # as a routine ending on the floor
]
# Each segment as the player shows it when it begins: step, phase, seconds, time left in the
# step and in all, "Next: …", and the cue when it ends (None: a wait, which ends with a tap).
WALK = [
    (1, "Get ready", 45, 165, 535, "Next: Spot 1 of 3", "Go: Spot 1 of 3."),
    (1, "Spot 1 of 3", 30, 120, 490, "Next: Move to spot 2",
     "Spot 1 done. Move the ball."),
    (1, "Move to spot 2", 15, 90, 460, "Next: Spot 2 of 3", "Go: Spot 2 of 3."),
    (1, "Spot 2 of 3", 30, 75, 445, "Next: Move to spot 3",
     "Spot 2 done. Move the ball."),
    (1, "Move to spot 3", 15, 45, 415, "Next: Spot 3 of 3", "Go: Spot 3 of 3."),
    (1, "Spot 3 of 3", 30, 30, 400, "Next: Legs up on a chair: Lie down on the floor.",
     "Spot 3 done. Next: Legs up on a chair. Lie down on the floor. Then tap I'm ready."),
    (2, "Lie down on the floor.", 0, 300, 370, "Next: Legs on the chair", None),
    (2, "Legs on the chair", 300, 300, 370, "Next: Tennis balls in a sock: Press 1 of 2",
     "Hold done. Next: Tennis balls in a sock. Go: Press 1 of 2."),
    (3, "Press 1 of 2", 30, 70, 70, "Next: Rest", "Press 1 done. Move the sock."),
    (3, "Rest", 10, 40, 40, "Next: Press 2 of 2", "Go: Press 2 of 2."),
    (3, "Press 2 of 2", 30, 30, 30, "Next: the end", "All done. To get up: Roll onto your side."),
]
TOTAL = 535
# The player's HTML reaches the page as a macro's would: through a variable (here from the front
# matter), so that the page checks see a macro call, not links written by hand.
ROUTINE_PAGE = "---\ntitle: Routine test\n---\n\n# Routine test\n\n{{ test_player() }}\n"
# A page may only call macros (a front-matter value printed through Jinja is refused), so the
# test's copy gets one more: the player of STEPS, as timer.player() makes it.
TEST_MACRO = """

_real_table = macro_table


def macro_table(*args, **kwargs):  # planted by tests/browser/test_player.py
    from markupsafe import Markup

    table = _real_table(*args, **kwargs)
    table["test_player"] = lambda: Markup({html!r})
    return table
"""
BALL_PAGE = ('---\ntitle: Ball page\n---\n\n# Ball page\n\n[Back to the routine](routine-test.md)\n\n'
             '{{ timer("30s", times=3, rest="15s", unit="spot", label="Spots") }}\n')
CHAIR_PAGE = '---\ntitle: Chair page\n---\n\n# Chair page\n\n{{ timer("5 min", label="Legs on the chair") }}\n'


@pytest.fixture(scope="session")
def player_site(tmp_path_factory):
    """The player's test site, built strictly and served on 127.0.0.1 (`site_url` set to the
    address served, so that instant navigation follows its links): its folder and address."""
    out = tmp_path_factory.mktemp("player-site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    project = copy_project(tmp_path_factory.mktemp("player-src"))
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*$", f"site_url: {url}", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    table = project / "macros" / "pages" / "macro_table.py"
    table.write_text(table.read_text(encoding="utf-8") + TEST_MACRO.format(html=str(player(STEPS, "Session"))),
                     encoding="utf-8")
    docs = project / "docs"
    shutil.rmtree(docs)
    (docs / "assets" / "illustrations").mkdir(parents=True)
    for art in ("floor-tennis-ball.svg", "legs-up-on-a-chair.svg"):
        shutil.copy(ART / art, docs / "assets" / "illustrations" / art)
    pages = {"index.md": "# Routines\n\n[The routine](routine-test.md)\n", "routine-test.md": ROUTINE_PAGE,
             "ball.md": BALL_PAGE, "chair.md": CHAIR_PAGE}
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    result = build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out, url
    server.shutdown()


@pytest.fixture(scope="session")
def player_url(player_site) -> str:
    return player_site[1]


class Player:
    """The player on the routine page, read the way a reader sees it."""

    def __init__(self, page):
        self.page = page
        self.el = page.locator(".mdx-timer--player")
        self.start, self.back, self.skip, self.reset, self.wake = (
            self.el.locator(f"[data-action={a}]") for a in ("start", "back", "next", "reset", "wake"))

    def look(self) -> dict[str, str]:
        """Everything shown at once (one round trip), the page title and the picture shown."""
        return self.el.evaluate("""e => {
            const part = n => e.querySelector(".mdx-timer__" + n).textContent;
            const pics = [...e.querySelectorAll(".mdx-timer__picture")].filter(i => !i.hidden);
            return {step: part("count"), name: part("name"), href: e.querySelector(".mdx-timer__name").href,
                    phase: part("phase"), time: part("time"), state: part("state"), left: part("left"),
                    coming: part("coming"), status: part("status"), note: part("note"),
                    button: part("button--main"), title: document.title,
                    picture: pics.map(i => i.src).join(),
                    pictureShown: pics.length === 1 && getComputedStyle(pics[0]).display !== "none"};
        }""")


def clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02}"


@pytest.fixture
def open_player(browser, player_url):
    """Opens the routine page (or `path`) in a fresh context with the stubs and the fake clock;
    console errors and requests to other hosts fail the test."""
    contexts, errors, foreign = [], [], []

    def open_page(wake_lock: str = "grant", path: str = "routine-test/", **options) -> tuple[Run, Player]:
        context = browser.new_context(locale="en-GB", timezone_id="Europe/London", **options)
        contexts.append(context)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(player_url)
                      else (foreign.append(route.request.url), route.abort()))
        context.add_init_script(f"window.__wakeLockMode = {wake_lock!r};")
        context.add_init_script(STUBS)
        run = Run(context, player_url, errors)
        run.page.goto(player_url + path)
        return run, Player(run.page)

    yield open_page
    for context in contexts:
        context.close()
    assert errors == []
    assert foreign == []


def test_the_markup_plays_the_steps_segments_each_marked_with_its_step(open_player):
    run, player_ = open_player()
    data = json.loads(player_.el.get_attribute("data-segments"))
    assert [(s["s"], s["name"], s["t"]) for s in data] == [
        (place, s["name"], s["t"]) for place, step in enumerate(STEPS) for s in step["segments"]]
    assert [w[1] for w in WALK] == [s["name"] for s in data] and sum(s["t"] for s in data) == TOTAL


def test_a_session_walks_every_step_in_order_with_one_cue_per_change(open_player):
    run, player_ = open_player()
    page = run.page
    title = page.title()
    seen = player_.look()
    assert (seen["step"], seen["name"], seen["phase"], seen["time"], seen["state"], seen["button"]) == (
        "Step 1 of 3", "Tennis ball on the floor", "Get ready", "0:45", "Not started", "Start")
    assert seen["left"] == f"Left: 2:45 of this step, {clock(TOTAL)} in all"
    assert player_.back.get_attribute("aria-disabled") == player_.skip.get_attribute("aria-disabled") == "true"
    player_.start.click()
    assert player_.look()["status"] == "Started. Tennis ball on the floor: Get ready."
    spoken = 0  # one cue at each change (a wait ends with a tap instead), and the 1-minute warning
    for count, (step, phase, seconds, step_left, all_left, coming, words) in enumerate(WALK):
        seen = player_.look()
        name = STEPS[step - 1]["name"]
        assert (seen["step"], seen["name"], seen["phase"]) == (f"Step {step} of 3", name, phase)
        assert seen["href"] == run.url + STEPS[step - 1]["href"].removeprefix("../")
        picture = STEPS[step - 1]["picture"]
        assert seen["picture"] == (run.url + picture.removeprefix("../") if picture else "")
        assert seen["pictureShown"] == bool(picture)
        assert seen["left"] == f"Left: {clock(step_left)} of this step, {clock(all_left)} in all", phase
        assert seen["coming"] == coming
        assert run.cues()["speak"] == spoken
        if words is None:  # a wait: it waits, however long, and says nothing more
            assert (seen["time"], seen["state"], seen["button"]) == ("Ready?", "Waiting for you", "I'm ready")
            assert seen["title"] == f"Ready? · {name}: {phase}"
            before = run.cues()
            run.run(600)
            assert player_.look()["phase"] == phase and run.cues() == before
            assert not page.evaluate("window.mdxTimers[0].running()")
            player_.start.click()
            assert player_.look()["status"] == f"Go: {name}: {WALK[count + 1][1]}."
            continue
        assert (seen["time"], seen["state"]) == (clock(seconds), "Running")
        assert seen["title"] == f"{clock(seconds)} · {name}: {phase}"
        assert page.evaluate("window.mdxTimers[0].running()")
        run.run(seconds - 0.5)
        assert player_.look()["time"] == "0:01"
        if phase == "Legs on the chair":
            spoken += 1
            assert run.cues(said=True) == {"chime": spoken, "buzz": spoken, "speak": spoken, "said": "1 minute left."}
        run.run(0.5)
        spoken += 1
        assert run.cues(said=True) == {"chime": spoken, "buzz": spoken, "speak": spoken, "said": words}
        assert player_.look()["status"] == words
    seen = player_.look()
    assert (seen["phase"], seen["time"], seen["state"], seen["button"]) == (
        "All done", "0:00", "Finished at 14:18", "Start again")  # 535 s and 10 minutes of waiting
    assert seen["left"] == "Left: 0:00 of this step, 0:00 in all" and seen["coming"] == ""
    assert seen["title"] == title and run.cues() == {"chime": 11, "buzz": 11, "speak": 11}
    # The wake lock was held from Start to the end, the wait included; let go once, at the end.
    assert run.log("wakelock:") == ["wakelock:request", "wakelock:release"]


def test_back_and_skip_land_on_the_right_step_with_the_right_time_left(open_player):
    run, player_ = open_player()

    def at(phase: str, time: str, state: str = "Running", all_left: int | None = None) -> None:
        seen = player_.look()
        assert (seen["phase"], seen["time"], seen["state"]) == (phase, time, state)
        if all_left is not None:
            assert seen["left"].endswith(f", {clock(all_left)} in all")

    player_.start.click()
    run.run(10)
    at("Get ready", "0:35", all_left=TOTAL - 10)
    player_.skip.click()
    at("Spot 1 of 3", "0:30", all_left=490)
    assert player_.look()["status"] == "Tennis ball on the floor: Spot 1 of 3."
    player_.skip.click()
    at("Move to spot 2", "0:15")
    run.run(5)
    player_.back.click()  # 5 s into it: Back starts it again
    at("Move to spot 2", "0:15", all_left=460)
    player_.back.click()  # at its start: Back goes to the one before
    at("Spot 1 of 3", "0:30", all_left=490)
    player_.start.click()
    player_.skip.click()  # paused, it stays paused
    at("Move to spot 2", "0:15", "Paused")
    player_.back.click()
    at("Spot 1 of 3", "0:30", "Paused")
    for _ in range(5):
        player_.skip.click()
    at("Lie down on the floor.", "Ready?", "Waiting for you", all_left=370)
    assert player_.look()["step"] == "Step 2 of 3"
    player_.back.click()  # from a wait, back to the step before it: counting again
    at("Spot 3 of 3", "0:30", all_left=400)
    assert player_.look()["step"] == "Step 1 of 3"
    player_.skip.click()
    player_.skip.click()  # skipping a wait starts what follows
    at("Legs on the chair", "5:00", all_left=370)
    run.run(100)
    at("Legs on the chair", "3:20", all_left=270)
    for _ in range(3):
        player_.skip.click()
    at("Press 2 of 2", "0:30", all_left=30)
    assert player_.look()["step"] == "Step 3 of 3"
    player_.skip.click()
    at("All done", "0:00", "Finished at 14:01", all_left=0)
    assert player_.back.get_attribute("aria-disabled") == player_.skip.get_attribute("aria-disabled") == "true"
    assert run.cues()["speak"] == 0  # taps are announced, never cued: no chime, buzz or voice
    player_.reset.click()
    at("Get ready", "0:45", "Not started", all_left=TOTAL)


def test_reload_keeps_the_session_running_waiting_or_paused(open_player):
    run, player_ = open_player()
    page = run.page
    player_.start.click()
    run.run(50)
    page.reload()
    seen = player_.look()
    assert (seen["phase"], seen["time"], seen["state"], seen["button"]) == ("Spot 1 of 3", "0:25", "Running", "Pause")
    assert seen["title"] == "0:25 · Tennis ball on the floor: Spot 1 of 3" and seen["left"].endswith("8:05 in all")
    assert run.cues()["speak"] == 0  # caught up without a late cue
    run.run(25)
    assert run.cues(said=True)["said"] == "Spot 1 done. Move the ball."
    run.run(15 + 30 + 15 + 30)  # on to the wait
    # Since the reload, no tap: no chime yet (sound starts only inside a tap), the rest comes.
    assert run.cues(said=True) == {"chime": 0, "buzz": 5, "speak": 5, "said": (
        "Spot 3 done. Next: Legs up on a chair. Lie down on the floor. Then tap I'm ready.")}
    page.reload()
    seen = player_.look()
    assert (seen["phase"], seen["state"], seen["button"]) == ("Lie down on the floor.", "Waiting for you", "I'm ready")
    assert seen["title"] == "Ready? · Legs up on a chair: Lie down on the floor."
    player_.start.click()
    run.run(40)
    player_.start.click()  # pause, reload: still paused
    page.reload()
    seen = player_.look()
    assert (seen["phase"], seen["time"], seen["state"], seen["button"]) == (
        "Legs on the chair", "4:20", "Paused", "Resume")
    assert seen["left"] == "Left: 4:20 of this step, 5:30 in all"
    run.run(60)
    assert player_.look()["time"] == "4:20" and run.cues()["speak"] == 0


def _follow(run, player_, link) -> None:
    """Follow `link` (a locator; None to go back) and let Material's instant navigation finish."""
    page = run.page
    heading = "Ball page" if link is not None else "Routine test"
    link.click() if link is not None else page.go_back()
    arrived(run, heading, "[...document.querySelectorAll('[data-mdx-timer]')].every(e => e.mdxTimer)")


def test_instant_navigation_to_a_technique_and_back_keeps_the_session_going(open_player):
    run, player_ = open_player()
    page = run.page
    player_.start.click()
    run.run(50)  # 25 s left of spot 1
    page.evaluate("window.__sameDocument = true; window.__player = window.mdxTimers[0]")
    _follow(run, player_, player_.el.locator(".mdx-timer__name"))  # the step's name links to its technique
    assert page.evaluate("window.__sameDocument")  # Material swapped the content: no page load
    assert page.url.endswith("/ball/")
    # Still going while away: it counts, the title shows the step and time left, and it cues.
    assert page.evaluate("window.mdxTimers.includes(window.__player) && window.__player.running()")
    assert re.fullmatch(r"0:2\d · Tennis ball on the floor: Spot 1 of 3", page.title())
    assert run.cues()["speak"] == 1  # "Go: Spot 1 of 3.", before leaving
    # A bar at the foot of the screen says so and leads back; the page's own Start does not
    # start a second set of cues.
    bar = page.locator(".mdx-session")
    assert re.fullmatch(r"Session running: Tennis ball on the floor: Spot 1 of 3, 0:2\d Back to the session",
                        " ".join(bar.inner_text().split()))
    assert re.search(r"/routine-test/(#[\w-]+)?$", bar.get_by_role("link").get_attribute("href"))
    box = bar.get_by_role("link").bounding_box()
    assert box["height"] >= 44 and box["y"] + box["height"] <= page.viewport_size["height"]
    own = page.locator("[data-mdx-timer]").first
    own.locator("[data-action=start]").click()
    assert own.locator(".mdx-timer__state").text_content() == "Not started"
    assert own.locator(".mdx-timer__note").text_content().startswith("A session is running")
    assert run.cues()["speak"] == 1
    run.run(26)
    assert run.cues(said=True) == {"chime": 2, "buzz": 2, "speak": 2, "said": "Spot 1 done. Move the ball."}
    assert re.fullmatch(r"0:1\d · Tennis ball on the floor: Move to spot 2", page.title())
    assert run.log("wakelock:") == ["wakelock:request"]  # the screen stays on meanwhile
    _follow(run, player_, None)
    assert page.evaluate("window.__sameDocument")
    assert page.locator(".mdx-session").count() == 0  # back on its page: no bar
    # The same session took up the routine page's new element: one player, the technique's timer gone.
    assert page.evaluate("document.querySelector('[data-mdx-timer]').mdxTimer === window.__player")
    assert page.evaluate("window.mdxTimers.length") == 1
    seen = player_.look()
    assert (seen["phase"], seen["state"], seen["button"]) == ("Move to spot 2", "Running", "Pause")
    left = int(seen["time"].split(":")[1])
    assert 0 < left < 15 and seen["title"] == f"0:{left:02} · Tennis ball on the floor: Move to spot 2"
    before = run.cues()["speak"]
    run.run(left)  # exactly one cue at the next change: one session, not two
    assert run.cues(said=True)["said"] == "Go: Spot 2 of 3." and run.cues()["speak"] == before + 1
    assert player_.look()["phase"] == "Spot 2 of 3"
    player_.start.click()  # the buttons of the new element work
    assert player_.look()["state"] == "Paused"
    # Paused, it does not go on while away: it is let go, and restored exactly on return.
    _follow(run, player_, player_.el.locator(".mdx-timer__name"))
    assert page.evaluate("window.mdxTimers.includes(window.__player)") is False
    assert page.title().startswith("Ball page")
    run.run(120)
    _follow(run, player_, None)
    seen = player_.look()
    assert (seen["phase"], seen["state"], seen["time"]) == ("Spot 2 of 3", "Paused", "0:30")


def test_a_reader_who_opens_a_technique_first_gets_the_whole_player_after_instant_navigation(open_player):
    # Only the pages that show a player load its script: here it first comes with instant
    # navigation, which runs it before the routine page's document$ event.
    run, player_ = open_player(path="ball/")
    page = run.page
    assert page.evaluate("window.mdxPlayer === undefined")
    assert page.locator("script[src*='player.min.js']").count() == 0
    page.evaluate("window.__sameDocument = true")
    page.locator("a", has_text="Back to the routine").click()
    for _ in range(100):
        if page.evaluate("!!document.querySelector('.mdx-timer--player')?.mdxTimer"):
            break
        run.run(0.05)
    assert page.evaluate("window.__sameDocument") and page.evaluate("window.mdxTimers.length") == 1
    seen = player_.look()
    assert (seen["step"], seen["name"], seen["left"]) == ("Step 1 of 3", "Tennis ball on the floor",
                                                          f"Left: 2:45 of this step, {clock(TOTAL)} in all")
    player_.start.click()
    run.run(50)
    player_.back.click()  # 5 s into spot 1: Back starts it again
    seen = player_.look()
    assert (seen["phase"], seen["time"], seen["coming"]) == ("Spot 1 of 3", "0:30", "Next: Move to spot 2")


@pytest.mark.parametrize("where", ["player", "technique timer"])
def test_after_a_reload_a_refused_wake_lock_gets_a_keep_the_screen_on_button(open_player, where):
    # WebKit grants the lock only inside a tap: the reload's restore cannot get it by itself.
    run, player_ = open_player(wake_lock="tap", path="routine-test/" if where == "player" else "ball/")
    page = run.page
    el = page.locator("[data-mdx-timer]").first
    wake, note = el.locator("[data-action=wake]"), el.locator(".mdx-timer__note")
    el.locator("[data-action=start]").click()
    assert note.text_content() == "Your screen stays on while the timer runs." and wake.is_hidden()
    run.run(10)
    page.reload()
    assert el.locator(".mdx-timer__state").text_content() == "Running"
    assert note.text_content().startswith("Keep your screen on") and wake.is_visible()
    assert run.log("wakelock:") == ["wakelock:request"]  # refused: no tap since the reload
    box = wake.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    wake.click()
    assert run.log("wakelock:") == ["wakelock:request"] * 2
    assert note.text_content() == "Your screen stays on while the timer runs." and wake.is_hidden()
    el.locator("[data-action=start]").click()  # paused: neither the note nor the button
    assert note.is_hidden() and wake.is_hidden()


def test_without_javascript_and_in_print_the_steps_are_a_plain_list(open_player):
    run, player_ = open_player(java_script_enabled=False)
    items = player_.el.locator(".mdx-timer__steps li")
    assert items.all_text_contents() == ["Tennis ball on the floor: 2 minutes 45 seconds",
                                         "Legs up on a chair: 5 minutes", "Tennis balls in a sock: 1 minute 10 seconds"]
    assert items.first.locator("a").get_attribute("href") == "../ball/"
    assert player_.el.locator(":is(button, input, img, [role=timer]):visible").count() == 0
    run, player_ = open_player()
    player_.start.click()
    assert player_.el.locator(".mdx-timer__steps").is_hidden() and player_.start.is_visible()
    run.page.emulate_media(media="print")
    assert player_.el.locator(":is(button, input, img, [role=timer]):visible").count() == 0
    assert player_.el.locator(".mdx-timer__steps li:visible").count() == 3


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_any_state_of_the_player(open_player, scheme):
    # With the wake lock refused, so that the note and the "Keep the screen on" button are checked too.
    run, player_ = open_player(wake_lock="refuse", color_scheme=scheme, viewport={"width": 390, "height": 844})
    check = axe_check(run.page, player_.el, lambda: player_.look()["state"])

    check("Not started")
    player_.start.click()
    run.run(2)
    assert player_.wake.is_visible()
    check("Running")
    player_.start.click()
    check("Paused")
    while player_.look()["phase"] != "Lie down on the floor.":
        player_.skip.click()
    assert player_.wake.is_visible()
    check("Waiting for you")
    while player_.skip.get_attribute("aria-disabled") == "false":
        player_.skip.click()
    check("Finished at")


def test_the_player_page_passes_the_nu_html_checker(player_site, tmp_path):
    from test_html_validity import check, known

    shutil.copytree(player_site[0] / "routine-test", tmp_path / "routine-test")
    messages = [m for m in check(tmp_path) if m.get("type") != "error" or known(m) is None]
    assert messages == []


# Where each part of the player is, and whether its text is wider than its box.
PARTS = """e => Object.fromEntries(["panel", "display", "phase", "time", "state", "button--main"].map(n => {
    const part = e.querySelector(".mdx-timer__" + n), box = part.getBoundingClientRect();
    return [n, {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                spills: part.scrollWidth > part.clientWidth + 1}];
}))"""


@pytest.mark.parametrize("text", ["100%", "200%"])
def test_at_a_wait_the_words_show_in_full_beside_im_ready_at_any_text_size(open_player, text):
    run, player_ = open_player()
    # Material's root size is 125 %: a reader's 200 % text doubles it.
    run.page.evaluate(f"document.documentElement.style.fontSize = 'calc(125% * {int(text[:-1])} / 100)'")

    def laid_out() -> dict:
        parts = player_.el.evaluate(PARTS)
        inside = parts["panel"]
        for name in ("phase", "time", "state"):
            part = parts[name]
            assert not part["spills"] and inside["left"] <= part["left"] and part["right"] <= inside["right"], name
        phase, time, state = parts["phase"], parts["time"], parts["state"]
        assert phase["bottom"] <= time["top"] + 1 and time["bottom"] <= state["top"] + 1  # one under the other
        return parts

    player_.start.click()
    parts = laid_out()  # counting: the time in the ring
    assert parts["display"]["left"] <= parts["time"]["left"] and parts["time"]["right"] <= parts["display"]["right"]
    for _ in range(6):
        player_.skip.click()
    assert (player_.look()["phase"], player_.look()["button"]) == ("Lie down on the floor.", "I'm ready")
    parts = laid_out()  # waiting: the words, then "I'm ready" just below them
    assert parts["state"]["bottom"] <= parts["button--main"]["top"]
