"""A new page never breaks the tests: no test lists the site's pages, timers or callouts by hand
where a contributor's new file would change the list. Proved on a copy of the project with a
copied technique, routine and tips page added: the checks' tests pass there as they do here."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, own_timer_ids

# The tests of the checks and of what they read from the pages (the build and browser tests
# build the real site, and test_contributions.py already builds copies with a new technique).
CHECKS_TESTS = ["test_contributions.py", "test_routines.py", "test_doses.py", "test_macros.py", "test_start.py",
                "test_reading.py", "test_reading_order.py", "test_hostile.py"]
LEFT_OUT = shutil.ignore_patterns(".git", ".venv", "site", "node_modules", "__pycache__", ".pytest_cache",
                                  ".ruff_cache", "test-artifacts")


def add_copy(docs: Path, rel: str, title: str) -> str:
    """A copy of the page at `rel` under docs/, as a contributor would add one: a file of its own, its own title,
    and no record of a review of another page's text (`make review` records one once it is checked)."""
    source = docs / rel
    target = source.with_name(source.stem + "-again.md")
    text, count = re.subn(r"^title: .*$", f"title: {title}", source.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert count == 1, f"{rel} has no title line"
    text = re.sub(r"^reviewed_hash: .*\n", "", text, count=1, flags=re.M)
    target.write_text(own_timer_ids(text, target.stem), encoding="utf-8")
    return target.relative_to(docs).as_posix()


@pytest.mark.build  # a run of pytest of its own, on a copy of the project
def test_the_checks_tests_pass_with_a_new_technique_routine_and_tips_page(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=LEFT_OUT)
    docs = project / "docs"
    technique = sorted((docs / "techniques").glob("*.md"))[0].relative_to(docs).as_posix()
    routine = sorted((docs / "routines").glob("*.md"))[0].relative_to(docs).as_posix()
    tips = sorted((docs / "tips").glob("*.md"))[0].relative_to(docs).as_posix()
    added = [add_copy(docs, technique, "A second technique page"), add_copy(docs, routine, "A second routine"),
             add_copy(docs, tips, "A second tips page")]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not build",
                             *[f"tests/{name}" for name in CHECKS_TESTS]], cwd=project, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, f"with {added} added:\n{result.stdout[-6000:]}{result.stderr[-2000:]}"
    assert re.search(r"\d+ passed", result.stdout), result.stdout
