"""Links and images to files of the site: each must exist, and so must its `#anchor`; a link
written as a title or a web address of the site is told the page's .md file."""

from __future__ import annotations

import difflib
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from macros.checks import anchors
from macros.components import routine
from macros.components.technique import start
from macros.core.errors import Problem, did_you_mean
from macros.core.page import NotUtf8, Page, read_text
from macros.core.spec import fields
from macros.core.text import line_at, masked

_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.M)
_HTML_LINK = re.compile(r"\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']", re.I)
# `[text](Tennis ball on the floor)`: Markdown shows it as it is, not as a link.
_SPACED_LINK = re.compile(r"(?<!!)\[[^\]\n]+\]\(\s*((?![^)\n]*\s+[\"'][^)\n]*[\"']\s*\))"
                          r"[^)<>\n]*[^\s)<>]\s[^)<>\n]*?)\s*\)")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)
# `[text][label]` and `[label][]`: a link by reference, to a `[label]: address` line.
_BY_REFERENCE = re.compile(r"(?<![\]\\])(!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])+\])\[([^\[\]\n^]*)\]")
_DEFINED = re.compile(r"^ {0,3}\[([^\]\n]+)\]:", re.M)
# `[text] (address)`: with the space, Markdown prints the brackets and the address as they are.
_GAP_LINK = re.compile(r"(?<!!)\[[^\[\]\n]+\][ \t]+\((?:https?://|mailto:|\.{1,2}/|#)[^)\s]*\)"
                       r"|(?<!!)\[[^\[\]\n]+\][ \t]+\([^)\s]+\.md(?:#[^)\s]*)?\)")


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def check_link_forms(page: Page) -> list[Problem]:
    """Links Markdown would print as written, brackets and all: a reference to a label the page
    does not define, and a space between `]` and `(`."""
    body = masked(page.body, macros=True)
    defined = {_label(m.group(1)) for m in _DEFINED.finditer(body)}
    problems = []
    for match in _BY_REFERENCE.finditer(body):
        label = _label(match.group(2) or match.group(1).lstrip("!")[1:-1])
        if label not in defined:
            problems.append(Problem(
                page.rel, f"the link `{match.group()}` refers to `[{label}]`, which the page does not define: "
                "it would print as it is, brackets and all.",
                f"add a line `[{label}]: address` after the paragraph, or write the link as `[text](address)`.",
                line_at(page, match.start())))
    for match in _GAP_LINK.finditer(body):
        written = match.group()
        joined = re.sub(r"\][ \t]+\(", "](", written)
        problems.append(Problem(page.rel, f"`{written}` has a space between `]` and `(`: it would print as it is, "
                                "not as a link.", f"write it without the space: `{joined}`.",
                                line_at(page, match.start())))
    return sorted(problems, key=lambda p: p.line or 0)


@dataclass
class Site:
    """What the link checks need to know of the whole site, gathered once per run."""

    docs_dir: Path
    techniques: set[Path] = field(default_factory=set)
    site_url: str | None = None

    @functools.cached_property
    def names(self) -> dict[str, Path]:
        return anchors.pages_by_name(self.docs_dir)

    def anchors_of(self, path: Path) -> list[str]:
        found = anchors.page_anchors(path, path.resolve() in self.techniques)
        try:
            text = read_text(path)
        except NotUtf8:
            text = ""  # that page gets its own message
        guide = self.docs_dir.resolve().parent / "CONTRIBUTING.md"
        if guide.is_file() and "contributing_guide(" in text:
            found = found + anchors.page_anchors(guide, False)  # the page shows the guide
        if path.resolve() in routine.routine_files(self.docs_dir):  # the sections the routine page makes
            found = found + routine.anchors(path.resolve())
        if "<!-- material/tags" in text:  # the tags plugin lists every body area there
            found = found + [f"tag:{anchors.slugify(area, '-')}"
                             for area in fields("technique")["body_areas"].get("values", [])]
        return found

    def example(self, here: Path) -> str:
        """A link to a page that exists, written from `here`: the Safety page if there is one."""
        safety = self.docs_dir.resolve() / "safety.md"
        target = safety if safety.is_file() else next(iter(sorted(self.docs_dir.resolve().rglob("*.md"))), safety)
        return os.path.relpath(target, here)

    @functools.cached_property
    def _drawings(self) -> dict[str, Path]:
        folder = self.docs_dir.resolve() / "assets" / "illustrations"
        return {p.name: p for p in sorted(folder.glob("*.svg"))}

    def picture(self, page: Page) -> str:
        """A picture of the site, written from `page`: its own drawing, or any one there is."""
        art = page.meta.get("illustration")
        own = self._drawings.get(str(art.get("src"))) if isinstance(art, dict) else None
        found = own or next(iter(self._drawings.values()), None)
        return os.path.relpath(found, page.path.resolve().parent) if found else "../assets/illustrations/….svg"


def _suggest_page(site: Site, page: Page, address: str) -> str:
    """' Did you mean `../x.md`?' for a link written as a page's title, file name or web
    address, or ''."""
    docs, source = site.docs_dir.resolve(), page.path.resolve()
    here = source.parent
    path = unquote(address.split("#")[0].split("?")[0])
    target = None
    if site.site_url and address.startswith(site.site_url.rstrip("/") + "/"):
        target = anchors.page_at_address(docs, address, site.site_url)
    elif path.strip("/"):
        # Relative to the file, or to the page's web address (x.md is served as x/).
        web = here if source.stem == "index" else here / source.stem
        for base in (here, web):
            where = (base / path).resolve()
            if target is None and where.is_relative_to(docs):
                target = anchors.page_at_address(docs, str(where.relative_to(docs)), None)
        target = target or site.names.get(anchors.words(Path(path.rstrip("/")).name))
    if target is None:
        return ""
    fragment = "#" + address.split("#", 1)[1] if "#" in address else ""
    return f" Did you mean `{os.path.relpath(target, here)}{fragment}`?"


