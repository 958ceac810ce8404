"""Every problem in every page of docs/, found at once: `make check` prints them (tools/check.py),
and every build runs the same checks first (build/hooks.py), so `make build` and `make test`
stop with this list before any page is rendered, and `make serve` shows it on every page until
the pages are fixed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.checks import claims
from macros.checks import kept as kept_answers
from macros.checks.files import check_files, page_files
from macros.checks.html_safety import check_html
from macros.checks.links import Site, check_link_forms, check_links, check_timer_id
from macros.checks.macro_calls import check_macros
from macros.checks.placeholders import check_placeholders
from macros.checks.provenance import check as check_provenance
from macros.checks.reading import check_sentences
from macros.checks.review import check as check_review
from macros.checks.with_get_help import check_page as check_with_get_help
from macros.checks.wording import check_own_warnings, check_safety_wording
from macros.components import before, callout, dose, routine, technique
from macros.components import page as kinds
from macros.core.calls import macro_calls
from macros.core.config import config, settings
from macros.core.errors import KnotworkError, Problem
from macros.core.fields import check_title
from macros.core.page import Page, read_page, shown_path
from macros.core.text import file_slug

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


Check = Callable[[Page, "Run"], list[Problem]]


@dataclass
class Run:
    """What the checks of one run share: the site, its settings and macros, and the names taken so far."""

    docs_dir: Path
    macros: dict[str, Callable[..., Any]]
    conf: dict[str, Any]  # extra.knotwork in mkdocs.yml
    site: Site
    today: dt.date
    titles: dict[str, str] = field(default_factory=dict)  # a page's title (lower case): the page that has it
    slugs: dict[str, str] = field(default_factory=dict)  # a technique's web address: its file
    timer_ids: dict[str, tuple[str, int]] = field(default_factory=dict)  # a timer's `id`: its page and line


def check_site(docs_dir: Path, config_file: Path, macros: dict[str, Callable[..., Any]],
               today: dt.date | None = None, kept: dict[Any, Any] | None = None) -> list[Problem]:
    """Every problem in every page of docs_dir. With `kept` (under `mkdocs serve`: a dict that
    outlives the rebuilds), a page that did not change is answered as the run before answered
    it, where nothing else its checks read changed either (checks/kept.py)."""
    # The registries first: a mistake there is one message naming the file, not one per page.
    broken = registry_problems()
    if broken:
        return broken
    techniques = set(technique.technique_files(docs_dir))
    routines = set(routine.routine_files(docs_dir))
    run = Run(docs_dir, macros, settings(config_file), Site(docs_dir, techniques, config(config_file).get("site_url")),
              today or dt.date.today())
    if kept is not None:
        kept = kept_answers.for_site(kept, kept_answers.site_key(docs_dir, config_file, run.today))
    problems = check_files(docs_dir, run.conf) + misnamed_pages(docs_dir)
    for path in page_files(docs_dir):  # resolved, as technique_files are; no symlink
        kind = "technique" if path in techniques else "routine" if path in routines else "page"
        # A routine shows its steps' pages: always checked afresh.
        found, names = (own_problems(path, kind, run) if kept is None or kind == "routine"
                        else _own_problems_once(path, kind, run, kept))
        problems += sorted(found + names_taken(names, run), key=lambda p: p.line or 0)
    return problems


def _own_problems_once(path: Path, kind: str, run: Run, kept: dict[Any, Any]) -> tuple[list[Problem], Names]:
    key = kept_answers.page_key(path, kind)
    answer = kept_answers.kept(kept, key)
    if answer is not None:
        found, names = answer
        return found, Names(**names)
    found, names = own_problems(path, kind, run)
    kept_answers.keep(kept, key, found, dataclasses.asdict(names))
    return found, names


def registry_problems() -> list[Problem]:
    """The first mistake in the registries of doses and callouts, as one message naming the file."""
    for registry, load in ((dose.REGISTRY, dose.registry), (callout.REGISTRY, callout.registry),
                           (callout.REGISTRY, before.check_registry)):
        try:
            load()
        except KnotworkError as err:
            return [Problem(shown_path(registry), err.message, err.fix)]
    return []


def safe_to_build(docs_dir: Path, config_file: Path) -> bool:
    """Whether MkDocs may build the pages while their checks run (build/beside.py): the
    registries hold, every file under docs/ is a page or a drawing where it belongs (no symlink
    to copy out of the project) and no page is over the size limit. Cheap: no page is read."""
    conf = settings(config_file)
    return not (registry_problems() or check_files(docs_dir, conf)
                or any(page_too_big(path, conf) for path in page_files(docs_dir)))


@dataclass
class Names:
    """The names a page takes, each the site's only one: its web address (a technique's), its
    title, its timers' ids (with their lines). Checked against the pages before it."""

    rel: str
    slug: str | None = None
    title: str = ""  # as written
    title_line: int | None = None
    timer_ids: list[tuple[str, int]] = field(default_factory=list)


