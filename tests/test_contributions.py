"""A contribution is told exactly what is wrong: a gallery of bad pages (tests/fixtures/bad/,
one mistake each) with the message each gets, the contributor docs kept in step with the
code, and real builds showing that a new page needs no other edit."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pytest
import yaml
from conftest import ROOT, build, checks_that_miss, copy_project, make_docs

from macros.checks import claims, review, wording
from macros.checks.site import check_site
from macros.components import technique
from macros.core.config import settings
from macros.core.errors import Problem
from macros.core.page import read_page, shown_path
from macros.core.text import masked
from macros.pages import guide, rendering
from macros.pages.macro_table import macro_table
from macros.tools import check, docs_tables
from macros.tools.review import record

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good" / "foam-roller-on-the-floor.md"
ART = FIXTURES / "good" / "foam-roller-on-the-floor.svg"
# The gallery is checked on a fixed day: the one its good page was last reviewed on. Every
# fixture's dates are fixed too, so no fixture turns past due on a later day; the real pages
# are checked on the real day (dt.date.today()).
FIXTURES_DAY = dt.date.fromisoformat(re.search(r"^last_reviewed: (\S+)", GOOD.read_text(), re.M)[1])


@dataclass
class Expect:
    line: int | None
    message: str
    fix: str = ""
    severity: str = "error"
    file: str | None = None  # the fixture itself unless named


# Each fixture: every problem it must get, and no other.
GALLERY: dict[str, list[Expect]] = {
    "no-front-matter.md": [Expect(1, "the page has no front matter", "start the file with a `---` line")],
    "bad-yaml.md": [Expect(5, "the front matter is not valid YAML on or just before this line",
                           "every quote needs its partner")],
    # One message for one mistake: the misspelt name, not also a missing `summary`.
    "misspelt-field.md": [Expect(4, "unknown front-matter field `sumary`. Did you mean `summary`?",
                                 "rename it to `summary`.")],
    "missing-field.md": [Expect(2, "`sources` is missing", "add `sources: [{")],
    "unknown-field.md": [Expect(4, "unknown front-matter field `author`.", "use only `body_areas`")],
    "wrong-type.md": [Expect(6, "`equipment`: must be a list of words.", "write it like `[")],
    "wrong-choice.md": [Expect(7, "no choice `lying on the back`. Did you mean `lying on your back`?",
                               "use one of `lying on your back`")],
    "impossible-date.md": [Expect(12, "`2026-02-30` is not a real date: February 2026 has 28 days, not 30.",
                                  "YYYY-MM-DD")],
    "date-in-words.md": [Expect(13, "`review_due`: `next November` is not a date Knotwork can read.",
                                "YYYY-MM-DD")],
    "review-before-last-review.md": [Expect(13, "`review_due` (2026-01-01) is not after `last_reviewed`",
                                            "which sets the next one a year after it")],
    "review-past-due.md": [Expect(13, "the review was due on 2025-01-10.", "then record it with `make review PAGE=",
                                  severity="warning")],
    "time-out-of-range.md": [Expect(9, "`time_needed`: `2 hours` is out of range.", "1 to 60 min")],
    "source-not-a-web-address.md": [Expect(10, "source 1's url `www.nhs.uk/conditions/back-pain/` is not a web "
                                               "address.", "starting with https://")],
    "markup-in-title.md": [Expect(3, "`title`: must be plain text; got `<img src=x onerror=alert(1)>`",
                                  "remove HTML")],
    "markup-in-description.md": [Expect(4, "`description` must be plain text", "in words only")],
    "alt-too-short.md": [Expect(5, "`alt` must describe the position", "say who is where")],
    "illustration-missing.md": [Expect(5, "docs/assets/illustrations/foam-roller.svg does not exist",
                                       "add the SVG there")],
    "own-title-heading.md": [Expect(16, "the page has its own `# ` heading.", "the title comes from `title:`")],
    "missing-section.md": [Expect(44, "the section `## Afterwards` is missing.",
                                  "add `## Afterwards` after `## How hard, how long and how often`")],
    "section-written-differently.md": [Expect(26, "the section `## What you need` is missing: `## What You Need` "
                                                  "is written differently.",
                                              "write it `## What you need`, word for word")],
    "sections-out-of-order.md": [Expect(None, "the sections are out of order.",
                                        "What it is for, Safety, What you need")],
    "missing-get-help-callout.md": [Expect(None, "the callout `emergency-help` is missing.",
                                           'add {{ callout("emergency-help") }} under `## When to get help`')],
    # A callout that every check counts, and no reader sees: hidden in a comment, or shown as text.
    "callout-in-a-comment.md": [Expect(56, "a macro inside an HTML comment (<!-- … -->) is still run, but what it "
                                           "shows is hidden from readers", "take it out of the comment")],
    "callout-in-raw.md": [Expect(None, "the callout `stop-signs` is missing: every page with the dose "
                                       "`rest-position` has it.", 'add {{ callout("stop-signs") }}')],
    "get-help-callout-elsewhere.md": [Expect(26, "the callout `emergency-help` is under `## Safety`.",
                                             "move it under `## When to get help`")],
    "unknown-callout.md": [Expect(22, "`callout` parameter `id` has no choice `stop-sign`. Did you mean `stop-signs`?",
                                  "use one of `ask-first`")],
    "unknown-macro.md": [Expect(36, "there is no macro `timr`. Did you mean `timer`?", "use one of `callout`")],
    "unknown-parameter.md": [Expect(36, "`timer` has no parameter `time`. Did you mean `times`?",
                                    "use one of `count_down`")],
    "wrong-parameter-type.md": [Expect(36, "`timer` parameter `times` must be a whole number; got `'three'`",
                                       "write a number from 1 to 20")],
    "timer-out-of-range.md": [Expect(36, "`timer` parameter `times` is 50, outside the allowed range.",
                                     "use a value from 1 to 20")],
    "timer-rest-without-repeats.md": [Expect(36, "`timer` has `rest` but only one hold.", "add `times=`")],
    "macro-not-closed.md": [Expect(22, "a macro is not written right: unexpected '}', expected ')' (column 25).",
                                   'write a macro like {{ callout("not-on-bone") }}')],
    "image-without-alt.md": [Expect(34, "the image `../assets/illustrations/foam-roller-on-the-floor.svg` has no "
                                        "alt text.", "describe it between the brackets")],
    "html-image-without-alt.md": [Expect(34, "an <img> has no alt text.", 'add alt="…"')],
    "script-tag.md": [Expect(48, "`<script` is not allowed in a page", "write Markdown")],
    "event-handler.md": [Expect(34, "`<span onmouseover=` is not allowed in a page", "write Markdown")],
    "javascript-link.md": [Expect(46, "`javascript:` is not allowed in a page", "write Markdown")],
    "broken-link.md": [Expect(46, "the link `../safty.md` points at no file. Did you mean `../safety.md`?",
                              "link an existing file")],
    "absolute-link.md": [Expect(46, "the link `/safety.md` starts with `/`.", "write it relative to this page")],
    "hard-to-read.md": [Expect(18, "the reading grade is", "the longest sentences are on line 18 (44 words), "
                                                            "line 46 (36 words)"),
                        Expect(18, "this sentence is too hard to read (44 words, the limit is 25; reading grade 38.8, "
                                   "the limit is 12): “Myofascial self-release utilising a cylindrical polyethylene "
                                   "apparatus may … reliance on independent interventions.”", "split it"),
                        Expect(46, "this sentence is too hard to read (36 words, the limit is 25; reading grade 34.8, "
                                   "the limit is 12): “Transient post-intervention", "max_sentence_words")],
    "sentence-too-long.md": [Expect(28, "this sentence is too hard to read (45 words, the limit is 25; reading grade "
                                        "14.5, the limit is 12): “A foam roller and a clear patch of … help you get "
                                        "up.”", "split it into shorter sentences")],
    "own-safety-warning.md": [Expect(48, "this is a safety warning in the page's own words (“Warning:”): insert "
                                         '{{ callout("places-to-avoid") }} instead.', "callout registry")],
    "safety-admonition.md": [Expect(48, "this is a safety warning in the page's own words (a `!!! warning` box): "
                                        'insert {{ callout("stop-signs") }} instead.', "callout registry")],
    "missing-anchor.md": [Expect(46, "the link `missing-anchor.md#how-to-do-i` points at an anchor that this page does "
                                     "not have. Did you mean `missing-anchor.md#how-to-do-it`?",
                                 "use one of its anchors: `#foam-roller-on-the-floor`, `#what-it-is-for`"),
                          Expect(48, "the link `#no-such` points at an anchor that this page does not have.",
                                 "use one of its anchors: `#foam-roller-on-the-floor`, `#what-it-is-for`")],
    "link-by-title.md": [Expect(48, "the link `Foam roller on the floor` points at no file (written as a page's title "
                                    "or file name?). Did you mean `a-first-page.md`?", "(e.g. `a-first-page.md`)"),
                         Expect(48, "the link `foam roller on the floor.md` points at no file (written as a page's "
                                    "title or file name?). Did you mean `a-first-page.md`?",
                                "(e.g. `a-first-page.md`)"),
                         Expect(49, "the link `../techniques/a-first-page/` points at a folder. Did you mean "
                                    "`a-first-page.md`?", "e.g. `a-first-page.md`"),
                         Expect(49, "the link `https://knotwork.example.org/techniques/a-first-page/` is this site's "
                                    "own web address. Did you mean `a-first-page.md`?", "(e.g. `a-first-page.md`)"),
                         Expect(50, "the link `Safety` points at no file. Did you mean `../safety.md`?",
                                "(e.g. `../safety.md`)")],
    "remote-content.md": [Expect(line, f"`{address}` would be loaded from another host ({host}) when the page opens: "
                                       "pages load nothing from other hosts.",
                                 "save the picture in docs/assets/… (a drawing in docs/assets/illustrations/) and "
                                 "write its address relative to this page, e.g. `![A person lying on …](../assets/"
                                 "illustrations/foam-roller-on-the-floor.svg)`")
                          for line, address, host in [
                              (48, "https://example.org/roller.png", "example.org"),
                              (50, "https://cdn.example.com/roller.jpg", "cdn.example.com"),
                              (52, "https://www.youtube.com/embed/abc", "www.youtube.com"),
                              (54, "//images.example.net/bg.png", "images.example.net"),
                              (56, "https://img.example.org/big.png", "img.example.org"),
                              (58, "https://pics.example.org/a.png", "pics.example.org")]],
    "curly-quotes.md": [Expect(22, "a macro has a curly quote “ at line 22, column 12: use straight quotes.",
                               'as in {{ callout("stop-signs") }}'),
                        Expect(24, "a macro has a curly quote ‘ at line 24, column 12: use straight quotes.",
                               "as in {{ callout('ask-first') }}")],
    "parameter-in-capitals.md": [Expect(36, "`timer` has no parameter `Times`. Did you mean `times`?",
                                        "use one of `count_down`")],
    "phone-number.md": [Expect(18, "the page writes the phone number 999.", 'callout("emergency-help")')],
    # Said not to be a cure is fine (line 18); said to be one is not, in the words or the summary.
    "promises-a-cure.md": [Expect(4, "`summary`: “get rid of back pain” promises that the problem goes away.",
                                  "say what the technique is for and what it does"),
                           Expect(19, "“cures” promises a cure.", "a page promises no cure")],
    "copied-safety-wording.md": [Expect(46, "this repeats the wording of the callout `getting-up`.",
                                        'insert {{ callout("getting-up") }} instead')],
    "duplicate-title.md": [Expect(3, "the title `Foam roller on the floor` is also used by", "its own title")],
    "Bad_File_Name.md": [Expect(None, "the file name `Bad_File_Name.md` is not lower-case words joined by hyphens.",
                                "rename it to `bad-file-name.md`")],
    "scaffold-leftovers.md": [Expect(46, "`## Afterwards` still has the scaffold's text `To write: …`.",
                                     "in your own words", severity="warning")],
    # Mistakes that once got no message, or a traceback, or one pointing at the wrong place.
    "field-written-twice.md": [Expect(12, "`title` is written twice in the front matter (lines 2 and 12): only the "
                                          "last one would count.", "keep one `title:` and delete the other.")],
    "front-matter-not-closed.md": [Expect(1, "the front matter is not closed: the `---` on line 1 has no `---` line",
                                          "add a line with only `---` after the last field (before line 13")],
    "value-without-quotes.md": [Expect(23, "a macro has a value without quotes, `ask-first`",
                                       'put text in quotes: {{ callout("ask-first") }}.')],
    "unknown-name.md": [Expect(47, '`{{ soreness_after }}` is no macro or value Knotwork knows. Did you mean '
                                   '{{ callout("soreness-after") }}?', "wrap them in {% raw %}")],
    # Indented or run into text, a macro's HTML lands inside a paragraph: invalid, and the words
    # beside it show unformatted.
    "macro-in-a-list.md": [Expect(33, 'is indented (in a list item, say): a macro\'s box must stand alone',
                                  "after a list, not inside it"),
                           Expect(40, "`{{ callout(\"how-hard\") }}` has no blank line after it",
                                  "with a blank line before and after")],
    "macro-in-code.md": [Expect(48, "a macro inside a ``` code block is still run: the page would show its HTML as "
                                    "code.", "wrap it in {% raw %}…{% endraw %}")],
    "braces-not-closed.md": [Expect(35, "a macro is not closed: the {{ at line 35, column 1 has no }} after it.",
                                    "end it with }} on the same line")],
    "timer-id-taken.md": [Expect(47, "the heading `### Start timer` gives the page the id `start-timer`, which the "
                                     "build keeps for the page's first timer", "`### Starting the timer`")],
    "two-timers-one-label.md": [Expect(37, "two timers have the label `Lie on the roller` (lines 35 and 37).",
                                       "give each timer a label of its own")],
    "timer-without-id.md": [Expect(37, "the timer has no `id`: a technique's timers are offered in \"Make your own "
                                       "session\", whose links name them by it.",
                                   'add `id="timer-without-id-…"` to it')],
    "timer-id-used-twice.md": [Expect(37, "the timer id `roller-first-time` is also used on line 35 of this page.",
                                      "give this timer an id of its own")],
    "no-timer.md": [Expect(None, "the page has no timer", 'add one under `## How to do it`, after the steps, e.g. '
                                                          '{{ timer("30s"')],
    "source-without-url.md": [Expect(9, "`sources`: source 1 needs exactly title, publisher and url (it has no "
                                        "`url`).", "write `- {title: Back pain")],
    # The clinical rules: words that invite more than the dose, a forum post cited for a health
    # claim, a clinician named without a record of what they reviewed, and text changed since its review.
    "press-the-same-spot-again.md": [Expect(43, "“press the same spot”: they send the ball back to a spot it has "
                                                "pressed, past the dose `pressure-on-a-knot`, which allows up to 1 "
                                                "minute on one spot in a session.",
                                            "“Move the ball to the next tender spot.”")],
    "forum-post-as-a-source.md": [Expect(11, "source 2, `Something that helps relieve my back tension`, is a forum "
                                             "post: it cannot be the source of a health claim.",
                                         "move it under `idea_from:`")],
    "reviewer-without-record.md": [Expect(13, "`reviewed_by` names Jane Doe, physiotherapist (HCPC PH012345), but "
                                              "the page does not record what they reviewed (`reviewed_hash`).",
                                          "then record it with `make review PAGE=")],
    "changed-since-review.md": [Expect(13, "the page has changed since its last review on 21 November 2026",
                                       "have it reviewed again against its sources", severity="warning")],
    "many-mistakes.md": [Expect(4, "unknown front-matter field `sumary`"),
                         Expect(12, "`2026-02-30` is not a real date"),
                         Expect(44, "the link `../safty.md` points at no file"),
                         Expect(22, "has no choice `stop-sign`")],
}
# Pages beside the fixture, for the mistakes that need two pages.
NEIGHBOURS = {"duplicate-title.md": {"a-first-page.md": GOOD}, "link-by-title.md": {"a-first-page.md": GOOD}}


def reviewed_on(page: Path, day: dt.date) -> str:
    """The page's text as if reviewed on `day`, with the next review due a year later."""
    text, reviewed = re.subn(r"^last_reviewed: .*$", f"last_reviewed: {day}", page.read_text(), count=1, flags=re.M)
    text, due = re.subn(r"^review_due: .*$", f"review_due: {day + dt.timedelta(days=365)}", text, count=1, flags=re.M)
    assert reviewed == due == 1, f"{page.name}: no `last_reviewed:` or `review_due:` line"
    return text


