"""Knotwork's own CSS and JS reach readers as one minified file of each kind."""

from __future__ import annotations

from macros import bundle

# Loaded on one page only, by overrides/main.html, so other pages do not carry its rules.
PAGE_ONLY = {"components/print/booklet.css"}


def test_every_component_stylesheet_and_script_is_in_a_bundle():
    theme = bundle.THEME
    on_disk = {p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.suffix in (".css", ".js")}
    bundled = {part for parts in bundle.PARTS.values() for part in parts}
    assert on_disk - PAGE_ONLY == bundled


def test_bundles_are_minified_and_keep_the_cascade_order():
    for name, parts in bundle.PARTS.items():
        text = bundle.bundle(name)
        sources = [(bundle.THEME / part).read_text() for part in parts]
        assert len(text) < sum(len(s) for s in sources) * 0.9
        assert "/*" not in text and "\n\n" not in text
    css = bundle.bundle("assets/knotwork.min.css")
    # Print rules come last, so they win over the components' screen rules.
    assert css.rindex("@media print") > css.index(".mdx-timer")
    assert css.index(".mdx-visually-hidden") < css.index(".mdx-callout")
