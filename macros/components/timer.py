"""The timer macro: markup with data attributes plus a sentence that works without JavaScript."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from macros.core import spec as components
from macros.core.durations import say_duration
from macros.core.errors import KnotworkError

NAME = "timer"
# The longest `how`: one line under a routine's step, on a phone and on paper.
HOW_LENGTH = 120


def sentence(v: dict[str, Any]) -> str:
    """The plain sentence a reader sees with JavaScript off and in print."""
    hold = say_duration(v["hold"])
    if v["times"] == 1:
        text = f"{'Press' if v['unit'] == 'press' else 'Hold'} for {hold}."
    elif v["unit"] == "spot":
        text = f"{v['times']} spots of {hold} each"
        text += f", with {say_duration(v['rest'])} to move between them." if v["rest"] else "."
    else:
        verb = "Press" if v["unit"] == "press" else "Hold"
        text = f"{verb} for {hold}, {v['times']} times"
        text += f", resting {say_duration(v['rest'])} between." if v["rest"] else "."
    if v["get_ready"]:
        text = f"Take {say_duration(v['get_ready'])} to get ready. " + text
    if v["warn"]:
        end = "the end" if v["times"] == 1 else f"each {v['unit']} ends"
        text += f" You get a cue {say_duration(v['warn'])} before {end}."
    return text


def timer(*args: Any, **kwargs: Any) -> Markup:
    """`{{ timer("20s", times=5, rest="10s", unit="press") }}`: see overrides/components/timer/timer.yml."""
    return timer_on_page("", *args, **kwargs)


def timer_on_page(get_up: str, /, *args: Any, **kwargs: Any) -> Markup:
    """The timer of a page whose "### Get up" steps are `get_up` (as routine.get_up_words gives
    them; the macro table hands them in, a page cannot): said when it ends, as a session that
    ends on that page says them, for a reader still on the floor with the phone put down."""
    v = components.bind(NAME, args, kwargs)
    if v["rest"] and v["times"] == 1:
        raise KnotworkError("`timer` has `rest` but only one hold.", "add `times=` (2 or more), or remove `rest`.")
    if v["doing"] and v["times"] > 1:
        raise KnotworkError("`timer` has `doing` but several holds: their names are \"Hold 1 of 3\" and so on.",
                            "remove `doing`, or give one hold (no `times=`).")
    if v["say"] and v["times"] == 1:
        raise KnotworkError("`timer` has `say` but only one hold: the words are said between holds.",
                            "add `times=` (2 or more), or remove `say`.")
    if v["how"] is not None and len(v["how"].strip()) > HOW_LENGTH:
        raise KnotworkError(f"`timer` `how` is {len(v['how'].strip())} characters long: a routine prints it "
                            "under its step.", f"write how to do it in one sentence of at most {HOW_LENGTH} "
                            "characters, or remove `how`.")
    if v["id"] and (v["id"] == "ready" or v["id"].startswith("rest-")):
        raise KnotworkError(f"`timer` `id` is `{v['id']}`, a name kept for a session's own steps (\"I'm ready\" "
                            "and rests).", 'choose another, e.g. "floor-ball-first-time".')
    if v["warn"] and v["warn"] >= v["hold"]:
        raise KnotworkError(f"`timer` `warn` ({say_duration(v['warn'])}) is not shorter than the hold.",
                            "give a warning shorter than `hold`, or remove it.")
    flat = segments(v)
    if get_up:
        flat[-1] = {**flat[-1], "end": f"All done. To get up: {get_up}"}
    return components.render(NAME, sentence=sentence(v), segments=flat, idle=idle(flat), **v)


# A session player (routines) plays the segments of several timers in a row, with the same
# engine as a single timer: timer.js plays whatever list of segments the markup gives it.
# The contract between the routine pages and the player:
#
#   segment: {"t": seconds (0: waits until the reader taps "I'm ready"), "name": str,
#             "n": the hold's number (only on holds), "done": words when a hold ends
#             ("Spot 1 done."; only on holds), "say": more words then (optional),
#             "warn": seconds (optional), "count_down": bool (optional),
#             "end": the words said when it ends the whole session, in place of "All done." (optional)}
#   step:    {"name": str, "href": link to its page, "picture": image src or None,
#             "segments": [segment, ...]}
#
# `href` and `picture` are written as given, relative to the page the player is on. A wait
# ({"t": 0, "name": "Get down to the floor"}) is a segment like any other, placed in the step
# it leads into; its name says what to do. A timed rest of a routine's own ({"t": 5, "name":
# "Switch sides"}) is spoken when it begins only through the `say` of the hold before it.
def segments(v: dict[str, Any]) -> list[dict[str, Any]]:
    """The segments a timer plays, from its bound values (as `timer()` binds them)."""
    unit = v["unit"].capitalize()
    # count_down beeps the last seconds of every segment, rests and the get-ready included.
    extra: dict[str, Any] = {"count_down": True} if v["count_down"] else {}
    out: list[dict[str, Any]] = []
    if v["get_ready"]:
        out.append({"t": v["get_ready"], "name": "Get ready", **extra})
    for n in range(1, v["times"] + 1):
        several = v["times"] > 1
        # One hold is named for what the reader does, shown in the ring and said as it begins.
        hold: dict[str, Any] = {"t": v["hold"], "n": n, "name": f"{unit} {n} of {v['times']}" if several
                                else (v.get("doing") or v["label"] or unit),
                                "done": f"{unit} {n} done." if several else f"{unit} done.", **extra}
        if v["say"] and n < v["times"]:
            hold["say"] = v["say"]
        if v["warn"]:
            hold["warn"] = v["warn"]
        out.append(hold)
        if v["rest"] and n < v["times"]:
            out.append({"t": v["rest"], "name": f"Move to spot {n + 1}" if unit == "Spot" else "Rest", **extra})
    return out


def player(steps: list[dict[str, Any]], label: str, later: bool = False, held: dict[str, int] | None = None) -> Markup:
    """A session player for `steps` (see the contract above): one list of segments, each
    marked with its step's place ("s"), which timer.js plays as it plays a single timer.
    Without JavaScript, and in print, the steps show as a plain list. `held`: the seconds of
    holding by dose, which the reader's log counts when the session ends (components/log)."""
    if not steps or not all(step["segments"] for step in steps):
        raise KnotworkError("a session player needs steps, each with at least one segment.",
                            "give each step the segments of its timer (`timer.segments(...)`).")
    flat = [{**segment, "s": place} for place, step in enumerate(steps) for segment in step["segments"]]
    return components.render(NAME, "player", steps=steps, label=label, segments=flat, idle=idle(flat, steps),
                             later=later, held=held)


