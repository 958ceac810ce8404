"""Check every page and report every problem at once: `python -m macros.check docs`.

The same checks run at the start of every build (see hooks.py), so `make build` and
`make test` stop with this list before any page is rendered, and `make serve` shows it on
every page until the pages are fixed.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import functools
import os
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2
import jinja2.nodes
import yaml

from . import anchors, before, callout, dose, reading, routine, scaffold, technique
from .durations import parse_duration
from .errors import KnotworkError, PagesInvalid, Problem, did_you_mean, one_of

_JINJA = jinja2.Environment()  # only parses pages; made once, not per page
_CALL = re.compile(r"\{\{(.*?)\}\}", re.S)
_STATEMENT = re.compile(r"\{%.*?%\}", re.S)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.S | re.M)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)  # within a paragraph
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.M)
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")
_HTML_IMG = re.compile(r"<img\b(?![^>]*\balt\s*=\s*(\"[^\"]*\S[^\"]*\"|'[^']*\S[^']*'))[^>]*>", re.I)
# Raw HTML that could run code or change the page's look for everyone: refused on every page.
_UNSAFE_HTML = re.compile(r"<\s*(script|style|iframe|frame|frameset|object|embed|applet|form|base|link|meta)\b"
                          r"|<[^>]*\son[a-z]+\s*=|javascript:|vbscript:|data:text/html|\bsrcdoc\s*=", re.I)
# Anything that would make the reader's browser fetch from another host as the page loads.
_REMOTE = r"(?:[a-z][a-z0-9+.-]*:)?//[^\s\"'()<>]+"
_REMOTE_LOADS = [
    re.compile(rf"!\[[^\]]*\]\(\s*<?({_REMOTE})", re.I),  # a Markdown image
    re.compile(rf"^ {{0,3}}\[([^\]]+)\]:\s*<?({_REMOTE})", re.I | re.M),  # a reference, used by an image below
    re.compile(rf"<\s*(?:img|iframe|frame|video|audio|source|track|embed|object|input|script|image|use|feimage|"
               rf"link|picture|body|table|td)\b[^>]*?\s(?:src|data|poster|href|xlink:href|background)\s*=\s*"
               rf"[\"']?\s*({_REMOTE})", re.I),
    re.compile(rf"\ssrcset\s*=\s*[\"'][^\"']*?({_REMOTE})", re.I),
    re.compile(rf"url\(\s*[\"']?\s*({_REMOTE})", re.I),  # CSS, in a style attribute or a <style>
    re.compile(rf"@import\s+[\"']\s*({_REMOTE})", re.I),
]
_REF_IMAGE = re.compile(r"!\[([^\]]*)\]\[([^\]]*)\]")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.M)
_HTML_LINK = re.compile(r"\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']", re.I)
# `[text](Tennis ball on the floor)`: Markdown shows it as it is, not as a link.
_SPACED_LINK = re.compile(r"(?<!!)\[[^\]\n]+\]\(\s*((?![^)\n]*\s+[\"'][^)\n]*[\"']\s*\))"
                          r"[^)<>\n]*[^\s)<>]\s[^)<>\n]*?)\s*\)")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def settings(config_file: Path) -> dict[str, Any]:
    """extra.knotwork from mkdocs.yml, read as `config` reads it."""
    return (config(config_file).get("extra") or {}).get("knotwork") or {}


def config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data: `!ENV` read as MkDocs reads it (site_url comes from SITE_URL
    when that is set), MkDocs' other tags ignored; read once until it changes."""
    return copy.deepcopy(_config(config_file.resolve(), config_file.stat().st_mtime_ns))


@functools.lru_cache(maxsize=8)
def _config(config_file: Path, mtime: int) -> dict[str, Any]:
    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    from yaml_env_tag import construct_env_tag  # MkDocs' own reading of `!ENV`

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_constructor("!ENV", construct_env_tag)
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader) or {}


def line_at(page: technique.Page, offset: int) -> int:
    return page.body_line + page.body.count("\n", 0, offset)


def _blank(match: re.Match) -> str:
    """The match as spaces, keeping its line breaks, so offsets and line numbers still hold."""
    return re.sub(r"[^\n]", " ", match.group())


def masked(body: str, macros: bool = False) -> str:
    """The body with code (fenced and inline) and HTML comments blanked out: Markdown shows
    code as text, so it can neither link nor run. With `macros`, macro calls and statements
    (`{% set … %}`) go too."""
    text = _COMMENT.sub(_blank, _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, body)))
    return _STATEMENT.sub(_blank, _CALL.sub(_blank, _RAW.sub(_blank, text))) if macros else text


def check_macros(page: technique.Page, macros: dict[str, Callable[..., Any]]) -> tuple[list[Problem], list[tuple]]:
    """Try every macro call written with plain values; return problems and the calls seen.

    The page is parsed as mkdocs-macros will render it (Jinja), so raw blocks, filters and
    expressions are understood; calls with computed values are checked when rendered.
    """
    problems, source = curly_quotes(page)
    problems += macros_in_code(page) + unclosed_tags(page) + macros_not_alone(page, macros)
    calls: list[tuple] = []
    try:
        tree = _JINJA.parse(source)
    except jinja2.TemplateSyntaxError as err:
        if any("not closed" in p.message for p in problems):
            return problems, []  # Jinja's own message would point further down the page
        return [*problems, _syntax_problem(page, source, err)], []
    problems += unknown_names(page, tree, source, macros)
    for node in tree.find_all(jinja2.nodes.Call):
        if not isinstance(node.node, jinja2.nodes.Name):
            continue
        name, line = node.node.name, page.body_line + node.lineno - 1
        if name not in macros:
            problems.append(Problem(page.rel, f"there is no macro `{name}`.{did_you_mean(name, macros)}",
                                    f"use one of {one_of(macros)}.", line))
            continue
        try:
            args = [a.as_const() for a in node.args]
            kwargs = {k.key: k.value.as_const() for k in node.kwargs}
        except jinja2.nodes.Impossible:
            continue  # computed values are checked when the page is rendered
        try:
            macros[name](*args, **kwargs)
        except KnotworkError as err:
            problems.append(Problem(page.rel, err.message, err.fix, line))
            continue
        except TypeError:
            problems.append(Problem(page.rel, f"`{name}` was given values it does not take.",
                                    f"see `{name}` in CONTRIBUTING.md for how to call it.", line))
            continue
        calls.append((name, args, kwargs, line))
    return problems + same_labels(page, calls), calls


