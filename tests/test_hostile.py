"""A pull request is data, never code: a gallery of hostile contributions, class by class, as an
attacker (or a careless contributor) would write them. Each is refused by `make check` with its
file, its line and the fix; or, should the checks miss it, refused by the check of the HTML the
build writes (or by the sandbox the pages render in), naming the page and quoting the element;
or it builds, neutralised, and real Chromium shows no dialog and makes no request to another
host. The classes: a page's Jinja, its front matter, its raw HTML and Markdown, the files it
adds (drawings among them), the HTML the build writes, the sandbox, and bounded work. (The
offline worker's own cache: tests/browser/test_offline.py, a planted cache.)

Builds are shared: one per class that needs one, for every case of it (session fixtures)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import GOOD_ART, ROOT, build, checks_that_miss, copy_project, make_docs, serve

from macros.checks.site import check_site
from macros.core.config import settings
from macros.core.errors import Problem
from macros.output import html_gate
from macros.pages import rendering
from macros.pages.macro_table import macro_table

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good" / "foam-roller-on-the-floor.md"
DAY = dt.date.fromisoformat(re.search(r"^last_reviewed: (\S+)", GOOD.read_text(), re.M)[1])
# A case's text goes in the good page after this sentence, from this line on.
AFTER, AT = "That is common.", 47
CONFIG = ROOT / "mkdocs.yml"


def problems_in(docs: Path) -> list[Problem]:
    return check_site(docs, CONFIG, macro_table(settings(CONFIG), docs), DAY)


def with_case(text: str, title: str = "Foam roller on the floor") -> str:
    """The good technique page with `text` in it (from line AT on), under its own title."""
    page = GOOD.read_text().replace(AFTER, AFTER + "\n\n" + text + "\n", 1)
    return page.replace("title: Foam roller on the floor", f"title: {title}", 1)


def found(problems: list[Problem], file: str, line: int | None, message: str) -> list[Problem]:
    """The problems of `file` at `line` whose message has `message` in it, each with a fix."""
    return [p for p in problems if Path(p.file).name == file and p.line == line and message in p.message and p.fix]


# A page's Jinja ---------------------------------------------------------------------------------
# (what it writes, the line from AT, what the message says)

REACHES = "is not allowed in a page: it reaches into one of the build's values"
BUILD_VALUE = "is not allowed in a page: it prints one of the build's own values"
JINJA: list[tuple[str, int, str]] = [
    # Server-side template injection: chains to Python's `os` through Jinja's helpers and `self`.
    ("{{ cycler.__init__.__globals__.os.environ }}", 0, REACHES),
    ("{{ joiner.__init__.__globals__.os.popen('id').read() }}", 0, REACHES),
    ("{{ namespace.__init__.__globals__['os'] }}", 0, REACHES),
    ("{{ lipsum.__globals__['os'].popen('id').read() }}", 0, REACHES),
    ("{{ range.__self__ }}", 0, REACHES),
    ("{{ self.__init__.__globals__.__builtins__ }}", 0, "is no macro or value Knotwork knows"),
    ("{{ self._TemplateReference__context }}", 0, "is no macro or value Knotwork knows"),
    ("{{ ().__class__.__base__.__subclasses__() }}", 0, REACHES),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", 0, REACHES),
    ("{{ config.__class__.__init__.__globals__ }}", 0, REACHES),
    ("{{ config['extra'] }}", 0, REACHES),
    ("{{ page.file.abs_src_path }}", 0, REACHES),
    # The build's own values, printed.
    ("{{ config }}", 0, BUILD_VALUE), ("{{ environment }}", 0, BUILD_VALUE), ("{{ navigation }}", 0, BUILD_VALUE),
    ("{{ files }}", 0, BUILD_VALUE), ("{{ extra }}", 0, BUILD_VALUE), ("{{ macros }}", 0, BUILD_VALUE),
    ("{{ plugin }}", 0, BUILD_VALUE), ("{{ self }}", 0, "is no macro or value"), ("{{ title }}", 0, BUILD_VALUE),
    ("{{ cycler }}", 0, BUILD_VALUE), ("{{ range }}", 0, BUILD_VALUE),
    # Jinja's helpers called as if they were macros.
    ("{{ lipsum() }}", 0, "there is no macro `lipsum`"), ("{{ range(99999999) }}", 0, "there is no macro `range`"),
    ("{{ dict(a=1) }}", 0, "there is no macro `dict`"), ("{{ namespace(a=1) }}", 0, "there is no macro `namespace`"),
    # Filters, expressions, text through Jinja.
    ('{{ "x" | upper }}', 0, "`| upper` is a filter"),
    ('{{ callout("stop-signs") | replace("Stop", "Go on") }}', 0, "`| replace` is a filter"),
    ('{{ callout("stop-signs") | e }}', 0, "`| e` is a filter"),
    ("{{ 7 * 7 }}", 0, "a page only calls macros, with their values written out"),
    ('{{ "some text" }}', 0, "text goes in the page as it is, not through Jinja"),
    # Statements: shadowing the macros, bringing in other files, logic.
    ("{% set callout = timer %}", 0, "`{% set %}` is not allowed in a page"),
    ('{% set timer = "x" %}', 0, "`{% set %}` is not allowed in a page"),
    ("{% set x %}{% endset %}", 0, "`{% set %}` is not allowed in a page"),
    ("{% macro callout(id) %}{% endmacro %}", 0, "`{% macro %}` is not allowed in a page"),
    ('{% include "../index.md" %}', 0, "`{% include %}` is not allowed in a page"),
    ('{% import "../index.md" as callout %}', 0, "`{% import %}` is not allowed in a page"),
    ('{% from "../index.md" import callout %}', 0, "`{% from … import %}` is not allowed in a page"),
    ('{% extends "../index.md" %}', 0, "`{% extends %}` is not allowed in a page"),
    ("{% block content %}{% endblock %}", 0, "`{% block %}` is not allowed in a page"),
    ("{% if true %}x{% endif %}", 0, "`{% if %}` is not allowed in a page"),
    ("{% for callout in [1] %}{% endfor %}", 0, "`{% for %}` is not allowed in a page"),
    ("{% with callout = 1 %}{% endwith %}", 0, "`{% with %}` is not allowed in a page"),
    ("{% filter upper %}x{% endfilter %}", 0, "`{% filter %}` is not allowed in a page"),
    ('{% call callout("stop-signs") %}x{% endcall %}', 0, "`{% call %}` is not allowed in a page"),
    ("{% autoescape false %}x{% endautoescape %}", 0, "`{% autoescape %}` is not allowed in a page"),
    ("{% do config.update(a=1) %}", 0, "a macro is not written right: Encountered unknown tag 'do'"),
    # A macro's values worked out, not written out.
    ('{{ callout("stop-" ~ "signs") }}', 0, "`callout` is given a value worked out in the page"),
    ('{{ callout(["stop-signs"][0]) }}', 0, "`callout` is given a value worked out in the page"),
    ('{{ callout("stop-signs" if true else "x") }}', 0, "`callout` is given a value worked out in the page"),
    ('{{ callout(timer("30s")) }}', 0, "`callout` is given a value worked out in the page"),
    ('{{ callout(*["stop-signs"]) }}', 0, "`callout` is given its values with `*` or `**`"),
    ('{{ callout(**{"id": "stop-signs"}) }}', 0, "`callout` is given its values with `*` or `**`"),
    ('{{ timer("30s", times=config.x) }}', 0, "`timer` is given a value worked out in the page"),
    # Worked out, it would take every byte of the machine's memory before any check had run.
    ('{{ callout("a" * 100000000000) }}', 0, "`callout` is given a value worked out in the page"),
    ('{{ timer("30s", times=10 ** 10) }}', 0, "`timer` is given a value worked out in the page"),
    # Names that are no macro, macros reached into.
    ("{{ request }}", 0, "is no macro or value Knotwork knows"),
    ("{{ callout.__globals__ }}", 0, "`callout` is a macro, written here without its brackets"),
    ("{{ timer.__globals__['os'] }}", 0, "`timer` is a macro, written here without its brackets"),
    # Hidden on a later line, after a statement that looks harmless.
    ("Some words.\n\n{# a comment #}\n\n{{ cycler.__init__ }}", 4, REACHES),
]


@pytest.fixture(scope="session")
def jinja_problems(tmp_path_factory) -> list[Problem]:
    """Every Jinja case as a technique page of its own, checked in one run."""
    docs = make_docs(tmp_path_factory.mktemp("jinja"), {})
    for number, (text, _, _) in enumerate(JINJA):
        (docs / "techniques" / f"jinja-{number}.md").write_text(with_case(text, f"Jinja case {number}"))
    return problems_in(docs)


@pytest.mark.parametrize("number", range(len(JINJA)), ids=[case[0][:40] for case in JINJA])
def test_a_page_s_jinja_is_macro_calls_and_nothing_else(jinja_problems, number):
    text, offset, message = JINJA[number]
    assert found(jinja_problems, f"jinja-{number}.md", AT + offset, message), "\n".join(
        str(p) for p in jinja_problems if Path(p.file).name == f"jinja-{number}.md")


def test_written_out_values_raw_blocks_and_comments_are_fine(tmp_path):
    text = ('{{ timer("30s", times=3, rest="10s", get_ready="45s", label="Roll up and down", '
            'id="roll-up-and-down") }}\n\n'
            "{# a note to the next author #}\n\n{% raw %}Braces as text: {{ config }} {% set x %}{% endraw %}")
    page = tmp_path / "page.md"
    page.write_text(with_case(text))
    assert problems_in(make_docs(tmp_path, {GOOD.name: page})) == []


# The sandbox, the second wall -------------------------------------------------------------------

PLANTED = [
    "{{ callout.__globals__ }}", "{{ timer.__globals__['os'].environ }}", "{{ callout.__call__.__self__ }}",
    "{{ cycler.__init__.__globals__.os }}", "{{ joiner }}", "{{ namespace() }}", "{{ lipsum() }}",
    "{{ range(3) }}", "{{ self._TemplateReference__context }}", "{{ config }}", "{{ ''.__class__.__mro__ }}",
    "{{ [].pop }}",
    "{{ callout | string }}", '{% include "index.md" %}', '{% import "index.md" as x %}{{ x }}',
]


@pytest.fixture(scope="module")
def sandbox() -> jinja2.Environment:
    """The page sandbox as the build makes it: from a plain environment holding the macros."""
    plain = jinja2.Environment(loader=jinja2.DictLoader({"index.md": "the home page"}))
    plain.globals.update(macro_table(settings(CONFIG), ROOT / "docs"))
    return rendering.sandboxed(plain, macro_table(settings(CONFIG), ROOT / "docs"))


@pytest.mark.parametrize("planted", PLANTED)
def test_the_sandbox_refuses_a_planted_chain(sandbox, planted):
    with pytest.raises((jinja2.exceptions.SecurityError, jinja2.exceptions.UndefinedError,
                        jinja2.exceptions.TemplateError, TypeError)):
        sandbox.from_string(planted).render(config={"site_name": "leak"}, environment="leak")


def test_the_sandbox_still_renders_the_macros(sandbox):
    html = sandbox.from_string('Text.\n\n{{ callout("stop-signs") }}\n').render(config="ignored")
    assert html.startswith("Text.") and 'data-mdx-callout="stop-signs"' in html


@pytest.mark.build
def test_a_build_renders_pages_in_the_sandbox(tmp_path):
    # Should the checks miss a chain to Python's `os`, the build stops and nothing of the
    # machine's environment reaches the output or the site.
    project = checks_that_miss(copy_project(tmp_path / "project"))
    safety = project / "docs" / "safety.md"
    safety.write_text(safety.read_text() + "\n{{ timer.__globals__['os'].environ['KNOTWORK_SECRET'] }}\n")
    result = build(project, tmp_path / "out", env={"KNOTWORK_SECRET": "leaked-value-1234"})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "SecurityError" in output and "is unsafe" in output
    assert "leaked-value-1234" not in output
    assert not any("leaked-value-1234" in p.read_text(errors="replace") for p in (tmp_path / "out").rglob("*.html"))


# Front matter, on every kind of page -------------------------------------------------------------
# (the page's path under docs/, the key's line, the message)

XSS = "'\"><img src=x onerror=alert(1)>'"
FRONT_MATTER: list[tuple[str, str, str]] = [
    *[("techniques/case.md", f"{key}: {value}", message) for key, value, message in [
        ("status", XSS, "the front-matter field `status` is not a page's to set"),
        ("status", "new", "the front-matter field `status` is not a page's to set"),
        ("template", "main.html", "the front-matter field `template` is not a page's to set"),
        ("template", "../../../etc/passwd", "the front-matter field `template` is not a page's to set"),
        ("subtitle", XSS, "the front-matter field `subtitle` is not a page's to set"),
        ("render_macros", "false", "the front-matter field `render_macros` is not a page's to set"),
        ("ignore_macros", "true", "the front-matter field `ignore_macros` is not a page's to set"),
        ("author", XSS, "unknown front-matter field `author`"),
        ("authors", "[x]", "unknown front-matter field `authors`"),
        ("icon", "material/skull", "unknown front-matter field `icon`"),
        ("robots", "noindex", "unknown front-matter field `robots`"),
        ("search", "{exclude: true}", "unknown front-matter field `search`"),
        ("callout", "x", "unknown front-matter field `callout`"),  # would shadow the macro
        ("tags", "['<b>x</b>']", "`tags`: must be plain words"),
        ("tags", "['x\" onmouseover=\"alert(1)']", "`tags`: must be plain words"),
        ("tags", "[{a: 1}]", "`tags`: must be plain words"),
        ("hide", "[navigation, everything]", "`hide`: no choice `everything`"),
        ("description", XSS, "`description` must be plain text"),
    ]],
    ("techniques/case.md", f"title: {XSS}", "`title`: must be plain text"),
    ("routines/case.md", f"status: {XSS}", "the front-matter field `status` is not a page's to set"),
    ("routines/case.md", "template: main.html", "the front-matter field `template` is not a page's to set"),
    ("routines/case.md", f"subtitle: {XSS}", "the front-matter field `subtitle` is not a page's to set"),
    ("routines/case.md", "tags: ['<i>x</i>']", "`tags`: must be plain words"),
    ("tips/case.md", f"status: {XSS}", "the front-matter field `status` is not a page's to set"),
    ("tips/case.md", "template: main.html", "the front-matter field `template` is not a page's to set"),
    ("tips/case.md", f"author: {XSS}", "unknown front-matter field `author`"),
    ("tips/case.md", "tags: ['<script>']", "`tags`: must be plain words"),
    ("tips/case.md", f"title: {XSS}", "`title`: must be plain text"),
    ("safety.md", f"subtitle: {XSS}", "the front-matter field `subtitle` is not a page's to set"),
    ("safety.md", "hide: [toc]", "unknown front-matter field `hide`"),
    ("index.md", f"status: {XSS}", "the front-matter field `status` is not a page's to set"),
    ("index.md", "hide: [navigation, '<b>']", "`hide`: no choice `<b>`"),
    ("tags.md", "template: 404.html", "the front-matter field `template` is not a page's to set"),
    ("contributing.md", "search_sections: 'no'", "`search_sections`: must be true or false"),
    ("about.md", f"author: {XSS}", "unknown front-matter field `author`"),
    ("about.md", "render_macros: false", "the front-matter field `render_macros` is not a page's to set"),
]
ROUTINE = ("---\ntitle: A routine\nsummary: A short session.\nsteps:\n"
           "  - page: techniques/foam-roller-on-the-floor.md\n    timer: Lie on the roller\n@@\n---\n\nA routine.\n")


@pytest.mark.parametrize(("rel", "line", "message"), FRONT_MATTER, ids=[f"{r} {k[:30]}" for r, k, _ in FRONT_MATTER])
def test_every_front_matter_key_of_every_kind_of_page_is_typed_or_refused(tmp_path, rel, line, message):
    docs = make_docs(tmp_path, {GOOD.name: GOOD})
    page = docs / rel
    page.parent.mkdir(parents=True, exist_ok=True)
    if rel.startswith("techniques/") and line.startswith("title:"):
        text = with_case("", "A case").replace("title: A case", line, 1)
    elif rel.startswith("techniques/"):
        text = with_case("", "A case").replace("---\ntitle: A case", "---\n" + line + "\ntitle: A case", 1)
    elif rel.startswith("routines/"):
        text = ROUTINE.replace("@@", line)
    else:
        text = f"---\ntitle: A page\n{line}\n---\n\nSome words.\n"
        text = text.replace("title: A page\ntitle:", "title:") if line.startswith("title:") else text
    page.write_text(text)
    if rel == "contributing.md":
        shutil.copy(ROOT / "CONTRIBUTING.md", tmp_path)
    key = line.split(":")[0]
    lines = text.split("\n")
    where = next(n for n, row in enumerate(lines, start=1) if row.startswith(key + ":"))
    problems = problems_in(docs)
    assert found(problems, page.name, where, message), "\n".join(map(str, problems))


# Raw HTML and Markdown, refused at `make check` ----------------------------------------------------
# (what the page writes, the message; all on line AT)

NOT_ALLOWED = "is not allowed in a page: page text must not become code or styles"
ANOTHER_HOST = "would be loaded from another host"
SOURCE: list[tuple[str, str]] = [
    ("<script>alert(1)</script>", NOT_ALLOWED), ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", ANOTHER_HOST),
    ("<iframe src=//evil.example></iframe>", ANOTHER_HOST),
    ('<iframe srcdoc="<script>alert(1)</script>">', NOT_ALLOWED),
    ("<object data=x.swf></object>", NOT_ALLOWED), ("<embed src=x.swf>", NOT_ALLOWED),
    ("<style>body{display:none}</style>", NOT_ALLOWED),
    ('<link rel="stylesheet" href="x.css">', NOT_ALLOWED),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', NOT_ALLOWED),
    ('<base href="https://evil.example/">', NOT_ALLOWED),
    ('<form action="https://evil.example/"><button>Go</button></form>', NOT_ALLOWED),
    ("<input autofocus onfocus=alert(1)>", NOT_ALLOWED),
    ('<img src=x alt="a" onerror=alert(1)>', NOT_ALLOWED),
    ("<details/open/ontoggle=alert(1)>", NOT_ALLOWED),
    ("<svg onload=alert(1)>", NOT_ALLOWED),
    ("<svg><animate attributeName=href to=javascript:alert(1) /></svg>", NOT_ALLOWED),
    ("<svg><set attributeName=href to=javascript:alert(1) /></svg>", NOT_ALLOWED),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", NOT_ALLOWED),
    ("<!--> <img src=x alt=a onerror=alert(1)> -->", NOT_ALLOWED),
    ("<!---> <img src=x alt=a onerror=alert(1)> -->", NOT_ALLOWED),
    ("<!-- a --!> <img src=x alt=a onerror=alert(1)> -->", NOT_ALLOWED),
    ("[Tap here](javascript:alert(1))", NOT_ALLOWED), ("[Tap here](JaVaScRiPt:alert(1))", NOT_ALLOWED),
    ("[Tap here](&#106;avascript:alert(1))", NOT_ALLOWED), ("[Tap here](&#x6A;avascript:alert(1))", NOT_ALLOWED),
    ("[Tap here](java&#x09;script:alert(1))", NOT_ALLOWED), ("[Tap here](javascript\\:alert(1))", NOT_ALLOWED),
    ("<javascript:alert(1)>", NOT_ALLOWED), ('<a href="vbscript:msgbox(1)">x</a>', NOT_ALLOWED),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', NOT_ALLOWED),
    ("[ref]\n\n[ref]: javascript:alert(1)", NOT_ALLOWED),
    ("![A drawing](https://evil.example/a.png)", ANOTHER_HOST),
    ("![A drawing](//evil.example/a.png)", ANOTHER_HOST),
    ('<img alt="a" src="a.svg" srcset="https://evil.example/a.png 2x">', ANOTHER_HOST),
    ('<p style="background:url(https://evil.example/a.png)">x</p>', ANOTHER_HOST),
    ('<table background="https://evil.example/bg.png"><tr><td>x</td></tr></table>', ANOTHER_HOST),
    ('<video poster="https://evil.example/a.png"></video>', ANOTHER_HOST),
    ("A paragraph.\n{: onclick=\"alert(1)\" }", "the attribute list"),
    ("A paragraph.\n{: .mdx-callout .mdx-callout--emergency }", "the attribute list"),
    ('![A drawing](a.svg){ style="position:fixed;inset:0" }', "the attribute list"),
    ('## A heading { data-md-component="search" }', "the attribute list"),
    ('<div class="mdx-callout mdx-callout--emergency">Call 0800 000 000</div>', "one of the site's own"),
    ('<p class="md-header">x</p>', "one of the site's own"),
    # What only the check of the built page knew, said at its line before the build.
    ("Press <u>gently</u>.", "`<u>`: the site writes no `<u>` element there"),
    ("Press <kbd>Space</kbd> to pause.", "`<kbd>`: the site writes no `<kbd>` element there"),
    ('<a href="https://www.nhs.uk/" target="_blank">NHS</a>', "the site writes no `target` attribute on `<a>`"),
    ('<span style="color:red">Stop</span>', "the site writes no `style` attribute on `<span>`"),
    ("[Write to us](mailto:help@example.org)", "an address starting `mailto:`, which the site never writes there"),
    ("[us]\n\n[us]: ftp://example.org/a.txt", "an address starting `ftp:`"),
    ('<span class="shout">Stop</span>', "the site has no class `shout`"),
]


@pytest.fixture(scope="session")
def source_problems(tmp_path_factory) -> list[Problem]:
    docs = make_docs(tmp_path_factory.mktemp("source"), {})
    for number, (text, _) in enumerate(SOURCE):
        (docs / "techniques" / f"source-{number}.md").write_text(with_case(text, f"Source case {number}"))
    return problems_in(docs)


@pytest.mark.parametrize("number", range(len(SOURCE)), ids=[case[0][:40] for case in SOURCE])
def test_raw_html_that_could_run_load_or_pass_for_the_site_is_refused_at_its_line(source_problems, number):
    text, message = SOURCE[number]
    line = AT + text.count("\n")  # the last line of a case is the one refused
    assert found(source_problems, f"source-{number}.md", line, message), "\n".join(
        str(p) for p in source_problems if Path(p.file).name == f"source-{number}.md")


# The files a contribution adds --------------------------------------------------------------------

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 9 9">'
DRAWINGS: list[tuple[str, int | None, str]] = [
    (f"{SVG_OPEN}\n<script>alert(1)</script></svg>", 2, "a `<script>` element"),
    (f"{SVG_OPEN}\n<svg:script xmlns:svg=\"http://www.w3.org/2000/svg\">alert(1)</svg:script></svg>", 2,
     "a `<svg:script>` element"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', 1, "an event handler, `onload`"),
    (f"{SVG_OPEN}\n<rect width=\"9\" height=\"9\" onclick=\"alert(1)\"/></svg>", 2, "an event handler, `onclick`"),
    (f"{SVG_OPEN}\n<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject></svg>", 2,
     "a `<foreignObject>` element"),
    (f"{SVG_OPEN}\n<image xlink:href=\"https://evil.example/a.png\"/></svg>", 2, "a reference to another file or host"),
    (f"{SVG_OPEN}\n<image href=\"../../x.png\"/></svg>", 2, "a reference to another file or host"),
    (f"{SVG_OPEN}\n<use href=\"//evil.example/s.svg#a\"/></svg>", 2, "a reference to another file or host"),
    (f"{SVG_OPEN}\n<image href=\"data:image/svg+xml,&lt;svg onload=alert(1)&gt;\"/></svg>", 2,
     "a reference to another file or host"),
    (f"{SVG_OPEN}\n<a href=\"javascript:alert(1)\"><text>x</text></a></svg>", 2, "a `<a>` element"),
    (f"{SVG_OPEN}\n<set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>", 2, "a `<set>` element"),
    (f"{SVG_OPEN}\n<animate attributeName=\"href\" values=\"javascript:alert(1)\"/></svg>", 2,
     "a `<animate>` element"),
    (f"{SVG_OPEN}\n<rect style=\"fill:url(https://evil.example/p.svg#x)\"/></svg>", 2, "a style that loads"),
    (f"{SVG_OPEN}\n<rect style=\"background:image-set('https://evil.example/a.png' 1x)\"/></svg>", 2,
     "a style that loads"),
    (f"{SVG_OPEN}\n<style>@import url(https://evil.example/a.css);</style></svg>", 2, "a stylesheet of its own"),
    (f"<?xml-stylesheet href=\"https://evil.example/a.css\"?>\n{SVG_OPEN}</svg>", 1, "a processing instruction"),
    ("<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
     f"{SVG_OPEN}<text>&b;</text></svg>", 1, "declares a DTD or an entity"),
    ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' f"{SVG_OPEN}<text>&x;</text></svg>", 1,
     "declares a DTD or an entity"),
    (f"{SVG_OPEN}\n<rect></svg>", 2, "the drawing is not well-formed XML"),
    ('<html xmlns="http://www.w3.org/1999/xhtml"><body onload="alert(1)"/></html>', 1,
     "the drawing's outermost element is `<html>`"),
    (f"{SVG_OPEN}<!--" + "x" * 110_000 + "--></svg>", 1, "a drawing may be at most 100 KB"),
]
FILES: list[tuple[str, str]] = [
    ("evil.html", "is not a file a page or drawing may add"),
    ("assets/javascripts/bundle.f1e2d3c4.min.js", "is not a file a page or drawing may add"),
    ("assets/stylesheets/main.0253249f.min.css", "is not a file a page or drawing may add"),
    ("sw.js", "is not a file a page or drawing may add"),
    ("robots.txt", "is not a file a page or drawing may add"),
    ("drawing.svg", "a drawing goes in docs/assets/illustrations/"),
    ("assets/illustrations/sub/drawing.svg", "a drawing goes in docs/assets/illustrations/"),
    ("assets/illustrations/drawing.png", "is not a file a page or drawing may add"),
    ("404.md", "is a page the site makes itself"),
    ("booklet.md", "is a page the site makes itself"),
]


@pytest.mark.parametrize("number", range(len(DRAWINGS)), ids=[c[2][:40] for c in DRAWINGS])
def test_a_drawing_may_hold_no_code_link_or_entity(tmp_path, number):
    text, line, message = DRAWINGS[number]
    docs = make_docs(tmp_path, {})
    (docs / "assets" / "illustrations" / "case.svg").write_text(text)
    problems = problems_in(docs)
    assert found(problems, "case.svg", line, message), "\n".join(map(str, problems))


@pytest.mark.parametrize("saved", ["png", "latin-1"])
def test_a_page_s_drawing_in_another_encoding_is_named_not_a_crash(tmp_path, saved):
    """A picture saved with the drawing's name, or an SVG its program wrote in Latin-1: the
    page's checks read the drawing too (its size, the scaffold's mark), and must not fail on it."""
    docs = make_docs(tmp_path, {GOOD.name: GOOD})
    drawing = docs / "assets" / "illustrations" / GOOD_ART.name
    if saved == "png":
        drawing.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    else:
        text = GOOD_ART.read_text(encoding="utf-8")  # an SVG with no XML declaration of its own
        drawing.write_bytes(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
                            + text.replace("<title>", "<title>Caf\u00e9 ", 1).encode("latin-1"))
    problems = problems_in(docs)
    if saved == "png":
        assert found(problems, GOOD_ART.name, 1, "the drawing is not well-formed XML"), problems
    else:
        assert problems == []


@pytest.mark.parametrize(("rel", "message"), FILES)
def test_a_file_that_is_no_page_or_drawing_where_drawings_go_is_named(tmp_path, rel, message):
    docs = make_docs(tmp_path, {})
    (docs / rel).parent.mkdir(parents=True, exist_ok=True)
    (docs / rel).write_text("---\ntitle: X\n---\n" if rel.endswith(".md") else "<script>alert(1)</script>\n")
    problems = problems_in(docs)
    assert [p for p in problems if p.file.endswith(rel) and message in p.message and p.fix], \
        "\n".join(map(str, problems))


@pytest.mark.parametrize("target", ["/etc/hostname", "inside", "folder", "outside-folder"])
def test_a_symlink_under_docs_is_refused_and_never_read(tmp_path, target):
    docs = make_docs(tmp_path, {})
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "page.md").write_text("---\ntitle: Secret\n---\n\n{{ config }}\n")
    link = docs / "linked.md"
    if target == "inside":
        link.symlink_to(docs / "index.md")
    elif target == "folder":
        link = docs / "linked"
        link.symlink_to(docs / "techniques", target_is_directory=True)
    elif target == "outside-folder":
        link = docs / "linked"
        link.symlink_to(secret, target_is_directory=True)
    else:
        link.symlink_to(target)
    problems = problems_in(docs)
    assert [p.message for p in problems if "is a symlink" in p.message and p.fix] != [], problems
    assert not any("config" in p.message for p in problems), "a page behind a symlink was read"


# Bounded work ------------------------------------------------------------------------------------


def test_a_page_over_the_size_limit_gets_one_message_and_is_not_read(tmp_path):
    page = tmp_path / "page.md"
    limit = settings(CONFIG)["max_page_kb"]
    page.write_text(with_case("A knot is a small, tight spot. " * (limit * 1024 // 30 + 10)))
    problems = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert [(p.line, p.message.split(";")[1]) for p in problems] == [(1, f" a page may be at most {limit} KB.")]
    assert "max_page_kb" in problems[0].fix


def test_more_timers_than_the_limit_are_named_at_the_first_too_many(tmp_path):
    limit = settings(CONFIG)["max_timers"]
    timers = "\n\n".join(f'{{{{ timer("30s", get_ready="45s", label="Hold {n}") }}}}' for n in range(limit + 2))
    page = tmp_path / "page.md"
    page.write_text(with_case(timers))
    problems = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    before = GOOD.read_text().count("{{ timer(")  # the good page's own, above the case
    assert found(problems, GOOD.name, AT + 2 * (limit - before), f"the page has {limit + 2 + before} timers; a page "
                                                                 f"may have at most {limit}.")


# The HTML the build writes, should the checks miss something --------------------------------------
# One build of a copy whose checks find nothing, with one page per case under docs/tips/.

BUILT: list[tuple[str, str]] = [
    ("<!--> <img src=x alt=a onerror=alert(1)> -->", "`onerror` is an event handler"),
    ("<!-- a --!> <img src=x alt=a onerror=alert(1)>", "`onerror` is an event handler"),
    ("<details/open/ontoggle=alert(1)>x</details>", "`ontoggle` is an event handler"),
    ("[Tap](&#106;avascript:alert(1))", "an address starting `javascript:`"),
    ("[Tap](java&#x09;script:alert(1))", "an address starting `javascript:`"),
    ('<a href=" javascript:alert(1)">x</a>', "an address starting `javascript:`"),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', "an address starting `data:`"),
    ('<a href="\\\\evil.example/x">x</a>', "an address on another host"),
    ("![A drawing](//evil.example/a.png)", "an address on another host"),
    ('<img src="https://evil.example/a.png" alt="a">', "an address starting `https:`"),
    ('<img alt="a" src="a.svg" srcset="https://evil.example/a.png 2x">', "no `srcset` attribute"),
    ('<p style="background-image:image-set(\'https://evil.example/a.png\' 1x)">x</p>', "no `style` attribute"),
    ('<table><tr><td background="https://evil.example/a.png">x</td></tr></table>', "no `background` attribute"),
    ("<svg><animate attributeName=href to=javascript:alert(1) /></svg>", "no `<animate>` element"),
    ("<svg><set attributeName=href to=javascript:alert(1) /></svg>", "no `<set>` element"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "no `<meta>` element"),
    ('<base href="https://evil.example/">', "no `<base>` element"),
    ('<form action="https://evil.example/"><button>Go</button></form>', "no `<form>` element"),
    ("<iframe src=https://evil.example/></iframe>", "no `<iframe>` element"),
    ("<script>alert(1)</script>", "no `<script>` element"),
    ("<style>body{display:none}</style>", "no `<style>` element"),
    ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "`onerror` is an event handler"),
    ("A paragraph.\n{: onclick=\"alert(1)\" }", "`onclick` is an event handler"),
    ("A paragraph.\n{: .md-header }", "the site has no class `md-header`"),
    ('<div data-md-component="search">x</div>', "no `data-md-component` attribute"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "`onerror` is an event handler"),
]
# Front matter the checks would refuse, reaching the menu or head, and callouts taken away.
BUILT_PAGES: dict[str, tuple[str, str]] = {
    "status.md": (f"---\ntitle: Status case\nstatus: {XSS}\n---\n\nWords.\n", "menu or head has"),
    "subtitle.md": (f"---\ntitle: Subtitle case\nsubtitle: {XSS}\n---\n\nWords.\n", "menu or head has"),
    # The checks miss it here: the gate still sees that a callout in a comment is not on the page.
    "hidden.md": ("---\ntitle: Hidden callout\n---\n\nWords.\n\n<!-- {{ callout(\"stop-signs\") }} -->\n",
                  "the callout `stop-signs` is called on this line"),
    "shadowed.md": ("---\ntitle: Shadowed callouts\n---\n\n{% macro callout(id) %}{% endmacro %}\n\n"
                    '{{ callout("stop-signs") }}\n', "the callout `stop-signs` is called on this line"),
}


@pytest.fixture(scope="session")
def built_gallery(tmp_path_factory) -> str:
    """The output of one build of every BUILT case, the checks missing them all."""
    project = checks_that_miss(copy_project(tmp_path_factory.mktemp("built-src")))
    tips = project / "docs" / "tips"
    for number, (text, _) in enumerate(BUILT):
        (tips / f"built-{number}.md").write_text(f"---\ntitle: Built case {number}\n---\n\nWords.\n\n{text}\n")
    for name, (text, _) in BUILT_PAGES.items():
        (tips / name).write_text(text)
    result = build(project, tmp_path_factory.mktemp("built-out"))
    assert result.returncode != 0, "the build passed a hostile page"
    return result.stdout + result.stderr


@pytest.mark.build
@pytest.mark.parametrize("number", range(len(BUILT)), ids=[case[0][:40] for case in BUILT])
def test_the_html_a_page_produces_is_checked_and_the_build_fails_naming_it(built_gallery, number):
    what = BUILT[number][1]
    named = [line for line in built_gallery.splitlines()
             if f"docs/tips/built-{number}.md: error: the built page" in line]
    assert any(what in line and "`<" in line for line in named), f"built-{number}.md:\n" + "\n".join(named)


@pytest.mark.build
@pytest.mark.parametrize("name", sorted(BUILT_PAGES))
def test_front_matter_and_shadowed_callouts_are_caught_in_the_built_page(built_gallery, name):
    assert re.search(rf"docs/tips/{re.escape(name)}(:\d+)?: error: .*{re.escape(BUILT_PAGES[name][1])}",
                     built_gallery), built_gallery[-3000:]


def test_an_element_judged_once_is_judged_again_for_another_site_or_a_wider_list():
    """The gate keeps what it found of each element (most are on every page): the answer must
    follow the site's address and what is allowed, not the first page that had the element."""
    allowed = html_gate.Allowed({"img": {"src"}, "blink": set()})
    picture = '<img src="https://example.org/a.png">'
    assert html_gate.check_html(picture, allowed, "https://example.org/") == []
    assert html_gate.check_html(picture, allowed, None) == [
        '`<img src="https://example.org/a.png">`: an address starting `https:`, which the site never writes there']
    assert html_gate.check_html(picture * 2, allowed, None) == html_gate.check_html(picture, allowed, None) * 2
    assert html_gate.check_html(picture, allowed, "https://example.org/") == []
    marquee = "<marquee>Words</marquee>"
    assert html_gate.check_html(marquee, allowed) == ["`<marquee>`: the site writes no `<marquee>` element there"]
    allowed.add(html_gate.Allowed({"marquee": set()}))
    assert html_gate.check_html(marquee, allowed) == []


