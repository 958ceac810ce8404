"""What a page's Jinja may hold: calls of Knotwork's macros with their values written out, and
nothing else. A page is data: mkdocs-macros would run any Jinja in it at build time, so
`{{ cycler.__init__.__globals__ }}` reaches Python's `os`, `{{ config }}` prints the build
machine's paths, and `{% macro callout(id) %}{% endmacro %}` or `{% set callout = … %}` silently
removes every safety callout. Each is named with its line and what to write instead.

It reads the tree the macro check already parsed (checks/macro_calls.py), not the page again.
Names that are no macro, and macros written without brackets, have messages of their own there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2.nodes as nodes

from macros.core.calls import written_out
from macros.core.errors import Problem
from macros.core.page import Page

# The statement a `{% … %}` node stands for, as the author wrote it.
_STATEMENTS: dict[type, str] = {
    nodes.Assign: "set", nodes.AssignBlock: "set", nodes.Macro: "macro", nodes.CallBlock: "call",
    nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from … import", nodes.Extends: "extends",
    nodes.Block: "block", nodes.If: "if", nodes.For: "for", nodes.With: "with", nodes.FilterBlock: "filter",
    nodes.ExprStmt: "do", nodes.ScopedEvalContextModifier: "autoescape", nodes.EvalContextModifier: "autoescape",
}
# Why each kind of statement is refused, beyond "a page only calls macros".
_WHY = {
    "set": "it gives a name a value, and the name can stand for a macro (`{% set callout = … %}` would hide "
           "every safety callout while the check counts them)",
    "macro": "it makes a macro of the page's own, which can take the place of one of Knotwork's (a `callout` "
             "macro that writes nothing would hide every safety callout)",
    "include": "it brings another file's text, and its code, into the page",
    "import": "it brings another file's code into the page",
    "from … import": "it brings another file's code into the page",
    "extends": "it makes the page a part of another file",
}
_FIX = ('write text, and call Knotwork\'s macros with their values written out, e.g. {{ callout("stop-signs") }} '
        'or {{ timer("30s", times=3) }}; to show braces as text, wrap them in {% raw %}…{% endraw %}.')


def refused_jinja(page: Page, tree: nodes.Template, macros: dict[str, Callable[..., Any]],
                  undeclared: set[str]) -> list[Problem]:
    """A problem for each statement, and each `{{ … }}` that is more than a macro's call with its
    values written out. `undeclared` names are reported elsewhere (no such macro or value)."""
    problems = []
    for node in tree.body:
        if isinstance(node, nodes.Output):
            for part in node.nodes:
                if not isinstance(part, nodes.TemplateData):
                    problems += _expression(page, part, macros, undeclared)
        else:
            problems.append(_statement(page, node))
    return problems


def _line(page: Page, *candidates: nodes.Node) -> int:
    """The line of the first of `candidates` whose line Jinja knows."""
    lineno = next((n.lineno for n in candidates if getattr(n, "lineno", None)), 1)
    return page.body_line + lineno - 1


def _statement(page: Page, node: nodes.Node) -> Problem:
    if isinstance(node, nodes.Scope) and node.body:  # `{% autoescape %}` is parsed as a scope around it
        node = node.body[0]
    word = _STATEMENTS.get(type(node), type(node).__name__.lower())
    why = _WHY.get(word, "a page is text with macro calls, not a program")
    return Problem(page.rel, f"`{{% {word} %}}` is not allowed in a page: {why}.", _FIX, _line(page, node))


def _root(node: nodes.Node) -> nodes.Node:
    """The value an expression such as `a.b[c](d)` starts from: `a`."""
    while isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Call | nodes.Filter):
        node = node.node
    return node


def _expression(page: Page, node: nodes.Node, macros: dict[str, Callable[..., Any]],
                undeclared: set[str]) -> list[Problem]:
    """Problems of one `{{ … }}` of the page."""
    root = _root(node)
    called = any(isinstance(n, nodes.Call) and n.node is root for n in [node, *node.find_all(nodes.Call)])
    if isinstance(root, nodes.Name) and (root.name in undeclared or root.name in macros and not called):
        return []  # no macro or value of that name, or a macro without brackets: told in macro_calls
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
        return _values(page, node, undeclared)  # a call of a name that is no macro is macro_calls' to name
    return [Problem(page.rel, f"`{{{{ {_shown(node)} }}}}` is not allowed in a page: {_what(node)}.", _FIX,
                    _line(page, node))]


def _values(page: Page, call: nodes.Call, undeclared: set[str]) -> list[Problem]:
    """A macro's values are written out: text in quotes, numbers, true or false."""
    name = call.node.name
    if call.dyn_args is not None or call.dyn_kwargs is not None:
        return [Problem(page.rel, f"`{name}` is given its values with `*` or `**`: a page writes each value "
                        "out.", f"name each value, e.g. {name}(\"…\", times=3).", _line(page, call))]
    for value in [*call.args, *(k.value for k in call.kwargs)]:
        if any(n.name in undeclared for n in [value, *value.find_all(nodes.Name)] if isinstance(n, nodes.Name)):
            continue  # a word without quotes (`ask-first`): macro_calls says to put it in quotes
        if not written_out(value):
            what = "a name stands for a value set elsewhere" if isinstance(value, nodes.Name) else _what(value)
            return [Problem(page.rel, f"`{name}` is given a value worked out in the page, `{_shown(value)}`: "
                            f"{what}.", "write the value itself: text in quotes, a number or "
                            f'true/false, e.g. {name}("…").', _line(page, value, call))]
    return []


