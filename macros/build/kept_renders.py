"""Under `mkdocs serve`, a page's macros rendered, and the page framed and finished by the hooks
(a technique's header, sources and review line; Before you start and the way to the first
timer), as at the rebuild before, where nothing they read can have changed (hooks.py sets it up
at each rebuild).

A save changes one page, and every rebuild made every page again: at 100 techniques about 1 s
of each rebuild. Here a page is answered with what was made of it at the rebuild before when its
file and the Markdown or HTML handed over are the same bytes, from the store of the checks' kept
answers (checks/kept.py), which is emptied whenever the site's key changes: the macros' code and
the components' templates and registries, mkdocs.yml, the day, every file under docs/ that is
not a page, and every page's outline (its front matter, headings, calls, links). That is all
they read besides the page itself; a routine page also shows its steps' pages, so it is always
made afresh, as it is always checked afresh.

What said anything (a warning or an error: a macro's error, a value mkdocs-macros could not
find) is not kept, so the next rebuild says it again. `mkdocs build`, `make check` and CI keep
nothing."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any


class _Said(logging.Handler):
    """Counts what is said at warning level or above while a page is made."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def made_key(kind: str, source: Path, text: str) -> tuple[str, str, str, str]:
    """The key of what `kind` made of a page: its file's bytes and the Markdown or HTML handed over."""
    return (kind, str(source), hashlib.sha256(source.read_bytes()).hexdigest(),
            hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest())


def answered(store: dict[Any, Any], key: tuple[str, str, str, str], make: Callable[[], Any]) -> Any:
    """What `make()` gave for `key` at the rebuild before, else `make()`, kept unless it said a
    warning or an error: on MkDocs' logger (every plugin's is a child of it) or any other."""
    if key in store:
        return store[key]
    said, listening = _Said(), (logging.getLogger("mkdocs"), logging.getLogger())
    for logger in listening:
        logger.addHandler(said)
    try:
        answer = make()
    finally:
        for logger in listening:
            logger.removeHandler(said)
    if not said.count:
        # What an earlier version of the page made goes: a long session of saves would otherwise
        # keep every version of every page it touched. (A page's title and body, rendered apart,
        # are of one version.)
        for earlier in [k for k in store if isinstance(k, tuple) and k[:2] == key[:2] and k[2:3] != key[2:3]]:
            del store[earlier]
        store[key] = answer
    return answer


def keep_renders(plugin: Any, store: dict[Any, Any], afresh: Callable[[Path], bool]) -> None:
    """mkdocs-macros' `plugin` rendering each page once while its key stays in `store`;
    `afresh(path)` names the pages it renders every time."""
    render = plugin.render

    def kept_render(markdown: str, force_rendering: bool = False) -> str:
        file = getattr(plugin.page, "file", None)
        source = Path(file.abs_src_path) if file is not None and file.abs_src_path else None
        if source is None or afresh(source):
            return render(markdown, force_rendering)
        key = made_key("rendered, forced" if force_rendering else "rendered", source, markdown)
        return answered(store, key, lambda: render(markdown, force_rendering))

    plugin.render = kept_render
