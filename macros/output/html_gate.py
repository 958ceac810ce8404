"""What the build wrote is checked, not only what the source looks like: each page's HTML is read
with a real HTML parser (Lexbor, through selectolax: it reads comments, slashes and entities as
browsers do), and every element, attribute and address in it must be one the site itself writes.

- A page's content (what its Markdown and macros made) may hold the elements, attributes and
  classes of the components' templates (overrides/components/**/*.html, read here, so a new
  component needs no edit) and what Markdown and the extensions of mkdocs.yml write (MARKDOWN
  below); links may lead to other sites, but anything that loads comes from the site itself.
- The rest of the page (the theme's menu, header and head, where front matter can reach) may
  hold what the theme's templates hold (Material's and overrides/), no event handler, and load
  nothing from another host.
- Every callout a page's source calls (as the checks read it) is in its HTML.

The list of what is allowed is made in this one module. Plain functions; hooks.py calls them."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pygments.token import STANDARD_TYPES
from selectolax.lexbor import LexborHTMLParser

from macros.core.calls import MacroCall
from macros.core.config import COMPONENTS
from macros.core.errors import Problem

# What Markdown and the extensions in mkdocs.yml write (tables, toc, admonition, details,
# superfences, abbr, attr_list ids, the tags plugin's lists), which no template shows.
MARKDOWN: dict[str, set[str]] = {
    **{f"h{n}": set() for n in range(1, 7)},
    **{name: set() for name in ("p", "br", "hr", "em", "strong", "b", "i", "blockquote", "ul", "li", "dl", "dt",
                                "dd", "table", "thead", "tbody", "tr", "summary", "sup", "sub", "nav", "section",
                                "figure", "figcaption")},
    "a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height", "loading"}, "ol": {"start"},
    "code": set(), "pre": set(), "span": set(), "div": set(), "abbr": {"title"}, "details": {"open"},
    "th": {"style", "align"}, "td": {"style", "align"},
}
# What the hooks and Python write besides the templates: the sections search leaves out
# (build/hooks.py), and the printed QR code (segno, in components/print.py).
MARKDOWN.update({f"h{n}": {"data-search-exclude"} for n in range(2, 7)})
MARKDOWN.update({"svg": {"viewbox", "aria-hidden", "focusable"}, "path": {"d", "fill", "stroke"}})
PYTHON_CLASSES = {"mdx-print-qr__code"}
# Material's icons, drawn into the menu and header from its .icons/ folder.
THEME_ICONS: dict[str, set[str]] = {"svg": {"xmlns", "viewbox"}, "path": {"d"}}
EVERY_ELEMENT = {"id", "class"}  # an id from a heading or attr_list; classes are checked one by one
MARKDOWN_CLASSES = {
    "admonition", "admonition-title", "headerlink", "highlight", "toclink", "md-tag", "md-tags", "md-tag-icon",
    # The admonition kinds (as CONTRIBUTING.md lists them, and Material's own).
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done",
    "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error",
    "bug", "example", "quote", "cite",
    *(cls for cls in STANDARD_TYPES.values() if cls),
}
MARKDOWN_CLASS_PREFIXES = ("language-",)
# A table cell's alignment is the one style Markdown writes.
_CELL_STYLE = re.compile(r"\s*text-align:\s*(left|right|center)\s*;?\s*")
# Attributes whose value is an address.
_ADDRESS = {"href", "src", "xlink:href", "action", "formaction", "poster", "data", "cite", "background",
            "longdesc", "ping", "manifest", "srcset", "imagesrcset", "icon", "codebase", "usemap"}
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.I)
# A link may lead to another site, or call a number (the callouts' phone links).
_LINK_SCHEMES = {"http", "https", "tel"}
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_WILD = "jinjavalue"  # what a value written by the template looks like once its Jinja is blanked
_COMMENT = re.compile(r"<!--.*?-->", re.S)  # what the browser shows no one


@dataclass
class Allowed:
    """Elements and their attributes, class names and class-name beginnings a part of a page may hold."""

    elements: dict[str, set[str]] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)
    class_prefixes: set[str] = field(default_factory=set)
    # What check_html found of each element (tag and attributes as written), by site and classes:
    # most of a page's elements (its menu, header, timers) are on every page, so each is judged once.
    answers: dict[tuple, dict[tuple, tuple[str, ...]]] = field(default_factory=dict, compare=False, repr=False)

    def add(self, other: Allowed) -> Allowed:
        self.answers.clear()
        for name, attributes in other.elements.items():
            self.elements.setdefault(name, set()).update(attributes)
        self.classes |= other.classes
        self.class_prefixes |= other.class_prefixes
        return self

    def class_allowed(self, name: str) -> bool:
        return name in self.classes or name.startswith(tuple(self.class_prefixes))


def from_templates(files: Iterable[Path]) -> Allowed:
    """The elements, attributes and classes the templates `files` write."""
    found = Allowed()
    for path in files:
        text = _JINJA.sub(lambda m: _WILD if m.group().startswith("{{") else " ", path.read_text(encoding="utf-8"))
        tree = LexborHTMLParser(text)
        for node in _elements(tree):
            found.elements.setdefault(node.tag.lower(), set()).update(
                a.lower() for a in node.attributes if _WILD not in a.lower())
            for name in (node.attributes.get("class") or "").split():
                if _WILD in name:
                    found.class_prefixes.add(name.split(_WILD)[0]) if name.split(_WILD)[0] else None
                else:
                    found.classes.add(name)
    return found


@functools.cache
def content_allowed() -> Allowed:
    """What a page's content may hold: the components' templates and Markdown's own output."""
    markdown = Allowed({k: set(v) for k, v in MARKDOWN.items()}, MARKDOWN_CLASSES | PYTHON_CLASSES,
                       set(MARKDOWN_CLASS_PREFIXES))
    return from_templates(sorted(COMPONENTS.rglob("*.html"))).add(markdown)