# Names mkdocs-macros gives every page (its own variables; mkdocs.yml's `extra` is left out on
# purpose: a page never writes the site's numbers itself).
PAGE_VARIABLES = frozenset({"config", "page", "navigation", "files", "environment", "plugin", "git", "macros",
                            "filters", "filters_builtin", "extra"})


def unknown_names(page: technique.Page, tree: jinja2.nodes.Template, source: str,
                  macros: dict[str, Callable[..., Any]]) -> list[Problem]:
    """A name that is neither a macro nor a value the page has fails the build with a traceback
    while the page is rendered (`callout(ask-first)` reads `ask` and `first` as names), and a
    macro written without brackets prints Python's name for a function: both, with their line."""
    from jinja2 import meta

    known = set(macros) | set(_JINJA.globals) | PAGE_VARIABLES | set(page.meta)
    undeclared = meta.find_undeclared_variables(tree) - known
    calls = list(tree.find_all(jinja2.nodes.Call))
    called = {id(call.node) for call in calls}
    problems, seen = [], set()
    for call in calls:  # one message for each call given a word without quotes (`ask-first`: two names)
        values = [*call.args, *(k.value for k in call.kwargs)]
        names = [n for v in values for n in [v, *v.find_all(jinja2.nodes.Name)]
                 if isinstance(n, jinja2.nodes.Name) and n.name in undeclared]
        seen |= {id(n) for n in names}
        if names:
            line = page.body_line + call.lineno - 1
            tag = _tag_on_line(source, call.lineno, names[0].name)
            word = re.search(rf"(?<![\w\"'.-]){re.escape(names[0].name)}(?:[\w-]|\s+(?=[\w-]))*", tag)
            written = word.group().strip() if word else names[0].name
            fixed = " ".join(tag.replace(written, f'"{written}"', 1).split())
            problems.append(Problem(page.rel, f"a macro has a value without quotes, `{written}`: it is read as "
                                    "the name of a value, and there is none of that name.",
                                    f"put text in quotes: {fixed}.", line))
    for node in tree.find_all(jinja2.nodes.Name):
        line = page.body_line + node.lineno - 1
        if node.ctx != "load" or id(node) in seen or id(node) in called:
            continue  # a call of a macro that does not exist is check_macros' to report
        seen.add(id(node))
        if node.name in undeclared:
            close = did_you_mean(node.name, macros) or _callout_like(node.name)
            problems.append(Problem(page.rel, f"`{{{{ {node.name} }}}}` is no macro or value Knotwork knows.{close}",
                                    f"call a macro with its values in brackets, e.g. {_example()}; to show "
                                    "braces as text, wrap them in {% raw %}…{% endraw %}.", line))
        elif node.name in macros:
            problems.append(Problem(page.rel, f"`{node.name}` is a macro, written here without its brackets: the "
                                    "page would show Python's name for it.",
                                    f"call it with its values in brackets, e.g. {_example(node.name)}.", line))
    return problems


def _tag_on_line(source: str, lineno: int, name: str) -> str:
    """The `{{ … }}` on line `lineno` of `source` that has `name` in it (or the line itself)."""
    line = source.split("\n")[lineno - 1]
    return next((t.group() for t in _TAG.finditer(line) if name in t.group()), line.strip())


def _callout_like(name: str) -> str:
    """' Did you mean {{ callout("stop-signs") }}?' for a callout's id written as a name."""
    close = difflib.get_close_matches(name.replace("_", "-"), list(callout.registry()), n=1, cutoff=0.8)
    return f' Did you mean {{{{ callout("{close[0]}") }}}}?' if close else ""


def _example(name: str = "callout") -> str:
    """A call of macro `name` as its component's spec shows it."""
    from . import components

    try:
        return components.spec(name)["examples"][0]["call"].split(" {{")[0]
    except (FileNotFoundError, KeyError, IndexError):
        return f"{{{{ {name}() }}}}"


def same_labels(page: technique.Page, calls: list[tuple]) -> list[Problem]:
    """Two timers of one page with the same label: a routine names a timer by its label, and a
    reader tells the timers apart by it."""
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for name, _args, kwargs, line in calls:
        label = kwargs.get("label") if name == "timer" else None
        if not isinstance(label, str) or not label.strip():
            continue
        key = " ".join(label.split()).lower()  # told apart by words, not by letter case or spaces
        if key in seen:
            first, at = seen[key]
            problems.append(Problem(page.rel, f"two timers have the label `{first}` (lines {at} and {line}).",
                                    "give each timer a label of its own, e.g. `First time: 3 holds` and `3 longer "
                                    "holds`: routines and readers tell the timers apart by it.", line))
        seen.setdefault(key, (label.strip(), line))
    return problems


_CLOSING = {"{{": "}}", "{%": "%}"}


def unclosed_tags(page: technique.Page) -> list[Problem]:
    """A `{{` (or `{%`) with no `}` at all before the next one: Jinja reads on into the page and
    reports a place further down, about a character that is fine where it is."""
    text = _RAW.sub(_blank, page.body)
    opened = list(re.finditer(r"\{\{|\{%", text))
    problems = []
    for number, tag in enumerate(opened):
        end = opened[number + 1].start() if number + 1 < len(opened) else len(text)
        if "}" not in text[tag.start():end]:
            line = line_at(page, tag.start())
            close = _CLOSING[tag.group()]
            problems.append(Problem(page.rel, f"a macro is not closed: the {tag.group()} at line {line}, column "
                                    f"{_column(page.body, tag.start())} has no {close} after it.",
                                    f"end it with {close} on the same line, e.g. {{{{ callout(\"not-on-bone\") }}}}; "
                                    "for literal braces use {% raw %}…{% endraw %}.", line))
    return problems


