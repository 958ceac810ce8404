"""Knotwork's own CSS and JS reach readers as one minified file of each kind."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
import rjsmin
from calmjs.parse import es5

from macros.core import disk_cache
from macros.output import bundle, offline

# Loaded on one page only, by overrides/main.html, so other pages do not carry its rules.
PAGE_ONLY = {"components/print/booklet.css"}


def test_every_component_stylesheet_and_script_is_in_a_bundle():
    theme = bundle.THEME
    on_disk = {p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.suffix in (".css", ".js")}
    bundled = {part for parts in bundle.PARTS.values() for part in parts}
    # The offline worker is written by macros/output/offline.py, as /sw.js.
    assert on_disk - PAGE_ONLY - {offline.SOURCE} == bundled


def test_search_is_held_back_by_a_script_that_runs_before_materials_bundle(site_dir):
    pages = [p for p in site_dir.rglob("*.html") if "components" not in p.parts]
    assert len(pages) > 5 and {"404.html", "booklet"} <= {p.name for p in pages} | {p.parent.name for p in pages}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count("assets/knotwork-search.min.js") == 1, page
        assert html.index("assets/knotwork-search.min.js") < html.index("assets/javascripts/bundle."), page



def test_the_session_players_script_and_styles_reach_only_the_pages_that_show_a_player(site_dir):
    pages = {p.relative_to(site_dir).parent.as_posix(): p.read_text(encoding="utf-8")
             for p in site_dir.rglob("index.html") if "components" not in p.parts}
    players = {path for path, html in pages.items() if 'class="mdx-timer mdx-timer--player' in html}
    assert {"routines/desk-break", "routines/upper-back-reset"} <= players
    for path, html in pages.items():
        assert html.count("components/timer/player.min.js") == (path in players), path
        if path.startswith("techniques/"):
            assert "routine.min.css" not in html and "mdx-timer--player" not in html, path
        elif path in players:
            assert "components/routine/routine.min.css" in html, path
    # Every page has a single timer's engine, which plays a player too: not the player's own part.
    engine = (site_dir / "assets" / "knotwork.min.js").read_text(encoding="utf-8")
    assert "window.mdxPlayer" in engine and "of this step" not in engine
    assert ".mdx-timer__coming" not in (site_dir / "assets" / "knotwork.min.css").read_text(encoding="utf-8")

# ---- Each page's HTML, without the templates' indentation -----------------------------------

def test_squeeze_cuts_indentation_and_blank_lines_to_one_line_break():
    html = '<div>\n    <p>One\n      two</p>\n\n\n    <a href="#x">three</a>  \n</div>'
    assert bundle.squeeze(html) == '<div>\n<p>One\ntwo</p>\n<a href="#x">three</a>\n</div>'


def test_squeeze_keeps_what_shows_whitespace_as_written():
    kept = ['<pre><code>a\n    b\n\n  c</code></pre>', '<textarea>\n  x\n</textarea>', '<code>a\n  b</code>',
            '<kbd>Ctrl\n  C</kbd>', '<script>\n  if (a) {\n    b()\n  }\n</script>', '<style>\n  p { }\n</style>',
            '<PRE class="x">\n  y\n</PRE>']
    for element in kept:
        assert bundle.squeeze(f"<div>\n  {element}\n  </div>") == f"<div>\n{element}\n</div>"


def test_squeeze_leaves_spaces_within_a_line_and_changes_no_text():
    html = "<p>A  line with  spaces</p>\t<p>and\ta tab</p>"
    assert bundle.squeeze(html) == html


def test_built_pages_the_booklet_and_the_404_page_are_squeezed(site_dir):
    pages = [p for p in site_dir.rglob("*.html") if "components" not in p.parts]
    assert len(pages) > 5 and any(p.parent.name == "booklet" for p in pages) and (site_dir / "404.html") in pages
    for page in pages:
        outside = bundle.KEEP.sub("<kept>", page.read_text(encoding="utf-8"))
        assert not re.search(r"\n[ \t]|\n\n", outside), page


# ---- Material's palette stylesheet, cut to the site's colours -------------------------------

MATERIAL = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
COLOUR = re.compile(r"data-md-color-(?:primary|accent)=([a-z-]+)")


def material_palette() -> str:
    (sheet,) = MATERIAL.glob("palette.*.min.css")
    return sheet.read_text(encoding="utf-8")


def test_palette_colours_are_read_as_material_writes_them():
    assert bundle.palette_colours([{"primary": "indigo", "accent": "deep purple"}, {"scheme": "slate"}]) == {
        "indigo", "deep-purple"}
    assert bundle.palette_colours(None) == {"indigo"}
    assert bundle.palette_colours({"primary": "Teal", "accent": "amber"}) == {"teal", "amber"}


def test_trim_palette_keeps_the_schemes_and_the_site_colours_only():
    css = material_palette()
    assert {"indigo", "pink", "teal"} <= set(COLOUR.findall(css))
    for colours in ({"indigo"}, {"teal", "amber"}):
        trimmed = bundle.trim_palette(css, colours)
        assert set(COLOUR.findall(trimmed)) == colours
        assert len(trimmed) < len(css) / 2
        # The dark scheme and the rules that name no colour stay, whole and in order.
        assert "[data-md-color-scheme=slate]{color-scheme:dark" in trimmed
        assert trimmed.count("{") == trimmed.count("}")
        no_colour = [rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", css) if not COLOUR.search(rule)]
        assert all(rule in trimmed for rule in no_colour)


def test_trim_palette_takes_selectors_apart_and_leaves_other_css_alone():
    css = ('@media screen{[data-md-color-primary=red],.a:is(.b,.c){color:red}}'
           '[data-md-color-accent=red] .x,[data-md-color-accent=indigo] .x{content:"}{,"}'
           '@media print{[data-md-color-primary=red]{color:red}}')
    assert bundle.trim_palette(css, {"indigo"}) == (
        '@media screen{.a:is(.b,.c){color:red}}[data-md-color-accent=indigo] .x{content:"}{,"}')
    (main,) = MATERIAL.glob("main.*.min.css")
    text = main.read_text(encoding="utf-8")
    assert bundle.trim_palette(text, {"indigo"}) == text  # no colour rules: not one byte changed


def test_the_built_palette_has_the_configured_colours_only(site_dir):
    (sheet,) = (site_dir / "assets" / "stylesheets").glob("palette.*.min.css")
    assert set(COLOUR.findall(sheet.read_text(encoding="utf-8"))) == {"indigo"}


def test_a_script_keeps_its_top_level_names_and_strings_and_shortens_the_rest(monkeypatch):
    monkeypatch.setattr(disk_cache, "folder", None)
    source = ('var VERSION = "@VERSION@";\n(function () {\n  "use strict";\n  var readerName = "x";\n'
              '  window.mdxThing = function (longArgument) { return readerName + longArgument; };\n})();\n')
    small = bundle.script(source)
    assert 'var VERSION="@VERSION@"' in small and "window.mdxThing" in small and '"use strict"' in small
    assert "readerName" not in small and "longArgument" not in small
    assert len(small) < len(rjsmin.jsmin(source))


def test_a_script_in_later_syntax_loses_only_its_spaces(monkeypatch):
    monkeypatch.setattr(disk_cache, "folder", None)
    source = "const twice = (value) => value * 2;  // an arrow: not ES5\n"
    assert bundle.script(source) == rjsmin.jsmin(source)


def test_a_shortened_script_is_kept_between_builds_and_made_again_when_it_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(disk_cache, "folder", tmp_path)
    made = []
    shorten = bundle._shortened
    monkeypatch.setattr(bundle, "_shortened", lambda source: made.append(source) or shorten(source))
    first = bundle.script("(function () { var kept = 1; window.seen = kept; })();")
    assert bundle.script("(function () { var kept = 1; window.seen = kept; })();") == first
    assert "window.seen=" in bundle.script("(function () { var kept = 2; window.seen = kept; })();")
    assert len(made) == 2


@pytest.mark.parametrize("part", sorted({p for parts in bundle.PARTS.values() for p in parts if p.endswith(".js")}
                                        | {offline.SOURCE}))
def test_every_script_of_the_site_is_read_as_es5_so_its_names_are_shortened(part):
    """A script in later syntax (=>, let, const, class, `…`) would reach readers with its long
    names: write ES5, as the others are written."""
    es5((bundle.THEME / part).read_text(encoding="utf-8"))
