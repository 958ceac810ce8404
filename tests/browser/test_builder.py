"""Make your own session in real headless Chromium, on the real site: the rules' table of cases
through builder.js (the same table tests/test_builder.py runs through Python), building a
session with taps, its link round-tripped, tampered links refused with nothing rendered, the
session played by the session player on Playwright's fake clock, the safety it shows, storage
refused, and axe."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from macros.components import builder
from macros.core import session_rules
from macros.core.durations import say_duration

from .test_timer import STUBS, axe_check

pytestmark = pytest.mark.browser

CASES = yaml.safe_load(builder.CASES.read_text(encoding="utf-8"))
START = dt.datetime(2026, 1, 12, 14, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def open_builder(watched_page, site_url):
    """The builder page with the stubs of sound and speech and the fake clock; `fragment` after `#`."""
    page = watched_page
    page.add_init_script(STUBS)
    page.clock.install(time=START)

    def open_page(fragment: str = "") -> object:
        page.goto(site_url + "your-session/" + (f"#{fragment}" if fragment else ""))
        page.wait_for_function("window.mdxBuilder && document.querySelector('.mdx-builder__yours:not([hidden])')")
        return page

    yield open_page
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def page_data(page) -> dict:
    return json.loads(page.get_attribute("[data-mdx-builder]", "data-rules"))


def shown_steps(page) -> list[str]:
    return page.locator(".mdx-builder__steps > li .mdx-routine__name").all_text_contents()


def findings(page) -> list[str]:
    return page.locator(".mdx-builder__finding").all_text_contents()


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_the_browser_gives_each_case_the_same_findings_as_python(open_builder, case):
    page = open_builder()
    args = [case["steps"], CASES["data"], case["history"], case.get("today")]
    got = page.evaluate("([steps, data, history, today]) => window.mdxBuilder.check(steps, data, history, today)", args)
    assert got == case["findings"] == session_rules.check(*args)


def test_a_step_after_i_m_ready_is_counted_and_described_as_its_player_plays_it(open_builder):
    """An "I'm ready" opens the timer after it: the session has one step fewer than rows, as the
    summary, the note after adding and the player all say, and that timer's words give no time to
    get ready, as its player counts none (the time already left it out)."""
    page = open_builder()
    page.click("[data-add=floor-ball-first-time]")
    page.click("[data-action=add-ready]")
    page.click("[data-add=legs-up-first-time]")
    assert page.locator(".mdx-builder__note").text_content().endswith("Your session has 2 steps.")
    assert page.locator(".mdx-builder__summary").text_content().startswith("2 steps, ")
    assert page.locator(".mdx-builder__play .mdx-timer__count").text_content().endswith(" of 2")
    details = page.locator(".mdx-builder__steps .mdx-routine__detail").all_text_contents()
    data = page_data(page)["timers"]
    assert details[0] == data["floor-ball-first-time"]["detail"] and "to get ready" in details[0]
    assert details[-1] == data["legs-up-first-time"]["detail_ready"] and "to get ready" not in details[-1]
    assert "to get ready" in data["legs-up-first-time"]["detail"]  # on its own, its page's count stays


def test_a_session_is_built_with_taps_and_its_link_brings_it_back(open_builder, context, site_url):
    page = open_builder()
    assert page.locator(".mdx-builder__nojs").is_hidden()
    assert page.locator(".mdx-builder__summary").text_content().startswith("No steps yet")
    page.click("[data-add=wall-ball-first-time]")
    page.click("[data-action=add-ready]")
    page.select_option(".mdx-builder__rest", "30")
    page.click("[data-action=add-rest]")
    page.click("[data-add=chest-stretch]")
    data = page_data(page)
    assert shown_steps(page) == [data["timers"]["wall-ball-first-time"]["title"], "Get into position", "Rest",
                                 data["timers"]["chest-stretch"]["title"]]
    # The time is the timers' (the one after "I'm ready" without its count to get ready) and the rest.
    seconds = data["timers"]["wall-ball-first-time"]["seconds"] + 30 + data["timers"]["chest-stretch"]["seconds"]
    assert page.locator(".mdx-builder__summary").text_content() == (
        f"4 steps, {say_duration(seconds)}, and the time you take at 1 pause to get ready")
    # Move the rest up, then take the rest out ("I'm ready" stays: the stretch is done sitting).
    page.click("[aria-label='Move step 3 up']")
    assert shown_steps(page)[1:3] == ["Rest", "Get into position"]
    # "I'm ready" now opens the stretch, as its player plays it: 3 steps, as the player counts them.
    assert page.locator(".mdx-builder__summary").text_content().startswith("3 steps, ")
    assert page.locator(".mdx-builder__play .mdx-timer__count").text_content().endswith(" of 3")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Move step 2 up"
    page.click("[aria-label='Remove step 2']")
    assert shown_steps(page)[1:] == ["Get into position", data["timers"]["chest-stretch"]["title"]]
    link = page.input_value(".mdx-builder__link")
    assert link == site_url + "your-session/#session=wall-ball-first-time.ready.chest-stretch"
    assert findings(page) == []
    segments = page.get_attribute(".mdx-builder__play [data-mdx-timer]", "data-segments")
    # Another reader, on another device (a context of its own), opens the link: the same session.
    other = context.browser.new_context(service_workers="block")
    try:
        theirs = other.new_page()
        theirs.goto(link)
        theirs.wait_for_function("document.querySelector('.mdx-builder__play [data-mdx-timer]')")
        assert shown_steps(theirs) == shown_steps(page)
        assert theirs.get_attribute(".mdx-builder__play [data-mdx-timer]", "data-segments") == segments
        assert theirs.locator(".mdx-builder__note").text_content().startswith("This session came with the link")
    finally:
        other.close()
    # This device keeps the session: a reload without the link shows it again.
    page.goto(site_url + "your-session/")
    page.wait_for_function("document.querySelector('.mdx-builder__play [data-mdx-timer]')")
    assert shown_steps(page)[1:] == ["Get into position", data["timers"]["chest-stretch"]["title"]]
    page.click("[data-action=clear]")
    assert shown_steps(page) == [] and page.evaluate("localStorage.getItem('mdx-builder-draft')") is None


def test_a_change_of_position_without_i_m_ready_is_refused(open_builder):
    """Lying on a ball, then a stretch on a chair: the player would start the stretch while the
    reader is still on the floor. The builder refuses it until "I'm ready" stands between them."""
    page = open_builder()
    page.click("[data-add=floor-ball-first-time]")
    page.click("[data-add=chest-stretch]")
    [finding] = findings(page)
    assert finding.startswith("Change this to play the session: Step 2, Chest stretch, is done in another position "
                              "just after step 1, Tennis ball on the floor (lying on your back): add “I'm ready”")
    assert page.locator(".mdx-builder__play").is_hidden()
    page.click("[aria-label='Move step 2 up']")  # the stretch first: the same change the other way
    assert findings(page) and page.locator(".mdx-builder__play").is_hidden()
    page.click("[data-action=add-ready]")
    page.click("[aria-label='Move step 3 up']")  # I'm ready between them
    assert findings(page) == [] and page.locator(".mdx-builder__play").is_visible()


def test_a_session_over_a_dose_is_refused_with_the_builds_message(open_builder):
    page = open_builder()
    page.click("[data-add=floor-ball-later]")
    page.click("[data-action=add-ready]")  # from the floor to standing at the wall
    page.click("[data-add=wall-ball-later]")
    data = page_data(page)
    steps = [{"timer": "floor-ball-later"}, {"wait": True}, {"timer": "wall-ball-later"}]
    wanted = session_rules.check(steps, data, [])
    assert [f["level"] for f in wanted] == ["refuse", "advise"]
    assert findings(page) == [("Change this to play the session: " if f["level"] == "refuse" else "Advice: ")
                              + f["message"] for f in wanted]
    # Refused: no player, so no way to start it.
    assert page.locator(".mdx-builder__play").is_hidden()
    assert page.locator(".mdx-builder__play [data-mdx-timer]").count() == 0
    page.click("[aria-label='Remove step 3']")
    assert [f for f in findings(page) if f.startswith("Change")] == []
    assert page.locator(".mdx-builder__play").is_visible()


@pytest.mark.parametrize("fragment, said", [
    ("session=floor-ball-first-time.no-such-timer", "Step 2 names a timer this site does not have (“no-such-timer”)"),
    ("session=<img src=x onerror=alert(1)>", "This link does not hold a session this page can read."),
    ("session=%3Cscript%3Ealert(1)%3C/script%3E", "This link does not hold a session this page can read."),
    ("session=chest-stretch.rest-99999", "Step 2 rests for"),
    ("session=" + "chest-stretch." * 100, "This link is too long to be a session."),
    ("session=", "This link holds no steps."),
])
def test_a_tampered_link_gets_a_plain_message_and_nothing_else(open_builder, site_url, fragment, said):
    page = open_builder(fragment)
    shown = page.locator(".mdx-builder__yours").inner_text()
    assert said in shown
    # Nothing from the link became markup: no script, no handler, only the site's own pictures
    # (a known timer's drawing), and no player.
    assert page.locator(".mdx-builder script, .mdx-builder [onerror]").count() == 0
    pictures = page.eval_on_selector_all(".mdx-builder img", "imgs => imgs.map(i => i.src)")
    assert all(src.startswith(site_url + "assets/illustrations/") for src in pictures), pictures
    assert page.locator(".mdx-builder__play [data-mdx-timer]").count() == 0
    assert page.evaluate("window.__alerted === undefined")


def test_the_session_plays_in_the_player_to_its_end(open_builder):
    page = open_builder("session=chest-stretch.rest-15.chest-stretch")
    player = page.locator(".mdx-builder__play .mdx-timer")
    assert player.locator(".mdx-timer__count").text_content() == "Step 1 of 3"
    player.locator("[data-action=start]").click()
    data = page_data(page)
    seconds = 2 * data["timers"]["chest-stretch"]["seconds"] + 15
    page.clock.run_for(5_000)
    assert player.locator(".mdx-timer__state").text_content().startswith("Running")
    # Playing, the session is not changed under the reader.
    page.click("[data-add=chest-stretch]")
    assert page.locator(".mdx-builder__note").text_content().startswith("Your session is playing")
    assert len(shown_steps(page)) == 3
    page.clock.run_for((seconds - 5) * 1000 + 1000)
    assert player.locator(".mdx-timer__phase").text_content() == "All done"
    said = [e for e in page.evaluate("window.__log") if e.startswith("speak:") and e != "speak:(unlock)"]
    assert said[-1] == "speak:All done."


def test_the_safety_shown_is_what_the_steps_need(open_builder):
    page = open_builder()
    items = page.locator(".mdx-before__item")
    total = items.count()
    assert total > 0 and all(items.nth(n).is_visible() for n in range(total))  # no steps: all of it
    page.click("[data-add=chest-stretch]")
    needed = set(page_data(page)["timers"]["chest-stretch"]["callouts"])
    shown = {items.nth(n).locator("[data-mdx-callout]").get_attribute("data-mdx-callout")
             for n in range(total) if items.nth(n).is_visible()}
    assert shown == needed & {items.nth(n).locator("[data-mdx-callout]").get_attribute("data-mdx-callout")
                              for n in range(total)}
    page.click("[data-action=add-ready]")  # from the chair to the floor
    page.click("[data-add=floor-ball-first-time]")
    more = {items.nth(n).locator("[data-mdx-callout]").get_attribute("data-mdx-callout")
            for n in range(total) if items.nth(n).is_visible()}
    assert shown < more  # the ball brings its own cautions
    # "Stop at once if" stands over the player, as beside every timer.
    stop = page.locator(".mdx-builder__play .mdx-stop")
    assert stop.count() == 1 and stop.is_visible() and stop.inner_text().startswith("Stop at once if")


def test_with_storage_refused_the_session_still_plays_and_the_page_says_so(watched_page, site_url):
    page = watched_page
    # As a browser in private mode, or with its storage full: nothing can be written.
    page.add_init_script("""Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };""")
    page.goto(site_url + "your-session/")
    page.wait_for_function("window.mdxBuilder")
    page.click("[data-add=chest-stretch]")
    assert "This browser keeps nothing" in page.locator(".mdx-builder__note").text_content()
    page.locator(".mdx-builder__play [data-action=start]").click()
    page.wait_for_function("document.querySelector('.mdx-builder__play .mdx-timer__state').textContent"
                           ".startsWith('Running')")
    assert page.watch.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_the_builder(open_builder, scheme):
    page = open_builder("session=floor-ball-first-time.ready.floor-ball-later")
    page.emulate_media(color_scheme=scheme)
    check = axe_check(page, page.locator(".mdx-builder"), lambda: "built")
    check("built")


def test_a_session_noted_in_the_log_ends_the_first_time_advice(open_builder):
    page = open_builder("session=floor-ball-later")
    data = page_data(page)
    dose_id = data["timers"]["floor-ball-later"]["dose"]
    assert [f for f in findings(page) if f.startswith("Advice: ")]  # no log yet: first time
    page.goto(page.url.split("#")[0] + "#session=floor-ball-first-time")
    page.reload()
    page.wait_for_function("document.querySelector('.mdx-builder__play [data-mdx-timer]')")
    player = page.locator(".mdx-builder__play .mdx-timer")
    player.locator("[data-action=start]").click()
    page.clock.run_for((data["timers"]["floor-ball-first-time"]["seconds"] + 2) * 1000)
    player.locator(".mdx-log-done button").click()
    [entry] = json.loads(page.evaluate("localStorage.getItem('mdx-log')"))
    assert entry["held"] == {dose_id: data["timers"]["floor-ball-first-time"]["holding"]}
    page.goto(page.url.split("#")[0] + "#session=floor-ball-later")
    page.reload()
    page.wait_for_function("document.querySelector('.mdx-builder__play [data-mdx-timer]')")
    # No first-time advice now; the same day, the later timer would take the day over its limit.
    today = {dose_id: data["timers"]["floor-ball-first-time"]["holding"]}
    wanted = session_rules.check([{"timer": "floor-ball-later"}], data, [dose_id], today)
    assert [f["rule"] for f in wanted] == ["today"]
    assert findings(page) == ["Advice: " + wanted[0]["message"]]


def test_adjust_this_routine_opens_the_routine_in_the_builder(open_builder, site_url):
    page = open_builder()
    page.goto(site_url + "routines/desk-break/")
    names = page.locator(".mdx-routine__steps .mdx-routine__name").all_text_contents()
    page.click(".mdx-routine__adjust a")
    page.wait_for_function("document.querySelector('.mdx-builder__play [data-mdx-timer]')")
    assert len(shown_steps(page)) == len(names)
    assert shown_steps(page)[0] == names[0] and shown_steps(page)[-1] == names[-1]
    assert [f for f in findings(page) if f.startswith("Change")] == []


def test_what_the_log_shows_today_counts_towards_the_days_limit(open_builder):
    page = open_builder()
    data = page_data(page)
    first = data["timers"]["floor-ball-first-time"]
    limit = data["doses"][first["dose"]]["session"]
    # Earlier today, the rest of the day's limit but a little.
    page.evaluate("([dose, held]) => localStorage.setItem('mdx-log', JSON.stringify([{at: Date.now() - 60000, "
                  "title: 'Ball', held: {[dose]: held}, before: null, after: null}]))",
                  [first["dose"], limit - first["holding"] + 1])
    page.reload()
    page.wait_for_function("document.querySelector('[data-mdx-builder]').mdxBuilder")
    page.click("[data-add=floor-ball-first-time]")
    wanted = session_rules.check([{"timer": "floor-ball-first-time"}], data, [first["dose"]],
                                 {first["dose"]: limit - first["holding"] + 1})
    assert [f["rule"] for f in wanted] == ["today"]
    assert findings(page) == ["Advice: " + wanted[0]["message"]]
    assert page.locator(".mdx-builder__play [data-mdx-timer]").count() == 1  # advice, never a lock
