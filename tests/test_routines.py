"""Routines (docs/routines/): steps read from the pages they name, spelt out, timed and checked;
a gallery of bad routines (tests/fixtures/bad-routines/) with the message each gets; the page,
the home page's list and `make routine`."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markupsafe
import pytest
import yaml
from conftest import ROOT, article, copy_project

from macros.checks.site import check_site
from macros.components import callout, dose, routine, technique
from macros.components import timer as timers
from macros.core.config import settings
from macros.output import booklet
from macros.pages import guide
from macros.pages.macro_table import macro_table
from macros.tools import scaffold

BAD = Path(__file__).parent / "fixtures" / "bad-routines"
DOCS = ROOT / "docs"


def problems_in(docs: Path):
    config = docs.parent / "mkdocs.yml"
    return check_site(docs, config, macro_table(settings(config), docs))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the site whose routines folder each test fills as it needs."""
    return copy_project(tmp_path_factory.mktemp("routines") / "project")


def only(docs: Path, **routines: str) -> Path:
    folder = docs / "routines"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, text in routines.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return docs


def real(slug: str) -> routine.Routine:
    return routine.load(DOCS / "routines" / f"{slug}.md", DOCS)


# Reading a routine -------------------------------------------------------------------------------


def test_every_shipped_routine_loads_with_steps_from_real_pages():
    files = routine.routine_files(DOCS)
    assert len(files) >= 2
    for path in files:
        found = routine.load(path, DOCS)
        pages = [s for s in found.steps if s.kind == "page"]
        assert len(pages) >= 2, path.name
        for step in pages:
            # The step's timer is the very one written on its page.
            assert (DOCS / step.source.rel).is_file()
            assert f'label="{step.timer.label}"' in (DOCS / step.source.rel).read_text()


def test_the_total_is_the_sum_of_what_the_timers_play():
    found = real("upper-back-reset")
    by_hand, before = 0, None
    for step in found.steps:
        if step.kind == "page":  # no count to get ready just after a wait ("I'm ready")
            values = step.timer.values
            by_hand += dose.timer_total(values) - (values["get_ready"] or 0) * (before == "wait")
        elif step.kind == "rest":
            by_hand += step.seconds
        before = step.kind
    assert found.total == by_hand == 535  # 2 min 45 s on the ball, 1 min 10 s stretch, 5 min legs up
    assert routine.say_total(found) == "about 9 minutes, and the time you take at 2 pauses to change position"


def test_the_steps_for_the_player_follow_the_contract():
    found = real("upper-back-reset")
    listed = routine.listed_steps(found, "../../")
    assert [s["name"] for s in listed] == [
        "Tennis ball on the floor", "Take the ball out. Roll onto your side and sit on a chair.", "Chest stretch",
        "Lie on your back on the floor, with your calves on the chair seat.", "Legs up on a chair"]
    for step in listed:
        assert set(step) == {"name", "href", "picture", "alt", "segments"}
        assert step["segments"] and all(isinstance(s["t"], int) and s["name"] for s in step["segments"])
    ball, wait, stretch, lie_down, legs = listed
    assert ball["href"] == "../../techniques/floor-tennis-ball/"
    assert ball["picture"] == "../../assets/illustrations/floor-tennis-ball.svg" and ball["alt"]
    assert ball["segments"] == timers.segments(found.steps[0].timer.values)
    assert ball["segments"][0] == {"t": 45, "name": "Get ready"}
    # A change of position waits for the reader; it links to its own place in the steps list.
    assert wait == {"name": found.steps[1].text, "href": "#step-2", "picture": None, "alt": "",
                    "segments": [{"t": 0, "name": found.steps[1].text}]}
    # A timer of a page that is not a technique: its own label, and a link to its section.
    assert stretch["href"] == "../../tips/everyday-tension/#stretch-the-front-of-your-body"
    assert stretch["picture"] is None
    assert legs["segments"][-1]["warn"] == 60
    # Just after a wait the reader has said "I'm ready": the timer starts with its hold, not
    # with its own count to get ready (45 s on its page).
    assert found.steps[4].timer.values["get_ready"] == 45
    assert len(legs["segments"]) == 1 and legs["segments"][0]["n"] == 1
    # The player plays each wait as the opening of the step it leads into, under that step's
    # name and picture: the reader sees the position they are getting into.
    played = routine.player_steps(found, "../../")
    assert [s["name"] for s in played] == ["Tennis ball on the floor", "Chest stretch", "Legs up on a chair"]
    assert played[1]["segments"] == wait["segments"] + stretch["segments"]
    # ... and the session, ending on the floor, ends by saying how to get up.
    get_up = f"All done. To get up: {found.steps[-1].source.get_up}"
    assert played[2]["segments"] == lie_down["segments"] + legs["segments"][:-1] + [{**legs["segments"][-1],
                                                                                    "end": get_up}]
    assert played[2]["picture"] == legs["picture"]


