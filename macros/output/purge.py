"""Material's stylesheet cut to what this site uses, at the end of the build (hooks.py).

Material ships one stylesheet for every feature it has (content tabs, code annotations,
keyboard keys, a dozen admonition types with their icons, Mermaid, social cards…): about
23 KB gzipped, the largest file of a first visit. This keeps a rule only if a page of this
build, or a script of it, can use it:

- a selector goes when a class it needs (outside `:not()` and the other functional
  pseudo-classes, which can match without it) is on no page of the build and named in no
  script (Material's and ours add classes as they run, and build a few from a prefix such as
  `md-tag--${…}`: any class with such a prefix stays); a rule goes when all its selectors do;
- a few of Material's features are made by its script only where a page asks for them (GATES):
  their classes and custom properties stay only where a page has the marker, though the
  script names them all;
- a rule for right-to-left text (`[dir=rtl]`) stays only where a page writes that direction
  or a script sets one;
- then a custom property (`--md-admonition-icon--bug: url(…)`) that nothing reads any more
  (this stylesheet, the others, the pages, the scripts) goes, and so do `@keyframes` nothing names.

Nothing else is touched, so what stays cascades as before. A new page or component that uses
more of Material gets it at the next build. Plain functions; hooks.py calls them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from macros.core import disk_cache
from macros.output import css as css_module
from macros.output.css import blocks, split_top, string_end

# `class` first, then its word boundary looked back at: a pattern that starts with a word is
# searched for as a word, twice as fast as trying a boundary at every place of 25 MB of pages.
CLASS_ATTRIBUTE = re.compile(r'class(?<=\bclass)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s>]+))', re.I)
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
PREFIX = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\$\{")  # a class built as `md-tag--${name}`
SELECTOR_CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
FUNCTIONAL = re.compile(r"::?[A-Za-z-]+\(")
ATTRIBUTE_NAME = re.compile(r"\s*([A-Za-z_:][A-Za-z0-9_:.-]*)?")
# The writing direction: Material's stylesheet has some 70 rules for `[dir=rtl]` alone, and its
# script only reads the attribute. A selector on one of its values needs a page that writes that
# value (`dir="rtl"` on any element), or a script that sets it.
DIRECTION = re.compile(r"""(?<![\w:-])\s*dir\s*=\s*["']?\s*([A-Za-z]*)""", re.I)
DIRECTION_WRITTEN = re.compile(r"""setAttribute\(\s*["']dir["']|\.dir\s*=(?!=)""")
ELEMENT = re.compile(r"(?<![\w.#:-])([A-Za-z][A-Za-z0-9-]*)")
TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)[^>]*>")  # a start tag's element name
TAG_ATTRIBUTES = re.compile(r"<[A-Za-z][A-Za-z0-9-]*([^>]*)>")  # and what follows it
ATTRIBUTE = re.compile(r"\s([A-Za-z_:][A-Za-z0-9_:.-]*)(?==|\s|/|$)")
CUSTOM = re.compile(r"--[A-Za-z0-9_-]+")


def _required(selector: str) -> set[str]:
    """What must be on a page for `selector` to match: its classes, element names and
    attribute names outside functional pseudo-classes (`:not(.x)` matches without .x)."""
    plain, attributes, depth, i = [], [], 0, 0
    while i < len(selector):
        c = selector[i]
        if c in "\"'":
            i = string_end(selector, i)
            continue
        match = FUNCTIONAL.match(selector, i) if depth == 0 and c == ":" else None
        if match:
            depth, i = 1, match.end()
            continue
        if c == "[" and depth == 0:
            depth = -1
            attributes.append((ATTRIBUTE_NAME.match(selector, i + 1)[1] or "").lower())
            direction = DIRECTION.match(selector, i + 1)
            if direction and direction[1]:
                attributes.append("dir=" + direction[1].lower())
        elif depth == -1 and c == "]":
            depth = 0
        elif depth > 0 and c == "(":
            depth += 1
        elif depth > 0 and c == ")":
            depth -= 1
        elif depth == 0:
            plain.append(c)
        i += 1
    plain = "".join(plain)
    # An element name: a word at the start of a compound selector (not after . # : or -).
    elements = {name.lower() for name in ELEMENT.findall(plain)}
    return set(SELECTOR_CLASS.findall(plain)) | {"<" + e for e in elements} | {"@" + a for a in attributes if a}


# Material 9.8 features its script builds only where a page has a marker class: the classes
# it names for them are not a sign of use. (name prefix: marker class on a page)
GATES = {
    "tabbed-": "tabbed-set",          # content tabs (pymdownx.tabbed)
    "md-annotation": "annotate",      # code and list annotations
    "--md-mermaid": "mermaid",        # diagrams: their colours
    "mermaid": "mermaid",             # and their box
    "md-source": "md-source",         # the repository box (repo_url)
    "md-version": "md-version",       # the version selector (extra.version: see used_by_site)
}


