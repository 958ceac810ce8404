"""Routines: one file per routine under docs/routines/, a session made from the timers of other
pages (see overrides/components/routine/routine.yml).

A routine names its steps by page and by the timer's `label`; everything a reader sees of a
step (its name, durations, picture, spoken words, safety callouts and sources) is read from
that page when the site is built, so a dose changed on a technique page changes every routine
that uses it, and a routine's total time is always worked out, never written.

Plain functions: the checks (checks/site.py), the page (build/hooks.py) and the home page's list call them.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markdown.extensions.toc import slugify
from markupsafe import Markup

from macros.components import callout, dose, technique
from macros.components import page as kinds
from macros.components import print as printing
from macros.components import timer as timers
from macros.components.dose import words as dose_words
from macros.components.technique import start
from macros.core import session_rules as rules
from macros.core import spec as components
from macros.core.calls import MacroCall, macro_calls
from macros.core.durations import parse_duration, say_duration
from macros.core.errors import KnotworkError, Problem, did_you_mean, one_of
from macros.core.fields import MARKUP, check_front_matter
from macros.core.fields import example as fields_example
from macros.core.page import Page, front_matter_text, md_files, read_page, resolved, shown_path
from macros.core.reading import prose, reading_grade
from macros.core.text import line_at, masked, section_at, section_headings, without_fences

NAME = "routine"


def spec() -> dict[str, Any]:
    return components.spec(NAME)


def fields() -> dict[str, dict[str, Any]]:
    return components.fields(NAME)


def routine_files(docs_dir: Path) -> list[Path]:
    folder = docs_dir / spec()["folder"]
    return [p for p in md_files(folder) if p.name != "index.md"]


# The pages a step can name ---------------------------------------------------------------------


@dataclass(frozen=True)
class Timer:
    label: str | None
    values: dict[str, Any]  # as timer() binds them
    line: int


@dataclass
class Source:
    """A page with at least one timer, as a routine step sees it."""

    rel: str  # under docs/, as a step names it: techniques/floor-tennis-ball.md
    title: str
    url: str  # from the site root: techniques/floor-tennis-ball/
    technique: bool
    illustration: dict[str, str] | None  # src, alt, and the width and height the SVG declares
    equipment: list[str]
    timers: list[Timer]
    dose: str | None
    callouts: list[tuple[int, str]]  # (line, id) of every callout the page inserts
    sections: list[tuple[int, str]]  # (line, heading) of every `## ` heading
    sources: list[dict[str, str]]
    get_up: str = ""  # its "### Get up" steps as one run of words, said when a session ends there
    position: str | None = None  # a technique's `position` (lying on your back, …); None elsewhere

    def section_at(self, line: int) -> str | None:
        return section_at(self.sections, line)

    def timer(self, label: str) -> Timer | None:
        return next((t for t in self.timers if t.label == label), None)

    def labels(self) -> list[str]:
        return [t.label for t in self.timers if t.label]


@cache
def _source(path: Path, mtime: float, rel: str, url: str, is_technique: bool) -> Source | None:
    page, problems = read_page(path, shown_path(path))
    if not page.readable or problems:
        return None
    calls = macro_calls(page)
    found = []
    for call in calls:
        if call.name == "timer":
            try:
                values = components.bind("timer", call.args, call.kwargs)
            except KnotworkError:
                continue  # the page's own check says what is wrong with it
            found.append(Timer(values["label"], values, call.line))
    if not found:
        return None
    meta = page.meta
    art = meta.get("illustration") if is_technique else None
    if isinstance(art, dict) and {"src", "alt"} <= set(art):
        # Its size, so the steps list keeps the picture's room before it loads.
        svg = path.parents[len(Path(rel).parts) - 1] / "assets" / "illustrations" / str(art["src"])
        width, height = technique.svg_size(svg) if svg.is_file() else (None, None)
        art = {"src": str(art["src"]), "alt": str(art["alt"]), "width": width, "height": height}
    else:
        art = None
    return Source(
        rel=rel, title=str(meta.get("title") or rel), url=url, technique=is_technique, illustration=art,
        equipment=[str(thing) for thing in meta.get("equipment") or []] if isinstance(meta.get("equipment"), list)
        else [],
        position=str(meta["position"]) if is_technique and isinstance(meta.get("position"), str) else None,
        timers=found,
        dose=next((call.id for call in calls if call.name == "dose"), None),
        callouts=[(call.line, call.id) for call in calls if call.name == "callout"],
        sections=section_headings(page),
        sources=list(meta["sources"]) if is_technique and isinstance(meta.get("sources"), list)
        else _listed_sources(page.body),
        get_up=get_up_words(page.body),
    )


_GET_UP = re.compile(r"^###\s+Get up\s*$(.*?)(?=^#|\Z)", re.M | re.S)
_ITEM = re.compile(r"^\s*\d+\.\s+", re.M)


@functools.lru_cache(maxsize=256)  # asked by each timer of a page as it renders (macro_table)
def get_up_words(body: str) -> str:
    """A page's "### Get up" steps as words to say ("Roll onto your side. Push yourself up ..."),
    links and emphasis left as their words; "" for a page without them."""
    found = _GET_UP.search(without_fences(body))
    if not found:
        return ""
    items = [" ".join(item.split()) for item in _ITEM.split(found.group(1))[1:]]
    words = " ".join(item if item.endswith((".", "!", "?")) else item + "." for item in items if item)
    return re.sub(r"[*_`]", "", re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", words))


# A page that is not a technique lists its sources under `## Sources` as
# `1. [Title](https://…), Publisher.` (docs/tips/everyday-tension.md).
_LISTED = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\),\s*(.+?)\.?\s*$")


def _listed_sources(body: str) -> list[dict[str, str]]:
    part = re.split(r"^##\s+Sources\s*$", body, maxsplit=1, flags=re.M)
    if len(part) < 2:
        return []
    items = re.split(r"^\s*(?:\d+\.|[-*])\s+", part[1].split("\n## ")[0], flags=re.M)
    found = []
    for item in items:
        match = _LISTED.search(" ".join(item.split()))
        if match:
            found.append({"title": match[1], "url": match[2], "publisher": match[3]})
    return found


class SourcePages(Mapping[str, Source]):
    """Every page a step can name (any page with a timer, routines aside), by its path under
    docs/. A page is read when a step names it: a routine of three steps reads three pages,
    however many the site has (listing them all, for a message or `make routine`, reads all)."""

    def __init__(self, docs_dir: Path):
        docs = docs_dir.resolve()
        techniques = set(technique.technique_files(docs))
        routines = set(routine_files(docs))
        self._pages: dict[str, tuple[Path, str, bool]] = {}
        for path in resolved(docs.rglob("*.md")):
            if path not in routines:
                rel = path.relative_to(docs).as_posix()
                url = rel[:-3] + "/" if path.stem != "index" else rel[: -len("index.md")]
                self._pages[rel] = (path, url, path in techniques)

    def __getitem__(self, rel: str) -> Source:
        if rel not in self._pages:
            raise KeyError(rel)
        path, url, is_technique = self._pages[rel]
        source = _source(path, path.stat().st_mtime, rel, url, is_technique)
        if source is None:  # a page without a timer
            raise KeyError(rel)
        return source

    def __iter__(self) -> Iterator[str]:
        return (rel for rel in self._pages if rel in self)

    def __contains__(self, rel: object) -> bool:
        try:
            self[rel]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def unreadable(self, rel: str) -> bool:
        """Whether the page at `rel` is there but cannot be read for its timers (a mistake in its
        front matter): a step naming it is told to mend the page, not that there is no page."""
        if rel not in self._pages:
            return False
        page, problems = read_page(self._pages[rel][0], shown_path(self._pages[rel][0]))
        return not page.readable or bool(problems)


def source_pages(docs_dir: Path) -> SourcePages:
    """Every page a step can name, read as steps name them (SourcePages)."""
    return SourcePages(docs_dir)


# A routine's steps ----------------------------------------------------------------------------


@dataclass
class Step:
    """One step of the session, repeats spelt out."""

    kind: str  # page, rest or wait
    line: int
    source: Source | None = None
    timer: Timer | None = None
    seconds: int = 0  # a rest
    text: str = ""  # a wait
    after_wait: bool = False  # a page's step just after a wait: the reader has just said "I'm ready"

    @property
    def name(self) -> str:
        if self.kind == "page":
            # A technique is known by its title; a timer on another page by its own label.
            return self.source.title if self.source.technique else (self.timer.label or self.source.title)
        return "Rest" if self.kind == "rest" else self.text

    def segments(self) -> list[dict[str, Any]]:
        if self.kind == "page":
            # No count to get ready after "I'm ready": the reader got into position in the wait.
            return timers.segments({**self.timer.values, "get_ready": None} if self.after_wait else self.timer.values)
        if self.kind == "rest":
            return [{"t": self.seconds, "name": "Rest"}]
        return [{"t": 0, "name": self.text}]

    @property
    def seconds_total(self) -> int:
        return sum(segment["t"] for segment in self.segments())


@dataclass
class Routine:
    page: Page
    steps: list[Step] = field(default_factory=list)
    complete: bool = False  # every step could be read: the whole session is known

    @property
    def total(self) -> int:
        """Seconds from Start to the end, the wait steps not counted (the reader takes their time)."""
        return sum(step.seconds_total for step in self.steps)

    @property
    def waits(self) -> int:
        return sum(1 for step in self.steps if step.kind == "wait")

    def sources(self) -> list[Source]:
        """The pages its steps come from, each once, in the order they come."""
        return list({step.source.rel: step.source for step in self.steps if step.source}.values())


def _item_lines(front: str) -> list:
    """The line numbers of the `steps` items (nested as the steps are), from the YAML's nodes."""
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []

    def lines(node: yaml.Node) -> list:
        if not isinstance(node, yaml.SequenceNode):
            return []
        found = []
        for item in node.value:
            inner = next((v for k, v in item.value if getattr(k, "value", None) == "steps"), None) \
                if isinstance(item, yaml.MappingNode) else None
            found.append((item.start_mark.line + 2, lines(inner) if inner is not None else []))
        return found

    return next((lines(v) for k, v in root.value if getattr(k, "value", None) == "steps"), [])


