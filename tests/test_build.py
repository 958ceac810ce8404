"""Full strict builds: the real site passes, and each kind of mistake fails naming the file."""

from __future__ import annotations

import os
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import MKDOCS, build, checks_that_miss, copy_project

pytestmark = pytest.mark.build

CALLOUT = re.compile(r'<div class="mdx-callout [^"]*" data-mdx-callout="([\w-]+)">.*?</div>', re.S)


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "components" not in p.parts)


def test_real_site_builds_strict_with_every_technique(site_dir):
    techniques = sorted(p.stem for p in (Path(__file__).parent.parent / "docs" / "techniques").glob("*.md"))
    assert techniques, "no technique pages"
    for slug in techniques:
        html = (site_dir / "techniques" / slug / "index.html").read_text()
        assert 'class="mdx-technique"' in html and 'id="sources"' in html
        assert "mdx-callout--emergency" in html


def test_every_page_with_a_get_help_card_shows_the_heart_card(site_dir):
    """New neck, jaw, arm or upper-back ache can be the heart's: every page where a reader is sent
    for help (a card of a get-help level) also shows the heart card. The pages are read from the
    built site, not listed by hand."""
    docs = Path(__file__).parent.parent / "docs"
    get_help = re.compile(r'class="mdx-callout mdx-callout--(see-doctor|urgent|emergency)"')
    giving_help = {}
    for page in html_pages(site_dir):
        rel = page.relative_to(site_dir).as_posix()
        html = page.read_text()
        if not rel.startswith("booklet/") and get_help.search(html):
            giving_help[rel] = html
    # Every technique, routine and tip sends readers for help (so the test is not vacuous).
    expected = {f"{p.parent.name}/{p.stem}/index.html" for folder in ("techniques", "routines", "tips")
                for p in (docs / folder).glob("*.md")}
    assert expected and expected <= set(giving_help)
    missing = [rel for rel, html in giving_help.items() if 'data-mdx-callout="emergency-heart"' not in html]
    assert not missing, f"no heart card on: {missing}"
    tips = giving_help["tips/everyday-tension/index.html"]
    heart = re.search(r'data-mdx-callout="emergency-heart">(.*?)</div>', tips, re.S).group(1)
    for sign in ("tight or heavy", "lasts more than 15 minutes", "between your shoulder blades"):
        assert sign in heart


def test_same_callout_renders_identically_on_every_page(site_dir):
    seen: dict[str, set[str]] = defaultdict(set)
    pages: dict[str, list[str]] = defaultdict(list)
    for page in html_pages(site_dir):
        for match in CALLOUT.finditer(page.read_text()):
            seen[match.group(1)].add(match.group(0))
            pages[match.group(1)].append(str(page.relative_to(site_dir)))
    shared = [cid for cid, where in pages.items() if len(where) > 1]
    assert shared, "no callout is used on more than one page"
    for cid in shared:
        assert len(seen[cid]) == 1, f"callout {cid} differs between {pages[cid]}"


def test_no_private_yaml_or_unescaped_title_reaches_the_site(site_dir):
    assert not list(site_dir.rglob("*.yml"))
    for page in html_pages(site_dir):
        title = re.search(r"<title>(.*?)</title>", page.read_text(), re.S).group(1)
        assert "<" not in title


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def broken_build(project: Path, tmp_path: Path, page: str, edit) -> str:
    path = project / page
    path.write_text(edit(path.read_text()))
    result = build(project, tmp_path / "out")
    assert result.returncode != 0, "the build passed but should have failed"
    return result.stdout + result.stderr


def test_a_broken_link_fails_the_build_naming_the_file(project, tmp_path):
    output = broken_build(project, tmp_path, "docs/safety.md", lambda t: t + "\nSee [this](no-such-page.md).\n")
    assert "docs/safety.md" in output and "no-such-page.md" in output


def test_a_broken_anchor_fails_the_strict_build(project, tmp_path):
    output = broken_build(project, tmp_path, "docs/safety.md",
                          lambda t: t + "\nSee [this](index.md#no-such-anchor).\n")
    assert "no-such-anchor" in output and "safety.md" in output


def first_technique(project: Path) -> Path:
    """The first technique page of the copy, relative to it (whichever pages exist)."""
    return sorted((project / "docs" / "techniques").glob("*.md"))[0].relative_to(project)


def test_an_unknown_callout_fails_naming_file_line_and_fix(project, tmp_path):
    rel = first_technique(project)
    output = broken_build(project, tmp_path, str(rel),
                          lambda t: t.replace('callout("see-a-doctor")', 'callout("see-a-docter")', 1))
    assert re.search(rf"{re.escape(str(rel))}:\d+: error: .*no choice `see-a-docter`", output)
    assert "Did you mean `see-a-doctor`?" in output


def test_bad_front_matter_fails_naming_file_and_field(project, tmp_path):
    rel = first_technique(project)
    output = broken_build(project, tmp_path, str(rel), lambda t: t.replace("time_needed:", "time_neded:", 1))
    assert f"{rel}:" in output
    assert "unknown front-matter field `time_neded`. Did you mean `time_needed`?" in output
    assert "rename it to `time_needed`." in output
    assert "`time_needed` is missing" not in output  # one mistake, one message


