"""Start a new technique page: `make technique NAME="Foam roller on the floor"`.

Writes docs/techniques/<slug>.md with valid front matter, every required section, the
standard "When to get help" callouts and a timer, plus a placeholder drawing in
docs/assets/illustrations/<slug>.svg. The page builds at once; the parts still to write are
marked, and the checks list them as warnings (the tests do not pass until they are gone).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

import yaml

from macros.checks.placeholders import PLACEHOLDER, PLACEHOLDER_SVG_MARK
from macros.components import callout, dose, routine, technique
from macros.core.config import ROOT
from macros.core.durations import parse_duration
from macros.core.errors import KnotworkError
from macros.core.fields import MARKUP
from macros.core.page import read_page
from macros.core.text import file_slug

# What to write in each section; a section added to technique.yml later gets a general line.
GUIDANCE = {
    "What it is for": "what it helps with, and what it does not help with. Promise no cure.",
    "What you need": "the things you need, and where to do it (for example the floor, not a bed).",
    "How to do it": None,  # numbered steps, written below
    "How hard, how long and how often": 'how hard to press (a "good" ache you can relax into). How long and how '
                                        "often come from the dose card below.",
    "Afterwards": "what is normal afterwards, and what is not.",
    "Safety": "who should not do it and when to stop, if only true for this technique. Safety notes come from "
              "callouts.",
}
# The timer the new page starts with: short enough for any dose's first session.
TIMER = {"hold": "30s", "times": 3, "rest": "10s"}


def check_name(name: str, docs_dir: Path) -> tuple[str, str]:
    """(title, slug) for `name`, or KnotworkError saying what to change."""
    title = " ".join(name.split())
    title = title[:1].upper() + title[1:]
    limit = technique.fields()["title"]["max_length"]
    example = 'make technique NAME="Foam roller on the floor"'
    if not title:
        raise KnotworkError("the name is empty.", f"give the technique a name: {example}")
    if MARKUP.search(title):
        raise KnotworkError(f"the name `{title}` has characters a title cannot have (< > ` * _ [ ] {{ }}).",
                            f"use words only: {example}")
    if len(title) > limit:
        raise KnotworkError(f"the name is {len(title)} characters; a title has at most {limit}.",
                            "shorten it: the name is the page's heading and its menu entry.")
    slug = file_slug(title)
    if not re.search(r"[a-z]", slug):
        raise KnotworkError(f"the name `{title}` has no letters to make a file name from.",
                            f"use words: {example}")
    if slug == "index":  # a folder's own page, which MkDocs shows for the folder: never a technique or a routine
        raise KnotworkError(f"the name `{title}` would make the file index.md, which is the folder's own page.",
                            f"use a name of a few words: {example}")
    folder = docs_dir / technique.spec()["folder"]
    for existing in sorted(folder.glob("*.md")):
        page, _ = read_page(existing, str(existing))
        if str(page.meta.get("title", "")).strip().lower() == title.lower():
            raise KnotworkError(f"{_shown(existing, docs_dir)} already has the title `{title}`.",
                                "choose another name, or edit that page.")
    return title, slug


def _shown(path: Path, docs_dir: Path) -> str:
    return str(Path(docs_dir.name) / path.relative_to(docs_dir))


def _yaml(value: object) -> str:
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000).strip().removesuffix(
        "...").strip()


def front_matter(title: str, slug: str) -> str:
    fields = technique.fields()
    source = fields["sources"]["example"][0]
    lines = [
        "---",
        "# Every field is explained in CONTRIBUTING.md, under \"Front matter\".",
        f"title: {_yaml(title)}",
        f"summary: {_yaml(f'{PLACEHOLDER} one sentence on what it does and for whom.')}",
        "illustration:",
        f"  src: {slug}.svg",
        f"  alt: {_yaml(f'{PLACEHOLDER} a sentence that describes the position, for someone who cannot see it.')}",
        f"equipment: {_yaml([f'{PLACEHOLDER} one thing you need per item'])}",
        f"# One of: {', '.join(fields['position']['values'])}.",
        f"position: {_yaml(fields['position']['values'][0])}",
        f"# Any of: {', '.join(fields['body_areas']['values'])}.",
        f"body_areas: {_yaml(fields['body_areas']['values'][:1])}",
        "# About how long a whole session takes: the longest timer, and time to get into position and up.",
        f"time_needed: {math.ceil(_timer_total(fields['position']['values'][0]) / 60)} min",
        "# Where every health fact on the page comes from. Replace this with your own sources.",
        "sources:",
        f"  - {_yaml(source)}",
        "# No review yet: until one is recorded, the page tells its readers it has not been reviewed.",
        "# Once the page is checked against its sources, record it: make review PAGE=\"docs/…md\". It writes",
        "# `last_reviewed`, `review_due` and `reviewed_hash`; with BY=\"…\" a clinician's name (CONTRIBUTING.md,",
        "# Clinical review).",
        "---",
    ]
    return "\n".join(lines) + "\n"


def _first_dose() -> dose.Dose:
    return next(iter(dose.registry().values()))


def _get_ready(position: str) -> int:
    return _first_dose().get_ready.get(position, 0)


def _timer_total(position: str) -> int:
    values = {key: parse_duration(value) if key in ("hold", "rest") else value for key, value in TIMER.items()}
    return dose.timer_total({**values, "get_ready": _get_ready(position)})


def body(title: str) -> str:
    spec = technique.spec()
    required = spec["required_callouts"]
    first = _first_dose()
    # The dose's callouts: warnings under Safety, tips where the dose card is.
    by_section = {"Safety": [], spec["dose_section"]: []}
    for callout_id in first.callouts:
        level = callout.registry()[callout_id]["level"]
        by_section["Safety" if level != "info" else spec["dose_section"]].append(callout_id)
    get_ready = _get_ready(technique.fields()["position"]["values"][0])
    parts = []
    for section in spec["sections"]:
        parts.append(f"## {section}")
        if section == "How to do it":
            parts.append(f"1. {PLACEHOLDER} the first step.\n2. {PLACEHOLDER} the next step.")
            # `how` says under the step, in any routine that uses the timer, how to do it.
            parts.append(f'{{{{ timer("{TIMER["hold"]}", times={TIMER["times"]}, rest="{TIMER["rest"]}", '
                         f'get_ready="{get_ready}s", label={json.dumps(title)}, '
                         f'how="{PLACEHOLDER} how to do it, in one sentence.", '
                         f'id="{file_slug(title)[:29].rstrip("-")}-first-time") }}}}')
            parts.append("<!-- Change the timer to fit the steps and the dose: see `timer` and Doses in "
                         "CONTRIBUTING.md. -->")
        elif section == spec["sections"][-1]:
            parts.append("<!-- These callouts are on every technique page. Add none of your own words here. -->")
            parts += [f'{{{{ callout("{callout_id}") }}}}' for callout_id in required]
        else:
            parts.append(f"{PLACEHOLDER} {GUIDANCE.get(section) or 'this part.'}")
        if section == spec["dose_section"]:
            parts.append(f"<!-- The dose that fits this technique, one of: {', '.join(dose.registry())}. -->")
            parts.append(f'{{{{ dose("{first.id}") }}}}')
        parts += [f'{{{{ callout("{callout_id}") }}}}' for callout_id in by_section.get(section, [])]
    return "\n\n".join(parts) + "\n"


def placeholder_svg(title: str) -> str:
    """A simple stand-in drawing: a figure lying on a floor line, and the words "Drawing to come"."""
    label = title.replace("&", "and").replace("<", "").replace(">", "")
    return f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 160" {PLACEHOLDER_SVG_MARK}="true" role="img">
  <title>Drawing to come: {label}</title>
  <rect x="1" y="1" width="318" height="158" fill="#fff" stroke="#000" stroke-width="2" stroke-dasharray="6 4"/>
  <line x1="20" y1="120" x2="300" y2="120" stroke="#000" stroke-width="3"/>
  <circle cx="80" cy="104" r="12" fill="none" stroke="#000" stroke-width="3"/>
  <path d="M92 108 L200 108 L230 80 L260 116" fill="none" stroke="#000" stroke-width="3" stroke-linejoin="round"/>
  <text x="160" y="40" font-family="sans-serif" font-size="18" text-anchor="middle">Drawing to come</text>
</svg>
"""


