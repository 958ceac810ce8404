"""Check every page and report every problem at once: `python -m macros.check docs`.

The same checks run at the start of every build (see hooks.py), so `make build`,
`make serve` and `make test` stop with this list before any page is rendered.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2
import jinja2.nodes
import yaml

from . import callout, dose, reading, technique
from .durations import parse_duration
from .errors import KnotworkError, PagesInvalid, Problem, did_you_mean, one_of

_JINJA = jinja2.Environment()  # only parses pages; made once, not per page
_CALL = re.compile(r"\{\{(.*?)\}\}", re.S)
_STATEMENT = re.compile(r"\{%.*?%\}", re.S)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.S | re.M)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)  # within a paragraph
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.M)
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")
_HTML_IMG = re.compile(r"<img\b(?![^>]*\balt\s*=\s*(\"[^\"]*\S[^\"]*\"|'[^']*\S[^']*'))[^>]*>", re.I)
# Raw HTML that could run code or change the page's look for everyone: refused on every page.
_UNSAFE_HTML = re.compile(r"<\s*(script|style|iframe|frame|frameset|object|embed|applet|form|base|link|meta)\b"
                          r"|<[^>]*\son[a-z]+\s*=|javascript:|vbscript:|data:text/html|\bsrcdoc\s*=", re.I)
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.M)
_HTML_LINK = re.compile(r"\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']", re.I)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def settings(config_file: Path) -> dict[str, Any]:
    """extra.knotwork from mkdocs.yml (MkDocs' own YAML tags are ignored here)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader) or {}
    return (data.get("extra") or {}).get("knotwork") or {}


def line_at(page: technique.Page, offset: int) -> int:
    return page.body_line + page.body.count("\n", 0, offset)


def _blank(match: re.Match) -> str:
    """The match as spaces, keeping its line breaks, so offsets and line numbers still hold."""
    return re.sub(r"[^\n]", " ", match.group())


def masked(body: str, macros: bool = False) -> str:
    """The body with code (fenced and inline) and HTML comments blanked out: Markdown shows
    code as text, so it can neither link nor run. With `macros`, macro calls and statements
    (`{% set … %}`) go too."""
    text = _COMMENT.sub(_blank, _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, body)))
    return _STATEMENT.sub(_blank, _CALL.sub(_blank, _RAW.sub(_blank, text))) if macros else text


def check_macros(page: technique.Page, macros: dict[str, Callable[..., Any]]) -> tuple[list[Problem], list[tuple]]:
    """Try every macro call written with plain values; return problems and the calls seen.

    The page is parsed as mkdocs-macros will render it (Jinja), so raw blocks, filters and
    expressions are understood; calls with computed values are checked when rendered.
    """
    problems: list[Problem] = []
    calls: list[tuple] = []
    try:
        tree = _JINJA.parse(page.body)
    except jinja2.TemplateSyntaxError as err:
        line = page.body_line + (err.lineno or 1) - 1
        return [Problem(page.rel, f"a macro is not written right: {err.message}.",
                        'write a macro like {{ callout("not-on-bone") }}; '
                        "for literal braces use {% raw %}…{% endraw %}.",
                        line)], []
    for node in tree.find_all(jinja2.nodes.Call):
        if not isinstance(node.node, jinja2.nodes.Name):
            continue
        name, line = node.node.name, page.body_line + node.lineno - 1
        if name not in macros:
            problems.append(Problem(page.rel, f"there is no macro `{name}`.{did_you_mean(name, macros)}",
                                    f"use one of {one_of(macros)}.", line))
            continue
        try:
            args = [a.as_const() for a in node.args]
            kwargs = {k.key: k.value.as_const() for k in node.kwargs}
        except jinja2.nodes.Impossible:
            continue  # computed values are checked when the page is rendered
        try:
            macros[name](*args, **kwargs)
        except KnotworkError as err:
            problems.append(Problem(page.rel, err.message, err.fix, line))
            continue
        except TypeError:
            problems.append(Problem(page.rel, f"`{name}` was given values it does not take.",
                                    f"see `{name}` in CONTRIBUTING.md for how to call it.", line))
            continue
        calls.append((name, args, kwargs, line))
    return problems, calls