def macros_not_alone(page: technique.Page, macros: dict[str, Callable[..., Any]]) -> list[Problem]:
    """Every macro writes a block of HTML (a callout, a timer, a card), which Markdown leaves as
    it is only when it starts a line and has a blank line before and after it. Indented (in a
    list item) or run into a paragraph, it lands inside a <p>, which HTML does not allow, and the
    text after it is not read as Markdown."""
    text = _COMMENT.sub(_blank, _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, _RAW.sub(_blank, page.body))))
    # A statement ({% set %}, {% if %}) writes nothing: a line of them alone is a blank line.
    text = _STATEMENT.sub(_blank, text)
    problems = []
    for tag in _CALL.finditer(text):
        name = re.match(r"-?\s*([A-Za-z_]\w*)\s*\(", tag.group(1))
        if not name or name.group(1) not in macros:
            continue
        start, end = text.rfind("\n", 0, tag.start()) + 1, text.find("\n", tag.end())
        end = len(text) if end < 0 else end
        before = text[:start - 1].rsplit("\n", 1)[-1] if start else ""  # the line before, and the one after
        after = text[end + 1:].split("\n", 1)[0]
        if text[start:tag.start()].strip() or text[tag.end():end].strip():
            what = "shares its line with other text"
        elif _STATEMENT.sub("", page.body[start:tag.start()]):
            what = "is indented (in a list item, say)"
        elif before.strip():
            what = "has no blank line before it"
        elif after.strip() and end < len(text):
            what = "has no blank line after it"
        else:
            continue
        call = " ".join(page.body[tag.start():tag.end()].split())
        problems.append(Problem(page.rel, f"`{call}` {what}: a macro's box must stand alone, or it lands inside "
                                "the paragraph or list item, and the text next to it shows unformatted.",
                                "put it on a line of its own, at the start of the line, with a blank line before "
                                "and after (after a list, not inside it).", line_at(page, tag.start())))
    return problems


def macros_in_code(page: technique.Page) -> list[Problem]:
    """A macro in code is still run (mkdocs-macros reads the whole page): the reader would see
    its HTML as code, or a page broken in the middle of a sentence."""
    text = _RAW.sub(_blank, page.body)
    code = [(m.start(), m.end(), "a ``` code block") for m in _FENCE.finditer(text)]
    fenced = _FENCE.sub(_blank, text)
    code += [(m.start(), m.end(), "`code`") for m in _CODE_SPAN.finditer(fenced)]
    problems = []
    for tag in re.finditer(r"\{\{|\{%", text):
        inside = next((what for start, end, what in code if start <= tag.start() < end), None)
        if inside:
            line = line_at(page, tag.start())
            problems.append(Problem(page.rel, f"a macro inside {inside} is still run: the page would show its "
                                    "HTML as code.",
                                    "to show the macro as it is written, wrap it in {% raw %}…{% endraw %}; to insert "
                                    "it, take it out of the code.", line))
    return problems


_CURLY = {"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'"}
_TAG = re.compile(r"\{\{(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}", re.S)


def _column(text: str, offset: int) -> int:
    """The 1-based column of `offset` in `text`."""
    return offset - (text.rfind("\n", 0, offset) + 1) + 1


def curly_quotes(page: technique.Page) -> tuple[list[Problem], str]:
    """Curly quotes (as word processors and phones type them) and quotes left open inside
    macro calls: a problem for each call, with line and column, and the body with straight
    quotes, so the rest of the call can still be checked."""
    problems = []
    text = _RAW.sub(_blank, page.body)
    source = list(page.body)
    for tag in _TAG.finditer(text):
        bad, quote = [], None
        for i, char in enumerate(tag.group()):  # a curly quote inside "…" is text, and fine
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char in _CURLY:
                bad.append(tag.start() + i)
        if quote:  # Jinja would read on to the next quote and report a place further down
            opening = tag.start() + _opening_quote(tag.group(), quote)
            problems.append(Problem(page.rel, f"a macro has a text in quotes that is not closed: the {quote} at line "
                                    f"{line_at(page, opening)}, column {_column(page.body, opening)} has no partner.",
                                    f"close the text with another {quote}, e.g. {{{{ timer(\"30s\", times=3) }}}}.",
                                    line_at(page, opening)))
        if not bad:
            continue
        for offset in bad:
            source[offset] = _CURLY[page.body[offset]]
        fixed = "".join(source[tag.start():tag.end()])
        first = bad[0]
        problems.append(Problem(page.rel, f"a macro has a curly quote {page.body[first]} at line "
                                f"{line_at(page, first)}, column {_column(page.body, first)}: use straight quotes.",
                                f"use straight quotes, \" or ', as in {' '.join(fixed.split())} (a phone or word "
                                "processor may turn them curly: type them in a plain-text editor).",
                                line_at(page, first)))
    return problems, "".join(source)


def _opening_quote(tag: str, quote: str) -> int:
    """Where the quote left open in `tag` starts."""
    current, start = None, 0
    for i, char in enumerate(tag):
        if current:
            current = None if char == current else current
        elif char in "\"'":
            current, start = char, i
    return start


def _syntax_problem(page: technique.Page, source: str, err: jinja2.TemplateSyntaxError) -> Problem:
    """A Jinja syntax error with its line and column (Jinja gives a character offset, or none)."""
    lineno = err.lineno or 1
    start = sum(len(line) + 1 for line in source.split("\n")[:lineno - 1])
    message = err.message or "it cannot be read"
    offset = re.search(r" at (\d+)$", message)
    column = None
    if offset:  # "unexpected char '…' at 89": an offset in the whole page
        column = _column(source, int(offset.group(1)))
        message = message[:offset.start()]
    else:
        token = re.match(r"unexpected '(.+?)'|expected token '.+?', got '(.+?)'|unexpected end of template",
                         message, re.I)
        line_text = source[start:].split("\n")[0]
        opening = max(line_text.rfind("{{"), line_text.rfind("{%"))
        if token and (token.group(1) or token.group(2)):
            found = line_text.find(token.group(1) or token.group(2), max(opening, 0) + 2)
            column = found + 1 if found >= 0 else None
        elif token:
            column = len(line_text) + 1
    at = f" (column {column})" if column else ""
    odd = re.search(r"unexpected char '(.+?)'", message)
    char = odd and odd.group(1).encode().decode("unicode_escape") if odd else ""
    if len(char) == 1 and (not char.isprintable() or unicodedata.category(char) in ("Cf", "Zs")):
        # Pasted from a web page or a word processor: the message would show an escape, not a character.
        return Problem(page.rel, f"a macro has an invisible character in it{at}: "
                       f"{unicodedata.name(char, 'a control character').lower()} (U+{ord(char):04X}).",
                       "delete it: retype the macro's spaces and quotes by hand, or type the macro in a plain-text "
                       "editor.", page.body_line + lineno - 1)
    return Problem(page.rel, f"a macro is not written right: {message}{at}.",
                   'write a macro like {{ callout("not-on-bone") }}; for literal braces use {% raw %}…{% endraw %}.',
                   page.body_line + lineno - 1)


