"""Reviews that stay true to the text they reviewed.

A page's review record is four front-matter fields: `last_reviewed`, `review_due`,
`reviewed_by` (a clinician, only if one really reviewed it) and `reviewed_hash`, a fingerprint
of what the reader sees: the page's own words (front matter and body, the record aside) and
every callout and dose it shows, word for word (short lines too), with the site's phone numbers.
A routine's fingerprint also covers its steps as its page shows them; the Safety page's, every
callout.

So when any of that changes (a word of the page, or a callout in registry.yml that it shows),
the fingerprint no longer matches: the page says on screen and on paper that it has changed
since its last review (components/review.py), and `make check` lists it, until someone reviews
it again and records it with `make review PAGE=…` (tools/review.py).

A "health page" is a technique, a routine, or any page that shows a callout or a dose.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from macros.components import builder, callout, dose, review, routine, technique
from macros.components.review import Status
from macros.core import spec as components
from macros.core.calls import MacroCall, macro_calls
from macros.core.errors import KnotworkError, Problem
from macros.core.fields import coerce
from macros.core.page import FRONT_MATTER, NotUtf8, Page, read_page, read_text, resolved, shown_path

# What a page shows ---------------------------------------------------------------------------


@dataclass
class Shown:
    """What a reader of one page sees besides its own words."""

    callouts: list[str] = dataclasses.field(default_factory=list)
    doses: list[str] = dataclasses.field(default_factory=list)
    steps: list[Any] = dataclasses.field(default_factory=list)  # a routine's steps, as its page lists them

    def add(self, kind: str, name: str) -> None:
        found = getattr(self, kind)
        if name not in found:
            found.append(name)


def kinds(docs_dir: Path) -> tuple[frozenset[Path], frozenset[Path]]:
    """The technique and routine files, listed once per build (a listing per page made the
    checks grow with the square of the number of pages); a file added or removed changes its
    folder's time, and so the answer."""
    folders = (docs_dir / technique.spec()["folder"], docs_dir / routine.spec()["folder"])
    return _listed(docs_dir, tuple(f.stat().st_mtime_ns if f.is_dir() else 0 for f in folders))


@functools.lru_cache(maxsize=64)
def _listed(docs_dir: Path, stamps: tuple[int, ...]) -> tuple[frozenset[Path], frozenset[Path]]:
    return frozenset(technique.technique_files(docs_dir)), frozenset(routine.routine_files(docs_dir))


@functools.lru_cache(maxsize=4096)
def _resolved(path: Path) -> Path:
    return path.resolve()


@functools.lru_cache(maxsize=4096)
def _calls(path: Path, rel: str, body: str, body_line: int) -> tuple[MacroCall, ...]:
    """A page's macro calls as the checks read them, parsed once for each text of the page."""
    return tuple(macro_calls(Page(path=path, rel=rel, body=body, body_line=body_line)))


def shown(page: Page, docs_dir: Path) -> Shown:
    """The callouts, doses and steps `page` shows, read as the build will render it."""
    found = Shown()
    registry = callout.registry()
    for call in _calls(page.path, page.rel, page.body, page.body_line):
        value = call.args[0] if call.args else call.kwargs.get("id", call.kwargs.get("level"))
        if call.name == "callout" and value in registry:
            found.add("callouts", value)
        elif call.name == "dose" and value in dose.registry():
            found.add("doses", value)
        elif call.name == "safety_callouts":
            for entry in registry.values():
                if value is None or entry["level"] == value:
                    found.add("callouts", entry["id"])
        elif call.name == "session_builder":  # the safety and doses of every timer it offers
            # (not the timers themselves: each is reviewed on its own page, and a new technique
            # does not unsettle this page's review unless it brings a callout or dose it lacked,
            # wherever its file sorts: the cards are in the registry's order, as the page shows them)
            offered = builder.offered(docs_dir)
            needed = {cid for source, timer in offered
                      for cid in routine.required_callouts(builder.one_step(source, timer))}
            for callout_id in registry:  # a technique's unknown callout is its own page's error
                if callout_id in needed:
                    found.add("callouts", callout_id)
            for dose_id in dose.registry():
                if any(source.dose == dose_id for source, _ in offered):
                    found.add("doses", dose_id)
    if _resolved(page.path) in kinds(docs_dir)[1]:
        read, _ = routine.read(page, docs_dir)
        for callout_id in routine.required_callouts(read):
            if callout_id in registry:  # a step's unknown callout is its own page's error
                found.add("callouts", callout_id)
        for step in read.steps:
            if step.kind == "page" and step.source.dose in dose.registry():
                found.add("doses", step.source.dose)
            found.steps.append({"kind": step.kind, "name": step.name, "seconds": step.seconds_total,
                                # The timer's values as given: a new optional parameter of the
                                # timer (None unless given) does not change every routine's fingerprint,
                                # nor does its `id`, which no reader sees.
                                "timer": {key: value for key, value in step.timer.values.items()
                                          if value is not None and key != "id"}
                                if step.timer else None,
                                "page": step.source.title if step.source else None})
        found.steps.append({"sources": routine.sources(read)})
    for callout_id in list(found.callouts):  # a callout that gives a dose's numbers shows that dose
        named = registry[callout_id].get("dose")
        if named in dose.registry():
            found.add("doses", named)
    return found


