"""Technique pages: front matter read and checked against technique.yml, and the page
header and sources list made from it."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from macros.components import callout, dose
from macros.components import page as kinds
from macros.core import spec as components
from macros.core.calls import MacroCall, failed_calls, macro_calls
from macros.core.durations import parse_duration, say_duration
from macros.core.errors import KnotworkError, Problem
from macros.core.fields import PLAIN_TEXT_KEYS, check_front_matter, check_title
from macros.core.page import Page, md_files, read_page, shown_path
from macros.core.reading import long_sentences, reading_grade
from macros.core.text import HEADING, file_slug, line_at, section_at, section_headings, without_fences

NAME = "technique"


def spec() -> dict[str, Any]:
    return components.spec(NAME)


def fields() -> dict[str, dict[str, Any]]:
    return components.fields(NAME)



def check_meta(page: Page, today: dt.date) -> list[Problem]:
    """Every problem with a technique page's front matter, not just the first."""
    known = fields()
    if not page.has_front_matter:
        needed = ", ".join(name for name, fdef in known.items() if fdef["required"])
        return [Problem(page.rel, "the page has no front matter (the block between two `---` lines at the top).",
                        f"start the file with a `---` line, then {needed}, then `---`; "
                        'or start again with `make technique NAME="…"`.', 1)]
    return (check_front_matter(page, known, kinds.theme_fields(spec()["theme_keys"]), kinds.refused_keys())
            + check_dates(page, today))


def check_dates(page: Page, today: dt.date) -> list[Problem]:
    """A page's review dates: both or neither (a page with neither says it has not been reviewed
    yet), the review not in the future, the next one after it, and a warning once it is due."""
    if ("last_reviewed" in page.meta) != ("review_due" in page.meta):
        given, missing = ("last_reviewed", "review_due") if "last_reviewed" in page.meta else \
            ("review_due", "last_reviewed")
        return [Problem(page.rel, f"`{given}` is there but `{missing}` is not.",
                        f"record the review with `make review PAGE={page.rel}`, which writes both.",
                        page.line_of(given))]
    reviewed, due = page.meta.get("last_reviewed"), page.meta.get("review_due")
    if not (isinstance(reviewed, dt.date) and isinstance(due, dt.date)):
        return []
    problems = []
    if reviewed > today:
        problems.append(Problem(page.rel, f"`last_reviewed` ({reviewed}) is in the future.",
                                "write the day the review really happened.", page.line_of("last_reviewed")))
    if due <= reviewed:
        problems.append(Problem(page.rel, f"`review_due` ({due}) is not after `last_reviewed` ({reviewed}).",
                                f"record the review with `make review PAGE={page.rel}`, which sets the next "
                                "one a year after it.",
                                page.line_of("review_due")))
    elif due < today:
        problems.append(Problem(page.rel, f"the review was due on {due}.",
                                "check the page against its sources, then record it with "
                                f"`make review PAGE={page.rel}` (it sets `last_reviewed` and `review_due`).",
                                page.line_of("review_due"), severity="warning"))
    return problems

def say_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def svg_size(path: Path) -> tuple[str, str] | tuple[None, None]:
    """The width and height an SVG declares, so the page does not jump as it loads."""
    # Bytes, not text: a drawing that is not UTF-8 (a PNG saved as .svg, say) is the drawing
    # check's to report (checks/files.py), with its file; here it only has no size.
    head = path.read_bytes()[:600].decode("utf-8", errors="replace")
    box = re.search(r'viewBox="\s*[\d.]+[ ,]+[\d.]+[ ,]+([\d.]+)[ ,]+([\d.]+)', head)
    return (box[1], box[2]) if box else (None, None)


def first_time(page: Page) -> int | None:
    """Seconds the page's first timer runs (the first time's), or None without a sound one."""
    call = next((c for c in macro_calls(page) if c.name == "timer"), None)
    try:
        return dose.timer_total(components.bind("timer", call.args, call.kwargs)) if call else None
    except KnotworkError:
        return None  # the page's own check says what is wrong with it


def time_fact(meta: dict[str, Any], first: int | None) -> str:
    """The "Time" fact, true to the timers: "about 3 minutes the first time; up to 10 on later
    days, getting into position included" where the first time's timer is shorter than
    `time_needed` (the longest timer, and time to get into position and up again), else "about
    10 minutes". The later figure says what it holds: beside a dose card's "up to 5 minutes of
    pressing", a bare "up to 10" reads as ten minutes on the ball."""
    needed = math.ceil(meta["time_needed"] / 60)
    if first is None or math.ceil(first / 60) >= needed:
        return f"about {say_duration(needed * 60)}"
    return (f"about {say_duration(math.ceil(first / 60) * 60)} the first time; up to {needed} on later days, "
            "getting into position included")