def problems_in(docs: Path, today: dt.date = FIXTURES_DAY) -> list[Problem]:
    config = ROOT / "mkdocs.yml"
    return check_site(docs, config, macro_table(settings(config), docs), today)


def test_every_fixture_in_the_gallery_has_its_expected_messages():
    assert sorted(p.name for p in (FIXTURES / "bad").glob("*.md")) == sorted(GALLERY)


def test_the_good_page_has_no_problem_at_all(tmp_path):
    assert problems_in(make_docs(tmp_path, {GOOD.name: GOOD})) == []


@pytest.mark.parametrize("fixture", sorted(GALLERY))
def test_each_mistake_gets_its_message_file_line_and_fix(tmp_path, fixture):
    docs = make_docs(tmp_path, {**NEIGHBOURS.get(fixture, {}), fixture: FIXTURES / "bad" / fixture})
    problems = problems_in(docs)
    unmatched = list(problems)
    for expect in GALLERY[fixture]:
        found = [p for p in unmatched if expect.message in p.message and expect.fix in p.fix
                 and p.line == expect.line and p.severity == expect.severity
                 and Path(p.file).name == (expect.file or fixture) and p.fix]
        assert found, f"{fixture}: expected {expect}, got:\n" + "\n".join(map(str, problems))
        unmatched.remove(found[0])
    assert not unmatched, f"{fixture}: unexpected problems:\n" + "\n".join(map(str, unmatched))


