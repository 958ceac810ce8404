"""Unit tests of the timer macro, without MkDocs: markup, sentence, escaping and every error."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.checks.site import check_site
from macros.components import dose
from macros.components.timer import player, segments, timer
from macros.core import spec as components
from macros.core.config import settings
from macros.core.errors import KnotworkError
from macros.pages.macro_table import macro_table

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = components.spec("timer")["examples"]
PARAMS = len(components.spec("timer")["params"])


class Tree(HTMLParser):
    """Just enough of an HTML tree: each element's tag, attributes, parent roles and text."""

    VOID = {"input", "br", "img", "path"}

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[dict] = []
        self.stack: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "inside": [e["attrs"] for e in self.stack], "text": ""}
        self.elements.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append({"tag": tag, "attrs": dict(attrs), "inside": [e["attrs"] for e in self.stack],
                              "text": ""})

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1]["tag"] == tag, f"</{tag}> closes nothing open"
        self.stack.pop()

    def handle_data(self, data):
        for element in self.stack:
            element["text"] += data

    def find(self, cls: str) -> list[dict]:
        return [e for e in self.elements if cls in e["attrs"].get("class", "").split()]


def _root(html) -> dict:
    tree = Tree(str(html))
    assert not tree.stack, "every element is closed"
    return tree, tree.find("mdx-timer")[0]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_every_example_in_the_spec_renders_with_its_values_as_data(example):
    args = dict(example["args"])
    tree, root = _root(timer(args.pop("hold"), **args))
    values = components.bind("timer", (example["args"]["hold"],), args)
    data = root["attrs"]
    assert data["data-hold"] == str(values["hold"]) and data["data-times"] == str(values["times"])
    assert data["data-rest"] == str(values["rest"] or 0) and data["data-unit"] == values["unit"]
    assert data["data-get-ready"] == str(values["get_ready"] or 0) and data["data-warn"] == str(values["warn"] or 0)
    assert data["data-count-down"] == ("true" if values["count_down"] else "false")
    assert data.get("data-say") == values["say"] and data.get("data-label") == values["label"]
    assert "data-mdx-timer" in data and root["attrs"]["role"] == "group"
    assert root["attrs"]["aria-label"] == (values["label"] or "Timer")


def test_markup_keeps_controls_out_of_the_timer_role_and_hides_them_without_javascript():
    html = str(timer("20s", times=5, rest="10s", unit="press", say="Move the ball."))
    tree, root = _root(html)
    assert "\n\n" not in html  # one block: Markdown never splits it
    assert "<script" not in html and " on" not in html.replace(" one", "")  # no inline script or handlers
    (panel,) = tree.find("mdx-timer__panel")
    assert "hidden" in panel["attrs"]  # timer.js reveals it; without JavaScript only the sentence shows
    (display,) = [e for e in tree.elements if e["attrs"].get("role") == "timer"]
    buttons = [e for e in tree.elements if e["tag"] in ("button", "input")]
    assert [b["text"] for b in buttons if b["tag"] == "button"] == [
        "Start", "Reset", "Next", "Test sound", "Keep the screen\u00a0on", "Tap to turn the sound back\u00a0on"]
    (wake,) = [b for b in buttons if b["attrs"].get("data-action") == "wake"]
    assert "hidden" in wake["attrs"]  # shown only when the browser refused to keep the screen on
    assert all(display["attrs"] not in b["inside"] for b in buttons)
    assert all(b["attrs"].get("type") in ("button", "checkbox") for b in buttons)
    (status,) = [e for e in tree.elements if e["attrs"].get("role") == "status"]
    assert panel["attrs"] not in status["inside"]  # a live region must exist, and be exposed, from page load
    (ring,) = tree.find("mdx-timer__ring")
    assert ring["attrs"]["aria-hidden"] == "true"
    assert tree.find("mdx-timer__sentence")[0]["inside"] == [root["attrs"]]


