"""The home page's chooser: one card per technique, straight from the pages' front matter,
so a new technique appears without editing any list."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from macros.components import technique
from macros.core import spec as components


def chooser(docs_dir: Path, base: str = "") -> Markup:
    """Cards for every technique, in the reading order (shortest first). `base` leads from the
    page to the site root."""
    folder = technique.spec()["folder"]
    cards = []
    for page in technique.load_all(docs_dir):
        art = docs_dir / "assets" / "illustrations" / page.meta["illustration"]["src"]
        width, height = technique.svg_size(art)
        cards.append({
            **page.meta,
            "time": technique.time_fact(page.meta, technique.first_time(page)),
            "url": f"{base}{folder}/{page.slug}/",
            "art_url": f"{base}assets/illustrations/{page.meta['illustration']['src']}",
            "width": width,
            "height": height,
        })
    return components.render("chooser", techniques=cards)


def callout_users(docs_dir: Path, base: str = "") -> dict[str, list[tuple[str, str]]]:
    """Which technique pages insert each callout: {id: [(title, url), …]}."""
    folder = technique.spec()["folder"]
    users: dict[str, list[tuple[str, str]]] = {}
    for page in technique.load_all(docs_dir):
        for callout_id in dict.fromkeys(re.findall(r"callout\(\s*(?:id\s*=\s*)?[\"']([\w-]+)[\"']", page.body)):
            users.setdefault(callout_id, []).append((page.meta["title"], f"{base}{folder}/{page.slug}/"))
    return users