def test_a_wait_before_a_rest_or_at_the_end_stays_a_step_of_its_own(monkeypatch):
    wait = {"name": "Turn over", "href": "#step-2", "picture": None, "alt": "",
            "segments": [{"t": 0, "name": "Turn over"}]}

    class Step:
        def __init__(self, kind):
            self.kind = kind

    class Found:
        steps = [Step("page"), Step("wait"), Step("rest"), Step("wait")]

    listed = [{"name": "Ball", "segments": [{"t": 30, "n": 1, "name": "Hold"}]}, wait,
              {"name": "Rest", "segments": [{"t": 20, "name": "Rest"}]}, wait]
    monkeypatch.setattr(routine, "listed_steps", lambda found, base: listed)
    assert routine.player_steps(Found(), "") == listed


def test_a_dose_changed_on_its_page_changes_every_routine_using_it(project):
    docs = project / "docs"
    page = docs / "techniques" / "floor-tennis-ball.md"
    original = page.read_text()
    try:
        page.write_text(original.replace('timer("30s", times=3, rest="15s"', 'timer("20s", times=3, rest="15s"'))
        found = routine.load(docs / "routines" / "upper-back-reset.md", docs)
        assert found.total == 535 - 30
        assert found.steps[0].timer.values["hold"] == 20
    finally:
        page.write_text(original)


def test_repeats_are_spelt_out_and_rests_are_steps(project):
    docs = only(project / "docs", twice="""---
title: Twice
summary: The chest stretch twice, with a rest between.
steps:
  - repeat: 2
    steps:
      - page: tips/everyday-tension.md
        timer: Chest stretch
      - rest: 20s
  - wait: Switch sides.
---

Words.
""")
    found = routine.load(docs / "routines" / "twice.md", docs)
    assert [s.kind for s in found.steps] == ["page", "rest", "page", "rest", "wait"]
    assert found.total == 2 * (70 + 20)
    assert [s for s in problems_in(docs) if "twice" in s.file] == []


def test_the_required_callouts_come_from_the_pages_each_once():
    found = real("upper-back-reset")
    needed = routine.required_callouts(found)
    floor = technique.load(DOCS / "techniques" / "floor-tennis-ball.md")[0]
    safety = re.search(r"## Safety(.*?)\n## ", floor.body, re.S).group(1)
    for callout_id in re.findall(r'callout\("([\w-]+)"\)', safety):
        assert "Tennis ball on the floor" in needed[callout_id]
    for callout_id in dose.registry()["pressure-on-a-knot"].callouts + dose.registry()["rest-position"].callouts:
        assert callout_id in needed
    assert "Chest stretch" in needed["stop-signs"]  # the callout beside the stretch's timer
    assert "jaw-see-a-doctor" not in needed  # on the tips page, but not about the stretch
    for callout_id in technique.spec()["required_callouts"]:
        assert callout_id in needed
    sections = dict(routine.callouts_by_section(found))
    assert sorted(sections["Safety"] + sections["When to get help"]) == sorted(needed)
    assert all(callout.registry()[c]["level"] in ("caution", "info") for c in sections["Safety"])


def test_the_sources_are_the_union_of_the_pages_sources_each_once():
    found = real("upper-back-reset")
    listed = [s["url"] for s in routine.sources(found)]
    assert len(listed) == len(set(listed))
    pages = {step.source.rel for step in found.steps if step.source and step.source.technique}
    assert pages, "the routine names no technique page"
    for rel in pages:
        for source in technique.load(DOCS / rel)[0].meta["sources"]:
            assert source["url"] in listed
    assert "https://www.nhs.uk/live-well/exercise/strength-and-flexibility-exercises/sitting-exercises/" in listed


