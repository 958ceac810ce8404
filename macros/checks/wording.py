"""Safety wording lives in the callout registry and phone numbers in mkdocs.yml, never in a
page: a page that copies a callout's words, writes a number or warns in its own words is told
which callout to insert instead."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import replace
from typing import Any

from macros.checks import shown_text
from macros.components import callout
from macros.core.errors import Problem
from macros.core.page import Page
from macros.core.reading import sentences_with_lines
from macros.core.text import blank, line_at, masked, offset_of_line, quoted


def _numbers(conf: dict[str, Any]) -> set[str]:
    return {n for key in ("emergency_number", "urgent_number") for n in re.findall(r"\d{3,}", str(conf.get(key, "")))}


# Any other phone number, as people write them: a UK number (0…), an international one (+…), one
# with an area code in brackets, a US one (1-800-…, 555-123-4567), in two to six groups of digits
# or as one run; 7 to 15 digits in all, as a phone number has. A link to call or text, too.
_GAP = r"(?:[ .\-\u00a0]|&nbsp;|&#160;)"
_PHONE = re.compile(rf"(?<![\w/.#=%:+-])(?:(?:\+\d{{1,3}}|\(\d{{1,5}}\)|0\d{{1,5}}|1(?={_GAP}))(?:{_GAP}?\d{{1,6}})"
                    rf"(?:{_GAP}\d{{1,6}}){{0,4}}|\d{{3}}-\d{{3}}-\d{{4}}|\+\d{{7,15}}|0\d{{9,11}})(?![\w/%-]|\.\d)")
_CALL_LINK = re.compile(r"\b(?:tel|sms|callto|facetime(?:-audio)?|whatsapp):", re.I)


def other_numbers(body: str) -> list[tuple[int, str]]:
    """(offset, what) for each phone number or link to call in `body` that is not one of the
    site's configured numbers (those are checked on their own)."""
    found = [(match.start(), match.group()) for match in _CALL_LINK.finditer(body)]
    for match in _PHONE.finditer(body):
        digits = re.sub(r"&[#\w]+;|\D", "", match.group())
        if 7 <= len(digits) <= 15:
            found.append((match.start(), match.group()))
    return sorted(found)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def check_safety_wording(page: Page, conf: dict[str, Any]) -> list[Problem]:
    """Safety wording lives in the callout registry and numbers in mkdocs.yml, never in a page."""
    problems = []
    body = masked(page.body, macros=True)
    for number in sorted(_numbers(conf)):
        for match in re.finditer(rf"(?<![\w/.#=-]){number}(?![\w/-]|\.\w)", body):
            problems.append(Problem(page.rel, f"the page writes the phone number {number}.",
                                    'insert the callout instead, e.g. {{ callout("emergency-help") }}: numbers are '
                                    "set once in mkdocs.yml (extra.knotwork), for every country the site serves.",
                                    line_at(page, match.start())))
    shown = [("", line_at(page, offset), written) for offset, written in other_numbers(body)]
    shown += [(f"{where}: ", line, written) for where, line, text in shown_text.texts(page)
              for _, written in other_numbers(text)[:1]]
    for where, line, written in shown:
        what = f"a link to call (`{written}`)" if written.endswith(":") else f"the phone number {written}"
        problems.append(Problem(page.rel, f"{where}the page writes {what}.",
                                "send readers for help with a get-help callout, e.g. {{ callout(\"urgent-help\") }}: "
                                "a page gives no phone number, and the site's own numbers are set once in mkdocs.yml "
                                "(extra.knotwork).", line))
    # The page's words, one space apart: a sentence of a callout is looked for in them as a
    # plain substring (fast), and only a hit is looked up again to find its line.
    text = " " + " ".join(_words(body)) + " "
    reported = set()
    for callout_id, words in _callout_sentences():
        if callout_id not in reported and f" {' '.join(words)} " in text:
            reported.add(callout_id)
            match = re.search(r"[^a-z0-9']+".join(map(re.escape, words)), body, re.I)
            line = line_at(page, match.start()) if match else None
            problems.append(Problem(page.rel, f"this repeats the wording of the callout `{callout_id}`.",
                                    f'insert {{{{ callout("{callout_id}") }}}} instead of copying it: '
                                    "safety wording is kept in one place.", line))
    return problems


