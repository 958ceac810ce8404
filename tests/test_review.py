"""Reviews that stay true to the text they reviewed (checks/review.py, components/review.py,
tools/review.py): a fingerprint of what a
reader sees, recorded by `make review`; a page whose text (or a callout or dose it shows) changed
since is flagged on screen and by `make check`, until it is reviewed again. Print is tested in
tests/browser/test_print.py."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build, copy_project

from macros.checks import review
from macros.checks.site import check_site
from macros.components import builder, callout
from macros.components.technique import say_date
from macros.core.config import settings
from macros.core.errors import KnotworkError
from macros.core.page import Page, read_page, shown_path
from macros.pages.macro_table import macro_table
from macros.tools.review import main as review_main
from macros.tools.review import record

DOCS = ROOT / "docs"
SETTINGS = settings(ROOT / "mkdocs.yml")
DAY = dt.date(2026, 12, 3)


def problems_in(docs: Path, today: dt.date = DAY):
    config = docs.parent / "mkdocs.yml"
    return check_site(docs, config, macro_table(settings(config), docs), today)


def page(path: Path) -> Page:
    return read_page(path, shown_path(path))[0]


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the site with every health page reviewed, as it stands, on DAY."""
    project = copy_project(tmp_path / "project")
    for found in review.pages(project / "docs"):
        record(found.path, project / "docs", SETTINGS, DAY)
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# What is a health page, and what it shows -------------------------------------------------------


def test_every_page_with_health_advice_is_a_health_page_and_no_other():
    found = {p.path.relative_to(DOCS.resolve()).as_posix() for p in review.pages(DOCS)}
    techniques = {f"techniques/{p.name}" for p in (DOCS / "techniques").glob("*.md")}
    routines = {f"routines/{p.name}" for p in (DOCS / "routines").glob("*.md")}
    assert techniques | routines | {"tips/everyday-tension.md", "safety.md", "your-session.md"} == found
    assert "index.md" not in found and "contributing.md" not in found


def test_what_a_page_shows_is_read_from_its_macros_and_its_steps():
    floor = review.shown(page(DOCS / "techniques" / "floor-tennis-ball.md"), DOCS)
    assert "stop-signs" in floor.callouts and "emergency-heart" in floor.callouts
    assert floor.doses == ["pressure-on-a-knot"]
    safety = review.shown(page(DOCS / "safety.md"), DOCS)
    assert set(safety.callouts) == set(callout.registry())  # it shows every callout
    assert "pressure-on-a-knot" in safety.doses  # start-short gives that dose's numbers
    reset = review.shown(page(DOCS / "routines" / "upper-back-reset.md"), DOCS)
    assert {"pressure-on-a-knot", "rest-position"} <= set(reset.doses)
    assert "knot-or-other-pain" in reset.callouts and reset.steps


# The fingerprint ----------------------------------------------------------------------------


def test_the_fingerprint_follows_the_words_a_reader_sees_and_nothing_else(project):
    docs = project / "docs"
    path = docs / "techniques" / "floor-tennis-ball.md"
    before = review.fingerprint(page(path), docs, SETTINGS)
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", before)
    # The review record itself, and a paragraph wrapped differently, change nothing a reader sees.
    edit(path, "review_due: 2027-12-03", "review_due: 2027-06-01")
    edit(path, "tennis ball puts your own weight", "tennis ball puts your\nown weight")
    assert review.fingerprint(page(path), docs, SETTINGS) == before
    # A word of the page does.
    edit(path, "Stay still and breathe.", "Stay still and breathe slowly.")
    assert review.fingerprint(page(path), docs, SETTINGS) != before


def test_a_changed_callout_changes_the_fingerprint_of_every_page_that_shows_it_and_no_other(project, monkeypatch):
    docs = project / "docs"
    before = {p.path: review.fingerprint(p, docs, SETTINGS) for p in review.pages(docs)}
    registry = project / "overrides" / "components" / "callout" / "registry.yml"
    edit(registry, "Roll onto your side before you sit up.", "Roll onto your side, then sit up.")
    monkeypatch.setattr(callout, "REGISTRY", registry)
    callout.registry.cache_clear()
    try:
        after = {p.path: review.fingerprint(p, docs, SETTINGS) for p in review.pages(docs)}
        showing = {p.path for p in review.pages(docs) if "getting-up" in review.shown(p, docs).callouts}
    finally:
        callout.registry.cache_clear()
    changed = {path for path in before if before[path] != after[path]}
    assert changed == showing and len(showing) >= 3  # the lying-down pages, their routine, Safety
    assert docs.resolve() / "safety.md" in changed


