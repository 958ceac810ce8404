"""`make technique NAME="…"`: a new page that builds at once, never overwrites, and says
clearly what is wrong with a name."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import ROOT, build, copy_project

from macros.checks import review as review_checks
from macros.checks.placeholders import PLACEHOLDER_SVG_MARK
from macros.checks.site import check_site
from macros.components import technique
from macros.core.config import settings
from macros.core.errors import KnotworkError
from macros.core.page import read_page
from macros.core.text import file_slug
from macros.pages.macro_table import macro_table
from macros.tools import scaffold

# The day every check here runs on: the real day, so that the real pages beside the new one are
# checked as `make check` checks them.
TODAY = dt.date.today()
NAME = "Scaffold example on the floor"  # a name no real page has


@pytest.fixture
def docs(tmp_path) -> Path:
    docs = copy_project(tmp_path / "project") / "docs"
    assert not (docs / "techniques" / "scaffold-example-on-the-floor.md").exists()
    return docs


def problems_in(docs: Path):
    config = docs.parent / "mkdocs.yml"
    return check_site(docs, config, macro_table(settings(config), docs), TODAY)


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Foam roller on the floor", "foam-roller-on-the-floor"), ("  Ball   on a wall ", "ball-on-a-wall"),
     ("Rücken: a stretch (easy)", "rucken-a-stretch-easy"), ("90/90 hip stretch", "90-90-hip-stretch"),
     ("Łódź stretch", "lodz-stretch"), ("Ørsted's roll", "orsted-s-roll"), ("Straße sitz", "strasse-sitz")],
)
def test_names_become_file_names(name, slug):
    assert file_slug(" ".join(name.split())) == slug


def test_the_new_page_is_valid_complete_and_only_warns_about_what_is_left_to_write(docs):
    page, art = scaffold.scaffold(NAME, docs)
    assert page == docs / "techniques" / "scaffold-example-on-the-floor.md"
    assert art == docs / "assets" / "illustrations" / "scaffold-example-on-the-floor.svg"
    problems = [p for p in problems_in(docs) if p.file.endswith("scaffold-example-on-the-floor.md")]
    assert problems and all(p.severity == "warning" for p in problems), "\n".join(map(str, problems))
    assert all("scaffold's" in p.message for p in problems)
    assert not [p for p in problems_in(docs) if p.severity == "error"]

    doc, found = technique.load(page, TODAY)
    assert not found
    assert doc.meta["title"] == NAME
    # No review is claimed until one is recorded: the page says it has not been reviewed yet.
    assert not {"last_reviewed", "review_due", "reviewed_hash", "reviewed_by"} & set(doc.meta)
    assert review_checks.status(doc, docs, settings(docs.parent / "mkdocs.yml")).state == "none"
    assert "make review PAGE=" in page.read_text()
    text = page.read_text()
    spec = technique.spec()
    positions = [text.index(f"\n## {section}\n") for section in spec["sections"]]
    assert positions == sorted(positions)
    get_help = text[positions[-1]:]
    for callout_id in spec["required_callouts"]:
        assert f'{{{{ callout("{callout_id}") }}}}' in get_help
    # A timer that fits the first dose's first session, with time to get down to the floor.
    # With `how` left to write: a routine shows it under the step.
    assert ('{{ timer("30s", times=3, rest="10s", get_ready="45s", label="Scaffold example on the floor", '
            'how="To write: how to do it, in one sentence.", id="scaffold-example-on-the-floor-first-time") }}') in text
    assert '{{ dose("pressure-on-a-knot") }}' in text

    svg = ElementTree.fromstring(art.read_text())
    assert svg.get("viewBox") and svg.get(PLACEHOLDER_SVG_MARK) == "true"
    assert art.stat().st_size < 2000


def test_the_fields_comments_list_the_choices_from_technique_yml(docs):
    page, _ = scaffold.scaffold("Ball on a wall", docs)
    text = page.read_text()
    fields = technique.fields()
    assert f"# One of: {', '.join(fields['position']['values'])}." in text
    assert f"# Any of: {', '.join(fields['body_areas']['values'])}." in text


def test_it_refuses_to_overwrite(docs):
    page, art = scaffold.scaffold(NAME, docs)
    page.write_text(page.read_text() + "\nMy own words.\n")
    before = page.read_text(), art.read_text()
    with pytest.raises(KnotworkError, match="already has the title `Scaffold example on the floor`"):
        scaffold.scaffold(NAME, docs)
    # Another title with the same file name, or a drawing already there, is refused too.
    with pytest.raises(KnotworkError, match=r"scaffold-example-on-the-floor\.md already exists; nothing was written"):
        scaffold.scaffold("Scaffold example, on the floor!", docs)
    page.unlink()
    with pytest.raises(KnotworkError, match=r"scaffold-example-on-the-floor\.svg already exists"):
        scaffold.scaffold(NAME, docs)
    assert art.read_text() == before[1] and not page.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "the name is empty"),
        ("   ", "the name is empty"),
        ("<b>Roller</b>", "has characters a title cannot have"),
        ("Ball {{ on }} wall", "has characters a title cannot have"),
        ("A " + "very " * 15 + "long name", "a title has at most 60"),
        ("?!", "has no letters"),
        ("Index", "would make the file index.md, which is the folder's own page"),
        (None, "already has the title"),  # the title of a page that exists, in other letter case
    ],
)
def test_a_bad_name_says_what_to_change(docs, name, message):
    if name is None:
        first = sorted((docs / "techniques").glob("*.md"))[0]
        name = read_page(first, first.name)[0].meta["title"].upper()
    with pytest.raises(KnotworkError) as err:
        scaffold.scaffold(name, docs)
    assert message in err.value.message and err.value.fix
    assert sorted(p.name for p in (docs / "techniques").glob("*.md")) == sorted(
        p.name for p in (ROOT / "docs" / "techniques").glob("*.md"))


def run_scaffold(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.tools.scaffold", *args], cwd=project, capture_output=True,
                          text=True, timeout=60)


def test_the_command_prints_what_it_wrote_and_what_to_do_next(docs):
    result = run_scaffold(docs.parent, NAME)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote docs/techniques/scaffold-example-on-the-floor.md and "
                                    "docs/assets/illustrations/scaffold-example-on-the-floor.svg.")
    assert "make check" in result.stdout and "To write:" in result.stdout
    again = run_scaffold(docs.parent, NAME)
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr.startswith(
        "Cannot start the page: docs/techniques/scaffold-example-on-the-floor.md already has the title")
    assert "    fix: choose another name" in again.stderr


def test_make_technique_without_a_name_says_how(tmp_path):
    result = subprocess.run(["make", "-s", "technique"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and 'make technique NAME="Foam roller on the floor"' in result.stdout


@pytest.mark.parametrize("target", ["technique", "routine"])
def test_make_passes_a_name_with_quotes_and_backticks_as_it_is(tmp_path, target):
    # The name reaches the scaffold whole: not split at a quote, nor run as a command.
    (tmp_path / "python").write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    (tmp_path / "python").chmod(0o755)
    name = 'Ball "on" the `wall` it\'s'
    result = subprocess.run(["make", "-s", target, f"BIN={tmp_path}", f"NAME={name}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == name


@pytest.mark.build
def test_the_new_page_builds_at_once_and_is_on_the_home_page(docs, tmp_path):
    assert run_scaffold(docs.parent, NAME).returncode == 0
    result = build(docs.parent, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning: `## What it is for` still has the scaffold's text" in result.stdout + result.stderr
    html = (tmp_path / "out" / "techniques" / "scaffold-example-on-the-floor" / "index.html").read_text()
    assert re.search(r"<h1\b[^>]*>Scaffold example on the floor<", html) and "data-mdx-timer" in html
    assert 'href="techniques/scaffold-example-on-the-floor/"' in (tmp_path / "out" / "index.html").read_text()
