"""Every macro call of a page, checked before the build: each written with plain values is
tried, and each way of writing one wrong (a name that is no macro, a value without quotes, curly
quotes, an unclosed `{{`, a macro in code or run into a paragraph) is named with its line."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import jinja2
import jinja2.nodes

from macros.checks.page_jinja import refused_jinja
from macros.components import callout
from macros.core import spec
from macros.core.calls import JINJA, TAG, MacroCall, curly_in_tag, named_calls, parse, read_call, straight_quotes
from macros.core.errors import KnotworkError, Problem, did_you_mean, one_of
from macros.core.page import Page
from macros.core.text import CALL, CODE_SPAN, COMMENT, FENCE, RAW, STATEMENT, blank, column, line_at


def check_macros(page: Page, macros: dict[str, Callable[..., Any]],
                 conf: dict[str, Any] | None = None) -> tuple[list[Problem], list[MacroCall]]:
    """Try every macro call written with plain values; return problems and the calls seen.

    The page is parsed as mkdocs-macros will render it (Jinja), so raw blocks, filters and
    expressions are understood; calls with computed values are checked when rendered.
    """
    problems, source = curly_quotes(page)
    problems += macros_in_code(page) + unclosed_tags(page) + macros_not_alone(page, macros)
    try:
        tree = parse(source)
    except jinja2.TemplateSyntaxError as err:
        if any("not closed" in p.message for p in problems):
            return problems, []  # Jinja's own message would point further down the page
        return [*problems, _syntax_problem(page, source, err)], []
    undeclared = _undeclared(tree) - (set(macros) | set(JINJA.globals) | PAGE_VARIABLES | set(page.meta))
    problems += unknown_names(page, tree, source, macros, undeclared) + refused_jinja(page, tree, macros, undeclared)
    calls: list[MacroCall] = []
    for node in named_calls(tree):
        name, line = node.node.name, page.body_line + node.lineno - 1
        if name not in macros:
            problems.append(Problem(page.rel, f"there is no macro `{name}`.{did_you_mean(name, macros)}",
                                    f"use one of {one_of(macros)}.", line))
            continue
        # None: values worked out, or given with `*`/`**` (page_jinja.py names them)
        call = read_call(node, page.body_line) if node.dyn_args is None and node.dyn_kwargs is None else None
        failed = _failure(page, call, macros[name]) if call else None
        problems += [failed] if failed else []
        calls += [call] if call and not failed else []
    return problems + same_labels(page, calls) + too_many_timers(page, calls, (conf or {}).get("max_timers")), calls


def too_many_timers(page: Page, calls: list[MacroCall], limit: int | None) -> list[Problem]:
    """More timers than the site allows on one page (max_timers in mkdocs.yml), named at the first one too many."""
    timers = [call for call in calls if call.name == "timer"]
    if limit is None or len(timers) <= int(limit):
        return []
    return [Problem(page.rel, f"the page has {len(timers)} timers; a page may have at most {limit}.",
                    "keep the timers a reader needs (a first time, and later days), or split the page (the limit "
                    "is max_timers in mkdocs.yml).", timers[int(limit)].line)]


def _undeclared(tree: jinja2.nodes.Template) -> set[str]:
    """The names the page reads and does not set itself. (Not jinja2.meta's: it folds constants
    in the tree it reads, which is shared, and `"30" ~ "s"` would pass for a value written out.)"""
    names = list(tree.find_all(jinja2.nodes.Name))
    stored = {n.name for n in names if n.ctx in ("store", "param")}
    stored |= {m.name for m in tree.find_all(jinja2.nodes.Macro)}
    stored |= {i.target for i in tree.find_all(jinja2.nodes.Import)}
    stored |= {n if isinstance(n, str) else n[-1] for i in tree.find_all(jinja2.nodes.FromImport) for n in i.names}
    return {n.name for n in names if n.ctx == "load"} - stored


def _failure(page: Page, call: MacroCall, macro: Callable[..., Any]) -> Problem | None:
    """What goes wrong when `call` is made, or None."""
    try:
        macro(*call.args, **call.kwargs)
    except KnotworkError as err:
        return Problem(page.rel, err.message, err.fix, call.line)
    except TypeError:
        return Problem(page.rel, f"`{call.name}` was given values it does not take.",
                       f"see `{call.name}` in CONTRIBUTING.md for how to call it.", call.line)
    return None


# Names mkdocs-macros gives every page (its own variables; mkdocs.yml's `extra` is left out on
# purpose: a page never writes the site's numbers itself).
PAGE_VARIABLES = frozenset({"config", "page", "navigation", "files", "environment", "plugin", "git", "macros",
                            "filters", "filters_builtin", "extra"})


def unknown_names(page: Page, tree: jinja2.nodes.Template, source: str,
                  macros: dict[str, Callable[..., Any]], undeclared: set[str]) -> list[Problem]:
    """A name that is neither a macro nor a value the page has fails the build with a traceback
    while the page is rendered (`callout(ask-first)` reads `ask` and `first` as names), and a
    macro written without brackets prints Python's name for a function: both, with their line.
    (A value the page has, `{{ config }}`, is refused in page_jinja.py.)"""
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
    return next((t.group() for t in TAG.finditer(line) if name in t.group()), line.strip())


def _callout_like(name: str) -> str:
    """' Did you mean {{ callout("stop-signs") }}?' for a callout's id written as a name."""
    close = difflib.get_close_matches(name.replace("_", "-"), list(callout.registry()), n=1, cutoff=0.8)
    return f' Did you mean {{{{ callout("{close[0]}") }}}}?' if close else ""