# Recording a review -----------------------------------------------------------------------------


def test_a_technique_s_unknown_callout_is_its_own_error_not_a_crash_of_the_pages_that_list_it(project):
    # The session builder's page and the routines show the callouts of the timers they offer:
    # a misspelt one on a technique page is that page's error, with its fix.
    edit(project / "docs" / "techniques" / "floor-tennis-ball.md", 'callout("stop-signs")', 'callout("stop-sign")')
    problems = problems_in(project / "docs")
    assert [p.message for p in problems if p.severity == "error"] == [
        "`callout` parameter `id` has no choice `stop-sign`. Did you mean `stop-signs`?"]


def test_a_review_is_recorded_with_its_dates_and_fingerprint_and_a_clinician_only_when_named(tmp_path):
    project = copy_project(tmp_path / "project")
    docs, path = project / "docs", project / "docs" / "techniques" / "wall-ball-on-a-cord.md"
    found = record(path, docs, SETTINGS, DAY, by="Jane Doe, physiotherapist (HCPC PH012345)")
    assert found.state == "reviewed" and found.reviewed_by == "Jane Doe, physiotherapist (HCPC PH012345)"
    text = path.read_text()
    assert "last_reviewed: 2026-12-03\nreview_due: 2027-12-03\n" in text
    assert "reviewed_by: Jane Doe, physiotherapist (HCPC PH012345)\n" in text
    assert f"reviewed_hash: {found.current}\n" in text
    # Recorded again without a clinician, the name goes: it stood beside the text they read.
    again = record(path, docs, SETTINGS, DAY)
    assert again.reviewed_by is None and "reviewed_by" not in path.read_text()
    # The rest of the page is as it was.
    assert path.read_text().split("\n---\n", 1)[1] == text.split("\n---\n", 1)[1]


@pytest.mark.parametrize(("target", "kwargs", "message"), [
    ("index.md", {}, "shows no callout or dose"),
    ("techniques/wall-ball-on-a-cord.md", {"by": "<b>Dr</b>"}, "must be plain words"),
    ("techniques/wall-ball-on-a-cord.md", {"day": dt.date.today() + dt.timedelta(days=2)}, "is in the future"),
])
def test_a_review_that_cannot_be_true_is_refused(tmp_path, target, kwargs, message):
    project = copy_project(tmp_path / "project")
    args = {"day": DAY, **kwargs}
    with pytest.raises(KnotworkError, match=re.escape(message)):
        record(project / "docs" / target, project / "docs", SETTINGS, **args)


def test_make_review_lists_every_health_page_and_records_one(project, capsys):
    docs = project / "docs"
    assert review_main(["", "--docs", str(docs)]) == 0
    listed = capsys.readouterr().out
    assert listed.count("reviewed as it stands (3 December 2026, no clinician; due 3 December 2027)") == \
        len(review.pages(docs))
    path = docs / "techniques" / "floor-tennis-ball.md"
    edit(path, "Stay still and breathe.", "Stay still and breathe slowly.")
    review_main(["", "--docs", str(docs)])
    assert "techniques/floor-tennis-ball.md: CHANGED since its review" in capsys.readouterr().out
    assert review_main([str(path), "--docs", str(docs), "--date", "2026-12-02"]) == 0
    assert "reviewed as it stands (2 December 2026, no clinician" in capsys.readouterr().out


# The checks and the page --------------------------------------------------------------------------


def test_make_check_lists_exactly_the_pages_changed_since_their_review(project):
    docs = project / "docs"
    assert problems_in(docs) == []  # every page reviewed as it stands: nothing to say
    tips = docs / "tips" / "everyday-tension.md"
    record = tips.read_text().split("\n")
    line = next(n for n, row in enumerate(record, start=1) if row.startswith("reviewed_hash:"))
    reviewed = dt.date.fromisoformat(next(row for row in record if row.startswith("last_reviewed:")).split()[1])
    edit(tips, "Do it twice.", "Do it two times.")
    problems = problems_in(docs)
    assert [(Path(p.file).name, p.severity, p.line) for p in problems] == [("everyday-tension.md", "warning", line)]
    assert problems[0].message.startswith(f"the page has changed since its last review on {say_date(reviewed)}")
    assert "make review PAGE=docs/tips/everyday-tension.md" in problems[0].fix


