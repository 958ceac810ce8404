"""Errors a macro raises while a page is rendered, reported the way the checks report theirs.

The checks before the build try every macro call written with plain values. A call with a
computed value (`{{ timer(hold) }}`) can only fail while its page is rendered; mkdocs-macros
would then print a traceback and stop at the first one. Instead each error is logged as
`docs/<page>.md:<line>: error: <what is wrong>` with its fix, and the page shows the error
in place. The log line counts as a warning in strict mode (`strict: true` in mkdocs.yml,
`mkdocs build --strict`), so the build still fails, after listing every such error.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from macros.core import calls
from macros.core.errors import KnotworkError, Problem
from macros.core.page import read_text, shown_path


class _PageTemplate(jinja2.Template):
    """A page rendered with none of the values mkdocs-macros hands every page (`config`, `page`,
    `environment`, the front matter's keys): only the macros are there."""

    def new_context(self, vars=None, shared=False, locals=None):  # noqa: A002 (Jinja's names)
        return super().new_context(None, shared, locals)


class PageSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox for a page, the second wall behind the check (checks/page_jinja.py): a page
    reaches into no value (no attribute or item at all, not only the unsafe ones), has no filter,
    test, loader (`include`, `import`, `extends`) or Jinja helper (`cycler`, `namespace`, …), and
    sees nothing but the macros it may call."""

    template_class = _PageTemplate

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return False

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:  # noqa: A002
        # A page of text and macro calls with written values (every page the checks let through)
        # is rendered as data: its calls made with those values, no template compiled to Python
        # code, which took most of a page's rendering time. Anything else goes to the sandbox.
        parts = _data_parts(self, source) if isinstance(source, str) and not globals and not template_class else None
        if parts is None:
            return super().from_string(source, globals, template_class)
        return DataPage(self, parts)


def _data_parts(env: PageSandbox, source: str) -> list[str | calls.MacroCall] | None:
    """The page as text and calls, in order, or None where it holds anything else (a value worked
    out, a statement, a name that is no macro): that page is rendered by Jinja's sandbox. The
    values are read as the checks read them (calls.read_call)."""
    # As the checks read it, where they did and the page's tags are written the same way (Jinja
    # keeps one lexer for each way); else read here.
    kept = calls.parsed(source) if env.lexer is calls.JINJA.lexer and not env.extensions else None
    try:
        tree, blank_lines = kept or (env.parse(source), 0)
    except jinja2.TemplateSyntaxError:
        return None  # the sandbox raises it, as before
    parts = _parts(env, tree, blank_lines)
    if parts and blank_lines and isinstance(parts[0], str) and parts[0].startswith("\n" * blank_lines):
        parts[0] = parts[0][blank_lines:]  # the checks read the blank lines MkDocs leaves out
    return parts


def _parts(env: PageSandbox, tree: jinja2.nodes.Template, blank_lines: int) -> list[str | calls.MacroCall] | None:
    parts: list[str | calls.MacroCall] = []
    for output in tree.body:
        if not isinstance(output, jinja2.nodes.Output):
            return None
        for node in output.nodes:
            if isinstance(node, jinja2.nodes.TemplateData):
                parts.append(node.data)
                continue
            if not (isinstance(node, jinja2.nodes.Call) and isinstance(node.node, jinja2.nodes.Name)
                    and node.node.name in env.globals and node.dyn_args is None and node.dyn_kwargs is None):
                return None
            call = calls.read_call(node, 1 - blank_lines)  # None where a value is not written out
            if call is None:
                return None
            parts.append(call)
    return parts


class DataPage:
    """A page rendered as data (PageSandbox.from_string): what Jinja would write for it, text as
    written and each call's answer as text, with no variable of the page's context."""

    def __init__(self, env: PageSandbox, parts: list[str | calls.MacroCall]):
        self.env, self.parts = env, parts

    def render(self, *args: Any, **kwargs: Any) -> str:
        global _data_line
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            _data_line = part.line
            try:
                out.append(str(self.env.globals[part.name](*part.args, **part.kwargs)))
            finally:
                _data_line = None
        return "".join(out)


_data_line: int | None = None  # the line of the call a DataPage is making, for `where`


def sandboxed(env: jinja2.Environment, names: Any) -> PageSandbox:
    """Jinja's sandbox with `env`'s way of writing tags and its macros called `names`, nothing else."""
    box = PageSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        **{f"{part}_{end}_string": getattr(env, f"{part}_{end}_string")
           for part in ("block", "variable", "comment") for end in ("start", "end")},
    )
    box.globals = {name: env.globals[name] for name in names if name in env.globals}
    box.filters, box.tests = {}, {}
    return box


# A child of the `mkdocs` logger, so that strict mode counts what it logs.
log = logging.getLogger("mkdocs.plugins.knotwork")


def _template_line() -> int | None:
    """The line of the page's Markdown being rendered, read from Jinja's own frame."""
    frame = sys._getframe(2)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return _data_line  # a page rendered as data: the line of the call being made


def where(page: Any) -> tuple[str, int | None]:
    """The page's file as an author knows it (docs/…), and the line being rendered."""
    if page is None:
        return "a page", None
    if getattr(page, "file", None) is None:  # Zensical's page has a url but no `file`
        return f"the page at {getattr(page, 'url', '?')}", None
    path = Path(page.file.abs_src_path)
    line = _template_line()
    if line is not None and page.markdown:
        # MkDocs hands over the Markdown without the front matter: count the lines it left out.
        text = read_text(path)  # as MkDocs read it: no byte-order mark, `\n` line ends
        if text.endswith(page.markdown):
            line += text[: len(text) - len(page.markdown)].count("\n")
    return shown_path(path), line


def naming_the_page(function: Callable[..., Any], name: str, env: Any) -> Callable[..., Any]:
    """`function` as a macro whose errors name the page and line being rendered."""

    @functools.wraps(function)
    def macro(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except KnotworkError as err:
            file, line = where(getattr(env, "page", None))
            log.error("%s", Problem(file, err.message, err.fix, line))
            return Markup('<p class="mdx-macro-error"><strong>Error in <code>{}</code>:</strong> {} {}</p>').format(
                name, err.message, err.fix)

    return macro