@pytest.mark.parametrize(
    ("args", "kwargs", "sentence"),
    [
        (("20s",), {}, "Hold for 20 seconds."),
        (("20s",), {"unit": "press"}, "Press for 20 seconds."),
        (("20s",), {"times": 5, "rest": "10s"}, "Hold for 20 seconds, 5 times, resting 10 seconds between."),
        (("20s",), {"times": 5, "rest": "10s", "unit": "press"},
         "Press for 20 seconds, 5 times, resting 10 seconds between."),
        (("20s",), {"times": 2}, "Hold for 20 seconds, 2 times."),
        (("5 min",), {"times": 3, "rest": "15s", "unit": "spot", "get_ready": "5s"},
         "Take 5 seconds to get ready. 3 spots of 5 minutes each, with 15 seconds to move between them."),
        (("5 min",), {"times": 3, "unit": "spot"}, "3 spots of 5 minutes each."),
        (("15 min",), {"warn": "1 min"}, "Hold for 15 minutes. You get a cue 1 minute before the end."),
        (("5 min",), {"times": 2, "unit": "spot", "warn": 30},
         "2 spots of 5 minutes each. You get a cue 30 seconds before each spot ends."),
        ((90,), {}, "Hold for 1 minute 30 seconds."),
        (("1:30",), {}, "Hold for 1 minute 30 seconds."),
    ],
)
def test_the_sentence_says_the_whole_plan_in_words(args, kwargs, sentence):
    tree, _ = _root(timer(*args, **kwargs))
    assert tree.find("mdx-timer__sentence")[0]["text"] == sentence


@pytest.mark.parametrize(("hold", "seconds"), [(20, 20), ("20", 20), ("20s", 20), ("5 min", 300), ("1:30", 90),
                                               ("1 hour", 3600)])
def test_durations_are_read_as_seconds_or_in_words(hold, seconds):
    assert f'data-hold="{seconds}"' in str(timer(hold))


def test_label_and_words_are_escaped():
    nasty = '"><script>alert(1)</script><b x=\''
    html = str(timer("20s", times=2, label=nasty, say=f"Move & {nasty}"))
    tree, root = _root(html)
    assert "<script" not in html and "<b x" not in html
    assert root["attrs"]["data-label"] == nasty and root["attrs"]["aria-label"] == nasty
    assert root["attrs"]["data-say"] == f"Move & {nasty}"
    assert [e["tag"] for e in tree.elements].count("div") == 5  # nothing injected