# Admonition types that read as a safety warning (Material's warning family and danger family;
# `note`, `tip`, `info` and the rest are left alone).
SAFETY_ADMONITIONS = ("warning", "caution", "attention", "danger", "error")
_ADMONITION = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?P<rest>[^\n]*)"
                         r"(?P<body>(?:\n(?:[ \t]*\n)*(?P=indent)(?: {4}|\t)[^\n]*)*)", re.M)
_HTML_ADMONITION = re.compile(r"<(?:div|aside|p)\b[^>]*\bclass\s*=\s*[\"'][^\"']*"
                              r"\b(?:admonition|warning|danger|caution)\b[^>]*>", re.I)
# "Warning:", "**Caution!**", "Be careful:" at the start of a paragraph, item or sentence.
_LABEL = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))[ \t]*(?:[-*+>]|\d+\.)?[ \t]*(?:\*\*|__|\*|_)?"
                    r"(?:safety (?:warning|note|first)|warning|caution|danger|be careful|careful|attention)"
                    r"[ \t]*(?:\*\*|__|\*|_)?[ \t]*[:!—–](?:\*\*|__)?", re.I)
# An order to stop or not to do something, about pain or a part of the body that can be
# hurt: "Stop if it hurts", "Never press on your neck". "Do not push into a stretch" and
# "Stop when you feel a stretch" are steps, not warnings.
_ORDER = re.compile(r"^(?:\W*)(?:stop|never|do not|don['’]t|dont|avoid|skip|be careful|take care)\b"
                    r"|^(?:\W*)if\b[^,]*,\s*(?:stop|never|do not|don['’]t|skip)\b", re.I)
# A word that only flags what follows ("Important: never press on a lump"): the order is read
# after it.
_FLAG = re.compile(r"^\W*(?:important|note|nb|n\.b\.|remember|please|tip|reminder|one more thing)\b\W*", re.I)
# Sending the reader for urgent help on a sign ("Go to A&E if both legs go numb", "See a doctor
# straight away if you feel feverish"): what the get-help callouts say, with the site's numbers
# and their sources. Advice to see a GP in time, without urgency, is the page's own to give.
_CARE = (r"(?:GP|doctor|physio\w*|pharmacist|nurse|clinician|midwife|NHS|medical|help|advice|care|attention|"
         r"treatment|someone)")
_URGENT = re.compile(r"\b(?:A&E|A&amp;E|A and E|accident and emergency|emergency (?:department|services?|room|number)|"
                     r"(?-i:ER)|ambulance|urgent care|urgent treatment|walk-in cent(?:re|er)|out[- ]of[- ]hours|"
                     r"hospital)\b"
                     # a person or a service to turn to, and how soon: "see a GP straight away", "get urgent help"
                     rf"|\b(?:see|call|ring|phone|contact|get|seek|ask|speak to|talk to|book)\s+(?:\w+\s+){{0,3}}?"
                     rf"(?:(?:urgent|emergency|immediate)\b|{_CARE}\b[^.!?:;]{{0,30}}?\b(?:(?:straight|right) away|"
                     r"immediately|urgently|at once|the same day|today|without delay|now)\b)", re.I)
_SIGN = re.compile(r"\b(?:if|when|should you|in case)\b", re.I)
# "If you have any of these, get help now": the signs are the callouts' beside it, not its own.
_POINTER = re.compile(r"\b(?:if|when)\s+you\s+\w+\s+(?:any|one|some|either)\s+of\s+"
                      r"(?:these|those|them|the\s+(?:signs|following|above|below))\b", re.I)
