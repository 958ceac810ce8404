"""Where a page's facts come from: a forum post or a page that sells a programme may be where
an idea comes from, never the source of a health claim. A technique lists such pages under
`idea_from`, any other page under `## Where this idea comes from`; in `sources` (or a page's
`## Sources` list) they are refused, with the line and where to move them.

The hosts are listed in technique.yml (`idea_only`); any host or path with "forum" in it is a
forum too.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from macros.components import technique
from macros.core.errors import Problem
from macros.core.page import NotUtf8, Page, read_text


def idea_only(url: str) -> str | None:
    """What kind of page `url` is when it cannot back a health claim ("a forum post"), or None."""
    parts = urlsplit(str(url))
    host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")  # "reddit.com." is reddit.com
    for known, what in (technique.spec().get("idea_only") or {}).items():
        if host == known or host.endswith("." + known):
            return what
    if "forum" in host or re.search(r"(^|/)forums?(/|$)", parts.path.lower()):
        return "a forum"
    return None


_SOURCES = re.compile(r"^##\s+Sources\s*$", re.M)
_LINK = re.compile(r"\]\(\s*<?(https?://[^)\s>]+)")


def check(page: Page) -> list[Problem]:
    """Every health source of `page` that is a forum post or a sales page."""
    problems = []
    sources = page.meta.get("sources")
    if isinstance(sources, list):
        for number, source in enumerate(sources, start=1):
            what = idea_only(source.get("url", "")) if isinstance(source, dict) else None
            if what:
                problems.append(Problem(page.rel, f"source {number}, `{source.get('title')}`, is {what}: it cannot "
                                        "be the source of a health claim.",
                                        "move it under `idea_from:` (where this idea comes from), and cite a health "
                                        "service, a professional body or a study for the facts.",
                                        _line_of_url(page, source.get("url", "")) or page.line_of("sources")))
    listed = _SOURCES.search(page.body)
    if listed and not isinstance(sources, list):
        end = page.body.find("\n## ", listed.end())
        part = page.body[listed.end(): end if end >= 0 else len(page.body)]
        for match in _LINK.finditer(part):
            what = idea_only(match.group(1))
            if what:
                offset = listed.end() + match.start()
                problems.append(Problem(page.rel, f"`{match.group(1)}` is {what}: it cannot be the source of a "
                                        "health claim.",
                                        "list it under `## Where this idea comes from`, after `## Sources`, and cite "
                                        "a health service, a professional body or a study for the facts.",
                                        page.body_line + page.body.count("\n", 0, offset)))
    return problems


def _line_of_url(page: Page, url: str) -> int | None:
    """The line of the front matter where `url` is written."""
    try:
        text = read_text(page.path)
    except (OSError, NotUtf8):
        return None
    at = text.find(str(url)) if url else -1
    return text.count("\n", 0, at) + 1 if 0 <= at < len(text) - len(page.body) else None
