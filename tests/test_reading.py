"""The reading grade: syllables estimated from spelling, and the Flesch-Kincaid formula."""

from __future__ import annotations

import pytest

from macros.core import reading

# Counts from the CMU Pronouncing Dictionary, chosen for the rules they exercise.
WORDS = {
    "back": 1, "ball": 1, "breathe": 1, "file": 1, "whole": 1, "make": 1, "jumped": 1, "makes": 1,
    "tennis": 2, "muscle": 2, "muscles": 2, "table": 2, "tables": 2, "pressure": 2, "value": 2,
    "technique": 2, "techniques": 2, "tongue": 1, "pieces": 2, "wanted": 2, "needed": 2,
    "lying": 2, "doing": 2, "being": 2, "safety": 2, "safely": 2, "something": 2, "movement": 2,
    "usual": 3, "media": 3, "period": 3, "video": 3, "special": 2, "station": 2, "physical": 3,
    "gradually": 4, "osteoporosis": 6, "hamstrings": 2, "shoulder": 2, "you're": 1, "20": 1,
}


@pytest.mark.parametrize(("word", "count"), WORDS.items())
def test_syllables_follow_the_spelling_rules(word, count):
    assert reading.syllables(word) == count


def test_sentences_end_at_full_stops_and_at_a_colon_that_ends_a_line():
    text = "Lie down. Is it sore? Stop!\nThere are two ways:\nOne ball.\n42."
    assert reading.sentences(text) == ["Lie down.", "Is it sore?", "Stop!", "There are two ways:", "One ball.", "42."]


def test_grade_is_the_flesch_kincaid_formula():
    # 2 sentences, 9 words, 10 syllables: 0.39 × 4.5 + 11.8 × 10/9 − 15.59 = −0.72
    assert reading.grade("The cat sat down. The tennis ball is blue.") == pytest.approx(-0.7)
    assert reading.grade("") == 0.0 and reading.grade("!!! ...") == 0.0


def test_long_words_and_long_sentences_raise_the_grade():
    plain = "Lie on the floor. Put the ball under your back. Breathe out slowly."
    hard = ("Physiotherapeutic interventions incorporating ischemic compression demonstrate "
            "statistically significant short-term improvements in pressure pain thresholds.")
    assert reading.grade(plain) < 3 < 12 < reading.grade(hard)