class Used:
    """What a build can use: the classes on its pages, the words and class prefixes of its
    scripts."""

    def __init__(self, pages: Iterable[str], scripts: Iterable[str], markers: Iterable[str] = (),
                 sheets: Iterable[str] = ()):
        self.names: set[str] = set()
        self.prefixes: set[str] = set()
        on_pages: set[str] = set(markers)
        # Each class attribute, element and attribute list once, however many pages repeat it
        # (the menu and header are on every page).
        classes: set[tuple[str, str, str]] = set()
        elements: set[str] = set()
        attributes: set[str] = set()
        for html in pages:
            classes.update(CLASS_ATTRIBUTE.findall(html))
            self.names.update(CUSTOM.findall(html))
            elements.update(TAG_NAME.findall(html))
            attributes.update(TAG_ATTRIBUTES.findall(html))
        for value in classes:
            on_pages.update((value[0] or value[1] or value[2] or "").split())
        self.names.update("<" + name.lower() for name in elements)
        for written in attributes:
            self.names.update("@" + a.lower() for a in ATTRIBUTE.findall(written))
            self.names.update("@dir=" + d.lower() for d in DIRECTION.findall(" " + written))
        # Elements a browser adds or a selector names that no page writes.
        self.names.update(("<html", "<body", "<head", "<tbody", "<svg"))
        for script in scripts:
            words = set(WORD.findall(script))
            self.names.update(words)
            self.names.update("<" + w.lower() for w in words)
            self.names.update("@" + w.lower() for w in words)
            self.names.update(CUSTOM.findall(script))
            self.prefixes.update(PREFIX.findall(script))
            if DIRECTION_WRITTEN.search(script):
                self.prefixes.add("@dir=")
        for sheet in sheets:  # other stylesheets read custom properties too (--md-hue, say)
            self.names.update(CUSTOM.findall(sheet))
        self.names |= on_pages
        self.off = tuple(prefix for prefix, marker in GATES.items() if marker not in on_pages)

    def fingerprint(self) -> str:
        """All that `has` reads, written out in order: the same text for the same answers."""
        return "\n".join([*sorted(self.names), "", *sorted(self.prefixes), "", *self.off])

    def has(self, name: str) -> bool:
        if name.lstrip("<@").startswith(self.off):
            return False
        return name in self.names or any(name.startswith(prefix) for prefix in self.prefixes)

    def selector(self, selector: str) -> bool:
        return all(self.has(name) for name in _required(selector))


def _rules(css: str, used: Used) -> str:
    """`css` without the selectors and rules nothing can match."""
    out = []
    for prelude, body in blocks(css):
        if body is None:
            out.append(prelude)
            continue
        head = prelude.strip()
        if head.startswith(("@media", "@supports", "@container", "@layer")):
            inner = _rules(body, used)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif head.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            kept = [s for s in split_top(prelude, ",") if used.selector(s)]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)


def _declarations(css: str, drop) -> str:
    """`css` with each declaration for which `drop(property)` is true taken out of its rule."""
    out = []
    for prelude, body in blocks(css):
        if body is None:
            out.append(prelude)
        elif prelude.strip().startswith(("@media", "@supports", "@container", "@layer")):
            inner = _declarations(body, drop)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.strip().startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            kept = [d for d in split_top(body, ";") if d.strip() and not drop(d.split(":", 1)[0].strip())]
            if kept:
                out.append(f"{prelude}{{{';'.join(kept)}}}")
    return "".join(out)


def _keyframes(css: str, names: set[str]) -> str:
    out = []
    for prelude, body in blocks(css):
        head = prelude.strip()
        if body is None:
            out.append(prelude)
        elif head.startswith("@keyframes") and head.split()[-1] not in names:
            continue
        elif head.startswith(("@media", "@supports")):
            inner = _keyframes(body, names)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        else:
            out.append(f"{prelude}{{{body}}}")
    return "".join(out)


def purge(css: str, used: Used) -> str:
    """`css` cut to what `used` can match, and the custom properties and animations it reads."""
    css = _rules(css, used)
    # A property a script names is read, unless it belongs to a gated feature no page has (the
    # script names the diagrams' colours whether a page draws a diagram or not).
    named = {n for n in used.names if n.startswith("--") and used.has(n)}
    for _ in range(3):  # a property may be read only by another that goes
        read = set(re.findall(r"var\(\s*(--[A-Za-z0-9_-]+)", css)) | named
        smaller = _declarations(css, lambda prop, read=read: prop.startswith("--") and prop not in read)
        if smaller == css:
            break
        css = smaller
    bodies = " ".join(body or "" for _, body in blocks(css))
    animations = set(WORD.findall(" ".join(re.findall(r"animation(?:-name)?\s*:([^;}]*)", bodies + css))))
    return _keyframes(css, animations)


def used_by_site(site: Path, versioned: bool = False) -> Used:
    """What the pages and scripts of the built `site` use; `versioned`: the site has Material's
    version selector (extra.version in mkdocs.yml)."""
    pages = (p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    scripts = (p.read_text(encoding="utf-8") for p in site.rglob("*.js")
               if "lunr" not in p.parts and not p.name.endswith(".map"))
    sheets = (p.read_text(encoding="utf-8") for p in site.rglob("*.css") if not p.name.startswith("main."))
    return Used(pages, scripts, ["md-version"] if versioned else [], sheets)


def write(site: Path, versioned: bool = False) -> list[tuple[str, int, int]]:
    """Purge Material's main stylesheet in the built `site`; (file, bytes before, after). The
    cut is kept between builds (core/disk_cache.py), named by the stylesheet, what the site
    uses and this code: a page that uses one more class makes a new cut."""
    used = used_by_site(site, versioned)
    done = []
    for sheet in (site / "assets" / "stylesheets").glob("main.*.min.css"):
        before = sheet.read_text(encoding="utf-8")
        made_from = (before, used.fingerprint(), disk_cache.fingerprint(__file__),
                     disk_cache.fingerprint(css_module.__file__))
        after = disk_cache.text("purge", made_from, lambda before=before: purge(before, used), lambda kept: "{" in kept)
        sheet.write_text(after, encoding="utf-8")
        done.append((sheet.name, len(before.encode()), len(after.encode())))
    return done
