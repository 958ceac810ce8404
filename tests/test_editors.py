"""A page saved the way common editors save it: Windows line ends (CRLF), old Mac ones (CR),
a UTF-8 byte-order mark, tabs. Each good variant of the good page has no problem at all and
builds like the original; each mistake an editor makes gets a message with the line and
what to do. The variants are made here from the good page, so they follow it as it changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import build, checks_that_miss, copy_project, own_timer_ids
from test_contributions import ART, FIXTURES, GALLERY, GOOD, NEIGHBOURS, make_docs, problems_in

from macros.core.page import read_text


def _with_tabs(text: str) -> str:
    """Tabs where YAML and Markdown take them: after a field's colon, at a line's end, in a
    list item's marker and between sentences."""
    front, body = _split(text)
    front = re.sub(r"^(title|summary|position):[ ]", r"\1:\t", front, flags=re.M)
    front = re.sub(r"^(time_needed:.*)$", "\\1\t", front, flags=re.M)
    body = re.sub(r"^(\d+\.) ", "\\1\t", body, flags=re.M)
    body = body.replace(". ", ".\t", 1)
    return front + body


def _split(text: str) -> tuple[str, str]:
    end = text.index("\n---\n", 4) + len("\n---\n")
    return text[:end], text[end:]


def _non_ascii(text: str) -> str:
    """Curly quotes, a dash and an accent, as word processors write them."""
    front, body = _split(text)
    body = body.replace("That is common.", "That\u2019s common, and it fades \u2014 d\u00e9j\u00e0 vu for many.")
    assert body != _split(text)[1], "the good page no longer says `That is common.`: pick another sentence"
    return front + body


# name: how an editor turns the good page's text into its bytes.
GOOD_VARIANTS: dict[str, Callable[[str], bytes]] = {
    "crlf": lambda t: t.replace("\n", "\r\n").encode(),  # Windows
    "cr": lambda t: t.replace("\n", "\r").encode(),  # old Mac
    "bom": lambda t: ("\ufeff" + t).encode(),  # Notepad's "UTF-8 with BOM"
    "bom-crlf": lambda t: ("\ufeff" + t).replace("\n", "\r\n").encode(),
    "tabs": lambda t: _with_tabs(t).encode(),
    "tabs-crlf": lambda t: _with_tabs(t).replace("\n", "\r\n").encode(),
    "utf8-accents-crlf": lambda t: _non_ascii(t).replace("\n", "\r\n").encode(),
    "no-final-newline": lambda t: t.rstrip("\n").encode(),
}


def good_text() -> str:
    text = GOOD.read_text(encoding="utf-8")
    assert "\r" not in text and not text.startswith("\ufeff"), "the good page itself should be plain LF UTF-8"
    return text


def variant(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "variants" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(GOOD_VARIANTS))
def test_the_good_page_as_each_editor_saves_it_has_no_problem_at_all(tmp_path, name):
    data = GOOD_VARIANTS[name](good_text())
    page = variant(tmp_path, GOOD.name, data)
    assert problems_in(make_docs(tmp_path, {GOOD.name: page})) == []


def test_the_variants_really_are_what_their_names_say():
    text = good_text()
    assert GOOD_VARIANTS["crlf"](text).count(b"\r\n") == text.count("\n")
    assert b"\n" not in GOOD_VARIANTS["cr"](text)
    assert GOOD_VARIANTS["bom"](text).startswith(b"\xef\xbb\xbf---")
    tabbed = GOOD_VARIANTS["tabs"](text).decode()
    assert "title:\t" in tabbed and "\n1.\t" in tabbed and ".\t" in _split(tabbed)[1].replace("\n1.\t", "")
    assert "\u2019" in GOOD_VARIANTS["utf8-accents-crlf"](text).decode()


# Every mistake of the gallery, saved with Windows or old Mac line ends or a byte-order mark,
# gets the same messages on the same lines as the plain file.
SAVED_AS = {
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "cr": lambda data: data.replace(b"\n", b"\r"),
    "bom": lambda data: b"\xef\xbb\xbf" + data,
}


