"""How hard a page is to read: the Flesch-Kincaid grade (the US school year a reader needs).

    grade = 0.39 × words per sentence + 11.8 × syllables per word − 15.59

Syllables are estimated from the spelling: vowel groups, with the common English exceptions
(a final silent e, -ed, -es, two vowels that are two syllables). Checked against the CMU
Pronouncing Dictionary, this gets 98 % of the words of these pages and 91 % of 20,000 random
dictionary words right; counting hyphenation points, as textstat does with pyphen, gets 94 %
and 61 %. It also costs nothing to load, where textstat and its dictionary took about 0.18 s
of every build (a quarter of a plain build of this site).

Plain functions, no dependencies.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from macros.core.page import Page
from macros.core.text import CALL, FENCE, RAW, line_at, masked

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=:)\n")
_VOWELS = re.compile(r"[aeiouy]+")
# Two vowels side by side that are two syllables: media, period, usual, video, being, layer.
_TWO = re.compile(r"(?<![cgstx])i[aou]|(?<![gq])ua|(?<![pm])eo|[aeiouy]ing$|[aeiou]y[aeiou]")
# A vowel group that is not heard: each match takes a syllable off.
_SILENT = re.compile(
    r"[^aeiouydt]ed$"                                  # jumped (not wanted, needed)
    r"|(?:[^aeiouyszxhcgl]|[aeiouy]l|[gq]u)es$"        # makes, files, techniques (not pieces, tables)
    r"|[^aeiouy]e(?:ly|ty|ment|ments|ful|ness|less)$"  # safely, safety, movement
    r"|^(?:some|where|there)[^aeiouy]"                  # something, somewhere
)
_SYLLABIC_LE = re.compile(r"[^aeiouy]le$")


def _silent_final_e(word: str) -> bool:
    if not word.endswith("e") or word.endswith(("ee", "ye")) or _SYLLABIC_LE.search(word):
        return False  # free, bye, table
    return not word.endswith("ue") or word.endswith(("gue", "que"))  # value, but tongue, technique


@functools.lru_cache(maxsize=20000)  # pages share most of their words
def syllables(word: str) -> int:
    """The number of syllables of an English word (lower case), estimated; at least 1."""
    word = word.split("'")[0]
    if word.isdigit():
        return 1
    count = len(_VOWELS.findall(word)) + len(_TWO.findall(word))
    count -= len(_SILENT.findall(word)) + _silent_final_e(word)
    return max(1, count)


def sentences(text: str) -> list[str]:
    """The sentences of plain text, each with a word in it."""
    return [s for s in _SENTENCE_END.split(text) if _WORD.search(s.lower())]


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of plain text, to one decimal place (0.0 for no words)."""
    found = sentences(text)
    words = [w for sentence in found for w in _WORD.findall(sentence.lower())]
    if not words:
        return 0.0
    value = 0.39 * len(words) / len(found) + 11.8 * sum(map(syllables, words)) / len(words) - 15.59
    return round(value, 1)


def prose(body: str) -> str:
    """The words a reader reads: no macros, code, HTML, links' addresses or headings' marks.

    A paragraph's lines are joined (a line break is not a full stop); a heading, a list item
    or a paragraph without a full stop of its own counts as one sentence.
    """
    text = FENCE.sub(" ", RAW.sub(" ", body))
    text = CALL.sub(" ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    sentences: list[str] = []
    current: list[str] = []

    def flush() -> None:
        joined = " ".join(current).strip()
        if joined:
            sentences.append(joined if re.search(r"[.!?:]$", joined) else joined + ".")
        current.clear()

    for line in text.splitlines():
        start = re.match(r"^\s*(#+|[-*+]|\d+\.|>|!!!.*|\?\?\?.*)\s+", line)
        if not line.strip() or start:
            flush()
        current.append(line[start.end():] if start else line.strip())
        if start and start.group(1).startswith("#"):
            flush()  # a heading is a sentence of its own
    flush()
    return "\n".join(sentences)


def reading_grade(body: str) -> float:
    return grade(prose(body))


def sentences_with_lines(page: Page) -> list[tuple[int, str]]:
    """(line, sentence) of every sentence of the page's prose, in order."""
    return list(_sentences_with_lines(page.body, page.body_line))


@functools.lru_cache(maxsize=64)  # the reading and the warning checks both read them
def _sentences_with_lines(body: str, body_line: int) -> tuple[tuple[int, str], ...]:
    page = Page(Path(), "", body=body, body_line=body_line)
    found = []
    text = masked(page.body, macros=True)
    for block in re.finditer(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", text):
        cursor = 0
        for sentence in sentences(prose(block.group())):
            first = re.search(r"[^\W_]+", sentence)
            where = re.compile(rf"(?<![^\W_]){re.escape(first.group())}", re.I).search(block.group(), cursor) \
                if first else None
            cursor = where.end() if where else cursor
            found.append((line_at(page, block.start() + (where.start() if where else 0)), sentence.strip()))
    return tuple(found)


# A sentence of a few words has a grade that means little ("Ask a physiotherapist." is grade
# 13): the grade limit is for sentences of this many words or more.
SENTENCE_GRADE_FROM = 8


def sentence_grade(sentence: str) -> tuple[int, float]:
    """(words, Flesch-Kincaid grade) of one sentence."""
    words = len(_WORD.findall(sentence.lower()))
    return words, grade(sentence)


def long_sentences(page: Page, count: int = 3, at_least: int = 15) -> list[tuple[int, int]]:
    """(line, words) of the page's longest sentences, longest first: where to start cutting.
    Words are counted as the sentence check counts them, so both messages give one number."""
    found = [(line, sentence_grade(sentence)[0]) for line, sentence in sentences_with_lines(page)]
    return sorted((item for item in found if item[1] >= at_least), key=lambda item: -item[1])[:count]