class _Reader:
    """Reads the `steps` of one routine into Steps, collecting every problem."""

    def __init__(self, page: Page, sources: dict[str, Source]):
        self.page, self.sources, self.problems = page, sources, []
        self.kinds = spec()["steps"]

    def problem(self, message: str, fix: str, line: int | None) -> None:
        self.problems.append(Problem(self.page.rel, message, fix, line))

    def read(self, items: Any, lines: list, where: str, line: int | None) -> list[Step]:
        example = fields_example(fields()["steps"])
        if not isinstance(items, list) or not items:
            self.problem(f"{where} must be a list of steps.", f"write them like `steps: {example}`.", line)
            return []
        steps = []
        for number, item in enumerate(items, start=1):
            item_line, inner = lines[number - 1] if number <= len(lines) else (line, [])
            steps += self.step(item, f"step {number}" + (f" of {where}" if where != "`steps`" else ""),
                               item_line, inner)
        return steps

    def step(self, item: Any, where: str, line: int | None, inner: list) -> list[Step]:
        kinds = self.kinds
        if not isinstance(item, dict):
            self.problem(f"{where} must be `key: value`, e.g. `page: …` with `timer: …`.",
                         f"start it with one of {one_of(kinds)}.", line)
            return []
        given = [kind for kind in kinds if kind in item]
        if len(given) != 1:
            unknown = [key for key in item if not any(key in k["keys"] for k in kinds.values())]
            close = did_you_mean(unknown[0], kinds) if unknown else ""
            what = f"has {' and '.join(f'`{k}`' for k in given)}" if given else \
                f"has no {' or '.join(f'`{k}`' for k in kinds)}"
            self.problem(f"{where} {what}.{close}", f"give each step one of {one_of(kinds)}: a step is one thing.",
                         line)
            return []
        kind = given[0]
        for key in item:
            if key not in kinds[kind]["keys"]:
                self.problem(f"{where}: a `{kind}` step has no `{key}`.{did_you_mean(key, kinds[kind]['keys'])}",
                             f"use only {one_of(kinds[kind]['keys'])}.", line)
                return []
        return getattr(self, f"_{kind}")(item, where, line, inner)

    def _page(self, item: dict, where: str, line: int | None, inner: list) -> list[Step]:
        name = item["page"]
        source = self.sources.get(str(name)) or self.sources.get(f"{name}.md")
        unreadable = getattr(self.sources, "unreadable", lambda rel: False)
        if source is None and (unreadable(str(name)) or unreadable(f"{name}.md")):
            self.problem(f"{where}: `{name}` cannot be read for its timers: its front matter has a mistake of "
                         "its own.", "mend that page first (`make check` names its mistake), then this step "
                         "finds its timer.", line)
            return []
        if source is None:
            names = list(self.sources)
            titled = {s.title.lower(): rel for rel, s in self.sources.items()}  # a page named by its title
            close = did_you_mean(str(name), names) or did_you_mean(Path(str(name)).stem,
                                                                   {Path(n).stem: n for n in names})
            close = close or (f" Did you mean `{titled[str(name).strip().lower()]}`?"
                              if str(name).strip().lower() in titled else "")
            if close and "/" not in close:  # the file's name without its folder: say the whole path
                stem = close.split("`")[1]
                close = f" Did you mean `{next(n for n in names if Path(n).stem == stem)}`?"
            self.problem(f"{where}: there is no page with a timer at `{name}`.{close}",
                         f"name a page under docs/ that has a timer, as its path: {one_of(names)}.", line)
            return []
        label = item.get("timer")
        timer = source.timer(label) if isinstance(label, str) else None
        if timer is None:
            labels = source.labels()
            listed = one_of(labels) if labels else "none: its timers have no `label`"
            what = f"has no timer labelled `{label}`" if label is not None else "needs `timer`: the label of one of " \
                "its timers"
            self.problem(f"{where}: `{source.rel}` {what}.{did_you_mean(str(label), labels) if label else ''}",
                         f"write `timer:` with one of its timers' labels, word for word: {listed}.", line)
            return []
        if not timer.values.get("how"):
            self.problem(f"{where}: the timer `{label}` of `{source.rel}` has no `how`: the line that says, under "
                         "the step, how to do it.", f"add `how=\"…\"` to that timer (line {timer.line} of "
                         f"`{source.rel}`): how to do it, in one sentence of at most {timers.HOW_LENGTH} characters.",
                         line)
            return []
        return [Step("page", line, source=source, timer=timer)]

    def _rest(self, item: dict, where: str, line: int | None, inner: list) -> list[Step]:
        rule = self.kinds["rest"]
        fix = f"give a duration from {say_duration(rule['min'])} to {say_duration(rule['max'])}, e.g. `rest: 30s`."
        try:
            seconds = parse_duration(item["rest"])
        except KnotworkError as err:
            self.problem(f"{where}: the rest `{item['rest']}` is not a duration: {err.message}", fix, line)
            return []
        if not rule["min"] <= seconds <= rule["max"]:
            self.problem(f"{where}: a rest of {say_duration(seconds)} is outside the allowed range.", fix, line)
            return []
        return [Step("rest", line, seconds=seconds)]

    def _wait(self, item: dict, where: str, line: int | None, inner: list) -> list[Step]:
        text, limit = item["wait"], self.kinds["wait"]["max_length"]
        if not isinstance(text, str) or not text.strip() or MARKUP.search(text) or len(text) > limit:
            self.problem(f"{where}: `wait` must be plain words, at most {limit} characters; got `{text}`.",
                         "say what to do in a short sentence, e.g. `wait: Roll onto your side and sit up.`", line)
            return []
        return [Step("wait", line, text=" ".join(text.split()))]

    def _repeat(self, item: dict, where: str, line: int | None, inner: list) -> list[Step]:
        rule, times = self.kinds["repeat"], item["repeat"]
        if isinstance(times, bool) or not isinstance(times, int) or not rule["min"] <= times <= rule["max"]:
            self.problem(f"{where}: `repeat` must be a whole number from {rule['min']} to {rule['max']}; "
                         f"got `{times}`.", "write how many times, e.g. `repeat: 2`, with its `steps:` under it.",
                         line)
            return []
        steps = self.read(item.get("steps"), inner, f"the repeat at {where}", line)
        return steps * times