@pytest.mark.parametrize("saved_as", sorted(SAVED_AS))
def test_line_numbers_stay_right_whatever_the_line_ends(tmp_path, saved_as):
    def found(folder: str, transform: Callable[[bytes], bytes]) -> list[tuple]:
        pages = {}
        for name in GALLERY:
            if name in NEIGHBOURS:
                continue
            pages[name] = variant(tmp_path / folder, name, transform((FIXTURES / "bad" / name).read_bytes()))
        docs = make_docs(tmp_path / folder, pages)
        here = str(tmp_path / folder)  # named in messages such as "also used by <file>", and in fixes
        return [(Path(p.file).name, p.line, p.message.replace(here, ""), p.fix.replace(here, ""))
                for p in problems_in(docs)]

    plain = found("plain", lambda data: data)
    assert len(plain) >= len(GALLERY) - len(NEIGHBOURS)
    assert found(saved_as, SAVED_AS[saved_as]) == plain


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_tab_in_the_front_matter_indentation_is_named_with_its_line(tmp_path, line_end):
    text = good_text()
    assert "\n  - {title:" in text, "the good page has no indented list in its front matter any more"
    broken = text.replace("\n  - {title:", "\n\t- {title:", 1)
    page = variant(tmp_path, GOOD.name, broken.replace("\n", line_end).encode())
    problems = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert [(p.line, p.severity) for p in problems] == [(_line_of(broken, "\t- {title:"), "error")]
    assert "tab at the start of this line" in problems[0].message
    assert problems[0].fix.startswith("replace the tab with spaces")
    assert problems[0].file.endswith(GOOD.name)


def test_every_tab_that_yaml_refuses_is_listed_at_once(tmp_path):
    text = good_text()
    front, body = _split(text)
    fields = [line for line in front.split("\n") if re.match(r"^[a-z_]+: \S", line)]
    second, third = fields[1], fields[2]
    broken = front.replace(second, "\t" + second).replace(third, " \t" + third) + body
    broken = broken.replace("\n  - {title:", "\n  -\t{title:", 1)
    page = variant(tmp_path, GOOD.name, broken.encode())
    problems = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    expected = sorted([_line_of(broken, "\t" + second), _line_of(broken, " \t" + third),
                       _line_of(broken, "-\t{title:")])
    assert [p.line for p in problems] == expected
    assert all(p.fix.startswith("replace the tab with spaces") for p in problems)


def _cp1252(text: str, line_end: str = "\n") -> bytes:
    return _non_ascii(text).replace("\n", line_end).encode("cp1252")


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_a_page_saved_in_windows_1252_is_told_to_save_it_as_utf_8(tmp_path, line_end):
    text = good_text()
    data = _cp1252(text, line_end)
    page = variant(tmp_path, GOOD.name, data)
    [problem] = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert problem.file.endswith("docs/techniques/" + GOOD.name)
    assert problem.line == _line_of(_non_ascii(text), "That\u2019s common")
    assert problem.message.startswith("the file is not saved as UTF-8: this line has the byte 0x92 "
                                      "(in Windows-1252 or Latin-1, `\u2019`)")
    assert problem.fix.startswith("save it as UTF-8")


def test_a_page_saved_as_utf_16_is_told_to_save_it_as_utf_8(tmp_path):
    page = variant(tmp_path, GOOD.name, good_text().encode("utf-16"))
    [problem] = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert (problem.line, problem.message) == (1, 'the file is saved as UTF-16 ("Unicode"), not UTF-8.')
    assert problem.fix.startswith("save it as UTF-8")


def test_any_page_not_in_utf_8_is_named_not_only_techniques(tmp_path):
    docs = make_docs(tmp_path, {GOOD.name: GOOD})
    (docs / "about.md").write_bytes("---\ntitle: About\n---\n\nCaf\u00e9 au lait.\n".encode("latin-1"))
    [problem] = problems_in(docs)
    assert problem.file.endswith("docs/about.md") and problem.line == 5
    assert "0xE9 (in Windows-1252 or Latin-1, `\u00e9`)" in problem.message


def test_a_link_to_a_page_not_in_utf_8_is_checked_without_a_crash(tmp_path):
    docs = make_docs(tmp_path, {GOOD.name: GOOD})
    (docs / "about.md").write_bytes("---\ntitle: About\n---\n\n## Caf\u00e9\n".encode("latin-1"))
    (docs / "tips.md").write_text("---\ntitle: Tips\n---\n\nSee [about](about.md#cafe).\n")
    problems = problems_in(docs)
    assert [(Path(p.file).name, p.line) for p in problems if "not saved as UTF-8" in p.message] == [("about.md", 5)]


