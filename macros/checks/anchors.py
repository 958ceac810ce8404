"""The anchors of a page (`page.md#anchor`) and the pages of the site by title and address,
so a link is checked, and a wrong one is told the right address, before the build.

Headings get their anchors as MkDocs' `toc` extension makes them (markdown's own `slugify`,
with `_1`, `_2` … for repeats); `{#id}` (attr_list) and raw HTML `id="…"` count too, and a
technique page also has the `# title` and `## Sources` headings that hooks.py adds.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from markdown.extensions.toc import slugify

from macros.core.page import read_page
from macros.core.text import masked

ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_SETEXT = re.compile(r"^ {0,3}(\S[^\n]*)\n {0,3}(=+|-+)[ \t]*$", re.M)
_ATTR = re.compile(r"\{:?[ \t]*([^}\n]*)\}[ \t]*$")
_ATTR_ID = re.compile(r"(?:^|\s)#([\w:.-]+)")
_HTML_ID = re.compile(r"<[a-z][^>]*\s(?:id|name)\s*=\s*[\"']([^\"']+)[\"']", re.I)
# attr_list: `![a](b.png){#id}` right after an inline element, or `{: #id }` on a line of its
# own under a paragraph.
_INLINE_ATTR = re.compile(r"(?<=[)\]*_`>])\{:?[ \t]*([^}\n]*#[^}\n]*)\}"
                          r"|(?<=\n)[ \t]*\{:?[ \t]*([^}\n]*#[^}\n]*)\}[ \t]*$", re.M)


def heading_text(heading: str) -> str:
    """A heading's words as the reader sees them (and as toc slugifies them)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|_|`)", "", text)
    return html.unescape(text).strip()


def anchors(body: str, title: str | None = None, sources: bool = False) -> list[str]:
    """Every anchor of a page body (code and macros already blanked out), in page order."""
    found: list[tuple[int, str]] = []
    seen: set[str] = set()

    def add(offset: int, anchor: str) -> None:
        found.append((offset, anchor))

    headings = [(m.start(), m.group(2)) for m in ATX_HEADING.finditer(body)]
    headings += [(m.start(), m.group(1)) for m in _SETEXT.finditer(body)
                 if not re.match(r"\s*([-*+]|\d+\.|#|>|\||!!!|\?\?\?)", m.group(1)) and m.group(2)[0] in "=-"
                 and not (m.group(2)[0] == "-" and len(m.group(2)) < 2)]
    if title:
        headings.append((-1, title))
    if sources:
        headings.append((len(body) + 1, "Sources"))
    for offset, heading in sorted(headings):
        attr = _ATTR.search(heading)
        own = _ATTR_ID.search(attr.group(1)) if attr else None
        if own:
            add(offset, own.group(1))
            continue
        slug = slugify(heading_text(_ATTR.sub("", heading)), "-")
        anchor, number = slug, 0
        while anchor in seen:  # as toc's unique(): slug, slug_1, slug_2 …
            number += 1
            anchor = f"{slug}_{number}"
        seen.add(anchor)
        add(offset, anchor)
    for match in _INLINE_ATTR.finditer(body):
        found += [(match.start(), m.group(1)) for m in _ATTR_ID.finditer(match.group(1) or match.group(2))]
    found += [(m.start(), m.group(1)) for m in _HTML_ID.finditer(body)]
    return list(dict.fromkeys(anchor for _, anchor in sorted(found)))


def page_anchors(path: Path, technique_page: bool) -> list[str]:
    """Anchors of the page at `path` (its code and macros left out). A technique page also gets
    the headings the build adds (its title and `## Sources`)."""
    return _page_anchors(path.resolve(), path.stat().st_mtime, technique_page)


@functools.cache
def _page_anchors(path: Path, mtime: float, technique_page: bool) -> list[str]:
    page, _ = read_page(path, str(path))
    title = page.meta.get("title") if technique_page else None
    return anchors(masked(page.body, macros=True), str(title) if title else None, sources=technique_page)


def words(text: str) -> str:
    """A title or file name reduced to its words, to compare one with the other."""
    text = re.sub(r"\.(md|html?)$", "", text.strip().lower())
    return " ".join(re.findall(r"[a-z0-9]+", text))


def pages_by_name(docs_dir: Path) -> dict[str, Path]:
    """{words of a page's title or file name: its .md file}, for every page of docs_dir."""
    found: dict[str, Path] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        page, _ = read_page(path, str(path))
        title = page.meta.get("title")
        if not title:
            first = re.search(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", page.body, re.M)
            title = first.group(1) if first else None
        for name in (title, path.stem):
            if name:
                found.setdefault(words(str(name)), path.resolve())
    return found


def page_at_address(docs_dir: Path, address: str, site_url: str | None) -> Path | None:
    """The .md file behind a web address of the site (`https://site/techniques/x/`, or a path
    such as `techniques/x/` or `x.html`), or None."""
    path = address.split("#")[0].split("?")[0]
    if site_url and path.startswith(site_url.rstrip("/") + "/"):
        path = path[len(site_url.rstrip("/")) + 1:]
    path = path.strip("/")
    stem = re.sub(r"(/index)?\.html?$", "", path)
    candidates = [f"{stem}.md", f"{stem}/index.md", f"{stem}/README.md"] if stem else ["index.md"]
    for candidate in candidates:
        target = (docs_dir / candidate).resolve()
        if target.is_file() and target.is_relative_to(docs_dir.resolve()):
            return target
    return None
