"""What a reader downloads, made small (the budgets are in CONTRIBUTING.md, Performance):

- Knotwork's own styles and scripts, each kept in its component's folder, served as one
  minified stylesheet and one minified script (and page-only files where only some pages
  need them);
- each page's HTML without the templates' indentation;
- Material's palette stylesheet without the colours this site does not use.

Plain functions; hooks.py calls them."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import rcssmin
import rjsmin
from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print

from macros.core import disk_cache
from macros.core.config import THEME
from macros.output.css import blocks, split_top

# In cascade order: print rules come last so they win over the components' screen rules.
PARTS = {
    "assets/knotwork.min.css": [
        "assets/knotwork.css",
        "components/callout/callout.css",
        "components/technique/technique.css",
        "components/dose/dose.css",
        "components/review/review.css",
        "components/timer/timer.css",
        "components/before/before.css",
        "components/help/help.css",
        "components/log/log.css",
        "components/print/print.css",
    ],
    # Before Material's bundle, which starts search at once: it holds search back until opened.
    "assets/knotwork-search.min.js": [
        "assets/knotwork-search.js",
    ],
    "assets/knotwork.min.js": [
        "assets/knotwork.js",
        "components/timer/timer.js",
        "components/print/print.js",
        "components/technique/technique.js",
        "components/before/before.js",
        "components/help/help.js",
        "components/log/log.js",
    ],
    # Only the pages that show a chooser link it (overrides/main.html): the technique pages,
    # which a reader most often opens first, do not carry its rules.
    "components/chooser/chooser.min.css": [
        "components/chooser/chooser.css",
    ],
    # Likewise the routine pages and the home page's list of routines, with the session
    # player's own styles (a single timer's are in knotwork.min.css).
    "components/routine/routine.min.css": [
        "components/routine/routine.css",
        "components/timer/player.css",
    ],
    # The session player's steps, Back and "Next:" (timer.js plays it as it plays any timer):
    # only the pages that show a player link it, where it runs before their first document$.
    "components/timer/player.min.js": [
        "components/timer/player.js",
    ],
    # Make your own session: its page only (the player's come with the player's).
    "components/builder/builder.min.css": [
        "components/builder/builder.css",
    ],
    "components/builder/builder.min.js": [
        "components/builder/builder.js",
    ],
    # The log's advice: loaded by log.js only for a reader who has a log.
    "components/log/advice.min.js": [
        "components/log/advice.js",
    ],
    # "Your log": its list and tools, its page only (the log itself is in knotwork.min.js).
    "components/log/log-page.min.css": [
        "components/log/log-page.css",
    ],
    "components/log/log-page.min.js": [
        "components/log/log-page.js",
    ],
    # Likewise the Safety page's "Shown on" lists.
    "components/callout/used-by.min.css": [
        "components/callout/used-by.css",
    ],
}


def bundle(name: str, theme: Path = THEME) -> str:
    """The minified text of bundle `name` (a key of PARTS)."""
    texts = [(theme / part).read_text(encoding="utf-8") for part in PARTS[name]]
    if name.endswith(".css"):
        return "\n".join(rcssmin.cssmin(text) for text in texts)
    # Each script is a statement list of its own: a semicolon keeps them apart.
    return ";\n".join(script(text) for text in texts)


def script(source: str) -> str:
    """A script made small: without spaces and comments, and its local names shortened (a
    tenth less, gzipped, than spaces and comments alone), so the source can name things for a
    reader. Top-level names stay: pages and the tests read them (`window.mdxTimers`, the
    worker's `VERSION`), and so do strings, which the build writes into (`"@LOG_RULES@"`).
    Shortening reads the script as ES5 (calmjs.parse) and takes over a second for all of them:
    kept between builds (core/disk_cache.py). A script it cannot read loses only its spaces."""
    return disk_cache.text("scripts", (source, _SHORTENER, disk_cache.fingerprint(__file__)),
                           lambda: _shortened(source), lambda kept: bool(kept.strip()) or not source.strip())


_SHORTENER = f"calmjs.parse {version('calmjs.parse')}, ply {version('ply')}"


def _shortened(source: str) -> str:
    try:
        return minify_print(es5(source), obfuscate=True, obfuscate_globals=False)
    except SyntaxError:  # calmjs.parse's errors are SyntaxErrors: later syntax (=>, let, class…)
        return rjsmin.jsmin(source)


# Where the browser shows whitespace as written (Material styles code and kbd as pre-wrap)
# or where it is not HTML at all: left exactly as it is.
KEEP = re.compile(r"(<(pre|textarea|code|kbd|script|style)\b.*?</\2\s*>)", re.S | re.I)
_BREAK = re.compile(r"[ \t]*\n\s*")


def squeeze(html: str) -> str:
    """A page's HTML with each run of whitespace that holds a line break cut to one line
    break: the templates' indentation and blank lines, about 15 % of a page's HTML and 0.7 KB
    of it gzipped. Outside the kept elements a browser shows any run of whitespace as one
    space, so the page looks and reads the same. (A regular expression, not an HTML parser:
    it takes under a millisecond a page.)"""
    parts = KEEP.split(html)
    # split() gives text, kept element, its tag name, text, …: squeeze the text only.
    return "".join(_BREAK.sub("\n", part) if i % 3 == 0 else part
                   for i, part in enumerate(parts) if i % 3 != 2)


# --- Material's palette stylesheet, cut to the colours this site uses ----------------------
# Material ships the rules of all its 20-odd primary and accent colours in one file that every
# page loads (2.1 KB gzipped); a site uses one or two of them. The rules of the others can
# never apply, as the colour attributes on <body> only ever take the configured values.
_COLOUR = re.compile(r"\[data-md-color-(?:primary|accent)=[\"']?([a-z-]+)[\"']?\]")


def palette_colours(palette: list[dict] | dict | None) -> set[str]:
    """The colour names theme.palette in mkdocs.yml uses, as Material writes them into the
    page (Material's default is indigo)."""
    entries = palette if isinstance(palette, list) else [palette or {}]
    return {str(entry.get(key) or "indigo").lower().replace(" ", "-")
            for entry in entries for key in ("primary", "accent")}


def trim_palette(css: str, colours: set[str]) -> str:
    """Minified CSS without the selectors of colours not in `colours`; a rule left with no
    selector goes, and so does an at-rule left empty. Everything else is kept as it is."""
    out = []
    for prelude, body in blocks(css):
        if body is None:
            out.append(prelude)
        elif prelude.lstrip().startswith("@"):
            inner = trim_palette(body, colours) if "{" in body else body
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
        else:
            selectors = [s for s in split_top(prelude, ",") if set(_COLOUR.findall(s)) <= colours]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)
