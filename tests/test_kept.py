"""Under `mkdocs serve`, the checks of a page that did not change are answered from the rebuild
before (macros/checks/kept.py): the answers are always the ones a fresh run gives, and a page is
checked again when it, or anything its checks read, changed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

from macros.checks import kept as kept_answers
from macros.checks import site
from macros.components import routine, technique
from macros.core.config import settings
from macros.pages.macro_table import macro_table


def last_review(docs: Path) -> dt.date:
    """The latest review date the pages record: a day on which every page is reviewed, not in
    the future, whenever the tests run and whatever pages are added."""
    found = re.findall(r"^last_reviewed:\s*['\"]?(\d{4}-\d{2}-\d{2})", "\n".join(
        page.read_text(encoding="utf-8") for page in docs.rglob("*.md")), re.M)
    return max((dt.date.fromisoformat(day) for day in found), default=dt.date(2026, 12, 1))


TODAY = last_review(ROOT / "docs")


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def problems(project: Path, kept: dict | None = None, today: dt.date = TODAY):
    docs, config = project / "docs", project / "mkdocs.yml"
    return site.check_site(docs, config, macro_table(settings(config), docs), today, kept=kept)


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """The pages whose own checks ran, by file name, as they run."""
    names: list[str] = []
    own = site.own_problems

    def counted(path, kind, run):
        names.append(path.name)
        return own(path, kind, run)

    monkeypatch.setattr(site, "own_problems", counted)
    return names


def routine_names(project: Path) -> list[str]:
    return [p.name for p in routine.routine_files(project / "docs")]


def techniques(project: Path) -> list[Path]:
    return sorted(technique.technique_files(project / "docs"))


def test_a_rebuild_with_nothing_changed_checks_only_the_routines_again(project, checked):
    kept: dict = {}
    first = problems(project, kept)
    assert len(checked) == len(site.page_files(project / "docs"))
    checked.clear()
    second = problems(project, kept)
    assert sorted(checked) == sorted(routine_names(project))
    assert second == first == problems(project)


def test_a_page_changed_is_checked_again_alone_and_its_new_problem_found(project, checked):
    kept: dict = {}
    problems(project, kept)
    page = techniques(project)[0]
    text = page.read_text(encoding="utf-8")
    # A new paragraph of prose with a sentence far too long, in the middle of the page.
    middle = text.index("\n## ", text.index("\n## ") + 1)
    long = " ".join(["This sentence goes on"] * 12) + "."
    page.write_text(f"{text[:middle]}\n\n{long}\n{text[middle:]}", encoding="utf-8")
    checked.clear()
    found = problems(project, kept)
    assert sorted(checked) == sorted([page.name, *routine_names(project)])
    assert any(p.file.endswith(page.name) and "words" in p.message for p in found), found
    assert found == problems(project)


def test_a_heading_another_page_links_to_checks_every_page_again(project, checked):
    kept: dict = {}
    docs = project / "docs"
    linker, target = techniques(project)[:2]
    heading = re.search(r"^## (.+)$", target.read_text(encoding="utf-8"), re.M)[1]
    anchor = re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")
    linker.write_text(linker.read_text(encoding="utf-8") + f"\nSee [that part]({target.name}#{anchor}).\n",
                      encoding="utf-8")
    before = problems(project, kept)
    assert not [p for p in before if p.file.endswith(linker.name) and "anchor" in p.message]
    target.write_text(target.read_text(encoding="utf-8").replace(f"## {heading}\n", "## Another heading\n", 1),
                      encoding="utf-8")
    checked.clear()
    after = problems(project, kept)
    assert len(checked) == len(site.page_files(docs))  # the outline changed: every page again
    assert [p for p in after if p.file.endswith(linker.name) and f"#{anchor}" in p.message]
    assert after == problems(project)


def test_a_name_another_page_took_first_is_asked_afresh(project, checked):
    """The pages' own checks are kept, not whether their names are taken: a page that gives its
    timer another page's id is told that page's line as it is now, though only prose moved it."""
    kept: dict = {}
    first, second = techniques(project)[:2]
    first_text = first.read_text(encoding="utf-8")
    taken = re.search(r"\bid=\"([a-z0-9-]+)\"", first_text)[1]
    second.write_text(re.sub(r"\bid=\"[a-z0-9-]+\"", f'id="{taken}"', second.read_text(encoding="utf-8"), count=1),
                      encoding="utf-8")
    same = [p for p in problems(project, kept) if f"`{taken}` is also used" in p.message]
    assert len(same) == 1
    # Three lines of prose above the first page's timer: the other page's message follows.
    first.write_text(first_text.replace("\n## ", "\nA few more words.\n\nAnd a few more.\n\n## ", 1), encoding="utf-8")
    checked.clear()
    moved = [p for p in problems(project, kept) if f"`{taken}` is also used" in p.message]
    assert second.name not in checked  # its own checks were kept
    assert moved != same and moved == [p for p in problems(project) if f"`{taken}` is also used" in p.message]


def test_the_site_key_follows_what_the_checks_read_beside_the_page(project):
    docs, config = project / "docs", project / "mkdocs.yml"

    def key(today=TODAY):
        return kept_answers.site_key(docs, config, today)

    start = key()
    assert key() == start
    assert key(TODAY + dt.timedelta(days=1)) != start  # reviews fall due by the day
    page = techniques(project)[0]
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n## ", "\nWords of prose, a new paragraph.\n\n## ", 1), encoding="utf-8")
    assert key() == start  # prose: the page's own business
    for changed in (
        text.replace("title: ", "title: New ", 1),  # the front matter
        text.replace("\n## ", "\n## A new heading\n\n## ", 1),
        text.replace("\n## ", "\nA new heading\n-----------\n\n## ", 1),  # underlined
        text.replace("\n## ", "\nSee [Safety](../safety.md).\n\n## ", 1),
        text.replace("\n## ", '\n{{ callout("not-on-bone") }}\n\n## ', 1),
        text.replace("\n## ", '\n<div id="here"></div>\n\n## ', 1),
    ):
        page.write_text(changed, encoding="utf-8")
        assert key() != start, changed[:0]
    page.write_text(text, encoding="utf-8")
    assert key() == start
    for watched in (project / "macros" / "checks" / "reading.py", project / "overrides" / "components" / "callout"
                    / "registry.yml", project / "CONTRIBUTING.md", config):
        before = watched.read_bytes()
        watched.write_bytes(before + b"\n# changed\n")
        assert key() != start, watched
        watched.write_bytes(before)
    drawing = next((docs / "assets" / "illustrations").glob("*.svg"))
    drawing.write_bytes(drawing.read_bytes() + b"\n")
    assert key() != start


@pytest.mark.parametrize("line, prose", [
    ("Lie down slowly, and breathe out.", True),
    ("It's fine (most days) to stop: then rest.", False),  # a colon could start a definition
    ("## Safety", False),
    ("See [the Safety page](../safety.md).", False),
    ('{{ timer(label="Hold", hold="30s") }}', False),
    ("| a | b |", False),
    ("<details>", False),
    ("---", False),
])
def test_outline_leaves_out_lines_of_plain_prose_only(line, prose):
    with_line = kept_answers.outline(f"---\ntitle: A\n---\n\nOne line.\n{line}\n")
    assert (with_line == kept_answers.outline("---\ntitle: A\n---\n\nOne line.\n")) is prose


def test_a_built_page_is_checked_again_when_its_html_or_its_source_changes(project):
    page = techniques(project)[0]
    key = kept_answers.built_page_key(page, "<p>The page</p>")
    assert kept_answers.built_page_key(page, "<p>The page</p>") == key
    assert kept_answers.built_page_key(page, "<p>The page.</p>") != key
    page.write_text(page.read_text(encoding="utf-8") + "\nMore words.\n", encoding="utf-8")
    assert kept_answers.built_page_key(page, "<p>The page</p>") != key


def test_a_page_s_jinja_is_parsed_once_while_serving_and_read_back_as_the_render_reads_it(monkeypatch):
    from macros.core import calls

    store: dict = {}
    monkeypatch.setattr(calls, "kept_trees", store)
    text = '\n\nSome words.\n\n{{ callout("not-on-bone") }}\n'
    calls.parse.cache_clear()  # as a new rebuild, which imports the module afresh, starts
    tree = calls.parse(text)
    assert store == {text: tree}
    calls.parse.cache_clear()
    calls._by_markdown.clear()
    assert calls.parse(text) is tree  # not parsed again
    assert calls.parsed(text.lstrip("\n")) == (tree, 2)  # and there for the render, as it was
    calls.parse.cache_clear()


def test_the_site_key_follows_the_code_and_registries_where_mkdocs_yml_watches_nothing(project, monkeypatch):
    docs, config = project / "docs", project / "mkdocs.yml"
    config.write_text(re.sub(r"^watch:\n(?:  - .*\n)+", "", config.read_text(encoding="utf-8"), flags=re.M),
                      encoding="utf-8")
    assert "watch:" not in config.read_text(encoding="utf-8")
    monkeypatch.setattr(kept_answers, "ROOT", project)  # the copy's package, as it finds itself
    monkeypatch.setattr(kept_answers, "THEME", project / "overrides")
    start = kept_answers.site_key(docs, config, TODAY)
    for changed in (project / "macros" / "checks" / "reading.py",
                    project / "overrides" / "components" / "dose" / "doses.yml"):
        before = changed.read_bytes()
        changed.write_bytes(before + b"\n# changed\n")
        assert kept_answers.site_key(docs, config, TODAY) != start, changed
        changed.write_bytes(before)
    assert kept_answers.site_key(docs, config, TODAY) == start


def test_under_serve_a_page_s_macros_render_once_while_it_and_the_site_s_key_stay_the_same(tmp_path):
    """build/kept_renders.py: mkdocs-macros' render answered from the store of kept answers."""
    import logging
    from types import SimpleNamespace

    from macros.build import kept_renders

    page, steps = tmp_path / "page.md", tmp_path / "routine.md"
    page.write_text("---\ntitle: A\n---\nwords", encoding="utf-8")
    steps.write_text("a routine", encoding="utf-8")

    class Plugin:  # mkdocs-macros' render, as far as the wrapper sees it
        def __init__(self):
            self.page, self.rendered = None, []

        def render(self, markdown, force_rendering=False):
            self.rendered.append(markdown)
            if "warn" in markdown:
                logging.getLogger("mkdocs.plugins.knotwork").warning("a macro's error")
            if "error" in markdown:
                logging.getLogger("knotwork").error("said on a logger of its own")
            return markdown.upper() + ("!" if force_rendering else "")

    plugin, store = Plugin(), kept_answers.for_site({}, "site key")
    kept_renders.keep_renders(plugin, store, lambda path: path == steps)

    def rendering(path):
        plugin.page = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(path)) if path else None)
        plugin.rendered.clear()
        return plugin

    assert [rendering(page).render("words"), plugin.render("words"), plugin.render("words")] == ["WORDS"] * 3
    assert plugin.rendered == ["words"]
    assert rendering(page).render(markdown="other") == "OTHER" and plugin.rendered == ["other"]  # a title, say
    assert rendering(page).render("words", True) == "WORDS!" and plugin.rendered == ["words"]  # forced: its own
    page.write_text("---\ntitle: B\n---\nwords", encoding="utf-8")  # the front matter changed: afresh
    assert rendering(page).render("words") == "WORDS" and plugin.rendered == ["words"]
    assert rendering(page).render("words") == "WORDS" and plugin.rendered == []
    assert len([key for key in store if key[:2] == ("rendered", str(page))]) == 1  # the page as it now is
    kept_answers.for_site(store, "another site key")  # a registry, a heading, the day… changed
    assert rendering(page).render("words") == "WORDS" and plugin.rendered == ["words"]
    for path in (steps, None):  # a routine shows its steps' pages; a page of no file
        rendering(path).render("x"), plugin.render("x")
        assert plugin.rendered == ["x", "x"]
    for said in ("warn", "error"):  # said again at every rebuild
        rendering(page).render(said), plugin.render(said)
        assert plugin.rendered == [said, said]