def read(page: Page, docs_dir: Path) -> tuple[Routine, list[Problem]]:
    """The routine on `page` with its steps spelt out, and every problem with its fields and steps."""
    problems = check_fields(page)
    routine = Routine(page)
    if "steps" in page.meta:
        reader = _Reader(page, source_pages(docs_dir))
        routine.steps = reader.read(page.meta["steps"], _item_lines(front_matter_text(page)), "`steps`",
                                    page.line_of("steps"))
        for before, step in itertools.pairwise(routine.steps):
            step.after_wait = before.kind == "wait" and step.kind == "page"
        if not reader.problems and not any(step.kind == "page" for step in routine.steps):
            reader.problem("the routine has no step with a timer: only rests and waits.",
                           "add a `page:` step with its `timer:` (see CONTRIBUTING.md, Routines).",
                           page.line_of("steps"))
        problems += reader.problems
        routine.complete = not reader.problems and bool(routine.steps)
    return routine, problems


def check_fields(page: Page) -> list[Problem]:
    if not page.has_front_matter:
        return [Problem(page.rel, "the routine has no front matter (the block between two `---` lines at the top).",
                        'start it again with `make routine NAME="…"`, or copy the top of another routine.', 1)]
    return check_front_matter(page, fields(), kinds.theme_fields(spec()["theme_keys"]), kinds.refused_keys(),
                              rename_misspelt=False)


