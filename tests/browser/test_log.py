"""The reader's log in real headless Chromium, on the real site, with Playwright's fake clock:
noting a timer done, the "Your log" page (list, export, import, delete, reminders), the advice the
log gives across days, storage refused, and axe. The words and numbers checked are read from
doses.yml (macros/components/log.py), not written here."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from macros.components import dose
from macros.components import log as reader_log

from .test_timer import STUBS, axe_check

pytestmark = pytest.mark.browser

START = dt.datetime(2026, 1, 12, 9, 0, 0, tzinfo=dt.UTC)
DAY_MS = 86_400_000
KNOT = dose.registry()["pressure-on-a-knot"]


@pytest.fixture
def reader(watched_page, site_url):
    """A page with the stubs and the fake clock at START; `go(path)` opens a page of the site."""
    page = watched_page
    page.add_init_script(STUBS)
    page.clock.install(time=START - dt.timedelta(seconds=5))
    page.clock.pause_at(START)  # time moves only when a test moves it

    def go(path: str):
        page.goto(site_url + path)
        return page

    page.go = go
    yield page
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def entries(page) -> list[dict]:
    return json.loads(page.evaluate("localStorage.getItem('mdx-log') || '[]'"))


def put_log(page, log: list[dict]) -> None:
    page.evaluate("log => localStorage.setItem('mdx-log', JSON.stringify(log))", log)


def advice(page) -> list[str]:
    """The log's advice on the page, once it is in place (a reader with a log loads it: log.js)."""
    if entries(page):
        page.wait_for_function("document.documentElement.dataset.mdxLogAdvice == 'shown'")
    return page.locator(".mdx-log-advice").all_text_contents()


def finish_first_timer(page):
    timer = page.locator(".mdx-timer").first
    timer.locator("[data-action=start]").click()
    hold, times = int(timer.get_attribute("data-hold")), int(timer.get_attribute("data-times"))
    page.clock.run_for((int(timer.get_attribute("data-get-ready")) + hold * times
                        + int(timer.get_attribute("data-rest")) * (times - 1) + 2) * 1000)
    assert timer.locator(".mdx-timer__phase").text_content() == "All done"
    return timer, hold * times


def test_a_finished_timer_is_noted_with_how_it_feels(reader):
    page = reader.go("techniques/floor-tennis-ball/")
    assert page.locator(".mdx-log-done").count() == 0
    timer, held = finish_first_timer(page)
    done = timer.locator(".mdx-log-done")
    assert done.get_attribute("role") == "group" and "Note it in your log?" in done.inner_text()
    done.locator("select").nth(0).select_option("7")
    done.locator("select").nth(1).select_option("5")
    done.locator("button").focus()
    page.keyboard.press("Enter")  # from the keyboard: the button is then done, and the focus on what it did
    assert done.locator("[role=status]").text_content() == "Noted in your log on this device."
    assert done.locator("button").is_disabled() and page.evaluate(
        "document.activeElement.matches('.mdx-log-done__note')")
    [entry] = entries(page)
    assert entry["title"] == "Tennis ball on the floor: " + timer.get_attribute("data-label")
    assert entry["held"] == {KNOT.id: held} and (entry["before"], entry["after"]) == (7, 5)
    assert entry["at"] == page.evaluate("Date.now()")
    # Ended again: a new note to take, not two.
    timer.locator("[data-action=reset]").click()
    finish_first_timer(page)
    assert timer.locator(".mdx-log-done").count() == 1
    assert timer.locator(".mdx-log-done button").is_enabled() and len(entries(page)) == 1


