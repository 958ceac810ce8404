"""Benchmark: how far a reader on a phone (390 × 844, real Chromium) is from the first Start,
and from help. Prints a table; it is not a test and asserts nothing (the limits are tested in
tests/browser/test_before_you_start.py).

For every page of the built sitemap that has a timer:

- first visit: where the first Start is, in screens from the top (its top edge / 844), with
  the page as it loads; how high the page's safety is before it (the "Before you start" block,
  closed, or else the whole Safety section); and where the first-screen control leads a reader
  who taps it (to the timer's Start, or to the safety first);
- returning reader (after "I've read this" where the page has it): what one tap on the
  first-screen control does, and the Start's place as the page then loads;
- for every page: where the first visible `tel:` link of the emergency number is, in screens,
  and whether one tap from the first screen reaches it.

    .venv/bin/python tests/bench/screens.py                 # builds the site into a temporary folder
    .venv/bin/python tests/bench/screens.py --site site/    # a site already built
    .venv/bin/python tests/bench/screens.py --json out.json # the figures as JSON too
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(HERE)]
from bench import mkdocs_build, serve  # noqa: E402
from conftest import CHROMIUM_ARGS, chromium_path, configured_site_url, copy_project  # noqa: E402

PHONE = {"width": 390, "height": 844}
START = "[data-mdx-timer] [data-action=start]"

# In the page: the first Start that shows, the safety ahead of it, and the first visible
# tap-to-call link of the emergency number, each in screens from the top of the page.
MEASURE = """([start, emergency]) => {
  const screens = y => Math.round(100 * y / innerHeight) / 100;
  const top = el => el.getBoundingClientRect().top + scrollY;
  // Not hidden, not in a closed disclosure (checkVisibility knows both).
  const shown = el => el.checkVisibility();
  const button = [...document.querySelectorAll(start)].find(shown);
  const block = document.querySelector(".mdx-before");
  let safety = null;
  if (block) safety = block.getBoundingClientRect().height;
  else {
    const heading = document.getElementById("safety");
    if (heading) {
      let end = heading.nextElementSibling;
      while (end && end.tagName !== "H2") end = end.nextElementSibling;
      safety = (end ? top(end) : document.body.scrollHeight) - top(heading);
    }
  }
  const call = [...document.querySelectorAll("a[href^='tel:']")]
    .find(a => a.getAttribute("href") === "tel:" + emergency && shown(a));
  return {start: button ? screens(top(button)) : null,
          safety: safety === null || !button ? null : screens(safety),
          // From where the first-screen control leads a first-time reader, to the Start.
          path: block && button ? screens(top(button) - top(block)) : null,
          help: call ? screens(top(call)) : null};
}"""

# Where a tap on the first-screen control leaves the reader.
LANDED = """() => {
  const el = document.activeElement;
  if (el && el.matches("[data-action=start]")) return "Start";
  if (el && el.matches("[data-mdx-before]")) return "Before you start";
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target) return "nowhere";
  return target.matches("[data-mdx-timer]") ? "the timer (no focus)" : "#" + id;
}"""


def sitemap_paths(site: Path) -> list[str]:
    """Every page the sitemap lists, as a path from the site root."""
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    base = configured_site_url(ROOT)
    return [loc.removeprefix(base) for loc in re.findall(r"<loc>([^<]+)</loc>", text)]


def emergency_digits() -> str:
    """The emergency number's first phone number, from mkdocs.yml (never written here)."""
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as config:
        number = yaml_load(config)["extra"]["knotwork"]["emergency_number"]
    return re.search(r"\d{3,}", number)[0]


def first_screen_control(page):
    """The control on the first screen that leads to the timer (or to what comes before it)."""
    for selector in (".mdx-technique__start-link",):
        link = page.locator(selector)
        if link.count() and link.first.is_visible():
            box = link.first.bounding_box()
            if box and box["y"] + box["height"] <= PHONE["height"]:
                return link.first
    return None


def help_in_one_tap(page, digits: str) -> bool:
    """Whether the first screen has a "Get help now" control that shows a `tel:` link of the
    emergency number after one tap."""
    control = page.locator("[data-mdx-help] summary, .mdx-help__open").first
    if not control.count() or not control.is_visible():
        return False
    box = control.bounding_box()
    if not box or box["y"] + box["height"] > PHONE["height"]:
        return False
    control.click()
    call = page.locator(f"a[href='tel:{digits}']").first
    return call.count() > 0 and call.is_visible()


def measure(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    digits = emergency_digits()
    rows = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        for path in sitemap_paths(site):
            context = browser.new_context(viewport=PHONE, service_workers="block")
            page = context.new_page()
            page.goto(base + path, wait_until="load")
            first = page.evaluate(MEASURE, [START, digits])
            row = {"page": "/" + path, "first": first, "help_one_tap": help_in_one_tap(page, digits)}
            if first["start"] is not None:
                page.goto(base + path, wait_until="load")
                control = first_screen_control(page)
                row["first_tap"] = None
                if control:
                    control.click()
                    row["first_tap"] = page.evaluate(LANDED)
                # The returning reader: "I've read this", where the page has it, then a later visit.
                confirm = page.locator("[data-mdx-read]")
                if confirm.count():
                    confirm.first.click()
                page.goto(base + path, wait_until="load")
                row["returning"] = page.evaluate(MEASURE, [START, digits])
                control = first_screen_control(page)
                row["returning_tap"] = None
                if control:
                    control.click()
                    row["returning_tap"] = page.evaluate(LANDED)
            rows.append(row)
            context.close()
        browser.close()
    return rows


def print_table(rows: list[dict]) -> None:
    print("Screens from the top at 390 × 844 (top edge / 844); 'tap' = where one tap on the first-screen "
          "control leads")
    header = (f"{'page':<36}{'Start':>7}{'safety':>8}{'block→Start':>12}  {'first tap':<18}{'Start, back':>12}  "
              f"{'tap, back':<11}{'999':>6}  {'help in 1 tap':<13}")
    print(header)
    print("-" * len(header))
    for row in rows:
        first, back = row["first"], row.get("returning") or {}
        show = lambda v: "-" if v is None else f"{v:.2f}"  # noqa: E731
        print(f"{row['page']:<36}{show(first['start']):>7}{show(first['safety']):>8}{show(first.get('path')):>12}  "
              f"{row.get('first_tap') or '-':<18}{show(back.get('start')):>12}  {row.get('returning_tap') or '-':<11}"
              f"{show(first['help']):>6}  {'yes' if row['help_one_tap'] else 'no':<13}")
    print("Start = the first Start button; safety = the Before you start block (closed) or else the whole Safety "
          "section; block→Start = from the top of the block to the Start; 999 = the first tap-to-call link of the "
          "emergency number that shows with nothing tapped. In screens; 'back' = a returning reader.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if chromium_path() is None:
        sys.exit("Chromium is missing (apt-get install chromium).")
    with tempfile.TemporaryDirectory(prefix="knotwork-screens-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            mkdocs_build(copy_project(Path(tmp) / "project"), site)
        rows = measure(site)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