_HARM = re.compile(r"\b(?:hurts?|hurting|pain\w*|sore\w*|ache|aches|numb\w*|tingl\w*|dizz\w*|faint\w*|"
                   r"sick|nause\w*|worse|injur\w*|bruis\w*|bleed\w*|blood|swell\w*|swollen|sharp|shooting|"
                   r"neck|throat|spine|spinal|bones?|ribs?|kidneys?|pulse|armpits?|wounds?|cuts?|"
                   r"pregnan\w*|clots?|surgery|operation|lumps?|bumps?|varicose|veins?|osteoporo\w*|fractur\w*|"
                   r"broken|cancer|tumou?rs?|fever|infect\w*|bladder|bowel|incontinen\w*|weak\w*|"
                   r"pins and needles|anticoagulant\w*|blood thinners?|rash\w*|skin)\b", re.I)


def _content_words(text: str) -> set[str]:
    stop = {"a", "an", "the", "and", "or", "if", "you", "your", "it", "is", "are", "to", "of", "on", "in", "at",
            "do", "not", "no", "for", "with", "be", "this", "that", "any", "can", "have", "has", "had", "as",
            "from", "by", "so", "than", "then", "when", "where", "who", "what", "there", "after", "before",
            "get", "gets", "i", "me", "my", "we", "our", "up", "out", "off", "one", "all", "only", "don't"}
    found = {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in _words(text) if w not in stop}
    return {_SAME.get(w, w) for w in found}


# Words for the body that the callouts say in plain words ("pee", not "urine"): read as theirs,
# so a warning in other words is told the callout it repeats.
_SAME = {"urine": "pee", "urinate": "pee", "urinating": "pee", "wee": "pee", "peeing": "pee", "stool": "poo",
         "faece": "poo", "fece": "poo", "poop": "poo", "incontinence": "leak", "incontinent": "leak",
         "numbnes": "numbness", "numb": "numbness", "tingle": "tingling", "tingly": "tingling",
         "feverish": "fever", "temperature": "fever", "genital": "genitals", "groin": "genitals"}


@functools.cache
def _callout_words() -> dict[str, tuple[set[str], set[str]]]:
    """{callout id: (the content words of its heading, and of its text, items and after)}."""
    found = {}
    for entry in callout.registry().values():
        texts = [entry.get("text"), entry.get("after"), *(entry.get("items") or [])]
        found[entry["id"]] = tuple(_content_words(re.sub(r"\{\w+\}", " ", " ".join(filter(None, t))))
                                   for t in ([entry.get("heading")], texts))
    return found


# Words of what to do ("call", "see a GP", "use the ball"), how soon ("now", "today") and of
# the back pain every callout is about: a warning says them whatever its sign, so they count
# little. The sign decides: "Get urgent medical help if you cannot pass urine" is the
# emergency callout's "trouble peeing", not the callout whose heading says "help".
_GENERIC = {"call", "go", "see", "get", "help", "use", "pres", "ball", "now", "today", "urgent", "straight",
            "away", "medical", "doctor", "gp", "e", "emergency", "999", "911", "112", "111", "back", "pain",
            "between"}


def best_callout(text: str) -> str | None:
    """The callout whose words overlap most with `text`, rarer words counting more and the words
    every warning says counting little (stop-signs when no word is shared)."""
    entries = _callout_words()
    if not entries:
        return None
    counts: dict[str, int] = {}
    for heading, rest in entries.values():
        for word in heading | rest:
            counts[word] = counts.get(word, 0) + 1
    wanted = _content_words(text)

    def weight(word: str, heading: set[str]) -> float:
        # A word of the heading counts double: the heading says what the callout is about.
        rarity = math.log(1 + len(entries) / counts[word]) * (2 if word in heading else 1)
        return rarity * (0.25 if word in _GENERIC else 1)

    scores = {cid: sum(weight(w, heading) for w in wanted & (heading | rest))
              for cid, (heading, rest) in entries.items()}
    best = max(scores, key=lambda cid: scores[cid])
    return best if scores[best] > 0 else ("stop-signs" if "stop-signs" in entries else None)


