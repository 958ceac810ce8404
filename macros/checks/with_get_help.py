"""A page that shows a get-help card also shows the heart card (callout.yml, `with_get_help`):
new neck, jaw, arm or upper-back ache can be the heart's, and sudden, severe upper-back pain the
aorta's. Technique pages list it in technique.yml; routines bring it from their steps; this is
for every other page (the tips, say)."""

from __future__ import annotations

from macros.components import callout
from macros.components.callout import rules as callout_rules
from macros.core.calls import MacroCall
from macros.core.errors import Problem, one_of
from macros.core.page import Page


def missing_with_get_help(shown: list[str]) -> list[str]:
    """The heart cards a page showing the callouts `shown` leaves out (none if it shows no get-help card)."""
    levels, registry = callout.levels(), callout.registry()
    helps = [c for c in shown if c in registry and levels[registry[c]["level"]].get("get_help")]
    return [c for c in callout_rules.with_get_help() if helps and c not in shown]


def check_page(page: Page, calls: list[MacroCall]) -> list[Problem]:
    """The page's get-help cards without the heart cards. `calls` are its macro calls as the checks read them."""
    shown = [call.args[0] if call.args else call.kwargs.get("id") for call in calls if call.name == "callout"]
    missing = missing_with_get_help(shown)
    if not missing:
        return []
    line = max(call.line for call in calls if call.name == "callout")
    return [Problem(page.rel, f"the page shows get-help callouts but not {one_of(missing)}: new neck, jaw, arm or "
                    "upper-back ache can come from the heart.",
                    " ".join(f'add {{{{ callout("{c}") }}}}' for c in missing) + " with its other get-help callouts.",
                    line)]