def own_problems(path: Path, kind: str, run: Run) -> tuple[list[Problem], Names]:
    """The problems of one page of the kind `kind` (a key of CHECKS), in the order CHECKS lists
    its checks, and the names it takes (whether a page before it took them is for names_taken)."""
    too_big = page_too_big(path, run.conf)
    if too_big:  # read no further: every check's work grows with the page
        return too_big, Names(shown_path(path))
    if kind == "technique":
        page, found = technique.load(path, run.today)
    else:
        page, found = read_page(path, shown_path(path))
    # A page that cannot be read (not UTF-8, front matter not closed) gets that one message; a
    # routine whose front matter has a problem, that one too, before its steps are read.
    when = {ALWAYS: True, READABLE: page.readable, SOUND: page.readable and not found}
    found = list(found)
    for check, condition in CHECKS[kind]:
        if when[condition]:
            found += check(page, run)
    if page.readable and not any(p.severity == "error" for p in found):  # what it shows is known: as reviewed?
        found += check_review(page, run.docs_dir, run.conf, run.today, dates_checked=kind == "technique")
    title = str(page.meta.get("title", ""))
    return found, Names(page.rel, slug=file_slug(path.stem) if kind == "technique" else None, title=title,
                        title_line=page.line_of("title") if title.strip() else None,
                        timer_ids=_timer_ids(page) if page.readable else [])


def page_too_big(path: Path, conf: dict[str, Any]) -> list[Problem]:
    """A page over the site's size limit (max_page_kb in mkdocs.yml), named before it is read."""
    limit = conf.get("max_page_kb")
    size = path.stat().st_size
    if limit is None or size <= int(limit) * 1024:
        return []
    return [Problem(shown_path(path), f"the file is {size / 1024:,.0f} KB; a page may be at most {limit} KB.",
                    "cut it down, or split it into pages of their own (the limit is max_page_kb in mkdocs.yml).",
                    1)]


def _technique_macros(page: Page, run: Run) -> list[Problem]:
    """The page's macro calls, then what they say against its dose and technique.yml."""
    problems, calls = check_macros(page, run.macros, run.conf)
    readable = not any(p.message.startswith("a macro is not written right") for p in problems)
    return problems + technique.check_calls(page, calls, readable)


def _page_macros(page: Page, run: Run) -> list[Problem]:
    """Another page's macro calls, then its get-help cards beside the heart card."""
    problems, calls = check_macros(page, run.macros, run.conf)
    return (problems + check_with_get_help(page, calls)
            + dose.check_without_a_dose(page, calls, routine.max_seconds(run.conf)))


def _routine_macros(page: Page, run: Run) -> list[Problem]:
    """A routine's macro calls, then a timer in its own words, which its player would not play."""
    problems, calls = check_macros(page, run.macros, run.conf)
    return problems + routine.check_own_timers(page, calls)


def _file_name(page: Page, run: Run) -> list[Problem]:
    """A technique's file name is its web address: lower-case words joined by hyphens (that no
    other page has it is for names_taken)."""
    found = []
    path, rel = page.path, page.rel
    slug = file_slug(path.stem)  # as `make technique` names a file: "à" as "a"
    if not _SLUG.fullmatch(path.stem):
        found.append(Problem(rel, f"the file name `{path.name}` is not lower-case words joined by hyphens.",
                             f"rename it to `{slug}.md`: the name becomes the page's web address."))
    return found


def _every_page(page: Page, run: Run) -> list[Problem]:
    """What holds for every page: safe HTML, links that lead somewhere, the safety wording from
    the registry, the first timer's id left to it, no forum post among its sources and no
    promise of a cure."""
    wording = check_safety_wording(page, run.conf)
    return (check_html(page, run.site) + check_links(page, run.docs_dir, run.site) + check_link_forms(page) + wording
            + check_timer_id(page, run.site) + check_own_warnings(page, {p.line for p in wording})
            + check_provenance(page) + claims.check(page))


def _timer_ids(page: Page) -> list[tuple[str, int]]:
    """The ids given to the page's timers, with their lines."""
    return [(call.kwargs["id"], call.line) for call in macro_calls(page)
            if call.name == "timer" and isinstance(call.kwargs.get("id"), str)]