def header(meta: dict[str, Any], docs_dir: Path, base: str, review: Markup | str = "",
           first: int | None = None) -> Markup:
    """The header under a technique's title. `base` is the page's way back to the site root;
    `review` is the page's review line (components/review.py); `first`, the seconds of its
    first timer (`first_time`)."""
    art = meta["illustration"]
    width, height = svg_size(docs_dir / "assets" / "illustrations" / art["src"])
    return components.render(
        NAME,
        time=time_fact(meta, first),
        time_in_all=time_fact(meta, None),
        **{k: meta.get(k) for k in fields() if k != "illustration"},
        illustration={"url": f"{base}assets/illustrations/{art['src']}", "alt": art["alt"],
                      "width": width, "height": height},
        review=review,
    )


def sources(meta: dict[str, Any]) -> str:
    """The Sources section as Markdown (so its heading is in the page's contents) + HTML, and the
    pages the idea comes from (`idea_from`: not health sources) apart from them."""
    text = "\n\n## Sources\n\n" + components.render(NAME, "sources", sources=meta["sources"]) + "\n"
    if meta.get("idea_from"):
        text += (f"\n## {IDEA_HEADING}\n\n" + components.render(NAME, "ideas", sources=meta["idea_from"]) + "\n")
    return text


# The heading of the pages an idea comes from, apart from the sources (a technique's `idea_from`).
IDEA_HEADING = "Where this idea comes from"


@cache
def _load(path: Path, mtime: float, today: dt.date) -> tuple[Page, tuple[Problem, ...]]:
    page, problems = read_page(path, shown_path(path))
    if problems:  # front matter that cannot be read: no point listing every field as missing
        return page, tuple(problems)
    # check_meta checks the title as a field of its own; check_title covers the rest.
    problems += check_title(page, tuple(k for k in PLAIN_TEXT_KEYS if k not in fields()))
    problems += check_meta(page, today)
    return page, tuple(problems)


def load(path: Path, today: dt.date | None = None) -> tuple[Page, tuple[Problem, ...]]:
    """A technique page with its front matter checked (cached until the file changes)."""
    path = path.resolve()
    return _load(path, path.stat().st_mtime, today or dt.date.today())


def technique_files(docs_dir: Path) -> list[Path]:
    folder = docs_dir / spec()["folder"]
    return [p for p in md_files(folder) if p.name != "index.md"]


def load_all(docs_dir: Path) -> list[Page]:
    """Every technique page whose front matter is sound, in the reading order."""
    pages = [load(p) for p in technique_files(docs_dir)]
    good = [page for page, problems in pages if not any(p.severity == "error" for p in problems)]
    return sorted(good, key=lambda p: reading_key(p.meta))


def reading_key(meta: dict[str, Any]) -> tuple[float, str]:
    """The one order of the techniques, wherever they are listed (the home page, the menu, the
    footer's Previous and Next, the 404 page, the tags page): shortest first, then by title.
    `time_needed` as read (seconds) or as written ("10 min"); a page without it comes last."""
    time_needed = meta.get("time_needed")
    if isinstance(time_needed, str):
        time_needed = parse_duration(time_needed)
    seconds = time_needed if isinstance(time_needed, int) else float("inf")
    return seconds, str(meta.get("title", "")).casefold()


def tags_listing_key(mapping: Any) -> tuple[float, str]:
    """The tags page's order of its pages (mkdocs.yml, `listings_sort_by`): the reading order."""
    return reading_key({**mapping.item.meta, "title": mapping.item.title})


# A technique page checked against technique.yml -------------------------------------------------
# (its front matter above; the checks of every page, and the run over the site, in checks/)


