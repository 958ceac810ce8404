"""Any page: pictures have alt text, nothing loads from another host, and no raw HTML can run
code or restyle the site (a page is data)."""

from __future__ import annotations

import html
import re

from macros.checks.links import Site
from macros.core.errors import Problem
from macros.core.page import Page
from macros.core.text import line_at, masked
from macros.output import html_gate

_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")
_HTML_IMG = re.compile(r"<img\b(?![^>]*\balt\s*=\s*(\"[^\"]*\S[^\"]*\"|'[^']*\S[^']*'))[^>]*>", re.I)
# Raw HTML that could run code or change the page's look for everyone: refused on every page.
_UNSAFE_HTML = re.compile(r"<\s*(script|style|iframe|frame|frameset|object|embed|applet|form|base|link|meta|svg|math|"
                          r"animate|set|template|noscript|input|button|textarea|select)\b"
                          r"|<[^>]*[\s/\"']on[a-z]+\s*=|"
                          # A script's address, even with tabs or line breaks in it (browsers drop them) or an
                          # escaped colon (Markdown unescapes it).
                          + "|".join("[\t\n\r]*".join(word) + r"[\t\n\r]*\\?:" for word in ("javascript", "vbscript"))
                          + r"|data:text/html|\bsrcdoc\s*=", re.I)