@functools.cache
def chrome_allowed(theme_dirs: tuple[str, ...]) -> Allowed:
    """What the rest of a page may hold: every template of the theme (its folders `theme_dirs`,
    Material's and overrides/), and whatever a page's content may."""
    files = sorted(p for d in theme_dirs for p in Path(d).rglob("*.html"))
    icons = Allowed({k: set(v) for k, v in THEME_ICONS.items()})
    return from_templates(files).add(content_allowed()).add(icons)


def _elements(tree: LexborHTMLParser):
    root = tree.root
    return [] if root is None else [n for n in root.traverse(include_text=False) if not n.tag.startswith(("-", "_"))]


def _start_tag(tag: str, attributes: Iterable[tuple[str, str | None]]) -> str:
    """The element's start tag as the page has it, cut when long."""
    written = "".join(f" {k}" if v is None else f' {k}="{v}"' for k, v in attributes)
    text = f"<{tag}{written}>"
    return text if len(text) <= 90 else text[:89] + "…"


def _address_problem(element: str, attribute: str, value: str, links_out: bool, site: str | None) -> str | None:
    """What is wrong with an address, as a browser reads it (tabs and line breaks dropped, spaces
    and control characters at the ends ignored, a backslash read as a slash), or None."""
    address = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10"
                                                    "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    scheme = _SCHEME.match(address)
    if site and address.startswith(site):
        return None  # the site's own address (a canonical link, the manifest)
    if scheme:
        if links_out and element == "a" and attribute == "href" and scheme.group(1).lower() in _LINK_SCHEMES:
            return None
        return f"an address starting `{scheme.group(1)}:`, which the site never writes there"
    if address.replace("\\", "/").startswith("//"):
        return "an address on another host"
    return None


def check_html(html: str, allowed: Allowed, site: str | None = None, classes: bool = True) -> list[str]:
    """Each element of `html` that is not allowed, with why and the element as the page has it."""
    found: list[str] = []
    answers = allowed.answers.setdefault((site, classes), {})
    for node in _elements(LexborHTMLParser(html)):
        element = (node.tag, tuple(node.attributes.items()))
        said = answers.get(element)
        if said is None:
            said = answers[element] = tuple(_element_problems(*element, allowed, site, classes))
        found.extend(said)
    return found


def _element_problems(tag: str, attributes: tuple[tuple[str, str | None], ...], allowed: Allowed,
                      site: str | None, classes: bool) -> list[str]:
    """What is wrong with one element, its tag and attributes as the page has them."""
    name_of = tag.lower()
    if name_of in ("html", "head", "body") and name_of not in allowed.elements:
        return []  # the parser's own frame around a part of a page
    shown_as = _start_tag(tag, attributes)
    if name_of not in allowed.elements:
        return [f"`{shown_as}`: the site writes no `<{name_of}>` element there"]
    found = []
    for attribute, value in attributes:
        name = attribute.lower()
        if name.startswith("on"):
            found.append(f"`{shown_as}`: `{attribute}` is an event handler, which runs code")
        elif name not in allowed.elements[name_of] and name not in EVERY_ELEMENT:
            found.append(f"`{shown_as}`: the site writes no `{attribute}` attribute on `<{name_of}>`")
        elif name == "class" and classes:
            odd = [c for c in (value or "").split() if not allowed.class_allowed(c)]
            if odd:
                found.append(f"`{shown_as}`: the site has no class `{odd[0]}`")
        elif name == "style" and not _CELL_STYLE.fullmatch(value or ""):
            found.append(f"`{shown_as}`: a style the site never writes")
        elif name in _ADDRESS and value is not None:
            why = _address_problem(name_of, name, value, True, site)
            if why:
                found.append(f"`{shown_as}`: {why}")
    return found


def page_problems(rel: str, content: str, rest: str, theme_dirs: tuple[str, ...], calls: list[MacroCall],
                  site: str | None = None) -> list[Problem]:
    """Every problem of one built page: its content (`content`), the rest of it (`rest`), and the
    callouts its source calls (`calls`) that its HTML lacks. `rel` names the page's source."""
    fix = ("write Markdown and call the macros; if a component of the site writes this, its template is "
           "in overrides/components/ (the allowed HTML is read from there, macros/output/html_gate.py).")
    problems = [Problem(rel, f"the built page has {what}.", fix) for what in check_html(content, content_allowed())]
    rest_allowed = chrome_allowed(theme_dirs)
    problems += [Problem(rel, f"the built page's menu or head has {what}.", "check the front matter: every key "
                         "reaches the page's menu or head.") for what in check_html(rest, rest_allowed, site, False)]
    shown = _COMMENT.sub("", content) if "<!--" in content else content  # what is in a comment is not shown
    for call in calls:
        if call.name == "callout" and f'data-mdx-callout="{call.id}"' not in shown:
            problems.append(Problem(rel, f'the callout `{call.id}` is called on this line, but the built page does '
                                    "not show it.", "call it as {{ callout(\"…\") }} on a line of its own, and "
                                    "nothing else in Jinja.", call.line))
    return problems