def test_the_shipped_routines_keep_each_dose_within_its_session():
    for path in routine.routine_files(DOCS):
        found = routine.load(path, DOCS)
        for dose_id, found_dose in dose.registry().items():
            held = sum(routine.holding(s) for s in found.steps if s.kind == "page" and s.source.dose == dose_id)
            assert held <= found_dose.limits["session"], (path.name, dose_id, held)


def test_routine_pages_are_not_technique_pages():
    assert not set(routine.routine_files(DOCS)) & set(technique.technique_files(DOCS))
    assert all(p.parent.name == "routines" for p in routine.routine_files(DOCS))
    assert not any(s.rel.startswith("routines/") for s in routine.source_pages(DOCS).values())


# The gallery of bad routines ---------------------------------------------------------------------


@dataclass
class Expect:
    line: int | None
    message: str
    fix: str = ""


# Every page a step can name, as the message lists them: read from the pages, so a contributor's
# new page with a timer joins the list without an edit here.
ALL_PAGES = ", ".join(f"`{rel}`" for rel in sorted(routine.source_pages(DOCS)))
GALLERY: dict[str, list[Expect]] = {
    "unknown-page.md": [Expect(5, "step 1: there is no page with a timer at `techniques/floor-tennis-bal.md`. "
                                  "Did you mean `techniques/floor-tennis-ball.md`?",
                               f"name a page under docs/ that has a timer, as its path: {ALL_PAGES}.")],
    "unknown-timer.md": [Expect(5, "step 1: `techniques/floor-tennis-ball.md` has no timer labelled `First time`.",
                                "write `timer:` with one of its timers' labels, word for word: "
                                "`First time: 3 short spots`, `Later: up to 4 spots of 1 minute`.")],
    "too-long.md": [Expect(4, "The session takes 32 minutes 10 seconds; the longest a session may take is 30 minutes.",
                           "max_routine in mkdocs.yml")],
    "dose-over-its-session.md": [Expect(8, "Pressure on a tender spot (a ball on a knot): these steps hold for 6 "
                                           "minutes in all (Tennis ball on the floor 4 minutes, Ball on a cord "
                                           "against a wall 2 minutes); the dose allows up to 5 minutes in one session.",
                                        "use fewer steps of this dose, their first-time timers, or fewer repeats "
                                        "(the limit is `session` of `pressure-on-a-knot` in doses.yml; source: ")],
    "missing-field.md": [Expect(2, "`summary` is missing", "add `summary: ")],
    "unknown-field.md": [Expect(4, "unknown front-matter field `time_needed`.",
                                "use only `last_reviewed`, `review_due`, `reviewed_by`, `reviewed_hash`, `steps`, "
                                "`summary`, `title`.")],
    "misspelt-step-key.md": [Expect(5, "step 1: a `page` step has no `timr`. Did you mean `timer`?",
                                    "use only `page`, `timer`.")],
    "bad-rest.md": [Expect(7, "step 2: the rest `a while` is not a duration", "from 5 seconds to 10 minutes"),
                    Expect(8, "step 3: a rest of 120 minutes is outside the allowed range.",
                           "from 5 seconds to 10 minutes")],
    "two-kinds-in-one-step.md": [Expect(5, "step 1 has `page` and `rest`.", "a step is one thing")],
    "repeat-once.md": [Expect(5, "step 1: `repeat` must be a whole number from 2 to 10; got `1`.",
                              "e.g. `repeat: 2`")],
    "no-timer-step.md": [Expect(4, "the routine has no step with a timer: only rests and waits.",
                               "add a `page:` step with its `timer:`")],
    # YAML would keep the second `steps` alone, and the routine would lose its timers without a word.
    "steps-twice.md": [Expect(7, "`steps` is written twice in the front matter (lines 4 and 7): only the last one "
                                 "would count.", "keep one `steps:` and delete the other.")],
    "own-safety-missing-a-callout.md": [Expect(11, "the callout `stop-signs` is missing from `## Safety`: "
                                                   "Chest stretch needs it.",
                                               'add {{ callout("stop-signs") }} under `## Safety`')],
    # A clock the player would not play, whose time no limit would count.
    "timer-in-its-words.md": [Expect(11, "the routine writes a timer in its own words; a routine's timers are its "
                                         "steps.", "add its page's timer to `steps:`")],
    # The routine's own words, held to its steps' dose as a technique page's are.
    # A step's words are the routine's words: a warning there comes from the callouts too.
    "warning-in-a-wait.md": [Expect(7, "this is a safety warning in the page's own words (`wait`: “Stop if it "
                                       "hurts.”): insert {{ callout(\"stop-signs\") }} instead.",
                                    "safety wording comes from the callout registry")],
    "words-past-the-dose.md": [Expect(9, "“as long as you like”: they set no limit, past the dose `pressure-on-a-knot`",
                                      "“Move the ball to the next tender spot.”")],
}


