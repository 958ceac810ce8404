"""What each page's checks found, kept between the rebuilds of `mkdocs serve`.

A save under `make serve` changes one page, and every rebuild checks every page again first
(serve shows the problems instead of the pages, so it must know them before it builds). Here
the checks of a page that did not change are answered from the rebuild before, where nothing
they read can have changed either:

- the page's own bytes are the same (its key), and
- so is everything else the checks read (the site's key): mkdocs.yml and the site's address,
  the macros' code and the components' templates and registries (whether mkdocs.yml watches
  them or not), the other files it watches (CONTRIBUTING.md), today's date, every file under
  docs/ that is not a page, and of every page what other pages' checks can read of it: its
  front matter, headings, macro calls, links, ids and HTML, in short every line that is not
  plain prose (`outline`).

The check of each page's built HTML is kept the same way, by the HTML and the page's source.

So a change to a paragraph's words (or a new paragraph) rechecks that page alone; a new
heading, call, link or title anywhere rechecks them all. Whether a page's title, web address or
timer ids are taken by another page is asked afresh every time (site.names_taken): that is what
names another page's lines. Routine pages are always checked afresh: a routine shows its steps'
pages. `mkdocs build`, `make check` and CI keep nothing: every page is checked every time.

The store is a plain dict held by the build hooks (they outlive the rebuilds; this module is
imported afresh at each one), and what it keeps is plain data: the problems and the names a
page takes, as dicts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from macros.core.config import ROOT, THEME, config
from macros.core.errors import Problem

# A line of plain prose: words, spaces and the punctuation of sentences. Any other line may
# say something another page's checks read (a heading, an anchor, a call, a link, a table, a
# fence, an admonition, HTML), so it is part of the outline.
_PROSE = re.compile(r"[\w \t.,;!?'\"’‘“”()*/%+&–—-]*")
# A line of only `=`, `-`, `*` or `_` makes the line above it a heading (or is a rule): both
# are part of the outline.
_UNDERLINE = re.compile(r"[ \t]*[-=*_][-=*_ \t]*")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def outline(text: str) -> str:
    """A page's text without its lines of plain prose and its blank lines: what another page's
    checks can read of it (its front matter whole, headings, ids, calls, links, tables, HTML)."""
    front = _FRONT_MATTER.match(text)
    head, body = (front.group(), text[front.end():]) if front else ("", text)
    lines = body.split("\n")
    kept = []
    for number, line in enumerate(lines):
        underlined = number + 1 < len(lines) and _UNDERLINE.fullmatch(lines[number + 1]) is not None
        if _UNDERLINE.fullmatch(line) or underlined or not _PROSE.fullmatch(line):
            kept.append(line)
    return head + "\n".join(kept)


def site_key(docs_dir: Path, config_file: Path, today: dt.date) -> str:
    """The key of everything the checks of a page read beside the page itself."""
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogateescape"))
            digest.update(b"\0")

    settings = config(config_file)
    # The settings as read (a file mkdocs.yml inherits included), and the file for what they skip.
    add(today.isoformat(), json.dumps(settings, sort_keys=True, default=str), config_file.read_bytes())
    # What the checks are made of (this code, the components' registries and templates), as
    # the package finds them whatever mkdocs.yml watches, and what else it watches.
    base = config_file.resolve().parent
    folders = {ROOT / "macros", THEME, *(base / str(watched) for watched in settings.get("watch") or [])}
    for path in sorted({path for folder in folders for path in _files(folder.resolve())}):
        add(str(path), path.read_bytes())
    for path in _files(docs_dir):
        data = path.read_bytes()
        if path.suffix == ".md":
            data = outline(data.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
        add(str(path.relative_to(docs_dir)), data)
    return digest.hexdigest()


def _files(where: Path) -> list[Path]:
    if where.is_file():
        return [where]
    return sorted(p for p in where.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def page_key(path: Path, kind: str) -> tuple[str, str, str]:
    return kind, str(path), hashlib.sha256(path.read_bytes()).hexdigest()


def built_page_key(path: Path, html: str) -> tuple[str, str, str]:
    """The key of the check of a page's built HTML (output/html_gate.py), which reads the HTML
    and the page's source: under the same site key, the same answer."""
    return "built", str(path), hashlib.sha256(html.encode("utf-8", "surrogateescape") + b"\0"
                                              + path.read_bytes()).hexdigest()


def keep(store: dict[Any, Any], key: tuple[str, str, str], found: list[Problem],
         names: dict[str, Any] | None = None) -> None:
    store[key] = ([dataclasses.asdict(p) for p in found], names)


def kept(store: dict[Any, Any], key: tuple[str, str, str]) -> tuple[list[Problem], dict[str, Any] | None] | None:
    """The problems and names kept for the page of `key`, or None."""
    answer = store.get(key)
    if answer is None:
        return None
    found, names = answer
    return [Problem(**p) for p in found], names


def for_site(store: dict[Any, Any], key: str) -> dict[Any, Any]:
    """`store`, emptied when the site's key is not the one its answers were kept under."""
    if store.get("site") != key:
        store.clear()
        store["site"] = key
    return store