def test_every_problem_says_where_what_and_what_to_do(tmp_path):
    docs = make_docs(tmp_path, {f: FIXTURES / "bad" / f for f in GALLERY if f not in NEIGHBOURS})
    problems = problems_in(docs)
    assert len(problems) >= len(GALLERY) - len(NEIGHBOURS)  # all of them, in one run
    for problem in problems:
        assert problem.file.endswith(".md") and problem.message and problem.fix
        assert re.match(r"^\S+\.md(:\d+)?: (error|warning): ", str(problem))


def test_two_files_with_the_same_slug_are_named(tmp_path):
    second = tmp_path / "second.md"
    second.write_text(GOOD.read_text().replace("title: Foam roller on the floor", "title: Another roller"))
    problems = problems_in(make_docs(tmp_path, {"Foam_Roller.md": GOOD, "foam-roller.md": second}))
    messages = [(Path(p.file).name, p.message) for p in problems]
    assert ("foam-roller.md", "the slug `foam-roller` is also used by "
            f"{shown_path((tmp_path / 'docs/techniques/Foam_Roller.md').resolve())}.") in messages
    assert any(m.startswith("the file name `Foam_Roller.md`") for _, m in messages)


def test_code_and_comments_are_not_read_as_links_or_html(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace("That is common.", "That is common. Write `<script>` or "
                                             "`[x](nowhere.md)` in code.\n\n```html\n<script src=x></script>\n"
                                             "[x](missing.md)\n```\n\n<!-- [x](gone.md) onclick= -->"))
    assert problems_in(make_docs(tmp_path, {GOOD.name: page})) == []


