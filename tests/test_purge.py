"""macros/output/purge.py: Material's stylesheet cut to what the pages and scripts use (the browser
test compares every page's styles with the whole stylesheet)."""

from __future__ import annotations

import pytest

from macros.core import disk_cache
from macros.output import purge

CSS = (":root{--md-used:red;--md-unread:url(\"data:image/svg+xml;charset=utf-8,<svg/>\");--md-chain:var(--md-used)}"
       ".md-a{color:var(--md-used)}.md-b,.md-a>.md-c{color:blue}.md-a:not(.md-gone){margin:0}"
       "@media screen{.md-gone{color:red}.md-a kbd{color:red}}"
       "@keyframes spin{to{transform:none}}@keyframes unused{to{opacity:0}}.md-a{animation:spin 1s}"
       ".tabbed-labels{display:flex}.md-tag--x{color:red}")


def test_only_what_a_page_or_a_script_can_use_stays():
    used = purge.Used(['<div class="md-a"><p class="md-c">'], ['el.classList.add("md-b");x=`md-tag--${y}`'])
    out = purge.purge(CSS, used)
    assert ".md-a{color:var(--md-used)}" in out and ".md-b,.md-a>.md-c{color:blue}" in out
    assert ".md-a:not(.md-gone){margin:0}" in out  # matches without .md-gone
    assert "@media screen" not in out  # both its rules went
    assert "--md-used:red" in out and "--md-unread" not in out and "--md-chain" not in out
    assert "@keyframes spin" in out and "unused" not in out
    assert ".md-tag--x" in out  # built from a prefix by the script


def test_a_feature_the_script_builds_only_on_a_marked_page_stays_only_with_the_marker():
    script = ['x("div",{class:"tabbed-labels"})']
    assert ".tabbed-labels" not in purge.purge(CSS, purge.Used(['<p class="md-a">'], script))
    assert ".tabbed-labels" in purge.purge(CSS, purge.Used(['<div class="tabbed-set md-a">'], script))


def test_rules_for_a_writing_direction_stay_only_where_a_page_writes_it_or_a_script_sets_it():
    css = '[dir=rtl] .md-a{x:1}[dir=ltr] .md-a{y:1}.md-a[dir="rtl" i]{z:1}.md-a{w:1}'
    reads = ['getAttribute("dir")==="rtl"']  # as Material's script does: reading sets nothing
    left_to_right = purge.purge(css, purge.Used(['<html dir="ltr"><p class="md-a" data-dir="rtl">'], reads))
    assert left_to_right == "[dir=ltr] .md-a{y:1}.md-a{w:1}"
    assert purge.purge(css, purge.Used(['<html dir="ltr"><p class="md-a"><bdo dir=RTL>'], reads)) == css
    for sets in ('e.setAttribute("dir", side)', "document.documentElement.dir = side"):
        assert purge.purge(css, purge.Used(['<html dir="ltr"><p class="md-a">'], [sets])) == css


def test_a_gated_feature_s_box_and_custom_properties_go_though_the_script_names_them_unless_a_page_has_its_marker():
    css = (":root>*{--md-mermaid-edge-color:red;--md-mermaid-node-color:var(--md-mermaid-edge-color);--md-used:red}"
           ".mermaid{margin:0}")
    script = ['s.getPropertyValue("--md-mermaid-node-color");s.getPropertyValue("--md-used");q(".mermaid")']
    assert purge.purge(css, purge.Used(['<p class="md-a">'], script)) == ":root>*{--md-used:red}"
    assert purge.purge(css, purge.Used(['<pre class="mermaid">'], script)) == css


def test_custom_properties_read_by_another_stylesheet_stay():
    used = purge.Used(['<p class="md-a">'], [], sheets=[".x{color:var(--md-unread)}"])
    assert "--md-unread" in purge.purge(CSS, used)


def test_a_cut_is_kept_between_builds_but_never_for_other_pages_another_stylesheet_or_code(tmp_path, monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "cache"
    sheet = site / "assets" / "stylesheets" / "main.x.min.css"
    sheet.parent.mkdir(parents=True)
    (site / "index.html").write_text('<div class="md-a">', encoding="utf-8")

    def build(css: str = CSS) -> str:
        """The stylesheet as a build copies it, then cut."""
        sheet.write_text(css, encoding="utf-8")
        purge.write(site)
        return sheet.read_text(encoding="utf-8")

    def never(css, used):
        raise AssertionError("cut again")

    monkeypatch.setattr(disk_cache, "folder", cache)
    first = build()
    assert first == purge.purge(CSS, purge.used_by_site(site)) and len(list(cache.rglob("*.txt"))) == 1
    monkeypatch.setattr(purge, "purge", never)
    assert build() == first  # the next build, nothing changed: the kept cut
    (site / "more.html").write_text('<p class="md-b">', encoding="utf-8")  # a page uses one more class
    with pytest.raises(AssertionError, match="cut again"):
        build()
    (site / "more.html").unlink()
    with pytest.raises(AssertionError, match="cut again"):  # another Material
        build(CSS + ".md-a{padding:0}")
    monkeypatch.setattr(disk_cache, "fingerprint", lambda module: "changed code")
    with pytest.raises(AssertionError, match="cut again"):  # the cutting code changed
        build()
