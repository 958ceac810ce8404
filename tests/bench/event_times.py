"""Run `mkdocs build` and report the seconds each plugin (and Knotwork's hooks) spends in each
event, as JSON on the last line of stdout. Used by bench.py; MkDocs itself is unchanged, only
timed: each event handler is called as MkDocs would call it.

    python tests/bench/event_times.py build --strict -d site
"""

from __future__ import annotations

import atexit
import collections
import json
import sys
import time
from pathlib import Path

from mkdocs.plugins import PluginCollection

TIMES: collections.Counter = collections.Counter()


def run_event(self, name, item=None, **kwargs):  # the body of MkDocs' own run_event, timed
    pass_item = item is not None
    for method in self.events[name]:
        self._current_plugin = self._event_origins.get(method, "<unknown>")
        start = time.perf_counter()
        result = method(item, **kwargs) if pass_item else method(**kwargs)
        TIMES[f"{self._current_plugin} {name}"] += time.perf_counter() - start
        if result is not None:
            item = result
    self._current_plugin = None
    return item


def plugins(config_file: Path) -> list[str]:
    """The names of the plugins mkdocs.yml lists (read as bench.py reads it)."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8") as config:
        listed = (yaml_load(config) or {}).get("plugins") or []
    return [p if isinstance(p, str) else next(iter(p)) for p in listed]


def main() -> None:
    import mkdocs.__main__  # noqa: F401  what MkDocs loads before any plugin, not counted
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config.defaults  # noqa: F401

    if "macros" in plugins(Path("mkdocs.yml")):
        start = time.perf_counter()
        import mkdocs_macros.plugin  # noqa: F401  (loaded here to time it; MkDocs would load it anyway)

        TIMES["mkdocs-macros import"] = time.perf_counter() - start
    PluginCollection.run_event = run_event
    atexit.register(lambda: print(json.dumps(dict(TIMES))))
    from mkdocs.__main__ import cli

    sys.argv = ["mkdocs", *sys.argv[1:]]
    cli()


if __name__ == "__main__":
    main()
