"""Unit tests of the macro functions, without MkDocs."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import registry_error

from macros.checks import review
from macros.components import callout, technique
from macros.components.review import line as review_line
from macros.core import durations
from macros.core import spec as components
from macros.core.errors import KnotworkError
from macros.core.page import Page, read_page

SETTINGS = {"emergency_number": "999 (UK)", "urgent_number": "111 (UK)"}
# The longest line a callout's `short` may be (callout.yml).
SHORT_MAX = components.spec("callout")["fields"]["short"]["max_length"]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [(20, 20), ("20", 20), ("20s", 20), ("20 seconds", 20), ("5 min", 300), ("1 min 30 s", 90),
     ("1:30", 90), ("2 minutes and 10 seconds", 130), ("1 hour", 3600)],
)
def test_durations_read_as_authors_write_them(text, seconds):
    assert durations.parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["abc", "5 parsecs", None, True, "5 min x", "", [20]])
def test_nonsense_durations_say_how_to_write_one(text):
    with pytest.raises(KnotworkError) as err:
        durations.parse_duration(text)
    assert '"5 min"' in err.value.fix


def test_fractions_of_a_second_are_refused():
    with pytest.raises(KnotworkError, match="not a whole number of seconds"):
        durations.parse_duration("1.5s")


def test_durations_are_said_in_words():
    assert [durations.say_duration(s) for s in (1, 20, 60, 90, 900)] == [
        "1 second", "20 seconds", "1 minute", "1 minute 30 seconds", "15 minutes"]


def test_callout_renders_heading_prefix_items_and_source():
    html = str(callout.callout("emergency-help", settings=SETTINGS))
    entry = callout.registry()["emergency-help"]
    assert 'class="mdx-callout mdx-callout--emergency"' in html
    assert '<span class="mdx-visually-hidden">Immediate action required: </span>' in html
    # The number comes from the settings, as a tap-to-call link.
    assert 'Call <a class="mdx-callout__phone" href="tel:999">999</a> (UK) now' in html
    assert html.count("<li>") == len(entry["items"])
    assert all(f'href="{s["url"]}"' in html for s in entry["sources"])
    assert "\n\n" not in html  # one block: Markdown never splits it


def test_every_registry_entry_renders_and_get_help_levels_have_at_most_five_bullets():
    levels = callout.levels()
    for entry_id, entry in callout.registry().items():
        html = str(callout.callout(entry_id, settings=SETTINGS))
        assert f'data-mdx-callout="{entry_id}"' in html
        if levels[entry["level"]].get("get_help"):
            assert len(entry.get("items") or []) <= 5


def test_callout_text_is_escaped(tmp_path, monkeypatch):
    registry = tmp_path / "registry.yml"
    registry.write_text(textwrap.dedent("""\
        - id: evil
          level: caution
          heading: "<script>alert(1)</script>"
          short: "<b>short</b>"
          text: "Tom & Jerry <b>bold</b>"
          items: ["<img src=x onerror=alert(1)>"]
          sources: [{publisher: "A <i>", title: T, url: "https://example.org/?a=1&b=\\"2"}]
    """))
    monkeypatch.setattr(callout, "REGISTRY", registry)
    callout.registry.cache_clear()
    try:
        html = str(callout.callout("evil", settings=SETTINGS))
    finally:
        callout.registry.cache_clear()
    assert "<script>" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html and "Tom &amp; Jerry" in html
    assert 'href="https://example.org/?a=1&amp;b=&#34;2"' in html


@pytest.mark.parametrize(
    ("args", "kwargs", "message", "fix"),
    [
        (("not-on-bones",), {}, "no choice `not-on-bones`. Did you mean `not-on-bone`?", "use one of"),
        ((), {}, "`callout` needs `id`", '{{ callout("not-on-bone") }}'),
        (("not-on-bone",), {"level": "urgent"}, "`callout` has no parameter `level`", "use one of `id`"),
        ((42,), {}, "has no choice `42`", "use one of"),
        (("not-on-bone", "extra"), {}, "at most 1 values without names", "name the values"),
    ],
)
def test_callout_errors_name_the_macro_and_the_fix(args, kwargs, message, fix):
    with pytest.raises(KnotworkError) as err:
        callout.callout(*args, settings=SETTINGS, **kwargs)
    assert message in err.value.message
    assert fix in err.value.fix


def test_a_missing_number_setting_names_the_setting():
    with pytest.raises(KnotworkError) as err:
        callout.callout("urgent-help", settings={})
    assert "extra.knotwork.urgent_number" in err.value.message


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"level": "urgent", "items": ["a"] * 6}, "at most 5"),
        ({"level": "panic"}, "no level `panic`"),
        ({"colour": "red"}, "unknown field `colour`"),
        ({"heading": "Call {police} now"}, "unknown placeholder `{police}`"),
        ({"sources": [{"publisher": "x", "title": "y", "url": "javascript:alert(1)"}]}, "https://"),
        ({"sources": {"publisher": "x", "title": "y", "url": "https://example.org/"}}, "must be a list"),
        ({"heading": ""}, "`heading` is missing"),
        # The line a page's "Before you start" shows: there, one line, a few words.
        ({"short": ""}, "`short` is missing"),
        ({"short": "word " * 17}, f"`short` is 85 characters long; at most {SHORT_MAX}"),
        ({"short": ["a", "b"]}, "`short` must be one line of text"),
        ({"short": "No firm pressure\n\nEver"}, "`short` must be one line of text"),
        ({"short": "Call {police} now"}, "unknown placeholder `{police}`"),
    ],
)
def test_bad_registry_entries_fail_every_build(tmp_path, monkeypatch, entry, message):
    error = registry_error(tmp_path, monkeypatch, entry)
    assert message in error
    assert "registry.yml, entry 1" in error


def test_safety_page_lists_every_callout_most_urgent_first_with_its_pages():
    html = str(callout.all_callouts(SETTINGS, {"not-on-bone": [("A <page>", "techniques/a/")]}))
    ids = re.findall(r'data-mdx-callout="([\w-]+)"', html)
    assert sorted(ids) == sorted(callout.registry())
    order = list(callout.levels())
    ranks = [order.index(callout.registry()[i]["level"]) for i in ids]
    assert ranks == sorted(ranks, reverse=True)
    assert '<a href="techniques/a/">A &lt;page&gt;</a>' in html


def test_safety_page_can_show_one_level_at_a_time():
    html = str(callout.all_callouts(SETTINGS, level="urgent"))
    levels = {callout.registry()[i]["level"] for i in re.findall(r'data-mdx-callout="([\w-]+)"', html)}
    assert levels == {"urgent"}
    with pytest.raises(KnotworkError, match="Did you mean `urgent`"):
        callout.all_callouts(SETTINGS, level="urgnet")


def _page(tmp_path: Path, front: str, body: str = "") -> Page:
    docs = tmp_path / "docs"
    (docs / "techniques").mkdir(parents=True, exist_ok=True)
    (docs / "assets" / "illustrations").mkdir(parents=True, exist_ok=True)
    (docs / "assets" / "illustrations" / "x.svg").write_text('<svg viewBox="0 0 40 20"></svg>')
    path = docs / "techniques" / "x.md"
    path.write_text(f"---\n{front}---\n{body}")
    page, problems = read_page(path, "docs/techniques/x.md")
    assert problems == []
    return page


GOOD_FRONT = """\
title: Ball on a wall
summary: Lean on a ball to ease a tight spot.
illustration: {src: x.svg, alt: A person leaning their back against a ball on a wall.}
equipment: [a ball]
position: standing
body_areas: [upper back]
time_needed: 5 min
sources:
  - {title: Back pain, publisher: NHS, url: "https://www.nhs.uk/conditions/back-pain/"}
last_reviewed: 2026-01-10
review_due: 2027-01-10
"""
GOOD_DATES = yaml.safe_load(GOOD_FRONT)
# A fixed day half-way between GOOD_FRONT's last review and the review it has due.
CHECKED_ON = GOOD_DATES["last_reviewed"] + (GOOD_DATES["review_due"] - GOOD_DATES["last_reviewed"]) / 2


def test_good_front_matter_passes_and_is_typed(tmp_path):
    page = _page(tmp_path, GOOD_FRONT)
    assert technique.check_meta(page, CHECKED_ON) == []
    assert page.meta["time_needed"] == 300


@pytest.mark.parametrize(
    ("change", "message", "line"),
    [
        (("summary: Lean on a ball to ease a tight spot.\n", ""), "`summary` is missing", 2),
        (("position: standing", "positon: standing"), "unknown front-matter field `positon`. Did you mean `position`?",
         6),
        (("position: standing", "position: kneeling"), "no choice `kneeling`", 6),
        (("time_needed: 5 min", "time_needed: 5 parsecs"), "is not a duration", 8),
        (("time_needed: 5 min", "time_needed: 2 hours"), "out of range", 8),
        (("title: Ball on a wall", "title: <img src=x onerror=alert(1)>"), "must be plain text", 2),
        (("equipment: [a ball]", "equipment: a ball"), "must be a list", 5),
        (("last_reviewed: 2026-01-10", "last_reviewed: 2026-02-30"), "not a real date", 11),
        (("review_due: 2027-01-10", "review_due: 2025-01-10"), "is not after `last_reviewed`", 12),
        # One date without the other is half a review record: `make review` writes both.
        (("review_due: 2027-01-10\n", ""), "`last_reviewed` is there but `review_due` is not", 11),
        (("last_reviewed: 2026-01-10\n", ""), "`review_due` is there but `last_reviewed` is not", 11),
        (("https://www.nhs.uk", "javascript:alert(1)//www.nhs.uk"), "is not a web address", 9),
        (("alt: A person leaning their back against a ball on a wall.", "alt: ''"), "`alt` must describe", 4),
        (("src: x.svg", "src: y.svg"), "y.svg does not exist", 4),
    ],
)
def test_bad_front_matter_names_the_field_the_line_and_the_fix(tmp_path, change, message, line):
    page = _page(tmp_path, GOOD_FRONT.replace(*change))
    problems = technique.check_meta(page, CHECKED_ON)
    assert [p for p in problems if message in p.message and p.line == line and p.fix], problems


def test_every_problem_is_reported_at_once(tmp_path):
    front = GOOD_FRONT.replace("standing", "kneeling").replace("5 min", "forever").replace("[a ball]", "7")
    problems = technique.check_meta(_page(tmp_path, front), CHECKED_ON)
    assert len(problems) == 3


def test_a_page_with_no_review_yet_passes_and_says_so(tmp_path):
    """A new page is not given a review it has not had: with neither date it passes its checks
    and its header says it has not been reviewed yet."""
    front = GOOD_FRONT.replace("last_reviewed: 2026-01-10\n", "").replace("review_due: 2027-01-10\n", "")
    page = _page(tmp_path, front)
    assert technique.check_meta(page, CHECKED_ON) == []
    line = review_line(review.status(page, tmp_path / "docs", {}), "../../")
    assert "This page has not been reviewed yet." in str(line) and "Last reviewed" not in str(line)


def test_review_past_due_is_a_warning_not_an_error(tmp_path):
    problems = technique.check_meta(_page(tmp_path, GOOD_FRONT), GOOD_DATES["review_due"] + dt.timedelta(days=1))
    assert [(p.severity, "review was due" in p.message) for p in problems] == [("warning", True)]


def test_header_escapes_and_shows_the_facts(tmp_path):
    page = _page(tmp_path, GOOD_FRONT.replace("Lean on a ball", "Lean on a <b>ball</b>"))
    page.meta["summary"] = "Lean & <b>press</b>"
    technique.check_meta(page, CHECKED_ON)
    line = review_line(review.status(page, tmp_path / "docs", {}), "../../")
    html = str(technique.header(page.meta, tmp_path / "docs", "../../", line))
    assert "Lean &amp; &lt;b&gt;press&lt;/b&gt;" in html
    assert 'src="../../assets/illustrations/x.svg"' in html and 'width="40" height="20"' in html
    assert "about 5 minutes" in html and "Last reviewed <time datetime=\"2026-01-10\">10 January 2026</time>" in html
    assert "<dt>For</dt>" in html and "Helps" not in html  # what it is for, not what it cures
    # Nobody is named unless someone really reviewed, and the page says what that means.
    assert "No clinician has reviewed this page yet" in html
    assert 'href="../../safety/#how-the-pages-are-checked"' in html
    assert "data-mdx-review=\"unrecorded\"" in html  # no record of what was reviewed: it may have changed


def test_bind_checks_types_ranges_and_defaults():
    values = components.bind("timer", ("20s",), {"times": 5, "rest": "10s"})
    assert values["hold"] == 20 and values["rest"] == 10 and values["unit"] == "hold"
    with pytest.raises(KnotworkError, match="got `hold` twice"):
        components.bind("timer", ("20s",), {"hold": "10s"})


def _technique(docs: Path, slug: str, title: str, minutes: int, body: str = "") -> None:
    front = GOOD_FRONT.replace("Ball on a wall", title).replace("5 min", f"{minutes} min")
    (docs / "techniques" / f"{slug}.md").write_text(f"---\n{front}---\n{body}")


def test_chooser_has_a_card_per_technique_shortest_first_and_escaped(tmp_path):
    from macros.components import chooser

    _page(tmp_path, GOOD_FRONT)  # makes the folders and x.svg
    docs = tmp_path / "docs"
    (docs / "techniques" / "x.md").unlink()
    _technique(docs, "long-one", "Long & slow", 20)
    _technique(docs, "short-one", "Quick one", 2)
    html = str(chooser.chooser(docs, "../"))
    assert html.count('class="mdx-chooser__card"') == 2
    assert html.index("Quick one") < html.index("Long &amp; slow")
    assert '<a href="../techniques/short-one/">Quick one</a>' in html
    assert "about 20 minutes" in html and 'src="../assets/illustrations/x.svg"' in html


def test_callout_users_finds_which_pages_insert_each_callout(tmp_path):
    from macros.components import chooser

    _page(tmp_path, GOOD_FRONT)
    docs = tmp_path / "docs"
    _technique(docs, "x", "Wall", 5, '{{ callout("not-on-bone") }}\n{{ callout(id="how-hard") }}\n'
                                      '{{ callout("not-on-bone") }}\n')
    users = chooser.callout_users(docs)
    assert users == {"not-on-bone": [("Wall", "techniques/x/")], "how-hard": [("Wall", "techniques/x/")]}


@pytest.mark.parametrize(("change", "message"), [
    (("title: Ball on a wall", 'title: "  "'), "`title`: is blank."),
    (("title: Ball on a wall", 'title: "Ball on\u200b a wall"'), "`title`: holds an invisible character, U+200B"),
    (("title: Ball on a wall", 'title: "Ball on \u202ellaw a"'), "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    (("equipment: [a ball]", 'equipment: ["a \u200bball"]'), "`equipment`: holds an invisible character"),
    (("time_needed: 5 min", "time_needed: .nan"), "`time_needed`: `nan` is not a duration."),
    (("time_needed: 5 min", "time_needed: .inf"), "`time_needed`: `inf` is not a duration."),
    # What YAML reads as something else is quoted as the author wrote it.
    (("time_needed: 5 min", "time_needed: 2026-01-01"), "`time_needed`: `2026-01-01` is a date, not a duration."),
    (("time_needed: 5 min", "time_needed: 1:30:00"), "`time_needed`: `1:30:00` is out of range."),
    (("title: Ball on a wall", "title: Ball on a wall\nnull: x"), "unknown front-matter field `null`."),
    (("title: Ball on a wall", "title: Ball on a wall\n1: x"), "unknown front-matter field `1`."),
    (("title: Ball on a wall", "title: Ball on a wall\n~: x"), "unknown front-matter field `~`."),
    (("title: Ball on a wall", "title: Ball on a wall\nTrue: x"), "unknown front-matter field `True`."),
    (("title: Ball on a wall", "title: Ball on a wall\n1.5: x"), "unknown front-matter field `1.5`."),
])
def test_a_field_a_reader_could_not_see_or_a_number_that_is_none_is_named(tmp_path, change, message):
    """A blank title, an invisible character (a zero-width space would let two titles look the
    same; a right-to-left override turns letters round) and YAML's .nan and .inf: a message, not
    an empty heading or a traceback."""
    problems = technique.check_meta(_page(tmp_path, GOOD_FRONT.replace(*change)), CHECKED_ON)
    assert [p for p in problems if message in p.message and p.line], problems


def test_a_time_with_colons_reads_as_yaml_and_mkdocs_read_it():
    """`5:00` is 300 seconds whether read as YAML's base-60 number or as a clock; `1:05:00` too."""
    from macros.core.durations import parse_duration

    assert [parse_duration(v) for v in ("5:00", "0:45", "1:05:00", 300)] == [300, 45, 3900, 300]