def _own_warning(page: Page, offset: int, text: str, what: str, line: int | None = None) -> Problem:
    fits = best_callout(text)
    insert = f'insert {{{{ callout("{fits}") }}}} instead' if fits else "insert the callout that fits instead"
    return Problem(page.rel, f"this is a safety warning in the page's own words ({what}): {insert}.",
                   "safety wording comes from the callout registry (see the callouts in CONTRIBUTING.md); if none "
                   "says what you need, propose one in overrides/components/callout/registry.yml, with its source.",
                   line if line is not None else line_at(page, offset))


def is_own_warning(sentence: str) -> bool:
    """An order to stop or not to do something about harm, or to get urgent help on a sign:
    what the callouts say, and only they."""
    plain = _FLAG.sub("", re.sub(r"[*_`]", "", sentence))
    return bool(_ORDER.search(plain) and _HARM.search(plain)
                or _URGENT.search(plain) and _SIGN.search(_POINTER.sub("", plain)))


def check_own_warnings(page: Page, skip: set[int] = frozenset()) -> list[Problem]:
    """Warnings written into the page (a warning admonition, a "Warning:" label, an order to
    stop about pain or a body part, a sign that sends the reader for urgent help), in its words
    or its front matter's and macros' texts, rather than inserted from the callout registry.
    Lines in `skip` already have a message about safety wording."""
    problems = []
    body = masked(page.body, macros=True)
    reported: set[int] = set(skip)
    prose = list(body)
    for match in _ADMONITION.finditer(body):
        kind = match.group("type").lower()
        title = match.group("rest").strip().strip("\"'")
        if kind in SAFETY_ADMONITIONS or re.match(r"(?:safety|warning|caution|danger|be careful)\b", title, re.I):
            prose[match.start():match.end()] = blank(match)  # its words are reported with the box
            line = line_at(page, match.start())
            if line in reported:
                continue
            reported.add(line)
            marker = match.group().split()[0]
            hidden = " (and a `???` box is closed when printed)" if marker.startswith("???") else ""
            problems.append(_own_warning(page, match.start(), title + " " + match.group("body"),
                                         f"a `{marker} {match.group('type')}` box{hidden}"))
    for match in _HTML_ADMONITION.finditer(body):
        if line_at(page, match.start()) not in reported:
            reported.add(line_at(page, match.start()))
            rest = body[match.end():match.end() + 400]
            problems.append(_own_warning(page, match.start(), rest, "a warning box in HTML"))
    for line, sentence in sentences_with_lines(replace(page, body="".join(prose))):
        if line in reported:
            continue
        plain = re.sub(r"[*_`]", "", sentence)
        label = _LABEL.match(plain)
        what = None
        if label:
            what = f"“{label.group().strip(' -*+>0123456789.')}”"
        elif is_own_warning(plain):
            what = quoted(sentence, 8)
        if what:
            reported.add(line)
            problems.append(_own_warning(page, offset_of_line(page, line), plain, what))
    # The front matter's and the macros' texts (a routine's `wait`, a timer's `how`) are read
    # as the page's words: one message a text.
    for where, line, text in shown_text.texts(page):
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            plain = re.sub(r"[*_`]", "", sentence)
            if _LABEL.match(plain) or is_own_warning(plain):
                problems.append(_own_warning(page, 0, plain, f"{where}: {quoted(sentence, 8)}", line))
                break
    return problems


@functools.cache
def _callout_sentences() -> list[tuple[str, list[str]]]:
    """(callout id, words) of each sentence of six words or more in the callout registry; one
    sentence found is enough to report a callout."""
    found = []
    for entry in callout.registry().values():
        texts = [entry.get("text"), entry.get("after"), *(entry.get("items") or [])]
        sentences = [_words(s) for t in filter(None, texts) for s in re.split(r"(?<=[.!?:])\s+", t) if "{" not in s]
        found += [(entry["id"], words) for words in sentences if len(words) >= 6]
    return found
