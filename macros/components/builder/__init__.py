"""Make your own session: a page where a reader puts the site's timers in the order they like,
with rests and "I'm ready" steps, checks it against the doses live, plays it in the session
player and shares it by a link (overrides/components/builder/builder.yml).

The build writes what the page's script needs into the page, as data (`data()`): every timer
with an `id` (a name that stays when its label is reworded), what it plays, the doses and the
site's limits. The script keeps the rules of core/session_rules.py; the routine pages'
checks use those, so a session a reader makes is held to what a routine is held to.

Plain functions: the page's macro (`session_builder`) and the tests call them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from macros.components import before, callout, dose, routine
from macros.components import timer as timers
from macros.core import spec as components
from macros.core.config import COMPONENTS

NAME = "builder"
CASES = COMPONENTS / NAME / "rules.yml"


def spec() -> dict[str, Any]:
    return components.spec(NAME)


def offered(docs_dir: Path) -> list[tuple[routine.Source, routine.Timer]]:
    """Every timer a session can use: those with an `id` and a `how`, techniques first, each
    kind in file order."""
    pages = routine.source_pages(docs_dir)
    ordered = sorted(pages, key=lambda rel: (not pages[rel].technique, rel))
    return [(pages[rel], timer) for rel in ordered for timer in pages[rel].timers
            if timer.values.get("id") and timer.values.get("how")]


def one_step(source: routine.Source, timer: routine.Timer) -> routine.Routine:
    """A routine of this one timer: what a step of it shows (its name, its safety) is what it shows in a routine."""
    return routine.Routine(page=None, steps=[routine.Step("page", timer.line, source, timer)])  # type: ignore[arg-type]


def data(docs_dir: Path, settings: dict[str, Any], base: str = "") -> dict[str, Any]:
    """What the rules (core/session_rules.py, builder.js) and the page's player read, made from the pages."""
    timers_found: dict[str, Any] = {}
    for source, timer in offered(docs_dir):
        values = timer.values
        alone = one_step(source, timer)
        step = routine.listed_steps(alone, base)[0]  # in the player's form
        ready = timers.segments({**values, "get_ready": None})
        needed = routine.required_callouts(alone)
        found = dose.registry().get(source.dose) if source.dose else None
        timers_found[values["id"]] = {
            "title": step["name"], "label": values["label"] or step["name"], "how": values["how"],
            "page": source.title, "dose": found.id if found else None,
            "holding": values["times"] * values["hold"],
            "first_time": bool(found) and values["times"] * values["hold"] <= found.limits["first_session"],
            "seconds": sum(s["t"] for s in step["segments"]), "seconds_ready": sum(s["t"] for s in ready),
            "detail": routine.step_detail(source, timer), "detail_ready": routine.step_detail(source, timer, True),
            "href": step["href"], "picture": step["picture"], "alt": step["alt"],
            "width": (source.illustration or {}).get("width"), "height": (source.illustration or {}).get("height"),
            "segments": step["segments"], "segments_ready": ready,
            "get_up": source.get_up, "callouts": list(needed), "position": source.position,
        }
    return {**routine.rules_data(settings, timers_found, spec()["limits"]["max_steps"]), "link": spec()["link"]}


def builder(docs_dir: Path, settings: dict[str, Any], base: str = "") -> Markup:
    """`{{ session_builder() }}`: the page's builder, its data, its player and the safety its
    timers can need (each shown when a step needs it), as Markdown sections."""
    found = data(docs_dir, settings, base)
    pages: dict[str, dict[str, Any]] = {}
    for timer_id, timer in found["timers"].items():
        page = pages.setdefault(timer["page"], {"title": timer["page"], "href": timer["href"].split("#")[0],
                                                "timers": []})
        page["timers"].append({"id": timer_id, **timer, "length": timers.say_duration(timer["seconds"])})
    needed = {cid for timer in found["timers"].values() for cid in timer["callouts"]}
    registry = callout.registry()
    sections = []
    for section in routine.spec()["sections"]:
        # In the registry's order, as the Safety page shows them: a new technique that sorts first
        # brings its timers, not a new order of the cards (nor a changed review of this page).
        ids = [cid for cid in registry if cid in needed and registry[cid].get("level") in section["levels"]]
        if ids:
            cards = "\n\n".join(callout.callout(cid, settings=settings) for cid in ids)
            sections.append(f"## {section['heading']}\n\n{cards}")
    player = timers.player([{"name": "", "href": "#", "picture": None, "alt": "",
                             "segments": [{"t": 1, "name": ""}]}], "Your session", later=True)
    made = components.render(NAME, data=found, pages=list(pages.values()), rests=spec()["rests"],
                             stop=before.stop_line(settings), player=player)
    return Markup(f"{made}\n\n" + "\n\n".join(sections))
