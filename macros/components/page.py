"""Every kind of page under docs/ and the front-matter keys it may set (overrides/components/page/
page.yml; techniques and routines have specs of their own): every key has a type, and any other
is refused, as MkDocs and Material write some keys into every page's menu or head as they are.
The keys the theme reads (`description`, `hide`, `tags`) are typed here for every kind."""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Any

from macros.core import spec as components
from macros.core.errors import Problem
from macros.core.fields import check_front_matter
from macros.core.page import Page

NAME = "page"


def spec() -> dict[str, Any]:
    return components.spec(NAME)


def theme_fields(names: list[str]) -> dict[str, dict[str, Any]]:
    """The typed fields of the theme's keys `names` (a kind's `theme_keys`)."""
    typed = {f["name"]: f for f in spec()["theme_fields"]}
    return {name: typed[name] for name in names}


def refused_keys() -> dict[str, str]:
    """Keys no page may set, with why."""
    return dict(spec()["refused_keys"])


def kind(path: Path, docs_dir: Path) -> dict[str, Any]:
    """The kind (an entry of page.yml's `kinds`) of the page at `path`, other than a technique or routine."""
    rel = path.resolve().relative_to(docs_dir.resolve()).as_posix()
    return next(k for k in spec()["kinds"] if any(_matches(rel, pattern) for pattern in k["files"]))


def _matches(rel: str, pattern: str) -> bool:
    """`rel` matches `pattern`, folder for folder (`*` stays in its folder; `**/` is any folder)."""
    if pattern.startswith("**/"):
        return "/" in rel and fnmatch.fnmatchcase(rel.rsplit("/", 1)[1], pattern[3:])
    return rel.count("/") == pattern.count("/") and fnmatch.fnmatchcase(rel, pattern)


def check(page: Page, docs_dir: Path) -> list[Problem]:
    """Every front-matter key of a page of one of these kinds declared and of its type."""
    found = kind(page.path, docs_dir)
    known = {f["name"]: f for f in found.get("fields") or []} | theme_fields(found.get("theme_keys") or [])
    if found.get("review"):  # a page that may show callouts: its review record
        known |= {f["name"]: f for f in spec()["review_fields"]}
    return check_front_matter(page, known, {}, refused_keys(), rename_misspelt=False)
