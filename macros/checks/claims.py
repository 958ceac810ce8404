"""Promises a health page may not make. Nothing on the site promises a cure: the research on
pressing a knot found no clear effect on pain (CLINICAL-NOTES, Lu et al. 2022), and a reader
who is promised one may put off seeing a clinician. So a page's words, its front matter's texts
and the texts of its macros (shown_text.py) may not say that a technique cures, heals or fixes,
or that its effect is guaranteed, permanent or instant.

Saying what it is not ("It is not a cure") is what a page should do: a promise word with a
"not", "no" or "never" shortly before it in the same sentence is left alone. So are the titles
a page cites, under `## Sources` and `## Where this idea comes from`: a source's own words are
named there, not promised.
"""

from __future__ import annotations

import re

from macros.checks import shown_text
from macros.core.errors import Problem
from macros.core.page import Page
from macros.core.text import line_at, masked

_OBJECT = (r"(?:your\s+|their\s+|my\s+|the\s+|a\s+|any\s+|all\s+|every\s+)?"
           r"(?:(?:back|neck|shoulder)\s+pain|back|pain|aches?|knots?|muscles?|spine|tension|stiffness|injury)")
# (pattern, what the words promise), one message a line: the first that matches.
PROMISES = [
    (re.compile(r"\bcur(?:e|es|ed|ing)\b", re.I), "a cure"),
    (re.compile(r"\bguarantee(?:s|d)?\b", re.I), "a guaranteed result"),
    (re.compile(r"\bmiracle\b", re.I), "a miracle"),
    (re.compile(rf"\b(?:heal|heals|healed|fix|fixes|fixed|eliminates?|eliminated)\s+{_OBJECT}\b", re.I),
     "that it heals or fixes the problem"),
    (re.compile(rf"\b(?:get|gets|getting|got)\s+rid\s+of\s+{_OBJECT}\b", re.I), "that the problem goes away"),
    (re.compile(r"\b(?:permanent(?:ly)?|lasting|instant|immediate|complete|total)\s+(?:relief|fix|cure|results?)\b",
                re.I), "a certain result"),
    (re.compile(r"\b(?:gone|fixed|cured|rid of it|removes?|removed|disappears?|disappeared|vanish(?:es)?|melts? away)"
                r"\b[^.!?\n]{0,30}?\b(?:for\s+good|forever|for\s+ever|permanently)\b", re.I),
     "that the problem never comes back"),
    (re.compile(r"\b(?:pain|knots?|tension|aches?|stiffness)\s+(?:will\s+)?(?:disappears?|vanish(?:es)?|melts? away|"
                r"goes away|go away)\b", re.I), "that the problem goes away"),
    (re.compile(r"\bno more\s+(?:back\s+|neck\s+)?(?:pain|aches?|knots?|tension)\b", re.I),
     "that the problem goes away"),
    (re.compile(r"\b100\s?%|\bworks?\s+(?:every time|for everyone|for everybody)\b", re.I), "a certain result"),
    (re.compile(r"\btreats?\s+(?:sciatica|arthritis|a slipped disc|slipped discs|scoliosis|fibromyalgia)\b", re.I),
     "to treat a condition"),
]
# A promise word said not to hold: "not a cure", "no guarantee", "never fixes": a negation up to
# five words before it, in the same sentence.
_NEGATED = re.compile(r"\b(?:not|no|never|nothing|nobody|none|nor|cannot|without|\w+n[’']t)\b"
                      r"(?:[^\S\n]*\S+){0,5}?[^\S\n]*$", re.I)
# Sections where a page names what others wrote: the titles of its sources.
_CITED = re.compile(r"^##\s+(?:Sources|Where this idea comes from)\s*$", re.M | re.I)
_FIX = ("say what the technique is for and what it does, not what it will achieve, e.g. “It may ease a stiff "
        "upper back for a while. It is not a cure.”: a page promises no cure (CONTRIBUTING.md, Content standards).")


def _uncited(body: str) -> str:
    """The page's words, with the sections that list its sources blanked out (lines kept)."""
    for found in reversed(list(_CITED.finditer(body))):
        end = body.find("\n## ", found.end())
        end = len(body) if end < 0 else end
        body = body[: found.start()] + re.sub(r"[^\n]", " ", body[found.start(): end]) + body[end:]
    return body


def promises_in(text: str) -> list[tuple[int, str, str]]:
    """(offset, the words, what they promise) for each promise in `text`, negated ones left out."""
    found = []
    for pattern, what in PROMISES:
        for match in pattern.finditer(text):
            sentence_start = max(text.rfind(mark, 0, match.start()) for mark in (".", "!", "?", "\n\n", ":"))
            before = text[sentence_start + 1: match.start()]
            if not _NEGATED.search(before):
                found.append((match.start(), " ".join(match.group().split()), what))
    return sorted(found)


def _problem(page: Page, words: str, what: str, where: str, line: int | None) -> Problem:
    return Problem(page.rel, f"{where}“{words}” promises {what}.", _FIX, line)


def check(page: Page) -> list[Problem]:
    """Every promise of a cure, or of a certain result, in what the page shows a reader."""
    problems, seen = [], set()
    for offset, words, what in promises_in(_uncited(masked(page.body, macros=True))):
        line = line_at(page, offset)
        if line not in seen:  # one message a line
            seen.add(line)
            problems.append(_problem(page, words, what, "", line))
    for where, line, text in shown_text.texts(page):
        problems += [_problem(page, words, what, f"{where}: ", line) for _, words, what in promises_in(text)[:1]]
    return problems
