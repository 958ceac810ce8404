""""Before you start": a page's safety short enough to be read, and hard to skip by accident.

Nine safety boxes take four phone screens, and readers skim a wall like that. So the build
gathers the callouts of a page's Safety section (overrides/components/before/before.yml)
into one short block: a line for each (its `short` in the callout registry), each opening in
place to the whole callout with its sources. Whatever callouts the section holds are the
block's lines: a new or split callout needs only its `short`.

Until the reader says "I've read this", the page's first-screen control and the skip link
lead to the block; after, straight to the timer (before.js). The confirmation is kept on the
device only, under a key made here from the block's text, so a page whose safety text
changes asks again.

Also "Stop at once if …" beside every timer and in the session player, from the registry.

Plain functions on a page's HTML (the build hook calls them): no MkDocs.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from typing import Any

from markdown.extensions.toc import slugify
from markupsafe import Markup

from macros.components import callout
from macros.components import help as help_now
from macros.components.technique import start
from macros.core import spec as components
from macros.core.errors import KnotworkError

NAME = "before"
# Where the build leaves a page's key for the theme (main.html); never from a page's front matter.
META = "knotwork_before_key"


def spec() -> dict[str, Any]:
    return components.spec(NAME)


# A callout as callout.html writes it. Nothing inside one is a <div>: its first </div> ends it.
CALLOUT = re.compile(r'<div class="mdx-callout mdx-callout--[\w-]+" data-mdx-callout="([\w-]+)">.*?</div>\s*', re.S)
_H2 = re.compile(r"<h2\b[^>]*>")
_ID = re.compile(r'\sid="([^"]*)"')


def section(content: str, heading: str) -> tuple[int, int] | None:
    """Where the `## heading` section's content runs in a page's HTML (after its heading, up
    to the next `## `), or None when the page has no such section."""
    wanted = slugify(heading, "-")
    headings = list(_H2.finditer(content))
    for number, tag in enumerate(headings):
        found = _ID.search(tag[0])
        if found and found[1] == wanted:
            end = content.find("</h2>", tag.end())
            following = headings[number + 1].start() if number + 1 < len(headings) else len(content)
            return (end + len("</h2>") if end >= 0 else tag.end()), following
    return None


def safety_callouts(content: str) -> list[re.Match[str]]:
    """The callouts of the page's Safety section(s), in page order."""
    found = []
    for heading in spec()["sections"]:
        span = section(content, heading)
        if span:
            found += list(CALLOUT.finditer(content, *span))
    return sorted(found, key=lambda m: m.start())


def _short(callout_id: str, settings: dict[str, Any]) -> str:
    entry = callout.registry()[callout_id]
    return callout.fill(entry["short"], settings, entry)


def key(items: list[dict[str, Any]]) -> str:
    """What the reader's "I've read this" is kept under: a hash of the block's text (each line
    and its whole callout), so a change to any of it asks the reader again."""
    text = "\n".join(f"{item['short']}\n{item['callout']}" for item in items)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


_NOT_READ = re.compile(r'<div class="mdx-callout.*?</div>|<button\b.*?</button>', re.S)