def is_health_page(page: Page, docs_dir: Path) -> bool:
    techniques, routines = kinds(docs_dir)
    if _resolved(page.path) in techniques or _resolved(page.path) in routines:
        return True
    what = shown(page, docs_dir)
    return bool(what.callouts or what.doses)


# The fingerprint -------------------------------------------------------------------------------


def _own_words(page: Page) -> str:
    """The page's text as written, front matter and body, without its review record, and one
    space between words: re-wrapping a paragraph changes nothing a reader sees."""
    try:
        text = read_text(page.path)
    except (OSError, NotUtf8):
        text = page.body
    record = re.compile(rf"^(?:{'|'.join(map(re.escape, review.fields()))})\s*:.*$", re.M)
    match = FRONT_MATTER.match(text)
    if match:  # the record is top-level `key: value` lines of the front matter, never the body
        text = record.sub("", match.group()) + text[match.end():]
    return " ".join(_TIMER_CALL.sub(lambda call: _TIMER_ID.sub("", call[0]), text).split())


# A timer's `id` names it for the code (shared sessions), and no reader sees it: giving a timer
# one leaves its page as reviewed.
_TIMER_CALL = re.compile(r"\{\{-?\s*timer\s*\(.*?\)\s*-?\}\}", re.S)
_TIMER_ID = re.compile(r"""\s*,?\s*\bid\s*=\s*(["'])[a-z0-9-]*\1""")


