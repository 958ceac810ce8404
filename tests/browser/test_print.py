"""Technique pages printed from real headless Chromium, as a reader's browser prints them,
at A4 and US Letter: at most three sheets, no blank sheet, type of 11 pt or more (as NHS
leaflets print it), everything a handout needs and none of the site around it. Also the
"Print this page" button, the dark palette on paper, and the booklet.

Every page under docs/techniques/ is printed, whatever its name. The PDFs are read with
poppler-utils (pdfinfo, pdftotext, pdftoppm); PNG renderings of every printed sheet land in
test-artifacts/print/ for a person to look at. The QR code is also scanned with zbarimg
(zbar-tools), as a phone would scan the paper.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FORK_URL, ROOT, build, configured_site_url, copy_project, missing_tool, serve
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from macros.checks import review
from macros.components import routine, technique
from macros.core.config import settings as read_settings
from macros.core.page import Page
from macros.output import booklet
from macros.tools.review import record

pytestmark = pytest.mark.browser

PAPERS = ("A4", "Letter")
MAX_SHEETS = 3
# A routine's card: at most this many sheets (tests/browser/test_routine_print.py).
ROUTINE_MAX_SHEETS = 3
# Print type: body and safety text at least this size; smaller only in what cites sources
# (and the address beside the QR code), as NHS leaflets print their references.
BODY_PT = 11
SMALL_PRINT = [".mdx-sources", ".mdx-callout__source", ".mdx-dose__sources", ".mdx-ideas", ".mdx-print-qr"]
# The printed title's size, from print.css: the yardstick for reading sizes off the PDF.
TITLE_PT = float(re.search(r"\.md-typeset h1 \{[^}]*?font-size: ([\d.]+)pt",
                           (ROOT / "overrides/components/print/print.css").read_text(encoding="utf-8"))[1])
ARTIFACTS = ROOT / "test-artifacts" / "print"
SITE_URL = configured_site_url()
# Site chrome that must not reach paper, as selectors (checked under print media)...
CHROME = [".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer", ".md-top", ".md-tags",
          "[data-md-component=palette]", ".mdx-print-button", ".mdx-timer__panel", "button", "input"]
# ...and as words (checked in the PDF's text).
CHROME_WORDS = ["Skip to content", "Print this page", "Back to top", "Table of contents", "Type to start searching",
                "Switch to dark mode", "Switch to light mode"]
# The text of an element as it prints (read under print media): without what is only for screen
# readers, or what print hides (display: none).
# In print media: the printed texts of the article set smaller than `body` points, outside
# the elements `small` names (what the browser is told; the PDF is read as well).
SMALL_TYPE = """(body, small) => {
  const found = [], walk = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.checkVisibility() || el.closest(small.join(','))) continue;
    const points = parseFloat(getComputedStyle(el).fontSize) * 0.75;
    if (points < body - 0.01) found.push(points + 'pt: ' + node.textContent.trim().slice(0, 40));
  }
  return found;
}"""
PRINTED_TEXT = """el => { const c = el.cloneNode(true), live = [...el.querySelectorAll('*')];
  const gone = [...c.querySelectorAll('*')].filter((n, i) => n.matches('.mdx-visually-hidden')
    || getComputedStyle(live[i]).display === 'none');
  gone.forEach(n => n.remove()); return c.textContent; }"""


# The Debian package each command-line tool comes in.
PACKAGES = {"pdfinfo": "poppler-utils", "pdftotext": "poppler-utils", "pdftoppm": "poppler-utils",
            "zbarimg": "zbar-tools"}


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        missing_tool(f"`{name}` (Debian package {PACKAGES[name]})")
    return path


def squash(text: str) -> str:
    """Text without any whitespace, or the bullets print.css puts between run-on list items:
    lines broken anywhere on paper still match."""
    return re.sub(r"[\s•]+", "", text)


def techniques() -> list[Page]:
    pages = [technique.load(path)[0] for path in technique.technique_files(ROOT / "docs")]
    assert pages, "no technique pages under docs/techniques/"
    return pages


# A word of `pdftotext -bbox`: its left edge, top and bottom.
_WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"')


class Printout:
    """One PDF: its sheets' text, and where their PNG renderings were saved."""

    def __init__(self, pdf: Path):
        self.pdf = pdf
        info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
        self.sheets = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
        width, height = (float(v) for v in re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
        self.width, self.height = width, height
        self.text = [self.read(n) for n in range(1, self.sheets + 1)]
        # Each sheet's left and right halves on their own: the two columns of a technique page.
        half = ["-W", str(int(width / 2)), "-H", str(int(height) + 1)]
        self.columns = [[self.read(n, "-x", "0", *half), self.read(n, "-x", str(int(width / 2)), *half)]
                        for n in range(1, self.sheets + 1)]
        subprocess.run([tool("pdftoppm"), "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=True)

    def read(self, sheet: int, *crop: str) -> str:
        # -raw: in the order drawn, and a hyphen at the end of a line is kept (an address
        # broken after "in-" must still read "in-a-sock").
        command = [tool("pdftotext"), "-raw", "-f", str(sheet), "-l", str(sheet), *crop, str(self.pdf), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    @property
    def all_text(self) -> str:
        return "\n".join(self.text)

    @functools.cached_property
    def words(self) -> list[list[tuple[float, float, float]]]:
        """Each sheet's words as (left, top, bottom), in points; read once, when first asked."""
        return [[(float(x), float(top), float(bottom)) for x, top, bottom in _WORD_BOX.findall(self.read(n, "-bbox"))]
                for n in range(1, self.sheets + 1)]

    def type_sizes(self) -> list[float]:
        """Each printed word's type size in points, read off the PDF: a word's box is as tall as
        its font's ascent and descent, so the title's words, printed at TITLE_PT (the tallest
        words of the first sheet), give the box-to-size ratio of the font the browser used."""
        ratio = max(bottom - top for _, top, bottom in self.words[0]) / TITLE_PT
        return [round((bottom - top) / ratio, 1) for sheet in self.words for _, top, bottom in sheet]

    def last_sheet_fill(self) -> tuple[float, float]:
        """How far down the last sheet each column's text goes (0 top, 1 bottom)."""
        words = self.words[-1]
        left = max([bottom for x, _, bottom in words if x < self.width / 2] or [0])
        right = max([bottom for x, _, bottom in words if x >= self.width / 2] or [0])
        return left / self.height, right / self.height


def load(page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response and response.ok, url
    # Every picture that prints has arrived. Others may never come: a session player's picture
    # is lazy, and far enough down the page Chromium does not fetch it; print hides it anyway.
    page.emulate_media(media="print")
    printed = "[...document.images].filter(i => i.checkVisibility())"
    try:
        page.wait_for_function(f"{printed}.every(i => i.complete && i.naturalWidth > 0)")
    except PlaywrightTimeout:
        waiting = page.evaluate(f"{printed}.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        raise AssertionError(f"{url}: pictures that never arrived: {waiting}") from None
    finally:
        page.emulate_media(media="screen")


@pytest.fixture(scope="module")
def artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@contextlib.contextmanager
def local_page(browser, site_url: str) -> Iterator:
    """A desktop-sized page that reaches the local site only: a request to any other host is
    stopped, and fails the test once the block ends."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    foreign: list[str] = []

    def route(route):
        if route.request.url.startswith((site_url, "data:", "blob:")):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"


@pytest.fixture(scope="module")
def printed(browser, site_url, artifacts):
    """Every technique page, loaded once: what its DOM shows in print, and its PDFs."""
    with local_page(browser, site_url) as page:
        return print_techniques(page, site_url, artifacts)


def print_techniques(page, site_url: str, artifacts: Path) -> dict:
    results = {}
    for doc in techniques():
        path = f"techniques/{doc.slug}/"
        load(page, site_url + path)
        page.emulate_media(media="print")
        dom = page.evaluate(f"""() => {{
          const printed = {PRINTED_TEXT};
          const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
            && getComputedStyle(el).visibility !== 'hidden';
          const qr = document.querySelector('.mdx-print-qr svg');
          return {{
            timers: [...document.querySelectorAll('.mdx-timer__sentence')].map(printed),
            headings: [...document.querySelectorAll('article .mdx-callout__heading')].map(printed),
            callouts: [...document.querySelectorAll('article .mdx-callout')].map(printed),
            shut: document.querySelectorAll('article details:not([open]) .mdx-callout').length,
            chrome: {json_list(CHROME)}.filter(s => [...document.querySelectorAll(s)].some(visible)),
            qr: qr && visible(qr) ? qr.getBoundingClientRect().width : 0,
            address: (document.querySelector('.mdx-print-qr__address') || {{}}).textContent,
            figure: [...document.querySelectorAll('.mdx-technique__figure img')].filter(visible).length,
            small: ({SMALL_TYPE})({BODY_PT}, {json_list(SMALL_PRINT)}),
          }};
        }}""")
        pdfs = {}
        for paper in PAPERS:
            pdf = artifacts / f"{doc.slug}-{paper}.pdf"
            page.pdf(path=str(pdf), format=paper, print_background=False)
            pdfs[paper] = Printout(pdf)
        page.emulate_media(media="screen")
        results[doc.slug] = {"doc": doc, "url": SITE_URL + path, "dom": dom, "pdf": pdfs}
    return results


def json_list(items: list[str]) -> str:
    return "[" + ", ".join(f"'{item}'" for item in items) + "]"


def each_printout(printed):
    for slug, result in printed.items():
        for paper, pdf in result["pdf"].items():
            yield f"{slug} ({paper})", result, pdf


def test_each_technique_prints_on_at_most_three_sheets_with_no_blank_sheet(printed):
    problems = []
    for where, _, pdf in each_printout(printed):
        if not 1 <= pdf.sheets <= MAX_SHEETS:
            problems.append(f"{where}: {pdf.sheets} sheets, at most {MAX_SHEETS}")
        problems += [f"{where}: sheet {n} is blank" for n, text in enumerate(pdf.text, 1) if not text.strip()]
    # For the people who write the pages: how much room is left.
    table = ["technique                         paper   sheets  last sheet filled (left, right column)"]
    table += [f"{slug:33} {paper:7} {pdf.sheets:6}  {pdf.last_sheet_fill()[0]:.0%}, {pdf.last_sheet_fill()[1]:.0%}"
              for slug, result in printed.items() for paper, pdf in result["pdf"].items()]
    (ARTIFACTS / "sheets.txt").write_text("\n".join(table) + "\n", encoding="utf-8")
    print("\n" + "\n".join(table))
    assert not problems, "\n".join(problems)
    # The renderings are there to look at.
    for _, _, pdf in each_printout(printed):
        pngs = sorted(pdf.pdf.parent.glob(pdf.pdf.stem + "-*.png"))
        assert len(pngs) == pdf.sheets, pngs


def test_body_and_safety_text_print_at_11_pt_or_more(printed):
    assert_type_sizes(each_printout(printed))


def assert_type_sizes(printouts) -> None:
    """What the browser is told (print media) and what reaches paper (read off the PDF): body
    and safety text at BODY_PT or more; smaller only in the small print of sources."""
    problems = []
    for where, result, pdf in printouts:
        problems += [f"{where}: {small}" for small in result["dom"]["small"]]
        sizes = pdf.type_sizes()
        body = max(set(sizes), key=sizes.count)
        share = sum(size >= BODY_PT - 0.2 for size in sizes) / len(sizes)
        print(f"{where}: body {body} pt, {share:.0%} of words at {BODY_PT} pt or more")
        if body < BODY_PT - 0.2 or share < 0.75:
            problems.append(f"{where}: body text {body} pt, {share:.0%} of the words at {BODY_PT} pt or more")
    assert not problems, "\n".join(problems)


def test_the_handout_has_title_durations_callouts_sources_and_dates(printed):
    problems = []
    for where, result, pdf in each_printout(printed):
        doc, dom, text = result["doc"], result["dom"], squash(pdf.all_text)
        wanted = {"title": [doc.meta["title"]], "summary": [doc.meta["summary"]],
                  "timer": dom["timers"], "callout heading": dom["headings"],
                  "source address": [s["url"] for s in doc.meta["sources"]],
                  "review date": ["Last reviewed", technique.say_date(doc.meta["last_reviewed"]),
                                  technique.say_date(doc.meta["review_due"])],
                  "section": ["When to get help", "Sources"]}
        problems += [f"{where}: {kind} {item!r} is not on paper"
                     for kind, items in wanted.items() for item in items if squash(item) not in text]
        if squash(doc.meta["title"]) not in squash(pdf.text[0]):
            problems.append(f"{where}: the title is not on the first sheet")
        if dom["figure"] != 1:
            problems.append(f"{where}: the illustration does not print")
    assert not problems, "\n".join(problems)
    # Not vacuous: the pages do have timers and get-help callouts to look for.
    assert any(r["dom"]["timers"] for r in printed.values())
    assert all(len(r["dom"]["headings"]) >= 3 for r in printed.values())


def test_every_callout_is_whole_on_one_sheet(printed):
    problems = []
    for where, result, pdf in each_printout(printed):
        columns = [squash(column) for sheet in pdf.columns for column in sheet]
        problems += [f"{where}: callout {squash(c)[:50]!r}… is split across sheets or columns"
                     for c in result["dom"]["callouts"] if not any(squash(c) in column for column in columns)]
    assert not problems, "\n".join(problems)


def test_every_callout_prints_in_full_those_of_before_you_start_too(printed):
    """On screen the lines of Before you start are closed, and a closed <details> prints nothing
    in Chromium: on paper every note is there, word for word, with its sources."""
    problems = []
    for where, result, pdf in each_printout(printed):
        text = squash(pdf.all_text)
        problems += [f"{where}: callout {squash(c)[:50]!r}… is not on paper in full"
                     for c in result["dom"]["callouts"] if squash(c) not in text]
    assert not problems, "\n".join(problems)
    # Not vacuous: the notes of the block were closed as the page was printed.
    assert all(result["dom"]["shut"] >= 3 for result in printed.values())


@pytest.mark.parametrize("javascript", [False, True], ids=["no-javascript", "no-beforeprint"])
def test_the_stylesheet_alone_prints_every_callout_in_full(browser, site_url, tmp_path, javascript):
    """Nothing opens the lines before printing (no scripts at all, or scripts but no
    `beforeprint` handler, where Material opens every <details>): the stylesheet alone prints them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    if javascript:  # runs first, so no other handler of the page hears the event
        context.add_init_script("addEventListener('beforeprint', e => e.stopImmediatePropagation(), true)")
    try:
        page = context.new_page()
        page.goto(site_url + f"techniques/{techniques()[0].slug}/", wait_until="networkidle")
        assert page.evaluate("document.documentElement.classList.contains('mdx-js')") == javascript
        page.emulate_media(media="print")
        callouts = page.evaluate(f"[...document.querySelectorAll('article .mdx-callout')].map({PRINTED_TEXT})")
        assert page.locator("article details:not([open]) .mdx-callout").count() >= 3
        pdf = tmp_path / "printed.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=False)
        text = squash(Printout(pdf).all_text)
        assert [squash(c)[:50] for c in callouts if squash(c) not in text] == []
        assert "Beforeyoustart" not in text and "Tapaline" not in text  # the block's own words stay on screen
    finally:
        context.close()


def test_the_page_address_and_its_qr_code_are_printed(printed):
    problems = []
    for where, result, pdf in each_printout(printed):
        if result["dom"]["address"] != result["url"]:
            problems.append(f"{where}: address {result['dom']['address']!r}, expected {result['url']!r}")
        if squash(result["url"]) not in squash(pdf.text[0]):
            problems.append(f"{where}: the address is not on the first sheet")
        if result["dom"]["qr"] < 70:  # CSS pixels: about 2 cm, big enough for a phone
            problems.append(f"{where}: the QR code is not printed at a size a phone can read")
    assert not problems, "\n".join(problems)


def scan_qr(pdf: Path, png: Path) -> list[str]:
    """What a phone reads from the QR code(s) on the first sheet of `pdf`."""
    # 150 dpi: about what a phone camera sees of a sheet held at reading distance.
    subprocess.run([tool("pdftoppm"), "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(png)], check=True)
    scan = subprocess.run([tool("zbarimg"), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{png}.png"],
                          capture_output=True, text=True)
    return scan.stdout.split()


def test_the_printed_qr_code_scans_to_the_page_address(printed, tmp_path):
    for where, result, pdf in each_printout(printed):
        read = scan_qr(pdf.pdf, tmp_path / f"{pdf.pdf.stem}-scan")
        assert read == [result["url"]], f"{where}: the QR code reads {read!r}"


def test_a_fork_prints_its_own_address_in_the_qr_code(browser, fork_site_dir, tmp_path):
    """Built as the deploy workflow builds any fork (SITE_URL from GitHub Pages, no slash at
    the end), the printed page points at that fork's page, and so do its canonical link and
    the sitemap."""
    slug = techniques()[0].slug
    address = f"{FORK_URL}/techniques/{slug}/"
    with serve(fork_site_dir) as local, local_page(browser, local) as page:
        load(page, local + f"techniques/{slug}/")
        assert page.locator("link[rel=canonical]").get_attribute("href") == address
        page.emulate_media(media="print")
        assert page.locator(".mdx-print-qr__address").inner_text() == address
        # The narrow column breaks the address after a "/", a "." or a hyphen, not inside a word.
        lines = page.evaluate("""() => {
          const range = document.createRange(), lines = [];
          const address = document.querySelector(".mdx-print-qr__address");
          const walk = document.createTreeWalker(address, NodeFilter.SHOW_TEXT);
          let top = null;
          for (let node; (node = walk.nextNode()); ) for (let i = 0; i < node.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const box = range.getClientRects()[0];
            if (top === null || Math.abs(box.top - top) > 2) lines.push(""), (top = box.top);
            lines[lines.length - 1] += node.data[i];
          }
          return lines;
        }""")
        assert "".join(lines) == address and len(lines) > 1
        assert all(line[-1] in "/.-" for line in lines[:-1]), lines
        pdf = tmp_path / "fork.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=False)
        sitemap = page.goto(local + "sitemap.xml").text()
    assert scan_qr(pdf, tmp_path / "fork-scan") == [address]
    assert squash(address) in squash(Printout(pdf).text[0])
    assert f"<loc>{address}</loc>" in sitemap


def test_no_site_chrome_reaches_paper(printed):
    problems = []
    for where, result, pdf in each_printout(printed):
        problems += [f"{where}: `{selector}` shows in print" for selector in result["dom"]["chrome"]]
        problems += [f"{where}: {word!r} is printed" for word in CHROME_WORDS if word in pdf.all_text]
        if re.search(r"^\s*Search\s*$", pdf.all_text, re.M):
            problems.append(f"{where}: the search box is printed")
    assert not problems, "\n".join(problems)


def test_only_source_addresses_are_written_out(printed):
    """Addresses are printed for the sources (and the page's own), not after every link."""
    problems = []
    for where, result, pdf in each_printout(printed):
        allowed = [squash(s["url"]) for s in result["doc"].meta["sources"]] + [squash(result["url"])]
        text = squash(pdf.all_text)
        for found in re.finditer(r"https?://", text):
            if not any(text.startswith(address, found.start()) for address in allowed):
                problems.append(f"{where}: {text[found.start():found.start() + 60]}… is printed")
    assert not problems, "\n".join(problems)


# ---- A page changed since its review ------------------------------------------------------


def test_a_page_changed_since_its_review_says_so_on_paper_and_still_fits(browser, tmp_path, artifacts):
    """Every page reviewed as it stands prints no warning; once a callout they all show changes in
    the registry, each says on paper that it changed since its review, on the first sheet, and
    still prints on its sheets, routines included (saved as test-artifacts/print/changed-*.png to look at)."""
    project = copy_project(tmp_path / "project")
    settings = read_settings(project / "mkdocs.yml")
    for found in review.pages(project / "docs"):
        record(found.path, project / "docs", settings, dt.date(2026, 12, 3))
    registry = project / "overrides" / "components" / "callout" / "registry.yml"
    for state, edit in (("reviewed", None), ("changed", ("    - the pain is very bad or getting worse\n",
                                                         "    - the pain is very bad, or it is getting worse\n"))):
        if edit:
            registry.write_text(registry.read_text().replace(*edit, 1))
        out = tmp_path / state
        result = build(project, out)
        assert result.returncode == 0, result.stdout + result.stderr
        # Technique pages and routines within their sheets.
        printed = [(f"techniques/{doc.slug}/", doc.slug, MAX_SHEETS) for doc in techniques()]
        printed += [(f"routines/{path.stem}/", path.stem, ROUTINE_MAX_SHEETS)
                    for path in routine.routine_files(ROOT / "docs")]
        with serve(out) as local, local_page(browser, local) as page:
            for address, slug, most in printed:
                load(page, local + address)
                page.emulate_media(media="print")
                for paper in PAPERS:
                    pdf = (artifacts if state == "changed" else tmp_path) / f"{state}-{slug}-{paper}.pdf"
                    page.pdf(path=str(pdf), format=paper, print_background=False)
                    printout = Printout(pdf)
                    where = f"{slug} ({paper}, {state})"
                    said = squash("This page has changed since its last review on 3 December 2026") \
                        in squash(printout.text[0])
                    assert said == (state == "changed"), where
                    assert printout.sheets <= most, f"{where}: {printout.sheets} sheets"
                page.emulate_media(media="screen")


# ---- Dark palette -------------------------------------------------------------------------


def mean_grey(pdf: Path, tmp_path: Path) -> float:
    """Mean brightness (0 black to 255 white) of the first sheet, rendered in grey."""
    out = tmp_path / "grey"
    subprocess.run([tool("pdftoppm"), "-gray", "-r", "20", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out)],
                   check=True)
    data = (tmp_path / "grey.pgm").read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    pixels = data[header.end():]
    return sum(pixels) / len(pixels)


def test_a_reader_in_the_dark_palette_prints_light(browser, site_url, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        load(page, site_url + f"techniques/{techniques()[0].slug}/")
        toggle = page.locator("label.md-header__button[for^='__palette']:visible").first
        for _ in range(2):  # the reader picks the dark palette with the toggle
            if page.locator("body").get_attribute("data-md-color-scheme") != "slate":
                toggle.click()
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        screen = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert screen != "rgb(255, 255, 255)", "the dark palette did not apply on screen"

        page.emulate_media(media="print")
        colours = page.evaluate("""() => {
          const css = s => getComputedStyle(document.querySelector(s));
          return { body: css('body').backgroundColor, text: css('.md-typeset').color, title: css('h1').color,
                   callout: css('.mdx-callout').color, border: css('.mdx-callout').borderLeftColor };
        }""")
        assert colours == {"body": "rgb(255, 255, 255)", "text": "rgb(0, 0, 0)", "title": "rgb(0, 0, 0)",
                           "callout": "rgb(0, 0, 0)", "border": "rgb(0, 0, 0)"}
        # On paper, even with "background graphics" ticked, the sheet is mostly white.
        pdf = tmp_path / "dark.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        assert mean_grey(pdf, tmp_path) > 200
    finally:
        context.close()


# ---- The "Print this page" button -----------------------------------------------------------


def test_print_button_is_a_real_button_that_prints_and_hides_in_print(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        load(page, site_url + f"techniques/{techniques()[0].slug}/")
        button = page.get_by_role("button", name="Print this page")
        assert button.count() == 1 and button.is_visible()
        assert button.evaluate("b => b.tagName + ' ' + b.type") == "BUTTON button"
        assert not [a for a in button.evaluate("b => b.getAttributeNames()") if a.startswith("on")]
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", page.content()), "an inline event handler"
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
        page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
        button.click()
        assert page.evaluate("window.__printed") == 1
        button.focus()  # and from the keyboard
        page.keyboard.press("Enter")
        assert page.evaluate("window.__printed") == 2

        page.emulate_media(media="print")
        assert not button.is_visible()
        page.emulate_media(media="screen")

        # What instant navigation does: Material swaps the content in and emits document$ again.
        # The place already mounted keeps its one button; a new place gets its own.
        page.evaluate("() => document$.next(document)")
        assert button.count() == 1
        page.evaluate("""() => {
          const article = document.querySelector('article');
          article.innerHTML = '<h1>Another page</h1><div class="mdx-print-button" data-mdx-print></div>';
          document$.next(document);
        }""")
        assert page.get_by_role("button", name="Print this page").count() == 1
        page.get_by_role("button", name="Print this page").click()
        assert page.evaluate("window.__printed") == 3
    finally:
        context.close()


def test_without_javascript_no_dead_print_button(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + f"techniques/{techniques()[0].slug}/")
        assert page.locator(".mdx-print-button").count() == 1
        assert page.get_by_role("button", name=re.compile("Print")).count() == 0
        assert not page.locator(".mdx-print-button").is_visible()
    finally:
        context.close()


# ---- The booklet ------------------------------------------------------------------------------


def booklet_pages() -> list[str]:
    """What the booklet should hold, worked out from docs/ as the booklet's own rule says."""
    every = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")]
    left_out = set(booklet.booklet_excludes(every))
    return sorted(p for p in every if p not in left_out)


def test_booklet_holds_every_technique_and_safety_each_on_a_new_sheet(watched_page, site_url, artifacts):
    page = watched_page
    # A reader follows the link in the menu (a full load: the booklet's script makes the contents).
    load(page, site_url + f"techniques/{techniques()[0].slug}/")
    page.locator(".md-sidebar--primary a[href$='booklet/']").first.click()
    page.wait_for_url("**/booklet/")
    page.wait_for_load_state("networkidle")
    page.locator("#print-page-toc li").first.wait_for()
    assert page.watch.foreign_requests == [] and page.watch.console_errors == []
    titles = [doc.meta["title"] for doc in techniques()]
    wanted = booklet_pages()
    assert "safety.md" in wanted and all(f"techniques/{d.slug}.md" in wanted for d in techniques())

    # One part per page, and nothing else (not the home page, not the contributor guide).
    parts = page.evaluate("[...document.querySelectorAll('#print-site-page section.print-page[id]')]"
                          ".filter(s => !s.classList.contains('md-section')).map(s => s.id)")
    assert sorted(parts) == sorted(p.removesuffix(".md").replace("/", "-") for p in wanted)
    contents = page.locator("#print-page-toc").inner_text()
    for title in [*titles, "Safety"]:
        assert title in contents, f"{title!r} is not in the table of contents"
    assert page.get_by_role("button", name="Print this booklet").is_visible()
    assert page.get_by_role("button", name="Print this page").count() == 0

    page.emulate_media(media="print")
    # The first page of a group (Techniques) breaks with its group's heading.
    breaks = page.evaluate("""() => [...document.querySelectorAll('#print-site-page section.print-page[id]')]
        .filter(s => s.id.startsWith('techniques-') || s.id === 'safety')
        .map(s => [s.id, s.previousElementSibling && s.previousElementSibling.tagName === 'H1'
                   && s.parentElement.matches('section.md-section') ? s.parentElement : s])
        .map(([id, s]) => [id, getComputedStyle(s).breakBefore])""")
    assert breaks and all(value == "page" for _, value in breaks), breaks

    # Each part: its title and first paragraph begin a sheet (under a group heading at most).
    starts = page.evaluate("""() => [...document.querySelectorAll('#print-site-page section.print-page[id]')]
        .filter(s => s.id.startsWith('techniques-') || s.id === 'safety')
        .map(s => [s.id, s.querySelector('h1').innerText, s.querySelector('p').innerText])""")
    pdf = artifacts / "booklet-A4.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    printout = Printout(pdf)
    assert all(text.strip() for text in printout.text), "a blank sheet in the booklet"
    assert "Contents" in printout.text[0]
    sheets = [squash(text) for text in printout.text]
    assert len(starts) == len(titles) + 1
    for part, title, first in starts:
        title, first = squash(title), squash(first)[:40]
        assert any(0 <= sheet.find(title) <= 12 and first in sheet for sheet in sheets), \
            f"{part} does not start a sheet of the booklet"
