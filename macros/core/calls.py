"""Macro calls as a page writes them: `{{ timer("30s", times=3) }}` read, with its line, as
mkdocs-macros will render it (Jinja), so raw blocks, filters and expressions are understood.
A call whose values are computed is left to the render."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import jinja2
import jinja2.nodes

from macros.core.page import Page
from macros.core.text import RAW, blank, masked

JINJA = jinja2.Environment()  # only parses pages; made once, not per page
# Curly quotes, as word processors and phones type them, and the straight quote each stands for.
CURLY = {"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'"}
TAG = re.compile(r"\{\{(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}", re.S)


# Under `mkdocs serve`, each page's tree by its text, kept between the rebuilds: the hooks hand
# in a dict that outlives them (this module is imported afresh at each), so a save parses the
# page saved, not every page. Nothing changes a tree once made.
kept_trees: dict[str, jinja2.nodes.Template] | None = None


# Room for every page of a large site: the checks read the pages in order, and the build then
# reads them again in the same order, so a cache smaller than the site keeps none of them.
@functools.lru_cache(maxsize=4096)
def parse(source: str) -> jinja2.nodes.Template:
    """A page's body (its quotes straightened) parsed as mkdocs-macros will read it: once for the
    checks, the routines that read the page's timers and the check of what the build wrote."""
    tree = kept_trees.get(source) if kept_trees is not None else None
    if tree is None:
        tree = JINJA.parse(source)
        if kept_trees is not None:
            if len(kept_trees) >= 4096:  # as many as parse keeps
                kept_trees.clear()
            kept_trees[source] = tree
    if len(_by_markdown) >= 4096:  # as many as parse keeps
        _by_markdown.clear()
    _by_markdown[source.lstrip("\n")] = (tree, len(source) - len(source.lstrip("\n")))
    return tree


# Each page's tree by the text MkDocs hands over for it (the body without the blank lines that
# follow the front matter), with how many lines were left out: the render reads it from here.
_by_markdown: dict[str, tuple[jinja2.nodes.Template, int]] = {}


def parsed(markdown: str) -> tuple[jinja2.nodes.Template, int] | None:
    """The tree `parse` made of a page whose body, without its opening blank lines, is
    `markdown`, and how many blank lines it had there; None where none was made."""
    return _by_markdown.get(markdown)


@dataclass(frozen=True)
class MacroCall:
    """One macro call written with plain values: its name, its values and its line in the file."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    line: int = 0

    @property
    def id(self) -> Any:
        """The first value, or `id=`: which callout or dose a call names."""
        return self.args[0] if self.args else self.kwargs.get("id")


def read_call(node: jinja2.nodes.Call, body_line: int) -> MacroCall | None:
    """The call at `node` (a call of a plain name), or None when a value is not written out.
    A value worked out is never worked out here: `"a" * 10000000000` would take the machine's
    memory before any check could refuse it (checks/page_jinja.py refuses it)."""
    if not all(written_out(value) for value in [*node.args, *(k.value for k in node.kwargs)]):
        return None
    args = tuple(a.as_const() for a in node.args)
    kwargs = {k.key: k.value.as_const() for k in node.kwargs}
    return MacroCall(node.node.name, args, kwargs, body_line + node.lineno - 1)


def written_out(node: jinja2.nodes.Node) -> bool:
    """A value written out: a text, number, true/false, or a list of them; a number may have a sign."""
    if isinstance(node, jinja2.nodes.Const):
        return True
    if isinstance(node, jinja2.nodes.Neg | jinja2.nodes.Pos):
        return isinstance(node.node, jinja2.nodes.Const) and isinstance(node.node.value, int | float)
    if isinstance(node, jinja2.nodes.List | jinja2.nodes.Tuple):
        return all(written_out(item) for item in node.items)
    return False


def named_calls(tree: jinja2.nodes.Template) -> list[jinja2.nodes.Call]:
    """Every call of a plain name (`timer(…)`, not `x.y(…)`) in a parsed page."""
    return [node for node in tree.find_all(jinja2.nodes.Call) if isinstance(node.node, jinja2.nodes.Name)]


def curly_in_tag(tag: str) -> tuple[list[int], str | None, int]:
    """Where `tag` (a `{{ … }}` or `{% … %}`) has a curly quote outside a text in quotes (a curly
    quote inside "…" is text, and fine), the quote it leaves open, if any, and where that opens."""
    bad, quote, escaped, opened = [], None, False, 0
    for i, char in enumerate(tag):
        if quote:  # inside a text, a backslash keeps the next character in it, as Jinja reads `\"`
            quote = quote if escaped or char != quote else None
            escaped = not escaped and char == "\\"
        elif char in "\"'":
            quote, opened = char, i
        elif char in CURLY:
            bad.append(i)
    return bad, quote, opened


def straight_quotes(body: str) -> str:
    """The body with every curly quote of a macro call made straight, so the call can be read."""
    source = list(body)
    for tag in TAG.finditer(RAW.sub(blank, body)):
        for offset in curly_in_tag(tag.group())[0]:
            source[tag.start() + offset] = CURLY[body[tag.start() + offset]]
    return "".join(source)


def macro_calls(page: Page) -> list[MacroCall]:
    """Each macro call of the page written with plain values, read as the checks read them;
    calls that cannot be read are the checks' to report."""
    return list(_calls_in(page.body, page.body_line))


# By the page's text, not its file: a page is read for its calls by the checks, the chooser,
# the routines and the check of what the build wrote, and walking its tree took longer than
# reading it.
@functools.lru_cache(maxsize=4096)
def _calls_in(body: str, body_line: int) -> tuple[MacroCall, ...]:
    try:
        tree = parse(straight_quotes(body))
    except jinja2.TemplateSyntaxError:
        return ()
    return tuple(call for node in named_calls(tree) if (call := read_call(node, body_line)))


def failed_calls(page: Page, calls: list[MacroCall], macro: str) -> bool:
    """Whether a call of `macro` (a name, or a pattern of names) on the page failed its check (it
    has a message of its own): a callout reported as missing may be that one, misspelt."""
    # A call in {% raw %} is text, not a call: it has no message of its own to wait for.
    written = len(re.findall(rf"\{{\{{-?\s*{macro}\s*\(", RAW.sub(blank, masked(page.body))))
    return written > sum(1 for call in calls if re.fullmatch(macro, call.name))
