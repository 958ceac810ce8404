"""Doses: how long one hold lasts, how much in a session, how often, how to build up and when
to get help, kept once in overrides/components/dose/doses.yml.

The dose card on a page, the checks of its timers and `time_needed`, the durations its prose
writes and the callouts that name a dose all read that one file, so a page cannot say one
number in one place and another elsewhere.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup

from macros.components.dose import words as dose_words
from macros.core import spec as components
from macros.core.calls import MacroCall, failed_calls
from macros.core.config import COMPONENTS
from macros.core.durations import parse_duration, say_duration
from macros.core.errors import KnotworkError, Problem, did_you_mean, one_of
from macros.core.fields import check_entry
from macros.core.page import Page
from macros.core.text import line_at, masked

NAME = "dose"
REGISTRY = COMPONENTS / NAME / "doses.yml"
OWN_LIMIT = "knotwork"  # a limit or advice the site sets where no source gives one
LABELS = {
    "hold": "One hold",
    "first_session": "First time",
    "session": "One session",
    "how_often": "How often",
    "build_up": "Building up",
    "no_better_after": "No better?",
    "together": "All together",
}

# A duration as prose writes it: "30 seconds", "2 weeks", "a 5-minute hold", "ten minutes".
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45}
_PROSE_DURATION = re.compile(
    r"(?<![\w.-])(\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")(?:\s+|\s*-\s*)"
    r"(seconds?|secs?|minutes?|mins?|hours?|days?|weeks?)\b", re.I)


@dataclass(frozen=True)
class Dose:
    id: str
    name: str
    limits: dict[str, int]  # hold, first_session, session, no_better_after: seconds
    says: dict[str, str]
    sources: dict[str, dict[str, str] | None]  # None: Knotwork's own limit
    get_ready: dict[str, int]  # by position
    callouts: tuple[str, ...]  # every page with this dose inserts them
    days_between: int = 0  # days of rest between two days with this dose (how_often's, in a number)

    def source_of(self, key: str) -> str:
        source = self.sources[key]
        if source is None:
            return "Knotwork's own limit: no source gives one"
        return f"{source['publisher']}, {source['title']} ({source['url']})"


def spec() -> dict[str, Any]:
    return components.spec(NAME)


def durations_in(text: str) -> list[tuple[int, int, str]]:
    """(offset, seconds, as written) of every duration written in `text`."""
    found = []
    for match in _PROSE_DURATION.finditer(text):
        amount = match[1].lower()
        number = _NUMBER_WORDS.get(amount) or float(amount)
        found.append((match.start(), parse_duration(f"{number:g} {match[2].lower()}"), match.group()))
    return found


@cache
def registry() -> dict[str, Dose]:
    """Every dose by id, checked once: a bad entry fails every build, not one page."""
    data = components.read_yaml(REGISTRY) or {}
    sources = data.get("sources") or {}
    found: dict[str, Dose] = {}
    for number, entry in enumerate(data.get("doses") or [], start=1):
        where = f"{REGISTRY.name}, dose {number} ({entry.get('id', 'no id')})"
        dose = _read_dose(entry, sources, where)
        if dose.id in found:
            raise KnotworkError(f"{where}: id `{dose.id}` is used twice.", "give each dose its own id.")
        found[dose.id] = dose
    return found


def _read_dose(entry: dict[str, Any], sources: dict[str, Any], where: str) -> Dose:
    fields = spec()["fields"]
    check_entry(entry, fields, where)
    limits, says, cited = {}, {}, {}
    for key, field in fields.items():
        kind = field.get("kind")
        if kind in ("limit", "advice") and (key in entry or field["required"]):  # an advice may be left out
            limit, says[key], cited[key] = _read_part(entry[key], key, kind, sources, where)
            if kind == "limit":
                limits[key] = limit
    for shorter in ("hold", "first_session"):
        if limits[shorter] > limits["session"]:
            raise KnotworkError(f"{where}: `{shorter}` ({say_duration(limits[shorter])}) is longer than `session` "
                                f"({say_duration(limits['session'])}).", "fix the numbers against their sources.")
    get_ready = entry["get_ready"]
    positions = _positions()
    if not isinstance(get_ready, dict) or set(get_ready) != set(positions):
        raise KnotworkError(f"{where}: `get_ready` must give a time for each position.",
                            f"write one line for each of {one_of(positions)}, e.g. `lying on your back: 45s`.")
    callouts = entry["callouts"]
    if not isinstance(callouts, list) or not all(isinstance(c, str) for c in callouts):
        raise KnotworkError(f"{where}: `callouts` must be a list of callout ids.", "write `[stop-signs, how-hard]`.")
    between = entry.get("days_between", 0)
    if isinstance(between, bool) or not isinstance(between, int) or not 0 <= between <= 7:
        raise KnotworkError(f"{where}: `days_between` must be a whole number of days from 0 to 7; got `{between}`.",
                            "write the days of rest `how_often` gives, e.g. `days_between: 1` for every other day.")
    return Dose(id=str(entry["id"]), name=str(entry["name"]), limits=limits, says=says, sources=cited,
                get_ready={position: parse_duration(value) for position, value in get_ready.items()},
                callouts=tuple(callouts), days_between=between)


def _read_part(part: Any, key: str, kind: str, sources: dict[str, Any],
               where: str) -> tuple[int | None, str, dict[str, str] | None]:
    """One limit or piece of advice of a dose: (seconds, for a limit; what it says; its source,
    None for Knotwork's own limit or advice)."""
    if not isinstance(part, dict) or not part.get("says") or not part.get("source"):
        raise KnotworkError(f"{where}: `{key}` needs `says` and `source`"
                            + (" and `up_to`." if kind == "limit" else "."),
                            "write it like `{up_to: 1 min, says: …, source: real-bodywork}`.")
    limit = None
    if kind == "limit":
        try:
            limit = parse_duration(part.get("up_to"))
        except KnotworkError as err:
            raise KnotworkError(f"{where}: `{key}.up_to`: {err.message}", err.fix) from None
    written = [text for _, _, text in durations_in(part["says"])]
    if written:
        raise KnotworkError(f"{where}: `{key}.says` writes `{written[0]}`.",
                            "write numbers in `up_to` only, so each number is kept once.")
    source = part["source"]
    if source == OWN_LIMIT:
        return limit, str(part["says"]).strip(), None
    if source in sources:
        return limit, str(part["says"]).strip(), sources[source]
    raise KnotworkError(f"{where}: `{key}` cites `{source}`, which `sources` does not list."
                        f"{did_you_mean(source, sources)}",
                        f"use one of {one_of(sources)}, or `{OWN_LIMIT}` for a {kind} no source gives.")


def _positions() -> list[str]:
    return components.fields("technique")["position"]["values"]


def dose(*args: Any, **kwargs: Any) -> Markup:
    """`{{ dose("pressure-on-a-knot") }}`: the dose card (see overrides/components/dose/dose.yml)."""
    values = components.bind(NAME, args, kwargs, choices={"id": list(registry())})
    found = registry()[values["id"]]
    rows = []
    for key, label in LABELS.items():
        if key not in found.says:
            continue  # an advice this dose does not give
        amount = found.limits.get(key)
        rows.append({"label": label, "says": found.says[key], "source": found.sources[key],
                     "own": "limit" if key in found.limits else "advice",
                     "amount": f"{'After' if key == 'no_better_after' else 'Up to'} {say_duration(amount)}"
                     if amount is not None else None})
    # On paper the sources are listed once, under the rows, to save lines (dose.css).
    cited = list({row["source"]["url"]: row["source"] for row in rows if row["source"]}.values())
    own = [row["label"].lower() for row in rows if not row["source"]]
    return components.render(NAME, id=found.id, rows=rows, cited=cited, own=own)


def placeholders(found: Dose) -> dict[str, str]:
    """The dose's limits in words, for callouts that name this dose: `{hold}` → "1 minute"."""
    return {key: say_duration(seconds) for key, seconds in found.limits.items()}


# Checks of one technique page against its dose ------------------------------------------------


def timer_total(values: dict[str, Any]) -> int:
    """Seconds from Start to the end of a timer: get-ready, holds and the rests between them."""
    return (values["get_ready"] or 0) + values["times"] * values["hold"] + (values["times"] - 1) * (values["rest"] or 0)


def check_page(page: Page, calls: list[MacroCall], section: str, margin: int,
               callouts: dict[str, dict[str, Any]]) -> list[Problem]:
    """Every way the page `page` contradicts its dose. `calls` are its macro calls as the
    checks read them; `section` is where the dose card belongs; `margin` is how much longer
    than its longest timer `time_needed` may be; `callouts` is the callout registry (the
    callouts a dose names are in it)."""
    doses = [(call.id, call.line) for call in calls if call.name == NAME]
    if not doses:
        if failed_calls(page, calls, NAME):
            return []  # the call is there but wrong: its own message says how
        return [Problem(page.rel, "the page names no dose.",
                        f'add {{{{ dose("…") }}}} under `## {section}`, with one of {one_of(registry())} '
                        "(overrides/components/dose/doses.yml).")]
    if len(doses) > 1:
        return [Problem(page.rel, "the page names more than one dose.", "keep one `dose(…)` card.", doses[1][1])]
    found = registry()[doses[0][0]]
    timers = [(components.bind("timer", call.args, call.kwargs), call.line) for call in calls if call.name == "timer"]
    problems = []
    if not timers and not failed_calls(page, calls, r"\w+"):  # a call written wrong (`timr`) has its own message
        problems.append(Problem(
            page.rel, f"the page has no timer: a reader starts from one, and the dose `{found.id}` needs one short "
            f"enough for a first session (up to {say_duration(found.limits['first_session'])} of holding).",
            'add one under `## How to do it`, after the steps, e.g. {{ timer("30s", times=3, rest="10s", '
            'label="First time: 3 short holds") }}.'))
    for values, line in timers:
        problems += _check_timer(page, found, values, line)
    # A timer written wrong has its own message; what needs all the timers waits until it is mended,
    # or its numbers would be "not a timer's" and its first time "missing".
    every_timer = not failed_calls(page, calls, "timer")
    if timers and every_timer and not any(v["times"] * v["hold"] <= found.limits["first_session"] for v, _ in timers):
        problems.append(Problem(
            page.rel, f"no timer is short enough for a first session: the dose `{found.id}` allows up to "
            f"{say_duration(found.limits['first_session'])} in all the first time "
            f"(source: {found.source_of('first_session')}).",
            "add a first-time timer whose holds add up to no more, before the longer one.", timers[0][1]))
    if timers and every_timer:
        problems += _check_time_needed(page, max(timer_total(v) for v, _ in timers), margin)
    problems += _check_callouts(page, found, calls, callouts)
    problems += _check_prose(page, found, [v for v, _ in timers]) if every_timer else []
    problems += dose_words.check(page, found, masked(page.body, macros=True), lambda at: line_at(page, at))
    return problems


def check_without_a_dose(page: Page, calls: list[MacroCall], longest_session: int | None) -> list[Problem]:
    """A timer on a page with no dose card (a tips page, a guide page) is held to the widest the
    site allows: its holds in all to the longest `session` of any dose, and its time from Start
    to the end to the site's longest session (`longest_session`, max_routine), so no page offers
    a reader, the session builder or the booklet more than a dose or a routine may."""
    if not registry():
        return []
    widest = max(registry().values(), key=lambda found: found.limits["session"])
    problems = []
    for call in calls:
        if call.name != "timer":
            continue
        values = components.bind("timer", call.args, call.kwargs)
        holding, total = values["times"] * values["hold"], timer_total(values)
        if holding > widest.limits["session"]:
            problems.append(Problem(
                page.rel, f"the timer's holds add up to {say_duration(holding)}; the page has no dose, and no dose "
                f"allows more than {say_duration(widest.limits['session'])} in one session (`{widest.id}`, "
                f"source: {widest.source_of('session')}).",
                "use fewer or shorter holds; a longer timer belongs on a technique page, under its dose "
                f"({REGISTRY.name}).", call.line))
        elif longest_session is not None and total > longest_session:
            problems.append(Problem(
                page.rel, f"the timer takes {say_duration(total)} from Start to the end; the site's longest "
                f"session is {say_duration(longest_session)}.",
                "use fewer holds or shorter rests (the limit is max_routine in mkdocs.yml).", call.line))
    return problems


def _check_timer(page: Page, found: Dose, values: dict[str, Any], line: int) -> list[Problem]:
    problems = []
    fix = f"change the timer, or the dose in {REGISTRY.name} with its source (a clinical change: see CONTRIBUTING.md)."
    if values["hold"] > found.limits["hold"]:
        problems.append(Problem(page.rel, f"the timer holds for {say_duration(values['hold'])}; the dose "
                                f"`{found.id}` allows up to {say_duration(found.limits['hold'])} for one hold "
                                f"(source: {found.source_of('hold')}).",
                                f"make `hold` {say_duration(found.limits['hold'])} or less; or {fix}", line))
    elif values["times"] * values["hold"] > found.limits["session"]:
        holding = say_duration(values["times"] * values["hold"])
        problems.append(Problem(page.rel, f"the timer's holds add up to {holding}; the dose `{found.id}` allows "
                                f"up to {say_duration(found.limits['session'])} in one "
                                f"session (source: {found.source_of('session')}).",
                                f"use fewer or shorter holds; or {fix}", line))
    position = page.meta.get("position")
    needed = found.get_ready.get(position) if isinstance(position, str) else None
    if needed and (values["get_ready"] or 0) < needed:
        given = f"gives {say_duration(values['get_ready'])}" if values["get_ready"] else "gives no time"
        problems.append(Problem(page.rel, f"the timer {given} to get ready; getting into position "
                                f"({position}) needs at least {say_duration(needed)}.",
                                f'add `get_ready="{needed}s"` (or more) to the timer.', line))
    return problems


def _check_time_needed(page: Page, longest: int, margin: int) -> list[Problem]:
    given, field = page.meta.get("time_needed"), components.fields("technique")["time_needed"]
    if not isinstance(given, int) or not field["min"] <= given <= field["max"]:
        return []  # missing, unreadable or out of range (`5`, seconds): check_meta has said so
    low, high = math.ceil(longest / 60), math.floor((longest + margin) / 60)
    if low * 60 <= given <= high * 60:
        return []
    return [Problem(page.rel, f"`time_needed` is {say_duration(given)}, but the longest timer on the page takes "
                    f"{say_duration(longest)}.",
                    f"write `time_needed: {low} min` (from {low} to {high} min: the longest timer, and time to get "
                    "into position and up again).", page.line_of("time_needed"))]


def _check_callouts(page: Page, found: Dose, calls: list[MacroCall],
                    callouts: dict[str, dict[str, Any]]) -> list[Problem]:
    failed_callouts = failed_calls(page, calls, "callout")  # one of them may be the "missing" one
    problems = []
    used = {call.id for call in calls if call.name == "callout"}
    for needed in found.callouts:
        if needed not in callouts:
            raise KnotworkError(f"{REGISTRY.name}: the dose `{found.id}` names the callout `{needed}`, which "
                                f"registry.yml does not have.{did_you_mean(needed, callouts)}",
                                "use a callout id from registry.yml.")
        if needed not in used and not failed_callouts:
            problems.append(Problem(page.rel, f"the callout `{needed}` is missing: every page with the dose "
                                    f"`{found.id}` has it.",
                                    f'add {{{{ callout("{needed}") }}}} where it fits (see the real technique pages).'))
    for call in calls:
        entry = callouts.get(call.id) if call.name == "callout" else None
        if entry and entry.get("dose") and entry["dose"] != found.id:
            problems.append(Problem(page.rel, f"the callout `{entry['id']}` gives the numbers of the dose "
                                    f"`{entry['dose']}`, but this page's dose is `{found.id}`.",
                                    "use a callout that fits this page's dose, or leave it out.", call.line))
    return problems


# The pace of a breath ("breathe in for 4 seconds, out for 6") is not a dose: a duration a few
# words after a breath word, or after "in" or "out" in a sentence about breathing, is left alone.
_BREATH = re.compile(r"\b(?:breath\w*|inhal\w*|exhal\w*)\b", re.I)
_SOON_AFTER = r"(?:[^\S\n]+[^\s.!?,]+){{0,{}}}?[^\S\n]*\Z"
_AFTER_BREATH = re.compile(_BREATH.pattern + _SOON_AFTER.format(3), re.I)
_AFTER_IN_OR_OUT = re.compile(r"\b(?:in|out)\b" + _SOON_AFTER.format(2), re.I)


def _about_breathing(body: str, offset: int) -> bool:
    start = max(body.rfind(mark, 0, offset) for mark in ".!?\n") + 1
    sentence = body[start:offset]
    return bool(_AFTER_BREATH.search(sentence) or _BREATH.search(sentence) and _AFTER_IN_OR_OUT.search(sentence))


def _check_prose(page: Page, found: Dose, timers: list[dict[str, Any]]) -> list[Problem]:
    """Each duration the page's own words write must be one its dose or its timers give."""
    allowed = set(found.limits.values()) | set(found.get_ready.values())
    for values in timers:
        allowed |= {values["hold"], values["rest"], values["get_ready"], values["warn"],
                    values["times"] * values["hold"]}
    limits = "; ".join(f"{LABELS[key].lower()}: up to {say_duration(seconds)}" for key, seconds in found.limits.items())
    problems, body = [], masked(page.body, macros=True)
    for offset, seconds, written in durations_in(body):
        if seconds not in allowed and not _about_breathing(body, offset):
            problems.append(Problem(page.rel, f"the page says `{written}`, which is not a number of its dose "
                                    f"`{found.id}` ({limits}) or of its timers.",
                                    "use the dose's or a timer's number, or leave the number to the dose card and "
                                    f"the timers; a new number goes in {REGISTRY.name}, with its source.",
                                    line_at(page, offset)))
    return problems
