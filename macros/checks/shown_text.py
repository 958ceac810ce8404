"""The words of a page a reader sees besides its body's text: its front matter's texts (title,
summary, a routine's waits, a drawing's description) and its macros' texts (a timer's label, its
`how`, the words it says). The checks of what a page may say (claims.py, wording.py) read these
as they read the body.

Left out: the sources a page cites (`sources`, `idea_from`: titles others wrote) and its review
record, and a macro's ids (`"stop-signs"`, `id="…"`: a text has a space, an id has none).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from macros.components import review
from macros.core.calls import macro_calls
from macros.core.page import Page

_CITED = {"sources", "idea_from"}


def _strings(key: str, value: Any) -> Iterator[tuple[str, str]]:
    """(the key it is written under, the innermost: a step's `wait`; the text) for each text."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for inner, item in value.items():
            yield from _strings(str(inner), item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(key, item)


def _front_matter_lines(page: Page) -> tuple[str, ...]:
    try:
        return _lines_of(str(page.path), page.path.stat().st_mtime_ns, page.body_line)
    except (OSError, UnicodeDecodeError):
        return ()


# Read once a page, not once for each check that asks for its texts (claims, numbers, warnings).
@functools.lru_cache(maxsize=64)
def _lines_of(path: str, mtime_ns: int, body_line: int) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8").split("\n")[: body_line - 1])


def _line_of(lines: tuple[str, ...], key_line: int | None, text: str) -> int | None:
    """The line where `text` is written, at or after its key's line (a routine's `wait` is a
    few lines under `steps:`); the key's line when it cannot be told (a text folded over lines)."""
    start = text.strip().split("\n")[0][:40]
    for number in range(key_line or 1, len(lines) + 1):
        if start and start in lines[number - 1]:
            return number
    return key_line


def texts(page: Page) -> list[tuple[str, int | None, str]]:
    """(where, line, text) for each text of the front matter and of the macros' values."""
    lines = _front_matter_lines(page)
    found = [(f"`{inner}`", _line_of(lines, page.line_of(key), text), text) for key, value in page.meta.items()
             if isinstance(key, str) and key not in _CITED | set(review.fields())
             for inner, text in _strings(key, value)]
    found += [(f"the {call.name}'s text", call.line, value) for call in macro_calls(page)
              for value in (*call.args, *call.kwargs.values()) if isinstance(value, str) and " " in value]
    return found
