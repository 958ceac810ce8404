"""One error type for everything a page author can get wrong.

Every message says where (file, line or macro), what is wrong and what to write instead,
because the reader of the message is often a first-time contributor.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one page. `line` is 1-based, or None when not known."""

    file: str
    message: str
    fix: str = ""
    line: int | None = None
    severity: str = "error"  # or "warning" (e.g. a review date that is past due)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text}\n    fix: {self.fix}" if self.fix else text


class KnotworkError(ValueError):
    """Raised by a macro or a check. `fix` tells the author what to write instead."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} Fix: {self.fix}" if self.fix else self.message


class PagesInvalid(Exception):
    """Every problem found in one run, so an author can fix them all at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the pages:"]
        lines += [str(p) for p in problems]
        super().__init__("\n".join(lines))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' Did you mean `x`?' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" Did you mean `{close[0]}`?" if close else ""


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(f"`{c}`" for c in sorted(choices))