# What a routine's steps bring with them ----------------------------------------------------------


def required_callouts(routine: Routine) -> dict[str, list[str]]:
    """{callout id: names of the steps that need it}, in the order the steps bring them: the
    callouts under each page's Safety section and under the section of the step's timer, those
    its dose needs, and the get-help callouts every technique page has."""
    needed: dict[str, list[str]] = {}

    def need(callout_id: str, who: str) -> None:
        users = needed.setdefault(callout_id, [])
        if who not in users:
            users.append(who)

    for step in routine.steps:
        if step.kind != "page":
            continue
        source, home = step.source, step.source.section_at(step.timer.line)
        for line, callout_id in source.callouts:
            if source.section_at(line) in (*spec()["safety_sections"], home):
                need(callout_id, step.name)
        if source.dose in dose.registry():
            for callout_id in dose.registry()[source.dose].callouts:
                need(callout_id, step.name)
    if any(step.kind == "page" for step in routine.steps):
        for callout_id in technique.spec()["required_callouts"]:
            need(callout_id, "every session")
    return needed


def callouts_by_section(routine: Routine) -> list[tuple[str, list[str]]]:
    """[(heading, callout ids)] for the sections the routine page makes, in page order."""
    needed = required_callouts(routine)
    found = []
    for section in spec()["sections"]:
        ids = [cid for cid in needed if callout.registry().get(cid, {}).get("level") in section["levels"]]
        found.append((section["heading"], ids))
    return found