def test_a_page_anywhere_in_docs_gets_the_html_and_link_checks(tmp_path):
    docs = make_docs(tmp_path, {})
    (docs / "tips").mkdir()
    (docs / "tips" / "x.md").write_text("---\ntitle: Tips\n---\n\n<iframe src=x></iframe> [Home](../home.md)\n")
    found = {(p.line, p.message.split(":")[0]) for p in problems_in(docs)}
    assert found == {(5, "`<iframe` is not allowed in a page"), (5, "the link `../home.md` points at no file. "
                                                                     "Did you mean `../index.md`?")}


def test_the_real_pages_have_no_errors_and_nothing_left_to_write():
    docs = ROOT / "docs"
    problems = problems_in(docs, dt.date.today())
    unfinished = [p for p in problems if p.severity == "error" or "scaffold's" in p.message]
    assert not unfinished, "\n".join(map(str, unfinished))


def test_make_check_prints_every_problem_and_annotates_them_in_ci(tmp_path, monkeypatch, capsys):
    due = tmp_path / "due.md"
    due.write_text((FIXTURES / "bad" / "review-past-due.md").read_text().replace("roller on the floor", "roller"))
    docs = make_docs(tmp_path, {"foam-roller-on-the-floor.md": FIXTURES / "bad" / "many-mistakes.md",
                                "review-past-due.md": due})
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert check.main([str(docs)]) == 1
    out = capsys.readouterr().out
    assert out.count(": error: ") == 4 and out.count(": warning: ") == 1
    assert "::error file=docs/techniques/foam-roller-on-the-floor.md,line=12::`last_reviewed`" in out
    assert "::warning file=docs/techniques/review-past-due.md,line=13::the review was due" in out
    assert "%0AFix: " in out  # the fix travels with the annotation, on one line
    assert out.rstrip().endswith("4 problems in the pages (1 warning too).")


def test_make_check_says_so_when_all_is_well(tmp_path, monkeypatch, capsys):
    # `make check` checks on the real day: the good page, reviewed today, is not past due on any day.
    docs = make_docs(tmp_path, {})
    (docs / "techniques" / GOOD.name).write_text(reviewed_on(GOOD, dt.date.today()))
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    monkeypatch.chdir(tmp_path)
    assert check.main([str(docs)]) == 0
    assert capsys.readouterr().out.strip() == f"All pages in {docs} look right."


# The contributor guide and its tables ------------------------------------------------------


def test_contributing_md_tables_are_up_to_date():
    # Fails when a component's .yml, technique.yml or the registry changed: run `make docs`.
    assert docs_tables.main(["--check"]) == 0


def test_every_macro_field_parameter_and_callout_is_documented():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    for name in macro_table({}, ROOT / "docs"):
        assert f"`{name}" in text, f"macro {name} is not in CONTRIBUTING.md"
    for name, spec in guide.component_macros().items():
        assert f"<!-- generated: parameters:{name} -->" in text, f"{name} has no parameter table"
        for param in spec["params"]:
            assert f"`{param['name']}`" in text
    for field in technique.fields():
        assert f"| `{field}` |" in text
    from macros.components import callout

    for callout_id in callout.registry():
        assert f"| `{callout_id}` |" in text


def test_a_stale_table_is_caught_and_rewritten(tmp_path):
    stale = tmp_path / "CONTRIBUTING.md"
    stale.write_text((ROOT / "CONTRIBUTING.md").read_text().replace("| `summary` |", "| `summry` |"))
    assert docs_tables.main(["--check", "--file", str(stale)]) == 1
    assert docs_tables.main(["--file", str(stale)]) == 0
    assert stale.read_text() == (ROOT / "CONTRIBUTING.md").read_text()


def test_the_site_page_is_the_same_guide_with_literal_examples():
    settings = {"emergency_number": "999", "urgent_number": "111"}
    text = guide.contributing_guide(settings, macro_table(settings, ROOT / "docs"))
    assert text.startswith("# Contributing to Knotwork")
    assert "<!-- generated" not in text and "<!-- end generated" not in text
    assert '{{ timer("20s", times=5, rest="10s", unit="press") }}' in text  # shown, not run
    assert "| `time_needed` |" in text and "| `count_down` |" in text
    for address in re.findall(r"\]\(([^)]+)\)", text):  # only links that work on the site
        assert address.startswith(("#", "https://")) or (ROOT / "docs" / address.split("#")[0]).is_file(), address


def test_unknown_docs_table_names_the_choices():
    with pytest.raises(Exception, match="Did you mean `front-matter`"):
        guide.docs_table("front-mater")


def test_the_issue_form_offers_the_same_choices_as_the_front_matter():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-a-technique.yml").read_text())
    options = {item["id"]: item["attributes"]["options"] for item in form["body"] if item["type"] == "dropdown"}
    assert options == {name: technique.fields()[name]["values"] for name in ("position", "body_areas")}


# Errors at render time -----------------------------------------------------------------------


def test_an_error_at_render_time_names_the_page_and_line(tmp_path, caplog):
    path = tmp_path / "docs" / "techniques" / "x.md"
    path.parent.mkdir(parents=True)
    body = 'Intro.\n\n{% set hold = "5 mun" %}\n\n{{ timer(hold) }}\n'
    path.write_text("---\ntitle: X\n---\n\n" + body)
    page = type("Page", (), {"file": type("File", (), {"abs_src_path": str(path)})(), "markdown": body})()
    env = type("Env", (), {"page": page})()
    macros = macro_table({}, tmp_path / "docs")
    timer = rendering.naming_the_page(macros["timer"], "timer", env)
    html = jinja2.Environment().from_string(body).render(timer=timer)
    assert '<p class="mdx-macro-error">' in html and "5 mun" in html
    [record] = caplog.records
    assert record.name.startswith("mkdocs.")  # counted by strict mode
    assert record.getMessage().startswith(f"{shown_path(path)}:9: error: `timer` parameter `hold`:")


# Real builds of a copy of the site -------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def add_technique(project: Path, source: Path, name: str = "foam-roller-on-the-floor.md") -> str:
    shutil.copy(source, project / "docs" / "techniques" / name)
    shutil.copy(ART, project / "docs" / "assets" / "illustrations")
    return f"docs/techniques/{name}"