# Neutralised: contributions that pass every check and build, checked in real Chromium ------------

NEUTRAL = [
    "Code shows markup as text: `<img src=x onerror=alert(1)>` and `<script>alert(1)</script>`.",
    "```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n<svg onload=alert(1)>\n```",
    "<!-- <script>alert(1)</script> <img src=x onerror=alert(1)> -->",
    "A link to [another site](https://evil.example/track.png) loads nothing until tapped.",
    "An autolink <https://evil.example/> too.",
    '![A drawing" onerror="alert(1)](../assets/illustrations/floor-tennis-ball.svg)',
    '[A link](https://www.nhs.uk/ "a title\\" onmouseover=\\"alert(1)")',
    "Angle brackets in words: 1 < 2 and 3 > 2, a <b>bold</b> word.",
    "A part of the page\n{: #a-part }",
]


@pytest.fixture(scope="session")
def neutral_site(tmp_path_factory):
    """The site with a tips page holding every NEUTRAL case, built as it is (every check on)."""
    project = copy_project(tmp_path_factory.mktemp("neutral-src"))
    text = "---\ntitle: Neutral cases\n---\n\n" + "\n\n".join(NEUTRAL) + "\n"
    (project / "docs" / "tips" / "neutral.md").write_text(text)
    out = tmp_path_factory.mktemp("neutral-out")
    result = build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


