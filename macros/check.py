"""Check every page and report every problem at once: `python -m macros.check docs`.

The same checks run at the start of every build (see hooks.py), so `make build`,
`make serve` and `make test` stop with this list before any page is rendered.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.nodes
import yaml

from . import technique
from .errors import KnotworkError, PagesInvalid, Problem, did_you_mean, one_of

_CALL = re.compile(r"\{\{(.*?)\}\}", re.S)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.M)
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")
_HTML_IMG = re.compile(r"<img\b(?![^>]*\balt=\"[^\"]+\")[^>]*>", re.I)
_UNSAFE_HTML = re.compile(r"<\s*(script|style|iframe|object|embed|form)\b|\son\w+\s*=|javascript:", re.I)
_MD_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s#]+\.md)(#[^)\s]*)?\)")


def settings(config_file: Path) -> dict[str, Any]:
    """extra.knotwork from mkdocs.yml (MkDocs' own YAML tags are ignored here)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader) or {}
    return (data.get("extra") or {}).get("knotwork") or {}


def line_at(page: technique.Page, offset: int) -> int:
    return page.body_line + page.body.count("\n", 0, offset)


def check_macros(page: technique.Page, macros: dict[str, Callable[..., Any]]) -> tuple[list[Problem], list[tuple]]:
    """Try every macro call written with plain values; return problems and the calls seen.

    The page is parsed as mkdocs-macros will render it (Jinja), so raw blocks, filters and
    expressions are understood; calls with computed values are checked when rendered.
    """
    problems: list[Problem] = []
    calls: list[tuple] = []
    try:
        tree = jinja2.Environment().parse(page.body)
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
        calls.append((name, args, kwargs, line))
    return problems, calls


def _prose(body: str) -> str:
    """The words a reader reads: no macros, code, HTML, links' addresses or headings' marks."""
    text = _FENCE.sub(" ", _RAW.sub(" ", body))
    text = _CALL.sub(" ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*(#+|[-*+]|\d+\.|>|!!!.*|\?\?\?.*)\s*", "", text, flags=re.M)
    # A heading or list item is a sentence of its own.
    return "\n".join(line if re.search(r"[.!?:]$", line.strip()) else line + "." for line in text.splitlines()
                     if line.strip())


def reading_grade(body: str) -> float:
    import textstat  # imported here: only the checks need it

    return float(textstat.flesch_kincaid_grade(_prose(body)))


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
        problems.append(Problem(page.rel, f"the section `## {section}` is missing.",
                                f"add `## {section}`; every technique has {one_of(spec['sections'])}."))
    present = [h for h in headings if h in spec["sections"]]
    if not missing and present != spec["sections"]:
        problems.append(Problem(page.rel, "the sections are out of order.",
                                "put them in this order: " + ", ".join(spec["sections"]) + "."))
    macro_problems, calls = check_macros(page, macros)
    problems += macro_problems
    used = {args[0] if args else kwargs.get("id") for name, args, kwargs, _ in calls if name == "callout"}
    for needed in spec["required_callouts"]:
        if needed not in used:
            problems.append(Problem(page.rel, f"the callout `{needed}` is missing.",
                                    f'add {{{{ callout("{needed}") }}}} under `## When to get help`.'))
    for match in _IMAGE.finditer(body):
        if not match.group(1).strip():
            problems.append(Problem(page.rel, f"the image `{match.group(2)}` has no alt text.",
                                    "describe it between the brackets: ![A person lying on …](…).",
                                    line_at(page, match.start())))
    for match in _HTML_IMG.finditer(body):
        problems.append(Problem(page.rel, "an <img> has no alt text.", 'add alt="…" describing the picture.',
                                line_at(page, match.start())))
    for match in _UNSAFE_HTML.finditer(body):
        problems.append(Problem(page.rel, f"`{match.group().strip()}` is not allowed in a page.",
                                "write Markdown; timers and callouts come from macros.", line_at(page, match.start())))
    limit = conf.get("max_reading_grade")
    if limit is not None:
        grade = reading_grade(body)
        if grade > float(limit):
            problems.append(Problem(page.rel, f"the reading grade is {grade:.1f}; the site's limit is {limit}.",
                                    "use shorter sentences and everyday words "
                                    "(the limit is max_reading_grade in mkdocs.yml)."))
    return problems


def check_links(page: technique.Page, docs_dir: Path) -> list[Problem]:
    problems = []
    for match in _MD_LINK.finditer(page.body):
        target = (page.path.parent / match.group(1)).resolve()
        if not target.is_file():
            problems.append(Problem(page.rel, f"the link to `{match.group(1)}` points at no page.",
                                    "link an existing .md file, relative to this one.", line_at(page, match.start())))
    return problems


def check_site(docs_dir: Path, config_file: Path, macros: dict[str, Callable[..., Any]],
               today: dt.date | None = None) -> list[Problem]:
    """Every problem in every page of docs_dir."""
    today = today or dt.date.today()
    conf = settings(config_file)
    spec = technique.spec()
    problems: list[Problem] = []
    techniques = set(technique.technique_files(docs_dir))
    titles: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        rel = technique._rel(path)
        if path in techniques:
            page, found = technique.load(path, today)
            problems += found
            problems += check_technique(page, macros, conf, spec)
            slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower())
            if slug in slugs:
                problems.append(Problem(rel, f"the slug `{slug}` is also used by {slugs[slug]}.",
                                        "rename the file."))
            slugs[slug] = rel
        else:
            page, found = technique.read_page(path, rel)
            problems += found + technique.check_title(page)
            problems += check_macros(page, macros)[0]
        problems += check_links(page, docs_dir)
        title = str(page.meta.get("title", "")).strip().lower()
        if title and title in titles:
            problems.append(Problem(rel, f"the title `{page.meta['title']}` is also used by {titles[title]}.",
                                    "give each page its own title.", page.line_of("title")))
        titles.setdefault(title, rel)
    return problems


def main(argv: list[str]) -> int:
    from . import macro_table

    docs_dir = Path(argv[0] if argv else "docs")
    config_file = docs_dir.parent / "mkdocs.yml"
    problems = check_site(docs_dir, config_file, macro_table(settings(config_file), docs_dir))
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        print(problem)
    if errors:
        print(PagesInvalid(errors).args[0].splitlines()[0])
        return 1
    print(f"All pages in {docs_dir} look right.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