@pytest.mark.build
@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("broken-link.md", ":46: error: the link `../safty.md` points at no file. Did you mean `../safety.md`?"),
        ("unknown-callout.md", ":22: error: `callout` parameter `id` has no choice `stop-sign`. "
                               "Did you mean `stop-signs`?"),
        ("impossible-date.md", ":12: error: `last_reviewed`: `2026-02-30` is not a real date"),
        ("curly-quotes.md", ":22: error: a macro has a curly quote “ at line 22, column 12: use straight quotes."),
        # Once a traceback from mkdocs-macros while the page was rendered.
        ("value-without-quotes.md", ":23: error: a macro has a value without quotes, `ask-first`"),
    ],
)
def test_a_bad_contribution_fails_the_build_naming_file_and_line(project, tmp_path, fixture, expected):
    rel = add_technique(project, FIXTURES / "bad" / fixture)
    result = build(project, tmp_path / "out")
    assert result.returncode != 0
    assert rel + expected in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.build
def test_a_value_computed_in_a_page_fails_the_build_naming_page_and_line(project, tmp_path):
    page = project / add_technique(project, GOOD)
    text = page.read_text().replace('{{ timer("30s"', '{% set hold = "30 secs" ~ "x" %}\n{{ timer(hold', 1)
    page.write_text(text)
    timer = ('{{ timer(hold, times=3, rest="10s", get_ready="45s", label="Lie on the roller", '
             'id="foam-roller-on-the-floor-1") }}')
    line = text.splitlines().index(timer) + 1
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    # Refused before the build: a page writes each value out.
    assert (f"docs/techniques/foam-roller-on-the-floor.md:{line}: error: `timer` is given a value worked out in "
            "the page, `hold`") in output
    assert "Traceback" not in output
    # Should the checks miss it, rendering names the page and line all the same.
    checks_that_miss(project)
    result = build(project, tmp_path / "out2")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/techniques/foam-roller-on-the-floor.md:{line}: error: `timer` parameter `hold`: " in output
    assert "Traceback" not in output


@pytest.mark.build
def test_a_new_technique_shows_up_everywhere_with_no_other_edit(project, tmp_path):
    add_technique(project, GOOD)
    out = tmp_path / "out"
    result = build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    url = "techniques/foam-roller-on-the-floor/"
    home = (out / "index.html").read_text()
    assert re.search(rf'<a href="{url}">Foam roller on the floor</a>', home), "not on the home page's chooser"
    assert f'<a href="{url}" class="md-nav__link">' in home, "not in the menu"
    safety = (out / "safety" / "index.html").read_text()
    for callout_id in ("stop-signs", "how-hard", "emergency-help"):
        block = re.search(rf'data-mdx-callout="{callout_id}".*?</div>\s*<div class="mdx-used-by">(.*?)</div>', safety,
                          re.S)
        assert block and f'href="../{url}"' in block.group(1), f"not shown on the Safety page for {callout_id}"
    tags = (out / "tags" / "index.html").read_text()
    listing = re.search(r'id="tag:upper-back".*?</ul>', tags, re.S).group()
    assert f'href="../{url}"' in listing
    page = (out / url / "index.html").read_text()
    assert '<a href="../../tags/#tag:upper-back" class="md-tag">upper back</a>' in page


@pytest.mark.build
def test_a_copy_of_the_real_pages_dated_today_passes_every_check_and_the_strict_build(project, tmp_path):
    # As a contributor's change arrives: each real health page reviewed today as it stands (as
    # `make review` records it), and due in a year.
    today = dt.date.today()
    pages = technique.technique_files(project / "docs")
    assert len(pages) == len(list((ROOT / "docs" / "techniques").glob("*.md"))) > 0
    for page in review.pages(project / "docs"):
        record(page.path, project / "docs", settings(project / "mkdocs.yml"), today)
    problems = problems_in(project / "docs", today)
    assert problems == [], "\n".join(map(str, problems))
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output
    for page in pages:
        html = (tmp_path / "out" / "techniques" / page.stem / "index.html").read_text()
        assert f'<time datetime="{today}">' in html, f"{page.name}: the review date is not shown"


# The checks added for contributions as they really arrive ------------------------------------


def test_the_reading_level_in_contributing_md_is_the_one_mkdocs_yml_sets():
    conf = settings(ROOT / "mkdocs.yml")
    region = re.search(r"<!-- generated: reading-level -->\n(.*?)\n<!-- end generated -->",
                       (ROOT / "CONTRIBUTING.md").read_text(), re.S)
    assert region and region.group(1) == guide.docs_table("reading-level", conf)
    assert f"reading grade of {conf['max_reading_grade']} or below" in region.group(1)
    assert f"at most {conf['max_sentence_words']} words" in region.group(1)
    assert f"at most grade {conf['max_sentence_grade']}" in region.group(1)


def test_anchors_are_made_as_the_toc_extension_makes_them():
    from macros.checks import anchors

    body = ("## What it is for\n\nText.\n\n## Safety\n\n## Safety\n\n### How *hard*, how `long` & often?\n\n"
            "## Timers {#the-timers}\n\nSetext heading\n--------------\n\nA part\n{: #a-part }\n\n"
            '<div id="raw-box"></div>\n')
    found = anchors.anchors(body, title="Tennis ball on the floor", sources=True)
    assert found == ["tennis-ball-on-the-floor", "what-it-is-for", "safety", "safety_1",
                     "how-hard-how-long-often", "the-timers", "setext-heading", "a-part", "raw-box", "sources"]


def test_the_anchors_are_the_ids_markdown_gives_the_page():
    # Rendered as MkDocs renders the page: the toc and attr_list extensions of mkdocs.yml, with
    # the title and Sources headings that hooks.py adds to a technique page.
    import markdown

    from macros.checks import anchors

    text = GOOD.read_text().split("---\n", 2)[2] + ("\n## Safety\n\n### Twice, *really*\n\n### Twice, *really*\n\n"
                                                   "A part\n{: #a-part }\n\nSetext\n------\n\n"
                                                   "![A roller](../assets/illustrations/x.svg){#the-roller}\n")
    body = masked(text, macros=True)
    page = markdown.markdown(f"# Foam roller on the floor\n\n{body}\n\n## Sources\n",
                             extensions=["toc", "attr_list", "md_in_html"])
    assert anchors.anchors(body, "Foam roller on the floor", sources=True) == re.findall(r'\sid="([^"]+)"', page)


