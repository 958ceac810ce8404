"""The rules a session keeps, one set for the routine pages' checks (components/routine.py) and for
"Make your own session" (overrides/components/builder/builder.js keeps the same rules in the
reader's browser). The table of cases in overrides/components/builder/rules.yml runs through both
and must give the same findings, word for word (tests/test_builder.py, tests/browser/test_builder.py).

A session is a list of steps, each one of:
    {"timer": id}     a timer of the site, by its `id`
    {"rest": seconds} a pause
    {"wait": True}    the session waits for the reader's "I'm ready"
and the rules read `data` (made by the build, builder.data()):
    {"max_seconds": the site's longest session or None, "max_steps": int,
     "rest": [shortest, longest] in seconds,
     "doses": {id: {"name", "session", "first_session"}},
     "timers": {id: {"title", "dose" (or None), "holding", "seconds", "seconds_ready",
                     "position" (a technique's, or None), "page" (its page's title)}}}
`holding` is what a dose's limit counts (every hold); `seconds` the timer from Start to its end,
and `seconds_ready` the same without its count to get ready, as it plays after a wait.

Each finding is {"rule", "level" ("refuse" or "advise"), "step" (0-based, or None), "message"}.
Refusals stop a session from being played; advice is shown beside it.
"""

from __future__ import annotations

from typing import Any

from macros.core.durations import say_duration


def timer_seconds(steps: list[dict[str, Any]], data: dict[str, Any]) -> list[int]:
    """Each step's seconds as it plays: a timer just after a wait skips its count to get ready."""
    found = []
    for number, step in enumerate(steps):
        if "timer" in step:
            timer = data["timers"].get(step["timer"])
            after_wait = number > 0 and "wait" in steps[number - 1]
            found.append(0 if timer is None else timer["seconds_ready" if after_wait else "seconds"])
        else:
            found.append(step.get("rest", 0))
    return found


def where(timer: dict[str, Any]) -> str:
    """The position a timer is done in: its technique's, or its page's own."""
    return timer["position"] or f"page {timer['page']}"


def check(steps: list[dict[str, Any]], data: dict[str, Any], history: list[str] | None = None,
          today: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """What is wrong with a session, refusals first, then advice. `history` lists the doses the
    reader has done before (their log); None: not known, and no advice on first times is given.
    `today`: the seconds of each dose the reader's log shows today (a dose's limit counts for all
    its pages and sessions of a day)."""
    findings = []

    def find(rule: str, step: int | None, message: str, level: str = "refuse") -> None:
        findings.append({"rule": rule, "level": level, "step": step, "message": message})

    if len(steps) > data["max_steps"]:
        find("steps", None, f"The session has {len(steps)} steps; a session may have up to {data['max_steps']}.")
    shortest, longest = data["rest"]
    for number, step in enumerate(steps):
        if "timer" in step and step["timer"] not in data["timers"]:
            find("unknown-timer", number, f"Step {number + 1} names a timer this site does not have "
                 f"(“{step['timer']}”): it may have been removed. Take that step out.")
        if "rest" in step and not shortest <= step["rest"] <= longest:
            find("rest", number, f"Step {number + 1} rests for {say_duration(step['rest'])}; a rest may be "
                 f"{say_duration(shortest)} to {say_duration(longest)}.")
    if findings:  # the totals would be wrong
        return findings
    by_dose: dict[str, list[int]] = {}
    for number, step in enumerate(steps):
        dose_id = data["timers"][step["timer"]]["dose"] if "timer" in step else None
        if dose_id in data["doses"]:
            by_dose.setdefault(dose_id, []).append(number)
    for dose_id, numbers in by_dose.items():
        dose, timers = data["doses"][dose_id], [data["timers"][steps[n]["timer"]] for n in numbers]
        total, over = 0, None
        for number, timer in zip(numbers, timers, strict=True):
            total += timer["holding"]
            over = over if over is not None else (number if total > dose["session"] else None)
        if over is not None:
            parts = ", ".join(f"{timer['title']} {say_duration(timer['holding'])}" for timer in timers)
            find("dose", over, f"{dose['name']}: these steps hold for {say_duration(total)} in all ({parts}); the "
                 f"dose allows up to {say_duration(dose['session'])} in one session.")
    # A change of position needs the reader's "I'm ready": without it the next timer starts while
    # they are still on the floor (a rest does not wait for them). A page with no `position` (a
    # tips page) is in a position of its own.
    before = None
    for number, step in enumerate(steps):
        if "wait" in step:
            before = None
        elif "timer" in step:
            timer = data["timers"][step["timer"]]
            if before is not None and where(before[1]) != where(timer):
                find("position", number, f"Step {number + 1}, {timer['title']}, is done "
                     f"{timer['position'] or 'in another position'} just after step {before[0] + 1}, "
                     f"{before[1]['title']} ({before[1]['position'] or 'in another position'}): add “I'm ready” "
                     "between them, so that the session waits while you move.")
            before = (number, timer)
    total = sum(timer_seconds(steps, data))
    if data["max_seconds"] is not None and total > data["max_seconds"]:
        find("length", None, f"The session takes {say_duration(total)}; the longest a session may take is "
             f"{say_duration(data['max_seconds'])}.")
    for dose_id, numbers in by_dose.items():
        dose = data["doses"][dose_id]
        total = sum(data["timers"][steps[n]["timer"]]["holding"] for n in numbers)
        if history is not None and dose_id not in history and total > dose["first_session"]:
            find("first-time", numbers[0], f"{dose['name']}: the first time, hold for up to "
                 f"{say_duration(dose['first_session'])} in all; these steps hold for {say_duration(total)}. "
                 "Choose the “First time” timers.", "advise")
        done = (today or {}).get(dose_id, 0)
        if done and done + total > dose["session"]:
            find("today", numbers[0], f"{dose['name']}: your log shows {say_duration(done)} today already; with "
                 f"this session it comes to {say_duration(done + total)}, and a day allows up to "
                 f"{say_duration(dose['session'])} in all.", "advise")
    return findings
