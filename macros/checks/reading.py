"""Each sentence of a page within the site's limits (mkdocs.yml, extra.knotwork)."""

from __future__ import annotations

from typing import Any

from macros.core.errors import Problem
from macros.core.page import Page
from macros.core.reading import SENTENCE_GRADE_FROM, sentence_grade, sentences_with_lines
from macros.core.text import quoted


def check_sentences(page: Page, conf: dict[str, Any]) -> list[Problem]:
    """Each sentence within the site's limits (words, and grade for sentences long enough to
    have one that means something)."""
    max_words, max_grade = conf.get("max_sentence_words"), conf.get("max_sentence_grade")
    problems = []
    for line, sentence in sentences_with_lines(page):
        words, grade = sentence_grade(sentence)
        why = []
        if max_words is not None and words > int(max_words):
            why.append(f"{words} words, the limit is {max_words}")
        if max_grade is not None and words >= SENTENCE_GRADE_FROM and grade > float(max_grade):
            why.append(f"reading grade {grade:.1f}, the limit is {max_grade}")
        if why:
            problems.append(Problem(page.rel, f"this sentence is too hard to read ({'; '.join(why)}): "
                                    f"{quoted(sentence)}",
                                    "split it into shorter sentences and use everyday words (the limits are "
                                    "max_sentence_words and max_sentence_grade in mkdocs.yml).", line))
    return problems