@pytest.mark.parametrize("text, fits", [
    ("do not press on your neck", {"places-to-avoid"}),
    ("stop if you feel numbness or tingling", {"stop-signs"}),
    ("not if you take blood thinners", {"blood-thinners"}),
    ("Do not use the ball on a wound", {"skin-and-wounds"}),
    # The sign decides, not the words every warning says ("help", "call", "see a GP today"):
    # an emergency sign is sent to an emergency callout.
    ("Get urgent medical help if you cannot pass urine", {"emergency-help", "cauda-equina-signs"}),
    ("See a GP today if you feel numb around your bottom", {"emergency-help", "cauda-equina-signs"}),
    ("Go to A&E if you lose feeling between your legs", {"emergency-help", "cauda-equina-signs"}),
    ("Get help now if you have cancer and your legs are weak", {"emergency-cancer"}),
    ("Call an ambulance if your chest feels tight", {"emergency-heart"}),
    ("Go to hospital if you have a high temperature and feel shivery", {"urgent-help", "urgent-help-risks"}),
])
def test_a_warning_names_the_callout_whose_words_fit_best(text, fits):
    assert wording.best_callout(text) in fits


@pytest.mark.parametrize("text", [
    "Stop when you feel a stretch across your chest.",
    "Do not push into a stretch.",
    "If your back hurts for weeks, see a GP.",
    "Skip the second spot if you are short of time.",
    "Press immediately below the shoulder blade if you can reach it.",
    "Walk past the hospital car park. Call a friend now and then.",
    "Go through the steps now if you have time. Get the ball now if you have one.",
    "Read this before you start. It says who should not do this, and when to stop.",
    "!!! note\n\n    Put your phone down next to you.",
    "The [NHS page](https://www.nhs.uk/conditions/back-pain/) has more. <a href=\"https://www.nhs.uk/\">NHS</a>",
])
def test_steps_and_links_are_not_taken_for_warnings_or_remote_content(tmp_path, text):
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace("That is common.", "That is common.\n\n" + text))
    assert problems_in(make_docs(tmp_path, {GOOD.name: page})) == []


@pytest.mark.parametrize(("text", "callout_id"), [
    ("Caution: keep the ball off your spine.", "not-on-bone"),
    ("**Be careful!** Never press hard if you take blood thinners.", "blood-thinners"),
    ("??? danger \"Stop\"\n\n    Stop at once if a new pain starts.", "stop-signs"),
    ("- Stop if it hurts.", "stop-signs"),
    # Sent for urgent help on a sign, or an order led by a word that only flags it.
    ("Go to A&E if both legs go numb.", "emergency-help"),
    ("If you lose control of your bladder, go to hospital.", "cauda-equina-signs"),
    ("Skip this if you have a bleeding disorder.", "blood-thinners"),
    ("Get urgent medical help if you cannot pass urine.", "emergency-help"),  # "trouble peeing"
    ("**Important:** never press where you feel a pulse.", "places-to-avoid"),
])
def test_more_warnings_in_a_page_s_own_words_are_caught(tmp_path, text, callout_id):
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace("That is common.", "That is common.\n\n" + text))
    problems = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert [(p.line, p.message.split(": ")[-1]) for p in problems] == [
        (47, f'insert {{{{ callout("{callout_id}") }}}} instead.')]


def test_curly_quotes_inside_a_straight_quoted_text_are_fine(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace('label="Lie on the roller"', 'label="Lie on the “roller”"'))
    assert problems_in(make_docs(tmp_path, {GOOD.name: page})) == []


def test_an_anchor_of_the_contributor_guide_is_known(tmp_path):
    docs = make_docs(tmp_path, {})
    (docs / "contributing.md").write_text("---\ntitle: Contributing\n---\n\n{{ contributing_guide() }}\n")
    shutil.copy(ROOT / "CONTRIBUTING.md", tmp_path)
    (docs / "tips").mkdir()
    (docs / "tips" / "x.md").write_text("---\ntitle: Tips\n---\n\nSee [the macros](../contributing.md#macros) "
                                        "and [nothing](../contributing.md#no-such-part).\n")
    found = [(p.line, p.message) for p in problems_in(docs)]
    assert found == [(5, "the link `../contributing.md#no-such-part` points at an anchor that `../contributing.md` "
                         "does not have.")]


def test_a_picture_by_reference_from_another_host_is_refused(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace("That is common.", "That is common.\n\n![A roller][pic] and "
                                             "[the NHS][nhs].\n\n[pic]: https://example.org/a.png\n"
                                             "[nhs]: https://www.nhs.uk/"))
    problems = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert [(p.line, p.message.split(" would")[0]) for p in problems] == [(49, "`https://example.org/a.png`")]


def test_copied_callout_wording_gets_one_message_not_two(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace("That is common.", "That is common.\n\nKeep the ball to one side of "
                                             "your spine, the row of bumps down the middle of your back."))
    problems = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert [(p.line, p.message) for p in problems] == [(47, "this repeats the wording of the callout `not-on-bone`.")]


def test_a_warning_inside_a_note_box_is_still_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace("That is common.", "That is common.\n\n!!! note\n\n    Stop if it hurts."))
    problems = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert [(p.line, p.message.split(": ")[-1]) for p in problems] == [
        (49, 'insert {{ callout("stop-signs") }} instead.')]


def test_the_tags_page_has_an_anchor_for_each_body_area(tmp_path):
    docs = make_docs(tmp_path, {})
    (docs / "tags.md").write_text("---\ntitle: Tags\n---\n\n<!-- material/tags -->\n")
    (docs / "x.md").write_text("---\ntitle: X\n---\n\n[Upper back](tags.md#tag:upper-back), "
                               "[knees](tags.md#tag:knees).\n")
    found = [(p.line, p.message.split(".")[0]) for p in problems_in(docs)]
    assert found == [(5, "the link `tags")]


def test_a_text_in_quotes_left_open_is_found_where_it_starts(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace('{{ callout("how-hard") }}', '{{ callout("how-hard) }}'))
    problems = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert [(p.line, p.message) for p in problems] == [
        (41, 'a macro has a text in quotes that is not closed: the " at line 41, column 12 has no partner.')]


@pytest.mark.parametrize("label", ['On a 6\\" roller', "The roller\\'s end", 'A back\\\\slash'])
def test_a_quote_kept_in_a_text_by_a_backslash_closes_nothing(tmp_path, label):
    """Jinja reads `\\"` inside "…" as a quote in the text (`make technique NAME='6" roller'`
    writes one into the timer's label): the check of quotes left open reads it the same way."""
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace('label="Lie on the roller"', f'label="{label}"'))
    assert problems_in(make_docs(tmp_path, {GOOD.name: page})) == []


