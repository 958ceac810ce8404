"""Benchmark: the timer's script and styles, minified and gzipped, against the budget; and the
session player's, which only the pages that show a player load.

Prints figures; it is not a test. Run: .venv/bin/python tests/bench/timer_size.py
Another benchmark can import `timer_sizes()`.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import rcssmin

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]  # run as a script: the project's modules, as the build reads them
from macros.output.bundle import script  # noqa: E402  (after the path above)

TIMER = ROOT / "overrides" / "components" / "timer"
BUDGET = {"timer.js": 4096, "timer.css": 1536}  # bytes, minified and gzipped
# On routine pages only (overrides/main.html links them), so no technique page pays for them.
PLAYER = ("player.js", "player.css")


def gzipped(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def timer_sizes() -> dict[str, dict[str, int]]:
    """Bytes of each file: as written, minified, and minified + gzipped, with the budget."""
    sizes = {}
    for name in (*BUDGET, *PLAYER):
        source = (TIMER / name).read_text(encoding="utf-8")
        small = (script if name.endswith(".js") else rcssmin.cssmin)(source)
        sizes[name] = {"source": len(source.encode()), "minified": len(small.encode()), "gzipped": gzipped(small),
                       "budget": BUDGET.get(name)}
    return sizes


def main() -> None:
    for name, size in timer_sizes().items():
        print(f"{name:10} {size['source']:6} B source, {size['minified']:6} B minified, "
              f"{size['gzipped']:5} B minified+gzip ({verdict(size)})")


def verdict(size: dict[str, int]) -> str:
    if size["budget"] is None:
        return "routine pages only"
    return f"{'within' if size['gzipped'] <= size['budget'] else 'OVER'} the {size['budget']} B budget"


if __name__ == "__main__":
    main()
