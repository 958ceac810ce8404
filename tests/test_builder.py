"""Make your own session, the Python side: the session rules against their table of cases (the
browser runs the same table through builder.js: tests/browser/test_builder.py), the data the
build gives the page, read from the pages and doses.yml, and the page's markup."""

from __future__ import annotations

import html
import json
import re

import pytest
import yaml
from conftest import ROOT

from macros.components import builder, dose, routine
from macros.components import timer as timers
from macros.core import session_rules
from macros.core.config import settings
from macros.core.errors import KnotworkError

DOCS = ROOT / "docs"
SETTINGS = settings(ROOT / "mkdocs.yml")
CASES = yaml.safe_load(builder.CASES.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_the_rules_give_each_case_its_findings_word_for_word(case):
    assert session_rules.check(case["steps"], CASES["data"], case["history"], case.get("today")) == case["findings"]


def test_the_cases_cover_every_rule_and_both_levels():
    found = {(f["rule"], f["level"]) for case in CASES["cases"] for f in case["findings"]}
    assert {rule for rule, _ in found} == {"steps", "unknown-timer", "rest", "dose", "length", "first-time", "today",
                                             "position"}
    assert {level for _, level in found} == {"refuse", "advise"}


def test_the_data_offers_every_technique_timer_as_its_page_plays_it():
    data = builder.data(DOCS, SETTINGS)
    techniques = {source.rel: source for source in routine.source_pages(DOCS).values() if source.technique}
    wanted = {timer.values["id"] for source in techniques.values() for timer in source.timers}
    assert techniques and wanted <= set(data["timers"])
    for source, timer in builder.offered(DOCS):
        found = data["timers"][timer.values["id"]]
        values = timer.values
        assert found["segments"] == timers.segments(values)
        assert found["seconds"] == sum(s["t"] for s in timers.segments(values))
        assert found["seconds_ready"] == sum(s["t"] for s in timers.segments({**values, "get_ready": None}))
        assert found["holding"] == values["times"] * values["hold"] and found["how"] == values["how"]
        limits = dose.registry()[source.dose].limits if source.dose else None
        assert found["dose"] == source.dose
        assert found["first_time"] == bool(limits and found["holding"] <= limits["first_session"])
        assert found["href"].endswith(source.url) or f"{source.url}#" in found["href"]
    # Every dose a timer names, with the numbers of doses.yml; the site's limits from their own files.
    for dose_id, limits in data["doses"].items():
        assert limits["session"] == dose.registry()[dose_id].limits["session"]
        assert limits["first_session"] == dose.registry()[dose_id].limits["first_session"]
    assert data["max_seconds"] == routine.max_seconds(SETTINGS)
    assert data["rest"] == [routine.spec()["steps"]["rest"]["min"], routine.spec()["steps"]["rest"]["max"]]
    # Each technique's first-time timer is marked so.
    for source in techniques.values():
        assert any(data["timers"][t.values["id"]]["first_time"] for t in source.timers), source.rel


def test_the_page_carries_its_data_as_text_and_every_offered_timer():
    made = str(builder.builder(DOCS, SETTINGS))
    rules = re.search(r"data-rules='([^']*)'", made)[1]
    assert json.loads(html.unescape(rules)) == json.loads(json.dumps(builder.data(DOCS, SETTINGS)))
    for _source, timer in builder.offered(DOCS):
        assert f'data-add="{timer.values["id"]}"' in made
    # The player comes unmounted: builder.js gives it the session's steps and mounts it.
    assert "data-mdx-builder-player" in made and "data-mdx-timer " not in made
    # The Safety and get-help sections hold every callout a timer on offer needs.
    needed = {cid for t in builder.data(DOCS, SETTINGS)["timers"].values() for cid in t["callouts"]}
    assert needed == set(re.findall(r'data-mdx-callout="([\w-]+)"', made))
    assert "## Safety" in made and "## When to get help" in made


def test_a_timer_id_is_a_name_the_link_can_carry():
    assert timers.timer("20s", id="floor-ball-first-time")
    for bad, said in (("Floor ball", "lower-case words joined by hyphens"), ("a" * 41, "at most 40"),
                      ("ready", "kept for a session's own steps"), ("rest-30", "kept for a session's own steps"),
                      ("<b>", "lower-case words")):
        with pytest.raises(KnotworkError) as err:
            timers.timer("20s", id=bad)
        assert said in str(err.value), bad


def test_a_routine_is_held_to_the_same_rules():
    # A routine's dose and length problems are the rules' findings, word for word.
    for path in routine.routine_files(DOCS):
        read = routine.load(path, DOCS)
        steps, data = routine.rules_session(read, SETTINGS)
        assert session_rules.check(steps, data) == []
        assert sum(session_rules.timer_seconds(steps, data)) == read.total


def test_each_routine_links_to_its_own_steps_in_the_builder():
    data = builder.data(DOCS, SETTINGS)
    for path in routine.routine_files(DOCS):
        read = routine.load(path, DOCS)
        link = routine.adjust_link(read, DOCS, "../../")
        assert link and link.startswith("../../your-session/#session="), path
        steps = [{"wait": True} if token == "ready" else {"rest": int(token[5:])} if token.startswith("rest-")
                 else {"timer": token} for token in link.split("=", 1)[1].split(".")]
        assert len(steps) == len(read.steps)
        # Played in the builder, it takes what the routine takes, and keeps the same rules.
        assert sum(session_rules.timer_seconds(steps, data)) == read.total
        assert [f for f in session_rules.check(steps, data) if f["level"] == "refuse"] == []


def test_a_routine_with_a_timer_without_an_id_has_no_link(tmp_path):
    read = routine.load(routine.routine_files(DOCS)[0], DOCS)
    step = next(s for s in read.steps if s.kind == "page")
    step.timer = routine.Timer(step.timer.label, {**step.timer.values, "id": None}, step.timer.line)
    assert routine.adjust_link(read, DOCS, "") is None
    assert routine.adjust_link(routine.load(routine.routine_files(DOCS)[0], DOCS), tmp_path, "") is None  # no page