@pytest.mark.parametrize(("call", "message"), [
    ('{{ timer("30s" times=3) }}', "expected token ',', got 'times' (column 16)."),
    ('{{ callout("how-hard") }', "unexpected '}' (column 24)."),
])
def test_a_macro_that_cannot_be_read_gets_its_column(tmp_path, call, message):
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace('{{ callout("how-hard") }}', call))
    problems = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert [(p.line, p.message) for p in problems] == [(41, f"a macro is not written right: {message}")]


# More of a newcomer's mistakes, each a change to the good page: (what it wrote, instead of
# what, the line and the start of the message it gets). Each must be its only message.
@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("publisher: NHS,", "publisher: NHS, title: Other,", 10,
     "`title` is written twice in one entry of the front matter (line 10)"),
    ("review_due: 2027-11-21\n---\n", "review_due: 2027-11-21\n  ---\n", 13,
     "the front matter's closing `---` on line 13 has spaces before it"),
    (', url: "https://', ', year: 2020, url: "https://', 9,
     "`sources`: source 1 needs exactly title, publisher and url (`year` is not a part of a source)."),
    ('url: "https://www.nhs.uk/conditions/back-pain/"', 'url: "https://"', 9,
     "`sources`: source 1's url `https://` is not a web address."),
    ('alt: "A person', 'alt: "<b>A</b> person', 4, "`illustration`: `alt` must be plain words; got `<b>A</b>"),
    ("equipment: [a foam roller,", "equipment: [a <i>foam</i> roller,", 5,
     "`equipment`: must be plain words; got `a <i>foam</i> roller`."),
    ("That is common.", "That is common. {{ callout.how_hard }}", 45,
     "`callout` is a macro, written here without its brackets"),
    ("That is common.", 'That is common. Write `{{ callout("how-hard") }}` here.', 45,
     "a macro inside `code` is still run"),
    ("That is common.", 'That is common.\n\n<p id="start-timer">Start here.</p>', 47,
     '`id="start-timer"` gives the page the id `start-timer`'),
    ('callout("how-hard")', 'callout(id=how_hard)', 41,
     "a macro has a value without quotes, `how_hard`"),
    ('{{ callout("how-hard") }}', '{{ callout(\u200b"how-hard") }}', 41,
     "a macro has an invisible character in it (column 12): zero width space (U+200B)."),
    ("title: Foam roller on the floor", "title: 2026-11-21", 2,
     "`title`: must be text; got `2026-11-21`, which YAML reads as a date."),
    ("time_needed: 5 min", "time_needed: 5", 8, "`time_needed`: `5` is out of range (a number alone counts seconds)."),
    ("position: lying on your back", "position: `lying on your back`", 6,
     "the front matter is not valid YAML on or just before this line"),
])
def test_more_mistakes_get_one_message_with_their_line(tmp_path, old, new, line, message):
    page = tmp_path / "page.md"
    assert old in GOOD.read_text()
    page.write_text(GOOD.read_text().replace(old, new, 1))
    problems = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert [(p.line, p.message[:len(message)]) for p in problems] == [(line, message)], "\n".join(map(str, problems))
    assert problems[0].fix


def test_the_quoted_fix_for_a_value_without_quotes_is_the_call_as_it_should_be(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace('callout("how-hard")', "callout( how-hard )"))
    [problem] = problems_in(make_docs(tmp_path, {GOOD.name: page}))
    assert problem.fix == 'put text in quotes: {{ callout( "how-hard" ) }}.'


@pytest.mark.parametrize(("name", "message", "fix"), [
    ("foam-roller.markdown", "the file name ends in `.markdown`, so it is built as a page but none of the checks "
                             "read it.", "rename it to `foam-roller.md`."),
    ("foam-roller.MD", "the file name ends in `.MD`, so it is not built as a page (MkDocs reads `.md` in lower case "
                       "only).", "rename it to `foam-roller.md`."),
    ("balle-à-terre.md", "the file name `balle-à-terre.md` is not lower-case words joined by hyphens.",
     "rename it to `balle-a-terre.md`"),
])
def test_a_page_file_named_the_wrong_way_is_told_its_name(tmp_path, name, message, fix):
    problems = problems_in(make_docs(tmp_path, {name: GOOD}))
    assert [(Path(p.file).name, p.message, p.fix[:len(fix)]) for p in problems] == [(name, message, fix)]


def test_a_technique_in_a_folder_of_its_own_is_told_where_it_goes(tmp_path):
    docs = make_docs(tmp_path, {})
    (docs / "techniques" / "roller").mkdir()
    shutil.copy(GOOD, docs / "techniques" / "roller" / "index.md")
    problems = problems_in(docs)
    assert [(p.message, p.fix) for p in problems] == [
        ("a technique page must be right in docs/techniques/, not in a folder under it.",
         'move it to docs/techniques/roller.md (`make technique NAME="…"` makes it there).')]


@pytest.mark.parametrize(("text", "promised"), [
    ("This cures back pain.", ["cures"]),
    ("Results guaranteed!", ["guaranteed"]),
    ("It heals your back in a week.", ["heals your back"]),
    ("The ball fixes the knot.", ["fixes the knot"]),
    ("You will get rid of your back pain.", ["get rid of your back pain"]),
    ("For instant relief, lie down.", ["instant relief"]),
    ("Your knot will be gone for good.", ["gone for good"]),
    ("A miracle for stiff backs.", ["miracle"]),
    ("This removes knots for good.", ["removes knots for good"]),
    ("Your pain will disappear.", ["pain will disappear"]),
    ("No more back pain, ever.", ["No more back pain"]),
    ("It works every time.", ["works every time"]),
    ("100% of people feel better.", ["100%"]),
    ("It treats sciatica.", ["treats sciatica"]),
    # Said not to be so: what a page should say.
    ("It is not a cure, and it does not fix what caused the knot.", []),
    ("A guide, not a diagnosis or a cure.", []),
    ("There is no guarantee it will help.", []),
    ("It never heals an injury.", []),
    ("Nobody can guarantee that it helps.", []),
    ("It doesn’t cure anything, and it won’t fix your back.", []),
    # Words that only look like promises.
    ("Keep pressure off wounds that are still healing.", []),
    ("Sit up for good posture. Make sure the chair is secure.", []),
    ("Pain lasting more than 6 weeks needs a GP.", []),
])
def test_a_promise_of_a_cure_is_found_and_a_denial_is_not(text, promised):
    assert [words for _, words, _ in claims.promises_in(text)] == promised


