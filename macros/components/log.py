"""The reader's log, kept on their device: "Note it in your log" when a timer or a session ends,
the "Your log" page (`{{ session_log() }}`: the list, export, import, delete, reminders), and the
advice the log gives on every page (overrides/components/log/log.yml).

The build gives every page what the advice needs from doses.yml (`rules()`, in main.html), so a
number there changes the advice too; nothing about a reader ever reaches the build or a server.
Plain functions: the page's macro, the hooks and the tests call them.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from macros.components import dose
from macros.core import spec as components
from macros.core.durations import say_duration

NAME = "log"
# Where the build leaves rules() for the theme (main.html).
EXTRA = "knotwork_log"
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


def session_log() -> Markup:
    """`{{ session_log() }}`: the "Your log" page's list, its tools and its reminders."""
    doses = [{"id": found.id, "name": found.name} for found in dose.registry().values()]
    return components.render(NAME, doses=doses, limits=spec()["limits"])