def sources(routine: Routine) -> list[dict[str, str]]:
    """Every source of the pages its steps come from, each once (by address)."""
    found: dict[str, dict[str, str]] = {}
    for source in routine.sources():
        for item in source.sources:
            found.setdefault(item["url"], item)
    return list(found.values())


def equipment(routine: Routine) -> list[str]:
    return list(dict.fromkeys(thing for source in routine.sources() for thing in source.equipment))


# The checks ---------------------------------------------------------------------------------------


def check(page: Page, docs_dir: Path, conf: dict[str, Any]) -> list[Problem]:
    """Every problem of a routine page: its fields and steps, its length, its doses, its safety
    callouts and its words."""
    routine, problems = read(page, docs_dir)
    body = without_fences(page.body)
    own = re.search(r"^#\s", body, re.M)
    if own:
        problems.append(Problem(page.rel, "the routine has its own `# ` heading.",
                                "remove it: the title comes from `title:` in the front matter.",
                                line_at(page, own.start())))
    if routine.complete:  # a step that cannot be read has its own message; the totals would be wrong
        problems += _check_session(routine, conf)
        problems += _check_own_sections(routine)
        problems += _check_words(routine)
    limit = conf.get("max_reading_grade")
    if limit is not None and prose(body).strip():
        grade = reading_grade(body)
        if grade > float(limit):
            problems.append(Problem(page.rel, f"the reading grade is {grade:.1f}; the site's limit is {limit}.",
                                    "use shorter sentences and everyday words (max_reading_grade in mkdocs.yml).",
                                    page.body_line))
    return problems


def check_own_timers(page: Page, calls: list[MacroCall]) -> list[Problem]:
    """A routine's timers are its steps: a `timer(…)` in its own words would be a second clock,
    which the player does not play and the checks of its length and doses do not count."""
    return [Problem(page.rel, "the routine writes a timer in its own words; a routine's timers are its steps.",
                    "remove the timer, and add its page's timer to `steps:` (`- page: …` with `timer: <its label>`).",
                    call.line)
            for call in calls if call.name == "timer"]


def max_seconds(conf: dict[str, Any]) -> int | None:
    value = conf.get("max_routine")
    return parse_duration(value) if value is not None else None


def holding(step: Step) -> int:
    """Seconds of holding (or pressing) in a step: what a dose's `session` limit counts."""
    return step.timer.values["times"] * step.timer.values["hold"] if step.kind == "page" else 0