def _prose(body: str) -> str:
    """The words a reader reads: no macros, code, HTML, links' addresses or headings' marks.

    A paragraph's lines are joined (a line break is not a full stop); a heading, a list item
    or a paragraph without a full stop of its own counts as one sentence.
    """
    text = _FENCE.sub(" ", _RAW.sub(" ", body))
    text = _CALL.sub(" ", text)
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
    return reading.grade(_prose(body))


def sentences_with_lines(page: technique.Page) -> list[tuple[int, str]]:
    """(line, sentence) of every sentence of the page's prose, in order."""
    return list(_sentences_with_lines(page.body, page.body_line))


@functools.lru_cache(maxsize=64)  # the reading and the warning checks both read them
def _sentences_with_lines(body: str, body_line: int) -> tuple[tuple[int, str], ...]:
    page = technique.Page(Path(), "", body=body, body_line=body_line)
    found = []
    text = masked(page.body, macros=True)
    for block in re.finditer(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", text):
        cursor = 0
        for sentence in reading.sentences(_prose(block.group())):
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
    words = len(reading._WORD.findall(sentence.lower()))
    return words, reading.grade(sentence)


def _quote(sentence: str, words: int = 12) -> str:
    """The sentence in quotes, its middle cut out (…) when it is long."""
    found = sentence.split()
    if len(found) > words:
        found = found[: words - 4] + ["…"] + found[-4:]
    return "“" + " ".join(found) + "”"


def check_sentences(page: technique.Page, conf: dict[str, Any]) -> list[Problem]:
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
                                    f"{_quote(sentence)}",
                                    "split it into shorter sentences and use everyday words (the limits are "
                                    "max_sentence_words and max_sentence_grade in mkdocs.yml).", line))
    return problems


def long_sentences(page: technique.Page, count: int = 3, at_least: int = 15) -> list[tuple[int, int]]:
    """(line, words) of the page's longest sentences, longest first: where to start cutting.
    Words are counted as the sentence check counts them, so both messages give one number."""
    found = [(line, sentence_grade(sentence)[0]) for line, sentence in sentences_with_lines(page)]
    return sorted((item for item in found if item[1] >= at_least), key=lambda item: -item[1])[:count]


def check_remote(page: technique.Page, body: str, picture: str) -> tuple[list[Problem], set[int]]:
    """Pictures, frames, media, styles and fonts from another host: refused on every page,
    as the site loads nothing from elsewhere (links to other sites are fine). Also returns
    the lines reported, so the same tag is not refused twice."""
    problems, lines = [], set()
    images = {(m.group(2) or m.group(1)).strip().lower() for m in _REF_IMAGE.finditer(body)}
    for number, pattern in enumerate(_REMOTE_LOADS):
        for match in pattern.finditer(body):
            if number == 1 and match.group(1).strip().lower() not in images:
                continue  # a reference used by links only
            address = match.groups()[-1]
            host = re.sub(r"^(?:[a-z][a-z0-9+.-]*:)?//", "", address, flags=re.I).split("/")[0]
            shown = address if len(address) <= 60 else address[:59] + "…"
            line = line_at(page, match.start())
            lines.add(line)
            problems.append(Problem(page.rel, f"`{shown}` would be loaded from another host ({host}) when the page "
                                    "opens: pages load nothing from other hosts.",
                                    "save the picture in docs/assets/… (a drawing in docs/assets/illustrations/) and "
                                    "write its address relative to this page, e.g. "
                                    f"`![A person lying on …]({picture})`; a link to another site, "
                                    "`[its words](https://…)`, is fine.", line))
    return problems, lines


def check_html(page: technique.Page, site: Site | None = None) -> list[Problem]:
    """Any page: pictures have alt text, nothing loads from another host, and no raw HTML can
    run code or restyle the site."""
    body = masked(page.body)
    site = site or Site(page.path.parent.parent)
    problems, remote = check_remote(page, body, site.picture(page))
    for match in _IMAGE.finditer(body):
        if not match.group(1).strip():
            problems.append(Problem(page.rel, f"the image `{match.group(2)}` has no alt text.",
                                    "describe it between the brackets: ![A person lying on …](…).",
                                    line_at(page, match.start())))
    for match in _HTML_IMG.finditer(body):
        problems.append(Problem(page.rel, "an <img> has no alt text.", 'add alt="…" describing the picture.',
                                line_at(page, match.start())))
    for match in _UNSAFE_HTML.finditer(body):
        if line_at(page, match.start()) in remote and match.group(1):
            continue  # refused already, as it loads from another host
        shown = re.sub(r"\s+", " ", match.group().strip())[:40]
        problems.append(Problem(page.rel, f"`{shown}` is not allowed in a page: page text must not become "
                                "code or styles.",
                                "write Markdown; timers and callouts come from macros.", line_at(page, match.start())))
    return problems


def check_timer_id(page: technique.Page, site: Site) -> list[Problem]:
    """Any page: the id the build gives the first timer (start.TIMER_ID) is taken by nothing else.
    Were it, "Go to the timer" and the skip link would lead there, and the page would show no way
    to start at all."""
    from . import start

    if start.TIMER_ID not in site.anchors_of(page.path.resolve()):
        return []
    body = _anchor_text(page.body)
    written = re.search(rf"""(?:\b(?:id|name)\s*=\s*["']|\{{:?[^}}\n]*#){start.TIMER_ID}\b["']?""", body)
    heading = next((m for m in anchors._ATX.finditer(body)
                    if anchors.slugify(anchors._text(m.group(2)), "-") == start.TIMER_ID), None)
    if written:
        what, line = f"`{written.group()}`", line_at(page, written.start())
    elif heading:
        what, line = f"the heading `{heading.group().strip()}`", line_at(page, heading.start())
    else:
        what, line = f"the title `{page.meta.get('title')}`", page.line_of("title")
    return [Problem(page.rel, f"{what} gives the page the id `{start.TIMER_ID}`, which the build keeps for the "
                    "page's first timer: \"Go to the timer\" would lead there, and the page would show no way to "
                    "start.", "choose other words for it (for a heading, e.g. `### Starting the timer`; for an id, "
                    "any other name).", line)]