def test_an_undefined_variable_fails_the_build(project, tmp_path):
    output = broken_build(project, tmp_path, "docs/safety.md", lambda t: t + "\n{{ emergency_numbr }}\n")
    assert "emergency_numbr" in output and "safety.md" in output


def test_a_computed_argument_fails_the_build(project, tmp_path):
    # Refused by the checks before the build: a page writes each value out.
    output = broken_build(project, tmp_path, "docs/safety.md",
                          lambda t: t + '\n{{ callout("not-on-" ~ "bones") }}\n')
    assert "`callout` is given a value worked out in the page" in output and "safety.md" in output


def test_an_error_inside_a_macro_at_render_time_fails_the_build(project, tmp_path):
    # Should the checks miss a computed argument, rendering must still stop.
    checks_that_miss(project)
    output = broken_build(project, tmp_path, "docs/safety.md",
                          lambda t: t + '\n{% set id = "not-on-" ~ "bones" %}\n{{ callout(id) }}\n')
    assert "not-on-bones" in output and "safety.md" in output


def test_numbers_are_set_once_in_mkdocs_yml(project, tmp_path):
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"emergency_number: .*", 'emergency_number: "000 (Australia)"', config.read_text()))
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = [p.read_text() for p in html_pages(tmp_path / "out")]
    emergency = [p for p in pages if "mdx-callout--emergency" in p]
    assert emergency and all("Call 000 (Australia) now" in re.sub(r"<[^>]+>", "", p) for p in emergency)
    assert all('<a class="mdx-callout__phone" href="tel:000">000</a>' in p for p in emergency)
    assert not any("999" in p for p in pages)


def _lines(result) -> list[str]:
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)  # without colours
    return [line for line in output.splitlines() if line.strip()]


def test_a_clean_build_prints_only_what_the_author_must_read(project, tmp_path):
    # mkdocs-macros lists its modules, variables and macros at every build: not any more.
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = _lines(result)
    assert not [line for line in lines if "[macros]" in line], "\n".join(lines)
    expected = [r"INFO +-  Cleaning site directory", r"INFO +-  Building documentation to directory: .*",
                r"INFO +-  Documentation built in [\d.]+ seconds"]
    assert len(lines) == len(expected) and all(map(re.fullmatch, expected, lines)), "\n".join(lines)


# A mistake only rendering finds, once the checks miss it (tests/conftest.py, checks_that_miss).
UNKNOWN_SETTING = "\n{{ emergency_numbr }}\n"


def test_warnings_are_still_printed_and_verbose_shows_the_macros_plugin_again(project, tmp_path):
    rel = first_technique(project)
    page = project / rel
    text = re.sub(r"^last_reviewed: .*$", "last_reviewed: 2000-01-01", page.read_text(), count=1, flags=re.M)
    page.write_text(re.sub(r"^review_due: .*$", "review_due: 2000-01-02", text, count=1, flags=re.M))
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr  # a review due is a warning, not a failure
    assert any(re.fullmatch(rf"WARNING -  {re.escape(str(rel))}:\d+: warning: the review was due on 2000-01-02\.",
                            line) for line in _lines(result)), "\n".join(_lines(result))
    # The macros plugin's own warnings still come through (an unknown name, which only rendering
    # finds once the checks miss it).
    checks_that_miss(project)
    (project / "docs/safety.md").write_text((project / "docs/safety.md").read_text() + UNKNOWN_SETTING)
    result = build(project, tmp_path / "out2")
    assert result.returncode != 0
    assert any(line.startswith("WARNING -  [macros] - ERROR") for line in _lines(result)), "\n".join(_lines(result))
    assert "'emergency_numbr' is undefined" in result.stdout + result.stderr
    verbose = subprocess.run([*MKDOCS, "build", "-v", "-d", str(tmp_path / "out3")], cwd=project,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
                             timeout=600)
    assert "[macros] - Config macros:" in verbose.stdout + verbose.stderr


def test_a_theme_template_edited_between_builds_shows_on_every_page_and_in_the_booklet(project, tmp_path):
    """The theme's compiled templates are kept between builds (core/compiled_templates.py): an
    edit is compiled afresh, for the pages and for the booklet's own environment."""
    cache = {"KNOTWORK_CACHE": str(tmp_path / "cache")}
    assert build(project, tmp_path / "first", env=cache).returncode == 0
    assert list((tmp_path / "cache" / "templates").rglob("*")), "nothing kept"
    main = project / "overrides" / "main.html"
    main.write_text(main.read_text().replace("Want to add a technique?", "Have a technique to add?"))
    result = build(project, tmp_path / "second", env=cache)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("index.html", "techniques/floor-tennis-ball/index.html", "booklet/index.html"):
        for site, said in (("first", "Want to add a technique?"), ("second", "Have a technique to add?")):
            assert said in (tmp_path / site / page).read_text(), (site, page)