def test_the_log_page_lists_exports_imports_and_deletes(reader, context, tmp_path):
    page = reader.go("your-log/")
    put_log(page, [
        {"at": int(START.timestamp() * 1000), "title": "Desk break", "held": {KNOT.id: 120}, "before": 5, "after": 3},
        {"at": int(START.timestamp() * 1000) + 60_000, "title": "=HYPERLINK(\"x\") <b>bold</b>", "held": {},
         "before": None, "after": None},
    ])
    page.reload()
    items = page.locator(".mdx-log__entries > li").all_text_contents()
    assert len(items) == 2 and "=HYPERLINK" in items[0] and "<b>bold</b>" in items[0]  # as text, newest first
    assert page.locator(".mdx-log__entries b").count() == 0
    assert "Desk break (how it felt: before 5, after 3)." in items[1]
    assert page.locator(".mdx-log__summary").text_content() == "Your log has 2 entries, newest first."
    assert "kept in this browser, on this device only" in page.locator("article").inner_text()
    with page.expect_download() as download:
        page.click("[data-action=csv]")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "when,what,held_seconds,before,after"
    assert "\"'=HYPERLINK(\"\"x\"\") <b>bold</b>\"" in text  # a formula is not run by a spreadsheet
    with page.expect_download() as download:
        page.click("[data-action=json]")
    exported = tmp_path / "log.json"
    download.value.save_as(exported)
    # Delete all: nothing of the site stays in this browser's storage.
    page.evaluate("localStorage.setItem('mdx-timer-sound', 'off'); sessionStorage.setItem('mdx-timer:/x#0', '{}')")
    page.click("[data-action=delete]")
    assert page.locator(".mdx-log__entries > li").count() == 2  # asked first
    page.click("[data-action=confirm]")
    assert page.evaluate("Object.keys(localStorage).concat(Object.keys(sessionStorage))"
                         ".filter(k => k.startsWith('mdx-'))") == []
    assert page.locator(".mdx-log__entries > li").count() == 0
    # Import the export: the same log, and again: nothing twice.
    page.set_input_files(".mdx-log__import input", str(exported))
    page.wait_for_function("document.querySelectorAll('.mdx-log__entries > li').length == 2")
    assert page.locator(".mdx-log__note").text_content() == "Imported: 2 new entries."
    page.set_input_files(".mdx-log__import input", str(exported))
    page.wait_for_function("document.querySelector('.mdx-log__note').textContent == 'Imported: 0 new entries.'")
    assert len(entries(page)) == 2


@pytest.mark.parametrize("content, said", [
    ("not json", "it is not JSON"),
    ('{"something": []}', "not a log exported from this site"),
    ('{"knotwork_log": [{"at": 1768208400000, "title": "x", "held": {"<script>": 5}}]}', "Entry 1 of this file"),
    ('{"knotwork_log": [{"at": 1768208400000, "title": "x", "held": {}, "after": 11}]}', "Entry 1 of this file"),
    ('{"knotwork_log": [{"at": "soon", "title": "x"}]}', "Entry 1 of this file"),
])
def test_an_import_that_is_not_a_log_changes_nothing_and_says_why(reader, tmp_path, content, said):
    page = reader.go("your-log/")
    put_log(page, [{"at": int(START.timestamp() * 1000), "title": "Kept", "held": {}, "before": None, "after": None}])
    page.reload()
    path = tmp_path / "file.json"
    path.write_text(content, encoding="utf-8")
    page.set_input_files(".mdx-log__import input", str(path))
    page.wait_for_function("document.querySelector('.mdx-log__note').textContent != ''")
    assert said in page.locator(".mdx-log__note").text_content()
    assert [e["title"] for e in entries(page)] == ["Kept"]


def test_the_advice_follows_the_log_across_days(reader):
    rules = reader_log.rules()["doses"][KNOT.id]
    page = reader.go("techniques/floor-tennis-ball/")
    assert advice(page) == []
    now = int(START.timestamp() * 1000)
    put_log(page, [{"at": now, "title": "Ball", "held": {KNOT.id: 90}, "before": 6, "after": 6}])
    # Next day: the ball's pages say how often; the legs' page (another dose) says nothing.
    page.clock.run_for(DAY_MS)
    page.go("techniques/wall-ball-on-a-cord/")
    assert advice(page) == [f"From your log: {KNOT.name}, done yesterday. {rules['how_often']}"]
    page.go("techniques/legs-up-on-a-chair/")
    assert advice(page) == []
    # Your log and Make your own session offer every dose: they say it too.
    for path in ("your-log/", "your-session/"):
        page.go(path)
        assert advice(page) == [f"From your log: {KNOT.name}, done yesterday. {rules['how_often']}"], path
    # The day's limit reached today: said on the ball's pages.
    put_log(page, entries(page) + [{"at": page.evaluate("Date.now()"), "title": "Ball", "held": {KNOT.id: 300},
                                    "before": None, "after": None}])
    page.go("techniques/tennis-balls-in-a-sock/")
    assert f"From your log: {KNOT.name}: you have done the day's {rules['session_says']} already." in advice(page)
    # Two weeks on, scored every other day and no better: the card to get help, on every page.
    log = [{"at": now + day * DAY_MS, "title": "Ball", "held": {KNOT.id: 90}, "before": 6, "after": 6}
           for day in range(0, rules["no_better_days"] + 1, 2)]
    put_log(page, log)
    page.clock.run_for((rules["no_better_days"] - 1) * DAY_MS)
    for path in ("techniques/legs-up-on-a-chair/", "", "your-log/"):
        page.go(path)
        advice(page)
        card = page.locator(".mdx-log-advice--help")
        assert card.count() == 1, path
        assert card.text_content().startswith(f"Time to get help: your log goes back {rules['no_better_days']} days")
        assert rules["no_better"] in card.text_content()
    # Better lately: no card.
    put_log(page, log[:-2] + [{**entry, "after": 2} for entry in log[-2:]])
    page.reload()
    assert not [line for line in advice(page) if line.startswith("Time to get help")]
    # A reader with no log loads no advice at all.
    page.evaluate("localStorage.clear()")
    page.reload()
    assert page.locator("script[data-mdx-log-advice]").count() == 0 and advice(page) == []


