"""Knotwork's macros for mkdocs-macros. `define_env` is glue only: every macro is a plain
function in this package that can be called and tested without MkDocs."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from . import callout, chooser, timer


def macro_table(settings: dict[str, Any], docs_dir: Path, base: Callable[[], str] = str) -> dict[str, Any]:
    """Every macro a page may call, by name, bound to the site's settings.

    `base()` gives the way from the page being rendered back to the site root.
    """
    return {
        "callout": partial(callout.callout, settings=settings),
        "timer": timer.timer,
        "technique_chooser": lambda: chooser.chooser(docs_dir, base()),
        "safety_callouts": lambda level=None: callout.all_callouts(
            settings, chooser.callout_users(docs_dir, base()), level
        ),
    }


def define_env(env: Any) -> None:
    def base() -> str:
        page = getattr(env, "page", None)
        return "../" * page.url.count("/") if page else ""

    settings = env.conf["extra"].get("knotwork", {})
    for name, function in macro_table(settings, Path(env.conf["docs_dir"]), base).items():
        env.macro(function, name)