def reading_seconds(block_html: str) -> int:
    """How long the block takes to read, closed: its title, its lead and its lines, at the
    spec's slow pace, rounded up to its step."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", _NOT_READ.sub(" ", block_html)))
    words = len(text.split())
    step = spec()["read_step"]
    return max(step, math.ceil(words * 60 / spec()["words_per_minute"] / step) * step)


def block(found: list[tuple[str, str]], settings: dict[str, Any]) -> tuple[Markup, str, int]:
    """The block for `found` [(callout id, its HTML)]: its HTML, its key and its reading time."""
    items = [{"short": _short(cid, settings), "callout": Markup(html_text.strip())} for cid, html_text in found]
    values = {"id": spec()["id"], "items": items, "key": key(items)}
    seconds = reading_seconds(components.render(NAME, seconds=0, **values))
    return components.render(NAME, seconds=seconds, **values), values["key"], seconds


def add_block(content: str, settings: dict[str, Any]) -> tuple[str, str | None, int]:
    """The page's HTML with its Safety section's callouts gathered into the block, where the
    first of them was; its key and reading time (None and 0 on a page with no such callouts)."""
    matches = safety_callouts(content)
    if not matches:
        return content, None, 0
    made, made_key, seconds = block([(m[1], m[0]) for m in matches], settings)
    parts, at = [], 0
    for number, match in enumerate(matches):
        parts.append(content[at:match.start()])
        if number == 0:
            parts.append(made + "\n")
        at = match.end()
    parts.append(content[at:])
    return "".join(parts), made_key, seconds


_START_LINK = re.compile(rf'<a class="mdx-technique__start-link" href="#{start.TIMER_ID}" data-mdx-start>(.*?)</a>',
                         re.S)


def first_visit_control(content: str, seconds: int) -> str:
    """The first-screen control leading to the block, saying how long it takes to read; the
    control's own words ("Go to the timer") kept beside, for a reader who has read it (start.html)."""

    def control(match: re.Match[str]) -> str:
        return components.render(NAME, "start", target=spec()["id"], seconds=seconds, later=Markup(match[1]))

    return _START_LINK.sub(control, content)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + ", or " + items[-1]


def check_registry() -> None:
    """The stop callout is in the registry and short enough to stand beside a timer."""
    wanted, lines = spec()["stop_callout"], spec()["stop_lines"]
    entry = callout.registry().get(wanted)
    where = f"{callout.REGISTRY.name}, `{wanted}`"
    if entry is None:
        raise KnotworkError(f"{callout.REGISTRY.name} has no callout `{wanted}`, which every timer shows as "
                            "\"Stop at once if …\".", f"add it back, or name another in `stop_callout` "
                            f"(components/{NAME}/{NAME}.yml).")
    items = entry.get("items") or []
    if not items or len(items) > lines:
        raise KnotworkError(f"{where} has {len(items)} items; every timer shows them as \"Stop at once if …\", "
                            f"which has room for 1 to {lines}.",
                            f"merge items, to {lines} at most: the whole callout stays in each page's Safety.")


def stop_line(settings: dict[str, Any]) -> Markup:
    """"Stop at once if …": the stop callout's text and items on one line, with the way to help."""
    check_registry()
    entry = callout.registry()[spec()["stop_callout"]]
    lead = callout.fill(entry.get("text") or entry["heading"], settings, entry).strip().rstrip(":")
    items = [callout.fill(item, settings, entry).strip().rstrip(".") for item in entry["items"]]
    return components.render(NAME, "stop", lead=lead, items=_join(items), help=help_now.spec()["id"])


def add_stop_lines(content: str, settings: dict[str, Any]) -> str:
    """Every timer (and session player) of the page with "Stop at once if …" first in it."""
    if not start.first_timer(content):
        return content
    line = stop_line(settings)
    return start.TIMER_TAG.sub(lambda tag: f"{tag[0]}\n{line}", content)


def page(content: str, settings: dict[str, Any]) -> tuple[str, str | None]:
    """A page's HTML with its block, its first-visit control and its stop lines; and the
    block's key (None on a page without one)."""
    content, made_key, seconds = add_block(content, settings)
    if made_key:
        content = first_visit_control(content, seconds)
    return add_stop_lines(content, settings), made_key


_BLOCK_ID = re.compile(rf'\sid="{re.escape(spec()["id"])}"|\sdata-key="[0-9a-f]*"')
_CONFIRM = re.compile(r'<div class="mdx-before__confirm">.*?</div>\s*', re.S)


# The booklet's plugin makes each page's links to its own ids its part's: "Get help now"
# beside a timer would lead nowhere.
_HELP_LINK = re.compile(rf'href="#[\w-]*-{re.escape(help_now.spec()["id"])}"')


def in_booklet(booklet: str) -> str:
    """The booklet's HTML (every page in one) with each block kept as a list, without its id
    (an id is once a page; before.html names the block without it) and its "I've read this"
    (the booklet is for reading and paper)."""
    booklet = _HELP_LINK.sub(f'href="#{help_now.spec()["id"]}"', _CONFIRM.sub("", booklet))
    return _BLOCK_ID.sub("", booklet)
