"""What `make technique` and `make routine` leave to be written: the page builds, but the checks
warn, and the tests (and so CI) do not pass, until it is gone."""

from __future__ import annotations

import re

from macros.core.errors import Problem
from macros.core.page import Page, read_text
from macros.core.text import HEADING, section_at

# Text still to be written. The checks warn wherever it is left.
PLACEHOLDER = "To write:"
# The placeholder drawing carries this attribute, so the checks can tell it from a real one.
PLACEHOLDER_SVG_MARK = "data-knotwork-placeholder"


def check_placeholders(page: Page) -> list[Problem]:
    """Warnings for text and drawings the scaffold left to be written: the page builds, but the
    tests (and so CI) do not pass until they are gone."""
    problems = []
    text = read_text(page.path)
    body_start = len(text) - len(page.body)
    headings = [(m.start(), m.group(1).strip()) for m in HEADING.finditer(page.body)]
    for match in re.finditer(re.escape(PLACEHOLDER), text):
        line = text.count("\n", 0, match.start()) + 1
        if match.start() < body_start:
            field = max(((n, k) for k, n in page.key_lines.items() if n <= line), default=(0, "front matter"))[1]
            where = f"the front-matter field `{field}`"
        else:
            offset = match.start() - body_start
            where = f"`## {section_at(headings, offset, 'the page')}`"
        problems.append(Problem(page.rel, f"{where} still has the scaffold's text `{PLACEHOLDER} …`.",
                                "write it in your own words, with a source for every health fact.", line,
                                severity="warning"))
    art = page.meta.get("illustration")
    src = str(art.get("src", "")) if isinstance(art, dict) else ""
    svg = page.path.parent.parent / "assets" / "illustrations" / src
    if src and svg.is_file() and PLACEHOLDER_SVG_MARK in svg.read_bytes()[:2000].decode("utf-8", errors="replace"):
        problems.append(Problem(page.rel, f"the illustration `{src}` is still the scaffold's placeholder.",
                                f"draw the position in docs/assets/illustrations/{src} (SVG, clear in black and "
                                "white, a few KB).", page.line_of("illustration"), severity="warning"))
    return problems