def scaffold(name: str, docs_dir: Path) -> tuple[Path, Path]:
    """Write the page and its placeholder drawing; refuse to overwrite anything."""
    title, slug = check_name(name, docs_dir)
    page = docs_dir / technique.spec()["folder"] / f"{slug}.md"
    art = docs_dir / "assets" / "illustrations" / f"{slug}.svg"
    for path in (page, art):
        if path.exists():
            raise KnotworkError(f"{_shown(path, docs_dir)} already exists; nothing was written.",
                                "choose another name, or edit the page that is there.")
    page.parent.mkdir(parents=True, exist_ok=True)
    art.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(front_matter(title, slug) + "\n" + body(title), encoding="utf-8")
    art.write_text(placeholder_svg(title), encoding="utf-8")
    return page, art


# A new routine --------------------------------------------------------------------------------


def routine_front_matter(title: str, docs_dir: Path) -> str:
    """A routine's front matter with two steps that build at once: the first labelled timer of
    the first technique, and a wait to change position (routine.yml lists every kind)."""
    pages = [s for s in routine.source_pages(docs_dir).values() if s.technique and s.labels()]
    if not pages:
        raise KnotworkError("no technique page has a timer with a `label` to start from.",
                            'add a technique first: make technique NAME="…"')
    # A timer that says how to do it, as a routine needs; else any (the checks then say what to add).
    first, label = next(((page, timer.label) for page in pages for timer in page.timers
                         if timer.label and timer.values.get("how")), (pages[0], pages[0].labels()[0]))
    lines = [
        "---",
        "# Every field and kind of step is explained in CONTRIBUTING.md, under \"Routines\".",
        f"title: {_yaml(title)}",
        f"summary: {_yaml(f'{PLACEHOLDER} one sentence on what the session is and when to do it.')}",
        "# In order. `page` is a page under docs/ and `timer` the label of one of its timers; `wait` waits for",
        "# the reader (a change of position); `rest: 30s` is a pause; `repeat: 2` with `steps:` repeats them.",
        "steps:",
        f"  - page: {first.rel}",
        f"    timer: {_yaml(label)}",
        f"  - wait: {_yaml(f'{PLACEHOLDER} what to do to change position.')}",
        "---",
    ]
    return "\n".join(lines) + "\n"