def test_every_bad_routine_is_in_the_gallery():
    assert sorted(p.name for p in BAD.glob("*.md")) == sorted(GALLERY)


@pytest.mark.parametrize("fixture", sorted(GALLERY))
def test_each_bad_routine_gets_its_message_line_and_fix(project, fixture):
    docs = only(project / "docs", **{fixture[:-3]: (BAD / fixture).read_text()})
    problems = [p for p in problems_in(docs) if Path(p.file).name == fixture]
    unmatched = list(problems)
    for expect in GALLERY[fixture]:
        found = [p for p in unmatched if expect.message in p.message and expect.fix in p.fix and p.line == expect.line]
        assert found, f"{fixture}: expected {expect}, got:\n" + "\n".join(map(str, problems))
        unmatched.remove(found[0])
    assert not unmatched, f"{fixture}: unexpected problems:\n" + "\n".join(map(str, unmatched))
    assert all(p.severity == "error" for p in problems)


def test_a_step_naming_a_page_by_its_title_is_told_its_path(project):
    text = (BAD / "unknown-page.md").read_text().replace("techniques/floor-tennis-bal.md", "Tennis ball on the floor")
    docs = only(project / "docs", **{"by-title": text})
    [problem] = [p for p in problems_in(docs) if Path(p.file).name == "by-title.md"]
    assert problem.message == ("step 1: there is no page with a timer at `Tennis ball on the floor`. Did you mean "
                               "`techniques/floor-tennis-ball.md`?")


def test_a_step_naming_a_page_with_a_mistake_of_its_own_is_told_to_mend_that_page(project):
    """The page is there: its broken front matter is its own problem, named on its own line, and
    the step is not told that there is no such page."""
    docs = project / "docs"
    page = docs / "techniques" / "floor-tennis-ball.md"
    text = page.read_text()
    try:
        page.write_text(text.replace("\ntitle:", "\ntitle: [not closed", 1))
        docs = only(docs, **{"steps": (BAD / "unknown-page.md").read_text().replace("floor-tennis-bal.md",
                                                                                   "floor-tennis-ball.md")})
        problems = problems_in(docs)
        [step] = [p for p in problems if Path(p.file).name == "steps.md"]
        assert step.message == ("step 1: `techniques/floor-tennis-ball.md` cannot be read for its timers: its front "
                                "matter has a mistake of its own.") and "mend that page first" in step.fix
        assert any(Path(p.file).name == "floor-tennis-ball.md" for p in problems)
    finally:
        page.write_text(text)


def test_a_step_whose_timer_has_no_how_is_told_where_to_write_it(tmp_path):
    # A contributor's new technique, its timer without `how`, named by a routine: the routine
    # is refused, and told which line of which page to add it to.
    docs = copy_project(tmp_path / "project") / "docs"
    page = docs / "techniques" / "floor-tennis-ball.md"
    text = page.read_text(encoding="utf-8")
    call = re.search(r'\{\{ timer\([^\n]*label="First time: 3 short spots"[^\n]*\}\}', text)
    line = text[:call.start()].count("\n") + 1
    page.write_text(text.replace(call[0], re.sub(r', how="[^"]*"', "", call[0])), encoding="utf-8")
    only(docs, **{"no-how": (BAD / "unknown-timer.md").read_text().replace("timer: First time",
                                                                        'timer: "First time: 3 short spots"')})
    [problem] = [p for p in problems_in(docs) if Path(p.file).name == "no-how.md"]
    assert (problem.line, problem.severity) == (5, "error")
    assert problem.message == ("step 1: the timer `First time: 3 short spots` of `techniques/floor-tennis-ball.md` "
                               "has no `how`: the line that says, under the step, how to do it.")
    assert problem.fix == (f'add `how="…"` to that timer (line {line} of `techniques/floor-tennis-ball.md`): how to '
                           "do it, in one sentence of at most 120 characters.")