def names_taken(names: Names, run: Run) -> list[Problem]:
    """A web address, title or timer id that a page before this one (or this one) took first:
    each is the site's only one."""
    found, rel = [], names.rel
    if names.slug is not None:
        if names.slug in run.slugs:
            found.append(Problem(rel, f"the slug `{names.slug}` is also used by {run.slugs[names.slug]}.",
                                 "rename the file: each technique needs its own web address."))
        run.slugs[names.slug] = rel
    for timer_id, line in names.timer_ids:  # shared sessions name timers by their ids
        if timer_id in run.timer_ids:
            first, first_line = run.timer_ids[timer_id]
            where = f"line {first_line} of this page" if first == rel else f"{first} line {first_line}"
            found.append(Problem(rel, f"the timer id `{timer_id}` is also used on {where}.",
                                 "give this timer an id of its own: shared sessions name timers by it.", line))
        else:
            run.timer_ids[timer_id] = (rel, line)
    title = names.title.strip().lower()
    if title and title in run.titles:
        found.append(Problem(rel, f"the title `{names.title}` is also used by {run.titles[title]}.",
                             "give each page its own title.", names.title_line))
    run.titles.setdefault(title, rel)
    return found


def _front_matter(page: Page, run: Run) -> list[Problem]:
    """Every key of a page of another kind declared in page.yml, and of its type. A technique in a
    folder of its own is told where it goes (misnamed_pages), not that its keys are unknown here."""
    folder = technique.spec()["folder"]
    if (run.docs_dir / folder).resolve() in page.path.parents:
        return []
    # A technique saved in the wrong folder: said once, not as each of its keys being unknown here.
    own = [key for key in technique.fields() if key in page.meta and key not in ("title", "sources")
           and key not in {f["name"] for f in kinds.spec()["review_fields"]}]
    if len(own) >= 3:
        keys = ", ".join(f"`{key}`" for key in own[:3])
        return [Problem(page.rel, f"the page has a technique's front matter ({keys}, …), "
                        f"but it is not in {run.docs_dir.name}/{folder}/: it would be built as a plain page, with no "
                        "header and none of a technique's checks.",
                        f"move it to {run.docs_dir.name}/{folder}/{page.path.name} (`make technique NAME=\"…\"` "
                        "makes a technique there).", 1)]
    return kinds.check(page, run.docs_dir)


# When a check runs: whatever the page; when the page could be read; when its front matter, too,
# had no problem.
ALWAYS, READABLE, SOUND = "always", "readable", "sound"

# The checks of each kind of page, in the order their problems are listed (then sorted by line).
CHECKS: dict[str, tuple[tuple[Check, str], ...]] = {
    "technique": (  # its front matter is checked as it is read (technique.load)
        (lambda page, run: technique.check_headings(page), READABLE),
        (_technique_macros, READABLE),
        (lambda page, run: technique.check_reading_grade(page, run.conf), READABLE),
        (lambda page, run: check_sentences(page, run.conf), READABLE),
        (lambda page, run: check_placeholders(page), READABLE),
        (_file_name, ALWAYS),
        (_every_page, READABLE),
    ),
    "routine": (  # its steps, length, doses and safety (components/routine.py)
        (lambda page, run: check_title(page, ("description",)), SOUND),
        (_routine_macros, SOUND),
        (lambda page, run: routine.check(page, run.docs_dir, run.conf), SOUND),
        (lambda page, run: check_sentences(page, run.conf), SOUND),
        (lambda page, run: check_placeholders(page), SOUND),  # what `make routine` left to write
        (_every_page, READABLE),
    ),
    "page": (
        (lambda page, run: check_title(page, ("description",)) + _front_matter(page, run), SOUND),
        (_page_macros, READABLE),
        (_every_page, READABLE),
    ),
}


# What MkDocs builds as a page (mkdocs.utils.markdown_extensions), and what an editor may save.
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def misnamed_pages(docs_dir: Path) -> list[Problem]:
    """A page saved as `.markdown` (or `.mkd`, …) is built by MkDocs but read by no check, and
    one saved as `.MD` is not a page at all: each is told to end in `.md`. A technique in a
    folder of its own under techniques/ would be built as a plain page, with no header."""
    problems = []
    folder = docs_dir / technique.spec()["folder"]
    for path in sorted(folder.glob("*/**/*.md")):
        name = path.stem if path.stem != "index" else path.parent.name
        problems.append(Problem(shown_path(path.resolve()), f"a technique page must be right in "
                                f"{docs_dir.name}/{folder.name}/, not in a folder under it.",
                                f"move it to {docs_dir.name}/{folder.name}/{file_slug(name)}.md (`make "
                                'technique NAME="…"` makes it there).'))
    for path in sorted(docs_dir.rglob("*")):
        if path.suffix != ".md" and path.suffix.lower() in _MARKDOWN_SUFFIXES and path.is_file():
            what = "is built as a page but none of the checks read it" if path.suffix in _MARKDOWN_SUFFIXES \
                else "is not built as a page (MkDocs reads `.md` in lower case only)"
            problems.append(Problem(shown_path(path.resolve()), f"the file name ends in `{path.suffix}`, so it "
                                    f"{what}.", f"rename it to `{path.stem}.md`."))
    return problems
