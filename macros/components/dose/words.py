"""Words that invite more than the dose. The checks already hold every number a page writes to
its dose (dose.py); this holds its words to it too. "Move the sock to the next spot, or press
the same spot again" let a timer of 5 presses of 1 minute land on one spot, against "up to 1
minute on one spot": a page with a dose may not invite pressing one spot again, or holding
for as long as the reader likes.

Read on the words a reader reads (code, comments and macros left out), for technique pages and
routines alike.
"""

from __future__ import annotations

import re

from macros.core.durations import say_duration
from macros.core.errors import Problem

_PLACE = r"(?:spot|knot|place|point|area|muscle)"
# (pattern, what the words do), most telling first: one message a line.
PAST_THE_DOSE = [
    (re.compile(rf"\b(?:press|push|lean|stay|hold|work|roll|go back|come back|return)\w*\s+(?:on\s+|onto\s+|to\s+|"
                rf"into\s+)?(?:the\s+|that\s+|this\s+)?same\s+{_PLACE}", re.I),
     "they send the ball back to a spot it has pressed"),
    (re.compile(rf"\b(?:the\s+|that\s+|this\s+|one\s+|a\s+)(?:same\s+|tender\s+|sore\s+)?{_PLACE}\s+"
                r"(?:again|twice|once more|more than once|over and over)\b", re.I),
     "they press one spot again"),
    (re.compile(r"\b(?:again and again|over and over)\b", re.I), "they repeat without an end"),
    (re.compile(r"\bas (?:long|often|many times|much) as you (?:like|want|wish|can|need)\b", re.I),
     "they set no limit"),
    (re.compile(r"\b(?:keep|carry on|go on)\s+(?:pressing|leaning|holding|rolling)\s+until\b", re.I),
     "they hold until something happens, not for the dose's time"),
    (re.compile(r"\brepeat\s+(?:it|this|that|the\s+press(?:es)?|each\s+(?:press|spot|hold))\b", re.I),
     "they repeat a press"),
]


def check(page, found, text: str, line_at) -> list[Problem]:
    """Problems for every sentence of `text` (the page's words, macros blanked out) that invites
    more than the dose `found` allows. `line_at(offset)` gives the page's line of an offset."""
    problems, seen = [], set()
    hold = say_duration(found.limits["hold"])
    rule = found.says["hold"].split(". ")[0].rstrip(".")
    for pattern, what in PAST_THE_DOSE:
        for match in pattern.finditer(text):
            line = line_at(match.start())
            if line in seen:  # one message a line: the first thing wrong with it
                continue
            seen.add(line)
            problems.append(Problem(
                page.rel, f"“{' '.join(match.group().split())}”: {what}, past the dose `{found.id}`, which allows up "
                f"to {hold} {rule}.",
                "say what to do next instead, e.g. “Move the ball to the next tender spot.”: each hold of a timer is "
                "a new spot, and the dose card says how long and how often.", line))
    return sorted(problems, key=lambda p: p.line or 0)