def test_make_routine_starts_from_a_timer_that_says_how(tmp_path):
    # The first technique's timers say nothing of how (a contributor's new page, say): the new
    # routine starts from another page's timer, so that it builds with warnings only.
    docs = copy_project(tmp_path / "project") / "docs"
    first = sorted((docs / "techniques").glob("*.md"))[0]
    first.write_text(re.sub(r', how="[^"]*"', "", first.read_text(encoding="utf-8")), encoding="utf-8")
    text = scaffold.routine_front_matter("Evening wind-down", docs)
    page = re.search(r"page: (\S+)", text)[1]
    assert page != first.relative_to(docs).as_posix()
    only(docs, **{"evening-wind-down": text + "\nA routine.\n"})
    problems = [p for p in problems_in(docs) if Path(p.file).name == "evening-wind-down.md"]
    assert problems and all(p.severity == "warning" for p in problems), "\n".join(map(str, problems))


def test_the_routine_page_shows_each_steps_how_under_its_name(site_dir):
    for path in routine.routine_files(DOCS):
        html = (site_dir / "routines" / path.stem / "index.html").read_text(encoding="utf-8")
        shown = re.findall(r'<span class="mdx-routine__how">([^<]*)</span>', html)
        wanted = [step.timer.values["how"] for step in routine.load(path, DOCS).steps if step.kind == "page"]
        assert shown == [markupsafe.escape(how) for how in wanted] and wanted, path.stem


def test_each_step_s_words_say_what_its_player_plays(site_dir):
    """The list of steps says "Take 45 seconds to get ready" only where the player counts them:
    just after a wait ("I'm ready") it does not, and the words and the time say so."""
    after_a_wait = 0
    for path in routine.routine_files(DOCS):
        html = (site_dir / "routines" / path.stem / "index.html").read_text(encoding="utf-8")
        details = re.findall(r'<span class="mdx-routine__detail">([^<]*)</span>', html)
        steps = [step for step in routine.load(path, DOCS).steps if step.kind == "page"]
        for step, detail in zip(steps, [d for d in details if not d.startswith("Take your time")], strict=True):
            counted = any(segment["name"] == "Get ready" for segment in step.segments())
            assert ("to get ready" in detail) == counted, (path.stem, step.name, detail)
            after_a_wait += step.after_wait and bool(step.timer.values["get_ready"])
    assert after_a_wait  # a shipped routine has a step whose page's timer counts a get-ready