def rules_session(routine: Routine, conf: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The routine as the session rules read it (core/session_rules.py): each step of a
    page as a timer of its own, with the seconds it plays where it stands."""
    steps: list[dict[str, Any]] = []
    found: dict[str, Any] = {}
    for number, step in enumerate(routine.steps):
        if step.kind == "page":
            known = step.source.dose in dose.registry()
            found[str(number)] = {"title": step.name, "dose": step.source.dose if known else None,
                                  "holding": holding(step), "seconds": step.seconds_total,
                                  "seconds_ready": step.seconds_total, "position": step.source.position,
                                  "page": step.source.title}
            steps.append({"timer": str(number)})
        else:
            steps.append({"rest": step.seconds} if step.kind == "rest" else {"wait": True})
    return steps, rules_data(conf, found, max_steps=len(steps))


def rules_data(conf: dict[str, Any], found: dict[str, Any], max_steps: int) -> dict[str, Any]:
    """What the session rules read beside the steps (core/session_rules.py): the timers `found`, the
    doses they name, a rest's range and the site's longest session, from their own files."""
    used = {timer["dose"] for timer in found.values()}
    rest = spec()["steps"]["rest"]
    return {"max_seconds": max_seconds(conf), "max_steps": max_steps, "rest": [rest["min"], rest["max"]],
            "doses": {d.id: {"name": d.name, "session": d.limits["session"], "first_session": d.limits["first_session"]}
                      for d in dose.registry().values() if d.id in used},
            "timers": found}


def _check_session(routine: Routine, conf: dict[str, Any]) -> list[Problem]:
    """The rules every session keeps, a reader's own too (core/session_rules.py): each
    dose's `session` limit over all its steps (two ways of pressing on a knot in one routine are
    still one session of pressing), and the site's longest session."""
    steps, data = rules_session(routine, conf)
    problems = []
    for finding in rules.check(steps, data):
        if finding["rule"] == "dose":
            step = routine.steps[finding["step"]]
            found = dose.registry()[step.source.dose]
            fix = ("use fewer steps of this dose, their first-time timers, or fewer repeats (the limit is `session` "
                   f"of `{found.id}` in {dose.REGISTRY.name}; source: {found.source_of('session')}).")
            problems.append(Problem(routine.page.rel, finding["message"], fix, step.line))
        elif finding["rule"] == "position":
            step = routine.steps[finding["step"]]
            problems.append(Problem(routine.page.rel, finding["message"], "add a wait step before it that says how "
                                    "to move, e.g. `- wait: Roll onto your side and sit on a chair.`", step.line))
        elif finding["rule"] == "length":
            problems.append(Problem(routine.page.rel, finding["message"], "use fewer steps, shorter timers or fewer "
                                    "repeats (the limit is max_routine in mkdocs.yml).",
                                    routine.page.line_of("steps")))
        else:  # the reading of the steps has its own messages for anything else
            raise AssertionError(finding)
    return problems


def _check_words(routine: Routine) -> list[Problem]:
    """The routine's own words invite no more than its steps' dose (components/dose/words.py)."""
    page = routine.page
    found = [dose.registry()[d["id"]] for d in how_often(routine)]
    return dose_words.check(page, found[0], masked(page.body, macros=True), lambda at: line_at(page, at)) \
        if found else []


def _check_own_sections(routine: Routine) -> list[Problem]:
    """A routine that writes its own Safety (or get-help) section still has every callout its
    steps need there: it cannot leave one out."""
    page = routine.page
    headings = {title for _, title in section_headings(page)}
    used = {call.id for call in macro_calls(page) if call.name == "callout"}
    needed = required_callouts(routine)
    problems = []
    for heading, ids in callouts_by_section(routine):
        if heading not in headings:
            continue  # the page makes the section itself, whole
        line = next(at for at, title in section_headings(page) if title == heading)
        for callout_id in ids:
            if callout_id not in used:
                who = ", ".join(needed[callout_id])
                problems.append(Problem(page.rel, f"the callout `{callout_id}` is missing from `## {heading}`: "
                                        f"{who} needs it.",
                                        f'add {{{{ callout("{callout_id}") }}}} under `## {heading}`, or remove the '
                                        "section and the page makes it whole.", line))
    return problems


# The page ----------------------------------------------------------------------------------------


def load(path: Path, docs_dir: Path) -> Routine:
    """A routine whose checks passed (the build stops before pages are made otherwise)."""
    page, problems = read_page(path.resolve(), shown_path(path.resolve()))
    if problems:
        raise KnotworkError(problems[0].message, problems[0].fix)
    routine, problems = read(page, docs_dir)
    if problems:
        raise KnotworkError(f"{problems[0].file}: {problems[0].message}", problems[0].fix)
    return routine


