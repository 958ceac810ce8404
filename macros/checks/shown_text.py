"""The words of a page a reader sees besides its body's text: its front matter's texts (title,
summary, a routine's waits, a drawing's description) and its macros' texts (a timer's label, its
`how`, the words it says). The checks of what a page may say (claims.py, wording.py) read these
as they read the body.

Left out: the sources a page cites (`sources`, `idea_from`: titles others wrote) and its review
record, and a macro's ids (`"stop-signs"`, `id="…"`: a text has a space, an id has none).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from macros.components import review
from macros.core.calls import macro_calls
from macros.core.page import Page

_CITED = {"sources", "idea_from"}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def texts(page: Page) -> list[tuple[str, int | None, str]]:
    """(where, line, text) for each text of the front matter and of the macros' values."""
    found = [(f"`{key}`", page.line_of(key), text) for key, value in page.meta.items()
             if isinstance(key, str) and key not in _CITED | set(review.fields()) for text in _strings(value)]
    found += [(f"the {call.name}'s text", call.line, value) for call in macro_calls(page)
              for value in (*call.args, *call.kwargs.values()) if isinstance(value, str) and " " in value]
    return found