def _prose(body: str) -> str:
    """The words a reader reads: no macros, code, HTML, links' addresses or headings' marks.

    A paragraph's lines are joined (a line break is not a full stop); a heading, a list item
    or a paragraph without a full stop of its own counts as one sentence.
    """
    text = _FENCE.sub(" ", _RAW.sub(" ", body))
    text = _CALL.sub(" ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    sentences: list[str] = []
    current: list[str] = []

    def flush() -> None:
        joined = " ".join(current).strip()
        if joined:
            sentences.append(joined if re.search(r"[.!?:]$", joined) else joined + ".")
        current.clear()

    for line in text.splitlines():
        start = re.match(r"^\s*(#+|[-*+]|\d+\.|>|!!!.*|\?\?\?.*)\s+", line)
        if not line.strip() or start:
            flush()
        current.append(line[start.end():] if start else line.strip())
        if start and start.group(1).startswith("#"):
            flush()  # a heading is a sentence of its own
    flush()
    return "\n".join(sentences)


def reading_grade(body: str) -> float:
    return reading.grade(_prose(body))


def long_sentences(page: technique.Page, count: int = 3, at_least: int = 15) -> list[tuple[int, int]]:
    """(line, words) of the page's longest sentences, longest first: where to start cutting."""
    found = []
    text = masked(page.body, macros=True)
    for block in re.finditer(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", text):
        prose = _prose(block.group())
        for sentence in reading.sentences(prose):
            words = len(sentence.split())
            if words >= at_least:
                first = re.escape(sentence.split()[0])
                where = re.search(first, block.group())
                found.append((line_at(page, block.start() + (where.start() if where else 0)), words))
    return sorted(found, key=lambda item: -item[1])[:count]


def check_html(page: technique.Page) -> list[Problem]:
    """Any page: pictures have alt text, and no raw HTML can run code or restyle the site."""
    problems = []
    body = masked(page.body)
    for match in _IMAGE.finditer(body):
        if not match.group(1).strip():
            problems.append(Problem(page.rel, f"the image `{match.group(2)}` has no alt text.",
                                    "describe it between the brackets: ![A person lying on …](…).",
                                    line_at(page, match.start())))
    for match in _HTML_IMG.finditer(body):
        problems.append(Problem(page.rel, "an <img> has no alt text.", 'add alt="…" describing the picture.',
                                line_at(page, match.start())))
    for match in _UNSAFE_HTML.finditer(body):
        shown = re.sub(r"\s+", " ", match.group().strip())[:40]
        problems.append(Problem(page.rel, f"`{shown}` is not allowed in a page: page text must not become "
                                "code or styles.",
                                "write Markdown; timers and callouts come from macros.", line_at(page, match.start())))
    return problems


def _numbers(conf: dict[str, Any]) -> set[str]:
    return {n for key in ("emergency_number", "urgent_number") for n in re.findall(r"\d{3,}", str(conf.get(key, "")))}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def check_safety_wording(page: technique.Page, conf: dict[str, Any]) -> list[Problem]:
    """Safety wording lives in the callout registry and numbers in mkdocs.yml, never in a page."""
    problems = []
    body = masked(page.body, macros=True)
    for number in sorted(_numbers(conf)):
        for match in re.finditer(rf"(?<![\w/.#=-]){number}(?![\w/-]|\.\w)", body):
            problems.append(Problem(page.rel, f"the page writes the phone number {number}.",
                                    'insert the callout instead, e.g. {{ callout("emergency-help") }}: numbers are '
                                    "set once in mkdocs.yml (extra.knotwork), for every country the site serves.",
                                    line_at(page, match.start())))
    # The page's words, one space apart: a sentence of a callout is looked for in them as a
    # plain substring (fast), and only a hit is looked up again to find its line.
    text = " " + " ".join(_words(body)) + " "
    reported = set()
    for callout_id, words in _callout_sentences():
        if callout_id not in reported and f" {' '.join(words)} " in text:
            reported.add(callout_id)
            match = re.search(r"[^a-z0-9']+".join(map(re.escape, words)), body, re.I)
            line = line_at(page, match.start()) if match else None
            problems.append(Problem(page.rel, f"this repeats the wording of the callout `{callout_id}`.",
                                    f'insert {{{{ callout("{callout_id}") }}}} instead of copying it: '
                                    "safety wording is kept in one place.", line))
    return problems


@functools.cache
def _callout_sentences() -> list[tuple[str, list[str]]]:
    """(callout id, words) of each sentence of six words or more in the callout registry; one
    sentence found is enough to report a callout."""
    found = []
    for entry in callout.registry().values():
        texts = [entry.get("text"), entry.get("after"), *(entry.get("items") or [])]
        sentences = [_words(s) for t in filter(None, texts) for s in re.split(r"(?<=[.!?:])\s+", t) if "{" not in s]
        found += [(entry["id"], words) for words in sentences if len(words) >= 6]
    return found


def check_technique(page: technique.Page, macros: dict[str, Callable[..., Any]], conf: dict[str, Any],
                    spec: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    body = _FENCE.sub(lambda m: "\n" * m.group().count("\n"), page.body)
    if re.search(r"^#\s", body, re.M):
        problems.append(Problem(page.rel, "the page has its own `# ` heading.",
                                "remove it: the title comes from `title:` in the front matter.",
                                line_at(page, re.search(r"^#\s", body, re.M).start())))
    headings = [m.group(1).strip() for m in _HEADING.finditer(body)]
    missing = [s for s in spec["sections"] if s not in headings]
    for section in missing:
        index = spec["sections"].index(section)
        after = f" after `## {spec['sections'][index - 1]}`" if index else " first"
        problems.append(Problem(page.rel, f"the section `## {section}` is missing.",
                                f"add `## {section}`{after}; every technique has these sections, in order: "
                                + ", ".join(spec["sections"]) + "."))
    present = [h for h in headings if h in spec["sections"]]
    if not missing and present != spec["sections"]:
        problems.append(Problem(page.rel, "the sections are out of order.",
                                "put them in this order: " + ", ".join(spec["sections"]) + "."))
    macro_problems, calls = check_macros(page, macros)
    problems += macro_problems
    # When the macros cannot be read, which callouts the page has is unknown: say nothing of them.
    readable = not any(p.message.startswith("a macro is not written right") for p in macro_problems)
    used = {args[0] if args else kwargs.get("id") for name, args, kwargs, _ in calls if name == "callout"}
    get_help = spec["sections"][-1]
    sections = [(line_at(page, m.start()), m.group(1).strip()) for m in _HEADING.finditer(body)]
    if readable:
        margin = parse_duration(technique.fields()["time_needed"]["over_timers"])
        problems += dose.check_page(page, calls, spec["dose_section"], margin)
        problems += _misplaced(page, calls, sections, "dose", {None}, spec["dose_section"])
    for needed in spec["required_callouts"]:
        if readable and needed not in used and not failed_calls(page, calls, "callout"):
            problems.append(Problem(page.rel, f"the callout `{needed}` is missing.",
                                    f'add {{{{ callout("{needed}") }}}} under `## {get_help}`.'))
    problems += _misplaced(page, calls, sections, "callout", set(spec["required_callouts"]), get_help)
    limit = conf.get("max_reading_grade")
    if limit is not None:
        grade = reading_grade(body)
        if grade > float(limit):
            sentences = long_sentences(page)
            longest = ", ".join(f"line {line} ({words} words)" for line, words in sentences)
            problems.append(Problem(page.rel, f"the reading grade is {grade:.1f}; the site's limit is {limit}.",
                                    "use shorter sentences and everyday words"
                                    + (f"; the longest sentences are on {longest}" if longest else "")
                                    + " (the limit is max_reading_grade in mkdocs.yml).",
                                    sentences[0][0] if sentences else None))
    problems += check_placeholders(page)
    return problems


def failed_calls(page: technique.Page, calls: list[tuple], macro: str) -> bool:
    """Whether a call of `macro` on the page failed its check (it has a message of its own): a
    callout reported as missing may be that one, misspelt."""
    written = len(re.findall(rf"\{{\{{-?\s*{macro}\s*\(", masked(page.body)))
    return written > sum(1 for name, *_ in calls if name == macro)


def _misplaced(page: technique.Page, calls: list[tuple], sections: list[tuple[int, str]], macro: str,
               ids: set, home: str) -> list[Problem]:
    """Calls of `macro` (with an id in `ids`; None: any) that are not under `## home`."""
    problems = []
    for name, args, kwargs, line in calls:
        given = args[0] if args else kwargs.get("id")
        if name == macro and (None in ids or given in ids):
            section = next((title for start, title in reversed(sections) if start < line), None)
            if section != home:
                what = f"the {macro} `{given}`" if given else f"the {macro}"
                problems.append(Problem(page.rel, f"{what} is under {f'`## {section}`' if section else 'no section'}.",
                                        f"move it under `## {home}`, where readers look for it.", line))
    return problems


def check_placeholders(page: technique.Page) -> list[Problem]:
    """Warnings for text and drawings the scaffold left to be written: the page builds, but the
    tests (and so CI) do not pass until they are gone."""
    from .scaffold import PLACEHOLDER, PLACEHOLDER_SVG_MARK

    problems = []
    text = page.path.read_text(encoding="utf-8")
    body_start = len(text) - len(page.body)
    headings = [(m.start(), m.group(1).strip()) for m in _HEADING.finditer(page.body)]
    for match in re.finditer(re.escape(PLACEHOLDER), text):
        line = text.count("\n", 0, match.start()) + 1
        if match.start() < body_start:
            field = max(((n, k) for k, n in page.key_lines.items() if n <= line), default=(0, "front matter"))[1]
            where = f"the front-matter field `{field}`"
        else:
            offset = match.start() - body_start
            where = f"`## {next((t for s, t in reversed(headings) if s < offset), 'the page')}`"
        problems.append(Problem(page.rel, f"{where} still has the scaffold's text `{PLACEHOLDER} …`.",
                                "write it in your own words, with a source for every health fact.", line,
                                severity="warning"))
    art = page.meta.get("illustration")
    src = str(art.get("src", "")) if isinstance(art, dict) else ""
    svg = page.path.parent.parent / "assets" / "illustrations" / src
    if src and svg.is_file() and PLACEHOLDER_SVG_MARK in svg.read_text(encoding="utf-8")[:2000]:
        problems.append(Problem(page.rel, f"the illustration `{src}` is still the scaffold's placeholder.",
                                f"draw the position in docs/assets/illustrations/{src} (SVG, clear in black and "
                                "white, a few KB).", page.line_of("illustration"), severity="warning"))
    return problems


def check_links(page: technique.Page, docs_dir: Path) -> list[Problem]:
    """Links and images to files of the site: each must exist. Anchors are checked by MkDocs."""
    problems = []
    body = masked(page.body)
    docs = docs_dir.resolve()
    here = page.path.resolve().parent
    matches = [*_LINK.finditer(body), *_REF_LINK.finditer(body), *_HTML_LINK.finditer(body)]
    for match in sorted(matches, key=lambda m: m.start()):
        address = match.group(1)
        if _SCHEME.match(address) or address.startswith(("#", "{{")):
            continue
        line = line_at(page, match.start())
        path = unquote(address.split("#")[0].split("?")[0])
        if not path:
            continue
        if path.startswith("/"):
            problems.append(Problem(page.rel, f"the link `{address}` starts with `/`.",
                                    "write it relative to this page, e.g. `../safety.md`, so it works wherever the "
                                    "site is served.", line))
            continue
        target = (here / path).resolve()
        if target.is_dir() or path.endswith("/"):
            problems.append(Problem(page.rel, f"the link `{address}` points at a folder.",
                                    "link the page's .md file, e.g. `../techniques/wall-ball.md`.", line))
        elif not target.is_relative_to(docs):
            problems.append(Problem(page.rel, f"the link `{address}` leads out of docs/.",
                                    "link a page or file inside docs/, relative to this page.", line))
        elif not target.is_file():
            known = [os.path.relpath(f, here) for f in docs.rglob("*") if f.is_file()
                     and f.suffix == target.suffix]
            problems.append(Problem(page.rel, f"the link `{address}` points at no file.{did_you_mean(path, known)}",
                                    "link an existing file, relative to this page (e.g. `../safety.md`).", line))
    return problems


def check_site(docs_dir: Path, config_file: Path, macros: dict[str, Callable[..., Any]],
               today: dt.date | None = None) -> list[Problem]:
    """Every problem in every page of docs_dir."""
    today = today or dt.date.today()
    # The registries first: a mistake there is one message naming the file, not one per page.
    for registry, load in ((dose.REGISTRY, dose.registry), (callout.REGISTRY, callout.registry)):
        try:
            load()
        except KnotworkError as err:
            return [Problem(technique._rel(registry), err.message, err.fix)]
    conf = settings(config_file)
    spec = technique.spec()
    problems: list[Problem] = []
    techniques = set(technique.technique_files(docs_dir))
    titles: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for path in sorted(p.resolve() for p in docs_dir.rglob("*.md")):  # resolved, as technique_files are
        rel = technique._rel(path)
        if path in techniques:
            page, found = technique.load(path, today)
            found = list(found) + check_technique(page, macros, conf, spec)
            slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
            if not _SLUG.fullmatch(path.stem):
                found.append(Problem(rel, f"the file name `{path.name}` is not lower-case words joined by hyphens.",
                                     f"rename it to `{slug}.md`: the name becomes the page's web address."))
            if slug in slugs:
                found.append(Problem(rel, f"the slug `{slug}` is also used by {slugs[slug]}.",
                                     "rename the file: each technique needs its own web address."))
            slugs[slug] = rel
        else:
            page, found = technique.read_page(path, rel)
            found += technique.check_title(page)
            found += check_macros(page, macros)[0]
        found += check_html(page) + check_links(page, docs_dir) + check_safety_wording(page, conf)
        title = str(page.meta.get("title", "")).strip().lower()
        if title and title in titles:
            found.append(Problem(rel, f"the title `{page.meta['title']}` is also used by {titles[title]}.",
                                 "give each page its own title.", page.line_of("title")))
        titles.setdefault(title, rel)
        problems += sorted(found, key=lambda p: p.line or 0)
    return problems


def annotation(problem: Problem) -> str:
    """A GitHub Actions annotation, so CI lists the problem on the pull request's files."""
    text = problem.message + (f"\nFix: {problem.fix}" if problem.fix else "")
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{problem.severity} file={problem.file},line={problem.line or 1}::{text}"


def main(argv: list[str]) -> int:
    from . import macro_table

    docs_dir = Path(argv[0] if argv else "docs")
    config_file = docs_dir.parent / "mkdocs.yml"
    problems = check_site(docs_dir, config_file, macro_table(settings(config_file), docs_dir))
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        print(problem)
        if os.environ.get("GITHUB_ACTIONS"):
            print(annotation(problem))
    warnings = len(problems) - len(errors)
    also = f" ({warnings} warning{'s' if warnings != 1 else ''} too)" if warnings else ""
    if errors:
        print(PagesInvalid(errors).args[0].splitlines()[0].rstrip(":") + also + ".")
        return 1
    if warnings:
        print(f"No errors in the pages of {docs_dir}; {warnings} warning{'s' if warnings != 1 else ''} to look at, "
              "listed above.")
    else:
        print(f"All pages in {docs_dir} look right.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