ERRORS = [
    ((), {}, "needs `hold`", "write it like"),
    ((0,), {}, "`hold` is 0 seconds, outside the allowed range", "from 1 second to 60 minutes"),
    (("0s",), {}, "`hold` is 0 seconds, outside", "from 1 second"),
    ((-5,), {}, "`hold` is -", "from 1 second"),
    (("-5",), {}, "`hold` is -", "from 1 second"),
    (("61 min",), {}, "`hold` is 61 minutes, outside", "to 60 minutes"),
    ((3601,), {}, "`hold` is 60 minutes 1 second, outside", "to 60 minutes"),
    (("twenty seconds",), {}, '"twenty seconds" is not a duration', '"5 min"'),
    ((1.5,), {}, "not a whole number of seconds", "round it"),
    ((True,), {}, "`True` is not a duration", '"5 min"'),
    (("20s",), {"times": 0}, "`times` is 0, outside", "from 1 to 20"),
    (("20s",), {"times": 21}, "`times` is 21, outside", "from 1 to 20"),
    (("20s",), {"times": "5"}, "`times` must be a whole number; got `'5'`", "write a number"),
    (("20s",), {"times": 2.5}, "`times` must be a whole number", "write a number"),
    (("20s",), {"times": True}, "`times` must be a whole number", "write a number"),
    (("20s",), {"times": 2, "rest": 0}, "`rest` is 0 seconds, outside", "from 1 second"),
    (("20s",), {"times": 2, "rest": "2 hours"}, "`rest` is 120 minutes, outside", "to 60 minutes"),
    (("20s",), {"get_ready": "2 min"}, "`get_ready` is 2 minutes, outside", "to 1 minute"),
    (("20s",), {"warn": 2}, "`warn` is 2 seconds, outside", "from 5 seconds"),
    (("20s",), {"warn": "20s"}, "`warn` (20 seconds) is not shorter than the hold", "shorter than `hold`"),
    (("20s",), {"unit": "spots"}, "has no choice `spots`. Did you mean `spot`?", "`hold`, `press`, `spot`"),
    (("20s",), {"count_down": "yes"}, "`count_down` must be true or false", "without quotes"),
    (("20s",), {"count_down": 1}, "`count_down` must be true or false", "without quotes"),
    (("20s",), {"times": 2, "say": 5}, "`say` must be text", "in quotes"),
    (("20s",), {"times": 2, "say": "  "}, "`say` must be text", "in quotes"),
    (("20s",), {"label": ["a"]}, "`label` must be text", "in quotes"),
    (("20s",), {"time": 5}, "has no parameter `time`. Did you mean `times`?", "`count_down`"),
    (("20s",), {"repeat": 5}, "has no parameter `repeat`.", "`times`"),
    (("20s",), {"hold": "10s"}, "got `hold` twice", "give `hold` once"),
    # A rest written second, without its name, is read as `times` (the second value in order).
    (("30s", "10s"), {"times": 3}, 'got `times` twice: as its value number 2 without a name ("10s")',
     "in this order: `hold`, `times`; name the one you meant (`rest=…`"),
    # One value more than the timer has parameters.
    (("20s", *range(1, PARAMS + 1)), {}, f"at most {PARAMS} values without names", "name the values"),
    (("20s",), {"rest": "10s"}, "has `rest` but only one hold", "add `times=`"),
    (("20s",), {"say": "Move the ball."}, "has `say` but only one hold", "add `times=`"),
    (("20s",), {"how": "Lean " * 25}, "`how` is 124 characters long", "one sentence of at most 120 characters"),
    (("20s",), {"how": "  "}, "parameter `how` must be text", ""),
]