def _numbers(conf: dict[str, Any]) -> set[str]:
    return {n for key in ("emergency_number", "urgent_number") for n in re.findall(r"\d{3,}", str(conf.get(key, "")))}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def check_safety_wording(page: technique.Page, conf: dict[str, Any]) -> list[Problem]:
    """Safety wording lives in the callout registry and numbers in mkdocs.yml, never in a page."""
    problems = []
    body = masked(page.body, macros=True)
    for number in sorted(_numbers(conf)):
        for match in re.finditer(rf"(?<![\w/.#=-]){number}(?![\w/-]|\.\w)", body):
            problems.append(Problem(page.rel, f"the page writes the phone number {number}.",
                                    'insert the callout instead, e.g. {{ callout("emergency-help") }}: numbers are '
                                    "set once in mkdocs.yml (extra.knotwork), for every country the site serves.",
                                    line_at(page, match.start())))
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
_ORDER = re.compile(r"^(?:\W*)(?:stop|never|do not|don['’]t|dont|avoid|be careful|take care)\b"
                    r"|^(?:\W*)if\b[^,]*,\s*(?:stop|never|do not|don['’]t)\b", re.I)
_HARM = re.compile(r"\b(?:hurts?|hurting|pain\w*|sore\w*|ache|aches|numb\w*|tingl\w*|dizz\w*|faint\w*|"
                   r"sick|nause\w*|worse|injur\w*|bruis\w*|bleed\w*|blood|swell\w*|swollen|sharp|shooting|"
                   r"neck|throat|spine|spinal|bones?|ribs?|kidneys?|pulse|armpits?|wounds?|cuts?|"
                   r"pregnan\w*|clots?|surgery|operation)\b", re.I)


def _content_words(text: str) -> set[str]:
    stop = {"a", "an", "the", "and", "or", "if", "you", "your", "it", "is", "are", "to", "of", "on", "in", "at",
            "do", "not", "no", "for", "with", "be", "this", "that", "any", "can", "have", "has", "had", "as",
            "from", "by", "so", "than", "then", "when", "where", "who", "what", "there", "after", "before",
            "get", "gets", "i", "me", "my", "we", "our", "up", "out", "off", "one", "all", "only", "don't"}
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in _words(text) if w not in stop}


@functools.cache
def _callout_words() -> dict[str, tuple[set[str], set[str]]]:
    """{callout id: (the content words of its heading, and of its text, items and after)}."""
    found = {}
    for entry in callout.registry().values():
        texts = [entry.get("text"), entry.get("after"), *(entry.get("items") or [])]
        found[entry["id"]] = tuple(_content_words(re.sub(r"\{\w+\}", " ", " ".join(filter(None, t))))
                                   for t in ([entry.get("heading")], texts))
    return found


def best_callout(text: str) -> str | None:
    """The callout whose words overlap most with `text`, rarer words counting more (stop-signs
    when no word is shared)."""
    import math

    entries = _callout_words()
    if not entries:
        return None
    counts: dict[str, int] = {}
    for heading, rest in entries.values():
        for word in heading | rest:
            counts[word] = counts.get(word, 0) + 1
    wanted = _content_words(text)
    # A word of the heading counts double: the heading says what the callout is about.
    scores = {cid: sum(math.log(1 + len(entries) / counts[w]) * (2 if w in heading else 1)
                       for w in wanted & (heading | rest))
              for cid, (heading, rest) in entries.items()}
    best = max(scores, key=lambda cid: scores[cid])
    return best if scores[best] > 0 else ("stop-signs" if "stop-signs" in entries else None)


def _own_warning(page: technique.Page, offset: int, text: str, what: str) -> Problem:
    fits = best_callout(text)
    insert = f'insert {{{{ callout("{fits}") }}}} instead' if fits else "insert the callout that fits instead"
    return Problem(page.rel, f"this is a safety warning in the page's own words ({what}): {insert}.",
                   "safety wording comes from the callout registry (see the callouts in CONTRIBUTING.md); if none "
                   "says what you need, propose one in overrides/components/callout/registry.yml, with its source.",
                   line_at(page, offset))


def check_own_warnings(page: technique.Page, skip: set[int] = frozenset()) -> list[Problem]:
    """Warnings written into the page (a warning admonition, a "Warning:" label, an order to
    stop about pain or a body part) rather than inserted from the callout registry. Lines in
    `skip` already have a message about safety wording."""
    problems = []
    body = masked(page.body, macros=True)
    reported: set[int] = set(skip)
    prose = list(body)
    for match in _ADMONITION.finditer(body):
        kind = match.group("type").lower()
        title = match.group("rest").strip().strip("\"'")
        if kind in SAFETY_ADMONITIONS or re.match(r"(?:safety|warning|caution|danger|be careful)\b", title, re.I):
            prose[match.start():match.end()] = _blank(match)  # its words are reported with the box
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
        elif _ORDER.search(plain) and _HARM.search(plain):
            what = _quote(sentence, 8)
        if what:
            reported.add(line)
            problems.append(_own_warning(page, _offset_of_line(page, line), plain, what))
    return problems


def _offset_of_line(page: technique.Page, line: int) -> int:
    offset = 0
    for _ in range(line - page.body_line):
        offset = page.body.find("\n", offset) + 1
    return offset


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