def test_the_titles_a_page_cites_are_not_its_promises(tmp_path):
    """A source's title is named, not promised: "Can massage cure back pain?" under `## Sources`
    passes, the same words in the page's own text do not."""
    docs = make_docs(tmp_path, {})
    (docs / "tips").mkdir()
    cited = "[Can massage cure back pain?](https://www.nhs.uk/conditions/back-pain/), NHS."
    (docs / "tips" / "t.md").write_text(f"---\ntitle: T\n---\n\nA tip.\n\n## Sources\n\n1. {cited}\n\n"
                                        f"## Where this idea comes from\n\n- {cited}\n")
    assert claims.check(read_page(docs / "tips" / "t.md", "docs/tips/t.md")[0]) == []
    (docs / "tips" / "t.md").write_text("---\ntitle: T\n---\n\nA tip that will cure back pain.\n")
    found = claims.check(read_page(docs / "tips" / "t.md", "docs/tips/t.md")[0])
    assert [(p.line, p.message) for p in found] == [(5, "“cure” promises a cure.")]


@pytest.mark.parametrize(("written", "said"), [
    ("Call the back clinic on 0800 123 4567.", "the phone number 0800 123 4567"),
    ("Ring +44 20 7946 0958 for advice.", "the phone number +44 20 7946 0958"),
    ("In the US, call (555) 123-4567.", "the phone number (555) 123-4567"),
    ("Ask [the clinic](tel:+441234567890).", "a link to call (`tel:`)"),
    ("Text us on 07700 900123.", "the phone number 07700 900123"),
    ("Ring 07700900123 for a chat.", "the phone number 07700900123"),
    ("Ring +447700900123 from abroad.", "the phone number +447700900123"),
    ("In the US, call 1-800-273-8255.", "the phone number 1-800-273-8255"),
    ("Call 0800&nbsp;123&nbsp;4567.", "the phone number 0800&nbsp;123&nbsp;4567"),
])
def test_a_phone_number_of_any_kind_in_a_page_is_refused(tmp_path, written, said):
    """CONTRIBUTING says a number written in a page fails: not only the site's own numbers."""
    page_file = tmp_path / "t.md"
    page_file.write_text(f"---\ntitle: T\n---\n\nA tip.\n\n{written}\n\nDone on 2026-12-03, as in 2020-2024.\n")
    page = read_page(page_file, "docs/tips/t.md")[0]
    found = wording.check_safety_wording(page, settings(ROOT / "mkdocs.yml"))
    assert [(p.line, p.message) for p in found] == [(7, f"the page writes {said}.")]
    assert 'callout("urgent-help")' in found[0].fix


@pytest.mark.parametrize("folder", ["technique", "tips", "."])
def test_a_technique_in_the_wrong_folder_is_told_where_it_goes(tmp_path, folder):
    """Not eight "unknown front-matter field" messages: one, saying where technique pages go."""
    docs = make_docs(tmp_path, {})
    (docs / folder).mkdir(exist_ok=True)
    shutil.copy(GOOD, docs / folder / GOOD.name)
    config = ROOT / "mkdocs.yml"
    problems = check_site(docs, config, macro_table(settings(config), docs), FIXTURES_DAY)
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (1, "the page has a technique's front matter (`summary`, `illustration`, `equipment`, …), but it is not in "
            "docs/techniques/")], problems
    assert f"move it to docs/techniques/{GOOD.name}" in problems[0].fix


@pytest.mark.parametrize(("front", "said"), [
    ("summary: Lie on a ball. Worried? Call 0800 123 4567.",
     "`summary`: the page writes the phone number 0800 123 4567."),
    ("summary: Knots gone for good.", "`summary`: “gone for good” promises that the problem never comes back."),
    ("equipment: [a ball that cures knots]", "`equipment`: “cures” promises a cure."),
])
def test_what_a_page_s_front_matter_shows_is_held_to_what_its_words_are(tmp_path, front, said):
    """A summary is on the page and its card, equipment under "You need": no phone number or
    promise there either."""
    key = front.split(":")[0]
    text = re.sub(rf"^{key}: .*$", front, GOOD.read_text(), count=1, flags=re.M)
    page_file = tmp_path / GOOD.name
    page_file.write_text(text)
    docs = make_docs(tmp_path, {GOOD.name: page_file})
    config = ROOT / "mkdocs.yml"
    problems = check_site(docs, config, macro_table(settings(config), docs), FIXTURES_DAY)
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if row.startswith(f"{key}:"))
    assert [(p.line, p.message) for p in problems] == [(line, said)], problems


def test_a_routine_s_waits_are_held_to_what_its_words_are(tmp_path):
    docs = make_docs(tmp_path, {})
    (docs / "routines").mkdir()
    shutil.copy(ROOT / "docs" / "routines" / "desk-break.md", docs / "routines")
    wait = "Take the ball off the wall. Sit on a chair, away from the chair back."
    path = docs / "routines" / "desk-break.md"
    path.write_text(path.read_text().replace(wait, "Knots gone for good! Call 07700 900123."))
    page = read_page(path, "docs/routines/desk-break.md")[0]
    line = next(n for n, row in enumerate(path.read_text().split("\n"), start=1) if "Knots gone" in row)
    assert [(p.line, p.message) for p in claims.check(page)] == [
        (line, "`wait`: “gone for good” promises that the problem never comes back.")]
    assert [(p.line, p.message) for p in wording.check_safety_wording(page, settings(ROOT / "mkdocs.yml"))] == [
        (line, "`wait`: the page writes the phone number 07700 900123.")]


def test_a_link_markdown_would_print_as_written_is_named(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(GOOD.read_text().replace("That is common.", "That is common. See [the NHS][nhs] and [a "
                                             "routine] (../index.md), or [the NHS page][nhs-page].\n\n"
                                             "[nhs-page]: https://www.nhs.uk/conditions/back-pain/"))
    found = [(p.line, p.message) for p in problems_in(make_docs(tmp_path, {GOOD.name: page}))]
    assert found == [
        (45, "the link `[the NHS][nhs]` refers to `[nhs]`, which the page does not define: it would print as it is, "
             "brackets and all."),
        (45, "`[a routine] (../index.md)` has a space between `]` and `(`: it would print as it is, not as a link.")]