def check_headings(page: Page) -> list[Problem]:
    """No `# ` heading of its own, and every section of technique.yml, in order."""
    problems: list[Problem] = []
    sections = spec()["sections"]
    body = without_fences(page.body)
    own = re.search(r"^#\s", body, re.M)
    if own:
        problems.append(Problem(page.rel, "the page has its own `# ` heading.",
                                "remove it: the title comes from `title:` in the front matter.",
                                line_at(page, own.start())))
    found = [(m.group(1).strip(), line_at(page, m.start())) for m in HEADING.finditer(body)]
    headings = [heading for heading, _ in found]
    missing = [s for s in sections if s not in headings]
    others = [(heading, line) for heading, line in found if heading not in sections]
    for section in missing:
        index = sections.index(section)
        # A heading written a little differently (`## What You Need`) is told how to write it, at its line.
        near = next(((h, line) for h, line in others
                     if difflib.SequenceMatcher(None, h.lower(), section.lower()).ratio() >= 0.8), None)
        if near:
            others.remove(near)
            problems.append(Problem(page.rel, f"the section `## {section}` is missing: `## {near[0]}` is written "
                                    "differently.", f"write it `## {section}`, word for word: the site finds "
                                    "the sections by their headings.", near[1]))
            continue
        after = f" after `## {sections[index - 1]}`" if index else " first"
        # Its place: the line of the next section the page has, where it goes before.
        place = next((line for later in sections[index + 1:] for h, line in found if h == later), None)
        problems.append(Problem(page.rel, f"the section `## {section}` is missing.",
                                f"add `## {section}`{after}; every technique has these sections, in order: "
                                + ", ".join(sections) + ".", place))
    present = [h for h in headings if h in sections]
    if not missing and present != sections:
        problems.append(Problem(page.rel, "the sections are out of order.",
                                "put them in this order: " + ", ".join(sections) + "."))
    return problems


def check_calls(page: Page, calls: list[MacroCall], readable: bool) -> list[Problem]:
    """The page's macro calls (`calls`, as the checks read them) against its dose and against
    technique.yml: the dose card and the required callouts where they belong. When the macros
    cannot be read (`readable` false), which callouts the page has is unknown: nothing is said of them."""
    problems: list[Problem] = []
    technique = spec()
    get_help = technique["sections"][-1]
    sections = section_headings(page, without_fences(page.body))
    if readable:
        margin = parse_duration(fields()["time_needed"]["over_timers"])
        problems += dose.check_page(page, calls, technique["dose_section"], margin, callout.registry())
        problems += _misplaced(page, calls, sections, "dose", {None}, technique["dose_section"])
    for call in calls:
        if call.name == "timer" and "id" not in call.kwargs:
            problems.append(Problem(page.rel, "the timer has no `id`: a technique's timers are offered in "
                                    "\"Make your own session\", whose links name them by it.",
                                    f'add `id="{file_slug(page.path.stem)}-…"` to it: lower-case words joined by '
                                    "hyphens, used by no other timer (e.g. `-first-time`, `-later`).", call.line))
    used = {call.id for call in calls if call.name == "callout"}
    for needed in technique["required_callouts"]:
        if readable and needed not in used and not failed_calls(page, calls, "callout"):
            problems.append(Problem(page.rel, f"the callout `{needed}` is missing.",
                                    f'add {{{{ callout("{needed}") }}}} under `## {get_help}`.'))
    return problems + _misplaced(page, calls, sections, "callout", set(technique["required_callouts"]), get_help)


def _misplaced(page: Page, calls: list[MacroCall], sections: list[tuple[int, str]], macro: str,
               ids: set, home: str) -> list[Problem]:
    """Calls of `macro` (with an id in `ids`; None: any) that are not under `## home`."""
    problems = []
    for call in calls:
        if call.name == macro and (None in ids or call.id in ids):
            section = section_at(sections, call.line)
            if section != home:
                what = f"the {macro} `{call.id}`" if call.id else f"the {macro}"
                problems.append(Problem(page.rel, f"{what} is under {f'`## {section}`' if section else 'no section'}.",
                                        f"move it under `## {home}`, where readers look for it.", call.line))
    return problems


def check_reading_grade(page: Page, conf: dict[str, Any]) -> list[Problem]:
    """The page's reading grade within the site's limit (max_reading_grade in mkdocs.yml)."""
    limit = conf.get("max_reading_grade")
    if limit is None:
        return []
    grade = reading_grade(without_fences(page.body))
    if grade <= float(limit):
        return []
    sentences = long_sentences(page)
    longest = ", ".join(f"line {line} ({words} words)" for line, words in sentences)
    return [Problem(page.rel, f"the reading grade is {grade:.1f}; the site's limit is {limit}.",
                    "use shorter sentences and everyday words"
                    + (f"; the longest sentences are on {longest}" if longest else "")
                    + " (the limit is max_reading_grade in mkdocs.yml).",
                    sentences[0][0] if sentences else None)]