def check_technique(page: technique.Page, macros: dict[str, Callable[..., Any]], conf: dict[str, Any],
                    spec: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    body = _FENCE.sub(lambda m: "\n" * m.group().count("\n"), page.body)
    if re.search(r"^#\s", body, re.M):
        problems.append(Problem(page.rel, "the page has its own `# ` heading.",
                                "remove it: the title comes from `title:` in the front matter.",
                                line_at(page, re.search(r"^#\s", body, re.M).start())))
    headings = [m.group(1).strip() for m in _HEADING.finditer(body)]
    missing = [s for s in spec["sections"] if s not in headings]
    for section in missing:
        index = spec["sections"].index(section)
        after = f" after `## {spec['sections'][index - 1]}`" if index else " first"
        problems.append(Problem(page.rel, f"the section `## {section}` is missing.",
                                f"add `## {section}`{after}; every technique has these sections, in order: "
                                + ", ".join(spec["sections"]) + "."))
    present = [h for h in headings if h in spec["sections"]]
    if not missing and present != spec["sections"]:
        problems.append(Problem(page.rel, "the sections are out of order.",
                                "put them in this order: " + ", ".join(spec["sections"]) + "."))
    macro_problems, calls = check_macros(page, macros)
    problems += macro_problems
    # When the macros cannot be read, which callouts the page has is unknown: say nothing of them.
    readable = not any(p.message.startswith("a macro is not written right") for p in macro_problems)
    used = {args[0] if args else kwargs.get("id") for name, args, kwargs, _ in calls if name == "callout"}
    get_help = spec["sections"][-1]
    sections = [(line_at(page, m.start()), m.group(1).strip()) for m in _HEADING.finditer(body)]
    if readable:
        margin = parse_duration(technique.fields()["time_needed"]["over_timers"])
        problems += dose.check_page(page, calls, spec["dose_section"], margin)
        problems += _misplaced(page, calls, sections, "dose", {None}, spec["dose_section"])
    for needed in spec["required_callouts"]:
        if readable and needed not in used and not failed_calls(page, calls, "callout"):
            problems.append(Problem(page.rel, f"the callout `{needed}` is missing.",
                                    f'add {{{{ callout("{needed}") }}}} under `## {get_help}`.'))
    problems += _misplaced(page, calls, sections, "callout", set(spec["required_callouts"]), get_help)
    limit = conf.get("max_reading_grade")
    if limit is not None:
        grade = reading_grade(body)
        if grade > float(limit):
            sentences = long_sentences(page)
            longest = ", ".join(f"line {line} ({words} words)" for line, words in sentences)
            problems.append(Problem(page.rel, f"the reading grade is {grade:.1f}; the site's limit is {limit}.",
                                    "use shorter sentences and everyday words"
                                    + (f"; the longest sentences are on {longest}" if longest else "")
                                    + " (the limit is max_reading_grade in mkdocs.yml).",
                                    sentences[0][0] if sentences else None))
    problems += check_sentences(page, conf)
    problems += check_placeholders(page)
    return problems


def failed_calls(page: technique.Page, calls: list[tuple], macro: str) -> bool:
    """Whether a call of `macro` (a name, or a pattern of names) on the page failed its check (it
    has a message of its own): a callout reported as missing may be that one, misspelt."""
    written = len(re.findall(rf"\{{\{{-?\s*{macro}\s*\(", masked(page.body)))
    return written > sum(1 for name, *_ in calls if re.fullmatch(macro, name))


def _misplaced(page: technique.Page, calls: list[tuple], sections: list[tuple[int, str]], macro: str,
               ids: set, home: str) -> list[Problem]:
    """Calls of `macro` (with an id in `ids`; None: any) that are not under `## home`."""
    problems = []
    for name, args, kwargs, line in calls:
        given = args[0] if args else kwargs.get("id")
        if name == macro and (None in ids or given in ids):
            section = next((title for start, title in reversed(sections) if start < line), None)
            if section != home:
                what = f"the {macro} `{given}`" if given else f"the {macro}"
                problems.append(Problem(page.rel, f"{what} is under {f'`## {section}`' if section else 'no section'}.",
                                        f"move it under `## {home}`, where readers look for it.", line))
    return problems


def check_placeholders(page: technique.Page) -> list[Problem]:
    """Warnings for text and drawings the scaffold left to be written: the page builds, but the
    tests (and so CI) do not pass until they are gone."""
    from .scaffold import PLACEHOLDER, PLACEHOLDER_SVG_MARK

    problems = []
    text = technique.read_text(page.path)
    body_start = len(text) - len(page.body)
    headings = [(m.start(), m.group(1).strip()) for m in _HEADING.finditer(page.body)]
    for match in re.finditer(re.escape(PLACEHOLDER), text):
        line = text.count("\n", 0, match.start()) + 1
        if match.start() < body_start:
            field = max(((n, k) for k, n in page.key_lines.items() if n <= line), default=(0, "front matter"))[1]
            where = f"the front-matter field `{field}`"
        else:
            offset = match.start() - body_start
            where = f"`## {next((t for s, t in reversed(headings) if s < offset), 'the page')}`"
        problems.append(Problem(page.rel, f"{where} still has the scaffold's text `{PLACEHOLDER} …`.",
                                "write it in your own words, with a source for every health fact.", line,
                                severity="warning"))
    art = page.meta.get("illustration")
    src = str(art.get("src", "")) if isinstance(art, dict) else ""
    svg = page.path.parent.parent / "assets" / "illustrations" / src
    if src and svg.is_file() and PLACEHOLDER_SVG_MARK in svg.read_text(encoding="utf-8")[:2000]:
        problems.append(Problem(page.rel, f"the illustration `{src}` is still the scaffold's placeholder.",
                                f"draw the position in docs/assets/illustrations/{src} (SVG, clear in black and "
                                "white, a few KB).", page.line_of("illustration"), severity="warning"))
    return problems


@dataclass
class Site:
    """What the link checks need to know of the whole site, gathered once per run."""

    docs_dir: Path
    techniques: set[Path] = field(default_factory=set)
    site_url: str | None = None

    @functools.cached_property
    def names(self) -> dict[str, Path]:
        return anchors.pages_by_name(self.docs_dir)

    def anchors_of(self, path: Path) -> list[str]:
        found = anchors.page_anchors(path, path.resolve() in self.techniques, _anchor_text)
        try:
            text = technique.read_text(path)
        except technique.NotUtf8:
            text = ""  # that page gets its own message
        guide = self.docs_dir.resolve().parent / "CONTRIBUTING.md"
        if guide.is_file() and "contributing_guide(" in text:
            found = found + anchors.page_anchors(guide, False, _anchor_text)  # the page shows the guide
        if path.resolve() in routine.routine_files(self.docs_dir):  # the sections the routine page makes
            found = found + routine.anchors(path.resolve())
        if "<!-- material/tags" in text:  # the tags plugin lists every body area there
            found = found + [f"tag:{anchors.slugify(area, '-')}"
                             for area in technique.fields()["body_areas"].get("values", [])]
        return found

    def example(self, here: Path) -> str:
        """A link to a page that exists, written from `here`: the Safety page if there is one."""
        safety = self.docs_dir.resolve() / "safety.md"
        target = safety if safety.is_file() else next(iter(sorted(self.docs_dir.resolve().rglob("*.md"))), safety)
        return os.path.relpath(target, here)


    @functools.cached_property
    def _drawings(self) -> dict[str, Path]:
        folder = self.docs_dir.resolve() / "assets" / "illustrations"
        return {p.name: p for p in sorted(folder.glob("*.svg"))}

    def picture(self, page: technique.Page) -> str:
        """A picture of the site, written from `page`: its own drawing, or any one there is."""
        art = page.meta.get("illustration")
        own = self._drawings.get(str(art.get("src"))) if isinstance(art, dict) else None
        found = own or next(iter(self._drawings.values()), None)
        return os.path.relpath(found, page.path.resolve().parent) if found else "../assets/illustrations/….svg"


def _anchor_text(body: str) -> str:
    return masked(body, macros=True)


def _suggest_page(site: Site, page: technique.Page, address: str) -> str:
    """' Did you mean `../x.md`?' for a link written as a page's title, file name or web
    address, or ''."""
    docs, source = site.docs_dir.resolve(), page.path.resolve()
    here = source.parent
    path = unquote(address.split("#")[0].split("?")[0])
    target = None
    if site.site_url and address.startswith(site.site_url.rstrip("/") + "/"):
        target = anchors.page_at_address(docs, address, site.site_url)
    elif path.strip("/"):
        # Relative to the file, or to the page's web address (x.md is served as x/).
        web = here if source.stem == "index" else here / source.stem
        for base in (here, web):
            where = (base / path).resolve()
            if target is None and where.is_relative_to(docs):
                target = anchors.page_at_address(docs, str(where.relative_to(docs)), None)
        target = target or site.names.get(anchors.words(Path(path.rstrip("/")).name))
    if target is None:
        return ""
    fragment = "#" + address.split("#", 1)[1] if "#" in address else ""
    return f" Did you mean `{os.path.relpath(target, here)}{fragment}`?"


def _anchor_problem(page: technique.Page, site: Site, address: str, target: Path, line: int) -> Problem | None:
    fragment = unquote(address.split("#", 1)[1])
    if not fragment:
        return None
    known = site.anchors_of(target)
    if fragment in known:
        return None
    whose = "this page" if target == page.path.resolve() else f"`{address.split('#')[0]}`"
    close = difflib.get_close_matches(fragment, known, n=1, cutoff=0.5)
    base = address.split("#")[0]
    hint = f" Did you mean `{base}#{close[0]}`?" if close else ""
    listed = ", ".join(f"`#{a}`" for a in known[:8]) + (", …" if len(known) > 8 else "")
    return Problem(page.rel, f"the link `{address}` points at an anchor that {whose} does not have.{hint}",
                   (f"use one of its anchors: {listed}" if known else "link the page without `#…`: it has no headings")
                   + "; an anchor is a heading's words in lower case, joined by hyphens.", line)


def check_links(page: technique.Page, docs_dir: Path, site: Site | None = None) -> list[Problem]:
    """Links and images to files of the site: each must exist, and so must its `#anchor`; a
    link written as a title or a web address of the site is told the page's .md file."""
    site = site or Site(docs_dir)
    problems = []
    body = masked(page.body)
    docs = docs_dir.resolve()
    here = page.path.resolve().parent
    example = site.example(here)
    matches = [*_LINK.finditer(body), *_REF_LINK.finditer(body), *_HTML_LINK.finditer(body),
               *_SPACED_LINK.finditer(body)]
    for match in sorted(matches, key=lambda m: m.start()):
        address = match.group(1).strip()
        line = line_at(page, match.start())
        if address.startswith("{{"):
            continue
        if site.site_url and address.startswith(site.site_url.rstrip("/") + "/") or address == site.site_url:
            hint = _suggest_page(site, page, address)
            problems.append(Problem(page.rel, f"the link `{address}` is this site's own web address.{hint}",
                                    "link the page's .md file, relative to this page (e.g. "
                                    f"`{hint.split('`')[1] if hint else example}`), so it works wherever the site is "
                                    "served.", line))
            continue
        if _SCHEME.match(address):
            continue
        if address.startswith("#"):
            found = _anchor_problem(page, site, address, page.path.resolve(), line)
            problems += [found] if found else []
            continue
        path = unquote(address.split("#")[0].split("?")[0])
        if not path:
            continue
        if path.startswith("/"):
            problems.append(Problem(page.rel, f"the link `{address}` starts with `/`.",
                                    f"write it relative to this page, e.g. `{example}`, so it works wherever the "
                                    "site is served.", line))
            continue
        target = (here / path).resolve()
        if target.is_dir() or path.endswith("/"):
            hint = _suggest_page(site, page, address)
            problems.append(Problem(page.rel, f"the link `{address}` points at a folder.{hint}",
                                    "link the page's .md file, e.g. "
                                    f"`{hint.split('`')[1] if hint else example}`.", line))
        elif not target.is_relative_to(docs):
            problems.append(Problem(page.rel, f"the link `{address}` leads out of docs/.",
                                    "link a page or file inside docs/, relative to this page.", line))
        elif not target.is_file():
            hint = _suggest_page(site, page, address) if target.suffix in ("", ".md", ".html", ".htm") else ""
            if not hint:
                known = [os.path.relpath(f, here) for f in docs.rglob("*") if f.is_file()
                         and f.suffix == target.suffix]
                hint = did_you_mean(path, known)
            written = " (written as a page's title or file name?)" if " " in path else ""
            problems.append(Problem(page.rel, f"the link `{address}` points at no file{written}.{hint}",
                                    "link an existing file, relative to this page (e.g. "
                                    f"`{hint.split('`')[1] if hint else example}`).", line))
        elif target.suffix == ".md" and "#" in address:
            found = _anchor_problem(page, site, address, target, line)
            problems += [found] if found else []
    return problems


def check_site(docs_dir: Path, config_file: Path, macros: dict[str, Callable[..., Any]],
               today: dt.date | None = None) -> list[Problem]:
    """Every problem in every page of docs_dir."""
    today = today or dt.date.today()
    # The registries first: a mistake there is one message naming the file, not one per page.
    for registry, load in ((dose.REGISTRY, dose.registry), (callout.REGISTRY, callout.registry),
                           (callout.REGISTRY, before.check_registry)):
        try:
            load()
        except KnotworkError as err:
            return [Problem(technique._rel(registry), err.message, err.fix)]
    conf = settings(config_file)
    spec = technique.spec()
    problems: list[Problem] = []
    techniques = set(technique.technique_files(docs_dir))
    routines = set(routine.routine_files(docs_dir))
    site = Site(docs_dir, techniques, config(config_file).get("site_url"))
    titles: dict[str, str] = {}
    slugs: dict[str, str] = {}
    problems += misnamed_pages(docs_dir)
    for path in sorted(p.resolve() for p in docs_dir.rglob("*.md")):  # resolved, as technique_files are
        rel = technique._rel(path)
        if path in techniques:
            page, found = technique.load(path, today)
            found = list(found) + (check_technique(page, macros, conf, spec) if page.readable else [])
            slug = scaffold.slugify(path.stem)  # as `make technique` names a file: "à" as "a"
            if not _SLUG.fullmatch(path.stem):
                found.append(Problem(rel, f"the file name `{path.name}` is not lower-case words joined by hyphens.",
                                     f"rename it to `{slug}.md`: the name becomes the page's web address."))
            if slug in slugs:
                found.append(Problem(rel, f"the slug `{slug}` is also used by {slugs[slug]}.",
                                     "rename the file: each technique needs its own web address."))
            slugs[slug] = rel
        elif path in routines:  # a routine: its steps, length, doses and safety (macros/routine.py)
            page, found = technique.read_page(path, rel)
            if page.readable and not found:
                found += technique.check_title(page, ("description",)) + check_macros(page, macros)[0]
                found += routine.check(page, docs_dir, conf)
        else:
            page, found = technique.read_page(path, rel)
            if page.readable:
                found += technique.check_title(page)
                found += check_macros(page, macros)[0]
        if page.readable:  # a file in another encoding than UTF-8 gets that one message
            wording = check_safety_wording(page, conf)
            found += check_html(page, site) + check_links(page, docs_dir, site) + wording + check_timer_id(page, site)
            found += check_own_warnings(page, {p.line for p in wording})
        title = str(page.meta.get("title", "")).strip().lower()
        if title and title in titles:
            found.append(Problem(rel, f"the title `{page.meta['title']}` is also used by {titles[title]}.",
                                 "give each page its own title.", page.line_of("title")))
        titles.setdefault(title, rel)
        problems += sorted(found, key=lambda p: p.line or 0)
    return problems


# What MkDocs builds as a page (mkdocs.utils.markdown_extensions), and what an editor may save.
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def misnamed_pages(docs_dir: Path) -> list[Problem]:
    """A page saved as `.markdown` (or `.mkd`, …) is built by MkDocs but read by no check, and
    one saved as `.MD` is not a page at all: each is told to end in `.md`. A technique in a
    folder of its own under techniques/ would be built as a plain page, with no header."""
    problems = []
    folder = docs_dir / technique.spec()["folder"]
    for path in sorted(folder.glob("*/**/*.md")):
        name = path.stem if path.stem != "index" else path.parent.name
        problems.append(Problem(technique._rel(path.resolve()), f"a technique page must be right in "
                                f"{docs_dir.name}/{folder.name}/, not in a folder under it.",
                                f"move it to {docs_dir.name}/{folder.name}/{scaffold.slugify(name)}.md (`make "
                                'technique NAME="…"` makes it there).'))
    for path in sorted(docs_dir.rglob("*")):
        if path.suffix != ".md" and path.suffix.lower() in _MARKDOWN_SUFFIXES and path.is_file():
            what = "is built as a page but none of the checks read it" if path.suffix in _MARKDOWN_SUFFIXES \
                else "is not built as a page (MkDocs reads `.md` in lower case only)"
            problems.append(Problem(technique._rel(path.resolve()), f"the file name ends in `{path.suffix}`, so it "
                                    f"{what}.", f"rename it to `{path.stem}.md`."))
    return problems


def annotation(problem: Problem) -> str:
    """A GitHub Actions annotation, so CI lists the problem on the pull request's files."""
    text = problem.message + (f"\nFix: {problem.fix}" if problem.fix else "")
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{problem.severity} file={problem.file},line={problem.line or 1}::{text}"


def main(argv: list[str]) -> int:
    from . import macro_table

    docs_dir = Path(argv[0] if argv else "docs")
    config_file = docs_dir.parent / "mkdocs.yml"
    problems = check_site(docs_dir, config_file, macro_table(settings(config_file), docs_dir))
    for problem in problems:
        print(problem)
        if os.environ.get("GITHUB_ACTIONS"):
            print(annotation(problem))
    print(summary(problems, docs_dir))
    return 1 if any(p.severity == "error" for p in problems) else 0


def report(problems: list[Problem], docs_dir: Path) -> str:
    """What `make check` prints (without CI's annotations): every problem, then the summary."""
    return "\n".join([*map(str, problems), summary(problems, docs_dir)])


def summary(problems: list[Problem], docs_dir: Path) -> str:
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    also = f" ({warnings} warning{'s' if warnings != 1 else ''} too)" if warnings else ""
    if errors:
        return PagesInvalid(errors).args[0].splitlines()[0].rstrip(":") + also + "."
    if warnings:
        return (f"No errors in the pages of {docs_dir}; {warnings} warning{'s' if warnings != 1 else ''} to look at, "
                "listed above.")
    return f"All pages in {docs_dir} look right."


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