def player_steps(routine: Routine, base: str) -> list[dict[str, Any]]:
    """The steps as the session player takes them (the contract in macros/components/timer.py). `base`
    leads from the routine page to the site root. A wait just before a page's step opens that
    step, so the reader sees the position they are getting into while they get into it."""
    found: list[dict[str, Any]] = []
    waits: list[dict[str, Any]] = []  # not yet played
    last = routine.steps[-1] if routine.steps else None
    for step, played in zip(routine.steps, listed_steps(routine, base), strict=True):
        if step.kind == "wait":
            waits.append(played)
            continue
        if waits and step.kind == "page":
            played = {**played, "segments": [s for wait in waits for s in wait["segments"]] + played["segments"]}
        else:  # before a rest, or none: a wait stays a step of its own
            found += waits
        found.append(played)
        waits = []
    found += waits
    # A session that ends in a position (on the floor) ends by saying how to get up from it.
    if found and last is not None and last.kind == "page" and last.source.get_up:
        *before, end = found[-1]["segments"]
        found[-1] = {**found[-1], "segments": [*before, {**end, "end": f"All done. To get up: {last.source.get_up}"}]}
    return found


def listed_steps(routine: Routine, base: str) -> list[dict[str, Any]]:
    """One entry for each step of the routine's list, in the player's form. A rest or a wait
    links to its own place in that list."""
    found = []
    for number, step in enumerate(routine.steps, start=1):
        if step.kind == "page":
            source, art = step.source, step.source.illustration
            anchor = "" if source.technique else "#" + _anchor(source.section_at(step.timer.line) or "")
            found.append({"name": step.name, "href": f"{base}{source.url}{anchor.rstrip('#')}",
                          "picture": f"{base}assets/illustrations/{art['src']}" if art else None,
                          "alt": art["alt"] if art else "", "segments": step.segments()})
        else:
            found.append({"name": step.name, "href": f"#step-{number}", "picture": None, "alt": "",
                          "segments": step.segments()})
    return found


def _anchor(heading: str) -> str:
    return slugify(heading, "-")


def say_total(routine: Routine) -> str:
    """The whole session in words: "about 12 minutes", and the waits the reader times."""
    text = f"about {say_duration(math.ceil(routine.total / 60) * 60)}"
    if routine.waits:
        pauses = f"{routine.waits} pause{'s' if routine.waits != 1 else ''}"
        text += f", and the time you take at {pauses} to change position"
    return text


def step_detail(source: Source, timer: Timer, after_wait: bool = False) -> str:
    """What a step's timer does, under its name in the list of steps: a technique's timer's label
    (its title is the step's name), then the timer's sentence, as the player plays it (no time to
    get ready just after "I'm ready": Step.segments)."""
    label = timer.label if source.technique else None
    values = {**timer.values, "get_ready": None} if after_wait else timer.values
    return " ".join(filter(None, [f"{label}." if label else None, timers.sentence(values)]))


def _step_rows(routine: Routine, base: str) -> list[dict[str, Any]]:
    rows = []
    for number, (step, played) in enumerate(zip(routine.steps, listed_steps(routine, base), strict=True), start=1):
        detail = step_detail(step.source, step.timer, step.after_wait) if step.kind == "page" else None
        art = step.source.illustration if step.kind == "page" else None
        how = step.timer.values["how"] if step.kind == "page" else None
        rows.append({"id": f"step-{number}", "kind": step.kind, "name": step.name, "detail": detail, "how": how,
                     "href": played["href"] if step.kind == "page" else None,
                     "picture": played["picture"], "alt": played["alt"],
                     "width": art and art["width"], "height": art and art["height"],
                     "seconds": step.seconds_total})
    return rows


def how_often(routine: Routine) -> list[dict[str, str]]:
    """The dose rules of the routine's steps, each dose once: how often, and how the limits add up
    over every page and routine of one day (doses.yml)."""
    found = []
    for source in routine.sources():
        if source.dose in dose.registry() and source.dose not in (f["id"] for f in found):
            rules = dose.registry()[source.dose]
            found.append({"id": rules.id, "name": rules.name, "how_often": rules.says["how_often"],
                          "together": rules.says.get("together", "")})
    return found


def header(routine: Routine, docs_dir: Path, base: str, review: Markup | str = "") -> Markup:
    """The routine page's header; `review` is its review line (components/review.py)."""
    count = len(player_steps(routine, base))
    # The way to the session player on the first screen, as a technique page's to its timer
    # (the player is the page's first timer: the build gives it the id this leads to).
    way = components.render("technique", "start", target=start.TIMER_ID, label=f"The session: {count} steps",
                            seconds=routine.total)
    return components.render(NAME, summary=routine.page.meta["summary"], total=say_total(routine),
                             count=count, equipment=equipment(routine), start=way, often=how_often(routine),
                             review=review)