def _what(node: nodes.Node) -> str:
    """What the expression does, in words, for the message."""
    for part in [node, *node.find_all(nodes.Node)]:
        if isinstance(part, nodes.Getattr | nodes.Getitem):
            return "it reaches into one of the build's values, which can lead to the build machine itself"
        if isinstance(part, nodes.Filter):
            return f"`| {part.name}` is a filter: a page only calls macros"
    if isinstance(node, nodes.Name):
        return ("it prints one of the build's own values (its settings, paths or Jinja's helpers): a page only "
                "calls macros")
    if isinstance(node, nodes.Const):
        return "text goes in the page as it is, not through Jinja"
    if isinstance(node, nodes.Call):
        return "only Knotwork's macros can be called, by their names"
    return "a page only calls macros, with their values written out"


def _shown(node: nodes.Node, depth: int = 0) -> str:
    """The expression as the author wrote it, near enough to find it (long ones cut)."""
    text = _source(node, depth)
    return text if len(text) <= 60 else text[:59] + "…"


def _source(node: nodes.Node, depth: int = 0) -> str:
    if depth > 20:
        return "…"
    deeper = depth + 1
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value) if not isinstance(node.value, str) else f'"{node.value}"'
    if isinstance(node, nodes.Getattr):
        return f"{_source(node.node, deeper)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_source(node.node, deeper)}[{_source(node.arg, deeper)}]"
    if isinstance(node, nodes.Filter):
        return f"{_source(node.node, deeper) if node.node else '…'} | {node.name}"
    if isinstance(node, nodes.Call):
        values = [*(_source(a, deeper) for a in node.args), *(f"{k.key}={_source(k.value, deeper)}"
                                                              for k in node.kwargs)]
        return f"{_source(node.node, deeper)}({', '.join(values)})"
    if isinstance(node, nodes.BinExpr):
        return f"{_source(node.left, deeper)} {node.operator} {_source(node.right, deeper)}"
    if isinstance(node, nodes.Concat):
        return " ~ ".join(_source(n, deeper) for n in node.nodes)
    if isinstance(node, nodes.List | nodes.Tuple):
        return "[" + ", ".join(_source(n, deeper) for n in node.items) + "]"
    return type(node).__name__.lower()