def _example(name: str = "callout") -> str:
    """A call of macro `name` as its component's spec shows it."""
    try:
        return spec.spec(name)["examples"][0]["call"].split(" {{")[0]
    except (FileNotFoundError, KeyError, IndexError):
        return f"{{{{ {name}() }}}}"


def same_labels(page: Page, calls: list[MacroCall]) -> list[Problem]:
    """Two timers of one page with the same label: a routine names a timer by its label, and a
    reader tells the timers apart by it."""
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for call in calls:
        label, line = call.kwargs.get("label") if call.name == "timer" else None, call.line
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


def unclosed_tags(page: Page) -> list[Problem]:
    """A `{{` (or `{%`) with no `}` at all before the next one: Jinja reads on into the page and
    reports a place further down, about a character that is fine where it is."""
    text = RAW.sub(blank, page.body)
    opened = list(re.finditer(r"\{\{|\{%", text))
    problems = []
    for number, tag in enumerate(opened):
        end = opened[number + 1].start() if number + 1 < len(opened) else len(text)
        if "}" not in text[tag.start():end]:
            line = line_at(page, tag.start())
            close = _CLOSING[tag.group()]
            problems.append(Problem(page.rel, f"a macro is not closed: the {tag.group()} at line {line}, column "
                                    f"{column(page.body, tag.start())} has no {close} after it.",
                                    f"end it with {close} on the same line, e.g. {{{{ callout(\"not-on-bone\") }}}}; "
                                    "for literal braces use {% raw %}…{% endraw %}.", line))
    return problems


def macros_not_alone(page: Page, macros: dict[str, Callable[..., Any]]) -> list[Problem]:
    """Every macro writes a block of HTML (a callout, a timer, a card), which Markdown leaves as
    it is only when it starts a line and has a blank line before and after it. Indented (in a
    list item) or run into a paragraph, it lands inside a <p>, which HTML does not allow, and the
    text after it is not read as Markdown."""
    text = COMMENT.sub(blank, CODE_SPAN.sub(blank, FENCE.sub(blank, RAW.sub(blank, page.body))))
    # A statement ({% set %}, {% if %}) writes nothing: a line of them alone is a blank line.
    text = STATEMENT.sub(blank, text)
    problems = []
    for tag in CALL.finditer(text):
        name = re.match(r"-?\s*([A-Za-z_]\w*)\s*\(", tag.group(1))
        if not name or name.group(1) not in macros:
            continue
        start, end = text.rfind("\n", 0, tag.start()) + 1, text.find("\n", tag.end())
        end = len(text) if end < 0 else end
        before = text[:start - 1].rsplit("\n", 1)[-1] if start else ""  # the line before, and the one after
        after = text[end + 1:].split("\n", 1)[0]
        if text[start:tag.start()].strip() or text[tag.end():end].strip():
            what = "shares its line with other text"
        elif STATEMENT.sub("", page.body[start:tag.start()]):
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


