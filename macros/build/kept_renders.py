"""Under `mkdocs serve`, a page's macros rendered as at the rebuild before, where nothing they
read can have changed (hooks.py sets it up at each rebuild).

A save changes one page, and every rebuild renders every page's macros again: at 100 techniques
about 0.4 s of each rebuild. Here a page is answered with what its render gave at the rebuild
before when its file and the Markdown handed over are the same bytes, in the store of the
checks' kept answers (checks/kept.py), which is emptied whenever the site's key changes: the
macros' code and the components' templates and registries, mkdocs.yml, the day, every file
under docs/ that is not a page, and every page's outline (its front matter, headings, calls,
links). That is all a page's macros read besides the page itself; a routine page also shows its
steps' pages, so it is always rendered afresh, as it is always checked afresh.

A render that said anything (a warning or an error: a macro's error, a value mkdocs-macros could
not find) is not kept, so the next rebuild says it again. `mkdocs build`, `make check` and CI
keep nothing."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any


class _Said(logging.Handler):
    """Counts what is said at warning level or above while a page renders."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def render_key(source: Path, markdown: str, forced: bool) -> tuple[str, str, str]:
    """The key of a page's render: its file's bytes and the Markdown handed to the macros."""
    digest = hashlib.sha256(source.read_bytes())
    digest.update(b"\0forced\0" if forced else b"\0")
    digest.update(markdown.encode("utf-8", "surrogateescape"))
    return "rendered", str(source), digest.hexdigest()


def keep_renders(plugin: Any, store: dict[Any, Any], afresh: Callable[[Path], bool]) -> None:
    """mkdocs-macros' `plugin` rendering each page once while its key stays in `store`;
    `afresh(path)` names the pages it renders every time."""
    render = plugin.render
    said_where = logging.getLogger("mkdocs")  # every plugin's logger, Knotwork's and mkdocs-macros' included

    def kept_render(markdown: str, force_rendering: bool = False) -> str:
        file = getattr(plugin.page, "file", None)
        source = Path(file.abs_src_path) if file is not None and file.abs_src_path else None
        if source is None or afresh(source):
            return render(markdown, force_rendering)
        key = render_key(source, markdown, force_rendering)
        if key in store:
            return store[key]
        said = _Said()
        said_where.addHandler(said)
        try:
            rendered = render(markdown, force_rendering)
        finally:
            said_where.removeHandler(said)
        if not said.count:
            store[key] = rendered
        return rendered

    plugin.render = kept_render