@pytest.mark.parametrize(("args", "kwargs", "message", "fix"), ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_every_mistake_is_refused_with_a_fix(args, kwargs, message, fix):
    with pytest.raises(KnotworkError) as err:
        timer(*args, **kwargs)
    assert message in err.value.message
    assert fix in err.value.fix


def test_a_wrong_timer_is_reported_with_its_page_line_and_fix(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text('---\ntitle: A page\n---\n\n# A page\n\nText.\n\n{{ timer("0s") }}\n\n'
                                  '{{ timer("20s", repeat=2) }}\n', encoding="utf-8")
    config = ROOT / "mkdocs.yml"
    problems = check_site(docs, config, macro_table(settings(config), docs))
    found = [(p.line, p.message, p.fix) for p in problems if p.file.endswith("page.md")]
    assert [line for line, _, _ in found] == [9, 11]
    assert "`hold` is 0 seconds" in found[0][1] and "from 1 second" in found[0][2]
    assert "no parameter `repeat`" in found[1][1] and "`times`" in found[1][2]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_a_timer_plays_the_segments_made_at_build_time(example):
    args = dict(example["args"])
    _, root = _root(timer(args.pop("hold"), **args))
    values = components.bind("timer", (example["args"]["hold"],), args)
    played = json.loads(root["attrs"]["data-segments"])
    assert played == segments(values)
    holds = [s for s in played if "n" in s]
    assert len(holds) == values["times"] and all(s["t"] == values["hold"] for s in holds)
    assert sum(s["t"] for s in played) == dose.timer_total(values)  # the same total the checks use


def test_segments_name_each_part_and_say_what_ends():
    values = components.bind("timer", ("5 min",), {"times": 3, "rest": "15s", "unit": "spot", "get_ready": "5s",
                                                   "say": "Move the ball.", "count_down": True})
    assert segments(values) == [
        {"t": 5, "name": "Get ready", "count_down": True},
        {"t": 300, "n": 1, "name": "Spot 1 of 3", "done": "Spot 1 done.", "say": "Move the ball.", "count_down": True},
        {"t": 15, "name": "Move to spot 2", "count_down": True},
        {"t": 300, "n": 2, "name": "Spot 2 of 3", "done": "Spot 2 done.", "say": "Move the ball.", "count_down": True},
        {"t": 15, "name": "Move to spot 3", "count_down": True},
        {"t": 300, "n": 3, "name": "Spot 3 of 3", "done": "Spot 3 done.", "count_down": True},
    ]
    one = segments(components.bind("timer", ("15 min",), {"warn": "1 min", "label": "Legs on the chair"}))
    assert one == [{"t": 900, "n": 1, "name": "Legs on the chair", "done": "Hold done.", "warn": 60}]


NASTY = '"><script>alert(1)</script><b x=\'&'


def _steps(name: str = "Chest stretch", href: str = "../chest/", picture: str | None = "../chest.svg") -> list[dict]:
    return [{"name": "Ball", "href": "../ball/", "picture": None,
             "segments": segments(components.bind("timer", ("30s",), {"times": 2, "rest": "10s"}))},
            {"name": name, "href": href, "picture": picture,
             "segments": [{"t": 0, "name": "Get down to the floor"},
                          {"t": 60, "n": 1, "name": "Hold", "done": "Done."}]}]


def test_the_player_is_one_timer_of_every_step_with_the_plain_list_for_print_and_no_javascript():
    html = str(player(_steps(), "Upper back reset"))
    tree, root = _root(html)
    assert "\n\n" not in html and "<script" not in html
    assert root["attrs"]["aria-label"] == "Upper back reset" and "data-mdx-timer" in root["attrs"]
    played = json.loads(root["attrs"]["data-segments"])
    assert [(s["s"], s["name"], s["t"]) for s in played] == [
        (0, "Hold 1 of 2", 30), (0, "Rest", 10), (0, "Hold 2 of 2", 30), (1, "Get down to the floor", 0),
        (1, "Hold", 60)]
    (panel,) = tree.find("mdx-timer__panel")
    assert "hidden" in panel["attrs"]
    buttons = [e for e in tree.elements if e["tag"] == "button"]
    assert [b["text"] for b in buttons] == ["Start", "Back", "Skip", "Reset", "Test sound", "Keep the screen\u00a0on",
                                                "Tap to turn the sound back\u00a0on"]
    assert [b["attrs"].get("aria-disabled") for b in buttons[:4]] == [None, "true", "true", "true"]  # as before Start
    assert tree.find("mdx-timer__left")[0]["text"] == "Left: 1:10 of this step, 2:10 in all"
    assert all(b["attrs"]["type"] == "button" for b in buttons)
    (display,) = [e for e in tree.elements if e["attrs"].get("role") == "timer"]
    assert all(display["attrs"] not in b["inside"] for b in buttons)
    (status,) = [e for e in tree.elements if e["attrs"].get("role") == "status"]
    assert panel["attrs"] not in status["inside"]
    # The list shows without JavaScript and in print, and timer.js reads the steps from it.
    (steps,) = tree.find("mdx-timer__steps")
    assert panel["attrs"] not in steps["inside"]
    items = [e for e in tree.elements if e["tag"] == "li"]
    assert [i["text"] for i in items] == ["Ball: 1 minute 10 seconds", "Chest stretch: 1 minute"]
    assert [e["attrs"]["href"] for e in tree.elements if e["tag"] == "a" and "href" in e["attrs"]] == [
        "../ball/", "../ball/", "../chest/"]  # the step shown before Start, then the list
    # One decorative picture per step that has one, each shown only during its step.
    (picture,) = [e for e in tree.elements if e["tag"] == "img"]
    assert picture["attrs"] == {"class": "mdx-timer__picture", "src": "../chest.svg", "alt": "", "data-step": "1",
                                "loading": "lazy", "hidden": None}


def test_the_players_text_is_escaped():
    steps = _steps(name=NASTY, href=f"../x/?{NASTY}", picture=f"../{NASTY}.svg")
    steps[1]["segments"][0]["name"] = NASTY  # words in the segments too: the JSON sits in an attribute
    html = str(player(steps, NASTY))
    tree, root = _root(html)
    assert "<script" not in html and "<b x" not in html
    assert root["attrs"]["aria-label"] == NASTY
    assert [i["text"] for i in tree.elements if i["tag"] == "li"][1] == f"{NASTY}: 1 minute"
    links = [e["attrs"]["href"] for e in tree.elements if e["tag"] == "a" and "href" in e["attrs"]]
    assert links == ["../ball/", "../ball/", f"../x/?{NASTY}"]  # the step shown first, then the list
    assert tree.find("mdx-timer__coming")[0]["text"] == "Next: Rest"
    assert [e["attrs"]["src"] for e in tree.elements if e["tag"] == "img"] == [f"../{NASTY}.svg"]
    assert json.loads(root["attrs"]["data-segments"])[-2] == {"t": 0, "name": NASTY, "s": 1}


def test_a_player_without_steps_or_segments_is_refused():
    for steps in ([], [{"name": "Ball", "href": "../ball/", "picture": None, "segments": []}]):
        with pytest.raises(KnotworkError) as err:
            player(steps, "Session")
        assert "needs steps" in err.value.message and "timer.segments" in err.value.fix


def test_one_hold_is_named_for_what_the_reader_does():
    bound = components.bind("timer", ("5 min",), {"label": "First time: 5 minutes", "doing": "Rest with your legs up"})
    assert [s["name"] for s in segments(bound)] == ["Rest with your legs up"]
    assert [s["name"] for s in segments(components.bind("timer", ("5 min",), {"label": "First time"}))] == [
        "First time"]  # without `doing`, the label, as before
    html = str(timer("5 min", label="First time: 5 minutes", doing="Rest with your legs up"))
    assert ">Rest with your legs up</span>" in html  # shown in the ring before Start
    with pytest.raises(KnotworkError) as err:
        timer("20s", times=3, doing="Press")
    assert "several holds" in err.value.message and "remove `doing`" in err.value.fix


def test_a_page_s_timers_end_with_its_get_up_steps_as_a_session_there_does():
    """A reader on the floor with the phone put down hears how to get up, from the page's own
    "### Get up" steps; a page without them ends with "All done." as before. A page cannot hand
    the words in itself."""
    body = "Intro.\n\n### Get up\n\n1. Roll onto your **side**.\n2. Push yourself up slowly\n\n## Sources\n"
    with_steps = macro_table(settings(ROOT / "mkdocs.yml"), ROOT / "docs", markdown=lambda: body)["timer"]
    _, root = _root(with_steps("30s", times=2, rest="10s"))
    played = json.loads(root["attrs"]["data-segments"])
    assert played[-1]["end"] == "All done. To get up: Roll onto your side. Push yourself up slowly."
    assert [s for s in played if "end" in s] == [played[-1]]
    without = macro_table(settings(ROOT / "mkdocs.yml"), ROOT / "docs", markdown=lambda: "Intro.\n")["timer"]
    assert not any("end" in s for s in json.loads(_root(without("30s"))[1]["attrs"]["data-segments"]))
    with pytest.raises(KnotworkError, match="get_up"):
        with_steps("30s", get_up="Jump up.")


def test_the_built_technique_pages_timers_say_their_get_up_steps(site_dir):
    from macros.components.routine import get_up_words
    from macros.core.page import read_page

    found = {}
    for source in sorted((ROOT / "docs" / "techniques").glob("*.md")):
        words = get_up_words(read_page(source, source.name)[0].body)
        html = (site_dir / "techniques" / source.stem / "index.html").read_text(encoding="utf-8")
        ends = [json.loads(unescape(m))[-1].get("end") for m in re.findall(r"data-segments='([^']*)'", html)]
        assert ends, source.name
        found[source.stem] = set(ends)
        assert set(ends) == {f"All done. To get up: {words}" if words else None}, source.name
    assert any(None not in ends for ends in found.values()), "no page with Get up steps to try"
