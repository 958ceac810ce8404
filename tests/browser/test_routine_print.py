"""Routine pages printed from real headless Chromium, at A4 and US Letter: a card to keep by the
mat, of at most three sheets in 11 pt type, with every step and its time, the callouts, the
page's address and a QR code that scans to it, and none of the site around it. PNG renderings
land in test-artifacts/print-routines/ for a person to look at."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, configured_site_url

from browser.test_print import (
    BODY_PT,
    CHROME_WORDS,
    PAPERS,
    PRINTED_TEXT,
    ROUTINE_MAX_SHEETS,
    SMALL_PRINT,
    SMALL_TYPE,
    Printout,
    assert_type_sizes,
    json_list,
    load,
    local_page,
    scan_qr,
    squash,
)
from macros.components import routine
from macros.core.durations import say_duration

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "print-routines"
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def printed(browser, site_url):
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    with local_page(browser, site_url) as page:
        return print_routines(page, site_url)


def print_routines(page, site_url: str) -> dict:
    results = {}
    files = routine.routine_files(DOCS)
    assert files, "no routines under docs/routines/"
    for path in files:
        load(page, site_url + f"routines/{path.stem}/")
        page.emulate_media(media="print")
        dom = page.evaluate(f"""() => {{
          const printed = {PRINTED_TEXT};
          const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
          return {{
            headings: [...document.querySelectorAll('article .mdx-callout__heading')].map(printed),
            callouts: [...document.querySelectorAll('article .mdx-callout')].map(printed),
            pictures: [...document.querySelectorAll('.mdx-routine__picture')].filter(visible).length,
            qr: (document.querySelector('.mdx-print-qr svg') || {{getBoundingClientRect: () => ({{width: 0}})}})
              .getBoundingClientRect().width,
            small: ({SMALL_TYPE})({BODY_PT}, {json_list(SMALL_PRINT)}),
          }};
        }}""")
        pdfs = {}
        for paper in PAPERS:
            pdf = ARTIFACTS / f"{path.stem}-{paper}.pdf"
            page.pdf(path=str(pdf), format=paper, print_background=False)
            pdfs[paper] = Printout(pdf)
        page.emulate_media(media="screen")
        results[path.stem] = {"routine": routine.load(path, DOCS), "dom": dom, "pdf": pdfs,
                              "url": configured_site_url() + f"routines/{path.stem}/"}
    return results


def each(printed):
    for slug, result in printed.items():
        for paper, pdf in result["pdf"].items():
            yield f"{slug} ({paper})", result, pdf


def test_each_routine_prints_within_its_sheets(printed):
    sheets = {where: pdf.sheets for where, _, pdf in each(printed)}
    print("\n" + "\n".join(f"{where}: {count} sheet(s)" for where, count in sheets.items()))
    assert all(1 <= count <= ROUTINE_MAX_SHEETS for count in sheets.values()), sheets
    assert not [where for where, _, pdf in each(printed) if not all(text.strip() for text in pdf.text)]


def test_the_card_prints_its_text_at_11_pt_or_more(printed):
    assert_type_sizes(each(printed))


def test_the_card_has_every_step_its_how_time_the_callouts_and_the_total(printed):
    problems = []
    for where, result, pdf in each(printed):
        found, text = result["routine"], squash(pdf.all_text)
        wanted = [found.page.meta["title"], routine.say_total(found), "Safety", "When to get help", "Sources"]
        # Numbered as the player plays them: a change of position reads "Then: …".
        number = 0
        for step in found.steps:
            number += step.kind != "wait"
            wanted.append(f"Then:{step.name}" if step.kind == "wait" else f"{number}.{step.name}")
            if step.kind == "page":  # how to do it, from the step's timer
                wanted.append(step.timer.values["how"])
            if step.seconds_total:
                wanted.append(say_duration(step.seconds_total))
        wanted += result["dom"]["headings"]
        wanted += result["dom"]["callouts"]  # every note in full, those of Before you start too
        problems += [f"{where}: {item!r} is not on paper" for item in wanted if squash(item) not in text]
        pictures = sum(1 for s in found.steps if s.kind == "page" and s.source.illustration)
        if result["dom"]["pictures"] != pictures:
            problems.append(f"{where}: {result['dom']['pictures']} step pictures print, not {pictures}")
        problems += [f"{where}: {word!r} is printed" for word in CHROME_WORDS if word in pdf.all_text]
        # Nothing to press on paper: no instruction written for the screen's controls.
        problems += [f"{where}: {words!r} is printed" for words in ("Press Start", "I'm ready", "Tap ", "tap ")
                     if words in pdf.all_text]
    assert not problems, "\n".join(problems)
    assert all(len(r["dom"]["headings"]) >= 5 for r in printed.values())  # not vacuous


def test_the_card_prints_its_address_and_a_qr_code_that_scans_to_it(printed, tmp_path):
    for where, result, pdf in each(printed):
        assert squash(result["url"]) in squash(pdf.text[0]), where
        assert result["dom"]["qr"] >= 70, where  # CSS pixels: about 2 cm, big enough for a phone
        assert scan_qr(pdf.pdf, tmp_path / f"{pdf.pdf.stem}-scan") == [result["url"]], where


def test_the_steps_print_together_in_one_column(printed):
    """A reader by the mat follows the steps from one place: every step's name is in the same
    column of the same sheet, for a routine short enough to fit in one (a column holds about
    six steps; a longer list breaks between steps)."""
    problems, tried = [], 0
    for where, result, pdf in each(printed):
        found = result["routine"]
        if len(found.steps) > 5:
            continue
        tried += 1
        names = [squash(step.name) for step in found.steps]
        columns = [squash(column) for sheet in pdf.columns for column in sheet]
        holding = [n for n, column in enumerate(columns) if all(name in column for name in names)]
        if not holding:
            spread = {name: [n for n, column in enumerate(columns) if name in column] for name in names}
            problems.append(f"{where}: the steps are split: {spread}")
    assert tried and not problems, "\n".join(problems)