def _say(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def _registry_texts() -> tuple[dict[str, str], dict[str, str]]:
    """Every callout's and every dose's words as the fingerprint reads them, worked out once for
    each state of registry.yml and doses.yml (not once a page)."""
    return _texts_of(tuple((str(p), p.stat().st_mtime_ns) for p in (callout.REGISTRY, dose.REGISTRY)))


@functools.lru_cache(maxsize=8)
def _texts_of(files: tuple) -> tuple[dict[str, str], dict[str, str]]:
    return ({cid: _say(entry) for cid, entry in callout.registry().items()},
            {did: _say(dataclasses.asdict(found)) for did, found in dose.registry().items()})


def fingerprint(page: Page, docs_dir: Path, settings: dict[str, Any]) -> str:
    """The fingerprint of what a reader of `page` sees now, as `reviewed_hash` records it."""
    what = shown(page, docs_dir)
    callouts, doses = _registry_texts()
    numbers = {name: settings.get(name) for name in components.spec("callout")["placeholders"]}
    parts = [_own_words(page), *(f"callout {cid} {callouts[cid]}" for cid in what.callouts),
             *(f"dose {did} {doses[did]}" for did in what.doses), _say(what.steps),
             _say(numbers) if what.callouts else ""]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return review.spec()["hash_prefix"] + digest[: review.spec()["hash_length"]]


# The state of a page's review ------------------------------------------------------------------


def _date(value: Any) -> dt.date | None:
    try:
        return coerce({"type": "date"}, value) if value is not None else None
    except KnotworkError:
        return None


def status(page: Page, docs_dir: Path, settings: dict[str, Any]) -> Status:
    meta = page.meta
    reviewed, due = _date(meta.get("last_reviewed")), _date(meta.get("review_due"))
    recorded = meta.get("reviewed_hash")
    by = meta.get("reviewed_by")
    current = fingerprint(page, docs_dir, settings)
    if reviewed is None or due is None:
        state = "none"
    elif not recorded:
        state = "unrecorded"
    else:
        state = "reviewed" if str(recorded) == current else "changed"
    return Status(state, current, reviewed, due, str(by).strip() if by else None,
                  str(recorded) if recorded else None)


def status_of(path: Path, docs_dir: Path, settings: dict[str, Any]) -> Status:
    page, _ = read_page(path.resolve(), shown_path(path.resolve()))
    return status(page, docs_dir, settings)


def line_for(path: Path, docs_dir: Path, settings: dict[str, Any], base: str) -> Markup:
    """The review line of the page at `path` (components/review.py), as it stands."""
    return review.line(status_of(path, docs_dir, settings), base)


# The checks ------------------------------------------------------------------------------------


def check(page: Page, docs_dir: Path, settings: dict[str, Any], today: dt.date,
          dates_checked: bool = False) -> list[Problem]:
    """Every problem with a health page's review record. `dates_checked`: the page's own checks
    have read its dates already (a technique's front matter)."""
    if not is_health_page(page, docs_dir):
        return []
    meta, problems = page.meta, []
    if not dates_checked:
        problems += _check_dates(page, today)
    problems += _check_span(page, docs_dir)
    recorded, by = meta.get("reviewed_hash"), meta.get("reviewed_by")
    pattern = re.escape(review.spec()["hash_prefix"]) + rf"[0-9a-f]{{{review.spec()['hash_length']}}}"
    where = page.line_of("reviewed_hash") or page.line_of("last_reviewed")
    found = None
    if recorded and by is None and re.fullmatch(pattern, str(recorded)) and "last_reviewed" in meta:
        found = status(page, docs_dir, settings)  # the usual case, checked first: a page reviewed as it stands
        if found.state == "reviewed":
            return problems
    fix = f"record the review with `make review PAGE={as_given(page, docs_dir)}` (CONTRIBUTING.md, Clinical review)."
    if recorded is not None and not re.fullmatch(pattern, str(recorded)):
        return problems + [Problem(page.rel, f"`reviewed_hash` is `{recorded}`, which is not a fingerprint "
                                   "`make review` wrote.", fix + " Never write it by hand.", where)]
    if recorded and "last_reviewed" not in meta:
        return problems + [Problem(page.rel, "`reviewed_hash` records a review with no `last_reviewed`.", fix, where)]
    if by and not recorded:
        return problems + [Problem(page.rel, f"`reviewed_by` names {by}, but the page does not record what they "
                                   "reviewed (`reviewed_hash`).",
                                   "have them review the page as it stands, then record it with "
                                   f"`make review PAGE={as_given(page, docs_dir)} BY=\"{by}\"` (CONTRIBUTING.md, "
                                   "Clinical review): without BY, `make review` takes the name away.",
                                   page.line_of("reviewed_by"))]
    found = found or status(page, docs_dir, settings)
    if found.state == "changed":
        problems.append(Problem(page.rel, f"the page has changed since its last review on "
                                f"{technique.say_date(found.last_reviewed)}: its own words, or a callout or dose it "
                                "shows, are no longer what was reviewed. The page says so to its readers.",
                                "have it reviewed again against its sources, then " + fix, where, severity="warning"))
    return problems


def as_given(page: Page, docs_dir: Path) -> str:
    """The page as `make review` takes it: docs/techniques/x.md."""
    try:
        return f"{docs_dir.name}/{page.path.resolve().relative_to(docs_dir.resolve()).as_posix()}"
    except ValueError:
        return page.rel


def _check_span(page: Page, docs_dir: Path) -> list[Problem]:
    """A review holds for at most `valid_for_days` (a year): a `review_due` further off is a review
    nobody will do in time, written by hand."""
    reviewed, due, days = page.meta.get("last_reviewed"), page.meta.get("review_due"), review.spec()["valid_for_days"]
    if not (isinstance(reviewed, dt.date) and isinstance(due, dt.date)) or (due - reviewed).days <= days + 1:
        return []  # (a day more for a year with a 29 February)
    return [Problem(page.rel, f"`review_due` ({due}) is {(due - reviewed).days} days after `last_reviewed` "
                    f"({reviewed}); a review holds for {days} days at most.",
                    f"record the review with `make review PAGE={as_given(page, docs_dir)}`, which sets the next "
                    "one a year after it.", page.line_of("review_due"))]


def _check_dates(page: Page, today: dt.date) -> list[Problem]:
    """A page that is not a technique: its review dates, read as a technique's are."""
    problems = []
    for key in ("last_reviewed", "review_due"):
        if key in page.meta:
            try:
                page.meta[key] = coerce({"type": "date"}, page.meta[key])
            except KnotworkError as err:
                problems.append(Problem(page.rel, f"`{key}`: {err.message}", err.fix, page.line_of(key)))
    return problems or technique.check_dates(page, today)


def pages(docs_dir: Path) -> list[Page]:
    """Every health page of the site, by path."""
    found = []
    for path in resolved(docs_dir.rglob("*.md")):
        page, problems = read_page(path, shown_path(path))
        if page.readable and not problems and is_health_page(page, docs_dir):
            found.append(page)
    return found