def test_with_storage_refused_a_timer_ends_and_says_it_could_not_be_noted(watched_page, site_url):
    page = watched_page
    page.add_init_script(STUBS + """Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };""")
    page.clock.install(time=START)
    page.goto(site_url + "techniques/legs-up-on-a-chair/")
    timer, _ = finish_first_timer(page)
    timer.locator(".mdx-log-done button").click()
    assert timer.locator(".mdx-log-done [role=status]").text_content() == (
        "This browser keeps nothing, so it could not be noted.")
    page.goto(site_url + "your-log/")
    assert "Your log is empty" in page.locator(".mdx-log__summary").text_content()
    assert page.watch.console_errors == []


def test_reminders_follow_the_doses_rhythm_up_to_the_day_to_get_help(reader):
    rules = reader_log.rules()["doses"][KNOT.id]
    page = reader.go("your-log/")
    page.select_option(".mdx-log__dose", KNOT.id)
    page.fill(".mdx-log__time", "07:30")
    with page.expect_download() as download:
        page.click("[data-action=ics]")
    assert download.value.suggested_filename == "knotwork-reminders.ics"
    text = Path(download.value.path()).read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    starts = re.findall(r"DTSTART:(\d{8})T073000", text)
    days = [(dt.date(int(s[:4]), int(s[4:6]), int(s[6:])) - START.date()).days for s in starts]
    step = rules["days_between"] + 1
    assert days == [*range(1, rules["no_better_days"], step), rules["no_better_days"]]
    assert text.count("BEGIN:VEVENT") == len(days) and "http" not in text
    last = text.rsplit("BEGIN:VEVENT", 1)[1]
    assert "SUMMARY:Is it any better?" in last and rules["no_better"].replace(",", "\\,") in last.replace("\r\n ", "")


def test_the_log_page_s_controls_stay_inside_the_page_on_a_phone(reader):
    """At 390 px every list, field and button of Your log stays within the text's margins (the
    list of doses was as wide as its longest name, 12 px past the edge)."""
    reader.set_viewport_size({"width": 390, "height": 844})
    page = reader.go("your-log/")
    put_log(page, [{"at": int(START.timestamp() * 1000), "title": "Desk break", "held": {}, "before": 5, "after": 3}])
    page.reload()
    outside = page.evaluate("""() => {
      const box = document.querySelector(".md-content__inner").getBoundingClientRect();
      const style = getComputedStyle(document.querySelector(".md-content__inner"));
      const right = box.right - parseFloat(style.paddingRight), left = box.left + parseFloat(style.paddingLeft);
      return [...document.querySelectorAll(".mdx-log select, .mdx-log input, .mdx-log button, .mdx-log .md-button")]
        .filter(e => e.getClientRects().length)
        .map(e => [e.className || e.tagName, e.getBoundingClientRect()])
        .filter(([, r]) => r.right > right + 0.5 || r.left < left - 0.5)
        .map(([name, r]) => `${name}: ${Math.round(r.left)}..${Math.round(r.right)} (text ${left}..${right})`);
    }""")
    assert page.locator(".mdx-log__dose").is_visible() and outside == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_the_log_and_the_note(reader, scheme):
    page = reader.go("your-log/")
    page.emulate_media(color_scheme=scheme)
    put_log(page, [{"at": int(START.timestamp() * 1000), "title": "Desk break", "held": {}, "before": 5, "after": 3}])
    page.reload()
    axe_check(page, page.locator(".mdx-log"), lambda: "log")("log")
    page.go("techniques/legs-up-on-a-chair/")
    timer, _ = finish_first_timer(page)
    axe_check(page, timer.locator(".mdx-log-done"), lambda: "done")("done")
