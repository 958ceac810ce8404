"""The reader's log, kept on their device: "Note it in your log" when a timer or a session ends,
the "Your log" page (`{{ session_log() }}`: the list, export, import, delete, reminders), and the
advice the log gives on every page (overrides/components/log/log.yml).

The build writes what the advice needs from doses.yml (`rules()`) into the advice's script
(`with_rules`) and into "Your log", so a number there changes the advice too; nothing about a
reader ever reaches the build or a server.
Plain functions: the page's macro, the hooks and the tests call them.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from macros.components import dose
from macros.core import spec as components
from macros.core.durations import say_duration

NAME = "log"
# The advice's script, as the build serves it (macros/output/bundle.py), and where rules() goes in it.
ADVICE = "components/log/advice.min.js"
RULES_PLACE = '"@LOG_RULES@"'
DAY = 86400


def spec() -> dict[str, Any]:
    return components.spec(NAME)


def rules() -> dict[str, Any]:
    """What the log's advice reads, per dose: its name, its limit for a day's sessions, the days of
    rest between two days with it, how often in words, and when to get help if it is no better."""
    return {"limits": spec()["limits"], "doses": {found.id: {
        "name": found.name, "session": found.limits["session"], "session_says": say_duration(found.limits["session"]),
        "days_between": found.days_between,
        "how_often": found.says["how_often"],
        "no_better_days": found.limits["no_better_after"] // DAY,
        "no_better": f"{say_duration(found.limits['no_better_after'])} {found.says['no_better_after']}",
    } for found in dose.registry().values()}}


def with_rules(script: str) -> str:
    """The advice's script with rules() written in, as a JavaScript object."""
    if RULES_PLACE not in script:
        raise AssertionError(f"{ADVICE} has no {RULES_PLACE} for the rules")
    return script.replace(RULES_PLACE, json.dumps(rules(), ensure_ascii=False), 1)


def session_log() -> Markup:
    """`{{ session_log() }}`: the "Your log" page's list, its tools and its reminders."""
    doses = [{"id": found.id, "name": found.name} for found in dose.registry().values()]
    return components.render(NAME, doses=doses, rules=rules())
