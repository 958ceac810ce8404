"""Safety callouts: one wording per id, kept in the registry, rendered the same everywhere."""

from __future__ import annotations

import re
import string
from functools import cache
from typing import Any

from markupsafe import Markup

from macros.components import dose
from macros.components.callout import rules as callout_rules
from macros.core import spec as components
from macros.core.config import COMPONENTS
from macros.core.errors import KnotworkError, did_you_mean, one_of
from macros.core.fields import check_entry

NAME = "callout"
REGISTRY = COMPONENTS / NAME / "registry.yml"


def levels() -> dict[str, dict[str, Any]]:
    return {level["name"]: level for level in components.spec(NAME)["levels"]}


@cache
def registry() -> dict[str, dict[str, Any]]:
    """Every callout by id, checked once: a bad entry fails every build, not one page."""
    entries = components.read_yaml(REGISTRY) or []
    found: dict[str, dict[str, Any]] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{REGISTRY.name}, entry {number} ({entry.get('id', 'no id')})"
        check_registry_entry(entry, where)
        if entry["id"] in found:
            raise KnotworkError(f"{where}: id `{entry['id']}` is used twice.", "give each callout its own id.")
        found[entry["id"]] = entry
    return found


def check_registry_entry(entry: dict[str, Any], where: str) -> None:
    fields = components.spec(NAME)["fields"]
    check_entry(entry, fields, where)
    level = levels().get(entry["level"])
    if level is None:
        raise KnotworkError(f"{where}: no level `{entry['level']}`.{did_you_mean(entry['level'], levels())}",
                            f"use one of {one_of(levels())}.")
    items = entry.get("items") or []
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise KnotworkError(f"{where}: `items` must be a list of plain sentences.", "write one `- item` per line.")
    if level.get("max_items") and len(items) > level["max_items"]:
        raise KnotworkError(f"{where}: {len(items)} bullets; a `{level['name']}` callout has at most "
                            f"{level['max_items']}.", "merge or drop bullets, or split the callout.")
    sources = entry.get("sources") or []
    if not isinstance(sources, list):
        raise KnotworkError(f"{where}: `sources` must be a list.", "write `- {publisher: …, title: …, url: …}`.")
    for source in sources:
        if not isinstance(source, dict) or set(source) != {"publisher", "title", "url"}:
            raise KnotworkError(f"{where}: each source needs publisher, title and url.", "add all three.")
        if not str(source["url"]).startswith(("https://", "http://")):
            raise KnotworkError(f"{where}: the source address must start with https:// or http://.",
                                "link the source's page.")
    allowed = list(components.spec(NAME)["placeholders"])
    if entry.get("dose"):
        if entry["dose"] not in dose.registry():
            raise KnotworkError(f"{where}: no dose `{entry['dose']}`.{did_you_mean(entry['dose'], dose.registry())}",
                                f"use one of {one_of(dose.registry())} (doses.yml).")
        allowed += components.spec(NAME)["dose_placeholders"]
        written = [text for part in _texts(entry) for _, _, text in dose.durations_in(part)]
        if written:
            raise KnotworkError(f"{where}: the callout writes `{written[0]}`, but its numbers come from the dose "
                                f"`{entry['dose']}`.",
                                "write the dose's placeholder instead, e.g. {hold} or {first_session}.")
    for text in _texts(entry):
        for _, name, _, _ in string.Formatter().parse(text):
            if name is not None and name not in allowed:
                raise KnotworkError(f"{where}: unknown placeholder `{{{name}}}`.", f"use one of {one_of(allowed)}.")
    callout_rules.check_entry(entry, level, where)  # the clinical rules: own cautions, calls to action


def _texts(entry: dict[str, Any]) -> list[str]:
    return [entry[k] for k in ("heading", "short", "text", "after") if entry.get(k)] + list(entry.get("items") or [])


_PHONE = re.compile(r"(?<![\d+])\d{3,}(?!\d)")


def _values(entry: dict[str, Any] | None, settings: dict[str, str]) -> dict[str, str]:
    values = {n: settings.get(n, "") for n in components.spec(NAME)["placeholders"]}
    if entry and entry.get("dose"):
        values.update(dose.placeholders(dose.registry()[entry["dose"]]))
    return values


def _parts(text: str | None, settings: dict[str, str], entry: dict[str, Any] | None = None) -> list[dict] | None:
    """A text with the site's numbers (and its dose's) put in, as parts: plain text, and each
    phone number of a configured number as a tap-to-call link. Still plain text, escaped later."""
    if text is None:
        return None
    values = _values(entry, settings)
    missing = [n for n in components.spec(NAME)["placeholders"] if f"{{{n}}}" in text and not settings.get(n)]
    if missing:
        raise KnotworkError(f"mkdocs.yml sets no `extra.knotwork.{missing[0]}`.",
                            f"add `{missing[0]}:` under `extra: knotwork:` in mkdocs.yml.")
    parts: list[dict] = []
    for literal, name, _, _ in string.Formatter().parse(text):
        if literal:
            parts.append({"text": literal, "tel": None})
        if name is None:
            continue
        value, end = values[name], 0
        if name in components.spec(NAME)["placeholders"]:  # phone numbers: a reader on the floor taps to call
            for match in _PHONE.finditer(value):
                parts.append({"text": value[end:match.start()], "tel": None})
                parts.append({"text": match.group(), "tel": match.group()})
                end = match.end()
        parts.append({"text": value[end:], "tel": None})
    return [part for part in parts if part["text"]]


def fill(text: str | None, settings: dict[str, str], entry: dict[str, Any] | None = None) -> str | None:
    """A text with the site's numbers put in, as one plain string."""
    parts = _parts(text, settings, entry)
    return None if parts is None else "".join(part["text"] for part in parts)


def callout(*args: Any, settings: dict[str, str], **kwargs: Any) -> Markup:
    """The HTML of one callout. `settings` is mkdocs.yml's extra.knotwork."""
    values = components.bind(NAME, args, kwargs, choices={"id": list(registry())})
    entry = registry()[values["id"]]
    return components.render(
        NAME,
        id=entry["id"],
        level=levels()[entry["level"]],
        heading=_parts(entry["heading"], settings, entry),
        text=_parts(entry.get("text"), settings, entry),
        items=[_parts(item, settings, entry) for item in entry.get("items") or []],
        after=_parts(entry.get("after"), settings, entry),
        sources=entry.get("sources") or [],
        own=entry.get("own"),
    )


def all_callouts(settings: dict[str, str], used_by: dict[str, list[tuple[str, str]]] | None = None,
                 level: str | None = None) -> Markup:
    """Every callout (or every one of `level`), most urgent first, for the Safety page.

    `used_by` maps a callout id to the (title, url) of the pages that insert it.
    """
    if level is not None and level not in levels():
        raise KnotworkError(f"`safety_callouts` has no level `{level}`.{did_you_mean(level, levels())}",
                            f"use one of {one_of(levels())}, or no level for all of them.")
    parts: list[str] = []
    for name in reversed(list(levels())):
        if level not in (None, name):
            continue
        for entry in (e for e in registry().values() if e["level"] == name):
            parts.append(callout(entry["id"], settings=settings))
            pages = (used_by or {}).get(entry["id"])
            if pages:
                parts.append(components.render(NAME, "used-by", pages=pages))
    return Markup("\n").join(parts)