WATCH = """() => new Promise(done => {
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'toggle', 'load', 'error'])
      el.dispatchEvent(new Event(type, {bubbles: false}));
  }
  setTimeout(done, 300);
})"""


def visit(browser, url: str, site: str) -> tuple[list[str], list[str]]:
    """Open `url` with its events fired on every element: the dialogs it opened and its requests
    to other hosts (blocked)."""
    context = browser.new_context(service_workers="block")
    dialogs, foreign = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith((site, "data:", "about:"))
                  else (foreign.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        if url.startswith("<"):
            page.set_content(url)
        else:
            page.goto(url, wait_until="load")
        page.evaluate(WATCH)
        page.wait_for_timeout(200)
    finally:
        context.close()
    return dialogs, foreign


@pytest.mark.browser
def test_the_neutralised_gallery_runs_nothing_and_loads_nothing_from_elsewhere(browser, neutral_site):
    html = (neutral_site / "tips" / "neutral" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and 'id="a-part"' in html
    with serve(neutral_site) as site:
        dialogs, foreign = visit(browser, site + "tips/neutral/", site)
    assert dialogs == [] and foreign == []


@pytest.mark.browser
def test_the_watch_sees_a_dialog_and_a_request_to_another_host(browser):
    # The harness can fail: a live handler and a picture from elsewhere are seen.
    dialogs, foreign = visit(browser, '<img src="https://evil.example/a.png" onerror="alert(1)">', "http://127.0.0.1")
    assert "1" in dialogs and foreign == ["https://evil.example/a.png"]