# An attribute list (the attr_list extension: `{: … }` after a paragraph or heading, `{ … }` after
# a picture or link) may give an id, which a link can lead to, and nothing else: a class would
# dress text as one of the site's components, any other attribute becomes HTML as it is.
_ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*((?:[#.][\w-]+|[\w:-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))"
                             r"(?:[ \t]+(?:[#.][\w-]+|[\w:-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+)))*)[ \t]*\}")
# Raw HTML given one of the site's own classes (Material's `md-`, Knotwork's `mdx-`).
_OWN_CLASS = re.compile(r"<[a-z][^>]*\sclass\s*=\s*[\"']?[^\"'>]*\b(mdx?-[\w-]+)", re.I)
# Anything that would make the reader's browser fetch from another host as the page loads.
_REMOTE = r"(?:[a-z][a-z0-9+.-]*:)?//[^\s\"'()<>]+"
_REMOTE_LOADS = [
    re.compile(rf"!\[[^\]]*\]\(\s*<?({_REMOTE})", re.I),  # a Markdown image
    re.compile(rf"^ {{0,3}}\[([^\]]+)\]:\s*<?({_REMOTE})", re.I | re.M),  # a reference, used by an image below
    re.compile(rf"<\s*(?:img|iframe|frame|video|audio|source|track|embed|object|input|script|image|use|feimage|"
               rf"link|picture|body|table|td)\b[^>]*?\s(?:src|data|poster|href|xlink:href|background)\s*=\s*"
               rf"[\"']?\s*({_REMOTE})", re.I),
    re.compile(rf"\ssrcset\s*=\s*[\"'][^\"']*?({_REMOTE})", re.I),
    re.compile(rf"url\(\s*[\"']?\s*({_REMOTE})", re.I),  # CSS, in a style attribute or a <style>
    re.compile(rf"@import\s+[\"']\s*({_REMOTE})", re.I),
]
_REF_IMAGE = re.compile(r"!\[([^\]]*)\]\[([^\]]*)\]")
# A start tag of raw HTML in the page's text, and an address a Markdown link or reference gives.
_RAW_TAG = re.compile(r"<[a-z][a-z0-9-]*(?=[\s/>])[^<>]*>", re.I)
_MARKDOWN_ADDRESS = re.compile(r"\]\(\s*<?([^)\s>]+)|^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?\s*$", re.M)


def check_remote(page: Page, body: str, picture: str) -> tuple[list[Problem], set[int]]:
    """Pictures, frames, media, styles and fonts from another host: refused on every page,
    as the site loads nothing from elsewhere (links to other sites are fine). Also returns
    the lines reported, so the same tag is not refused twice."""
    problems, lines = [], set()
    images = {(m.group(2) or m.group(1)).strip().lower() for m in _REF_IMAGE.finditer(body)}
    for number, pattern in enumerate(_REMOTE_LOADS):
        for match in pattern.finditer(body):
            if number == 1 and match.group(1).strip().lower() not in images:
                continue  # a reference used by links only
            address = match.groups()[-1]
            host = re.sub(r"^(?:[a-z][a-z0-9+.-]*:)?//", "", address, flags=re.I).split("/")[0]
            shown = address if len(address) <= 60 else address[:59] + "…"
            line = line_at(page, match.start())
            lines.add(line)
            problems.append(Problem(page.rel, f"`{shown}` would be loaded from another host ({host}) when the page "
                                    "opens: pages load nothing from other hosts.",
                                    "save the picture in docs/assets/… (a drawing in docs/assets/illustrations/) and "
                                    "write its address relative to this page, e.g. "
                                    f"`![A person lying on …]({picture})`; a link to another site, "
                                    "`[its words](https://…)`, is fine.", line))
    return problems, lines


def check_html(page: Page, site: Site | None = None) -> list[Problem]:
    """Any page: pictures have alt text, nothing loads from another host, and no raw HTML can
    run code or restyle the site."""
    body = masked(page.body)
    site = site or Site(page.path.parent.parent)
    problems, remote = check_remote(page, body, site.picture(page))
    for match in _IMAGE.finditer(body):
        if not match.group(1).strip():
            problems.append(Problem(page.rel, f"the image `{match.group(2)}` has no alt text.",
                                    "describe it between the brackets: ![A person lying on …](…).",
                                    line_at(page, match.start())))
    for match in _HTML_IMG.finditer(body):
        problems.append(Problem(page.rel, "an <img> has no alt text.", 'add alt="…" describing the picture.',
                                line_at(page, match.start())))
    problems += _attribute_lists(page) + _own_classes(page, body)
    for match in _UNSAFE_HTML.finditer(html.unescape(body) if "&" in body else body):
        if line_at(page, match.start()) in remote and match.group(1):
            continue  # refused already, as it loads from another host
        shown = re.sub(r"\s+", " ", match.group().strip())[:40]
        problems.append(Problem(page.rel, f"`{shown}` is not allowed in a page: page text must not become "
                                "code or styles.",
                                "write Markdown; timers and callouts come from macros.", line_at(page, match.start())))
    return problems + _as_built(page, {p.line for p in problems} | remote)


def _as_built(page: Page, reported: set[int]) -> list[Problem]:
    """What the check of the built HTML (output/html_gate.py) would refuse in the page's raw HTML
    and its links' addresses (`<u>`, `target="_blank"`, a style, a `mailto:` link), said here
    with its line, so `make check` tells a contributor before the build does. A line reported by
    the checks above is left to them: one message for one mistake."""
    allowed, problems = html_gate.content_allowed(), []
    text = masked(page.body, macros=True)  # a macro's texts are escaped where they show: not HTML
    written = [(m.start(), m.group()) for m in _RAW_TAG.finditer(text)]
    written += [(m.start(), f'<a href="{html.escape(m.group(1) or m.group(2))}">')
                for m in _MARKDOWN_ADDRESS.finditer(text)]
    for offset, tag in sorted(written):
        line = line_at(page, offset)
        said = html_gate.check_html(tag, allowed) if line not in reported else []
        if said:
            reported.add(line)
            problems.append(Problem(page.rel, f"{said[0]}: the built page would be refused.",
                                    "write Markdown (*emphasis*, **strong**, [words](https://…) for a link to "
                                    "another site); timers and callouts come from macros.", line))
    return problems


def _attribute_lists(page: Page) -> list[Problem]:
    """An attribute list that gives more than an id."""
    problems = []
    for match in _ATTRIBUTE_LIST.finditer(masked(page.body, macros=True)):
        extra = [part for part in match.group(1).split() if not part.startswith("#")]
        if extra:
            problems.append(Problem(page.rel, f"the attribute list `{match.group().strip()[:60]}` gives `{extra[0]}`: "
                                    "an attribute list may give an id only (a class would dress text as one of the "
                                    "site's components; any other attribute becomes HTML as it is).",
                                    "keep only the id, e.g. `{: #my-part }`, or delete the list; for a safety note "
                                    'call {{ callout("…") }}.', line_at(page, match.start())))
    return problems


def _own_classes(page: Page, body: str) -> list[Problem]:
    """Raw HTML with one of the site's own classes: text dressed as a callout or a timer."""
    return [Problem(page.rel, f"raw HTML gives the class `{m.group(1)}`, one of the site's own: text dressed as a "
                    "callout, a timer or a part of the theme would pass for the real one.",
                    'write Markdown; a safety note is {{ callout("…") }}, a timer {{ timer("…") }}.',
                    line_at(page, m.start())) for m in _OWN_CLASS.finditer(body)]
