"""The review line of a health page: when it was last checked against its sources, by whom, and
whether what a reader sees now is still what was checked (overrides/components/review/).

The fingerprint that says so, and the checks of a page's review record, are read with the
pages (checks/review.py); `make review` records a review (tools/review.py). A technique's and a
routine's header take the line as it is; the hooks put it under any other page's title.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from macros.components.technique import say_date
from macros.core import spec as components

NAME = "review"


def spec() -> dict[str, Any]:
    return components.spec(NAME)


def fields() -> list[str]:
    """The front-matter keys of a review record."""
    return list(spec()["fields"])


@dataclass
class Status:
    """The state of one page's review."""

    state: str  # reviewed (as it stands), changed (since), unrecorded (a date, no fingerprint) or none
    current: str  # the fingerprint of what a reader sees now
    last_reviewed: dt.date | None = None
    review_due: dt.date | None = None
    reviewed_by: str | None = None
    recorded: str | None = None  # the fingerprint the page records


def line(found: Status, base: str = "") -> Markup:
    """The review line of a page, `base` leading from the page to the site root."""
    target, _, anchor = spec()["how_reviewed"].partition("#")
    address = f"{base}{target.removesuffix('.md')}/" + (f"#{anchor}" if anchor else "")
    return components.render(
        NAME, state=found.state, reviewed_by=found.reviewed_by, how_reviewed=address,
        last_reviewed=found.last_reviewed, review_due=found.review_due,
        last_reviewed_text=say_date(found.last_reviewed) if found.last_reviewed else None,
        review_due_text=say_date(found.review_due) if found.review_due else None,
    )


def after_title(markdown: str, html: Markup) -> str:
    """A page's Markdown with its review line after its `# ` title and the paragraph under it
    (which stays the page's description for search engines and link previews)."""
    title = re.search(r"^# .*\n", markdown, re.M)
    at = title.end() if title else 0
    paragraph = re.match(r"(?:[ \t]*\n)*(?:[^\n#<{].*\n)+", markdown[at:])
    at += paragraph.end() if paragraph else 0
    return f"{markdown[:at]}\n{html}\n\n{markdown[at:]}"


def describe(found: Status) -> str:
    """The state of a review in words, as `make review` lists it."""
    if found.state == "none":
        return "not reviewed yet"
    who = f"by {found.reviewed_by}" if found.reviewed_by else "no clinician"
    text = {"reviewed": "reviewed as it stands", "changed": "CHANGED since its review",
            "unrecorded": "review not recorded"}[found.state]
    return f"{text} ({say_date(found.last_reviewed)}, {who}; due {say_date(found.review_due)})"