def test_read_text_reads_what_mkdocs_reads(tmp_path):
    path = tmp_path / "x.md"
    path.write_bytes(b"\xef\xbb\xbfa\r\nb\rc\n")
    assert read_text(path) == "a\nb\nc\n"


# Real builds -------------------------------------------------------------------------------


def _titled(text: str, suffix: str) -> str:
    new, count = re.subn(r"^title: (.*)$", lambda m: f"title: {m[1]} {suffix}", text, count=1, flags=re.M)
    assert count == 1
    return new


@pytest.mark.build
def test_every_editor_variant_builds_with_its_front_matter_read_not_shown(tmp_path):
    """MkDocs reads each file itself: the front matter must be recognised (title, tags), not
    printed as text, and the page must look like the original."""
    project = copy_project(tmp_path / "project")
    (project / "docs/assets/illustrations" / ART.name).write_bytes(ART.read_bytes())
    text = good_text()
    title = re.search(r"^title: (.*)$", text, re.M)[1]
    names = {}
    for number, name in enumerate(sorted(GOOD_VARIANTS), start=1):
        page = f"variant-{name}"
        names[name] = page
        own = own_timer_ids(_titled(text, f"v{number}"), page)
        (project / "docs/techniques" / f"{page}.md").write_bytes(GOOD_VARIANTS[name](own))
    out = tmp_path / "out"
    result = build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    reference = None
    for number, name in enumerate(sorted(GOOD_VARIANTS), start=1):
        html = (out / "techniques" / names[name] / "index.html").read_text(encoding="utf-8")
        main = re.search(r'<article class="md-content__inner.*?</article>', html, re.S).group()
        assert f"<title>{title} v{number} - Knotwork</title>" in html, name
        assert re.search(rf"<h1[^>]*>{re.escape(title)} v{number}", main), name
        assert "summary:" not in main and "last_reviewed" not in main and "---" not in main, name
        assert "\ufeff" not in html and "\r" not in html, name
        assert main.count("<li>") >= 3 and 'class="md-tag"' in main, name
        shape = re.findall(r"<([a-z][\w-]*)", main)  # the elements, in order
        reference = reference or shape
        assert shape == reference, f"{name} does not render like the other variants"


@pytest.mark.build
def test_a_build_lists_the_encoding_and_the_tab_mistakes_with_their_fixes(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/assets/illustrations" / ART.name).write_bytes(ART.read_bytes())
    text = good_text()
    tabbed = _titled(text, "tabbed").replace("\n  - {title:", "\n\t- {title:", 1)
    (project / "docs/techniques/latin.md").write_bytes(_cp1252(_titled(text, "latin"), "\r\n"))
    (project / "docs/techniques/tabbed.md").write_bytes(tabbed.replace("\n", "\r\n").encode())
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    latin_line = _line_of(_non_ascii(text), "That\u2019s common")
    assert f"docs/techniques/latin.md:{latin_line}: error: the file is not saved as UTF-8" in output
    assert f"docs/techniques/tabbed.md:{_line_of(tabbed, chr(9))}: error: the front matter has a tab" in output
    assert output.count("fix: save it as UTF-8") == 1 and output.count("fix: replace the tab with spaces") == 1
    assert "Traceback" not in output and "UnicodeDecodeError" not in output


@pytest.mark.build
@pytest.mark.parametrize("saved_as", ["crlf", "bom"])
def test_an_error_found_while_rendering_names_the_right_line_whatever_the_line_ends(tmp_path, saved_as):
    # Only rendering finds a value worked out in the page once the checks miss it (they refuse it
    # at its line, the same way, as read_text reads every line end).
    project = checks_that_miss(copy_project(tmp_path / "project"))
    (project / "docs/assets/illustrations" / ART.name).write_bytes(ART.read_bytes())
    text = good_text()
    assert '{{ timer("' in text, "the good page has no timer any more"
    # A value worked out in the page, so only rendering finds it wrong.
    text = re.sub(r'\{\{ timer\("[^"]*"', '{% set hold = "30 secs" ~ "x" %}\n{{ timer(hold', text, count=1)
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if row.startswith("{{ timer(hold"))
    (project / "docs/techniques" / GOOD.name).write_bytes(SAVED_AS[saved_as](text.encode()))
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/techniques/{GOOD.name}:{line}: error: `timer` parameter `hold`: " in output, output
