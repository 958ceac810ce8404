"""The clinical rules of one callout registry entry, beside the registry's own checks (callout/__init__.py):

- every callout says where it comes from: its sources, or, for what no source says, that it
  is Knotwork's own caution (`own`), which the card shows as such;
- a call to action (get help today, call now) sits only in a card of its own level, never in
  a caution or an information box, nor in its short line (callout.yml, `calls_to_action`).

What a page must show beside a get-help card is checked with the pages (checks/with_get_help.py).
"""

from __future__ import annotations

import re
from typing import Any

from macros.core import spec as components
from macros.core.errors import KnotworkError

NAME = "callout"
# The fields a call to action is looked for in: all a reader sees of the callout, its short line too.
SAID = ("heading", "short", "text", "after")


def check_entry(entry: dict[str, Any], level: dict[str, Any], where: str) -> None:
    """Raise KnotworkError for the first clinical rule that `entry` (of `level`) breaks."""
    own = entry.get("own")
    if own is not None and (not isinstance(own, str) or not own.strip() or "{" in own):
        raise KnotworkError(f"{where}: `own` must be a few plain words.",
                            "say what no source gives, e.g. `own: stopping for numbness or tingling`.")
    if not entry.get("sources") and not own:
        raise KnotworkError(f"{where}: the callout cites no source and says nothing is its own caution.",
                            "add `sources:` (title, publisher, url) that say what it says, or name what is "
                            "Knotwork's own caution in `own:`.")
    rule = components.spec(NAME).get("calls_to_action") or {}
    if level["name"] not in rule.get("levels", []):
        return
    for field, text in [(k, entry.get(k)) for k in SAID] + [("items", i) for i in entry.get("items") or []]:
        found = call_to_action(str(text or ""), rule.get("words", []))
        if found:
            raise KnotworkError(f"{where}: a `{level['name']}` callout says `{found}`, a call to get help (in "
                                f"its `{field}`): it belongs in a card of its own level, with the action as its "
                                "heading.",
                                "move it to a `see-doctor`, `urgent` or `emergency` callout (or add one), and "
                                "leave the caution to say when not to go on.")


def call_to_action(text: str, words: list[str]) -> str | None:
    """The first of `words` that `text` says, as a whole word, or None."""
    for word in words:
        pattern = re.escape(word) if not word[:1].isalnum() else rf"(?<![\w-]){re.escape(word)}(?![\w-])"
        match = re.search(pattern, text, re.I)
        if match:
            return match.group()
    return None


def with_get_help() -> list[str]:
    """The callouts every page with a get-help card also shows."""
    return list(components.spec(NAME).get("with_get_help") or [])