def test_a_routine_says_it_needs_what_each_step_s_page_needs(site_dir):
    """"You need" lists the things of every page a step comes from, tips pages too: Desk break's
    chest stretch is done on a chair, and its ball against a wall needs none. Each thing once:
    Upper back reset's stretch and legs up name the same chair."""
    for path in routine.routine_files(DOCS):
        html = (site_dir / "routines" / path.stem / "index.html").read_text(encoding="utf-8")
        shown = re.search(r"<dt>You need</dt> <dd>([^<]*)</dd>", html)[1].split(", ")
        for source in routine.load(path, DOCS).sources():
            needed = yaml.safe_load((DOCS / source.rel).read_text(encoding="utf-8").split("---")[1]).get("equipment")
            assert set(needed or []) <= {markupsafe.Markup(item).unescape() for item in shown}, (path.stem, shown)
        assert len(shown) == len(set(shown)), (path.stem, shown)
    desk = (site_dir / "routines" / "desk-break" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<dt>You need</dt> <dd>[^<]*\ba sturdy chair\b", desk)


def test_a_bad_routine_leaves_the_other_pages_alone(project):
    docs = only(project / "docs", **{"unknown-page": (BAD / "unknown-page.md").read_text()})
    assert {Path(p.file).name for p in problems_in(docs)} == {"unknown-page.md"}


def test_an_own_safety_section_with_every_callout_passes(project):
    text = (BAD / "own-safety-missing-a-callout.md").read_text().replace(
        "Go gently.", 'Go gently.\n\n{{ callout("stop-signs") }}').replace("title: Own safety section", "title: Own")
    docs = only(project / "docs", own=text)
    assert [p for p in problems_in(docs) if p.file.endswith("own.md")] == []


def test_links_to_the_sections_a_routine_page_makes_are_known(project):
    docs = only(project / "docs", **{"upper-back-reset": (DOCS / "routines" / "upper-back-reset.md").read_text()})
    tips = docs / "tips" / "everyday-tension.md"
    original = tips.read_text()
    try:
        tips.write_text(original + "\nSee [the steps](../routines/upper-back-reset.md#the-steps) and "
                        "[these](../routines/upper-back-reset.md#the-step).\n")
        found = [p for p in problems_in(docs) if p.file.endswith("everyday-tension.md")]
    finally:
        tips.write_text(original)
    assert [p.message for p in found] == [
        "the link `../routines/upper-back-reset.md#the-step` points at an anchor that "
        "`../routines/upper-back-reset.md` does not have. Did you mean `../routines/upper-back-reset.md#the-steps`?"]


def test_the_length_limit_is_read_from_mkdocs_yml():
    assert settings(ROOT / "mkdocs.yml")["max_routine"] == "30 min"
    assert routine.max_seconds({"max_routine": "30 min"}) == 1800
    assert routine.max_seconds({}) is None


# The page, the home page and the booklet (a real build) -------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


@pytest.mark.build
@pytest.mark.parametrize("slug", [p.stem for p in routine.routine_files(DOCS)])
def test_the_routine_page_shows_each_step_its_link_callouts_and_sources_once(site_dir, slug):
    html = (site_dir / "routines" / slug / "index.html").read_text()
    found = real(slug)
    steps = re.search(r'<ol class="mdx-routine__steps">(.*?)</ol>', html, re.S).group(1)
    links = _Links()
    links.feed(steps)
    for number, step in enumerate(found.steps, start=1):
        assert f'id="step-{number}"' in steps
        assert step.name.replace("'", "&#39;") in steps
        if step.kind == "page":
            target = step.source.url
            assert any(h.startswith(f"../../{target}") for h in links.hrefs), (step.name, links.hrefs)
            assert (site_dir / target / "index.html").is_file()
            if step.source.illustration:
                assert f'src="../../assets/illustrations/{step.source.illustration["src"]}"' in steps
    shown = Counter(re.findall(r'data-mdx-callout="([\w-]+)"', article(html)))
    assert set(shown) == set(routine.required_callouts(found)) and set(shown.values()) == {1}
    listed = re.search(r'id="sources".*?<ul class="mdx-sources">(.*?)</ul>', html, re.S).group(1)
    for source in routine.sources(found):
        assert listed.count(f'href="{source["url"]}"') == 1, source["url"]
    assert listed.count("<li>") == len(routine.sources(found))
    assert routine.say_total(found) in html
    first_words = " ".join(found.page.body.split()[:4])
    assert html.index(first_words) < html.index('id="safety"') < html.index('id="the-steps"') \
        < html.index('id="when-to-get-help"') < html.index('id="sources"')
    assert 'class="mdx-timer mdx-timer--player"' in html  # the session player, from timer.player()
    assert 'class="mdx-print-only mdx-print-qr"' in html


@pytest.mark.build
@pytest.mark.parametrize("slug", [p.stem for p in routine.routine_files(DOCS)])
def test_the_routine_page_says_how_often_and_that_the_limits_count_for_the_whole_day(site_dir, slug):
    html = (site_dir / "routines" / slug / "index.html").read_text()
    found = real(slug)
    doses = {step.source.dose for step in found.steps if step.kind == "page" and step.source.dose}
    assert doses, "no step with a dose: the test would check nothing"
    header = html[html.index('<div class="mdx-routine">'):html.index('<div class="mdx-review')]
    for dose_id in doses:
        rules = dose.registry()[dose_id]
        line = re.search(rf'<p class="mdx-routine__often" data-mdx-often="{dose_id}">(.*?)</p>', header, re.S)
        assert line, f"{slug}: no how-often line for {dose_id}"
        text = " ".join(re.sub(r"<[^>]+>", "", line.group(1)).split()).replace("&#39;", "'")
        assert rules.says["how_often"] in text and rules.says.get("together", "") in text
    if "pressure-on-a-knot" in doses:  # every ball technique counts, across pages and routines, that day
        assert "all the ball techniques together, on pages and in routines, on the same day" in header


@pytest.mark.build
def test_the_home_page_lists_every_routine(site_dir):
    html = (site_dir / "index.html").read_text()
    listed = re.search(r'<ul class="mdx-routines">(.*?)</ul>', html, re.S).group(1)
    for path in routine.routine_files(DOCS):
        assert f'href="routines/{path.stem}/"' in listed
        assert routine.load(path, DOCS).page.meta["title"] in listed


def test_a_new_routine_appears_on_the_home_page_by_itself(project):
    docs = only(project / "docs", extra="""---
title: Extra stretch
summary: Just the chest stretch.
steps:
  - page: tips/everyday-tension.md
    timer: Chest stretch
---

Words.
""")
    listed = str(routine.chooser(docs))
    assert 'href="routines/extra/"' in listed and "Extra stretch" in listed and "about 2 minutes" in listed


def test_the_booklet_holds_the_routines_after_the_techniques():
    pages = booklet.BOOKLET_PAGES
    assert "routines/*.md" in pages and pages.index("techniques/*.md") < pages.index("routines/*.md")
    assert "routines/upper-back-reset.md" not in booklet.booklet_excludes(["routines/upper-back-reset.md"])


# The contributor docs and `make routine` -----------------------------------------------------------


def test_the_routine_fields_are_documented_from_routine_yml():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    table = guide.docs_table("routine-fields")
    assert table in text
    for name in routine.fields():
        assert f"| `{name}` |" in table
    for kind in routine.spec()["steps"]:
        assert f"| `{kind}` |" in table


def test_make_routine_writes_a_routine_that_passes_the_checks_with_warnings_only(project):
    docs = only(project / "docs")
    path = scaffold.scaffold_routine("Evening wind-down", docs)
    assert path == docs / "routines" / "evening-wind-down.md"
    problems = [p for p in problems_in(docs) if p.file.endswith("evening-wind-down.md")]
    assert problems and all(p.severity == "warning" and "scaffold's text" in p.message for p in problems)
    found = routine.load(path, docs)
    assert [s.kind for s in found.steps] == ["page", "wait"]
    with pytest.raises(Exception, match="already"):
        scaffold.scaffold_routine("Evening wind-down", docs)


def test_make_routine_without_a_name_says_how():
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is missing")
    result = subprocess.run([make, "-s", "routine"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and 'make routine NAME="Evening wind-down"' in result.stdout


def test_a_session_ending_on_the_floor_ends_by_saying_how_to_get_up():
    body = ("## How to do it\n\n### Get up\n\n1. Lift your legs off the chair, one at a time\n"
            "2. Roll onto your *side*. See [the picture](#x).\n   Take your time.\n\n## Afterwards\n\n1. Not this.\n")
    assert routine.get_up_words(body) == ("Lift your legs off the chair, one at a time. Roll onto your side. "
                                          "See the picture. Take your time.")
    assert routine.get_up_words("## How to do it\n\n1. Stand up.\n") == ""
    ends_on_the_floor = real("upper-back-reset")
    last = routine.player_steps(ends_on_the_floor, "../../")[-1]["segments"][-1]
    assert last["end"] == "All done. To get up: " + ends_on_the_floor.steps[-1].source.get_up
    assert "Roll onto your side." in last["end"]
    ends_on_a_chair = real("desk-break")  # its last step's page has no "Get up": the usual "All done."
    assert "end" not in routine.player_steps(ends_on_a_chair, "../../")[-1]["segments"][-1]