def macros_in_code(page: Page) -> list[Problem]:
    """A macro in code is still run (mkdocs-macros reads the whole page): the reader would see
    its HTML as code, or a page broken in the middle of a sentence."""
    text = RAW.sub(blank, page.body)
    code = [(m.start(), m.end(), "a ``` code block") for m in FENCE.finditer(text)]
    fenced = FENCE.sub(blank, text)
    code += [(m.start(), m.end(), "`code`") for m in CODE_SPAN.finditer(fenced)]
    hidden = [(m.start(), m.end()) for m in COMMENT.finditer(FENCE.sub(blank, CODE_SPAN.sub(blank, text)))]
    problems = []
    for tag in re.finditer(r"\{\{|\{%", text):
        inside = next((what for start, end, what in code if start <= tag.start() < end), None)
        if inside:
            line = line_at(page, tag.start())
            problems.append(Problem(page.rel, f"a macro inside {inside} is still run: the page would show its "
                                    "HTML as code.",
                                    "to show the macro as it is written, wrap it in {% raw %}…{% endraw %}; to insert "
                                    "it, take it out of the code.", line))
        elif any(start <= tag.start() < end for start, end in hidden):
            # Still run, and still counted as there by every check, while no reader sees it: a
            # safety callout "kept" in a comment would be a callout taken away.
            problems.append(Problem(page.rel, "a macro inside an HTML comment (<!-- … -->) is still run, but what it "
                                    "shows is hidden from readers: a callout there is not on the page.",
                                    "take it out of the comment to show it, or delete it.", line_at(page, tag.start())))
    return problems


def curly_quotes(page: Page) -> tuple[list[Problem], str]:
    """Curly quotes (as word processors and phones type them) and quotes left open inside
    macro calls: a problem for each call, with line and column, and the body with straight
    quotes, so the rest of the call can still be checked."""
    problems = []
    source = straight_quotes(page.body)
    for tag in TAG.finditer(RAW.sub(blank, page.body)):
        bad, quote, opened = curly_in_tag(tag.group())
        if quote:  # Jinja would read on to the next quote and report a place further down
            opening = tag.start() + opened
            problems.append(Problem(page.rel, f"a macro has a text in quotes that is not closed: the {quote} at line "
                                    f"{line_at(page, opening)}, column {column(page.body, opening)} has no partner.",
                                    f"close the text with another {quote}, e.g. {{{{ timer(\"30s\", times=3) }}}}.",
                                    line_at(page, opening)))
        if not bad:
            continue
        fixed, first = source[tag.start():tag.end()], tag.start() + bad[0]
        problems.append(Problem(page.rel, f"a macro has a curly quote {page.body[first]} at line "
                                f"{line_at(page, first)}, column {column(page.body, first)}: use straight quotes.",
                                f"use straight quotes, \" or ', as in {' '.join(fixed.split())} (a phone or word "
                                "processor may turn them curly: type them in a plain-text editor).",
                                line_at(page, first)))
    return problems, source


def _syntax_problem(page: Page, source: str, err: jinja2.TemplateSyntaxError) -> Problem:
    """A Jinja syntax error with its line and column (Jinja gives a character offset, or none)."""
    lineno = err.lineno or 1
    start = sum(len(line) + 1 for line in source.split("\n")[:lineno - 1])
    message = err.message or "it cannot be read"
    offset = re.search(r" at (\d+)$", message)
    at_column = None
    if offset:  # "unexpected char '…' at 89": an offset in the whole page
        at_column = column(source, int(offset.group(1)))
        message = message[:offset.start()]
    else:
        token = re.match(r"unexpected '(.+?)'|expected token '.+?', got '(.+?)'|unexpected end of template",
                         message, re.I)
        line_text = source[start:].split("\n")[0]
        opening = max(line_text.rfind("{{"), line_text.rfind("{%"))
        if token and (token.group(1) or token.group(2)):
            found = line_text.find(token.group(1) or token.group(2), max(opening, 0) + 2)
            at_column = found + 1 if found >= 0 else None
        elif token:
            at_column = len(line_text) + 1
    at = f" (column {at_column})" if at_column else ""
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