def adjust_link(routine: Routine, docs_dir: Path, base: str) -> str | None:
    """The address of "Make your own session" holding this routine's steps (its link format is in
    builder.yml), or None: no such page, a timer without an `id`, or more steps than it takes."""
    made = components.spec("builder")
    if not (docs_dir / made["page"]).is_file() or len(routine.steps) > made["limits"]["max_steps"]:
        return None
    tokens = []
    for step in routine.steps:
        if step.kind == "page" and not step.timer.values.get("id"):
            return None
        tokens.append(step.timer.values["id"] if step.kind == "page" else
                      f"rest-{step.seconds}" if step.kind == "rest" else "ready")
    return f"{base}{Path(made['page']).stem}/#{made['link']['key']}={'.'.join(tokens)}"


_ADJUST = re.compile(r'<p class="mdx-routine__adjust">.*?</p>\s*', re.S)


def without_adjust_links(html: str) -> str:
    """The booklet without "Adjust this routine": a way to change a session on screen, which the
    booklet (for paper, holding no "Make your own session") would lead nowhere."""
    return _ADJUST.sub("", html)


def frame(routine: Routine, markdown: str, settings: dict[str, Any], site_url: str | None, page_url: str,
          docs_dir: Path, review: Markup | str = "") -> str:
    """The routine page's Markdown: title, header (with the printed address and `review`, its
    review line), the author's words, the generated Safety section, the steps, the session
    player, the get-help callouts and the sources."""
    base = "../" * page_url.count("/")
    title = routine.page.meta["title"]
    own = {heading for _, heading in section_headings(routine.page)}
    sections = dict(callouts_by_section(routine))

    def section(heading: str) -> str:
        if heading in own or not sections.get(heading):
            return ""
        cards = "\n\n".join(callout.callout(cid, settings=settings) for cid in sections[heading])
        return f"## {heading}\n\n{cards}\n\n"

    head = printing.print_head(header(routine, docs_dir, base, review), site_url, page_url)
    steps = components.render(NAME, "steps", steps=_step_rows(routine, base))
    held: dict[str, int] = {}
    for step in routine.steps:
        if step.kind == "page" and step.source.dose in dose.registry():
            held[step.source.dose] = held.get(step.source.dose, 0) + holding(step)
    player = timers.player(player_steps(routine, base), title, held=held)
    adjust = adjust_link(routine, docs_dir, base)
    if adjust:
        player += Markup("\n") + components.render(NAME, "adjust", href=adjust)
    first, *rest = [s["heading"] for s in spec()["sections"]]
    listed = components.render("technique", "sources", sources=sources(routine))
    # The author's words say what the session is for, before its Safety section, as on a technique page.
    # The print button after the header, as on a technique page: a phone's first screen is for starting.
    return (f"# {title}\n\n{head}\n\n{printing.print_button()}\n\n{markdown}\n\n{section(first)}"
            f"## The steps\n\n{steps}\n\n{player}\n\n" + "".join(section(h) for h in rest)
            + f"## Sources\n\nThe steps come from these pages' sources.\n\n{listed}\n")


def anchors(path: Path) -> list[str]:
    """The anchors the routine page makes beside its author's headings (for the link checks)."""
    page, _ = read_page(path, shown_path(path))
    title = page.meta.get("title")
    made = [*(s["heading"] for s in spec()["sections"]), "The steps", "Sources"]
    return [_anchor(heading) for heading in ([str(title)] if title else []) + made]


def chooser(docs_dir: Path, base: str = "") -> Markup:
    """The home page's list of routines, shortest first, from the routine files themselves."""
    cards = []
    for path in routine_files(docs_dir):
        try:
            routine = load(path, docs_dir)
        except KnotworkError:
            continue  # the checks name its problem
        cards.append({"title": routine.page.meta["title"], "summary": routine.page.meta["summary"],
                      "url": f"{base}{spec()['folder']}/{path.stem}/", "total": say_total(routine),
                      "seconds": routine.total, "steps": list(dict.fromkeys(s.name for s in routine.steps
                                                                          if s.kind == "page"))})
    cards.sort(key=lambda c: (c["seconds"], c["title"]))
    return components.render(NAME, "list", routines=cards)