def _anchor_problem(page: Page, site: Site, address: str, target: Path, line: int) -> Problem | None:
    fragment = unquote(address.split("#", 1)[1])
    if not fragment:
        return None
    known = site.anchors_of(target)
    if fragment in known:
        return None
    whose = "this page" if target == page.path.resolve() else f"`{address.split('#')[0]}`"
    close = difflib.get_close_matches(fragment, known, n=1, cutoff=0.5)
    base = address.split("#")[0]
    hint = f" Did you mean `{base}#{close[0]}`?" if close else ""
    listed = ", ".join(f"`#{a}`" for a in known[:8]) + (", …" if len(known) > 8 else "")
    return Problem(page.rel, f"the link `{address}` points at an anchor that {whose} does not have.{hint}",
                   (f"use one of its anchors: {listed}" if known else "link the page without `#…`: it has no headings")
                   + "; an anchor is a heading's words in lower case, joined by hyphens.", line)


def check_links(page: Page, docs_dir: Path, site: Site | None = None) -> list[Problem]:
    """Links and images to files of the site: each must exist, and so must its `#anchor`; a
    link written as a title or a web address of the site is told the page's .md file."""
    site = site or Site(docs_dir)
    body = masked(page.body)
    matches = [*_LINK.finditer(body), *_REF_LINK.finditer(body), *_HTML_LINK.finditer(body),
               *_SPACED_LINK.finditer(body)]
    problems = []
    for match in sorted(matches, key=lambda m: m.start()):
        found = _link_problem(page, docs_dir, site, match.group(1).strip(), line_at(page, match.start()))
        problems += [found] if found else []
    return problems


def _link_problem(page: Page, docs_dir: Path, site: Site, address: str, line: int) -> Problem | None:
    """What is wrong with the link to `address` on line `line`, or None."""
    example = site.example(page.path.resolve().parent)
    if address.startswith("{{"):
        return None
    if site.site_url and address.startswith(site.site_url.rstrip("/") + "/") or address == site.site_url:
        hint = _suggest_page(site, page, address)
        return Problem(page.rel, f"the link `{address}` is this site's own web address.{hint}",
                       "link the page's .md file, relative to this page (e.g. "
                       f"`{hint.split('`')[1] if hint else example}`), so it works wherever the site is served.", line)
    if _SCHEME.match(address):
        return None
    if address.startswith("#"):
        return _anchor_problem(page, site, address, page.path.resolve(), line)
    path = unquote(address.split("#")[0].split("?")[0])
    if not path:
        return None
    if path.startswith("/"):
        return Problem(page.rel, f"the link `{address}` starts with `/`.",
                       f"write it relative to this page, e.g. `{example}`, so it works wherever the site is served.",
                       line)
    return _file_problem(page, docs_dir, site, address, path, line)


def _file_problem(page: Page, docs_dir: Path, site: Site, address: str, path: str, line: int) -> Problem | None:
    """What is wrong with a link to the file `path` (relative to the page), or None."""
    docs, here = docs_dir.resolve(), page.path.resolve().parent
    example = site.example(here)
    target = (here / path).resolve()
    if target.is_dir() or path.endswith("/"):
        hint = _suggest_page(site, page, address)
        return Problem(page.rel, f"the link `{address}` points at a folder.{hint}",
                       f"link the page's .md file, e.g. `{hint.split('`')[1] if hint else example}`.", line)
    if not target.is_relative_to(docs):
        return Problem(page.rel, f"the link `{address}` leads out of docs/.",
                       "link a page or file inside docs/, relative to this page.", line)
    if not target.is_file():
        hint = _suggest_page(site, page, address) if target.suffix in ("", ".md", ".html", ".htm") else ""
        if not hint:
            known = [os.path.relpath(f, here) for f in docs.rglob("*") if f.is_file() and f.suffix == target.suffix]
            hint = did_you_mean(path, known)
        written = " (written as a page's title or file name?)" if " " in path else ""
        return Problem(page.rel, f"the link `{address}` points at no file{written}.{hint}",
                       "link an existing file, relative to this page (e.g. "
                       f"`{hint.split('`')[1] if hint else example}`).", line)
    if target.suffix == ".md" and "#" in address:
        return _anchor_problem(page, site, address, target, line)
    return None


def check_timer_id(page: Page, site: Site) -> list[Problem]:
    """Any page: the id the build gives the first timer (start.TIMER_ID) is taken by nothing else.
    Were it, "Go to the timer" and the skip link would lead there, and the page would show no way
    to start at all."""
    if start.TIMER_ID not in site.anchors_of(page.path.resolve()):
        return []
    body = masked(page.body, macros=True)
    written = re.search(rf"""(?:\b(?:id|name)\s*=\s*["']|\{{:?[^}}\n]*#){start.TIMER_ID}\b["']?""", body)
    heading = next((m for m in anchors.ATX_HEADING.finditer(body)
                    if anchors.slugify(anchors.heading_text(m.group(2)), "-") == start.TIMER_ID), None)
    if written:
        what, line = f"`{written.group()}`", line_at(page, written.start())
    elif heading:
        what, line = f"the heading `{heading.group().strip()}`", line_at(page, heading.start())
    else:
        what, line = f"the title `{page.meta.get('title')}`", page.line_of("title")
    return [Problem(page.rel, f"{what} gives the page the id `{start.TIMER_ID}`, which the build keeps for the "
                    "page's first timer: \"Go to the timer\" would lead there, and the page would show no way to "
                    "start.", "choose other words for it (for a heading, e.g. `### Starting the timer`; for an id, "
                    "any other name).", line)]
