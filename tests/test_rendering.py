"""A page of text and macro calls with written values is rendered as data (pages/rendering.py):
no template compiled to Python code. What it writes must be what Jinja's sandbox writes, for
every page of the site and for the ways of writing a page that Jinja treats specially; anything
else goes to the sandbox as before. The whole-site macros answer once a build (macro_table.py)."""

from __future__ import annotations

import jinja2
import pytest
from conftest import ROOT

from macros.core import calls
from macros.core.config import settings
from macros.core.page import read_page, shown_path
from macros.pages import macro_table as macros_of_pages
from macros.pages import rendering
from macros.pages.macro_table import macro_table

CONFIG = ROOT / "mkdocs.yml"


def echo(*args, **kwargs) -> str:
    """A macro for these tests only: the values it was given, as Python writes them."""
    return repr((args, kwargs))


@pytest.fixture(scope="module")
def sandbox() -> rendering.PageSandbox:
    table = {**macro_table(settings(CONFIG), ROOT / "docs"), "echo": echo}
    plain = jinja2.Environment()
    plain.globals.update(table)
    return rendering.sandboxed(plain, table)


def by_jinja(sandbox: rendering.PageSandbox, source: str) -> str:
    """What the sandbox writes for `source`, compiled as a template (the way before)."""
    return jinja2.Environment.from_string(sandbox, source).render()


def markdown_of(path) -> str:
    """The page's Markdown as MkDocs hands it to mkdocs-macros: no front matter, no blank lines
    before the text."""
    page, _ = read_page(path, path.name)
    return page.body.lstrip("\n")


PAGES = sorted((ROOT / "docs").rglob("*.md"))


@pytest.mark.parametrize("path", PAGES, ids=[p.relative_to(ROOT / "docs").as_posix() for p in PAGES])
def test_every_page_of_the_site_is_rendered_as_data_and_as_jinja_would(sandbox, path):
    source = markdown_of(path)
    template = sandbox.from_string(source)
    assert isinstance(template, rendering.DataPage)
    assert template.render(config="ignored", page="ignored") == by_jinja(sandbox, source)


@pytest.mark.parametrize("blank_lines", [0, 1, 3])
def test_a_page_the_checks_read_first_is_rendered_the_same(sandbox, blank_lines):
    # The checks parse the body with its blank lines after the front matter; MkDocs leaves them out.
    source = 'Intro.\n\n{{ callout("stop-signs") }}\n\nEnd.\n'
    calls.parse("\n" * blank_lines + source)
    assert sandbox.from_string(source).render() == by_jinja(sandbox, source)


WRITTEN = {
    "whitespace control": 'Before.\n\n{{- callout("stop-signs") -}}\n\nAfter.',
    "control at the very start": '\n\n{{- callout("stop-signs") }}\nAfter.\n',
    "a raw block": '{% raw %}{{ not a call }}{% endraw %}\n{{ dose("pressure-on-a-knot") }}\n',
    "a comment": '{# a note #}Text {{ timer("30s", id="written-1") }} more.\n',
    "trailing newlines": "Text.\n\n\n",
    "Windows line ends": 'One.\r\nTwo {{ callout("stop-signs") }}\r\n',
    "no macro at all": "Just *Markdown*, with a {curly} brace.\n",
    "keywords and numbers": '{{ timer("1 min", times=3, rest="30s", id="written-2") }}\n',
    "every kind of value written out": '{{ echo("a", 1, -2, +3.5, true, none, [1, "b"], (2,), x=-1, y=["c"]) }}\n',
}


@pytest.mark.parametrize("source", WRITTEN.values(), ids=WRITTEN.keys())
def test_ways_of_writing_a_page_render_as_jinja_would(sandbox, source):
    template = sandbox.from_string(source)
    assert isinstance(template, rendering.DataPage)
    assert template.render() == by_jinja(sandbox, source)


COMPUTED = {
    "a value worked out": '{{ timer("30" ~ "s") }}',
    "a set statement": '{% set hold = "30s" %}{{ timer(hold) }}',
    "a name that is no macro": "{{ nothing() }}",
    "a constant shown": '{{ "text" }}',
    "a sum": '{{ echo(1 + 2) }}',
    "a name in a list": '{{ echo([timer]) }}',
    "an attribute": "{{ timer.__globals__ }}",
}


@pytest.mark.parametrize("source", COMPUTED.values(), ids=COMPUTED.keys())
def test_anything_else_is_left_to_the_sandbox(sandbox, source):
    assert isinstance(sandbox.from_string(source), jinja2.Template)


def test_an_error_in_a_page_rendered_as_data_names_its_line(tmp_path, caplog):
    path = tmp_path / "docs" / "x.md"
    path.parent.mkdir()
    body = 'Intro.\n\n{{ timer("5 mun") }}\n'
    path.write_text("---\ntitle: X\n---\n\n" + body)
    page = type("Page", (), {"file": type("File", (), {"abs_src_path": str(path)})(), "markdown": body})()
    env = type("Env", (), {"page": page})()
    table = macro_table({}, tmp_path / "docs")
    box = rendering.sandboxed(jinja2.Environment(), table)
    box.globals["timer"] = rendering.naming_the_page(table["timer"], "timer", env)
    template = box.from_string(body)
    assert isinstance(template, rendering.DataPage)
    assert '<p class="mdx-macro-error">' in template.render()
    [record] = caplog.records
    assert record.getMessage().startswith(f"{shown_path(path)}:7: error: `timer` parameter `hold`:")


def test_the_whole_site_macros_answer_once_a_build_and_only_when_asked(tmp_path, monkeypatch):
    made = []
    base = iter(["", "", "../", "../"]).__next__

    def chooser():
        made.append(1)
        return f"list {len(made)}"

    macro = macros_of_pages.whole_site("technique_chooser", chooser, base)
    monkeypatch.setattr(macros_of_pages, "_answers", None)
    assert [macro(), macro()] == ["list 1", "list 2"]  # nothing kept outside a build
    monkeypatch.setattr(macros_of_pages, "_answers", None)
    macros_of_pages.one_build()
    base = iter(["", "", "../", "../"]).__next__
    macro = macros_of_pages.whole_site("technique_chooser", chooser, base)
    assert [macro(), macro(), macro(), macro()] == ["list 3", "list 3", "list 4", "list 4"]  # by page depth
