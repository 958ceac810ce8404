"""Every macro a page may call, for mkdocs-macros. `define_env` is glue only: every macro is a
plain function (components/, pages/guide.py) that can be called and tested without MkDocs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from macros.components import builder, callout, chooser, dose, log, routine, timer
from macros.pages import guide, rendering


def same_answer(function: Callable[..., Any]) -> Callable[..., Any]:
    """A macro whose HTML depends on its values only, rendered once per build for each set of
    values: the same callout on 2000 pages, checked and then rendered, is made once."""
    cached = functools.lru_cache(maxsize=None)(function)

    @functools.wraps(function)
    def macro(*args: Any, **kwargs: Any) -> Any:
        try:
            hash((args, tuple(kwargs.items())))
        except TypeError:  # a list or dict among the values: no caching
            return function(*args, **kwargs)
        return cached(*args, **kwargs)

    return macro


# The macros that read the whole site (the choosers, the builder, the Safety page's list) take
# longer the more pages there are. In a build the checks call each once to try it, and its page
# then calls it again: the hooks keep the first answer for the second (`one_build`). A new build
# imports this module afresh, so an answer never outlives its build; elsewhere nothing is kept.
_answers: dict[tuple[Any, ...], Any] | None = None


def one_build() -> None:
    """Keep the whole-site macros' answers until this module is imported again (hooks.py)."""
    global _answers
    _answers = {}


def whole_site(name: str, function: Callable[..., Any], base: Callable[[], str]) -> Callable[..., Any]:
    """`function` (a macro that reads the whole site), made once a build for each page depth and
    set of values, where the hooks asked for it."""

    @functools.wraps(function)
    def macro(*args: Any, **kwargs: Any) -> Any:
        try:
            key = (name, base(), args, tuple(sorted(kwargs.items())))
            hash(key)
        except TypeError:  # a list or dict among the values
            key = None
        if _answers is None or key is None:
            return function(*args, **kwargs)
        if key not in _answers:
            _answers[key] = function(*args, **kwargs)
        return _answers[key]

    return macro


def macro_table(settings: dict[str, Any], docs_dir: Path, base: Callable[[], str] = str,
                markdown: Callable[[], str] = str) -> dict[str, Any]:
    """Every macro a page may call, by name, bound to the site's settings.

    `base()` gives the way from the page being rendered back to the site root, and `markdown()`
    the page's Markdown (its timers say its "### Get up" steps when they end).
    """
    timer_on_page = same_answer(timer.timer_on_page)
    table = {
        "callout": same_answer(partial(callout.callout, settings=settings)),
        "timer": functools.wraps(timer.timer)(
            lambda *args, **kwargs: timer_on_page(routine.get_up_words(markdown()), *args, **kwargs)),
        "dose": same_answer(dose.dose),
        "technique_chooser": lambda: chooser.chooser(docs_dir, base()),
        "routine_chooser": lambda: routine.chooser(docs_dir, base()),
        "session_builder": lambda: builder.builder(docs_dir, settings, base()),
        "session_log": log.session_log,
        "safety_callouts": lambda level=None: callout.all_callouts(
            settings, chooser.callout_users(docs_dir, base()), level
        ),
    }
    # The contributor guide and its tables, made from the component specs (guide.py); the table
    # of macros is made from this table.
    table["contributing_guide"] = lambda: guide.contributing_guide(settings, table, docs_dir.parent / "CONTRIBUTING.md")
    table["docs_table"] = lambda name: guide.docs_table(name, settings, table)
    for name in WHOLE_SITE:
        table[name] = whole_site(name, table[name], base)
    return table


WHOLE_SITE = ("technique_chooser", "routine_chooser", "session_builder", "safety_callouts", "contributing_guide",
              "docs_table")


def define_env(env: Any) -> None:
    def base() -> str:
        page = getattr(env, "page", None)
        return "../" * page.url.count("/") if page else ""

    def markdown() -> str:
        page = getattr(env, "page", None)
        return (page.markdown or "") if page else ""

    settings = env.conf["extra"].get("knotwork", {})
    for name, function in macro_table(settings, Path(env.conf["docs_dir"]), base, markdown).items():
        # An error at render time (a computed value) names the page and line, like the checks.
        env.macro(rendering.naming_the_page(function, name, env), name)