def test_a_new_technique_that_sorts_first_leaves_make_your_own_session_as_reviewed(project):
    """The session builder offers every technique's timers and shows the safety cards they need:
    a new page with the same cards changes neither their order nor the page's review, wherever its
    file sorts."""
    docs = project / "docs"
    before = review.status(page(docs / "your-session.md"), docs, SETTINGS)
    assert before.state == "reviewed"
    text = (docs / "techniques" / "legs-up-on-a-chair.md").read_text(encoding="utf-8")
    text = re.sub(r'id="legs-up-on-a-chair', 'id="aa-legs-up', text).replace(
        "title: Legs up on a chair", "title: Legs up, first in the list", 1)
    (docs / "techniques" / "aa-legs-up.md").write_text(text, encoding="utf-8")
    assert review.status(page(docs / "your-session.md"), docs, SETTINGS).state == "reviewed"
    cards = builder.builder(docs, SETTINGS)
    shown = re.findall(r'data-mdx-callout="([^"]+)"', cards)
    assert shown == [cid for cid in callout.registry() if cid in shown]  # the registry's order


@pytest.mark.parametrize("rel", ["techniques/floor-tennis-ball.md", "safety.md"])
def test_a_review_due_more_than_a_year_after_it_was_done_is_refused(project, rel):
    docs = project / "docs"
    text = (docs / rel).read_text(encoding="utf-8")
    due = re.search(r"^review_due: (\S+)$", text, re.M)[1]
    later = dt.date.fromisoformat(due).replace(year=dt.date.fromisoformat(due).year + 2)
    edit(docs / rel, f"review_due: {due}", f"review_due: {later}")
    [problem] = problems_in(docs)
    assert problem.severity == "error" and problem.message.startswith(f"`review_due` ({later}) is ")
    assert "a review holds for 365 days at most" in problem.message and f"make review PAGE=docs/{rel}" in problem.fix


def test_a_review_record_written_by_hand_is_refused(project):
    docs = project / "docs"
    edit(docs / "safety.md", "reviewed_hash: sha256:", "reviewed_hash: sha1:")
    [problem] = problems_in(docs)
    assert problem.severity == "error" and "is not a fingerprint `make review` wrote" in problem.message


@pytest.mark.build
def test_a_changed_callout_flags_every_page_that_shows_it_and_only_those(project, tmp_path):
    """The site as built: a callout changed in the registry flags each page that shows it (read
    from the built pages), in its review line, and `make check` lists the same pages."""
    registry = project / "overrides" / "components" / "callout" / "registry.yml"
    out = tmp_path / "site"
    result = build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    states = review_states(out)
    assert states and set(states.values()) == {"reviewed"}
    edit(registry, "Roll onto your side before you sit up.", "Roll onto your side, then sit up.")
    shutil.rmtree(out)
    result = build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr  # a warning, not a failure
    showing = {rel for rel, html in built_pages(out)
               if 'data-mdx-callout="getting-up"' in html and not rel.startswith("booklet/")}
    states = review_states(out)
    assert showing and {rel for rel, state in states.items() if state == "changed"} == showing
    for rel, html in built_pages(out):
        if rel in showing:
            assert "This page has changed since its last review on" in html, rel
    listed = set(re.findall(r"(docs/\S+\.md):\d+: warning: the page has changed since its last review",
                            result.stdout + result.stderr))
    assert listed == {f"docs/{rel.removesuffix('/index.html')}.md" for rel in showing}


def built_pages(site: Path):
    for path in sorted(site.rglob("index.html")):
        yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")


def review_states(site: Path) -> dict[str, str]:
    """The review state each built page shows (the booklet aside: it repeats the others)."""
    return {rel: re.search(r'data-mdx-review="(\w+)"', html)[1] for rel, html in built_pages(site)
            if 'data-mdx-review="' in html and not rel.startswith("booklet/")}


def test_the_real_health_pages_record_what_was_reviewed_and_name_no_clinician():
    # The dates shown are the editors' own checks of the text (no clinician has reviewed a page:
    # none is named), each with its fingerprint; a page without one would say it may have changed.
    for found in review.pages(DOCS):
        state = review.status(found, DOCS, SETTINGS)
        assert state.recorded and state.last_reviewed and not state.reviewed_by, found.rel
        assert state.last_reviewed >= dt.date(2026, 12, 3), found.rel  # not before the text it dates