def scaffold_routine(name: str, docs_dir: Path) -> Path:
    """Write docs/routines/<slug>.md; refuse to overwrite anything."""
    title, slug = check_name(name, docs_dir)
    path = docs_dir / routine.spec()["folder"] / f"{slug}.md"
    for existing in sorted(path.parent.glob("*.md")):
        page, _ = read_page(existing, str(existing))
        if str(page.meta.get("title", "")).strip().lower() == title.lower():
            raise KnotworkError(f"{_shown(existing, docs_dir)} already has the title `{title}`.",
                                "choose another name, or edit that routine.")
    if path.exists():
        raise KnotworkError(f"{_shown(path, docs_dir)} already exists; nothing was written.",
                            "choose another name, or edit the routine that is there.")
    text = routine_front_matter(title, docs_dir) + (
        f"\n{PLACEHOLDER} a few plain sentences on what the session is for. The steps, their safety callouts "
        "and their sources are added from the pages they come from.\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make technique NAME=...", description=__doc__.splitlines()[0])
    parser.add_argument("name", help='the technique\'s title, e.g. "Foam roller on the floor"')
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="the docs folder (default: docs)")
    parser.add_argument("--routine", action="store_true", help="start a routine in docs/routines/ instead")
    args = parser.parse_args(argv)
    if args.routine:
        return _main_routine(args.name, args.docs)
    try:
        page, art = scaffold(args.name, args.docs)
    except KnotworkError as err:
        print(f"Cannot start the page: {err.message}\n    fix: {err.fix}", file=sys.stderr)
        return 2
    docs = args.docs
    print(f"Wrote {_shown(page, docs)} and {_shown(art, docs)}.")
    print("Next:")
    print(f"  1. Write each part marked `{PLACEHOLDER}` in {_shown(page, docs)}, and fill in the front matter.")
    print(f"  2. Draw the position in {_shown(art, docs)} (SVG, clear in black and white, a few KB).")
    print("  3. `make serve` to see it at http://127.0.0.1:8000, then `make check` and `make test`.")
    print("  CONTRIBUTING.md explains every field, section and macro.")
    return 0


def _main_routine(name: str, docs: Path) -> int:
    try:
        path = scaffold_routine(name, docs)
    except KnotworkError as err:
        print(f"Cannot start the routine: {err.message}\n    fix: {err.fix}", file=sys.stderr)
        return 2
    print(f"Wrote {_shown(path, docs)}.")
    print("Next:")
    print(f"  1. Write each part marked `{PLACEHOLDER}`, and list the steps (CONTRIBUTING.md, \"Routines\").")
    print("  2. `make serve` to see it at http://127.0.0.1:8000, then `make check` and `make test`.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