def clock(seconds: int) -> str:
    """A time as the timers show it: 0:45, 2:40, 12:05 (timer.js, `clock`)."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def idle(segs: list[dict[str, Any]], steps: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """What timer.js shows before Start, written by the build: the panel is drawn complete
    from the first paint, so nothing in it moves or grows when the script mounts, however slow
    the phone. timer.js (`show`) and player.js (`show`) write the same words; a browser test
    holds the two together."""
    first = segs[0]
    words: dict[str, Any] = {"phase": first["name"], "time": clock(first["t"]), "state": "Not started"}
    if steps is None:
        return words
    step = steps[first["s"]]

    def named(seg: dict[str, Any]) -> str:  # player.js `named(i, from)`, said from within the first step
        other = seg["s"] != first["s"] and steps[seg["s"]]["name"]
        return f"{other}: {seg['name']}" if other and other != seg["name"] else seg["name"]

    in_step = sum(seg["t"] for seg in segs if seg["s"] == first["s"])
    return {**words, "count": f"Step {first['s'] + 1} of {len(steps)}", "name": step["name"], "href": step["href"],
            "left": f"Left: {clock(in_step)} of this step, {clock(sum(seg['t'] for seg in segs))} in all",
            "coming": f"Next: {named(segs[1])}" if len(segs) > 1 else "Next: the end"}
