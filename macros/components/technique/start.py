"""The way to a page's first timer. A reader lying down with the phone wants to start, not to
scroll past the safety text they have read before: a technique header's "Go to the timer"
and the skip link "Skip to the timer" (which technique.js adds) both lead to the first timer
on the page. The build gives that timer the id they link to, so the timer's own markup does
not change, and fills in the header's place with what the timer does and how long it takes.

Plain functions on a page's HTML (the build hook calls them): no MkDocs.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

from macros.components import timer
from macros.core import spec as components

# The id of the first timer on a page (technique.js spells it too).
TIMER_ID = "start-timer"
# Where the header asks for its start card (overrides/components/technique/technique.html).
PLACE = "<div data-mdx-start-place hidden></div>"
# The opening tag of a timer (or session player); Before you start puts "Stop at once if" after it.
TIMER_TAG = re.compile(r"<div\b(?=[^>]*\sdata-mdx-timer[\s>=])[^>]*>")
_ATTRIBUTE = re.compile(r'\s([\w-]+)(?:="([^"]*)")?')


def first_timer(content: str) -> re.Match[str] | None:
    """The opening tag of the page's first timer, or None when the page has none."""
    return TIMER_TAG.search(content)


def timer_values(tag: str) -> dict[str, Any] | None:
    """The bound values (as `timer()` binds them) a timer's opening tag carries, or None when
    the tag is not a single timer's (a session player's, say)."""
    data = {name.removeprefix("data-"): html.unescape(value or "") for name, value in _ATTRIBUTE.findall(tag)}
    try:
        return {
            "hold": int(data["hold"]), "times": int(data["times"]), "rest": int(data["rest"]),
            "get_ready": int(data["get-ready"]), "warn": int(data["warn"]), "unit": data["unit"],
            "count_down": data["count-down"] == "true", "say": data.get("say"), "label": data.get("label"),
        }
    except (KeyError, ValueError):
        return None


def total_seconds(values: dict[str, Any]) -> int:
    """How long the timer runs from Start to its end, from the segments it plays."""
    return sum(segment["t"] for segment in timer.segments(values))


def start_card(values: dict[str, Any] | None) -> Markup:
    """The header's link to the first timer, saying what it is and how long it takes."""
    return components.render("technique", "start", target=TIMER_ID, label=(values or {}).get("label"),
                             seconds=total_seconds(values) if values else None)


def lead_to_first_timer(content: str) -> str:
    """The page's HTML with its first timer given the id the skip link and the start card
    lead to, and the header's start place filled in (or taken out, on a page with no timer)."""
    tag = first_timer(content)
    if tag is None or re.search(rf'\sid="{TIMER_ID}"', content):
        return content.replace(PLACE, "")
    if PLACE in content:
        card = start_card(timer_values(tag[0]))
        content = content.replace(PLACE, card, 1)
        tag = first_timer(content)  # the card came before it: the tag moved
    opening = tag[0][:-1].rstrip("/") + f' id="{TIMER_ID}">'
    return content[:tag.start()] + opening + content[tag.end():]


_CARD = re.compile(r'<p class="mdx-technique__start">.*?</p>\s*', re.S)


def without_ways_to_start(booklet: str) -> str:
    """The booklet's HTML (every page in one) without the start cards and the first timers'
    ids: on one page they would all lead to the first technique's timer, and an id is once
    a page."""
    return _CARD.sub("", booklet).replace(f' id="{TIMER_ID}"', "")
